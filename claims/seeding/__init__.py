"""Synthetic data at scale for benchmarks: the desk a year of work would leave behind.

`seed(Plan(...))` fills an empty database with outlets, sources with their text and
passages, claims anchored in that text in every status, their evidence and their events,
and the members who did the work (`analyst0..`, `reviewer0..`). `manage.py seed_scale`
runs it.
"""

from claims.seeding.load import BATCH_CLAIMS, Plan, SeedProblem, Summary, seed

__all__ = ["BATCH_CLAIMS", "Plan", "SeedProblem", "Summary", "seed"]
