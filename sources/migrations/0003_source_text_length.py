import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_passage_source_start"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="text_length",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Length("text"),
                output_field=models.PositiveIntegerField(),
            ),
        ),
    ]
