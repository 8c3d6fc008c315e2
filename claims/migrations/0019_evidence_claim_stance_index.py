"""Evidence indexed by (claim, stance) instead of by claim alone.

The CSV and JSON Lines exports count each claim's links by stance in one grouped pass over
the evidence; with the stance in the index that pass reads the index alone (an index-only
scan in claim order) instead of visiting each link's row. Lookups by claim use the same
index, so the table keeps as many indexes as before.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0018_remove_candidate_events_function"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="evidence",
            index=models.Index(fields=["claim", "stance"], name="evidence_claim_stance"),
        ),
        # Only the claim's own index goes: Django would also drop and re-add (and so
        # re-check) the foreign key, which does not change.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="evidence",
                    name="claim",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evidence",
                        to="claims.claim",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "claims_evidence_claim_id_9dff6356"',
                    'CREATE INDEX "claims_evidence_claim_id_9dff6356" ON "claims_evidence" ("claim_id")',
                ),
            ],
        ),
    ]
