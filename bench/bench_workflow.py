"""Time the review queue page and workflow actions on a throwaway copy of the database."""

import os
import statistics
import time


def _median_ms(run, times: int) -> float:
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        run()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
    """Print the median time of the queue page at 200 claims and of one approve."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Its own database name, so a test run going on at the same time is left alone.
    connection.settings_dict["TEST"]["NAME"] = f"bench_workflow_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _run(Client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _run(client_class) -> None:
    from claims import workflow
    from claims.members import create_member
    from claims.models import Claim, Evidence
    from sources.models import Outlet, Source

    analyst = create_member("bench-analyst", "analyst", "bench-password-1")
    reviewer = create_member("bench-reviewer", "reviewer", "bench-password-1")
    outlet = Outlet.objects.create(name="Bench outlet", reliability="B")
    text = "Officials said that 40 wells were dug in 2024 near Tarn. " * 400
    source = Source.objects.create(title="Bench source", outlet=outlet, text=text)
    evidence_source = Source.objects.create(title="Bench evidence", outlet=outlet, text="x")
    claims = Claim.objects.bulk_create(
        Claim(
            source=source,
            start=i * 57,
            end=i * 57 + 50,
            quote=text[i * 57 : i * 57 + 50],
            kinds=["quantitative"],
            status=Claim.Status.IN_REVIEW,
            rating="false",
            rationale="Fewer wells.",
            assignee=analyst,
            submitted_by=analyst,
        )
        for i in range(200)
    )
    Evidence.objects.bulk_create(
        Evidence(claim=c, source=evidence_source, stance="contradicts", credibility=2)
        for c in claims
        for _ in range(3)
    )
    client = client_class()
    client.force_login(reviewer)
    queue_ms = _median_ms(lambda: client.get("/review/"), 20)
    print(f"review queue, 200 claims in review (20 a page, 3 evidence each): {queue_ms:.1f} ms")

    pending = iter(claims)

    def approve() -> None:
        claim = next(pending)
        workflow.apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)

    approve_ms = _median_ms(approve, 100)
    print(f"approve one claim (lock, checks, save, event): {approve_ms:.1f} ms")
