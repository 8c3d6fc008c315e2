"""Removing a source's candidates takes their events through one function owned by the owner.

The runtime role (`create_runtime_role`) may not DELETE claim events at all; the one
deletion the append-only guard allows (the events of the candidates of a source being
removed, migration 0015) runs inside this SECURITY DEFINER function, which refuses a source
holding any claim beyond candidates.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION claimdesk_remove_candidate_events(removed integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    gone integer;
BEGIN
    IF EXISTS (
        SELECT 1 FROM claims_claim WHERE source_id = removed AND status <> 'candidate'
    ) THEN
        RAISE EXCEPTION 'source % holds claims beyond candidates', removed
            USING ERRCODE = 'check_violation';
    END IF;
    PERFORM set_config('claimdesk.removing_source', removed::text, true);
    DELETE FROM claims_claimevent e USING claims_claim c
    WHERE e.claim_id = c.id AND c.source_id = removed;
    GET DIAGNOSTICS gone = ROW_COUNT;
    PERFORM set_config('claimdesk.removing_source', '', true);
    RETURN gone;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_published_verdicts")]

    operations = [
        migrations.RunSQL(
            CREATE, "DROP FUNCTION IF EXISTS claimdesk_remove_candidate_events(integer);"
        )
    ]
