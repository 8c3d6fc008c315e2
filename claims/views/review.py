"""Views of the verdict workflow: the reviewer's queue, my work, and applying an action."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from claims import counting, workflow
from claims.access import claims_visible_to, get_claim_for, member_required
from claims.filters import ClaimFilter
from claims.models import Claim, ClaimEvent, Evidence
from claims.publishing.claimreview import public_path
from claims.publishing.validation import review_findings, with_future_review
from claims.views.posting import post_only
from claims.views.refusals import keep_refusal, refusal_for, stale_message

Status = Claim.Status
QUEUE_PAGE_SIZE = 20
MY_WORK_PAGE_SIZE = 50
# The order "my work" lists statuses in: what needs the analyst's hand first.
MY_WORK_STATUS_ORDER = [
    Status.IN_RESEARCH,
    Status.OPEN,
    Status.IN_REVIEW,
    Status.APPROVED,
    Status.CANDIDATE,
    Status.DISMISSED,
]


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in workflow.ACTIONS])
    version = forms.IntegerField(min_value=1)
    comment = forms.CharField(required=False, max_length=5000)
    rating = forms.ChoiceField(
        required=False, choices=[("", "Not rated yet"), *Claim.Rating.choices]
    )
    rationale = forms.CharField(required=False, max_length=20000)
    next = forms.CharField(required=False, max_length=2000)


def _paginate(request: HttpRequest, queryset: QuerySet, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@member_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Show the claims waiting for review, oldest submission first."""
    # The claim list's own filters, of which the queue offers a few, on claims in review.
    params = request.GET.copy()
    params.setlist("status", [Status.IN_REVIEW])
    filters = ClaimFilter(params, queryset=claims_visible_to(request.user))
    claims = (
        with_future_review(filters.qs)
        .select_related("source__outlet", "submitted_by", "assignee")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("source__outlet").order_by("stance", "id"),
                to_attr="evidence_list",
            )
        )
        .order_by("submitted_at", "id")
    )
    list_count = counting.count_claims(filters)
    paginator = counting.CountedPaginator(claims, QUEUE_PAGE_SIZE, count=list_count)
    page = paginator.get_page(request.GET.get("page"))
    authors = workflow.round_authors(claim.pk for claim in page.object_list)
    rows = [
        _queue_row(claim, request.user, authors[claim.pk], refusal_for(request, claim.pk))
        for claim in page.object_list
    ]
    return render(
        request,
        "claims/review_queue.html",
        {
            "page": page,
            "list_count": list_count,
            "rows": rows,
            "filters": filters.form,
        },
    )


def _queue_row(claim: Claim, user, authors: set[int], refused: dict | None) -> dict:
    """Return what the queue shows for one claim: may this user approve or send it back, and
    what its ClaimReview would lack (approval is refused while a required member is missing).

    `authors` wrote its verdict or content this round; `refused` is the claim's action form
    refused just before, to show again as it was sent.
    """
    findings = review_findings(claim)
    missing = next((f for f in findings if f.required), None)
    return {
        "claim": claim,
        "findings": findings,
        "refused": refused,
        "approve_refusal": workflow.refusal_reason(claim, user, "approve", authors=authors)
        or (f"Cannot publish: {missing}" if missing else None),
        "request_changes_refusal": workflow.refusal_reason(claim, user, "request_changes"),
    }


def _latest_move() -> QuerySet[ClaimEvent]:
    """Return the claim's latest status-changing event, for use as a subquery."""
    return ClaimEvent.objects.filter(
        claim=OuterRef("pk"), action__in=list(workflow.ACTIONS)
    ).order_by("-created_at", "-id")


@member_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """Show the claims assigned to the user, those sent back first with the reviewer's comment."""
    status_rank = Case(
        *[When(status=s, then=Value(i)) for i, s in enumerate(MY_WORK_STATUS_ORDER)],
        default=Value(len(MY_WORK_STATUS_ORDER)),
        output_field=IntegerField(),
    )
    claims = (
        claims_visible_to(request.user)
        .filter(assignee=request.user)
        .select_related("source", "reviewed_by")
        .annotate(
            last_move=Subquery(_latest_move().values("action")[:1]),
            last_move_comment=Subquery(_latest_move().values("comment")[:1]),
        )
        .annotate(
            sent_back=Case(
                When(status=Status.IN_RESEARCH, last_move="request_changes", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            status_rank=status_rank,
        )
        .order_by("sent_back", "status_rank", "-updated_at", "id")
    )
    page = _paginate(request, claims, MY_WORK_PAGE_SIZE)
    sent_back = [c for c in page.object_list if c.sent_back == 0]
    others = [c for c in page.object_list if c.sent_back != 0]
    return render(
        request,
        "claims/my_work.html",
        {"page": page, "sent_back": sent_back, "others": others},
    )


def _back_to(request: HttpRequest, next_url: str, claim_pk: int) -> str:
    """Return where to send the user after a transition: the page the form was on."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    try:
        return reverse("claim-detail", args=[claim_pk])
    except NoReverseMatch:
        return reverse("review-queue")


@login_required
@post_only("claim-detail")
def claim_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply one workflow action to a claim and go back where the form was."""
    claim = get_claim_for(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        back = _back_to(request, request.POST.get("next", ""), claim.pk)
        field, errors = next(iter(form.errors.items()))
        keep_refusal(
            request,
            claim.pk,
            request.POST.get("action", ""),
            request.POST,
            field=field,
            message=" ".join(errors),
            shown_at=back,
        )
        return redirect(back)
    data = form.cleaned_data
    action = data["action"]
    try:
        workflow.apply_action(
            claim.pk,
            action,
            actor=request.user,
            version=data["version"],
            comment=data["comment"],
            rating=data["rating"] or None,
            rationale=data["rationale"] or None,
        )
    except workflow.WorkflowError as exc:
        if isinstance(exc, workflow.StaleVersion):
            # The panel comes back with the new version and what was typed in it.
            exc.message = stale_message(claim.pk, action.replace("_", " ").capitalize())
            messages.error(request, exc.message)
        else:
            prefix = f"{exc.field}: " if exc.field and exc.field not in {"action", "claim"} else ""
            messages.error(request, f"Claim #{claim.pk} was not changed. {prefix}{exc.message}")
        # The form comes back with what was typed and the reason beside its field.
        keep_refusal(
            request,
            claim.pk,
            action,
            data,
            field=exc.field,
            message=exc.message,
            shown_at=_back_to(request, data["next"], claim.pk),
        )
    else:
        messages.success(request, _done_message(claim.pk, action))
    return redirect(_back_to(request, data["next"], claim.pk))


# What an action did, in words, for the message after it.
DONE_MESSAGES = {
    "accept": "Claim #{pk} accepted — it is open for research.",
    "dismiss": "Claim #{pk} dismissed; restore it from the dismissed claims if needed.",
    "restore": "Claim #{pk} restored — it is a candidate again.",
    "start": "Claim #{pk} is now in research.",
    "submit": "Claim #{pk} submitted for review.",
    "request_changes": "Claim #{pk} sent back to research with your comment.",
    "reopen": "Claim #{pk} reopened — it is back in research.",
}


def _done_message(pk: int, action: str) -> str:
    """Say what the action did to the claim; an approval links to its public page."""
    if action == "approve":
        return format_html(
            'Claim #{} approved and published: <a href="{}">its public fact check</a>.',
            pk,
            public_path(pk),
        )
    return DONE_MESSAGES[action].format(pk=pk)
