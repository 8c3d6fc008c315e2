"""Source pages: the list, adding a source, the reader, and extraction progress.

They show sources together with the claims marked in them, so they live in the claims app:
sources/ itself never imports from claims/.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.paginator import Paginator
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.access import is_analyst, member_required
from claims.candidates import start_extraction
from claims.jobs.control import JobProblem, may_retry, retry_job
from claims.jobs.models import ExtractionJob
from claims.models import Claim
from claims.speakers import correct_speaker
from claims.tallies import RECORDED_STATUSES, source_counts, status_counts
from claims.views.bulk import bulk_context
from claims.views.paging import page_size
from claims.views.refusals import refusal_for
from claims.workflow import MOVABLE_STATUSES, NotAllowed, WorkflowError
from claims.workflow.sources import may_change_sources
from sources.forms import AddSourceForm, SourceSearchForm
from sources.importing import ImportProblem, import_text
from sources.models import Passage, Source
from sources.parts import Part, read_part
from sources.reader import render_part

logger = logging.getLogger(__name__)
# Side-list rows a reader page carries at most: with the part's text bounded, this keeps a
# page of a dense part (a candidate every few words) well under a megabyte. Triage brings the
# rest up as the listed ones are accepted or dismissed.
LIST_LIMIT = 100


@member_required
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    """List sources with search and paging, each with its claim counts."""
    search = SourceSearchForm(request.GET or None)
    archived = request.GET.get("archived") == "1"
    sources = Source.objects.select_related("outlet").defer("text")
    # Archived sources are hidden from the list; "Archived sources" lists them alone.
    sources = sources.filter(archived_at__isnull=not archived)
    if search.is_valid():
        if q := search.cleaned_data["q"].strip():
            sources = sources.filter(
                Q(title__icontains=q) | Q(outlet__name__icontains=q) | Q(url__icontains=q)
            )
        if kind := search.cleaned_data["kind"]:
            sources = sources.filter(kind=kind)
    page = Paginator(sources.order_by("-created_at", "-id"), page_size(request)).get_page(
        request.GET.get("page")
    )
    # The page's counts, read from the running tallies in one query.
    counts = source_counts([source.pk for source in page.object_list])
    for source in page.object_list:
        source.n_claims, source.n_candidates = counts.get(source.pk, (0, 0))
    return render(
        request,
        "sources/list.html",
        {
            "page": page,
            "search": search,
            "can_add": request.user.has_perm("sources.add_source"),
            "archived": archived,
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def source_add(request: HttpRequest) -> HttpResponse:
    """Import a pasted or uploaded text as a source, then queue the search for candidates."""
    if not request.user.has_perm("sources.add_source"):
        raise PermissionDenied("Only analysts may add sources.")
    try:
        form = AddSourceForm(request.POST or None, request.FILES or None)
    except RequestDataTooBig:
        return render(request, "sources/add.html", {"form": AddSourceForm.too_large()}, status=413)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = import_text(
                data["text"],
                title=data["title"],
                outlet=data["outlet"],
                url=data["url"],
                published_at=data["published_at"],
                language=data["language"],
                kind=data["kind"],
                created_by=request.user,
            )
        except ImportProblem as problem:
            form.add_error(data.get("text_field", "text"), str(problem))
        else:
            source = result.source
            if not result.created:
                messages.info(request, f"This text is already on the desk as “{source.title}”.")
                return redirect("source-detail", source.pk)
            messages.success(request, f"Imported “{source.title}”.")
            if data["extract"]:
                return _queue_extraction(request, source)
            return redirect("source-detail", source.pk)
    return render(request, "sources/add.html", {"form": form})


def _queue_extraction(request: HttpRequest, source: Source) -> HttpResponse:
    job = start_extraction(source, actor=request.user)
    job.refresh_from_db()
    if job.status == ExtractionJob.Status.DONE:  # run in-process: nothing left to wait for
        messages.info(request, f"{job.created} new candidate claim(s) found.")
        return redirect("source-detail", source.pk)
    if job.status == ExtractionJob.Status.FAILED:
        messages.error(request, f"Looking for candidate claims failed: {job.error}")
        return redirect("source-detail", source.pk)
    return redirect("source-progress", source.pk, job.pk)


@member_required
@require_http_methods(["POST"])
def source_extract(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the search for candidate claims in a source again (it skips spans already marked)."""
    if not is_analyst(request.user):
        raise PermissionDenied("Only analysts may look for candidates.")
    source = get_object_or_404(Source, pk=pk)
    return _queue_extraction(request, source)


