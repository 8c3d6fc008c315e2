from tests.passages.conftest import answer, interview  # noqa: F401  (shared fixtures)
