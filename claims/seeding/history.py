"""A seeded claim's life: its final status, the evidence linked on the way, and its events.

The events are those the workflow would have written (claims/workflow/), in order and with
the same from/to statuses, actors and change summaries, so a claim's fields (assignee,
submitted/reviewed/approved times and people, rating, version) agree with its trail.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from psycopg.types.json import Jsonb

from claims.models import AttributionStatus, Credibility, Rating, Stance, Status
from claims.seeding import vocabulary as v
from claims.seeding.texts import Anchor
from extraction.figures import read_figure

# The share of each final status: most claims are the extractor's candidates, kept or not.
STATUS_MIX = {
    Status.CANDIDATE: 58,
    Status.DISMISSED: 20,
    Status.OPEN: 4,
    Status.IN_RESEARCH: 5,
    Status.IN_REVIEW: 3,
    Status.APPROVED: 10,
}
RECORDED = (Status.OPEN, Status.IN_RESEARCH, Status.IN_REVIEW, Status.APPROVED)
RATING_MIX = {
    Rating.FALSE: 20,
    Rating.MISLEADING: 20,
    Rating.MIXED: 15,
    Rating.MOSTLY_TRUE: 15,
    Rating.TRUE: 15,
    Rating.UNVERIFIABLE: 15,
}
# The stance evidence takes, given the verdict it led to.
STANCES = {
    Rating.TRUE: (Stance.SUPPORTS, Stance.SUPPORTS, Stance.SUPPORTS, Stance.CONTEXT),
    Rating.MOSTLY_TRUE: (Stance.SUPPORTS, Stance.SUPPORTS, Stance.CONTEXT, Stance.CONTRADICTS),
    Rating.MIXED: (Stance.SUPPORTS, Stance.CONTRADICTS, Stance.CONTEXT),
    Rating.MISLEADING: (Stance.CONTRADICTS, Stance.CONTEXT, Stance.SUPPORTS),
    Rating.FALSE: (Stance.CONTRADICTS, Stance.CONTRADICTS, Stance.CONTRADICTS, Stance.CONTEXT),
    Rating.UNVERIFIABLE: (Stance.CONTEXT,),
    "": tuple(Stance.values),
}
CREDIBILITY_WEIGHTS = {
    Credibility.CONFIRMED: 10,
    Credibility.PROBABLY_TRUE: 30,
    Credibility.POSSIBLY_TRUE: 30,
    Credibility.DOUBTFUL: 15,
    Credibility.IMPROBABLE: 5,
    Credibility.CANNOT_JUDGE: 10,
}
RATIONALES = {
    Rating.TRUE: "{org} counted {figure} for the same period and place; the claim matches.",
    Rating.MOSTLY_TRUE: "{org} gives {figure}: close to the claim, which rounds it up.",
    Rating.MIXED: "{org} gives {figure}, other sources disagree; the claim is partly borne out.",
    Rating.MISLEADING: "{org} gives {figure}, but for a longer period; the claim leaves it out.",
    Rating.FALSE: "{org} counted {figure}; nothing supports the figure or the attribution.",
    Rating.UNVERIFIABLE: "No independent count exists; {org} could not confirm it either.",
}
ATTRIBUTION_CHECKS = {
    AttributionStatus.CONFIRMED: 50,
    AttributionStatus.PARTLY: 20,
    AttributionStatus.NOT_FOUND: 15,
    AttributionStatus.MISATTRIBUTED: 15,
}


@dataclass
class Members:
    analysts: list[int]
    reviewers: list[int]


@dataclass
class Ids:
    """The next id of each table rows are written to."""

    outlet: int
    source: int
    passage: int
    claim: int
    evidence: int
    event: int


@dataclass
class History:
    claim: dict
    evidence: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)


def _pick(rng: random.Random, mix: dict):
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def pick_status(rng: random.Random) -> str:
    """Draw a final status from the desk's mix."""
    return _pick(rng, STATUS_MIX)


def _figure(rng: random.Random, low, high, rating: str) -> str:
    """The evidence's own figure, near the claim's bounds when the verdict upholds them."""
    base = float(low if low is not None else high if high is not None else rng.randint(20, 900))
    if rating in (Rating.FALSE, Rating.MISLEADING):
        base *= rng.choice([0.2, 0.3, 2.5, 4])
    value = max(1, round(base * rng.uniform(0.9, 1.1)))
    return rng.choice(["about {}", "{}", "at least {}", "almost {}", "some {}"]).format(
        f"{value:,}"
    )


class Timeline:
    """Events in order, spaced like a desk's work, squeezed to end before `now`."""

    def __init__(self, rng: random.Random, start: datetime, now: datetime) -> None:
        self.rng, self.start, self.now = rng, start, now
        self.offset = 0.0
        self.steps: list[tuple[float, list]] = []

    def add(self, row: list, *, gap: bool = True) -> list:
        if gap:
            self.offset += min(self.rng.expovariate(1 / 21600), 4 * 86400) + 60
        self.steps.append((self.offset, row))
        return row

    def times(self) -> list[datetime]:
        room = (self.now - self.start).total_seconds() - 60
        scale = min(1.0, room / self.offset) if self.offset > 0 else 1.0
        return [self.start + timedelta(seconds=o * scale) for o, _ in self.steps]


