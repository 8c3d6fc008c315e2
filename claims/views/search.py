"""The search page: claims, source texts or evidence, best match first (claims.search)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.access import member_required
from claims.counting import CountedPaginator
from claims.filters import ClaimFilter
from claims.search.searching import DEFAULT_TYPE, TYPES, SearchForm, SearchProblem, search
from claims.views.paging import page_size


@member_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Search the desk; a claim search takes the claim list's filters."""
    kind = request.GET.get("type") or DEFAULT_TYPE
    asked = "q" in request.GET
    context = {
        "form": SearchForm(request.GET if asked else None),
        "types": TYPES,
        "kind": kind,
        "filters": ClaimFilter(request.GET).form if kind == "claim" else None,
    }
    if not asked:  # the empty form: nothing to find, no error to show
        return render(request, "claims/search.html", context)
    try:
        found = search(request.user, request.GET)
    except SearchProblem as problem:
        context["errors"] = problem.errors
        return render(request, "claims/search.html", context, status=400)
    paginator = CountedPaginator(found.rows, page_size(request), count=found.count)
    page = paginator.get_page(request.GET.get("page"))
    context.update(
        found=found,
        page=page,
        results=found.results(page.object_list),
        corrections=found.query.corrections,
    )
    return render(request, "claims/search.html", context)
