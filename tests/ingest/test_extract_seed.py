"""The seed story yields its four direct quotes, their speakers and its figures."""

import re
from datetime import date
from pathlib import Path

import pytest

from bot.core.models import Briefing
from bot.ingest.extract import extract_briefing

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_article.txt"


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return extract_briefing(
        SEED.read_text(encoding="utf-8"), published=date(2024, 11, 1), source_name="Fox News"
    )


def _speaker(briefing: Briefing, start: str) -> tuple[str, str | None]:
    quote = next(q for q in briefing.quotes if q.kind == "direct" and q.text.startswith(start))
    person = briefing.person(quote.speaker)
    assert person is not None
    return person.name, person.role


def test_seed_has_exactly_four_direct_quotes(briefing: Briefing) -> None:
    """Extract the four direct quotes of the seed story, verbatim and without marks."""
    direct = [q.text for q in briefing.quotes if q.kind == "direct"]
    assert len(direct) == 4
    assert direct[0].startswith("Putin has been throwing")
    assert direct[0].endswith("clear sign of weakness")
    assert direct[1] == "Yes."
    assert direct[2].startswith("If you take a look")
    assert direct[2].endswith("casualties")
    assert direct[3] == "[North Korea] stands a chance of gaining in this exchange."


def test_seed_quote_speakers(briefing: Briefing) -> None:
    """Attribute each quote to the right person, with the role the story gives."""
    assert _speaker(briefing, "Putin") == ("Antony Blinken", "U.S. Secretary of State")
    assert _speaker(briefing, "Yes.")[0] == "Lloyd Austin"
    assert _speaker(briefing, "If you take")[0] == "Lloyd Austin"
    assert _speaker(briefing, "[North Korea]") == ("Lloyd Austin", "U.S. Secretary of Defense")


def test_seed_people_ids_and_aliases(briefing: Briefing) -> None:
    """Give speakers slug ids and keep the surname and title forms the story uses."""
    blinken = briefing.person("antony-blinken")
    austin = briefing.person("lloyd-austin")
    assert blinken is not None
    assert austin is not None
    assert {"Blinken", "Secretary Blinken"} <= set(blinken.aliases)
    assert "Austin" in austin.aliases


def test_seed_evidence_highlights_quote(briefing: Briefing) -> None:
    """Point every quote's evidence at its exact text inside the sentence."""
    for quote in briefing.quotes:
        assert quote.evidence is not None
        assert quote.evidence.span == quote.text


def test_seed_figures(briefing: Briefing) -> None:
    """Find the seed story's figures with their units, qualifiers and rate."""
    figures = {(f.value, f.unit, f.qualifier, f.per) for f in briefing.figures}
    assert (8000.0, "troops", None, None) in figures
    assert (80.0, "percent", None, None) in figures
    assert (1200.0, "casualties", "around", "day") in figures
    assert (460.0, "square miles", "approximately", None) in figures
    assert (620.0, "miles", None, None) in figures
    assert (86.0, "minutes", None, None) in figures
    assert (100.0, "years", None, None) in figures
    assert any(f.value == 10000.0 and "initially sent" in f.label for f in briefing.figures)


def test_seed_figure_evidence_is_the_number_as_written(briefing: Briefing) -> None:
    """Highlight each figure as written, e.g. "8,000" and "80%"."""
    spans = {f.evidence.span for f in briefing.figures if f.evidence}
    assert {"8,000", "80%", "1,200", "460", "620", "86", "a century", "10,000"} <= spans


def test_seed_summary_and_developments(briefing: Briefing) -> None:
    """Write a short extractive summary and three to six developments; the id follows the title."""
    assert briefing.summary.startswith("In a significant escalation")
    assert 3 <= len(briefing.developments) <= 6
    assert briefing.id.startswith("the-united-states-has-confirmed")
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}", briefing.id)
