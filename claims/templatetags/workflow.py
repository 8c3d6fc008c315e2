"""`{% workflow_panel claim %}`: the actions the user may take on a claim, and its timeline."""

from typing import Any

from django import template
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist

from claims import workflow
from claims.models import Claim, ClaimEvent
from claims.views.refusals import refusal_for

register = template.Library()

# Fields whose old and new values the timeline spells out; others are only named.
SHOWN_CHANGES = {
    "status",
    "rating",
    "rationale",
    "assignee_id",
    "correction_note",
    "statement",
    "start",
    "end",
}
# Names the timeline gives fields whose own verbose name would not say what they hold.
FIELD_NAMES = {
    "value_low": "lower bound",
    "value_high": "upper bound",
    "quantity_text": "quantity as written",
    "start": "span start",
    "end": "span end",
}
# The reopen reason becomes the public correction note, so the label says it is published.
COMMENT_LABELS = {
    "dismiss": "Reason",
    "reopen": "Public correction note (published with the corrected verdict)",
}


@register.inclusion_tag("claims/_workflow_panel.html", takes_context=True)
def workflow_panel(context: template.Context, claim: Claim, draft_form: str = "") -> dict[str, Any]:
    """Render the workflow buttons the user may use on the claim, then its event timeline.

    `draft_form` is the id of the page's draft form, when it has one: Submit then sends that
    form, so the rating and rationale are typed in one place only.
    """
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    actions = []
    for name, transition in workflow.ACTIONS.items():
        if claim.status not in transition.sources:
            continue
        actions.append(
            {
                "name": name,
                "label": name.replace("_", " ").capitalize(),
                "refusal": workflow.refusal_reason(claim, user, name),
                "needs_comment": transition.needs_comment,
                "comment_label": COMMENT_LABELS.get(name, "Comment"),
                "asks_verdict": name == "submit",
            }
        )
    refused = refusal_for(request, claim.pk)
    for action in actions:
        action["refused"] = refused if refused and refused["action"] == action["name"] else None
    events = list(claim.events.select_related("actor").order_by("created_at", "id"))
    return {
        "claim": claim,
        "actions": actions,
        "ratings": Claim.Rating.choices,
        "timeline": _timeline(events),
        # After a refused form (a POST re-rendering the page) come back to the claim itself.
        "next": request.get_full_path()
        if request is not None and request.method == "GET"
        else claim.get_absolute_url(),
        "csrf_token": context.get("csrf_token"),
        "draft_form": draft_form,
        "draft_comment": _typed_comment(context.get("edit_form")) if draft_form else "",
    }


def _typed_comment(form) -> str:
    """Return the submission comment typed in a draft form sent back refused."""
    if form is None or not form.is_bound:
        return ""
    return form["comment"].value() or ""


def field_name(field: str) -> str:
    """Return a changed field's name in words: "upper bound", "attribution status"."""
    if field in FIELD_NAMES:
        return FIELD_NAMES[field]
    try:
        named = getattr(Claim._meta.get_field(field.removesuffix("_id")), "verbose_name", None)
    except FieldDoesNotExist:
        named = None  # not a column: "evidence", "verdict"
    return str(named or field.removesuffix("_id").replace("_", " "))


def _timeline(events: list[ClaimEvent]) -> list[dict[str, Any]]:
    """Return the events with their changes spelled out for reading, in one extra query."""
    user_ids = {
        value
        for event in events
        for value in (event.changes or {}).get("assignee_id", [])
        if isinstance(value, int)
    }
    names = (
        dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
        if user_ids
        else {}
    )
    ratings = dict(Claim.Rating.choices)
    statuses = dict(Claim.Status.choices)

    def show(field: str, value: Any) -> str:
        if value in (None, "", []):
            return "—"
        if field == "assignee_id":
            return names.get(value, f"user #{value}")
        if field == "rating":
            return ratings.get(value, value)
        if field == "status":
            return statuses.get(value, value)
        return str(value)

    rows = []
    for event in events:
        changes = dict(event.changes or {})
        earlier = changes.pop("verdict", None)
        shown = [
            {
                "field": field_name(field),
                "old": show(field, pair[0]),
                "new": show(field, pair[1]),
            }
            for field, pair in changes.items()
            if field in SHOWN_CHANGES
            and field != "status"
            and isinstance(pair, list)
            and len(pair) == 2
        ]
        other = [field_name(f) for f in sorted(changes) if f not in SHOWN_CHANGES]
        earlier_verdict = None
        if isinstance(earlier, list) and earlier and isinstance(earlier[0], dict):
            earlier_verdict = {
                "rating": show("rating", earlier[0].get("rating")),
                "rationale": earlier[0].get("rationale") or "",
            }
        rows.append(
            {
                "event": event,
                "label": event.action.replace("_", " "),
                "from_status": statuses.get(event.from_status, event.from_status),
                "to_status": statuses.get(event.to_status, event.to_status),
                "moved": event.from_status != event.to_status,
                "changes": shown,
                "other_fields": other,
                "earlier_verdict": earlier_verdict,
            }
        )
    return rows
