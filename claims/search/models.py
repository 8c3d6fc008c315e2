"""What search reads: each claim's, evidence link's and passage's words, kept by the database.

PostgreSQL triggers (migration 0010) write these rows in the same statement as the change to
the claim, the evidence or the source's passages, whatever path it came by (the workflow,
the importer, the admin, `seed_scale`'s COPY). Each is a narrow table beside the one it
indexes: ranking reads a few hundred bytes a match, and the claims table keeps its rows and
indexes as they were.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from claims.models import Claim, Evidence
from sources.models import Passage


class ClaimDocument(models.Model):
    """A claim's words (weighted by field) and its figure, as search matches them."""

    # No database constraint: the triggers keep one row per claim and remove it with the claim.
    claim = models.OneToOneField(
        Claim,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    # quote A; tags, speaker, attributed_to, place and statement B; rationale C.
    document = SearchVectorField()
    # The figure: what it counts ("militant", as extraction.figures.unit_key reads the unit)
    # and its bounds, open sides infinite; blank key when the claim has no bounds.
    unit_key = models.CharField(max_length=100, blank=True)
    figure_low = models.FloatField(null=True)
    figure_high = models.FloatField(null=True)

    class Meta:
        indexes = [
            GinIndex(fields=["document"], name="claimdocument_words"),
            models.Index(
                fields=["unit_key", "figure_low", "figure_high"],
                name="claimdocument_figure",
                condition=~Q(unit_key=""),
            ),
        ]

    def __str__(self) -> str:
        return f"words of claim {self.claim_id}"


class EvidenceDocument(models.Model):
    """An evidence link's words: the excerpt relied on (A) and the analyst's note (B)."""

    evidence = models.OneToOneField(
        Evidence,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    document = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["document"], name="evidencedocument_words")]

    def __str__(self) -> str:
        return f"words of evidence {self.evidence_id}"


class PassageDocument(models.Model):
    """The words of one passage of a source's text."""

    passage = models.OneToOneField(
        Passage,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    document = SearchVectorField()
    # Where the passage lies in its source's text as UTF-8 bytes: a snippet is cut there
    # without walking a long text character by character (claimdesk_passage_bodies).
    start_byte = models.PositiveIntegerField(null=True)
    end_byte = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [GinIndex(fields=["document"], name="passagedocument_words")]

    def __str__(self) -> str:
        return f"words of passage {self.passage_id}"


class SearchWord(models.Model):
    """A word written in a claim or an evidence link (lower case, accents removed).

    The vocabulary a misspelt query word is matched against by trigram similarity:
    "milittants" finds "militants". Claims quote their sources word for word, so the words
    that matter in the texts are here too.
    """

    word = models.CharField(max_length=64, primary_key=True)

    class Meta:
        indexes = [
            GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="searchword_trigrams"),
        ]

    def __str__(self) -> str:
        return self.word
