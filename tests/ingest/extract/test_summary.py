"""Headline, summary, developments and topics of articles written for these tests."""

from __future__ import annotations

from bot.core.models import Briefing
from bot.ingest.extract import extract_briefing
from bot.ingest.extract.furniture import is_furniture, strip_dateline
from bot.ingest.extract.headline import shorten
from bot.ingest.extract.summary import spell_out_names

FARES = """REDFIELD — The Redfield city council voted 7-2 on Tuesday to raise the single bus \
fare to $2.75 from July 1, the first rise in six years.
By Jane Doe and Tom Lee, Redfield Courier
Councillor Tom Okafor said the increase would pay for 40 new electric buses over the next decade.
"We cannot run a modern network on a 2018 budget," Okafor said after the vote.
Opponents said the rise would hurt the 12,000 riders who take the bus to work every day.
The council also voted to raise the monthly pass to $80, a 10 percent increase, from July 1.
Redfield Transit, which carries about 30,000 passengers a day, will add 15 routes next year.
Redfield Transit said the new buses would cut its fuel bill by a third.
Reporting by Jane Doe; Editing by Sam Roe
"""


def _briefing(text: str, **kwargs: object) -> Briefing:
    return extract_briefing(text, **kwargs)  # type: ignore[arg-type]


def test_dateline_and_byline_stay_out_of_summary_and_developments() -> None:
    """The dateline, the byline and the credit line are page furniture, not the story."""
    briefing = _briefing(FARES)
    said = " ".join([briefing.summary, *briefing.developments])
    assert briefing.summary.startswith("The Redfield city council voted 7-2")
    assert "REDFIELD" not in said
    assert "Jane Doe" not in said
    assert "Editing by" not in said


def test_summary_is_two_or_three_sentences_beyond_the_lead() -> None:
    """The summary adds to the lead paragraph a sentence from later in the story."""
    briefing = _briefing(FARES)
    lead = FARES.splitlines()[0]
    assert 2 <= briefing.summary.count(". ") + 1 <= 3
    assert briefing.summary != strip_dateline(lead)
    assert len(briefing.summary) > len(strip_dateline(lead))


def test_developments_are_distinct_facts() -> None:
    """No development restates the summary or another development."""
    briefing = _briefing(FARES)
    assert 3 <= len(briefing.developments) <= 6
    for development in briefing.developments:
        assert development not in briefing.summary
    assert len(set(briefing.developments)) == len(briefing.developments)


def test_lead_is_shortened_at_a_phrase_boundary_for_the_headline() -> None:
    """No headline given: the lead's main clause, under 90 characters, not cut mid-phrase."""
    briefing = _briefing(FARES)
    assert (
        briefing.title
        == "The Redfield city council voted 7-2 on Tuesday to raise the single bus fare to $2.75"
    )
    assert len(briefing.title) <= 90


def test_opening_phrase_before_the_subject_is_dropped() -> None:
    """An opening "In a surprise move ...," phrase is dropped: the headline starts at the union."""
    sentence = (
        "In a surprise move after months of tense talks with the regional government, the"
        " dockworkers' union agreed to end its strike at the port of Vessel Bay on Friday night."
    )
    headline = shorten(sentence)
    assert headline is not None
    assert headline.startswith("The dockworkers' union agreed to end its strike")
    assert len(headline) <= 90
    assert not headline.endswith("…")


def test_headline_line_is_the_title_and_not_glued_to_the_summary() -> None:
    """A first line without a full stop is the headline: the title, and not in the summary."""
    text = "Harbour to open 40 berths\n" + FARES
    briefing = _briefing(text)
    assert briefing.title == "Harbour to open 40 berths"
    assert not briefing.summary.startswith("Harbour to open")


def test_given_title_loses_the_source_suffix() -> None:
    """A page title "Fares rise | Redfield Courier" becomes "Fares rise"."""
    briefing = _briefing(
        FARES, title="Fares rise | Redfield Courier", source_name="Redfield Courier"
    )
    assert briefing.title == "Fares rise"


