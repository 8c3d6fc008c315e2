"""Compare extracted candidates with the annotated claims of tests/data/.

Matching rule: a candidate and an annotated claim match when the characters they share make up
at least half of each span. A candidate that swallows a whole paragraph therefore misses the
clause it contains, and a fragment of a few words misses the clause it belongs to. Recall is the
share of annotated claims matched by some candidate; precision the share of candidates matching
some annotated claim.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass
class Score:
    recall: float
    precision: float
    missed: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    pairs: list[tuple[dict, dict]] = field(default_factory=list)  # (gold, candidate)

    def report(self, name: str, text: str) -> str:
        lines = [f"{name}: recall {self.recall:.2f}, precision {self.precision:.2f}"]
        lines += [f"  missed {g['start']}-{g['end']} {g['label']}" for g in self.missed]
        lines += [f"  extra  {c['start']}-{c['end']} {c['quote'][:70]!r}" for c in self.extra]
        return "\n".join(lines)


def load_gold(name: str, text: str) -> dict:
    """Load an annotation file, refusing it when the text it was made for has changed."""
    gold = json.loads((DATA / name).read_text(encoding="utf-8"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert digest == gold["sha256"], f"{gold['text']} changed since {name} was annotated"
    return gold


def matches(a: dict, b: dict) -> bool:
    """Return whether two spans share at least half of each."""
    shared = min(a["end"], b["end"]) - max(a["start"], b["start"])
    return shared * 2 >= a["end"] - a["start"] and shared * 2 >= b["end"] - b["start"]


def score(candidates: list[dict], claims: list[dict]) -> Score:
    """Score candidates against annotated claims with the overlap rule above."""
    pairs = []
    missed = []
    for claim in claims:
        found = next((c for c in candidates if matches(claim, c)), None)
        if found:
            pairs.append((claim, found))
        else:
            missed.append(claim)
    extra = [c for c in candidates if not any(matches(c, g) for g in claims)]
    recall = len(pairs) / len(claims) if claims else 1.0
    precision = (len(candidates) - len(extra)) / len(candidates) if candidates else 1.0
    return Score(recall, precision, missed, extra, pairs)
