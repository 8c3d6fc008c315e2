"""Fill the benchmark database: 2,000 sources, 100,000 claims, 300,000 evidence links.

Plain INSERT ... SELECT over generate_series, so the whole set is written in seconds.
Ids are given explicitly and the sequences moved past them. `fill_sql()` scales the same
set: 50 claims a source and 3 evidence links a claim whatever the size.
"""

SOURCES = 2_000
CLAIMS = 100_000
EVIDENCE = 300_000
OUTLETS = 50
CLAIMS_PER_SOURCE = CLAIMS // SOURCES
SENTENCE = "Officials said that 40 wells were dug in 2024 near Tarn. "


def fill_sql(claims: int = CLAIMS) -> str:
    """Return the SQL that writes `claims` claims with their sources and evidence links."""
    sources = max(1, claims // CLAIMS_PER_SOURCE)
    evidence = 3 * claims
    return _FILL_TEMPLATE.format(sources=sources, claims=claims, evidence=evidence)


_FILL_TEMPLATE = f"""
INSERT INTO sources_outlet (id, name, homepage, country, reliability, reliability_note)
SELECT i, 'Outlet ' || i, 'https://outlet' || i || '.example.org/', 'Country ' || (i % 20),
       (ARRAY['A','B','C','D','E','F'])[1 + i % 6], ''
FROM generate_series(1, {OUTLETS}) AS i;

INSERT INTO sources_source (id, title, url, archive_url, outlet_id, authors, published_at,
    accessed_at, language, kind, text, sha256, created_at)
SELECT i, 'Report ' || i || ' on wells and floods', 'https://news.example.org/report/' || i, '',
       1 + i % {OUTLETS}, 'A. Writer', DATE '2024-01-01' + (i % 500), now(), 'en',
       (ARRAY['interview','article','statement','report'])[1 + i % 4],
       repeat('{SENTENCE}', 52), md5(i::text) || md5((-i)::text), now() - i * interval '1 minute'
FROM generate_series(1, {{sources}}) AS i;

INSERT INTO claims_claim (id, source_id, start, "end", quote, prefix, suffix, speaker, kinds,
    statement, origin, status, rating, rationale, correction_note, tags, quantity_text,
    value_low, value_high, qualifier, unit, period, place, attributed_to, attribution_verb,
    attributed_content, attribution_status, created_at, updated_at, submitted_at,
    reviewed_at, approved_at, version)
SELECT i,
       1 + (i - 1) % {{sources}},
       ((i - 1) / {{sources}}) * {len(SENTENCE)},
       ((i - 1) / {{sources}}) * {len(SENTENCE)} + 40,
       substr('{SENTENCE}', 1, 40), '', substr('{SENTENCE}', 41, 17),
       'Speaker ' || (i % 50),
       CASE WHEN i % 3 = 0 THEN ARRAY['quantitative','attributive']::varchar[]
            WHEN i % 3 = 1 THEN ARRAY['quantitative']::varchar[]
            ELSE ARRAY['attributive']::varchar[] END,
       'Officials say ' || (i % 900) || ' wells were dug in 2024.', 'analyst',
       s.status,
       CASE WHEN s.status IN ('approved', 'in_review')
            THEN (ARRAY['true','mostly_true','mixed','misleading','false',
                        'unverifiable'])[1 + i % 6]
            ELSE '' END,
       CASE WHEN s.status IN ('approved', 'in_review')
            THEN 'Ministry records for 2024 list ' || (i % 900) || ' wells; two audits agree.'
            ELSE '' END,
       CASE WHEN s.status = 'approved' AND i % 100 = 0
            THEN 'Corrected: the earlier verdict was Mixed.' ELSE '' END,
       ARRAY['CAR', 'wells']::varchar[],
       'almost a thousand', 900, 999, 'almost', 'wells', '2024', 'Tarn',
       'Officials', 'said', 'wells were dug', 'unchecked',
       now() - i * interval '1 minute', now() - i * interval '30 seconds',
       CASE WHEN s.status IN ('approved', 'in_review') THEN now() - i * interval '20 seconds' END,
       CASE WHEN s.status = 'approved' THEN now() - i * interval '10 seconds' END,
       CASE WHEN s.status = 'approved' THEN now() - i * interval '10 seconds' END,
       3
FROM generate_series(1, {{claims}}) AS i,
     LATERAL (SELECT (ARRAY['approved','approved','approved','approved','open','in_research',
                            'in_review','candidate','dismissed','open'])[1 + i % 10] AS status) s;

INSERT INTO claims_evidence (id, claim_id, source_id, stance, excerpt, locator, source_figure,
    credibility, note, created_at)
SELECT i, 1 + (i - 1) % {{claims}}, 1 + (i * 7) % {{sources}},
       (ARRAY['supports','contradicts','context'])[1 + i % 3],
       'The ministry counted ' || (i % 900) || ' new wells.', 'p. ' || (i % 40), (i % 900)::text,
       1 + i % 6, '', now()
FROM generate_series(1, {{evidence}}) AS i;

SELECT setval(pg_get_serial_sequence('sources_outlet', 'id'), {OUTLETS});
SELECT setval(pg_get_serial_sequence('sources_source', 'id'), {{sources}});
SELECT setval(pg_get_serial_sequence('claims_claim', 'id'), {{claims}});
SELECT setval(pg_get_serial_sequence('claims_evidence', 'id'), {{evidence}});
"""


FILL_SQL = fill_sql(CLAIMS)


def fill(cursor, claims: int = CLAIMS) -> None:
    """Write the benchmark rows into empty tables, then vacuum and analyze them.

    VACUUM ANALYZE is what autovacuum does to a live desk's tables; right after a bulk
    load it has not run yet, so run it here.
    """
    cursor.execute(fill_sql(claims))
    for table in ("sources_outlet", "sources_source", "claims_claim", "claims_evidence"):
        cursor.execute(f"VACUUM ANALYZE {table}")
