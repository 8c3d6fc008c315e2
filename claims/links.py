"""Absolute links (exports, the ClaimReview feed, mail): SITE_URL when set, else the host asked."""

from django.conf import settings
from django.http import HttpRequest

# Where a link points when SITE_URL is unset and no request says where the desk is served.
FALLBACK_SITE_URL = "http://127.0.0.1:8000"


def site_url(request: HttpRequest | None = None) -> str:
    """Return the address the desk is reached at, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return FALLBACK_SITE_URL
