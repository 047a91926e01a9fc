"""Direct and reported quotes and their attribution."""

from bot.ingest.extract import extract_briefing
from bot.ingest.extract.quotes import FoundQuote, find_quotes
from bot.ingest.extract.text import normalise_text


def _quotes(text: str) -> list[FoundQuote]:
    return find_quotes(normalise_text(text))[0]


def _direct(text: str) -> list[tuple[str, str | None]]:
    return [
        (q.text, q.speaker.name if q.speaker else None) for q in _quotes(text) if q.kind == "direct"
    ]


INTRO = "Mayor Jane Porter spoke on Monday.\n"


def test_straight_quote_with_attribution_after() -> None:
    """Attribute a straight-quoted sentence to the name after it."""
    text = INTRO + '"The bridge will reopen next week," Porter said.'
    assert _direct(text) == [("The bridge will reopen next week", "Jane Porter")]


def test_curly_quote_with_said_first() -> None:
    """Handle curly marks and the "said X" order."""
    text = INTRO + "“We have no money left,” said Porter."
    assert _direct(text) == [("We have no money left", "Jane Porter")]


def test_guillemets_and_single_quotes() -> None:
    """Find quotes in «guillemets» and in British single marks."""
    text = INTRO + "«Nous sommes prêts», said Porter.\n'We will keep going,' Porter said."
    assert [q for q, _ in _direct(text)] == ["Nous sommes prêts", "We will keep going"]


def test_quote_split_around_attribution() -> None:
    """Give both halves of a split quote to the same speaker."""
    text = INTRO + '"We tried," she said. "Then the money ran out."'
    assert _direct(text) == [
        ("We tried", "Jane Porter"),
        ("Then the money ran out.", "Jane Porter"),
    ]


def test_attribution_before_with_colon() -> None:
    """Attribute a quote introduced by "X said:"."""
    text = INTRO + 'Porter said: "Nobody will lose their job over this plan."'
    assert _direct(text) == [("Nobody will lose their job over this plan.", "Jane Porter")]


def test_a_quote_over_two_paragraphs_is_one_quote_per_paragraph() -> None:
    """A quote left open at a paragraph's end and reopened: a quote per paragraph, one speaker."""
    text = INTRO + 'Porter said: "The first part is long.\n"The second part ends it."'
    assert _direct(text) == [
        ("The first part is long.", "Jane Porter"),
        ("The second part ends it.", "Jane Porter"),
    ]


def test_a_quote_over_paragraphs_closed_by_a_credit_gives_every_paragraph_that_speaker() -> None:
    """Both paragraphs of a passage closed by "she said" are hers; a stage direction is none."""
    text = (
        INTRO + '"The first part is long.\n\n"(CROSSTALK.)\n\n"The second part ends it," she said.'
    )
    (first, second) = extract_briefing(text, source_name="Gazette").quotes
    assert (first.text, second.text) == ("The first part is long.", "The second part ends it")
    assert first.speaker == second.speaker == "jane-porter"
    assert first.evidence is not None
    assert first.evidence.span == "The first part is long."


def test_next_paragraph_quote_inherits_speaker() -> None:
    """Give an unattributed quote paragraph to the speaker of the quote before it."""
    text = INTRO + '"We start today," Porter said.\n"Nothing will stop us now, believe me."'
    assert _direct(text)[1] == ("Nothing will stop us now, believe me.", "Jane Porter")


def test_nested_quote_stays_inside() -> None:
    """Keep a nested quote inside the outer quote's text."""
    text = INTRO + "“He told me ‘never again’ and left,” Porter said."
    assert _direct(text) == [("He told me ‘never again’ and left", "Jane Porter")]


def test_pronoun_resolves_to_latest_person_not_organisation() -> None:
    """Resolve "he" to the most recent man named, never to an organisation."""
    text = (
        "Senator Paul Grant met the Ministry of Finance.\n"
        'The Ministry of Finance declined. "We will appeal," he said.'
    )
    assert _direct(text) == [("We will appeal", "Paul Grant")]


def test_organisation_speaker() -> None:
    """Report an organisation as the speaker of "the Pentagon said"."""
    quotes = _quotes('"No troops are moving," the Pentagon said.')
    assert quotes[0].speaker is not None
    assert (quotes[0].speaker.name, quotes[0].speaker.kind) == ("Pentagon", "organization")


def test_unknown_speaker_is_null() -> None:
    """Leave the speaker empty when the source is unnamed."""
    assert _direct('"The deal is off," a source said.') == [("The deal is off", None)]


def test_scare_quotes_are_not_quotes() -> None:
    """Ignore a short quoted phrase inside a sentence with no speech verb."""
    text = 'The so-called "peace dividend" never arrived, and the "reform" stalled.'
    assert _direct(text) == []


def test_titles_are_not_quotes() -> None:
    """Ignore film and book titles in quotation marks."""
    text = 'She starred in "The Long Road Home" and wrote the book "Winter Of Hope" last year.'
    assert _direct(text) == []


