"""Evidence written before figures were read gets its bounds when the migration runs."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from claims.models import Evidence
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("claims.migrations.0007_evidence_figure_bounds")


def test_stored_figures_are_read_into_bounds_once_per_distinct_text():
    about = EvidenceFactory.create_batch(3, source_figure="about 400")
    none = EvidenceFactory(source_figure="no figure given")
    Evidence.objects.update(figure_low=None, figure_high=None)

    with connection.schema_editor(atomic=False) as editor:
        migration.read_stored_figures(apps, editor)

    bounds = dict(Evidence.objects.values_list("pk", "figure_low"))
    assert all(bounds[e.pk] == 360 for e in about)
    assert bounds[none.pk] is None
    assert Evidence.objects.get(pk=about[0].pk).figure_high == 440
