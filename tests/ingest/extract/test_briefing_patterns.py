"""Appositive speakers, organisation nouns and figure labels, end to end through the extractor."""

import pytest

from bot.core.models import Briefing
from bot.ingest.extract import extract_briefing

_LEAD = "Storms swept the coast on Tuesday after a week of rain. "


def _extract(sentence: str) -> Briefing:
    return extract_briefing(_LEAD + sentence)


@pytest.mark.parametrize(
    ("sentence", "name", "role", "said"),
    [
        (
            "Lena Marsh, the governor of the province, said the levees held overnight.",
            "Lena Marsh",
            "governor of the province",
            "the levees held overnight",
        ),
        (
            "Paolo de Rossi, the mayor of the port, told reporters that the ferries would stop.",
            "Paolo de Rossi",
            "mayor of the port",
            "the ferries would stop",
        ),
        (
            "Omar Hale, a spokesman for the ministry, said two bridges had been closed.",
            "Omar Hale",
            "spokesman for the ministry",
            "two bridges had been closed",
        ),
    ],
)
def test_named_speaker_with_role_in_apposition_gives_reported_quote(
    sentence: str, name: str, role: str, said: str
) -> None:
    """Read "Name, the role, said ..." as a reported quote by that person, with the role."""
    briefing = _extract(sentence)
    person = next(p for p in briefing.people if p.name == name)
    assert (person.kind, person.role) == ("person", role)
    assert [(q.kind, q.speaker, q.text) for q in briefing.quotes] == [("reported", person.id, said)]


def test_role_after_speaker_of_direct_quote_reaches_the_person() -> None:
    """Give the speaker of '"...," said Name, the role.' that role."""
    briefing = _extract('"The river has never risen so quickly," said Lena Marsh, the governor.')
    (person,) = briefing.people
    assert (person.name, person.role) == ("Lena Marsh", "governor")
    assert briefing.quotes[0].speaker == person.id


def test_name_after_group_noun_is_an_organisation() -> None:
    """Classify "fishermen's union Marevivo" as an organisation, not a person."""
    briefing = _extract("The fishermen's union Marevivo warned that 300 boats were stuck in port.")
    speaker = next(p for p in briefing.people if p.name == "Marevivo")
    assert speaker.kind == "organization"
    assert briefing.quotes[0].speaker == speaker.id


def test_money_label_stays_in_its_own_clause() -> None:
    """Label "damage could exceed $3 billion" as "damage", not with the previous clause."""
    briefing = _extract("Four people drowned and damage could exceed $3 billion.")
    money = next(f for f in briefing.figures if f.value == 3_000_000_000)
    assert money.label == "damage"
