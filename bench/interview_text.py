"""A generated interview of any size: varied sentences full of figures and attributions.

Deterministic (seeded), so two runs of a benchmark read the same text. The extractor finds
candidates in most answers; every so often an answer runs far longer than a reader's part,
as a statement read out in full does, so the reader has to cut inside a passage.
"""

import random

PLACES = ["Osterlund", "Tarn", "the Varn valley", "the northern districts", "Lakeside", "Brenn"]
ACTORS = [
    "the governor of Osterlund",
    "the health ministry",
    "the head of the water board",
    "the provincial council",
    "the statistics office",
    "a UN agency",
]
VERBS = ["stated", "announced", "reported", "said", "claimed", "told reporters"]
UNITS = ["wells", "families", "patients", "villages", "schools", "convoys", "volunteers"]
HEDGES = ["almost", "about", "more than", "over", "nearly", "at least", "roughly", ""]
VAGUE = ["several hundred", "dozens of", "hundreds of", "a few thousand"]
YEARS = ["2021", "2022", "2023", "2024", "2025"]
QUESTIONS = [
    "What would you single out from last year?",
    "How many people did the programme reach?",
    "Critics say the money went elsewhere. What do you answer them?",
    "Who paid for the new clinics?",
    "What do you expect this year?",
    "Is the north getting its share?",
    "How did the floods change your plans?",
]
PLAIN = [
    "the roads to {place} were washed out for most of the spring",
    "the people of {place} were patient with us, and I am grateful for that",
    "we learned to plan the {unit} around the weather rather than the calendar",
    "the convoys left at dawn and came back long after dark",
    "there is still a great deal of work ahead in {place}",
    "I would rather let the results speak for themselves",
]
OPENERS = ["I should add that", "To be precise,", "As far as I know,", "Frankly,", "In short,", ""]


def _figure(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(VAGUE)
    hedge = rng.choice(HEDGES)
    number = rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 90000)])
    figure = f"{number:,}"
    return f"{hedge} {figure}".strip()


def _sentence(rng: random.Random) -> str:
    place, year, unit = rng.choice(PLACES), rng.choice(YEARS), rng.choice(UNITS)
    opener = rng.choice(OPENERS)
    kind = rng.randrange(12)  # half of what is said holds no figure and names no one
    if kind == 0:
        body = f"{_figure(rng)} {unit} were counted in {place} in {year}"
    elif kind == 1:
        body = f"{rng.choice(ACTORS)} {rng.choice(VERBS)} that {_figure(rng)} {unit} had arrived"
    elif kind == 2:
        body = (
            f"the share of {unit} in {place} rose to {rng.randint(3, 97)}% "
            f"from {rng.randint(3, 97)}% a year earlier"
        )
    elif kind == 3:
        body = f"we reopened the road to {place} after a {rng.randint(2, 12)}-year hiatus"
    elif kind == 4:
        body = f"thanks to the support of {rng.choice(ACTORS)}, {_figure(rng)} {unit} got help"
    elif kind == 5:
        body = f"nobody in {place} expected the rains to last so long"
    else:
        body = rng.choice(PLAIN).format(place=place, unit=unit)
    sentence = f"{opener} {body}".strip()
    return sentence[0].upper() + sentence[1:] + "."


def interview(target_bytes: int, seed: int = 2025, long_every: int = 1000) -> str:
    """Return an interview of about target_bytes of UTF-8 (never more)."""
    rng = random.Random(seed)
    parts = [
        "Mara Veltin, coordinator of the fictional Northern Lakes Relief Mission, "
        "told the Lakeside Courier what the mission did and what it expects.\n"
    ]
    size, turn = len(parts[0]), 0
    while True:
        turn += 1
        question = f"— {rng.choice(QUESTIONS)}\n"
        # Now and then a statement read out in full: one paragraph of some 40,000 characters.
        n = rng.randint(500, 700) if turn % long_every == 0 else rng.randint(2, 6)
        answer = "— " + " ".join(_sentence(rng) for _ in range(n)) + "\n"
        grown = size + len((question + answer).encode("utf-8"))
        if grown > target_bytes:
            break
        parts += [question, answer]
        size = grown
    return "".join(parts)
