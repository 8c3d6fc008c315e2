"""What every endpoint shares: member permission, workflow errors as HTTP, error schemas."""

from typing import Any

from django.db import models
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from claims.access import is_member
from claims.exports.writers import ExportProblem
from claims.jobs.control import JobProblem
from claims.workflow import SpanTaken, WorkflowError

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` with a message, or each field named with its list of messages.",
    "additionalProperties": {},
}
ERROR_DESCRIPTIONS = {
    "400": "Bad input: the body names each field in error.",
    "401": "Not signed in.",
    "403": "Not signed in, not a member of the desk, or not allowed to do this.",
    "404": "No such object (or not visible to you), or no such page.",
    "409": "The claim changed since you read it: reload and send the new version.",
    "429": "Too many requests: wait and retry.",
}


JOB_NOT_FAILED = OpenApiResponse(
    response=ERROR_SCHEMA, description="The job has not failed: only a failed job is retried."
)


class AsWrittenDecimalField(serializers.DecimalField):
    """A decimal served as written, without the column's trailing zeros: "900", "2.5"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The exports' rule (trim_scale): exact, no trailing zeros, never an exponent.
        kwargs.setdefault("normalize_output", True)
        super().__init__(*args, **kwargs)


class DeskModelSerializer(serializers.ModelSerializer):
    """A model serializer whose decimals read as written, as the exports print them."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: AsWrittenDecimalField,
    }


class IsDeskMember(permissions.BasePermission):
    """Let in analysts, reviewers and admins; the workflow decides what each may change."""

    message = "Only members of the desk may use this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_member(request.user)


class DeskSchema(AutoSchema):
    """Document the error responses every endpoint may give, beside its success response."""

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        # 404: an object not found, or a list page past the end.
        codes = ["400", "403", "404", "429"]
        if getattr(self.view, "authentication_classes", None):
            codes.append("401")
        if getattr(self.view, "versioned_writes", False) and self.method in {"PATCH", "POST"}:
            codes.append("409")
        for code in codes:
            responses.setdefault(
                code,
                {
                    "description": ERROR_DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                },
            )
        return responses


def workflow_error_response(exc: WorkflowError) -> Response:
    """Return the HTTP response of a refused workflow change."""
    if exc.status_code == status.HTTP_400_BAD_REQUEST:
        body: dict[str, Any] = {exc.field or "action": [exc.message]}
        if isinstance(exc, SpanTaken):
            body["existing_claim"] = exc.claim_id
        return Response(body, status=exc.status_code)
    return Response({"detail": exc.message}, status=exc.status_code)


class DeskAPIMixin:
    """Members only, JSON bodies, workflow refusals and bad export requests as 4xx responses."""

    permission_classes = [IsDeskMember]
    parser_classes = [JSONParser]
    schema = DeskSchema()
    versioned_writes = False

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, WorkflowError):
            return workflow_error_response(exc)
        if isinstance(exc, ExportProblem):
            exc = exceptions.ValidationError(exc.errors)
        if isinstance(exc, JobProblem):
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)
