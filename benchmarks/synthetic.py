"""Generate synthetic briefings for benchmarks (about 10 quotes and 10 figures each)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

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
WORDS = ["the", "minister", "said", "talks", "would", "continue", "while", "troops", "moved", "north", "and", "prices", "rose", "as", "officials", "warned", "that", "supplies", "of", "grain", "fuel", "and", "power", "remained", "short", "across", "the", "region", "after", "weeks", "of", "strikes", "floods", "and", "protests", "in", "several", "cities"]
UNITS = ["troops", "percent", "dollars", "miles", "casualties", "ships", "tonnes", "people"]


def sentence(rng: random.Random, words: int = 14) -> str:
    """Return a random sentence."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def people() -> list[tuple[str, str]]:
    """Return (id, name) for every synthetic person (400 of them)."""
    return [(f"{f}-{l}".lower(), f"{f} {l}") for f in FIRST for l in LAST]


def briefing(n: int, rng: random.Random) -> dict[str, Any]:
    """Return synthetic briefing number n as a dict."""
    everyone = people()
    cast = rng.sample(everyone, 4)
    published = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * n)
    quotes = []
    for _ in range(10):
        speaker_id, _name = rng.choice(cast)
        text = sentence(rng, 18)
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
    """Write ``count`` JSON briefing files below root (reused if already complete)."""
    target = root / f"corpus-{count}"
    marker = target / ".complete"
    if marker.exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for n in range(count):
        shard = target / f"{n // 1000:03d}"
        shard.mkdir(exist_ok=True)
        (shard / f"story-{n:06d}.json").write_bytes(orjson.dumps(briefing(n, rng)))
    marker.write_text("ok")
    return target
