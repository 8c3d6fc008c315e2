"""Seeded outlets, speakers and the metadata of each synthetic source."""

import math
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from claims.seeding import vocabulary as v
from sources.models import Outlet, Reliability

KIND_MIX = {"article": 40, "interview": 25, "report": 15, "statement": 12, "social_post": 5,
            "other": 3}  # fmt: skip
RELIABILITY_MIX = {Reliability.A: 5, Reliability.B: 25, Reliability.C: 35, Reliability.D: 15,
                   Reliability.E: 8, Reliability.F: 12}  # fmt: skip
SHORTEST, LONGEST = 2_000, 50_000  # characters of a source's text, spread log-uniformly
SPAN_DAYS = 730  # sources arrive over about two years


@dataclass(frozen=True)
class OutletRow:
    id: int
    name: str
    domain: str


@dataclass(frozen=True)
class SourcePlan:
    """What a source will be before its text is written."""

    id: int
    kind: str
    country: str
    length: int
    claims: int
    created_at: datetime


def outlets(rng: random.Random, count: int, first_id: int, taken: set[str]) -> list[tuple]:
    """Return outlet rows with names no existing outlet has (case ignored)."""
    names = [f"{a} {b}" for a in v.OUTLET_FIRST for b in v.OUTLET_SECOND]
    rng.shuffle(names)
    rows = []
    number = 0
    while len(rows) < count:
        base = names[number % len(names)]
        name = base if number < len(names) else f"{base} {number // len(names) + 1}"
        number += 1
        if name.lower() in taken:
            continue
        domain = re.sub(r"[^a-z0-9]+", "", name.lower()) + ".example.org"
        reliability = rng.choices(list(RELIABILITY_MIX), list(RELIABILITY_MIX.values()))[0]
        rows.append(
            (
                first_id + len(rows),
                name,
                f"https://{domain}/",
                rng.choice(v.OUTLET_COUNTRIES),
                reliability,
                f"Graded {reliability} after a review of its corrections record.",
            )
        )
    return rows


def taken_outlet_names() -> set[str]:
    return {name.lower() for name in Outlet.objects.values_list("name", flat=True)}


def speakers(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Return `count` distinct (name, title) pairs of people who speak in the sources."""
    names = [f"{a} {b}" for a in v.FIRST_NAMES for b in v.LAST_NAMES]
    return [(name, rng.choice(v.TITLES)) for name in rng.sample(names, min(count, len(names)))]


def plan_sources(
    rng: random.Random, count: int, claims: int, first_id: int, now: datetime
) -> list[SourcePlan]:
    """Spread `claims` claims over `count` sources in proportion to their text lengths."""
    lengths = [
        round(math.exp(rng.uniform(math.log(SHORTEST), math.log(LONGEST)))) for _ in range(count)
    ]
    total = sum(lengths)
    shares = [claims * length / total for length in lengths]
    counts = [math.floor(share) for share in shares]
    # The remainder goes to the largest fractions, so the counts add up exactly.
    order = sorted(range(count), key=lambda i: shares[i] - counts[i], reverse=True)
    for index in order[: claims - sum(counts)]:
        counts[index] += 1
    oldest = now - timedelta(days=SPAN_DAYS)
    moments = sorted(rng.uniform(0, SPAN_DAYS * 86400 - 86400) for _ in range(count))
    kinds = rng.choices(list(KIND_MIX), list(KIND_MIX.values()), k=count)
    countries = rng.choices(list(v.COUNTRIES), [40, 25, 15, 20], k=count)
    return [
        SourcePlan(
            first_id + i,
            kinds[i],
            countries[i],
            lengths[i],
            counts[i],
            oldest + timedelta(seconds=moments[i]),
        )
        for i in range(count)
    ]


def describe(
    rng: random.Random, plan: SourcePlan, voice: tuple[str, str], outlet: OutletRow
) -> dict:
    """Return a source's title, intro sentence, byline, authors, url and archive url."""
    name, title = voice
    country = plan.country.removeprefix("the ")
    topic = rng.choice(["security", "the disarmament programme", "humanitarian aid",
                        "the elections", "the hostages", "the return of refugees"])  # fmt: skip
    year = plan.created_at.year
    reporter = f"{rng.choice(v.FIRST_NAMES)} {rng.choice(v.LAST_NAMES)}"
    if plan.kind == "interview":
        heading = f"{name} on {topic} in {country}"
        intro = (
            f"{name}, {title}, in an interview with {outlet.name}, spoke about {topic} in "
            f"{plan.country} and the main events of {year - 1}."
        )
    elif plan.kind == "report":
        heading = f"{_cap(rng.choice(v.ORGANISATIONS))}: {topic} in {country}, {year}"
        intro = f"This report covers {topic} in {plan.country} in {year - 1} and early {year}."
    elif plan.kind == "statement":
        heading = f"Statement by {name}, {title}, on {topic}"
        intro = f"{name}, {title}, made the following statement on {topic} in {plan.country}."
    else:
        heading = f"{_cap(topic)} in {country}: what changed in {year}"
        intro = f"{outlet.name} looks at {topic} in {plan.country} as the year unfolds."
    slug = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")[:60]
    url = f"https://{outlet.domain}/{plan.created_at:%Y/%m}/{slug}-{plan.id}"
    archived = rng.random() < 0.3
    return {
        "title": heading,
        "intro": intro,
        "byline": f"By {reporter}" if plan.kind == "article" else "",
        "authors": reporter if plan.kind in ("article", "interview") else "",
        "url": url,
        "archive_url": f"https://web.archive.org/web/{plan.created_at:%Y%m%d%H%M%S}/{url}"
        if archived
        else "",
    }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
