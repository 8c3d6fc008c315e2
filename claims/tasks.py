"""Celery tasks of the claims app, gathered here so the worker finds them."""

from claims.candidates import extract_candidates
from claims.exports.tasks import run_export
from claims.jobs.tasks import sweep_jobs
from claims.notifications import send_transition_mail

__all__ = ["extract_candidates", "run_export", "send_transition_mail", "sweep_jobs"]
