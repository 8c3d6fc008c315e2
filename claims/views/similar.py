"""Checked before? and same claim on the pages: suggestion fragments and the link forms.

The fragments (`claims/_similar.html`) are what the reader loads for a focused candidate or
a fresh selection, and what the review queue loads for each claim as it comes into view:
fetched by static/js/similar.js, so those pages keep their own queries fixed. The forms
call the same workflow functions as the API.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import workflow
from claims.access import get_claim_for, member_required
from claims.forms import SameClaimForm
from claims.similar import precedent, similar_claims, similar_to_text
from claims.views.claims import _claim, _detail, _int
from sources.models import Source

FRAGMENT_LIMIT = 5
MAX_SPAN = 5000  # characters of a selection looked up


def _fragment(request: HttpRequest, matches, *, claim=None, approved_only=False) -> HttpResponse:
    return render(
        request,
        "claims/_similar.html",
        {
            "matches": matches,
            "precedent": precedent(matches),
            "approved_only": approved_only,
            "fragment": True,
            "asked": claim,
        },
    )


@member_required
@require_GET
def claim_similar(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the earlier claims like this one as an HTML fragment (`?approved=1`: verdicts)."""
    claim = get_claim_for(request.user, pk)
    approved_only = request.GET.get("approved") == "1"
    matches = similar_claims(
        claim, user=request.user, limit=FRAGMENT_LIMIT, approved_only=approved_only
    )
    return _fragment(request, matches, claim=claim, approved_only=approved_only)


@member_required
@require_GET
def span_similar(request: HttpRequest) -> HttpResponse:
    """Return the claims like a span of a source (a selection not recorded yet), as a fragment."""
    source = get_object_or_404(Source.objects.defer("text"), pk=_int(request.GET.get("source")))
    start, end = _int(request.GET.get("start")), _int(request.GET.get("end"))
    if start is None or end is None or not 0 <= start < end <= source.text_length:
        raise Http404("No such span.")
    end = min(end, start + MAX_SPAN)
    # Only the span travels from the database, however long the text.
    span = Substr("text", start + 1, end - start)
    text = Source.objects.filter(pk=source.pk).annotate(span=span).values_list("span", flat=True)
    text = text.get()
    matches = similar_to_text(
        text, user=request.user, source=source, start=start, end=end, limit=FRAGMENT_LIMIT
    )
    return _fragment(request, matches)


def _link_error(request: HttpRequest, claim, form: SameClaimForm, error) -> HttpResponse:
    """Show a refusal beside the link form on the claim page (400)."""
    form.add_error("earlier" if error.field == "earlier" else None, error.message)
    return _detail(request, claim, link_form=form)


@login_required
@require_POST
def same_as(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the claim to an earlier one as the same claim."""
    claim = _claim(request, pk, write=True)
    form = SameClaimForm(request.POST, prefix="same")
    if not form.is_valid():
        return _detail(request, claim, link_form=form)
    try:
        workflow.link_same_claim(claim.pk, actor=request.user, **form.cleaned_data)
    except workflow.WorkflowError as error:
        return _link_error(request, claim, form, error)
    messages.success(request, f"Linked to claim #{form.cleaned_data['earlier']} as the same claim.")
    return redirect(claim.get_absolute_url() + "#same-claim")


@login_required
@require_POST
def same_as_remove(request: HttpRequest, pk: int, earlier_pk: int) -> HttpResponse:
    """Undo a "same claim" link."""
    claim = _claim(request, pk, write=True)
    data = {"same-earlier": earlier_pk, "same-version": request.POST.get("version")}
    form = SameClaimForm(data, prefix="same")
    if not form.is_valid():
        return _detail(request, claim, link_form=form)
    try:
        workflow.unlink_same_claim(claim.pk, actor=request.user, **form.cleaned_data)
    except workflow.WorkflowError as error:
        return _link_error(request, claim, form, error)
    messages.success(request, f"No longer linked to claim #{earlier_pk}.")
    return redirect(claim.get_absolute_url() + "#same-claim")


@login_required
@require_POST
def evidence_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a linked earlier claim's evidence links into this claim."""
    claim = _claim(request, pk, write=True)
    form = SameClaimForm(request.POST, prefix="same")
    if not form.is_valid():
        return _detail(request, claim, link_form=form)
    try:
        copied = workflow.copy_evidence(claim.pk, actor=request.user, **form.cleaned_data)
    except workflow.WorkflowError as error:
        return _link_error(request, claim, form, error)
    earlier = form.cleaned_data["earlier"]
    if copied:
        messages.success(request, f"{len(copied)} evidence link(s) copied from claim #{earlier}.")
    else:
        messages.info(request, f"Claim #{earlier} has no evidence this claim does not hold.")
    return redirect(claim.get_absolute_url() + "#evidence")
