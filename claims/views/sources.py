"""Source pages: the list, adding a source, the reader, and extraction progress.

They show sources together with the claims marked in them, so they live in the claims app:
sources/ itself never imports from claims/.
"""

import logging

from celery.result import AsyncResult
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.access import is_analyst, member_required
from claims.models import Claim
from claims.speakers import correct_speaker
from claims.tallies import source_counts
from claims.views.paging import page_size
from claims.workflow import NotAllowed, WorkflowError
from sources.forms import AddSourceForm, SourceSearchForm
from sources.importing import ImportProblem, import_text
from sources.models import Passage, Source
from sources.reader import render_passage

logger = logging.getLogger(__name__)
DISMISS_REASONS = [
    "Not a checkable claim",
    "Duplicate of another claim",
    "Opinion, not fact",
    "Out of scope",
]


@member_required
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    """List sources with search and paging, each with its claim counts."""
    search = SourceSearchForm(request.GET or None)
    sources = Source.objects.select_related("outlet").defer("text")
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
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def source_add(request: HttpRequest) -> HttpResponse:
    """Import a pasted or uploaded text as a source, then queue the search for candidates."""
    if not request.user.has_perm("sources.add_source"):
        raise PermissionDenied("Only analysts may add sources.")
    form = AddSourceForm(request.POST or None, request.FILES or None)
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
    from claims.tasks import extract_candidates

    try:
        result = extract_candidates.delay(source.pk)
    except Exception:
        # The source is stored either way; extraction can be run again from the reader.
        logger.exception("extraction of source %s could not run", source.pk)
        messages.error(request, "Looking for candidate claims failed; try again from the reader.")
        return redirect("source-detail", source.pk)
    if result.ready():  # run in-process: nothing left to wait for
        outcome = result.result if isinstance(result.result, dict) else {}
        if "created" in outcome:
            messages.info(request, f"{outcome['created']} new candidate claim(s) found.")
        return redirect("source-detail", source.pk)
    return redirect("source-progress", source.pk, result.id)


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
def source_progress(request: HttpRequest, pk: int, task_id: str) -> HttpResponse:
    """Show a progress bar that follows the extraction task until it is done."""
    source = get_object_or_404(Source, pk=pk)
    return render(
        request,
        "sources/progress.html",
        {
            "source": source,
            "state_url": reverse("task-state", args=[task_id]),
            "reader_url": reverse("source-detail", args=[source.pk]),
        },
    )


@member_required
@require_GET
def task_state(request: HttpRequest, task_id: str) -> JsonResponse:
    """Return a background task's state and progress as JSON for the progress bar."""
    result = AsyncResult(task_id)
    state = result.state
    info = result.info if isinstance(result.info, dict) else {}
    current, total = info.get("done", info.get("current")), info.get("total")
    if state == "SUCCESS":
        percent = 100
    elif isinstance(current, int) and isinstance(total, int) and total > 0:
        percent = max(0, min(99, round(100 * current / total)))
    else:
        percent = None
    messages_by_state = {
        "PENDING": "Waiting for a worker…",
        "STARTED": "Working…",
        "PROGRESS": "Working…",
        "RETRY": "Retrying…",
        "SUCCESS": "Done.",
        "FAILURE": "Failed; try again from the reader.",
        "REVOKED": "Cancelled.",
    }
    return JsonResponse(
        {
            "state": state,
            "done": state in {"SUCCESS", "FAILURE", "REVOKED"},
            "failed": state in {"FAILURE", "REVOKED"},
            "percent": percent,
            "message": messages_by_state.get(state, state.title()),
        }
    )


@member_required
@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the reader: the text by passage, claims marked in it, and the candidates to triage."""
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
    claims = list(
        Claim.objects.filter(source=source)
        .only("id", "start", "end", "status", "quote", "speaker", "kinds", "version", "rating")
        .order_by("start", "end", "id")
    )
    text = source.text
    passages = [
        {"passage": passage, "html": render_passage(text, passage.start, passage.end, claims)}
        for passage in source.passages.order_by("position")
    ]
    if not passages and text:  # a source stored without passages still reads whole
        passages = [{"passage": None, "html": render_passage(text, 0, len(text), claims)}]
    candidates = [c for c in claims if c.status == Claim.Status.CANDIDATE]
    reader_url = reverse("source-detail", args=[source.pk])
    candidate_rows = []
    for index, claim in enumerate(candidates):
        # After acting on a candidate the reader reopens at the next one.
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        following = following or (candidates[index - 1] if index else None)
        anchor = f"?focus={following.pk}#cand-{following.pk}" if following else "#candidates"
        candidate_rows.append({"claim": claim, "next": reader_url + anchor})
    recorded = [
        c for c in claims if c.status not in (Claim.Status.CANDIDATE, Claim.Status.DISMISSED)
    ]
    return render(
        request,
        "sources/reader.html",
        {
            "source": source,
            "passages": passages,
            "candidates": candidate_rows,
            "recorded": recorded,
            "n_dismissed": sum(c.status == Claim.Status.DISMISSED for c in claims),
            "can_edit": is_analyst(request.user),
            "dismiss_reasons": DISMISS_REASONS,
            "text_length": len(text),
        },
    )


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
    return redirect(reverse("source-detail", args=[pk]) + f"#passage-{passage.pk}")