def test_topics_are_derived_from_places_and_bodies_not_people() -> None:
    """Redfield and Redfield Transit are topics; Tom Okafor, who speaks, is not."""
    briefing = _briefing(FARES)
    assert "redfield-transit" in briefing.topics
    assert not any("okafor" in topic for topic in briefing.topics)


def test_demonyms_join_their_place_and_short_forms_their_long_form() -> None:
    """A demonym counts for its place ("Lithuanian") and "U.S." for United States."""
    text = (
        "Lithuania will buy 18 howitzers from the U.S., the defence ministry said on Monday.\n"
        "Lithuanian officials said the United States would deliver them by 2026.\n"
        "The Lithuanian army has 14 such guns, and Lithuania plans to double its budget.\n"
        "U.S. officials did not comment."
    )
    briefing = _briefing(text)
    assert briefing.topics[:2] == ["lithuania", "united-states"]


def test_given_topics_are_kept() -> None:
    """Topics the source gives are used as they are."""
    assert _briefing(FARES, topics=["transport"]).topics == ["transport"]


def test_furniture_lines() -> None:
    """Bylines, credits and time stamps are furniture; story sentences that look alike are not."""
    assert is_furniture("By Jane Doe")
    assert is_furniture("Updated 3:45 PM EST, Nov. 1, 2024")
    assert not is_furniture("By the end of the year, prices had risen by 4 percent.")
    assert not is_furniture("Published on Monday, the report found 5 people died.")
    assert strip_dateline("KYIV, Ukraine (Reuters) — The army said it held the line.") == (
        "The army said it held the line."
    )
    assert strip_dateline("NATO said the alliance agreed.") == "NATO said the alliance agreed."


def test_dateline_is_not_part_of_a_reported_statement() -> None:
    """In "BERLIN (Reuters) - Germany will cut ..., Lindner said" the words start at Germany."""
    text = (
        "Germany to cut rail subsidies\n"
        "BERLIN, March 3 (Reuters) - Germany will cut rail subsidies by 1.2 billion euros next"
        " year, Finance Minister Christian Lindner said on Tuesday.\n"
        "Deutsche Bahn said it would study the plan, and Deutsche Bahn unions called a meeting.\n"
    )
    briefing = _briefing(text)
    reported = [q for q in briefing.quotes if q.kind == "reported"]
    assert reported
    assert reported[0].text.startswith("Germany will cut")
    assert reported[0].evidence is not None
    assert reported[0].evidence.span == reported[0].text
    assert "germany" in briefing.topics


def test_a_bare_surname_in_the_summary_is_written_out_at_its_first_mention() -> None:
    """A summary is read on its own: "Okafor said ..." there reads "Tom Okafor said ..."."""
    briefing = _briefing(FARES)
    said = " ".join([briefing.summary, *briefing.developments])
    assert "Okafor" not in said or "Tom Okafor" in said
    assert spell_out_names("Holt said no. Holt left.", ["Amy Holt"]) == (
        "Amy Holt said no. Holt left."
    )
    # A title, a first name already there, or two people of that surname: left as written.
    assert spell_out_names("Senator Holt said no.", ["Amy Holt"]) == "Senator Holt said no."
    assert spell_out_names("Mr. Holt said no.", ["Amy Holt"]) == "Mr. Holt said no."
    assert spell_out_names("Holt said no.", ["Amy Holt", "Ben Holt"]) == "Holt said no."


def test_a_sentence_opening_with_a_pronoun_is_no_summary_line() -> None:
    """Read alone, "He said the strike would continue" does not say who said it."""
    text = (
        "Doctors at Central Hospital walked out on Friday over pay and staffing.\n"
        "Union leader Karim Aziz met the health minister on Friday evening.\n"
        "He said the strike would continue until the hospital hired more staff.\n"
        "The hospital cancelled 300 operations, its medical director said.\n"
    )
    briefing = _briefing(text)
    said = " ".join([briefing.summary, *briefing.developments])
    assert "He said the strike" not in said
    assert "Karim Aziz" in said
