from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="passage",
            index=models.Index(fields=["source", "start"], name="passage_source_start"),
        ),
    ]
