"""Claims anchored in a source, their evidence, and the audit trail of every change."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.functional import cached_property

from extraction.figures import Comparison, Figure, compare, read_figure
from sources.models import Passage, Source


class Status(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    DISMISSED = "dismissed", "Dismissed"
    OPEN = "open", "Open"
    IN_RESEARCH = "in_research", "In research"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"


class Rating(models.TextChoices):
    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    MIXED = "mixed", "Mixed"
    MISLEADING = "misleading", "Misleading"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class Kind(models.TextChoices):
    QUANTITATIVE = "quantitative", "Quantitative"
    ATTRIBUTIVE = "attributive", "Attributive"


class AttributionStatus(models.TextChoices):
    UNCHECKED = "unchecked", "Unchecked"
    CONFIRMED = "confirmed", "Confirmed"
    PARTLY = "partly", "Partly confirmed"
    NOT_FOUND = "not_found", "Not found"
    MISATTRIBUTED = "misattributed", "Misattributed"


class Origin(models.TextChoices):
    EXTRACTOR = "extractor", "Proposed by the extractor"
    ANALYST = "analyst", "Recorded by an analyst"


# Claims someone has taken on: what "checked before?" searches, through indexes of its own
# (claims.similar.candidates). Candidates and dismissed claims were never checked.
MATCHABLE_STATUSES = [Status.OPEN, Status.IN_RESEARCH, Status.IN_REVIEW, Status.APPROVED]
MATCHABLE = Q(status__in=MATCHABLE_STATUSES)


def _match_key(field: str) -> Func:
    """Return `claims_match_key(field)`: a name or place folded as matching compares it."""
    return Func(F(field), function="claims_match_key", output_field=models.TextField())


def _match_unit(field: str) -> Func:
    return Func(F(field), function="claims_match_unit", output_field=models.TextField())


class ClaimQuerySet(models.QuerySet):
    def published(self) -> "ClaimQuerySet":
        """Return the claims whose verdict is public: approved ones only.

        Every approved claim has its approval time; saying so lets a walk down the approval
        index newest first skip the NULLs of the claims never approved, which come first.
        """
        return self.filter(status=Status.APPROVED, approved_at__isnull=False)


class Claim(models.Model):
    """One checkable statement anchored by character offsets in a source's text."""

    # The enumerations live at module level so that Meta's constraints can name them.
    Status = Status
    Rating = Rating
    Kind = Kind
    AttributionStatus = AttributionStatus
    Origin = Origin

    # Indexed by the unique (source, start, end) span: no index of its own to keep up.
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    passage = models.ForeignKey(
        Passage, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    # W3C Web Annotation: TextPositionSelector (start, end) + TextQuoteSelector (quote,
    # prefix, suffix), so the anchor can be found again after a re-import.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)

    speaker = models.CharField(max_length=200, blank=True)
    kinds = ArrayField(models.CharField(max_length=20, choices=Kind.choices), default=list)
    statement = models.TextField(blank=True, help_text="A neutral one-sentence restatement.")
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.ANALYST)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    rationale = models.TextField(blank=True)
    correction_note = models.TextField(
        blank=True, help_text="Public note shown when an approved verdict was corrected."
    )
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)

    # Quantitative part.
    quantity_text = models.CharField(max_length=200, blank=True)
    value_low = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    value_high = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    qualifier = models.CharField(max_length=50, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    period = models.CharField(max_length=100, blank=True)
    place = models.CharField(max_length=200, blank=True)

    # Attributive part: whether the named actor said or did it is checked apart from truth.
    attributed_to = models.CharField(max_length=200, blank=True)
    attribution_verb = models.CharField(max_length=50, blank=True)
    attributed_content = models.TextField(blank=True)
    attribution_status = models.CharField(
        max_length=20, choices=AttributionStatus.choices, default=AttributionStatus.UNCHECKED
    )

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        db_index=False,  # indexed by (assignee, status)
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_claims",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_claims",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_claims",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # When the verdict was first published; a correction keeps it and moves approved_at.
    first_approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["source_id", "start", "end"]
        permissions = [("approve_claim", "Can approve, send back and reopen claims")]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_start_lt_end"),
            models.CheckConstraint(
                condition=Q(value_low__isnull=True)
                | Q(value_high__isnull=True)
                | Q(value_low__lte=F("value_high")),
                name="claim_value_low_lte_high",
            ),
            models.UniqueConstraint(
                fields=["source", "start", "end"], name="claim_unique_span_per_source"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=["", *Rating.values]), name="claim_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(kinds__contained_by=Kind.values),
                name="claim_kinds_valid",
            ),
            models.CheckConstraint(
                condition=Q(attribution_status__in=AttributionStatus.values),
                name="claim_attribution_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.APPROVED) | ~Q(rating=""),
                name="claim_approved_has_rating",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="claim_status_submitted"),
            models.Index(fields=["rating"], name="claim_rating"),
            models.Index(fields=["speaker"], name="claim_speaker"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status"),
            models.Index(fields=["-updated_at"], name="claim_updated"),
            GinIndex(fields=["kinds"], name="claim_kinds_gin"),
            GinIndex(fields=["tags"], name="claim_tags_gin"),
            # Every sort the lists offer (claims.filters.ORDERINGS) walks an index.
            models.Index(fields=["created_at"], name="claim_created"),
            models.Index(fields=["submitted_at"], name="claim_submitted"),
            models.Index(fields=["approved_at"], name="claim_approved"),
            models.Index(fields=["start"], name="claim_start"),
            # The public index of verdicts, newest first, by rating or by source.
            models.Index(
                F("approved_at").desc(),
                F("id").desc(),
                condition=Q(status=Status.APPROVED),
                name="claim_published",
            ),
            models.Index(
                F("rating"),
                F("approved_at").desc(),
                F("id").desc(),
                condition=Q(status=Status.APPROVED),
                name="claim_published_rating",
            ),
            models.Index(
                F("source"),
                F("approved_at").desc(),
                F("id").desc(),
                condition=Q(status=Status.APPROVED),
                name="claim_published_source",
            ),
            # Text filters match a part of a word, case ignored (UPPER(col) LIKE UPPER('%x%')):
            # trigram indexes on the same expression answer them without a scan.
            *[
                GinIndex(OpClass(Upper(name), name="gin_trgm_ops"), name=f"claim_{name}_trgm")
                for name in ("quote", "statement", "rationale", "speaker")
            ],
            # "Checked before?" (claims.similar.candidates): rare words, place, figure and
            # attribution of the claims someone has taken on, each read through a LIMIT.
            GinIndex(
                Func(
                    F("quote"),
                    F("statement"),
                    function="claims_match_words",
                    output_field=SearchVectorField(),
                ),
                condition=MATCHABLE,
                name="claim_similar_words",
            ),
            models.Index(
                _match_key("place"),
                _match_unit("unit"),
                F("id"),
                condition=MATCHABLE & ~Q(place=""),
                name="claim_similar_place",
            ),
            models.Index(
                _match_unit("unit"),
                F("value_low"),
                F("value_high"),
                F("id"),
                condition=MATCHABLE & ~Q(unit=""),
                name="claim_similar_figure",
            ),
            models.Index(
                _match_key("attributed_to"),
                F("id"),
                condition=MATCHABLE & ~Q(attributed_to=""),
                name="claim_similar_attribution",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.quote[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("claim-detail", args=[self.pk])

    @property
    def is_quantitative(self) -> bool:
        return self.Kind.QUANTITATIVE in self.kinds

    @property
    def is_attributive(self) -> bool:
        return self.Kind.ATTRIBUTIVE in self.kinds


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Context"


class Credibility(models.IntegerChoices):
    CONFIRMED = 1, "1 - confirmed by other sources"
    PROBABLY_TRUE = 2, "2 - probably true"
    POSSIBLY_TRUE = 3, "3 - possibly true"
    DOUBTFUL = 4, "4 - doubtful"
    IMPROBABLE = 5, "5 - improbable"
    CANNOT_JUDGE = 6, "6 - truth cannot be judged"


class Evidence(models.Model):
    """A source linked to a claim with a stance, the excerpt relied on and its credibility."""

    Stance = Stance
    Credibility = Credibility

    # Indexed by (claim, stance): the exports count each claim's links by stance from the
    # index alone, and a claim's links are found by the same index.
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="evidence", db_index=False
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    excerpt = models.TextField(blank=True)
    locator = models.CharField(max_length=200, blank=True, help_text="Page, paragraph, #anchor.")
    source_figure = models.CharField(max_length=200, blank=True)
    # The source's figure as bounds, read by the claims' own parser (the analyst may change
    # them): compared with the claim's bounds in `figure_comparison`.
    figure_low = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    figure_high = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    # What the source's figure counts, as read from it ("militants"): lets the database
    # compare figures (the exports) as `figure_comparison` does.
    figure_unit = models.CharField(max_length=100, blank=True, default="", db_default="")
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, default=Credibility.CANNOT_JUDGE
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "stance", "id"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["claim", "stance"], name="evidence_claim_stance")]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values),
                name="evidence_stance_valid",
            ),
            models.CheckConstraint(
                condition=Q(credibility__gte=min(Credibility.values))
                & Q(credibility__lte=max(Credibility.values)),
                name="evidence_credibility_admiralty",
            ),
            models.CheckConstraint(
                condition=Q(figure_low__isnull=True)
                | Q(figure_high__isnull=True)
                | Q(figure_low__lte=F("figure_high")),
                name="evidence_figure_low_lte_high",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source}"

    @cached_property
    def figure_comparison(self) -> Comparison:
        """Return how the claim's figure stands to this source's (reads the claim)."""
        claim = self.claim
        return compare(
            Figure(claim.value_low, claim.value_high, claim.unit),
            Figure(self.figure_low, self.figure_high, read_figure(self.source_figure).unit),
        )


