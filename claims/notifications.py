"""Mail about verdicts: reviewers hear of submissions, submitters hear of the review."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mass_mail

from claims.links import site_url
from claims.models import ClaimEvent

# How long a sent mark is kept: far longer than any retry or duplicate delivery.
SENT_MARK_SECONDS = 60 * 60 * 24 * 30
SUBJECTS = {
    "submit": "Claim #{pk} is waiting for your review",
    "approve": "Claim #{pk} was approved",
    "request_changes": "Claim #{pk} was sent back to you",
}


# Permissions live in the model backend; the sign-in lock-out's backend holds none.
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"


def recipients_for(event: ClaimEvent) -> list[str]:
    """Return the addresses to tell about this event: reviewers on submit, else the submitter."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if event.action == "submit":
        users = users.filter(
            pk__in=get_user_model()
            .objects.with_perm("claims.approve_claim", backend=PERMISSIONS_BACKEND)
            .values("pk")
        )
    elif event.action in {"approve", "request_changes"}:
        users = users.filter(pk=event.claim.submitted_by_id)
    else:
        return []
    if event.actor_id is not None:
        users = users.exclude(pk=event.actor_id)  # nobody is told of what they did themselves
    return sorted(users.values_list("email", flat=True).distinct())


def _body(event: ClaimEvent) -> str:
    claim = event.claim
    who = event.actor.get_username() if event.actor else "Someone"
    lines = [
        f"{who} did “{event.action.replace('_', ' ')}” on claim #{claim.pk}.",
        "",
        f"Quote: “{claim.quote}”",
        f"Speaker: {claim.speaker or '-'}",
        f"Rating: {claim.get_rating_display() or '-'}",
    ]
    if event.comment:
        lines += ["", "Comment:", event.comment]
    lines += ["", site_url() + claim.get_absolute_url()]
    return "\n".join(lines)


@shared_task
def send_transition_mail(event_id: int) -> int:
    """Mail the people a workflow event concerns, at most once per event; return mails sent."""
    event = ClaimEvent.objects.select_related("claim", "actor").filter(pk=event_id).first()
    if event is None or event.action not in SUBJECTS:
        return 0
    # Events are append-only, so the sent mark lives in the cache (shared by every worker
    # when CACHE_URL points at Redis). cache.add is atomic: of two runs of the same event,
    # only the first sends. The event's time is part of the key so a reset database that
    # reuses ids cannot inherit an old mark.
    mark = f"claims:transition-mail:{event.pk}:{event.created_at.timestamp()}"
    if not cache.add(mark, 1, SENT_MARK_SECONDS):
        return 0
    try:
        addresses = recipients_for(event)
        subject = SUBJECTS[event.action].format(pk=event.claim_id)
        body = _body(event)
        messages = [(subject, body, None, [address]) for address in addresses]
        return send_mass_mail(messages, fail_silently=False) if messages else 0
    except Exception:
        cache.delete(mark)  # let a retry send what this run could not
        raise
