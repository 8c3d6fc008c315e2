"""Claim pages: the list, recording a claim from the reader, the claim with its evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import counting, workflow
from claims.access import claims_visible_to, get_claim_for, is_analyst, member_required
from claims.filters import ClaimFilter
from claims.forms import (
    ClaimEditForm,
    EvidenceForm,
    MoveClaimForm,
    RecordClaimForm,
    SameClaimForm,
)
from claims.models import Claim, Evidence
from claims.publishing.claimreview import public_path
from claims.publishing.validation import review_findings
from claims.similar import precedent, same_claims, similar_claims, similar_to_text
from claims.views.bulk import bulk_context
from claims.views.paging import page_size
from claims.views.posting import post_only
from claims.views.refusals import stale_message
from extraction.spans import analyse_span
from sources.models import Outlet, Passage, Source

CONTEXT_CHARS = 300  # text shown either side of a quote on the claim page
STATUS_ORDER = list(Claim.Status)
# Claims on their way to a verdict: the page says what their ClaimReview would lack.
PUBLISHABLE = {Claim.Status.OPEN, Claim.Status.IN_RESEARCH, Claim.Status.IN_REVIEW}


def _workflow_error(form, error: workflow.WorkflowError) -> None:
    """Show a refusal of the workflow beside the field it names, or above the form."""
    field = form.fields.get(error.field or "")
    shown = field is not None and not field.widget.is_hidden
    form.add_error(error.field if shown else None, error.message)


def _span_holder(error: workflow.WorkflowError) -> Claim | None:
    """Return the claim already on the span a refusal is about, to link to it."""
    if not isinstance(error, workflow.SpanTaken):
        return None
    return Claim.objects.filter(pk=error.claim_id).only("id", "quote", "status").first()


@member_required
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    """List claims with filters, sorting, paging and the count per status."""
    filters = ClaimFilter(request.GET, queryset=claims_visible_to(request.user))
    # The tabs answer "how many of these are in each status", whatever status is picked.
    counts = counting.status_counts(filters)
    active = counting.active_filters(filters)
    statuses = active.get("status") or []
    list_count = counting.count_claims(filters)
    # The list shows each source's title: never read its text (up to 5 MB each).
    claims = filters.qs.select_related("source", "assignee").defer("source__text")
    paginator = counting.CountedPaginator(claims, page_size(request), count=list_count)
    total = sum(c.n for c in counts.values())
    return render(
        request,
        "claims/list.html",
        {
            "page": paginator.get_page(request.GET.get("page")),
            "list_count": list_count,
            "filters": filters.form,
            "status_counts": [(s, counts[s.value]) for s in STATUS_ORDER],
            "total": counting.ListCount(total, all(c.exact for c in counts.values())),
            "current_status": statuses[0] if len(statuses) == 1 else "",
            # The status is picked by the tabs; the folded filters count the others.
            "n_filters": len(active.keys() - {"status"}),
            **bulk_context(request),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def claim_record(request: HttpRequest) -> HttpResponse:
    """Record a claim over a span of a source chosen in the reader."""
    if not is_analyst(request.user):
        raise PermissionDenied("Only analysts may record claims.")
    params = request.POST if request.method == "POST" else request.GET
    source = get_object_or_404(Source, pk=_int(params.get("source")))
    holder = None
    if request.method == "POST":
        form = RecordClaimForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("source")
            try:
                claim = workflow.record_claim(source, actor=request.user, **data)
            except workflow.WorkflowError as error:
                _workflow_error(form, error)
                holder = _span_holder(error)
            else:
                messages.success(request, f"Claim #{claim.pk} recorded.")
                return redirect(claim)
    else:
        form = RecordClaimForm(initial=_record_initial(source, params))
    start, end = _int(form["start"].value()), _int(form["end"].value())
    span_ok = start is not None and end is not None and 0 <= start < end <= len(source.text)
    # Checked before? The claims like the selected words, beside the form.
    similar = (
        similar_to_text(
            source.text[start:end], user=request.user, source=source, start=start, end=end
        )
        if span_ok
        else []
    )
    return render(
        request,
        "claims/record.html",
        {
            "form": form,
            "source": source,
            "span_ok": span_ok,
            "before": source.text[max(0, (start or 0) - CONTEXT_CHARS) : start] if span_ok else "",
            "quote": source.text[start:end] if span_ok else "",
            "after": source.text[end : end + CONTEXT_CHARS] if span_ok else "",
            "cut_before": span_ok and start > CONTEXT_CHARS,
            "cut_after": span_ok and end + CONTEXT_CHARS < len(source.text),
            "similar": similar,
            "precedent": precedent(similar),
            "span_holder": holder,
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _record_initial(source: Source, params) -> dict:
    start, end = _int(params.get("start")), _int(params.get("end"))
    initial = {"source": source.pk, "start": start, "end": end, "kinds": []}
    if start is not None:
        passage = Passage.objects.filter(source=source, start__lte=start, end__gt=start).first()
        initial["speaker"] = passage.speaker if passage else ""
    if start is not None and end is not None and 0 <= start < end <= len(source.text):
        # The extractor reads the selected words as it reads a text: kinds, figure and
        # attribution come filled in, for the analyst to check before saving.
        initial.update(analyse_span(source.text[start:end]))
    return initial


def _detail(
    request: HttpRequest, claim: Claim, *, edit_form=None, evidence_form=None, link_form=None
):
    evidence = list(claim.evidence.select_related("source__outlet", "created_by"))
    similar = similar_claims(claim, user=request.user)
    groups = [
        (stance, [e for e in evidence if e.stance == stance.value]) for stance in Evidence.Stance
    ]
    text = claim.source.text
    # A refused form stays on screen with its error, even on a claim that just froze.
    can_edit = is_analyst(request.user) and (
        claim.status not in workflow.FROZEN_STATUSES or bool(edit_form or evidence_form)
    )
    initial = {"version": claim.version}
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "before": text[max(0, claim.start - CONTEXT_CHARS) : claim.start],
            "after": text[claim.end : claim.end + CONTEXT_CHARS],
            "cut_before": claim.start > CONTEXT_CHARS,
            "cut_after": claim.end + CONTEXT_CHARS < len(text),
            "evidence_groups": groups,
            "n_evidence": len(evidence),
            "can_edit": can_edit,
            "edit_form": edit_form or ClaimEditForm.for_claim(claim),
            "evidence_form": evidence_form or EvidenceForm(claim=claim),
            "similar": similar,
            "precedent": precedent(similar),
            "same": same_claims(claim),
            "can_link": can_edit and claim.status not in workflow.FROZEN_STATUSES,
            "can_move": can_edit and claim.status in workflow.MOVABLE_STATUSES,
            "link_form": link_form or SameClaimForm(initial=initial, prefix="same"),
            "findings": review_findings(claim) if claim.status in PUBLISHABLE else [],
            "public_url": public_path(claim.pk) if claim.status == Claim.Status.APPROVED else "",
        },
        status=400 if (edit_form or evidence_form or link_form) else 200,
    )


def _claim(request: HttpRequest, pk: int, *, write: bool = False) -> Claim:
    get_claim_for(request.user, pk, write=write)  # 404 or 403 as the access rules say
    # The page shows who did what; one query fetches them all.
    return Claim.objects.select_related(
        "source__outlet", "passage", "assignee", "created_by", "submitted_by", "reviewed_by"
    ).get(pk=pk)


@login_required
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a claim in context with its fields, evidence by stance, forms and workflow."""
    return _detail(request, _claim(request, pk))


