"""A task sent through a real worker comes back with its result."""

from factcheck.celery import ping


def test_task_round_trips_through_a_real_worker(live_worker):
    result = ping.delay("hello desk")

    assert result.get(timeout=20) == "hello desk"
    assert result.status == "SUCCESS"
