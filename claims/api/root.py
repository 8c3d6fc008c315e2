"""`GET /api/v1/`: the index of the API's endpoints, and where its schema and docs are."""

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

from claims.api.base import IsDeskMember


class APIIndex(APIRootView):
    """The endpoints of the Claim desk API, and its OpenAPI schema and interactive docs."""

    permission_classes = [IsDeskMember]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        response.data["schema"] = reverse("api:schema", request=request)
        response.data["docs"] = reverse("api:docs", request=request)
        return response


class DeskRouter(DefaultRouter):
    """The default router, its root answering members only with the schema and docs beside."""

    APIRootView = APIIndex
