"""Texts with annotated claims."""

from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
DATA = BASE / "tests" / "data"
DEMO_PATH = BASE / "factcheck" / "demo" / "harbour-interview.txt"
GRANARY_PATH = DATA / "granary-report.txt"


@pytest.fixture
def demo_text() -> str:
    return DEMO_PATH.read_text(encoding="utf-8")


@pytest.fixture
def granary_text() -> str:
    return GRANARY_PATH.read_text(encoding="utf-8")
