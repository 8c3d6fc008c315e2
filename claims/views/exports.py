"""Exports and API tokens in the pages: export what the claim list shows, keep the downloads."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from claims.access import member_required
from claims.exports.jobs import download_response, jobs_of, start_export
from claims.exports.models import ExportJob
from claims.exports.writers import ExportProblem, export_filters
from claims.jobs.control import JobProblem, retry_job
from claims.links import site_url
from claims.views.paging import page_size
from claims.views.posting import post_only

STATE_MESSAGES = {
    ExportJob.Status.QUEUED: "Waiting for a worker…",
    ExportJob.Status.RUNNING: "Writing…",
    ExportJob.Status.DONE: "Done.",
    ExportJob.Status.FAILED: "Failed.",
}


@member_required
@post_only("export-list")
def export_start(request: HttpRequest) -> HttpResponse:
    """Start an export of the claims the list's filters show, then follow it."""
    filters = export_filters(request.POST)
    back = reverse("claim-list") + ("?" + urlencode(filters, doseq=True) if filters else "")
    try:
        job = start_export(
            request.user, request.POST.get("format", ""), filters, site_url=site_url(request)
        )
    except ExportProblem as problem:
        messages.error(request, f"Not exported: {problem}")
        return redirect(back)
    return redirect("export-detail", job.pk)


@member_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """List my exports, newest first, each with its download once written."""
    jobs = jobs_of(request.user).filter(created_by=request.user)
    page = Paginator(jobs, page_size(request)).get_page(request.GET.get("page"))
    return render(request, "claims/exports.html", {"page": page})


@member_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an export: a progress bar while it is written, then its download."""
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    return render(
        request,
        "claims/export.html",
        {
            "job": job,
            "working": job.status in {ExportJob.Status.QUEUED, ExportJob.Status.RUNNING},
            "percent": _percent(job),
            "claims_url": reverse("claim-list")
            + ("?" + urlencode(job.filters, doseq=True) if job.filters else ""),
        },
    )


def _percent(job: ExportJob) -> int | None:
    if job.status == ExportJob.Status.DONE:
        return 100
    if not job.total:
        return None
    return max(0, min(99, round(100 * job.written / job.total)))


@member_required
@require_GET
def export_state(request: HttpRequest, pk: int) -> JsonResponse:
    """Return an export's progress as JSON for the progress bar."""
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    return JsonResponse(
        {
            "state": job.status,
            "done": job.status in {ExportJob.Status.DONE, ExportJob.Status.FAILED},
            "failed": job.status == ExportJob.Status.FAILED,
            "percent": _percent(job),
            "message": f"Failed: {job.error or 'no reason given'}"
            if job.status == ExportJob.Status.FAILED
            else STATE_MESSAGES[job.status]
            + (f" {job.written} of {job.total} claims." if job.total else ""),
        }
    )


@member_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    """Download the file of a finished export."""
    return download_response(get_object_or_404(jobs_of(request.user), pk=pk))


@member_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Create (shown once) or revoke my personal API token."""
    created = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in {"create", "revoke"}:
            messages.error(request, "Choose to create or to revoke a token.")
            return redirect("api-tokens")
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            if action == "create":
                created = Token.objects.create(user=request.user)
        if action == "create":
            messages.success(request, "Token created. Copy it now: it is not shown again.")
        else:
            messages.success(request, "Token revoked: it no longer signs anything in.")
            return redirect("api-tokens")
    token = created or Token.objects.filter(user=request.user).first()
    response = render(
        request,
        "claims/tokens.html",
        {"token": token, "key": created.key if created else None, "api_url": site_url(request)},
    )
    add_never_cache_headers(response)  # a new key is shown once, and never kept by a cache
    return response


@member_required
@require_POST
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a failed export again, then follow it."""
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    try:
        retry_job(ExportJob, job.pk, actor=request.user)
    except JobProblem as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Export #{job.pk} queued again.")
    return redirect("export-detail", job.pk)
