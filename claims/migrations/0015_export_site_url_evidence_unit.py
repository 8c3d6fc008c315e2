"""Exports: evidence figures compared by the database, links to the asking host; removals.

- `claims_evidence.figure_unit`: what the source's figure counts, read from `source_figure`
  as `add_evidence` reads it (each distinct figure read once here);
- `claimdesk_figure_relation(...)` and `claimdesk_figure_ratio(...)`: a claim's bounds
  beside a source's figure, exactly as extraction.figures.compare reads them, so an export
  compares each link in the statement that writes it;
- `claims_exportjob.site_url`: the address an export's absolute links start with;
  both columns default to '' in the database too, so rows written by SQL need not name them;
- the append-only guard on claim events lets one statement through: removing a source that
  holds only candidates takes their events with them (`claims.workflow.sources`), announced
  by `SET LOCAL claimdesk.removing_source` in the removing transaction.
"""

from django.db import migrations, models

from extraction.figures import read_figure

FIGURES = """
CREATE FUNCTION claimdesk_figure_relation(
    c_low numeric, c_high numeric, c_unit text, s_low numeric, s_high numeric, s_unit text
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN (c_low IS NULL AND c_high IS NULL) OR (s_low IS NULL AND s_high IS NULL)
            OR (claimdesk_unit_key(c_unit) <> '' AND claimdesk_unit_key(s_unit) <> ''
                AND claimdesk_unit_key(c_unit) <> claimdesk_unit_key(s_unit))
            THEN 'not_comparable'
        WHEN coalesce(s_low::float8, '-Infinity') >= coalesce(c_low::float8, '-Infinity')
            AND coalesce(s_high::float8, 'Infinity') <= coalesce(c_high::float8, 'Infinity')
            THEN 'within'
        WHEN c_low > s_high THEN 'above'
        WHEN c_high < s_low THEN 'below'
        ELSE 'overlaps'
    END
$$;

-- The middle of the claim's bounds over the middle of the source's (a missing bound: the
-- other one), to two places; NULL when the figures cannot be compared or the source's is 0.
CREATE FUNCTION claimdesk_figure_ratio(
    c_low numeric, c_high numeric, c_unit text, s_low numeric, s_high numeric, s_unit text
) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN claimdesk_figure_relation(c_low, c_high, c_unit, s_low, s_high, s_unit)
                = 'not_comparable'
            OR coalesce((s_low + s_high) / 2, s_low, s_high) = 0 THEN NULL
        ELSE trim_scale(round(coalesce((c_low + c_high) / 2, c_low, c_high)
                              / coalesce((s_low + s_high) / 2, s_low, s_high), 2))
    END
$$;
"""

DROP_FIGURES = """
DROP FUNCTION IF EXISTS claimdesk_figure_ratio(numeric, numeric, text, numeric, numeric, text);
DROP FUNCTION IF EXISTS claimdesk_figure_relation(numeric, numeric, text, numeric, numeric, text);
"""

GUARD = """
CREATE OR REPLACE FUNCTION claims_claimevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM claims_claim c
        WHERE c.id = OLD.claim_id AND c.status = 'candidate'
          AND c.source_id::text = current_setting('claimdesk.removing_source', true)
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'claim events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

OLD_GUARD = """
CREATE OR REPLACE FUNCTION claims_claimevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'claim events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def read_figure_units(apps, schema_editor):
    """Read the unit of each figure already written on evidence, each distinct text once."""
    Evidence = apps.get_model("claims", "Evidence")
    figures = Evidence.objects.exclude(source_figure="").values_list("source_figure", flat=True)
    rows = [
        (text, unit[:100])
        for text in figures.distinct().iterator()
        if (unit := read_figure(text).unit)
    ]
    if not rows:
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE evidence_units (figure text, unit text) ON COMMIT DROP")
        cursor.executemany("INSERT INTO evidence_units VALUES (%s, %s)", rows)
        cursor.execute(
            "UPDATE claims_evidence SET figure_unit = u.unit "
            "FROM evidence_units u WHERE claims_evidence.source_figure = u.figure"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_background_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="figure_unit",
            field=models.CharField(blank=True, db_default="", default="", max_length=100),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="site_url",
            field=models.CharField(blank=True, db_default="", default="", max_length=300),
        ),
        migrations.RunPython(read_figure_units, migrations.RunPython.noop),
        migrations.RunSQL(FIGURES, DROP_FIGURES),
        migrations.RunSQL(GUARD, OLD_GUARD),
    ]
