"""The demo desk: a fictional interview and two members, loaded by `make run`."""

import datetime
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from claims import workflow
from claims.candidates import store_candidates
from claims.members import create_member
from claims.models import Claim
from sources.importing import import_text
from sources.models import Outlet, Source

DEMO_TEXT = Path(settings.BASE_DIR) / "factcheck" / "demo" / "harbour-interview.txt"
DEMO_EVIDENCE = Path(settings.BASE_DIR) / "factcheck" / "demo" / "osterlund-health-bulletin.txt"
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
        if result.created:
            _work_some_claims(result.source)
    return DemoResult(result.source, result.created, passwords)


def _work_some_claims(source: Source) -> None:
    """Carry a few demo candidates through the workflow, so every page has something to show."""
    User = get_user_model()
    analyst, reviewer = User.objects.get(username="analyst"), User.objects.get(username="reviewer")
    office, _ = Outlet.objects.get_or_create(
        name="Osterlund Provincial Health Office",
        defaults={
            "reliability": Outlet.Reliability.B,
            "reliability_note": "Invented for the demo.",
        },
    )
    bulletin = import_text(
        DEMO_EVIDENCE.read_text(encoding="utf-8"),
        title="Quarterly health bulletin, Q4 2024 (fictional)",
        outlet=office,
        kind=Source.Kind.REPORT,
    ).source

    def research(phrase: str, excerpt: str, stance: str, figure: str, statement: str) -> Claim:
        claim = source.claims.get(status=Claim.Status.CANDIDATE, quote__contains=phrase)
        claim = workflow.apply_action(claim, "accept", actor=analyst, version=claim.version)
        claim = workflow.apply_action(claim, "start", actor=analyst, version=claim.version)
        claim = workflow.update_claim(
            claim, actor=analyst, version=claim.version, statement=statement
        )
        workflow.add_evidence(
            claim,
            actor=analyst,
            source=bulletin,
            stance=stance,
            excerpt=excerpt,
            source_figure=figure,
            credibility=2,
        )
        claim.refresh_from_db()
        return claim

    convoys = research(
        "37 villages",
        "relief convoys reaching 37 villages isolated by the spring floods",
        "supports",
        "37",
        "The relief mission's convoys reached 37 villages.",
    )
    convoys = workflow.apply_action(
        convoys,
        "submit",
        actor=analyst,
        version=convoys.version,
        rating=Claim.Rating.TRUE,
        rationale="The province's own logistics log counts the same 37 villages.",
    )
    workflow.apply_action(convoys, "approve", actor=reviewer, version=convoys.version)

    coverage = research(
        "about 80%",
        "reached 74% in December 2024, against 52% in December 2023",
        "contradicts",
        "74%",
        "Vaccination of under-fives rose to about 80%.",
    )
    workflow.apply_action(
        coverage,
        "submit",
        actor=analyst,
        version=coverage.version,
        rating=Claim.Rating.MISLEADING,
        rationale="The 52% baseline is right, but the health office counts 74%, not about 80%: "
        "the rise is real and the level is overstated.",
    )
    research(
        "4,500 patients",
        "4,612 consultations in 2024",
        "supports",
        "4,612",
        "Clinics saw more than 4,500 patients in 2024.",
    )
