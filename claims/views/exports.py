"""The exports page: start an export, follow your export jobs, download or retry them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims.access import member_required
from claims.exports.jobs import start_export
from claims.exports.models import ExportJob
from claims.exports.writers import ExportProblem
from claims.jobs.control import JobProblem, retry_job
from claims.models import Claim
from claims.views.paging import page_size


def _jobs_of(user) -> QuerySet[ExportJob]:
    jobs = ExportJob.objects.order_by("-created_at", "-id")
    return jobs if user.is_superuser else jobs.filter(created_by=user)


@member_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """List your export jobs, newest first, with the form that starts one."""
    return _list_page(request)


def _list_page(request: HttpRequest, errors: dict | None = None) -> HttpResponse:
    page = Paginator(_jobs_of(request.user), page_size(request)).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/exports.html",
        {
            "page": page,
            "formats": ExportJob.Format.choices,
            "statuses": Claim.Status.choices,
            "chosen": request.POST,
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


@member_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    """Start an export of the claims in one status (or all) in one format."""
    filters = {"status": request.POST["status"]} if request.POST.get("status") else {}
    try:
        start_export(request.user, request.POST.get("format", ""), filters)
    except ExportProblem as problem:
        errors = {field: " ".join(map(str, found)) for field, found in problem.errors.items()}
        return _list_page(request, errors)
    messages.success(request, "Export started.")
    return redirect("export-list")


@member_required
@require_POST
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a failed export again."""
    job = get_object_or_404(_jobs_of(request.user), pk=pk)
    try:
        retry_job(ExportJob, job.pk, actor=request.user)
    except JobProblem as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Export #{job.pk} queued again.")
    return redirect("export-list")