@login_required
@post_only("claim-detail")
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the analyst's edits of a claim's content, rating and rationale.

    The workflow panel's Submit sends this same form (`then=submit`): the draft as typed is
    saved and its verdict submitted for review, or, refused, nothing is saved and the form
    comes back as typed with the reason.
    """
    claim = _claim(request, pk, write=True)
    form = ClaimEditForm(request.POST)
    submitting = request.POST.get("then") == "submit"
    if form.is_valid():
        fields = dict(form.cleaned_data)
        version, comment = fields.pop("version"), fields.pop("comment")
        try:
            if submitting:
                workflow.submit_draft(
                    claim.pk, actor=request.user, version=version, comment=comment, **fields
                )
            else:
                workflow.update_claim(claim.pk, actor=request.user, version=version, **fields)
        except workflow.StaleVersion:
            # The typing stays; sent again from here it applies over the newer version.
            form.data = form.data.copy()
            form.data["version"] = Claim.objects.values_list("version", flat=True).get(pk=pk)
            button = "Submit" if submitting else "Save draft"
            form.add_error(None, stale_message(claim.pk, button))
        except workflow.WorkflowError as error:
            if submitting:
                form.add_error(None, "Not submitted for review, and nothing saved yet:")
            _workflow_error(form, error)
        else:
            if submitting:
                messages.success(request, f"Claim #{claim.pk} submitted for review.")
            else:
                messages.success(request, "Saved.")
            return redirect(claim)
    return _detail(request, claim, edit_form=form)


@login_required
@post_only("claim-detail")
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a source to the claim as evidence, creating the source when described inline."""
    claim = _claim(request, pk, write=True)
    form = EvidenceForm(request.POST, claim=claim)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # A new source is kept only if the evidence link is made.
            with transaction.atomic():
                source = data["source"] or _new_source(request, data)
                workflow.add_evidence(
                    claim.pk,
                    actor=request.user,
                    source=source,
                    stance=data["stance"],
                    excerpt=data["excerpt"],
                    locator=data["locator"],
                    source_figure=data["source_figure"],
                    figure_low=data["figure_low"],
                    figure_high=data["figure_high"],
                    credibility=data["credibility"],
                    note=data["note"],
                )
        except workflow.WorkflowError as error:
            _workflow_error(form, error)
        else:
            messages.success(request, f"Evidence added: {data['stance']}.")
            return redirect(claim.get_absolute_url() + "#evidence")
    return _detail(request, claim, evidence_form=form)


