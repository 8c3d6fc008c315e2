"""Pickers that search as you type: a source or a member, found by a few letters.

A page never lists a whole table in a <select>: the widget holds the chosen id and shows
its label; the browser asks `lookup_sources` / `lookup_members` for at most LIMIT matches.
"""

import re
from collections.abc import Callable

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy

from sources.models import Source

LIMIT = 20
MEMBER_GROUPS = ["analyst", "reviewer"]


def find_sources(q: str, *, exclude: int | None = None) -> list[dict]:
    """Return up to LIMIT sources whose title, outlet or URL holds q (or whose id is q)."""
    sources = Source.objects.listed().select_related("outlet").only("id", "title", "outlet__name")
    q = q.strip()
    if q:
        match = Q(title__icontains=q) | Q(outlet__name__icontains=q) | Q(url__icontains=q)
        sources = sources.filter(match | Q(pk=int(q)) if q.isdigit() else match)
    if exclude:
        sources = sources.exclude(pk=exclude)
    return [
        {"id": s.pk, "label": source_label(s)}
        for s in sources.order_by("-created_at", "-id")[:LIMIT]
    ]


def source_label(source: Source) -> str:
    """Return how a picker names a source: its title, with its outlet and id."""
    outlet = f" ({source.outlet.name})" if source.outlet_id and source.outlet else ""
    return f"{source.title}{outlet} #{source.pk}"


def members() -> QuerySet:
    """Return the desk's active members."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(groups__name__in=MEMBER_GROUPS) | Q(is_superuser=True)).distinct()


def find_members(q: str) -> list[dict]:
    """Return up to LIMIT members whose username or name holds q."""
    users = members()
    if q := q.strip():
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    return [
        {"id": pk, "label": username}
        for pk, username in users.order_by("username").values_list("pk", "username")[:LIMIT]
    ]


def resolve_source(text: str) -> str:
    """Return the id of the one source text names ("... #12", a unique match), else ""."""
    if match := re.search(r"#(\d+)\s*$", text):
        return match.group(1)
    found = find_sources(text)
    exact = [s for s in found if s["label"].lower().startswith(text.strip().lower())]
    if len(found) == 1 or len(exact) == 1:
        return str((found if len(found) == 1 else exact)[0]["id"])
    return ""


def resolve_member(text: str) -> str:
    """Return the id of the member whose username text is, else ""."""
    user = members().filter(username__iexact=text.strip()).values_list("pk", flat=True).first()
    return "" if user is None else str(user)


def _source_label(value: str) -> str:
    source = Source.objects.select_related("outlet").filter(pk=value).first()
    return source_label(source) if source else ""


def _member_label(value: str) -> str:
    user = get_user_model().objects.filter(pk=value).only("username").first()
    return user.get_username() if user else ""


class LookupInput(forms.Widget):
    """A search box that picks one record by id: the id is submitted, its label shown."""

    template_name = "includes/lookup_widget.html"

    def __init__(
        self,
        url: str,
        label_for: Callable[[str], str],
        resolve: Callable[[str], str],
        attrs=None,
    ) -> None:
        super().__init__(attrs)
        self.url, self.label_for, self.resolve = url, label_for, resolve

    def value_from_datadict(self, data, files, name: str) -> str | None:
        # The script sets the id; without it (no script, or words typed but no match picked)
        # the words typed name the record when they name exactly one.
        value = data.get(name)
        if value:
            return value
        text = (data.get(f"{name}_search") or "").strip()
        if text:
            return self.resolve(text) or text
        return value

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return name not in data and f"{name}_search" not in data

    def get_context(self, name: str, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"]
        context["widget"]["url"] = self.url
        # One query for the chosen record's label, whatever the size of the table.
        context["widget"]["label"] = self.label_for(value) if str(value or "").isdigit() else ""
        return context

    def format_value(self, value) -> str:
        return "" if value is None else str(getattr(value, "pk", value))


def source_picker() -> LookupInput:
    """Return a picker of sources."""
    return LookupInput(reverse_lazy("lookup-sources"), _source_label, resolve_source)


def member_picker() -> LookupInput:
    """Return a picker of desk members."""
    return LookupInput(reverse_lazy("lookup-members"), _member_label, resolve_member)