@member_required
@require_GET
def source_progress(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    """Show a progress bar that follows the extraction job until it is done."""
    job = get_object_or_404(ExtractionJob.objects.select_related("source"), pk=job_id, source=pk)
    return render(
        request,
        "sources/progress.html",
        {
            "job": job,
            "source": job.source,
            "state_url": reverse("extraction-state", args=[job.pk]),
            "reader_url": reverse("source-detail", args=[job.source_id]),
            "can_retry": may_retry(job, request.user),
        },
    )


STATE_MESSAGES = {
    ExtractionJob.Status.QUEUED: "Waiting for a worker…",
    ExtractionJob.Status.RUNNING: "Working…",
    ExtractionJob.Status.DONE: "Done.",
}


@member_required
@require_GET
def extraction_state(request: HttpRequest, job_id: int) -> JsonResponse:
    """Return an extraction job's state and progress as JSON for the progress bar."""
    job = get_object_or_404(ExtractionJob, pk=job_id)
    if job.status == ExtractionJob.Status.DONE:
        percent = 100
    elif job.total:
        percent = max(0, min(99, round(100 * job.done / job.total)))
    else:
        percent = None
    failed = job.status == ExtractionJob.Status.FAILED
    return JsonResponse(
        {
            "state": job.status,
            "done": job.status in {ExtractionJob.Status.DONE, ExtractionJob.Status.FAILED},
            "failed": failed,
            "percent": percent,
            "message": f"Failed: {job.error}" if failed else STATE_MESSAGES[job.status],
        }
    )


@member_required
@require_POST
def extraction_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    """Run a failed extraction again and follow it."""
    job = get_object_or_404(ExtractionJob, pk=job_id)
    try:
        retry_job(ExtractionJob, job.pk, actor=request.user)
    except JobProblem as problem:
        messages.error(request, str(problem))
        return redirect("source-progress", job.source_id, job.pk)
    job.refresh_from_db()
    if job.status == ExtractionJob.Status.DONE:
        messages.info(request, f"{job.created} new candidate claim(s) found.")
        return redirect("source-detail", job.source_id)
    return redirect("source-progress", job.source_id, job.pk)


@member_required
@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the reader: one part of the text, the claims marked in it, the candidates to triage.

    `?page=<n>` opens the n-th part, `?at=<offset>` the part holding that character, and
    `?focus=<claim id>` (after a triage action) the part holding that claim.
    """
    source = get_object_or_404(Source.objects.select_related("outlet").defer("text"), pk=pk)
    at = _offset(request.GET.get("at"))
    focus = _offset(request.GET.get("focus"))
    if at is None and focus is not None and "page" not in request.GET:
        at = Claim.objects.filter(source=source, pk=focus).values_list("start", flat=True).first()
    part = read_part(source, number=_offset(request.GET.get("page")), at=at)
    claims = list(
        _from(source, before=part.end)
        .filter(end__gt=part.start)
        .only("id", "start", "end", "status", "quote", "speaker", "kinds", "version", "rating")
    )
    counts = status_counts(source_id=source.pk)
    # The first candidate past this part: where "next part with candidates" leads, and where
    # triage goes on after the part's last candidate.
    following = (
        _from(source, since=part.end).filter(status=Claim.Status.CANDIDATE).only("start").first()
    )
    reader_url = reverse("source-detail", args=[source.pk])
    candidates = [c for c in claims if c.status == Claim.Status.CANDIDATE]
    recorded = [
        c for c in claims if c.status not in (Claim.Status.CANDIDATE, Claim.Status.DISMISSED)
    ]
    rows = _triage_rows(candidates, following, part, reader_url)
    shown = _window(candidates, focus, LIST_LIMIT)
    return render(
        request,
        "sources/reader.html",
        {
            "source": source,
            "part": part,
            "passages": render_part(part, claims),
            "candidates": _with_refusals(request, rows[shown]),
            "n_part_candidates": len(candidates),
            "n_candidates": counts[Claim.Status.CANDIDATE],
            "next_candidates_url": _at_url(reader_url, following) if following else None,
            # Around the claim in focus, so that a claim opened from its page is listed
            # (and can be moved from here) however many come before it.
            "recorded": recorded[_window(recorded, focus, LIST_LIMIT)],
            "n_part_recorded": len(recorded),
            "n_recorded": sum(counts[s] for s in RECORDED_STATUSES),
            "n_dismissed": counts[Claim.Status.DISMISSED],
            "can_edit": is_analyst(request.user),
            "movable_statuses": sorted(MOVABLE_STATUSES),
            "can_change_source": may_change_sources(request.user),
            "text_length": source.text_length,
            **bulk_context(request),
            "extraction": _unfinished_extraction(source, request.user),
        },
    )


def _unfinished_extraction(source: Source, user) -> ExtractionJob | None:
    """Return the source's latest extraction job when it is still running or has failed."""
    job = source.extraction_jobs.order_by("-created_at", "-id").first()
    if job is None or job.status == ExtractionJob.Status.DONE:
        return None
    job.can_retry = may_retry(job, user)
    return job


def _from(source: Source, *, before: int | None = None, since: int | None = None):
    """Return the source's claims starting before or since an offset, in order of the text.

    Written as row comparisons on (source_id, start) so that only the index of the unique
    (source, start, end) constraint can answer: it reads the range from the index alone,
    testing `end` there too, where an index on `start` alone would fetch every row of every
    source in the range.
    """
    claims = Claim.objects.filter(source=source)
    table = Claim._meta.db_table
    for offset, operator in ((before, "<"), (since, ">=")):
        if offset is not None:
            claims = claims.filter(
                RawSQL(
                    f'("{table}"."source_id", "{table}"."start") {operator} (%s, %s)',
                    (source.pk, offset),
                    output_field=BooleanField(),
                )
            )
    return claims.order_by("source_id", "start", "end")


def _window(claims: list[Claim], focus: int | None, limit: int) -> slice:
    """Return which of a part's claims a side list shows: the first, or around the focus."""
    index = next((i for i, c in enumerate(claims) if c.pk == focus), 0)
    first = max(0, min(index - limit // 10, len(claims) - limit))
    return slice(first, first + limit)


def _offset(value: str | None) -> int | None:
    """Return a query parameter as a whole number, or None when it is missing or not one."""
    try:
        return max(0, int(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _at_url(reader_url: str, claim: Claim, *, at: int | None = None) -> str:
    """Return the reader's address opening at a claim (the part holding it) and focusing it."""
    return f"{reader_url}?at={claim.start if at is None else at}&focus={claim.pk}#cand-{claim.pk}"


def _triage_rows(
    candidates: list[Claim], following: Claim | None, part: Part, reader_url: str
) -> list[dict]:
    """Pair each candidate with where the reader reopens after accepting or dismissing it."""
    rows = []
    for index, claim in enumerate(candidates):
        after = candidates[index + 1] if index + 1 < len(candidates) else following
        after = after or (candidates[index - 1] if index else None)
        if after is None:
            next_url = f"{reader_url}?page={part.number}#candidates"
        else:
            # A candidate reaching into this part from the one before is triaged here too.
            at = after.start if after is following else max(after.start, part.start)
            next_url = _at_url(reader_url, after, at=at)
        rows.append({"claim": claim, "next": next_url})
    return rows


def _with_refusals(request: HttpRequest, rows: list[dict]) -> list[dict]:
    """Mark the candidate whose accept or dismiss was just refused, to say why beside it."""
    for row in rows:
        row["refused"] = refusal_for(request, row["claim"].pk)
    return rows


@member_required
@require_POST
def passage_speaker(request: HttpRequest, pk: int, passage_pk: int) -> HttpResponse:
    """Correct the speaker of a passage, and of the draft claims anchored in it."""
    passage = get_object_or_404(Passage, pk=passage_pk, source_id=pk)
    old = passage.speaker
    try:
        changed = correct_speaker(passage, actor=request.user, speaker=request.POST.get("speaker"))
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None
    except WorkflowError as error:
        messages.error(request, f"Speaker not changed: {error.message}")
    else:
        if passage.speaker == old:
            messages.info(request, f"The speaker is already “{old}”.")
        else:
            messages.success(
                request,
                f"Speaker set to “{passage.speaker}”; "
                f"{changed} claim{'s' if changed != 1 else ''} re-attributed.",
            )
    reader_url = reverse("source-detail", args=[pk])
    return redirect(f"{reader_url}?at={passage.start}#passage-{passage.pk}")
