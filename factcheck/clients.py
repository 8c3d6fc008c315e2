"""Who is asking: the client's address, the one rule behind throttles and login lock-outs.

Behind proxies the connection comes from the nearest proxy, and `X-Forwarded-For` lists the
addresses each proxy saw, the client's own claims first. Only the entries our proxies wrote
can be trusted, so the address is read `TRUSTED_PROXY_COUNT` entries from the end of the
header; with no trusted proxy (the default) the header is ignored, since anyone can send it.
"""

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def client_address(request: HttpRequest) -> str:
    """Return the client's IP address, trusting X-Forwarded-For only as far as our proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if not hops:
        return remote
    return hops[-min(trusted, len(hops))]


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_address(request)


class AnonThrottle(ClientAddressMixin, AnonRateThrottle):
    """Requests without a member, counted per client address in the shared cache."""


class UserThrottle(ClientAddressMixin, UserRateThrottle):
    """Requests of a member, counted per member (per address when signed out)."""
