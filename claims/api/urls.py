"""The HTTP API (`/api/v1/`), its OpenAPI schema (`/api/schema/`) and docs (`/api/docs/`)."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from claims.api.claims import ClaimViewSet
from claims.api.evidence import EvidenceViewSet
from claims.api.exports import ExportJobViewSet
from claims.api.extractions import ExtractionJobViewSet
from claims.api.feed import ClaimReviewViewSet
from claims.api.root import DeskRouter
from claims.api.search import SearchViewSet
from claims.api.sources import OutletViewSet, SourceViewSet

app_name = "api"


@csrf_exempt  # any method may land here; the answer is the same 404
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Answer an address under /api/ that matches no endpoint, in JSON like every API error."""
    return JsonResponse({"detail": "No such endpoint."}, status=404)


router = DeskRouter(trailing_slash=True)
router.register("sources", SourceViewSet, basename="source")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("claims", ClaimViewSet, basename="claim")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("exports", ExportJobViewSet, basename="export")
router.register("extractions", ExtractionJobViewSet, basename="extraction")
router.register("claimreview", ClaimReviewViewSet, basename="claimreview")
router.register("search", SearchViewSet, basename="search")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the pages allow no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # (?s): an address with an encoded newline in it gets the JSON 404 too.
    re_path(r"^(?P<rest>(?s:.*))$", not_found),
]
