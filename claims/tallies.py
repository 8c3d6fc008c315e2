"""Running counts of claims, kept exact by the database so no page counts a whole table.

PostgreSQL triggers (migration 0005) add each statement's net change to these tables in the
same transaction as the change itself, whatever path it came by: the workflow, the import of
candidates, the admin, a bulk load or raw SQL. A statement that changes no counted column
(an edit of a claim's text, say) writes nothing here. Reading a count is then a lookup of a
handful of rows, however many claims the desk holds.
"""

from django.db import models
from django.db.models import Sum

from claims.models import Status
from sources.models import Source

# Claims an analyst has taken on: what the dashboard and the source list call "recorded".
RECORDED_STATUSES = [s for s in Status.values if s not in (Status.CANDIDATE, Status.DISMISSED)]


class StatusTally(models.Model):
    """How many claims are in each status, with each rating."""

    pk = models.CompositePrimaryKey("status", "rating")
    status = models.CharField(max_length=20)
    rating = models.CharField(max_length=20, blank=True)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.status}/{self.rating or '-'}: {self.n}"


class SourceTally(models.Model):
    """How many claims each source holds in each status."""

    pk = models.CompositePrimaryKey("source", "status")
    source = models.ForeignKey(Source, on_delete=models.DO_NOTHING, db_constraint=False)
    status = models.CharField(max_length=20)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"source {self.source_id} {self.status}: {self.n}"


class SpeakerTally(models.Model):
    """How many claims each speaker is credited with, in each status."""

    pk = models.CompositePrimaryKey("speaker", "status")
    speaker = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.speaker or '-'} {self.status}: {self.n}"


class WeekTally(models.Model):
    """How many workflow events of each action were written in each week (Monday, UTC)."""

    pk = models.CompositePrimaryKey("week", "action")
    week = models.DateField()
    action = models.CharField(max_length=30)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.week} {self.action}: {self.n}"


def status_counts(
    *, source_id: int | None = None, ratings: list[str] | None = None
) -> dict[str, int]:
    """Return the number of claims in each status, of one source or of the whole desk.

    `ratings` counts only claims with one of these ratings (of the whole desk: the tallies
    keep ratings per status, not per source).
    """
    if source_id is not None:
        if ratings:
            raise ValueError("the tallies count ratings for the whole desk only")
        rows = SourceTally.objects.filter(source_id=source_id).values_list("status", "n")
    else:
        tallied = StatusTally.objects.filter(rating__in=ratings) if ratings else StatusTally.objects
        rows = tallied.values_list("status").annotate(total=Sum("n")).order_by()
    counts = dict.fromkeys(Status.values, 0)
    for status, n in rows:
        counts[status] = counts.get(status, 0) + n
    return counts


def rating_counts(status: str = Status.APPROVED) -> dict[str, int]:
    """Return the number of claims of a status with each rating."""
    rows = StatusTally.objects.filter(status=status).values_list("rating", "n")
    return {rating: n for rating, n in rows if n}


def claim_total(
    statuses: list[str] | None = None,
    *,
    source_id: int | None = None,
    ratings: list[str] | None = None,
) -> int:
    """Return how many claims are in these statuses (all when None), optionally of one source
    or with one of these ratings."""
    counts = status_counts(source_id=source_id, ratings=ratings)
    return sum(n for status, n in counts.items() if statuses is None or status in statuses)


def source_counts(source_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Return each source's (recorded claims, candidates), for a page of sources."""
    counts: dict[int, list[int]] = {pk: [0, 0] for pk in source_ids}
    rows = SourceTally.objects.filter(source_id__in=source_ids).values_list(
        "source_id", "status", "n"
    )
    for source_id, status, n in rows:
        if status in RECORDED_STATUSES:
            counts[source_id][0] += n
        elif status == Status.CANDIDATE:
            counts[source_id][1] += n
    return {pk: (recorded, candidates) for pk, (recorded, candidates) in counts.items()}


def top_speakers(limit: int) -> list[tuple[str, int]]:
    """Return the speakers with the most recorded claims, as (speaker, count)."""
    rows = (
        SpeakerTally.objects.filter(status__in=RECORDED_STATUSES)
        .values_list("speaker")
        .annotate(total=Sum("n"))
        .filter(total__gt=0)
        .order_by("-total", "speaker")[:limit]
    )
    return list(rows)


def top_sources(limit: int) -> list[tuple[int, str, int]]:
    """Return the sources with the most recorded claims, as (id, title, count)."""
    rows = list(
        SourceTally.objects.filter(status__in=RECORDED_STATUSES)
        .exclude(source__in=Source.objects.archived().values("pk"))
        .values_list("source_id")
        .annotate(total=Sum("n"))
        .filter(total__gt=0)
        .order_by("-total", "source_id")[:limit]
    )
    titles = dict(Source.objects.filter(pk__in=[pk for pk, _ in rows]).values_list("pk", "title"))
    return [(pk, titles.get(pk, ""), total) for pk, total in rows]
