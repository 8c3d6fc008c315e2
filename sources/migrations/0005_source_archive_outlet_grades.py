

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0003_source_text_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='outlet',
            options={'ordering': ['name'], 'permissions': [('grade_outlet', "Can set an outlet's reliability grade")]},
        ),
        migrations.AddField(
            model_name='source',
            name='archived_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='OutletGrade',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('previous', models.CharField(choices=[('A', 'A - completely reliable'), ('B', 'B - usually reliable'), ('C', 'C - fairly reliable'), ('D', 'D - not usually reliable'), ('E', 'E - unreliable'), ('F', 'F - reliability cannot be judged')], max_length=1)),
                ('grade', models.CharField(choices=[('A', 'A - completely reliable'), ('B', 'B - usually reliable'), ('C', 'C - fairly reliable'), ('D', 'D - not usually reliable'), ('E', 'E - unreliable'), ('F', 'F - reliability cannot be judged')], max_length=1)),
                ('reason', models.CharField(max_length=500)),
                ('set_at', models.DateTimeField(auto_now_add=True)),
                ('outlet', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='grades', to='sources.outlet')),
                ('set_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['outlet_id', '-set_at', '-id'],
                'indexes': [models.Index(fields=['outlet', '-set_at'], name='outletgrade_outlet_time')],
            },
        ),
        migrations.CreateModel(
            name='SourceEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_title', models.CharField(max_length=500)),
                ('action', models.CharField(max_length=40)),
                ('changes', models.JSONField(blank=True, default=dict, help_text='{field: [old, new]}')),
                ('comment', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='events', to='sources.source')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['source', '-created_at'], name='sourceevent_source_time')],
            },
        ),
    ]
