"""Acting on many claims at once from the claim list and the reader's candidate list."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from claims import workflow
from claims.access import claims_visible_to, is_analyst, member_required
from claims.lookups import member_picker, members
from claims.views.posting import post_only
from claims.workflow.bulk import TAG_LENGTH

PREFIX = "bulk"
REFUSALS_SHOWN = 20  # the summary names this many refused claims, and counts the rest
# Offered when dismissing candidates, one at a time in the reader or many at once.
DISMISS_REASONS = [
    "Not a checkable claim",
    "Duplicate of another claim",
    "Opinion, not fact",
    "Out of scope",
]
NO_REASON = "Give a reason for dismissing them."
# The list the summary goes back to shows each claim as it now stands.
STALE = (
    "Someone changed it after the list was loaded. It is shown as it now stands: check it, "
    "then select it again."
)
DONE = {
    "accept": "accepted",
    "dismiss": "dismissed",
    "start": "started",
    "assign": "assigned",
    "tag": "tagged",
}


class BulkForm(forms.Form):
    """What to do to the selected claims; the claims are the checked `ids` beside it."""

    action = forms.ChoiceField(
        label="With the selected",
        choices=[("", "Choose an action…"), *workflow.BULK_ACTIONS.items()],
    )
    # The reasons a single dismiss offers; bulk.js marks the list required when dismissing.
    comment = forms.ChoiceField(
        label="Reason (to dismiss)",
        required=False,
        choices=[("", "Choose a reason…"), *((reason, reason) for reason in DISMISS_REASONS)],
        widget=forms.Select(attrs={"data-missing": NO_REASON}),
    )
    assignee = forms.ModelChoiceField(
        label="Analyst (to assign)", queryset=members(), required=False, widget=member_picker()
    )
    tags = forms.CharField(
        label="Tags (to add)",
        required=False,
        max_length=workflow.bulk.MAX_TAGS * (TAG_LENGTH + 2),
        widget=forms.TextInput(attrs={"placeholder": "e.g. CAR, Wagner"}),
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix=PREFIX, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", "Choose the analyst to assign them to.")
        # A reason off the list is already refused by its field.
        if data.get("action") == "dismiss" and data.get("comment") == "":
            self.add_error("comment", NO_REASON)
        return data


def bulk_context(request: HttpRequest) -> dict:
    """Return what a list page needs to show its bulk form (to analysts only)."""
    if not is_analyst(request.user):
        return {"bulk_form": None}
    form = BulkForm(initial={"next": request.get_full_path()})
    return {"bulk_form": form, "dismiss_reasons": DISMISS_REASONS}


@member_required
@post_only("claim-list")
def claim_bulk(request: HttpRequest) -> HttpResponse:
    """Apply one workflow action to the checked claims, then say which were refused and why."""
    if not is_analyst(request.user):
        raise PermissionDenied("Only analysts may change claims.")
    form = BulkForm(request.POST)
    ids = request.POST.getlist("ids")
    versions = {
        key.removeprefix("version-"): value
        for key, value in request.POST.items()
        if key.startswith("version-")
    }
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = workflow.bulk_action(
                ids,
                data["action"],
                actor=request.user,
                versions=versions,
                comment=data["comment"],
                assignee=data["assignee"],
                tags=data["tags"] if data["action"] == "tag" else (),
            )
        except workflow.WorkflowError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            _summarise(request, result)
            return redirect(_back_to(request, data["next"]))
    return _refused_form(request, form, ids, versions)


def _summarise(request: HttpRequest, result: workflow.BulkResult) -> None:
    done, unchanged, refused = len(result.done), len(result.unchanged), result.refused
    what = DONE[result.action]
    if done:
        messages.success(request, f"{done} claim{'s' if done != 1 else ''} {what}.")
    if unchanged:
        messages.info(request, f"{unchanged} claim{'s' if unchanged != 1 else ''} already so.")
    if refused:
        messages.error(
            request,
            f"{len(refused)} claim{'s' if len(refused) != 1 else ''} not {what}:",
        )
    for refusal in refused[:REFUSALS_SHOWN]:
        reason = STALE if refusal.problem == "stale" else refusal.reason
        messages.error(request, f"#{refusal.id}: {reason}")
    if len(refused) > REFUSALS_SHOWN:
        messages.error(request, f"… and {len(refused) - REFUSALS_SHOWN} more.")


def _back_to(request: HttpRequest, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("claim-list")


def _refused_form(
    request: HttpRequest, form: BulkForm, ids: list[str], versions: dict[str, str]
) -> HttpResponse:
    """Show the form again with its errors beside the fields, the selection kept."""
    picked = [int(i) for i in ids if i.isdigit()][: workflow.MAX_IDS]
    claims = claims_visible_to(request.user).filter(pk__in=picked).only("id", "quote", "version")
    rows = [
        {"claim": claim, "version": versions.get(str(claim.pk), claim.version)}
        for claim in claims.order_by("id")
    ]
    return render(
        request,
        "claims/bulk.html",
        {
            "form": form,
            "rows": rows,
            "n_picked": len(ids),
            "back": _back_to(request, request.POST.get(f"{PREFIX}-next", "")),
        },
        status=400,
    )
