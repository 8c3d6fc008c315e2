"""Search: each claim's, evidence link's and passage's words, kept by triggers, and the tools.

- `unaccent`, wrapped in the IMMUTABLE `claimdesk_unaccent(text)`, and the text search
  configuration `claimdesk` (English stemming with accents removed), so "Touadera" finds
  "Touadéra" in the index, in the query and in the marked snippet alike;
- `claimdesk_unit_key(unit)`: what a figure counts, read as extraction.figures.unit_key does;
- claims_claimdocument, claims_evidencedocument, claims_passagedocument: the words of each
  row (and a claim's figure), written by triggers on claims_claim, claims_evidence,
  sources_passage and sources_source in the statement that changes them, COPY included;
- claims_searchword: the words written in claims and evidence, for correcting misspelt
  query words by trigram similarity.

Set-based throughout: a batch of rows costs one statement a trigger, and the backfill of a
desk of a million claims runs as a few INSERT ... SELECT (passages a few hundred sources at a
time). A passage's text is cut from its source's text after one pass over the text
(claimdesk_passage_texts), never by substr(text, offset) for each passage, which on a long
text walks the text from its start each time.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import UnaccentExtension
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

FUNCTIONS = """
DO $do$
DECLARE
    schema text := (SELECT extnamespace::regnamespace::text FROM pg_extension
                    WHERE extname = 'unaccent');
BEGIN
    EXECUTE format($f$
        CREATE FUNCTION claimdesk_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT %1$s.unaccent('%1$s.unaccent'::regdictionary, $1) $$
    $f$, schema);
    CREATE TEXT SEARCH CONFIGURATION claimdesk (COPY = pg_catalog.english);
    EXECUTE format(
        'ALTER TEXT SEARCH CONFIGURATION claimdesk '
        'ALTER MAPPING FOR hword, hword_part, word WITH %s.unaccent, english_stem',
        schema
    );
END
$do$;

-- The last word of a unit, singular: "new wells" -> "well", "" for none.
CREATE FUNCTION claimdesk_unit_key(unit text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN w IS NULL THEN ''
        WHEN length(w) > 4 AND w LIKE '%ies' THEN left(w, -3) || 'y'
        WHEN length(w) > 3 AND w LIKE '%s' AND w NOT LIKE '%ss' THEN left(w, -1)
        ELSE w
    END
    FROM (SELECT (regexp_match(lower(coalesce(unit, '')), '([a-z]+)[^a-z]*$'))[1] AS w) AS last
$$;

-- How near a figure is to the one asked for: 1 at the same middle, less the further apart
-- (by ratio), halved when open on one side ("more than 300" says little about how many).
CREATE FUNCTION claimdesk_figure_nearness(low float8, high float8, target float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN target IS NULL OR target <= 0 OR (low = '-Infinity' AND high = 'Infinity') THEN 0
        ELSE (CASE WHEN low = '-Infinity' OR high = 'Infinity' THEN 0.5 ELSE 1 END)
            / (1 + abs(ln(greatest(1e-9, CASE WHEN low = '-Infinity' THEN high
                                              WHEN high = 'Infinity' THEN low
                                              ELSE (low + high) / 2 END) / target)))
    END
$$;

-- The words of texts as the vocabulary keeps them: lower case, no accents, no digits; each
-- distinct word is stripped of its accents once, however many rows hold it.
CREATE FUNCTION claimdesk_words(bodies text[]) RETURNS SETOF text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT DISTINCT claimdesk_unaccent(w) FROM (
        SELECT DISTINCT w FROM unnest(bodies) AS body,
            unnest(tsvector_to_array(to_tsvector('simple', body))) AS w
    ) AS word
    WHERE length(w) BETWEEN 3 AND 64 AND w !~ '[0-9_]'
$$;

CREATE FUNCTION claimdesk_claim_document(
    quote text, statement text, rationale text, speaker text, attributed_to text,
    tags varchar[], place text
) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('claimdesk', coalesce(quote, '')), 'A')
        || setweight(to_tsvector('claimdesk', concat_ws(' ', array_to_string(tags, ' '),
                                                        speaker, attributed_to, place)), 'B')
        || setweight(to_tsvector('claimdesk', coalesce(statement, '')), 'B')
        || setweight(to_tsvector('claimdesk', coalesce(rationale, '')), 'C')
$$;

-- A claim's status, rating, kinds and tags as lexemes no text yields ("status:approved",
-- "tag:CAR"): a search narrowed by the claim list's filters finds them in the same index
-- as the words, rather than reading every claim holding a common word to check its status.
CREATE FUNCTION claimdesk_claim_facets(status text, rating text, kinds varchar[], tags varchar[])
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(
        ARRAY['status:' || status, 'rating:' || coalesce(nullif(rating, ''), '-')]
        || ARRAY(SELECT 'kind:' || k FROM unnest(kinds) AS k)
        || ARRAY(SELECT 'tag:' || t FROM unnest(tags) AS t)
    )
