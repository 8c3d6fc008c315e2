"""What the dashboard shows: counts read from the running tallies, and chart geometry."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from claims import tallies
from claims.models import Claim
from claims.tallies import WeekTally

Status = Claim.Status
TOP = 8
WEEKS = 12
RATING_ORDER = list(Claim.Rating)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    css: str
    y: float = 0
    width: float = 0  # in chart units, the widest bar filling the bar space
    href: str = ""


@dataclass(frozen=True)
class Column:
    week: str
    recorded: int
    approved: int
    x: float
    recorded_y: float
    recorded_h: float
    approved_y: float
    approved_h: float


def horizontal_bars(
    rows: list[tuple[str, int, str, str]], *, row_height: int = 26, bar_space: int = 200
) -> dict:
    """Lay out (label, value, css class, link) rows as horizontal bars of an SVG chart."""
    top = max((value for _, value, _, _ in rows), default=0) or 1
    bars = [
        Bar(label, value, css, y=i * row_height, width=round(bar_space * value / top, 1), href=href)
        for i, (label, value, css, href) in enumerate(rows)
    ]
    return {"bars": bars, "height": max(1, len(bars)) * row_height, "row_height": row_height}


def status_counts() -> list[tuple[Status, int]]:
    """Return every status with its number of claims, in workflow order."""
    counts = tallies.status_counts()
    return [(status, counts.get(status.value, 0)) for status in Status]


def rating_counts() -> list[tuple[Claim.Rating, int]]:
    """Return the approved verdicts by rating, true to false then unverifiable."""
    counts = tallies.rating_counts(Status.APPROVED)
    return [(rating, counts.get(rating.value, 0)) for rating in RATING_ORDER]


def top_speakers(limit: int = TOP) -> list[tuple[str, int]]:
    """Return the speakers with the most recorded claims."""
    return [(speaker or "Unknown speaker", n) for speaker, n in tallies.top_speakers(limit)]


def top_sources(limit: int = TOP) -> list[tuple[int, str, int]]:
    """Return the sources with the most recorded claims as (id, title, count)."""
    return tallies.top_sources(limit)


def oldest_waiting(limit: int = TOP) -> list[Claim]:
    """Return the claims waiting longest for review."""
    return list(
        Claim.objects.filter(status=Status.IN_REVIEW)
        .select_related("source", "submitted_by")
        .order_by("submitted_at", "id")[:limit]
    )


def weekly(weeks: int = WEEKS, *, height: int = 160, width: int = 600) -> dict:
    """Return claims recorded and approved per week (from the audit trail) as SVG columns.

    Weeks start on Monday, in UTC as the tally keeps them.
    """
    today = timezone.localdate()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    rows = WeekTally.objects.filter(
        action__in=["record", "accept", "approve"], week__gte=first
    ).values_list("week", "action", "n")
    recorded: dict = {}
    approved: dict = {}
    for day, action, n in rows:
        target = approved if action == "approve" else recorded
        target[day] = target.get(day, 0) + n
    starts = [first + timedelta(days=7 * i) for i in range(weeks)]
    top = max([*recorded.values(), *approved.values(), 1])
    slot = width / weeks
    bar = slot * 0.35
    columns = []
    for i, day in enumerate(starts):
        r, a = recorded.get(day, 0), approved.get(day, 0)
        rh, ah = height * r / top, height * a / top
        columns.append(
            Column(
                week=day.strftime("%d %b"),
                recorded=r,
                approved=a,
                x=round(i * slot + slot * 0.12, 2),
                recorded_y=round(height - rh, 2),
                recorded_h=round(rh, 2),
                approved_y=round(height - ah, 2),
                approved_h=round(ah, 2),
            )
        )
    return {
        "columns": columns,
        "height": height,
        "width": width,
        "bar": round(bar, 2),
        "top": top,
        "total_recorded": sum(recorded.values()),
        "total_approved": sum(approved.values()),
    }
