"""A guard keeping a source's text (and its sha256) fixed once claims are anchored in it.

Claims point into the text by character offsets; a rewritten text would leave their quotes
pointing at other words with no event on record. The database refuses it, whatever path
the UPDATE comes by.
"""

from django.db import migrations

TEXT_FIXED = """
CREATE FUNCTION sources_source_text_fixed() RETURNS trigger AS $$
BEGIN
    IF (NEW.text IS DISTINCT FROM OLD.text OR NEW.sha256 IS DISTINCT FROM OLD.sha256)
       AND EXISTS (SELECT 1 FROM claims_claim WHERE source_id = OLD.id) THEN
        RAISE EXCEPTION 'source % has claims anchored in its text: the text cannot change',
            OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sources_source_text_fixed
    BEFORE UPDATE OF text, sha256 ON sources_source
    FOR EACH ROW EXECUTE FUNCTION sources_source_text_fixed();
"""

DROP_TEXT_FIXED = """
DROP TRIGGER IF EXISTS sources_source_text_fixed ON sources_source;
DROP FUNCTION IF EXISTS sources_source_text_fixed();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_exports_job"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunSQL(TEXT_FIXED, DROP_TEXT_FIXED)]