def claim_history(
    rng: random.Random,
    *,
    claim_id: int,
    anchor: Anchor,
    status: str,
    source_id: int,
    evidence_sources: range,
    created_at: datetime,
    now: datetime,
    members: Members,
    ids: Ids,
) -> History:
    """Return the claim's row, its evidence rows and its event rows, all consistent."""
    proto = anchor.prototype
    fields = proto.fields
    claim = {
        "status": status,
        "rating": "",
        "rationale": "",
        "correction_note": "",
        "statement": "",
        "origin": "extractor",
        "attribution_status": AttributionStatus.UNCHECKED,
        "assignee_id": None,
        "created_by_id": None,
        "submitted_by_id": None,
        "reviewed_by_id": None,
        "submitted_at": None,
        "reviewed_at": None,
        "approved_at": None,
        "first_approved_at": None,
    }
    history = History(claim)
    line = Timeline(rng, created_at, now)
    analyst = rng.choice(members.analysts)
    statement = f"{anchor.speaker or 'The source'} says that {proto.core}."

    # Each event: [actor, action, from, to, comment, changes]; times come at the end.
    if status in RECORDED and rng.random() < 0.3:
        claim.update(origin="analyst", created_by_id=analyst, statement=statement)
        line.offset = rng.uniform(3600, 5 * 86400)  # marked by hand, some time after import
        line.add(
            [
                analyst,
                "record",
                "",
                Status.OPEN,
                "",
                {
                    "status": [None, Status.OPEN],
                    "statement": [None, statement],
                    "kinds": [None, fields["kinds"]],
                    "speaker": [None, anchor.speaker],
                },
            ],
            gap=False,
        )
    else:
        line.add([None, "propose", "", Status.CANDIDATE, "", {}], gap=False)
        if status == Status.DISMISSED or (status == Status.CANDIDATE and rng.random() < 0.03):
            change = {"status": [Status.CANDIDATE, Status.DISMISSED]}
            line.add(
                [analyst, "dismiss", Status.CANDIDATE, Status.DISMISSED,
                 rng.choice(v.DISMISS_REASONS), change]
            )  # fmt: skip
            if status == Status.CANDIDATE:
                change = {"status": [Status.DISMISSED, Status.CANDIDATE]}
                line.add([analyst, "restore", Status.DISMISSED, Status.CANDIDATE, "", change])
        if status in RECORDED:
            line.add(
                [analyst, "accept", Status.CANDIDATE, Status.OPEN, "",
                 {"status": [Status.CANDIDATE, Status.OPEN]}]
            )  # fmt: skip
            claim["statement"] = statement
            line.add(
                [analyst, "edit", Status.OPEN, Status.OPEN, "", {"statement": ["", statement]}]
            )
    if status not in RECORDED:
        return _finish(history, line, claim_id, ids)

    worker = rng.choice(members.analysts)
    if status == Status.OPEN and rng.random() < 0.3:
        claim["assignee_id"] = worker
        line.add([analyst, "assign", Status.OPEN, Status.OPEN, "", {"assignee_id": [None, worker]}])
    if status != Status.OPEN:
        claim["assignee_id"] = worker
        line.add(
            [worker, "start", Status.OPEN, Status.IN_RESEARCH, "",
             {"status": [Status.OPEN, Status.IN_RESEARCH], "assignee_id": [None, worker]}]
        )  # fmt: skip

    final_rating = _pick(rng, RATING_MIX)
    links = rng.choice((1, 1, 2)) if status == Status.OPEN else rng.randint(1, 5)
    working = Status.OPEN if status == Status.OPEN else Status.IN_RESEARCH
    actor = claim["assignee_id"] or analyst
    figure = ""
    for _ in range(links if len(evidence_sources) > 1 else 0):
        other = evidence_sources[rng.randrange(len(evidence_sources) - 1)]
        other += other >= source_id  # any of them but the claim's own
        stance = rng.choice(STANCES[final_rating])
        if "quantitative" in fields["kinds"]:
            figure = _figure(rng, fields["value_low"], fields["value_high"], final_rating)
        row = [
            ids.evidence, claim_id, other, stance, _excerpt(rng, figure, fields),
            rng.choice(["p. {}", "para. {}", "#section-{}", "table {}"]).format(rng.randint(1, 40)),
            figure, *figure_bounds(figure), _pick(rng, CREDIBILITY_WEIGHTS),
            "Figure from the annex table." if rng.random() < 0.1 else "", actor,
        ]  # fmt: skip
        summary = {"id": ids.evidence, "source": other, "stance": stance}
        line.add([actor, "add_evidence", working, working, "", {"evidence": [None, summary]}])
        history.evidence.append((row, len(line.steps)))
        ids.evidence += 1
    if status == Status.OPEN:
        return _finish(history, line, claim_id, ids)

    rationale = RATIONALES[final_rating].format(
        org=rng.choice(v.ORGANISATIONS), figure=figure or "no figure"
    )
    checked = (
        _pick(rng, ATTRIBUTION_CHECKS)
        if "attributive" in fields["kinds"]
        else AttributionStatus.UNCHECKED
    )
    sent_back = rng.random() < 0.15  # submitted once already, and sent back by a reviewer
    if sent_back:
        _submit(line, claim, worker, final_rating, rationale, checked)
        reviewer = rng.choice(members.reviewers)
        line.add(
            [reviewer, "request_changes", Status.IN_REVIEW, Status.IN_RESEARCH,
             rng.choice(v.SEND_BACK_COMMENTS), {"status": [Status.IN_REVIEW, Status.IN_RESEARCH]}]
        )  # fmt: skip
        claim.update(
            status=Status.IN_RESEARCH, reviewed_by_id=reviewer, reviewed_at=len(line.steps)
        )
    if status == Status.IN_RESEARCH:
        if not sent_back and rng.random() < 0.3:
            claim.update(rating=final_rating, rationale=rationale)
            line.add(
                [worker, "edit", Status.IN_RESEARCH, Status.IN_RESEARCH, "",
                 {"rating": ["", final_rating], "rationale": ["", rationale]}]
            )  # fmt: skip
        return _finish(history, line, claim_id, ids)

    _submit(line, claim, worker, final_rating, rationale, checked)
    if status == Status.APPROVED:
        _approve(line, claim, rng.choice(members.reviewers))
        if rng.random() < 0.03:
            reviewer = rng.choice(members.reviewers)
            earlier = {"rating": claim["rating"], "rationale": claim["rationale"]}
            reason = rng.choice(v.REOPEN_REASONS)
            line.add(
                [reviewer, "reopen", Status.APPROVED, Status.IN_RESEARCH, reason,
                 {"status": [Status.APPROVED, Status.IN_RESEARCH], "verdict": [earlier, None]}]
            )  # fmt: skip
            reopened_at = len(line.steps)
            claim["status"] = Status.IN_RESEARCH
            _submit(line, claim, worker, _pick(rng, RATING_MIX), rationale, checked)
            _approve(line, claim, rng.choice(members.reviewers))
            label = Rating(earlier["rating"]).label
            claim["correction_note"] = (reopened_at, label, reason)
    return _finish(history, line, claim_id, ids)


