"""The pickers' searches: a few matching sources or members, as JSON."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from claims import lookups
from claims.access import member_required


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@member_required
@require_GET
def lookup_sources(request: HttpRequest) -> JsonResponse:
    """Return up to lookups.LIMIT sources matching ?q= (title, outlet, URL or id)."""
    q = request.GET.get("q", "")[:200]
    found = lookups.find_sources(q, exclude=_int(request.GET.get("exclude")))
    return JsonResponse({"results": found})


@member_required
@require_GET
def lookup_members(request: HttpRequest) -> JsonResponse:
    """Return up to lookups.LIMIT desk members matching ?q= (username or name)."""
    return JsonResponse({"results": lookups.find_members(request.GET.get("q", "")[:150])})
