"""The shipped seed briefing is complete: the right speakers, every figure, the real date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.core.records import BriefingRecord
from bot.core.store import load_directory
from tests.conftest import BRIEFINGS

SEED_TEXT = Path(__file__).resolve().parents[1] / "data" / "seed_article.txt"


def seed() -> BriefingRecord:
    """Return the seed briefing as loaded from briefings/."""
    (briefing,) = load_directory(BRIEFINGS).briefings()
    return briefing


def test_seed_metadata() -> None:
    """The seed is the Fox News story of 31 October 2024."""
    briefing = seed()
    assert briefing.published == date(2024, 10, 31)
    assert briefing.source.name == "Fox News"
    assert "kursk" in briefing.topics


def test_every_direct_quote_has_the_right_speaker() -> None:
    """The four direct quotes are attributed to Blinken (one) and Austin (three)."""
    briefing = seed()
    direct = {q.text[:30]: q.speaker for q in briefing.quotes if q.kind == "direct"}
    assert direct == {
        "Putin has been throwing more a": "antony-blinken",
        "Yes.": "lloyd-austin",
        "If you take a look at what I s": "lloyd-austin",
        "[North Korea] stands a chance ": "lloyd-austin",
    }
    roles = {p.id: p.role for p in briefing.people}
    assert roles["antony-blinken"] == "U.S. Secretary of State"
    assert roles["lloyd-austin"] == "U.S. Secretary of Defense"


def test_direct_quotes_are_verbatim_from_the_article() -> None:
    """Every direct quote appears word for word in the source article."""
    article = SEED_TEXT.read_text(encoding="utf-8")
    for quote in seed().quotes:
        if quote.kind == "direct":
            assert quote.text in article
            assert quote.evidence is not None
            assert quote.evidence.span == quote.text


def test_every_figure_of_the_story_is_there() -> None:
    """8,000 troops, 10,000 sent, 80 percent, 1,200 a day, 460 sq mi, 620 mi, 86 min, a century."""
    found = {(f.value, f.unit, f.per) for f in seed().figures}
    assert found == {
        (8000, "troops", None),
        (10000, "troops", None),
        (80, "percent", None),
        (1200, "casualties", "day"),
        (460, "square miles", None),
        (620, "miles", None),
        (86, "minutes", None),
        (100, "years", None),
    }


def test_figure_evidence_points_at_the_number() -> None:
    """Each figure's evidence span contains the number as written."""
    for figure in seed().figures:
        assert figure.evidence is not None
        span = figure.evidence.span.replace(",", "")
        written = "a century" if figure.unit == "years" else f"{figure.value:g}"
        assert written in span


def test_aliases_cover_how_the_story_names_people() -> None:
    """'Blinken', 'Secretary Blinken' and 'Defense Secretary Austin' are aliases."""
    aliases = {p.id: set(p.aliases) for p in seed().people}
    assert {"Blinken", "Secretary Blinken"} <= aliases["antony-blinken"]
    assert {"Austin", "Defense Secretary Austin"} <= aliases["lloyd-austin"]