class ClaimEvent(models.Model):
    """One row of the audit trail: who changed what on a claim, and when. Never edited."""

    # Indexed by (claim, created_at).
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claim_events",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [old, new]}")

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at"], name="claimevent_claim_time")]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.action} {self.from_status}->{self.to_status}"


class ClaimLink(models.Model):
    """An analyst's finding that `claim` makes the same claim as an `earlier` one.

    Written and removed only through claims.workflow (link_same_claim, unlink_same_claim),
    each time with an event on both claims.
    """

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="same_as_links", db_index=False
    )  # indexed by the unique (claim, earlier) pair
    earlier = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="repeated_by_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "earlier_id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "earlier"], name="claimlink_unique_pair"),
            models.CheckConstraint(condition=~Q(claim=F("earlier")), name="claimlink_not_itself"),
        ]

    def __str__(self) -> str:
        return f"#{self.claim_id} is the same claim as #{self.earlier_id}"


# Export jobs live with the export code, the running counts with the code reading them;
# importing them here registers them with the app.
from claims.exports.models import ExportJob  # noqa: E402
from claims.jobs.models import ExtractionJob  # noqa: E402
from claims.search.models import (  # noqa: E402
    ClaimDocument,
    EvidenceDocument,
    PassageDocument,
    SearchWord,
)
from claims.tallies import SourceTally, SpeakerTally, StatusTally, WeekTally  # noqa: E402

__all__ = [
    "Claim",
    "ClaimDocument",
    "ClaimEvent",
    "ClaimLink",
    "Evidence",
    "EvidenceDocument",
    "ExportJob",
    "ExtractionJob",
    "PassageDocument",
    "SearchWord",
    "SourceTally",
    "SpeakerTally",
    "StatusTally",
    "WeekTally",
]
