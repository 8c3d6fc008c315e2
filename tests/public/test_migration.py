"""Verdicts approved before the first approval was recorded get it from their trail."""

import importlib

from django.db import connection

from claims.models import Claim, ClaimEvent
from tests.public.conftest import correct

migration = importlib.import_module("claims.migrations.0017_published_verdicts")


def test_first_approval_is_read_from_the_trail(published_claim, surrenders, analyst, reviewer2):
    corrected = correct(published_claim, analyst, reviewer2, rating="mixed", reason="Ledger")
    first = ClaimEvent.objects.filter(claim=corrected, action="approve").earliest("created_at")
    never = Claim.objects.create(
        source=surrenders.source, start=0, end=3, quote="The", status=Claim.Status.OPEN
    )
    Claim.objects.update(first_approved_at=None)

    with connection.cursor() as cursor:
        cursor.execute(migration.FIRST_APPROVALS)

    assert Claim.objects.get(pk=corrected.pk).first_approved_at == first.created_at
    assert first.created_at < Claim.objects.get(pk=corrected.pk).approved_at
    assert Claim.objects.get(pk=never.pk).first_approved_at is None
