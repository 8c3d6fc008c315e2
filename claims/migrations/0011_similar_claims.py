"""Checked before? Indexes that find earlier claims like a given one, and "same claim" links.

The functions fold case and accents (`unaccent`), reduce a name or place to a key and a
unit to its last word, and turn a quote and statement into stemmed words. Each index covers
only the claims someone has taken on (open, in research, in review, approved), built in one
pass each; ANALYZE then gives the planner, and claims.similar.candidates, the frequency of
each word, which is how the rare ones are picked.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

MATCHABLE = models.Q(status__in=["open", "in_research", "in_review", "approved"])

# Functions are created schema-qualified (the extension's schema for unaccent, ours for the
# rest) so that restoring a dump, which runs with an empty search_path, still finds them.
FUNCTIONS = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $do$
DECLARE
    ext text := (SELECT n.nspname FROM pg_extension e
                 JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent');
    here text := current_schema();
BEGIN
    EXECUTE format(
        $f$CREATE FUNCTION %1$I.claims_match_fold(text) RETURNS text
           LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
           AS $body$ SELECT lower(%2$I.unaccent(%3$L::regdictionary, $1)) $body$$f$,
        here, ext, ext || '.unaccent');
    EXECUTE format(
        $f$CREATE FUNCTION %1$I.claims_match_key(text) RETURNS text
           LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
           AS $body$ SELECT btrim(regexp_replace(regexp_replace(
               %1$I.claims_match_fold($1), '^\s*the\s+', ''),
               '\s+(region|province|prefecture)\s*$', '')) $body$$f$,
        here);
    EXECUTE format(
        $f$CREATE FUNCTION %1$I.claims_match_unit(text) RETURNS text
           LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
           AS $body$ SELECT regexp_replace(regexp_replace(
               substring(%1$I.claims_match_fold($1) from '([a-z]+)[^a-z]*$'),
               'ies$', 'y'), '([^s])s$', '\1') $body$$f$,
        here);
    EXECUTE format(
        $f$CREATE FUNCTION %1$I.claims_match_words(text, text) RETURNS tsvector
           LANGUAGE sql IMMUTABLE PARALLEL SAFE
           AS $body$ SELECT to_tsvector('pg_catalog.english'::regconfig,
               %1$I.claims_match_fold(coalesce($1, '') || ' ' || coalesce($2, ''))) $body$$f$,
        here);
END
$do$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS claims_match_words(text, text);
DROP FUNCTION IF EXISTS claims_match_unit(text);
DROP FUNCTION IF EXISTS claims_match_key(text);
DROP FUNCTION IF EXISTS claims_match_fold(text);
"""


def match_key(field):
    return models.Func(models.F(field), function="claims_match_key", output_field=models.TextField())


def match_unit(field):
    return models.Func(models.F(field), function="claims_match_unit", output_field=models.TextField())


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        # Building the indexes of a million claims sorts in memory rather than on disk.
        migrations.RunSQL("SET LOCAL maintenance_work_mem = '256MB'", migrations.RunSQL.noop),
        migrations.CreateModel(
            name="ClaimLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "claim",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="same_as_links",
                        to="claims.claim",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "earlier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="repeated_by_links",
                        to="claims.claim",
                    ),
                ),
            ],
            options={
                "ordering": ["claim_id", "earlier_id"],
                "constraints": [
                    models.UniqueConstraint(fields=("claim", "earlier"), name="claimlink_unique_pair"),
                    models.CheckConstraint(condition=models.Q(("claim", models.F("earlier")), _negated=True), name="claimlink_not_itself"),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="claim",
            index=GinIndex(
                models.Func(models.F("quote"), models.F("statement"), function="claims_match_words", output_field=SearchVectorField()),
                condition=MATCHABLE,
                name="claim_similar_words",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                match_key("place"),
                match_unit("unit"),
                models.F("id"),
                condition=MATCHABLE & ~models.Q(place=""),
                name="claim_similar_place",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                match_unit("unit"),
                models.F("value_low"),
                models.F("value_high"),
                models.F("id"),
                condition=MATCHABLE & ~models.Q(unit=""),
                name="claim_similar_figure",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                match_key("attributed_to"),
                models.F("id"),
                condition=MATCHABLE & ~models.Q(attributed_to=""),
                name="claim_similar_attribution",
            ),
        ),
        # The word frequencies of the new index, read to pick the rare words.
        migrations.RunSQL("ANALYZE claims_claim", migrations.RunSQL.noop),
    ]
