"""Candidate extraction throughput, in MB of text a second on one core.

Builds a ~10 MB corpus by repeating the annotated texts (the interview when the shared corpus
is present, the demo interview, the test texts and the development texts of the genre) with
their figures and hedges varied, then times `find_candidates` over it, with and without cutting
passages first. Two floors anchor the figure, measured in the same run because the machine's
speed varies from day to day: one pass of the figure pattern alone over the same documents (no
extractor that reads figures can be faster), and the least any sentence-by-sentence extractor
does (cut paragraphs and sentences, read each sentence's words, find its figures and give each
a bare record), so the ratios say what the rules themselves cost.
"""

import os
import re
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

from extraction import find_candidates  # noqa: E402
from extraction.quantities import QUANTITY  # noqa: E402
from extraction.sentences import sentences  # noqa: E402
from extraction.words import fold, words_of  # noqa: E402
from sources.passages import paragraphs, split_passages  # noqa: E402

TARGET_BYTES = 10 * 1000 * 1000
TEXTS = [
    BASE / "factcheck" / "demo" / "harbour-interview.txt",
    BASE / "tests" / "data" / "granary-report.txt",
    BASE / "tests" / "data" / "transit-qa.txt",
    *sorted((BASE / "tests" / "data" / "genre" / "dev").glob("*.txt")),
]
TARGET_MB_S = 5.0
CORPUS = Path(os.environ.get("CORPUS_DIR", BASE.parent / "shared" / "corpus"))
SWAPS = [("almost", "nearly"), ("about", "roughly"), ("more than", "over"), ("stated", "said")]
FIGURE = re.compile(r"\b\d{1,3}(?:,\d{3})*\b(?![\d.,]\d)")


def _sources() -> list[str]:
    paths = [*TEXTS, CORPUS / "tass-ivanov-somb-interview-2025.txt"]
    return [p.read_text(encoding="utf-8") for p in paths if p.is_file()]


def _vary(text: str, round_: int) -> str:
    """Return a variant of text: figures scaled, hedges and verbs swapped."""
    factor = 1 + round_ % 7
    text = FIGURE.sub(lambda m: f"{int(m.group().replace(',', '')) * factor:,}", text)
    for a, b in SWAPS:
        if round_ % 2:
            text = text.replace(a, b)
    return text


def build_corpus(target: int = TARGET_BYTES) -> list[str]:
    """Return documents totalling about `target` bytes of UTF-8."""
    sources = _sources()
    documents, size, round_ = [], 0, 0
    while size < target:
        for text in sources:
            variant = _vary(text, round_)
            documents.append(variant)
            size += len(variant.encode("utf-8"))
        round_ += 1
    return documents


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity)"


def _run(documents: list[str], with_passages: bool) -> tuple[float, float, int]:
    """Return CPU seconds, wall seconds and candidates found."""
    cpu, wall = time.process_time(), time.perf_counter()
    found = 0
    for text in documents:
        passages = split_passages(text) if with_passages else None
        found += len(find_candidates(text, passages))
    return time.process_time() - cpu, time.perf_counter() - wall, found


def _floor(documents: list[str]) -> float:
    """Return the CPU seconds of one pass of the figure pattern over the folded documents."""
    folded = [fold(text) for text in documents]
    cpu = time.process_time()
    for text in folded:
        for _ in QUANTITY.finditer(text):
            pass
    return time.process_time() - cpu


def _skeleton(documents: list[str]) -> tuple[float, int]:
    """Return the CPU seconds and records of the least a sentence-by-sentence extractor does.

    Paragraphs and sentences are cut as `find_candidates` cuts them, each sentence's words are
    read into a set and its figures found, and each figure gets a record with the candidate's
    fields, its span and its words, and nothing worked out: no bounds, units, clauses,
    attributions, speakers or places.
    """
    fields = dict.fromkeys(find_candidates("Some 40 people came.")[0], "")
    cpu = time.process_time()
    found = 0
    for text in documents:
        lower = fold(text)
        records = []
        for paragraph in paragraphs(text):
            for start, end in sentences(text, paragraph.start, paragraph.end):
                low = lower[start:end]
                words_of(low)
                for match in QUANTITY.finditer(low):
                    record = fields.copy()
                    record.update(
                        start=start, end=end, quote=text[start:end], quantity_text=match.group()
                    )
                    records.append(record)
        found += len(records)
    return time.process_time() - cpu, found


def main() -> None:
    pinned = _pin_one_core()
    documents = build_corpus()
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    print(f"corpus: {len(documents)} documents, {megabytes:.1f} MB; {pinned}")
    print(f"{'mode':30} {'CPU s':>6} {'MB/s':>6} {'wall s':>7} {'MB/s':>6} {'candidates':>11}")
    best = 0.0
    for label, with_passages in (("text only", False), ("passages cut, then extraction", True)):
        cpu, wall, found = _run(documents, with_passages)
        best = max(best, megabytes / cpu) if not with_passages else best
        print(
            f"{label:30} {cpu:6.2f} {megabytes / cpu:6.2f} {wall:7.2f} {megabytes / wall:6.2f} "
            f"{found:11d}"
        )
    skeleton, records = _skeleton(documents)
    print(
        f"{'floor: sentences, figures only':30} {skeleton:6.2f} {megabytes / skeleton:6.2f} "
        f"{'':7} {'':6} {records:11d}"
    )
    floor = _floor(documents)
    print(f"{'floor: one figure-regex pass':30} {floor:6.2f} {megabytes / floor:6.2f}")
    print(f"ratio to the floor: {best / (megabytes / floor):.2f} (text only)")
    print(f"ratio to sentences and figures only: {best / (megabytes / skeleton):.2f} (text only)")
    print(
        f"target: at least {TARGET_MB_S:g} MB/s on one core (CPU time; wall time also counts "
        "other load)"
    )


if __name__ == "__main__":
    main()
