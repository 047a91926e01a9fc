"""Ingest of the seed article, compared field by field with the hand-curated seed briefing.

The curated briefing (``briefings/north-korean-troops-kursk.yaml``) is what a careful editor
wrote from the same article. Extraction is not expected to write the editor's words, but every
field must say the same things: the same speakers with the same roles, the same direct quotes,
the figures the editor chose, the same places as topics, and a headline and summary that are
short, whole sentences about the story rather than its first paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.core.models import Briefing
from bot.ingest.extract import extract_briefing
from bot.ingest.extract.text import normalise_text, split_paragraphs
from tests.conftest import BRIEFINGS

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_article.txt"


@pytest.fixture(scope="module")
def curated() -> Briefing:
    """Return the hand-curated seed briefing."""
    (path,) = BRIEFINGS.glob("*.yaml")
    return Briefing.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def ingested() -> Briefing:
    """Return the briefing extraction makes of the seed article, given only its source name."""
    return extract_briefing(SEED.read_text(encoding="utf-8"), source_name="Fox News")


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*", text))


def test_headline_is_short_and_whole(ingested: Briefing, curated: Briefing) -> None:
    """The headline fits in 90 characters, is not a cut sentence and names the story."""
    assert len(ingested.title) <= 90
    assert not ingested.title.endswith(("…", "...", ","))
    first_sentence = normalise_text(SEED.read_text(encoding="utf-8")).split(". ")[0]
    assert not first_sentence.startswith(ingested.title)
    assert "North Korean" in ingested.title
    assert "North Korean" in curated.title


def test_summary_is_two_or_three_sentences_not_the_lead(ingested: Briefing) -> None:
    """The summary is 2-3 sentences, not the lead paragraph, and says who said what number."""
    lead = split_paragraphs(normalise_text(SEED.read_text(encoding="utf-8")))[0].text
    sentences = re.findall(r"[^.!?]+(?:[.!?]|$)", ingested.summary.replace("U.S.", "US"))
    assert 2 <= len(sentences) <= 3
    assert ingested.summary != lead
    assert not lead.startswith(ingested.summary)
    assert "Blinken" in ingested.summary
    assert "8,000" in ingested.summary


def test_developments_are_distinct_and_carry_the_curated_numbers(
    ingested: Briefing, curated: Briefing
) -> None:
    """Developments repeat neither the summary nor each other; most curated figures are there."""
    assert 3 <= len(ingested.developments) <= 6
    assert len(set(ingested.developments)) == len(ingested.developments)
    assert not any(d in ingested.summary for d in ingested.developments)
    wanted = set().union(*(_numbers(d) for d in curated.developments))
    found = set().union(*(_numbers(d) for d in [ingested.summary, *ingested.developments]))
    assert len(wanted & found) >= len(wanted) // 2, (wanted, found)


def test_topics_are_the_curated_places(ingested: Briefing, curated: Briefing) -> None:
    """Topics are derived from the text and are the places the editor chose."""
    assert {"north-korea", "russia", "ukraine", "kursk"} <= set(ingested.topics)
    assert len(set(ingested.topics) & set(curated.topics)) >= 4


def test_speakers_and_roles_match(ingested: Briefing, curated: Briefing) -> None:
    """The people who speak are the curated people, with the curated roles."""
    for person in curated.people:
        if person.kind != "person":
            continue
        found = ingested.person(person.id)
        assert found is not None, person.id
        assert found.name == person.name
        assert found.role == person.role


def test_direct_quotes_match(ingested: Briefing, curated: Briefing) -> None:
    """The same direct quotes, word for word, go to the same people."""

    def direct(b: Briefing) -> list[tuple[str | None, str]]:
        return [(q.speaker, " ".join(q.text.split())) for q in b.quotes if q.kind == "direct"]

    assert direct(ingested) == direct(curated)


def test_curated_figures_are_found(ingested: Briefing, curated: Briefing) -> None:
    """Every figure the editor chose is among the extracted figures, with the same unit."""
    found = {(f.value, f.unit) for f in ingested.figures}
    missing = [(f.value, f.unit) for f in curated.figures if (f.value, f.unit) not in found]
    assert len(missing) <= 1, missing
    assert len(ingested.figures) <= 10
