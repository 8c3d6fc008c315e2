"""Keeping the desk's records: a source's details, archiving or removing it, outlet grades."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.access import member_required
from claims.models import Claim, Evidence
from claims.views.paging import page_size
from claims.views.posting import post_only
from claims.workflow import WorkflowError
from claims.workflow.sources import (
    archive_source,
    edit_source,
    grade_outlet,
    may_change_sources,
    may_grade_outlets,
    remove_source,
    unarchive_source,
)
from sources.forms import OutletGradeForm, SourceEditForm
from sources.models import Outlet, OutletGrade, Source, SourceEvent

EVENTS_SHOWN = 20
GRADES_SHOWN = 10


def _require_editor(request: HttpRequest) -> None:
    if not may_change_sources(request.user):
        raise PermissionDenied("Only analysts may change sources.")


@member_required
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a source's details; below, archive or remove it, and its history."""
    _require_editor(request)
    source = get_object_or_404(Source.objects.select_related("outlet").defer("text"), pk=pk)
    form = SourceEditForm.for_source(source, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        name = data.pop("outlet").strip()
        outlet = Outlet.objects.named(name) if name else None
        try:
            edit_source(source, actor=request.user, outlet=outlet, **data)
        except WorkflowError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            messages.success(request, "Source details saved.")
            return redirect("source-detail", source.pk)
    claims = Claim.objects.filter(source=source).exclude(status=Claim.Status.CANDIDATE)
    return render(
        request,
        "sources/edit.html",
        {
            "source": source,
            "form": form,
            "n_kept": claims.count(),
            "n_cited": Evidence.objects.filter(source=source).count(),
            "events": SourceEvent.objects.filter(source=source).select_related("actor")[
                :EVENTS_SHOWN
            ],
        },
    )


@member_required
@post_only("source-detail")
def source_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a source holding only candidates, with them; otherwise say why and keep it."""
    _require_editor(request)
    source = get_object_or_404(Source.objects.defer("text"), pk=pk)
    try:
        gone = remove_source(source, actor=request.user)
    except WorkflowError as error:
        messages.error(request, f"Not removed: {error.message}")
        return redirect("source-edit", source.pk)
    messages.success(
        request,
        f"Removed “{source.title}” and its {gone} candidate{'s' if gone != 1 else ''}.",
    )
    return redirect("source-list")


@member_required
@require_POST
def source_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive a source (hidden from the lists, claims untouched), or bring it back."""
    _require_editor(request)
    source = get_object_or_404(Source.objects.defer("text"), pk=pk)
    if request.POST.get("archived") == "0":
        unarchive_source(source, actor=request.user)
        messages.success(request, f"“{source.title}” is back in the source list.")
    else:
        archive_source(source, actor=request.user)
        messages.success(
            request, f"Archived “{source.title}”: hidden from the lists, its claims kept."
        )
    return redirect("source-detail", source.pk)


@member_required
@require_GET
def outlet_list(request: HttpRequest) -> HttpResponse:
    """List outlets with their grade and sources; reviewers set a grade with a reason."""
    outlets = Outlet.objects.annotate(n_sources=Count("sources")).order_by("name", "id")
    if q := request.GET.get("q", "").strip()[:200]:
        outlets = outlets.filter(name__icontains=q)
    page = Paginator(outlets, page_size(request)).get_page(request.GET.get("page"))
    return render(
        request,
        "sources/outlets.html",
        {
            "page": page,
            "q": q,
            "can_grade": may_grade_outlets(request.user),
            "grades": Outlet.Reliability.choices,
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def outlet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an outlet's grade and its history; reviewers set a new grade with a reason."""
    outlet = get_object_or_404(Outlet, pk=pk)
    can_grade = may_grade_outlets(request.user)
    form = OutletGradeForm(
        request.POST if request.method == "POST" else None,
        initial={"grade": outlet.reliability},
    )
    if request.method == "POST":
        if not can_grade:
            raise PermissionDenied("Only reviewers may grade outlets.")
        if form.is_valid():
            try:
                grade_outlet(outlet, actor=request.user, **form.cleaned_data)
            except WorkflowError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"{outlet.name} graded {form.cleaned_data['grade']}.")
                return redirect("outlet-detail", outlet.pk)
    history = OutletGrade.objects.filter(outlet=outlet).select_related("set_by")
    return render(
        request,
        "sources/outlet.html",
        {
            "outlet": outlet,
            "form": form,
            "can_grade": can_grade,
            "history": history.order_by("-set_at", "-id")[:GRADES_SHOWN],
            "n_sources": outlet.sources.count(),
        },
    )
