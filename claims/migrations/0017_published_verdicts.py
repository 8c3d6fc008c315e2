"""First publication of a verdict (kept through corrections) and the public index's order."""

from django.conf import settings
from django.db import migrations, models


FIRST_APPROVALS = """
UPDATE claims_claim AS c SET first_approved_at = e.first
FROM (
    SELECT claim_id, min(created_at) AS first FROM claims_claimevent
    WHERE action = 'approve' GROUP BY claim_id
) AS e
WHERE e.claim_id = c.id AND c.first_approved_at IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_export_site_url_evidence_unit"),
        ("sources", "0003_source_text_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="first_approved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        # A verdict approved before this field existed was first published by its first
        # approval in the trail.
        migrations.RunSQL(
            FIRST_APPROVALS,
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                models.OrderBy(models.F("approved_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "approved")),
                name="claim_published",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                models.F("rating"),
                models.OrderBy(models.F("approved_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "approved")),
                name="claim_published_rating",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                models.F("source"),
                models.OrderBy(models.F("approved_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "approved")),
                name="claim_published_source",
            ),
        ),
    ]
