"""claimdesk_count(query, limit): a list's size in one round trip, exact or estimated.

The planner's estimate comes first; a list it puts far past the limit is not counted at all.
Otherwise the rows are counted up to limit + 1; past the limit the estimate stands.
"""

from django.db import migrations

COUNT_FUNCTION = """
CREATE FUNCTION claimdesk_count(query text, exact_limit integer, OUT n bigint, OUT exact boolean)
AS $$
DECLARE
    plan json;
    estimate bigint;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    estimate := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    IF estimate > 5 * exact_limit THEN
        n := estimate;
        exact := false;
        RETURN;
    END IF;
    EXECUTE format('SELECT count(*) FROM (%s LIMIT %s) AS capped', query, exact_limit + 1)
        INTO n;
    exact := n <= exact_limit;
    IF NOT exact THEN
        n := greatest(n, estimate);
    END IF;
END;
$$ LANGUAGE plpgsql;
"""

DROP_COUNT_FUNCTION = "DROP FUNCTION IF EXISTS claimdesk_count(text, integer);"


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_evidence_figure_bounds")]

    operations = [migrations.RunSQL(COUNT_FUNCTION, DROP_COUNT_FUNCTION)]
