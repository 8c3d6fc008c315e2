"""A refused workflow form, kept across the redirect back to the page it was sent from.

The page shows the form again with what was typed in it and the reason beside the field the
refusal names (or at the top of that form when it names none of its fields).
"""

from urllib.parse import urlsplit

from django.http import HttpRequest

SESSION_KEY = "refused_action"
KEPT_VALUES = ("rating", "rationale", "comment")
_UNREAD = object()


def stale_message(claim_pk: int, button: str) -> str:
    """Say that someone changed the claim meanwhile, and that the form still holds the typing."""
    return (
        f"Someone changed claim #{claim_pk} while you had it open, so nothing was saved. What "
        "you typed is still in the form below: compare it with the claim as it now stands, "
        f"then press “{button}” again to apply it."
    )


def keep_refusal(
    request: HttpRequest,
    claim_pk: int,
    action: str,
    values: dict,
    *,
    field: str | None,
    message: str,
    shown_at: str,
) -> None:
    """Keep a refused action form of a claim for the page at `shown_at` (a URL) to show."""
    request.session[SESSION_KEY] = {
        "path": urlsplit(shown_at).path,
        "claim": claim_pk,
        "action": action,
        "values": {name: str(values.get(name) or "") for name in KEPT_VALUES},
        "field": field if field in KEPT_VALUES else "",
        "message": message,
    }


def refusal_for(request: HttpRequest | None, claim_pk: int) -> dict | None:
    """Return the refused action form kept for this claim and page, once.

    The first page that asks forgets it, so it is never shown later on another visit.
    """
    if request is None or not hasattr(request, "session"):
        return None
    kept = getattr(request, "_refused_action", _UNREAD)
    if kept is _UNREAD:
        kept = request.session.pop(SESSION_KEY, None)
        request._refused_action = kept
    if isinstance(kept, dict) and (kept.get("claim"), kept.get("path")) == (claim_pk, request.path):
        return kept
    return None
