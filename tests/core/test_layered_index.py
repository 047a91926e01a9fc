"""A layered index (a few changes over a full one) answers exactly as a full rebuild does.

The shared library applies every change this way, so a wrong merge would show users stale or
missing stories, quotes in the wrong order, or a replaced story's old quotes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from bot.core.index import Index
from bot.core.models import Briefing
from bot.core.records import BriefingRecord, as_record
from tests.core.factories import briefing_dict

PEOPLE = [
    ("mara-okafor", "Mara Okafor"),
    ("ivo-berg", "Ivo Berg"),
    ("lena-berg", "Lena Berg"),
    ("sami-halden", "Sami Halden"),
    ("tara-quist", "Tara Quist"),
    ("port-authority", "Port Authority"),
]
WORDS = ["dock", "strike", "ships", "pay", "offer", "union", "harbour", "talks", "crane", "cargo"]
TOPICS = ["labour", "port-halden", "shipping", "wages"]


def _story(rng: random.Random, number: int, version: int = 0) -> BriefingRecord:
    cast = rng.sample(PEOPLE, rng.randint(1, 3))
    quotes: list[dict[str, Any]] = []
    for _ in range(rng.randint(0, 4)):
        speaker, _name = rng.choice(cast)
        text = " ".join(rng.choices(WORDS, k=6))
        kind = rng.choice(["direct", "reported"])
        quotes.append({"speaker": speaker, "text": text, "kind": kind})
    data = briefing_dict(
        f"story-{number}",
        title=f"Story {number} version {version}: {' '.join(rng.choices(WORDS, k=3))}",
        # Few distinct dates, so stories tie on date and the tie-breaks are exercised.
        published=(date(2025, 3, 1) + timedelta(days=rng.randint(0, 6))).isoformat(),
        topics=rng.sample(TOPICS, rng.randint(1, 2)),
        summary=" ".join(rng.choices(WORDS, k=12)) + ".",
        developments=[],
        people=[
            {
                "id": pid,
                "name": name,
                "role": f"role {version}",
                "kind": "organization" if pid == "port-authority" else "person",
            }
            for pid, name in cast
        ],
        quotes=quotes,
        figures=[],
    )
    return as_record(Briefing.model_validate(data))


def _answers(index: Index) -> dict[str, Any]:
    """Everything a user could see, by id, so two indexes can be compared."""
    speakers = {
        sid: (len(s.quotes), [(h.briefing.id, h.position) for h in s.quotes])
        for sid, s in index.speakers.items()
        if len(s.quotes)
    }
    return {
        "stories": [b.id for b in index.stories],
        "by_id": {i: b.title for i, b in index.by_id.items()},
        "speakers": speakers,
        "first": {sid: [h.quote.text for h in s.quotes[:2]] for sid, s in index.speakers.items()},
        "search": {w: [b.id for b in index.search(w, limit=7)] for w in WORDS},
        "two_words": [b.id for b in index.search("dock strike", limit=5)],
        "prefix": [b.id for b in index.search("ha", limit=5, prefix_last=True)],
        "topics": {t: [b.id for b in index.by_topic(t)] for t in TOPICS},
        "complete_topics": [c.value for c in index.complete_topics("")],
        "find": {n: [s.id for s in index.find_speakers(n)] for _, n in PEOPLE},
        "berg": [s.id for s in index.find_speakers("berg")],
        "sources": index.sources(),
        "latest": index.latest.id if index.latest else None,
    }


def test_layered_changes_answer_as_a_full_rebuild() -> None:
    rng = random.Random(11)
    library = {n: _story(rng, n) for n in range(40)}
    index = Index(library.values())
    for step in range(1, 30):
        changes: dict[str, BriefingRecord | None] = {}
        for _ in range(rng.randint(1, 4)):
            action = rng.random()
            number = rng.randrange(60)
            if action < 0.2 and number in library:
                del library[number]
                changes[f"story-{number}"] = None
            else:
                library[number] = _story(rng, number, step)
                changes[f"story-{number}"] = library[number]
        index = Index.updated(index, changes)
        assert index.layered > 0
        assert _answers(index) == _answers(Index(library.values())), f"step {step}"


def test_a_replaced_story_no_longer_lends_its_old_quotes() -> None:
    rng = random.Random(3)
    first = _story(rng, 1)
    index = Index([first, _story(rng, 2)])
    quiet = as_record(
        Briefing.model_validate(
            briefing_dict("story-1", title="Story 1 retold", quotes=[], published="2025-03-09")
        )
    )
    layered = Index.updated(index, {"story-1": quiet})
    shown = [h.briefing.title for s in layered.speakers.values() for h in s.quotes]
    assert "Story 1 retold" not in shown
    assert first.title not in shown
    assert layered.by_id["story-1"].title == "Story 1 retold"
    assert layered.latest is not None
    assert layered.latest.id == "story-1"


def test_quotes_of_a_layered_speaker_can_be_read_by_position_and_slice() -> None:
    rng = random.Random(5)
    library = {n: _story(rng, n) for n in range(20)}
    index = Index(library.values())
    library[3] = _story(rng, 3, 1)
    layered = Index.updated(index, {"story-3": library[3]})
    full = Index(library.values())
    for speaker_id, speaker in full.speakers.items():
        mine = layered.speakers[speaker_id].quotes
        expected = [(h.briefing.id, h.position) for h in speaker.quotes]
        assert [(h.briefing.id, h.position) for h in mine[1:3]] == expected[1:3]
        assert [(h.briefing.id, h.position) for h in mine[::-1]] == expected[::-1]
        if expected:
            assert (mine[-1].briefing.id, mine[-1].position) == expected[-1]
