"""The demo desk: a fictional interview and two members, loaded by `make run`."""

import datetime
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from claims.candidates import store_candidates
from claims.members import create_member
from sources.importing import import_text
from sources.models import Outlet, Source

DEMO_TEXT = Path(settings.BASE_DIR) / "factcheck" / "demo" / "harbour-interview.txt"
DEMO_USERS = ("analyst", "reviewer")


@dataclass
class DemoResult:
    source: Source
    source_created: bool
    passwords: dict[str, str] = field(default_factory=dict)


def load_demo(*, create_users: bool = True) -> DemoResult:
    """Import the demo interview and create the demo members; running it again adds nothing."""
    outlet, _ = Outlet.objects.get_or_create(
        name="Lakeside Courier",
        defaults={
            "country": "Osterlund (fictional)",
            "reliability": Outlet.Reliability.C,
            "reliability_note": "Invented outlet for the demo.",
        },
    )
    result = import_text(
        DEMO_TEXT.read_text(encoding="utf-8"),
        title="Relief mission coordinator on a year of floods (fictional demo interview)",
        outlet=outlet,
        published_at=datetime.date(2025, 1, 20),
        kind=Source.Kind.INTERVIEW,
    )
    store_candidates(result.source.pk)  # idempotent: a second load adds no claims
    passwords = {}
    if create_users:
        existing = set(
            get_user_model()
            .objects.filter(username__in=DEMO_USERS)
            .values_list("username", flat=True)
        )
        for username in DEMO_USERS:
            if username not in existing:
                passwords[username] = secrets.token_urlsafe(12)
                create_member(username, username, passwords[username])
    return DemoResult(result.source, result.created, passwords)