def test_label_after_called_is_not_a_quote() -> None:
    """Ignore a phrase introduced by "called"."""
    assert _direct('He called the plan "a total disaster" on Monday.') == []


def test_quote_text_matches_evidence() -> None:
    """Point the evidence offsets at the quote text without its marks."""
    quote = _quotes(INTRO + '"We are ready," Porter said.')[0]
    assert quote.sentence.text[quote.start - quote.sentence.start :].startswith("We are ready")


def test_reported_speech_with_that() -> None:
    """Report "X said that ..." as a reported quote."""
    quotes = _quotes(INTRO + "Porter said that the budget would be balanced by June.")
    reported = [q for q in quotes if q.kind == "reported"]
    assert reported[0].text == "the budget would be balanced by June"
    assert reported[0].speaker is not None
    assert reported[0].speaker.name == "Jane Porter"


def test_reported_speech_leaves_out_where_it_was_said() -> None:
    """Report "said in a statement that X" and "said on Twitter that X" as X alone."""
    for setting in ("in a statement", "on Twitter", "during a news conference"):
        quotes = _quotes(INTRO + f"Porter said {setting} that the budget would be balanced.")
        assert [q.text for q in quotes] == ["the budget would be balanced"]


def test_reported_speech_with_trailing_attribution() -> None:
    """Report "..., officials said." as a reported quote with an unknown speaker."""
    quotes = _quotes("The road will stay closed until the spring, officials said.")
    assert [(q.kind, q.text) for q in quotes] == [
        ("reported", "The road will stay closed until the spring")
    ]


def _speakers(text: str) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.text, q.speaker.name if q.speaker else None) for q in _quotes(text)]


def test_transcript_label_is_a_direct_quote_of_that_speaker() -> None:
    """Read "PORTER: ..." at a paragraph start as Porter's verbatim words."""
    text = INTRO + "PORTER: The bridge stays shut until spring.\nHOST: Thank you, Mayor."
    quotes = _speakers(text)
    assert ("direct", "The bridge stays shut until spring.", "Jane Porter") in quotes
    assert ("direct", "Thank you, Mayor.", None) in quotes


def test_update_label_is_not_a_speaker() -> None:
    """Leave "UPDATE: ..." and "CORRECTION: ..." paragraphs alone."""
    text = INTRO + "UPDATE: The bridge reopened at noon.\nCORRECTION: An earlier version erred."
    assert [q for q in _quotes(text) if q.kind == "direct"] == []


def test_pronoun_never_resolves_to_an_organisation() -> None:
    """Resolve "she" past an organisation to the last woman named, or leave it null."""
    text = (
        "Mayor Jane Porter met the Harbour Authority on Monday.\n"
        "The Harbour Authority said the pier was unsafe.\n"
        '"We cannot wait for the engineers," she said.'
    )
    assert _direct(text) == [("We cannot wait for the engineers", "Jane Porter")]
    orphan = 'The Harbour Authority met on Monday.\n"The pier is closed," he said.'
    assert _direct(orphan) == [("The pier is closed", None)]


def test_according_to_attributes_the_quote() -> None:
    """Attribute "..., according to Dan Reyes" to Dan Reyes."""
    text = '"The tolls will double next year," according to Dan Reyes, a city planner.'
    assert _direct(text) == [("The tolls will double next year", "Dan Reyes")]


def test_organisation_can_speak() -> None:
    """Attribute a statement to an organisation named as the speaker."""
    text = '"We regret the delay," the Harbour Authority said in a statement.'
    quotes = _quotes(text)
    assert quotes[0].speaker is not None
    assert quotes[0].speaker.name == "Harbour Authority"
    assert quotes[0].speaker.kind == "organization"


def test_unknown_speaker_stays_null() -> None:
    """Leave the speaker null when no one is named or can be resolved."""
    text = 'Crowds gathered at the pier.\n"It is a disgrace," one onlooker shouted.'
    assert [s for _k, _t, s in _speakers(text)] == [None]


def test_a_quote_woven_into_the_writers_clause_is_reported_speech() -> None:
    """'said the state faced "one of the most dangerous days" of ...' is no direct quote.

    The words stay the speaker's, as reported speech, and a quote right after them in the
    same paragraph still continues that speaker; a quote after "said" or "that" stays direct.
    """
    text = (
        "Premier Natalie Kerslake said the state was facing \u201cone of the most dangerous"
        " days\u201d of the season. \u201cShelter indoors, away from windows,\u201d she said.\n"
        'Victor Cha said both parties "saw Burma as a country under pressure from China,"'
        ' he said. "It was like pushing on an open door."\n'
        'Porter said "we will reopen the bridge next week."\n'
    )
    found = {q.text: (q.kind, q.speaker.name if q.speaker else None) for q in _quotes(text)}
    assert found["one of the most dangerous days"] == ("reported", "Natalie Kerslake")
    assert found["Shelter indoors, away from windows"] == ("direct", "Natalie Kerslake")
    assert found["It was like pushing on an open door."] == ("direct", "Victor Cha")
    assert found["we will reopen the bridge next week."][0] == "direct"