$$;

CREATE FUNCTION claimdesk_evidence_document(excerpt text, note text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('claimdesk', coalesce(excerpt, '')), 'A')
        || setweight(to_tsvector('claimdesk', coalesce(note, '')), 'B')
$$;

-- The text of these passages, and where each starts and ends in bytes, each source's text
-- read once. substr(text, offset) walks the text from its start to the offset: cheap on a
-- short text, but minutes for the thousands of passages of a 5 MB one. There a character
-- offset is turned into a byte offset through the byte where each run of 255 characters
-- starts, found in one pass over the text, so each passage costs its own length.
CREATE FUNCTION claimdesk_byte_offset(body bytea, run_starts int[], c int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN c % 255 = 0 THEN run_starts[c / 255 + 1]
        ELSE run_starts[c / 255 + 1] + octet_length(left(convert_from(
            substring(body FROM run_starts[c / 255 + 1] + 1
                      FOR run_starts[c / 255 + 2] - run_starts[c / 255 + 1]),
            'UTF8'), c % 255))
    END
$$;

CREATE FUNCTION claimdesk_passage_texts(passage_ids bigint[])
RETURNS TABLE (passage_id bigint, body text, start_byte int, end_byte int)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    source record;
    whole text;
    bytes bytea;
    run_starts int[];
BEGIN
    FOR source IN
        SELECT p.source_id, array_agg(p.id) AS ids, array_agg(p.start) AS starts,
               array_agg(p."end") AS ends
        FROM unnest(passage_ids) AS wanted(id) JOIN sources_passage p ON p.id = wanted.id
        GROUP BY p.source_id
    LOOP
        SELECT s.text || '' INTO whole FROM sources_source s WHERE s.id = source.source_id;
        IF cardinality(source.ids) <= 4 OR length(whole)::bigint * cardinality(source.ids) <= 200000
        THEN  -- a few passages, or a short text: walking costs less
            RETURN QUERY
                SELECT x.id, x.piece, octet_length(x.before), octet_length(x.before || x.piece)
                FROM (
                    SELECT y.id, left(whole, y.first) AS before,
                           substr(whole, y.first + 1, y.last - y.first) AS piece
                    FROM unnest(source.ids, source.starts, source.ends) AS y(id, first, last)
                ) AS x;
            CONTINUE;
        END IF;
        bytes := convert_to(whole, 'UTF8');
        run_starts := ARRAY(
            SELECT coalesce(sum(octet_length(r.m[1])) OVER (
                       ORDER BY r.k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
            FROM regexp_matches(whole, '(.{1,255})', 'g') WITH ORDINALITY AS r(m, k)
            ORDER BY r.k
        ) || octet_length(bytes);
        RETURN QUERY
            SELECT x.id, convert_from(substring(bytes FROM b.first + 1 FOR b.last - b.first),
                                      'UTF8'), b.first, b.last
            FROM unnest(source.ids, source.starts, source.ends) AS x(id, first, last),
                 LATERAL (SELECT claimdesk_byte_offset(bytes, run_starts, x.first) AS first,
                                 claimdesk_byte_offset(bytes, run_starts, x.last) AS last) AS b;
    END LOOP;
END;
$$;

CREATE FUNCTION claimdesk_passage_documents(passage_ids bigint[])
RETURNS TABLE (passage_id bigint, document tsvector, start_byte int, end_byte int)
LANGUAGE sql STABLE AS $$
    SELECT t.passage_id, to_tsvector('claimdesk', t.body), t.start_byte, t.end_byte
    FROM claimdesk_passage_texts(passage_ids) AS t
$$;

-- The text of indexed passages (a page of results), cut at the bytes the index keeps: each
-- source's text is read once and never walked.
CREATE FUNCTION claimdesk_passage_bodies(passage_ids bigint[])
RETURNS TABLE (passage_id bigint, body text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    source record;
    bytes bytea;
BEGIN
    FOR source IN
        SELECT p.source_id, array_agg(d.passage_id) AS ids, array_agg(d.start_byte) AS starts,
               array_agg(d.end_byte) AS ends
        FROM unnest(passage_ids) AS wanted(id)
        JOIN claims_passagedocument d ON d.passage_id = wanted.id
        JOIN sources_passage p ON p.id = d.passage_id
        GROUP BY p.source_id
    LOOP
        SELECT convert_to(s.text, 'UTF8') INTO bytes FROM sources_source s
        WHERE s.id = source.source_id;
        RETURN QUERY
            SELECT x.id, convert_from(substring(bytes FROM x.first + 1 FOR x.last - x.first),
                                      'UTF8')
            FROM unnest(source.ids, source.starts, source.ends) AS x(id, first, last);
    END LOOP;
END;
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS claimdesk_passage_bodies(bigint[]);
DROP FUNCTION IF EXISTS claimdesk_passage_documents(bigint[]);
DROP FUNCTION IF EXISTS claimdesk_passage_texts(bigint[]);
DROP FUNCTION IF EXISTS claimdesk_byte_offset(bytea, int[], int);
DROP FUNCTION IF EXISTS claimdesk_evidence_document(text, text);
DROP FUNCTION IF EXISTS claimdesk_claim_facets(text, text, varchar[], varchar[]);
DROP FUNCTION IF EXISTS claimdesk_claim_document(text, text, text, text, text, varchar[], text);
DROP FUNCTION IF EXISTS claimdesk_words(text[]);
DROP FUNCTION IF EXISTS claimdesk_figure_nearness(float8, float8, float8);
DROP FUNCTION IF EXISTS claimdesk_unit_key(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS claimdesk;
DROP FUNCTION IF EXISTS claimdesk_unaccent(text);
"""

# The row of claims_claimdocument for the claim `c`.
CLAIM_ROW = """
    c.id,
    claimdesk_claim_document(c.quote, c.statement, c.rationale, c.speaker, c.attributed_to,
                             c.tags, c.place)
        || claimdesk_claim_facets(c.status, c.rating, c.kinds, c.tags),
    CASE WHEN c.value_low IS NULL AND c.value_high IS NULL THEN ''
         ELSE claimdesk_unit_key(c.unit) END,
    coalesce(c.value_low::float8, '-Infinity'),
    coalesce(c.value_high::float8, 'Infinity')
"""
CLAIM_WORDS = "concat_ws(' ', c.quote, c.statement, c.rationale, c.speaker, c.attributed_to, \
array_to_string(c.tags, ' '), c.place)"
CLAIM_COLUMNS = "quote, statement, rationale, speaker, attributed_to, tags, place, unit, \
value_low, value_high, status, rating, kinds"
EVIDENCE_WORDS = "concat_ws(' ', e.excerpt, e.note)"

# Words are inserted in order, so two transactions adding the same new words wait for each
# other rather than deadlock.
TRIGGERS = f"""
CREATE FUNCTION claims_claim_document_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claims_claimdocument (claim_id, document, unit_key, figure_low, figure_high)
        SELECT {CLAIM_ROW} FROM new_rows c;
    INSERT INTO claims_searchword (word)
        SELECT w FROM claimdesk_words(ARRAY(SELECT {CLAIM_WORDS} FROM new_rows c)) AS w
        ORDER BY w ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_claim_document_insert AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_document_insert();

CREATE FUNCTION claims_claim_document_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claims_claimdocument AS d (claim_id, document, unit_key, figure_low, figure_high)
        SELECT {CLAIM_ROW} FROM (SELECT NEW.*) AS c
        ON CONFLICT (claim_id) DO UPDATE SET document = EXCLUDED.document,
            unit_key = EXCLUDED.unit_key, figure_low = EXCLUDED.figure_low,
            figure_high = EXCLUDED.figure_high;
    INSERT INTO claims_searchword (word)
        SELECT w FROM claimdesk_words(ARRAY(SELECT {CLAIM_WORDS} FROM (SELECT NEW.*) AS c)) AS w
        ORDER BY w ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_claim_document_update AFTER UPDATE OF {CLAIM_COLUMNS} ON claims_claim
    FOR EACH ROW
    WHEN ((OLD.quote, OLD.statement, OLD.rationale, OLD.speaker, OLD.attributed_to, OLD.tags,
           OLD.place, OLD.unit, OLD.value_low, OLD.value_high, OLD.status, OLD.rating, OLD.kinds)
          IS DISTINCT FROM
          (NEW.quote, NEW.statement, NEW.rationale, NEW.speaker, NEW.attributed_to, NEW.tags,
           NEW.place, NEW.unit, NEW.value_low, NEW.value_high, NEW.status, NEW.rating, NEW.kinds))
    EXECUTE FUNCTION claims_claim_document_update();

CREATE FUNCTION claims_claim_document_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM claims_claimdocument WHERE claim_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_claim_document_delete AFTER DELETE ON claims_claim
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_document_delete();

CREATE FUNCTION claims_evidence_document_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claims_evidencedocument (evidence_id, document)
        SELECT e.id, claimdesk_evidence_document(e.excerpt, e.note) FROM new_rows e;
    INSERT INTO claims_searchword (word)
        SELECT w FROM claimdesk_words(ARRAY(SELECT {EVIDENCE_WORDS} FROM new_rows e)) AS w
        ORDER BY w ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_evidence_document_insert AFTER INSERT ON claims_evidence
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_evidence_document_insert();

CREATE FUNCTION claims_evidence_document_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claims_evidencedocument (evidence_id, document)
        VALUES (NEW.id, claimdesk_evidence_document(NEW.excerpt, NEW.note))
        ON CONFLICT (evidence_id) DO UPDATE SET document = EXCLUDED.document;
    INSERT INTO claims_searchword (word)
        SELECT w FROM claimdesk_words(ARRAY[concat_ws(' ', NEW.excerpt, NEW.note)]) AS w
        ORDER BY w ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_evidence_document_update AFTER UPDATE OF excerpt, note ON claims_evidence
    FOR EACH ROW
    WHEN ((OLD.excerpt, OLD.note) IS DISTINCT FROM (NEW.excerpt, NEW.note))
    EXECUTE FUNCTION claims_evidence_document_update();

CREATE FUNCTION claims_evidence_document_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM claims_evidencedocument WHERE evidence_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_evidence_document_delete AFTER DELETE ON claims_evidence
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_evidence_document_delete();

CREATE FUNCTION sources_passage_document_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claims_passagedocument (passage_id, document, start_byte, end_byte)
        SELECT * FROM claimdesk_passage_documents(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_passage_document_insert AFTER INSERT ON sources_passage
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sources_passage_document_insert();

-- A passage moved (its bounds or its source): read its words again. A changed speaker
-- changes no words, and costs one comparison a row.
CREATE FUNCTION sources_passage_document_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claims_passagedocument AS d (passage_id, document, start_byte, end_byte)
        SELECT * FROM claimdesk_passage_documents(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.source_id, n.start, n."end") IS DISTINCT FROM (o.source_id, o.start, o."end")
        ))
        ON CONFLICT (passage_id) DO UPDATE SET document = EXCLUDED.document,
            start_byte = EXCLUDED.start_byte, end_byte = EXCLUDED.end_byte;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_passage_document_update AFTER UPDATE ON sources_passage
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sources_passage_document_update();

CREATE FUNCTION sources_passage_document_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM claims_passagedocument WHERE passage_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_passage_document_delete AFTER DELETE ON sources_passage
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sources_passage_document_delete();

-- A source's text may change while no claim points into it: its passages read it again.
CREATE FUNCTION sources_source_document_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claims_passagedocument AS d (passage_id, document, start_byte, end_byte)
        SELECT * FROM claimdesk_passage_documents(ARRAY(
            SELECT id FROM sources_passage WHERE source_id = NEW.id
        ))
        ON CONFLICT (passage_id) DO UPDATE SET document = EXCLUDED.document,
            start_byte = EXCLUDED.start_byte, end_byte = EXCLUDED.end_byte;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_source_document_update AFTER UPDATE OF text ON sources_source
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text)
    EXECUTE FUNCTION sources_source_document_update();
"""

DROP_TRIGGERS = "".join(
    f"DROP TRIGGER IF EXISTS {name} ON {table};\nDROP FUNCTION IF EXISTS {name}();\n"
    for table, name in [
        ("claims_claim", "claims_claim_document_insert"),
        ("claims_claim", "claims_claim_document_update"),
        ("claims_claim", "claims_claim_document_delete"),
        ("claims_evidence", "claims_evidence_document_insert"),
        ("claims_evidence", "claims_evidence_document_update"),
        ("claims_evidence", "claims_evidence_document_delete"),
        ("sources_passage", "sources_passage_document_insert"),
        ("sources_passage", "sources_passage_document_update"),
        ("sources_passage", "sources_passage_document_delete"),
        ("sources_source", "sources_source_document_update"),
    ]
)

# What is already on the desk. The triggers exist by now, so a row written meanwhile is
# there already: ON CONFLICT leaves it. The indexes are built afterwards, in one pass each.
BACKFILL = f"""
SET LOCAL maintenance_work_mem TO '256MB';
SET LOCAL work_mem TO '64MB';
INSERT INTO claims_claimdocument (claim_id, document, unit_key, figure_low, figure_high)
    SELECT {CLAIM_ROW} FROM claims_claim c
    ON CONFLICT DO NOTHING;
INSERT INTO claims_evidencedocument (evidence_id, document)
    SELECT e.id, claimdesk_evidence_document(e.excerpt, e.note) FROM claims_evidence e
    ON CONFLICT DO NOTHING;
DO $$
DECLARE
    first bigint;
BEGIN
    FOR first IN SELECT min(id) FROM sources_source
                 GROUP BY id / 200 ORDER BY 1 LOOP
        INSERT INTO claims_passagedocument (passage_id, document, start_byte, end_byte)
            SELECT * FROM claimdesk_passage_documents(ARRAY(
                SELECT p.id FROM sources_passage p
                WHERE p.source_id >= first AND p.source_id < (first / 200 + 1) * 200
            ))
            ON CONFLICT DO NOTHING;
    END LOOP;
END
$$;
-- ts_stat gathers the distinct words in memory as it reads: no sort of every word written.
INSERT INTO claims_searchword (word)
    SELECT DISTINCT claimdesk_unaccent(word) FROM ts_stat($$
        SELECT to_tsvector('simple', {CLAIM_WORDS}) FROM claims_claim c
        UNION ALL
        SELECT to_tsvector('simple', {EVIDENCE_WORDS}) FROM claims_evidence e
    $$)
    WHERE length(word) BETWEEN 3 AND 64 AND word !~ '[0-9_]'
    ON CONFLICT DO NOTHING;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_fewer_indexes"),
        ("sources", "0003_source_text_length"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.CreateModel(
            name="ClaimDocument",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
                ("document", SearchVectorField()),
                ("unit_key", models.CharField(blank=True, max_length=100)),
                ("figure_low", models.FloatField(null=True)),
                ("figure_high", models.FloatField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="EvidenceDocument",
            fields=[
                (
                    "evidence",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="claims.evidence",
                    ),
                ),
                ("document", SearchVectorField()),
            ],
        ),
        migrations.CreateModel(
            name="PassageDocument",
            fields=[
                (
                    "passage",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="sources.passage",
                    ),
                ),
                ("document", SearchVectorField()),
                ("start_byte", models.PositiveIntegerField(null=True)),
                ("end_byte", models.PositiveIntegerField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=64, primary_key=True, serialize=False))],
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="claimdocument",
            index=GinIndex(fields=["document"], name="claimdocument_words"),
        ),
        migrations.AddIndex(
            model_name="claimdocument",
            index=models.Index(
                condition=models.Q(("unit_key", ""), _negated=True),
                fields=["unit_key", "figure_low", "figure_high"],
                name="claimdocument_figure",
            ),
        ),
        migrations.AddIndex(
            model_name="evidencedocument",
            index=GinIndex(fields=["document"], name="evidencedocument_words"),
        ),
        migrations.AddIndex(
            model_name="passagedocument",
            index=GinIndex(fields=["document"], name="passagedocument_words"),
        ),
        migrations.AddIndex(
            model_name="searchword",
            index=GinIndex(fields=["word"], name="searchword_trigrams", opclasses=["gin_trgm_ops"]),
        ),
        migrations.RunSQL(
            "ANALYZE claims_claimdocument, claims_evidencedocument, claims_passagedocument, "
            "claims_searchword;",
            migrations.RunSQL.noop,
        ),
    ]
