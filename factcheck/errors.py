"""Error responses: JSON under /api/, pages elsewhere, and 503 while the database is down.

Django answers errors raised outside a view's own handling (a body over the size limit, a
crash, a lost database) with these views. Under /api/ every one is JSON with a `detail`, as
the API's own errors are; a database that cannot be reached is 503 with Retry-After
everywhere, since trying again shortly is the right thing to do.
"""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def too_large_message() -> str:
    """Return what a caller whose request body is over the limit is told."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return f"The request is larger than the {limit} MB the desk accepts."


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Answer 400 (413 for a body over the limit)."""
    if isinstance(exception, RequestDataTooBig):
        if is_api(request):
            return _json(413, too_large_message())
        return render(request, "errors/413.html", {"message": too_large_message()}, status=413)
    if is_api(request):
        return _json(400, "Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Answer 403."""
    if is_api(request):
        return _json(403, "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Answer 404."""
    if is_api(request):
        return _json(404, "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 500, or 503 with Retry-After when the database could not be reached."""
    error = sys.exc_info()[1]  # Django calls this inside the handler of the error
    if isinstance(error, OperationalError | InterfaceError):
        detail = "The database is not answering; try again shortly."
        if is_api(request):
            response = _json(503, detail)
        else:
            response = render(request, "errors/503.html", {"message": detail}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if is_api(request):
        return _json(500, "Server error: the desk could not answer; it has been logged.")
    return defaults.server_error(request)
