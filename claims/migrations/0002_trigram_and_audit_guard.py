"""pg_trgm, and a guard keeping ClaimEvent append-only (roles are synced after migrate)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

APPEND_ONLY = """
CREATE FUNCTION claims_claimevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'claim events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_claimevent_append_only
    BEFORE UPDATE OR DELETE ON claims_claimevent
    FOR EACH ROW EXECUTE FUNCTION claims_claimevent_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS claims_claimevent_append_only ON claims_claimevent;
DROP FUNCTION IF EXISTS claims_claimevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
    ]