def _new_source(request: HttpRequest, data: dict) -> Source:
    outlet = None
    if name := data["new_outlet"].strip():
        outlet = Outlet.objects.named(name)
    return Source.objects.create(
        title=data["new_title"].strip(),
        url=data["new_url"],
        outlet=outlet,
        created_by=request.user,
    )


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Unlink a piece of evidence from the claim."""
    claim = _claim(request, pk, write=True)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, claim=claim)
    try:
        workflow.remove_evidence(evidence.pk, actor=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Evidence removed.")
    return redirect(claim)


@login_required
@post_only("claim-detail")
def claim_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move or trim a claim's span to the words selected in the reader, then reopen it there."""
    claim = _claim(request, pk, write=True)
    form = MoveClaimForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            f"Claim #{claim.pk} was not moved: select the words it should mark in the text, "
            "then press “Move claim here”.",
        )
    else:
        data = form.cleaned_data
        try:
            claim = workflow.move_claim(
                claim.pk,
                actor=request.user,
                version=data["version"],
                start=data["start"],
                end=data["end"],
            )
        except workflow.StaleVersion:
            messages.error(
                request,
                f"Claim #{claim.pk} was not moved: someone changed it while the reader was open. "
                "The reader now shows it as it stands; select the words again and press "
                f"“Move claim #{claim.pk} here”.",
            )
        except workflow.WorkflowError as error:
            holder = _span_holder(error)
            if holder is None:
                messages.error(request, f"Claim #{claim.pk} was not moved. {error.message}")
            else:
                messages.error(
                    request,
                    format_html(
                        'Claim #{} was not moved. {} <a href="{}">Open claim #{}</a>.',
                        claim.pk,
                        error.message,
                        holder.get_absolute_url(),
                        holder.pk,
                    ),
                )
        else:
            messages.success(
                request,
                f"Claim #{claim.pk} now marks characters {claim.start}–{claim.end}: "
                f"“{claim.quote[:120]}”.",
            )
    reader = reverse("source-detail", args=[claim.source_id])
    return redirect(f"{reader}?at={claim.start}&focus={claim.pk}#rec-{claim.pk}")
