"""What claims come from and what evidence points to: outlets, sources and their passages."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length


class Reliability(models.TextChoices):
    A = "A", "A - completely reliable"
    B = "B", "B - usually reliable"
    C = "C", "C - fairly reliable"
    D = "D", "D - not usually reliable"
    E = "E", "E - unreliable"
    F = "F", "F - reliability cannot be judged"


class OutletQuerySet(models.QuerySet):
    def named(self, name: str) -> "Outlet":
        """Return the outlet of this name (case ignored), creating it when there is none."""
        return self.filter(name__iexact=name).first() or self.create(name=name)


class Outlet(models.Model):
    """A publisher, graded for reliability on the Admiralty scale (A-F)."""

    Reliability = Reliability

    name = models.CharField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)
    country = models.CharField(max_length=100, blank=True)
    reliability = models.CharField(max_length=1, choices=Reliability.choices, default=Reliability.F)
    reliability_note = models.TextField(blank=True, help_text="Why this grade.")

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("grade_outlet", "Can set an outlet's reliability grade")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__in=Reliability.values),
                name="outlet_reliability_admiralty",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SourceQuerySet(models.QuerySet):
    def listed(self) -> "SourceQuerySet":
        """Return the sources the lists show: all but the archived ones."""
        return self.filter(archived_at__isnull=True)

    def archived(self) -> "SourceQuerySet":
        """Return the archived sources (few: a subquery of them costs next to nothing)."""
        return self.filter(archived_at__isnull=False)


class Source(models.Model):
    """One text or record: the interview under check, or a piece of evidence."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Interview"
        ARTICLE = "article", "Article"
        STATEMENT = "statement", "Statement"
        REPORT = "report", "Report"
        DATASET = "dataset", "Dataset"
        SOCIAL_POST = "social_post", "Social media post"
        OTHER = "other", "Other"

    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True, help_text="Archived snapshot.")
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    authors = models.CharField(max_length=500, blank=True)
    published_at = models.DateField(null=True, blank=True)
    accessed_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True, default="en")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    text = models.TextField(blank=True, help_text="The full text, exactly as received.")
    # Counted by the database whenever the text is written, so the reader can page through a
    # long text without reading all of it.
    text_length = models.GeneratedField(
        expression=Length("text"), output_field=models.PositiveIntegerField(), db_persist=True
    )
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # An archived source is hidden from the lists; the claims anchored in it stay as they are.
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"], condition=~Q(sha256=""), name="source_unique_text"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "interview",
                        "article",
                        "statement",
                        "report",
                        "dataset",
                        "social_post",
                        "other",
                    ]
                ),
                name="source_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return self.title


class PassageQuerySet(models.QuerySet):
    def overlapping(self, source_id: int, start: int, end: int) -> "PassageQuerySet":
        """Return the source's passages overlapping text[start:end], in order of the text.

        Two ranges of the (source, start) index: the passage holding `start` (the last one
        starting at or before it) and those starting inside the range, so the cost does not
        grow with the passages before `start`.
        """
        holding = (
            self.model.objects.filter(source_id=source_id, start__lte=start)
            .order_by("-start")
            .values("start")[:1]
        )
        return self.filter(
            Q(start__gt=start, start__lt=end) | Q(start=models.Subquery(holding), end__gt=start),
            source_id=source_id,
        ).order_by("start")


class Passage(models.Model):
    """An ordered part of a source's text, with who speaks it and what part it plays."""

    class Role(models.TextChoices):
        CAPTION = "caption", "Caption"
        CREDIT = "credit", "Credit"
        QUESTION = "question", "Question"
        ANSWER = "answer", "Answer"
        NARRATION = "narration", "Narration"
        BYLINE = "byline", "Byline"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    role = models.CharField(max_length=20, choices=Role.choices)
    speaker = models.CharField(max_length=200, blank=True)

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["source", "position"]
        # Finding the passage that holds an offset (the reader, candidate storage).
        indexes = [models.Index(fields=["source", "start"], name="passage_source_start")]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="passage_unique_position"),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="passage_start_lt_end"
            ),
            models.CheckConstraint(
                condition=Q(
                    role__in=["caption", "credit", "question", "answer", "narration", "byline"]
                ),
                name="passage_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}#{self.position} {self.role} ({self.speaker or '-'})"

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]


class OutletGrade(models.Model):
    """One setting of an outlet's reliability grade, with why: the grade's history."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="grades")
    previous = models.CharField(max_length=1, choices=Reliability.choices)
    grade = models.CharField(max_length=1, choices=Reliability.choices)
    reason = models.CharField(max_length=500)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outlet_id", "-set_at", "-id"]
        indexes = [models.Index(fields=["outlet", "-set_at"], name="outletgrade_outlet_time")]

    def __str__(self) -> str:
        return f"{self.outlet_id}: {self.previous} -> {self.grade}"


class SourceEvent(models.Model):
    """One change to a source's record: an edit of its details, archiving, removal."""

    # Kept when the source is removed: the title says which one it was.
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    source_title = models.CharField(max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [old, new]}")
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source", "-created_at"], name="sourceevent_source_time")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.action}"