@lru_cache(maxsize=65536)
def figure_bounds(figure: str) -> tuple:
    """The source's figure as bounds and unit, read as add_evidence reads it."""
    read = read_figure(figure)
    return read.low, read.high, read.unit


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _excerpt(rng: random.Random, figure: str, fields: dict) -> str:
    org = _cap(rng.choice(v.ORGANISATIONS))
    if figure:
        period = f" {fields['period']}" if fields["period"] else ""
        return f"{org} recorded {figure} {fields['unit'] or 'cases'}{period}."
    who = fields["attributed_to"] or "anyone"
    return f"{org} found no record that {who} {fields['attribution_verb'] or 'said'} so."


def _submit(line, claim, worker, rating, rationale, checked) -> None:
    new = {"status": Status.IN_REVIEW, "rating": rating, "rationale": rationale}
    new["attribution_status"] = checked
    changes = {name: [claim[name], value] for name, value in new.items() if claim[name] != value}
    line.add([worker, "submit", Status.IN_RESEARCH, Status.IN_REVIEW, "", changes])
    claim.update(
        status=Status.IN_REVIEW,
        rating=rating,
        rationale=rationale,
        attribution_status=checked,
        submitted_by_id=worker,
        submitted_at=len(line.steps),
    )


def _approve(line, claim, reviewer) -> None:
    line.add(
        [reviewer, "approve", Status.IN_REVIEW, Status.APPROVED, "",
         {"status": [Status.IN_REVIEW, Status.APPROVED]}]
    )  # fmt: skip
    step = len(line.steps)
    claim.update(
        status=Status.APPROVED,
        reviewed_by_id=reviewer,
        reviewed_at=step,
        approved_at=step,
        first_approved_at=claim["first_approved_at"] or step,
    )


def _finish(history: History, line: Timeline, claim_id: int, ids: Ids) -> History:
    """Turn step numbers into times; number the events; set version and updated_at."""
    claim = history.claim
    times = line.times()
    for name in ("submitted_at", "reviewed_at", "approved_at", "first_approved_at"):
        if claim[name] is not None:
            claim[name] = times[claim[name] - 1]
    if claim["correction_note"]:
        step, label, reason = claim["correction_note"]
        claim["correction_note"] = (
            f"Corrected on {times[step - 1].date().isoformat()}: the earlier verdict was "
            f"“{label}”. Reason: {reason}"
        )
    claim["created_at"] = times[0]
    claim["updated_at"] = times[-1]
    claim["version"] = len(line.steps)
    for when, (_, row) in zip(times, line.steps, strict=True):
        actor, action, from_status, to_status, comment, changes = row
        history.events.append(
            (ids.event, claim_id, actor, when, action, from_status, to_status, comment,
             Jsonb(changes))
        )  # fmt: skip
        ids.event += 1
    history.evidence = [(*row, times[step - 1]) for row, step in history.evidence]
    return history
