"""Generate synthetic briefings for benchmarks (about 10 quotes and 10 figures each)."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from bot.core.index import Index
from bot.core.models import Briefing

FIRST = [
    "Ana",
    "Ben",
    "Chen",
    "Dara",
    "Emil",
    "Farah",
    "Goran",
    "Hana",
    "Ivo",
    "Jun",
    "Kofi",
    "Lena",
    "Mats",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
]
LAST = [
    "Abara",
    "Berg",
    "Castell",
    "Dahl",
    "Eze",
    "Fonseca",
    "Grieg",
    "Holm",
    "Ibsen",
    "Jovic",
    "Kato",
    "Lund",
    "Moreau",
    "Novak",
    "Okoro",
    "Petrov",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
]
ROLES = ["foreign minister", "defence secretary", "spokesperson", "mayor", "general", "analyst"]
TOPICS = [
    "energy",
    "elections",
    "trade",
    "security",
    "health",
    "climate",
    "markets",
    "labour",
    "transport",
    "housing",
    "kursk",
    "north-korea",
]
WORDS = [
    "the",
    "minister",
    "said",
    "talks",
    "would",
    "continue",
    "while",
    "troops",
    "moved",
    "north",
    "and",
    "prices",
    "rose",
    "as",
    "officials",
    "warned",
    "that",
    "supplies",
    "of",
    "grain",
    "fuel",
    "and",
    "power",
    "remained",
    "short",
    "across",
    "the",
    "region",
    "after",
    "weeks",
    "of",
    "strikes",
    "floods",
    "and",
    "protests",
    "in",
    "several",
    "cities",
]
UNITS = ["troops", "percent", "dollars", "miles", "casualties", "ships", "tonnes", "people"]


def sentence(rng: random.Random, words: int = 14) -> str:
    """Return a random sentence."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


MIDDLE = ["", *(f"{c}." for c in "ABCDEFGHIJKLMNOPRSTW")]


def people(count: int = 400) -> list[tuple[str, str]]:
    """Return (id, name) for ``count`` synthetic people (at most 8,400), most quoted first."""
    everyone = [
        (f"{f}-{m[:1]}-{last}".lower().replace("--", "-"), " ".join(p for p in (f, m, last) if p))
        for m in MIDDLE
        for f in FIRST
        for last in LAST
    ]
    return everyone[:count]


class Cast:
    """A long-tailed population: a few people are in many stories, most in a handful."""

    def __init__(self, count: int) -> None:
        self.everyone = people(count)
        # Zipf-like weights 1/(rank+20): the most quoted person is in about 3% of stories.
        weights = [1 / (rank + 20) for rank in range(len(self.everyone))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def pick(self, rng: random.Random, k: int) -> list[tuple[str, str]]:
        """Return k distinct people drawn by popularity."""
        chosen: dict[tuple[str, str], None] = {}
        while len(chosen) < k:
            (person,) = rng.choices(self.everyone, cum_weights=self.cumulative)
            chosen.setdefault(person)
        return list(chosen)


def briefing(n: int, rng: random.Random, cast_of: Cast | None = None) -> dict[str, Any]:
    """Return synthetic briefing number n as a dict."""
    cast = (cast_of or Cast(400)).pick(rng, 4)
    published = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * n)
    quotes = []
    for _ in range(10):
        speaker_id, _name = rng.choice(cast)
        text = sentence(rng, rng.randint(15, 25))
        quotes.append(
            {
                "speaker": speaker_id,
                "text": text,
                "kind": rng.choice(["direct", "reported"]),
                "evidence": {"sentence": f'"{text}" they said.', "start": 1, "end": 1 + len(text)},
            }
        )
    figures = []
    for _ in range(10):
        value = rng.randint(1, 20000)
        unit = rng.choice(UNITS)
        written = f"{value:,} {unit}"
        context = f"Officials counted {written} on the day."
        figures.append(
            {
                "value": value,
                "unit": unit,
                "label": f"{unit} counted",
                "evidence": {"sentence": context, "start": 18, "end": 18 + len(written)},
            }
        )
    return {
        "id": f"story-{n:06d}",
        "title": f"Story {n}: {sentence(rng, 8)[:-1]}",
        "published": published.isoformat(),
        "source": {"name": f"Wire {n % 25}", "url": f"https://news.example/{n}"},
        "topics": rng.sample(TOPICS, 2),
        "summary": " ".join(sentence(rng) for _ in range(2)),
        "developments": [sentence(rng) for _ in range(3)],
        "people": [
            {"id": pid, "name": name, "role": rng.choice(ROLES), "aliases": [name.split()[-1]]}
            for pid, name in cast
        ],
        "quotes": quotes,
        "figures": figures,
    }


def write_corpus(root: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` JSON briefing files below root (reused if already complete).

    The population of speakers grows with the corpus (one person per ten stories, 400 to
    8,400), so autocomplete and ``/quote`` face a realistic number of names.
    """
    target = root / f"corpus-v2-{count}"
    marker = target / ".complete"
    if marker.exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    cast = Cast(min(8400, max(400, count // 10)))
    for n in range(count):
        shard = target / f"{n // 1000:03d}"
        shard.mkdir(exist_ok=True)
        (shard / f"story-{n:06d}.json").write_bytes(orjson.dumps(briefing(n, rng, cast)))
    marker.write_text("ok")
    return target


def build_index(count: int, speakers: int) -> tuple[Index, list[tuple[str, str]]]:
    """Return an index over ``count`` synthetic briefings and the cast of speakers."""
    rng = random.Random(7)
    cast = Cast(speakers)
    started = time.perf_counter()
    stories = [Briefing.model_validate(briefing(n, rng, cast)) for n in range(count)]
    built = time.perf_counter()
    index = Index(stories)
    print(
        f"validated {count} briefings in {built - started:.1f} s, "
        f"indexed in {time.perf_counter() - built:.1f} s; {len(index.speakers)} speakers"
    )
    return index, cast.everyone
