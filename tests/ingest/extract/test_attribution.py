"""Speakers as a careful editor credits them: one person per person, roles apart, no guesses."""

from __future__ import annotations

from datetime import date

import pytest

from bot.adapters.console import render_text
from bot.core.commands import CommandEngine, Invocation
from bot.core.index import Index
from bot.core.models import Briefing, Quote
from bot.ingest.extract import extract_briefing

COUNCIL = (
    "Council backs fare rise for city buses\n"
    '"The fare rise is the only way to keep the night buses running," Councillor Tom Okafor'
    " told the transit committee on Tuesday.\n"
    'Okafor said the city had no other option. "We looked at every line of the budget," he'
    ' said. "There was nothing left to cut."\n'
    "Sarah Lind, president of the Redfield Transit Union, said the change would hit shift"
    ' workers hardest. "Our members start before dawn," Lind said.\n'
    "Mayor Dana Okafor, who is not related to the councillor, said she would sign the measure."
    ' "I will sign it on Friday," she said.\n'
    '"The budget is balanced now," Okafor said.\n'
)


def _extract(text: str) -> Briefing:
    return extract_briefing(text, published=date(2026, 3, 3), source_name="Redfield Courier")


def _said(briefing: Briefing, start: str) -> Quote:
    return next(q for q in briefing.quotes if q.text.startswith(start))


def _speaker(briefing: Briefing, start: str) -> str | None:
    person = briefing.person(_said(briefing, start).speaker)
    return person.name if person else None


def test_title_before_a_name_is_a_role_and_the_surname_joins_the_person() -> None:
    """Credit 'Councillor Tom Okafor ... Okafor said' to one person, Tom Okafor, a Councillor."""
    briefing = _extract(COUNCIL)
    tom = next(p for p in briefing.people if p.name == "Tom Okafor")
    assert tom.role == "Councillor"
    assert _speaker(briefing, "The fare rise") == "Tom Okafor"
    assert _speaker(briefing, "We looked") == "Tom Okafor"
    assert _speaker(briefing, "There was nothing") == "Tom Okafor"
    assert not any(p.name in ("Okafor", "Councillor Tom Okafor") for p in briefing.people)


def test_role_after_the_name_is_kept_as_the_role() -> None:
    """Keep 'president of the Redfield Transit Union' as Sarah Lind's role."""
    briefing = _extract(COUNCIL)
    lind = next(p for p in briefing.people if p.name == "Sarah Lind")
    assert lind.role == "president of the Redfield Transit Union"
    assert _speaker(briefing, "Our members") == "Sarah Lind"
    reported = _said(briefing, "the change would hit")
    assert reported.kind == "reported"
    assert briefing.person(reported.speaker) == lind


def test_namesakes_stay_apart_by_first_name_role_and_position() -> None:
    """Keep the councillor and the mayor named Okafor apart; 'she' goes to the mayor."""
    briefing = _extract(COUNCIL)
    assert _speaker(briefing, "I will sign") == "Dana Okafor"
    mayor = next(p for p in briefing.people if p.name == "Dana Okafor")
    assert mayor.role == "Mayor"
    # A bare surname names the namesake introduced first (news style names the others in full).
    assert _speaker(briefing, "The budget is balanced") == "Tom Okafor"


def test_namesakes_introduced_together_leave_a_bare_surname_unresolved() -> None:
    """'Dana Okafor and her brother, Tom Okafor' then 'Okafor said': neither is the principal."""
    briefing = _extract(
        "Mayor Dana Okafor and her brother, Tom Okafor, spoke at the depot opening.\n"
        '"We disagree on the route, not on the depot," Okafor said.\n'
    )
    assert _speaker(briefing, "We disagree on the route") not in ("Dana Okafor", "Tom Okafor")


def test_role_fused_before_a_known_first_name_is_split_off() -> None:
    """Name 'Crown-Indigenous Relations Carolyn Bennett' Carolyn Bennett, with the rest as role."""
    briefing = _extract(
        'Crown-Indigenous Relations Carolyn Bennett said on Monday, "The talks will resume."'
    )
    person = briefing.person(briefing.quotes[0].speaker)
    assert person is not None
    assert (person.name, person.role) == ("Carolyn Bennett", "Crown-Indigenous Relations")


def test_full_name_after_a_first_bare_surname_completes_the_speaker() -> None:
    """Give a quote credited to 'Marsh' to Lena Marsh when her full name comes later."""
    briefing = _extract(
        '"The river has never risen so fast," Marsh said on Sunday.\n'
        "Lena Marsh has led the flood service for a decade.\n"
    )
    assert _speaker(briefing, "The river") == "Lena Marsh"


def test_a_title_without_a_name_is_no_one() -> None:
    """Never invent a person called 'U.S. Secretary'; credit the named secretary instead."""
    briefing = _extract(
        "U.S. Secretary of State Antony Blinken announced that the troops will soon enter combat"
        " in the region."
    )
    assert [p.name for p in briefing.people] == ["Antony Blinken"]
    assert briefing.people[0].role == "U.S. Secretary of State"


def test_pronoun_goes_to_the_salient_person_not_the_last_name_mentioned() -> None:
    """Resolve 'he' to the subject who spoke, not to a man named inside his statement."""
    briefing = _extract(
        "Senator Paul Grant said he did not think the vote had hurt Mark Ellis last year.\n"
        '"It was not the issue that sank the plan," he said.\n'
    )
    quote = _said(briefing, "It was not the issue")
    assert briefing.person(quote.speaker) is not None
    assert _speaker(briefing, "It was not the issue") == "Paul Grant"
    assert quote.attribution == "pronoun"


def test_pronoun_without_a_fitting_antecedent_stays_unknown() -> None:
    """Leave 'she' unattributed when the only people nearby are men."""
    briefing = _extract(
        "The hall was full when Paul Grant arrived with Mark Ellis.\n"
        '"Nobody told us the meeting had moved," she said.\n'
    )
    quote = _said(briefing, "Nobody told us")
    assert (quote.speaker, quote.attribution) == (None, None)


def test_gender_learned_from_the_article_lets_a_pronoun_chain_reach_its_person() -> None:
    """An unfamiliar first name gets its gender from 'She ...' after it; the chain then fits."""
    briefing = _extract(
        "Councillor Kemi Adeyemi opened the budget hearing on Monday. She said money was tight.\n"
        "Mayor Paul Grant spoke next about the buses.\n"
        '"We will need more drivers before we add any route," she said.\n'
    )
    assert _speaker(briefing, "We will need more drivers") == "Kemi Adeyemi"


def test_pronoun_is_not_given_to_a_person_named_after_a_preposition_and_role() -> None:
    """'overseen by former envoy Kofi Annan. ... she said': Annan is not who spoke."""
    briefing = _extract(
        "The panel, overseen by former U.N. envoy Kofi Annan, met in the capital on Monday.\n"
        '"The talks must include every group in the country," she said.\n'
    )
    quote = _said(briefing, "The talks must include")
    assert (quote.speaker, quote.attribution) == (None, None)


def test_a_name_used_as_a_modifier_does_not_turn_the_person_into_an_organisation() -> None:
    """'the Okafor administration' names no one; Dana Okafor's later quotes stay hers."""
    briefing = _extract(
        "Mayor Dana Okafor opened the new depot on Monday.\n"
        "Critics of the Okafor administration say the depot came late.\n"
        '"We built it in two years and under budget," Okafor said.\n'
    )
    assert _speaker(briefing, "We built it") == "Dana Okafor"
    assert [p.kind for p in briefing.people] == ["person"]


def test_honorific_before_a_title_word_is_a_person() -> None:
    """'Mr. King added' is a man named King, not a king."""
    briefing = _extract(
        "Martin King, who leads the tenants' group, spoke at the hearing on Monday.\n"
        '"Nobody asked the tenants," Mr. King added.\n'
    )
    assert _speaker(briefing, "Nobody asked the tenants") == "Martin King"


def test_speaker_with_two_appositions_after_the_quote() -> None:
    """'X, the role, one of ..., said': both appositions are skipped to the verb."""
    briefing = _extract(
        '"The rule takes power from the states," Lena Park, the attorney general of Redfield,'
        " one of the states suing the agency, said on Monday.\n"
    )
    assert _speaker(briefing, "The rule takes power") == "Lena Park"


def test_someone_of_a_named_person_is_not_that_person() -> None:
    """'Okafor's lawyer' or 'Lind's wife' speaks, not Okafor or Lind; a name given wins."""
    lawyer = _extract(COUNCIL + '"The vote was lawful," said Okafor\'s lawyer, Ruth Mensah.\n')
    assert _speaker(lawyer, "The vote was lawful") == "Ruth Mensah"
    spouse = _extract(COUNCIL + '"We are proud of her," Lind\'s husband, Aaron Lind, said.\n')
    assert _speaker(spouse, "We are proud of her") == "Aaron Lind"
    unnamed = _extract(COUNCIL + 'Lind\'s spokesman said: "The union has nothing to add."\n')
    quote = _said(unnamed, "The union has nothing to add")
    assert (quote.speaker, quote.attribution) == (None, None)


def test_run_of_quotes_stops_when_another_person_is_introduced() -> None:
    """Continue a speaker's run of quoted paragraphs only until someone else takes the floor."""
    briefing = _extract(
        'Councillor Tom Okafor backed the plan. "It is the only way forward," Okafor said.\n'
        '"We cannot wait another year for buses."\n'
        "Mayor Dana Ruiz opposed the change on Tuesday.\n"
        '"This plan will fail the night workers who need it."\n'
    )
    carried = _said(briefing, "We cannot wait")
    assert (_speaker(briefing, "We cannot wait"), carried.attribution) == (
        "Tom Okafor",
        "continuation",
    )
    # The run stops at the mayor; the quoted paragraph after her one-line lead-in is hers.
    taken = _said(briefing, "This plan will fail")
    assert (_speaker(briefing, "This plan will fail"), taken.attribution) == (
        "Dana Ruiz",
        "introduced",
    )


def test_quote_after_a_credited_sentence_continues_that_speaker() -> None:
    """Credit a quote that follows '..., Adam Schiff said.' in the same paragraph to Schiff."""
    briefing = _extract(
        "The administration may wait until the talks end, Adam Schiff said."
        ' "The other factor is the timing of the vote."'
    )
    assert _speaker(briefing, "The other factor") == "Adam Schiff"


def test_quote_text_drops_the_attribution_comma_and_fragments() -> None:
    """Keep the words verbatim without the comma of '"...," she said'; drop 'within weeks'."""
    briefing = _extract(
        'Board member Ana Ruiz said the board would review it "within weeks".\n'
        '"We will publish the review," Ruiz said.\n'
    )
    assert [q.text for q in briefing.quotes] == ["We will publish the review"]
    quote = _said(briefing, "We will publish")
    assert quote.evidence is not None
    assert quote.evidence.span == "We will publish the review"
    assert quote.attribution == "alias"


def test_dateline_is_not_part_of_a_quote() -> None:
    """Leave the dateline out of a quote that opens the story."""
    briefing = _extract(
        'REDFIELD — "The night buses stay," Councillor Tom Okafor said on Tuesday.\n'
    )
    assert [q.text for q in briefing.quotes] == ["The night buses stay"]


def test_upper_case_dateline_with_a_colon_is_not_a_transcript_turn() -> None:
    """'SINGAPORE: ...' opens the story; it is not Singapore speaking."""
    briefing = _extract(
        "SINGAPORE: Two sisters opened a bakery on the river front on Monday.\n"
        "The shop sells bread baked overnight by a team of six.\n"
    )
    assert briefing.quotes == []
    assert "Singapore" not in [p.name for p in briefing.people]


def test_transcript_turns_are_the_labelled_speakers_words() -> None:
    """A transcript with several labelled turns credits each turn to its label's person."""
    briefing = _extract(
        "Councillor Tom Okafor spoke to the radio host on Tuesday about the fare rise.\n"
        "HOST: Why raise the fare now and not next year?\n"
        "OKAFOR: Because the night buses would stop running in June.\n"
    )
    assert _speaker(briefing, "Because the night buses") == "Tom Okafor"
    host = _said(briefing, "Why raise the fare")
    assert (host.speaker, host.attribution) == (None, None)


def test_speaker_named_by_role_alone_is_the_one_person_with_that_role() -> None:
    """'the mayor said' credits the mayor introduced earlier, and only when there is one."""
    briefing = _extract(COUNCIL + '"We will not cut the night buses," the mayor said.\n')
    quote = _said(briefing, "We will not cut")
    assert _speaker(briefing, "We will not cut") == "Dana Okafor"
    assert quote.attribution == "alias"
    two_mayors = _extract(
        "Mayor Dana Okafor met Mayor Ben Hale of Easton on Monday.\n"
        '"The buses will run across the river," the mayor said.\n'
    )
    assert _said(two_mayors, "The buses will run").speaker is None


async def test_quote_by_full_name_finds_the_ingested_speaker() -> None:
    """Answer '/quote Tom Okafor' from an ingested article, with his role."""
    engine = CommandEngine(lambda: Index([_extract(COUNCIL)]))
    answer = render_text(await engine.execute_line("/quote Tom Okafor", Invocation()))
    assert "No one named" not in answer
    assert "The fare rise is the only way" in answer
    assert "Councillor" in answer


def test_an_honorific_keeps_a_man_apart_from_a_woman_of_the_same_surname() -> None:
    """Saying "Mr. Okafor said" is never Ada Okafor, the one woman of that surname."""
    text = (
        '"The pier must reopen by June," Mr. Okafor said on Monday.\n'
        "His wife, Ada Okafor, runs the harbour cafe.\n"
        '"We lose customers every week it is shut," Ada Okafor said.\n'
        "Later, Ben Okafor spoke to the council about the pier.\n"
    )
    briefing = _extract(text)
    assert _speaker(briefing, "The pier must reopen") != "Ada Okafor"
    assert _speaker(briefing, "We lose customers") == "Ada Okafor"


def test_a_place_before_a_noun_is_no_speaker() -> None:
    """Here "the Redfield businessman said" names no one called Redfield."""
    text = (
        "Redfield will vote on the harbour plan next week.\n"
        '"The harbour plan is a gift to developers," the Redfield businessman said.\n'
    )
    assert _speaker(_extract(text), "The harbour plan") is None


def test_the_name_after_a_possessor_and_role_is_the_subject() -> None:
    """In "Okafor campaign manager Dana Ruiz said ...", a later "she" is Ruiz, not Okafor."""
    text = (
        "Mayor Ada Okafor opened the harbour on Monday.\n"
        "Okafor campaign manager Dana Ruiz said the mayor kept her promise to the town."
        ' "The pier is open and the cafe is full," she said.\n'
    )
    assert _speaker(_extract(text), "The pier is open") == "Dana Ruiz"


def test_a_gendered_role_tells_who_she_is() -> None:
    """After "said harbour widow Terry Strand", "She continued" is Terry Strand."""
    text = (
        "Ben Olsen, the harbour master, said the repairs were late.\n"
        '"Nobody told the families anything," said harbour widow Terry Strand.\n'
        'She continued, "We waited three years for an answer from the council."\n'
    )
    assert _speaker(_extract(text), "We waited three years") == "Terry Strand"


def test_he_inside_a_sentence_continues_the_chain_not_a_name_after_a_preposition() -> None:
    """After "That is why, he argued, ... loyal to Tom Okafor", "he said" is not Okafor."""
    text = (
        "Former harbour chief Ben Olsen spoke to the Courier on Monday.\n"
        "The vote could be close, and that is why, he argued, the board must stay loyal to"
        " Tom Okafor.\n"
        '"We need a plan before the winter storms," he said.\n'
    )
    assert _speaker(_extract(text), "We need a plan") != "Tom Okafor"


def test_the_source_after_according_to_is_who_he_is() -> None:
    """After "According to Olsen, the board ignored Okafor's advice", "he said" is Olsen."""
    text = (
        "Ben Olsen ran the harbour for a decade.\n"
        "According to Olsen, the board ignored Tom Okafor's advice on the pier.\n"
        '"Nobody listened to the engineers," he said.\n'
    )
    assert _speaker(_extract(text), "Nobody listened") == "Ben Olsen"


def test_an_unknown_first_name_before_a_known_surname_is_a_relative() -> None:
    """After "Keith Ekland Reyes", "Quenby Reyes" is a person, so "she says" can be her."""
    text = (
        "Police shot Keith Ekland Reyes outside his home on Tuesday.\n"
        "Quenby Reyes can be heard shouting to the officers that her husband was unarmed.\n"
        '"Do not shoot him," she says.\n'
    )
    assert _speaker(_extract(text), "Do not shoot him") == "Quenby Reyes"


def test_a_place_is_no_unknown_person() -> None:
    """The words "North Korean troops" make no person called North Korean."""
    text = (
        "Blinken said 8,000 North Korean troops were in Kursk, and South Korean officials agreed.\n"
        '"They will fight soon," Blinken said.\n'
    )
    assert all("Korean" not in p.name for p in _extract(text).people)


def test_the_surname_campaign_makes_no_organisation_of_the_person() -> None:
    """After "The Okafor campaign released an ad", "Okafor said" is still Ada Okafor."""
    text = (
        "Ada Okafor and Ben Olsen debated the harbour plan on Monday.\n"
        "The Okafor campaign released an ad on Tuesday.\n"
        '"I have taken responsibility for the pier," Okafor said.\n'
    )
    assert _speaker(_extract(text), "I have taken") == "Ada Okafor"


def test_a_capitalised_role_noun_before_a_full_name_is_a_role() -> None:
    """'Engineer Tomas Eze' is Tomas Eze, with the role Engineer."""
    briefing = _extract('"The girders are cracked," said Engineer Tomas Eze.\n')
    assert [(p.name, p.role) for p in briefing.people] == [("Tomas Eze", "Engineer")]


def test_a_lead_in_naming_two_people_or_no_full_name_gives_no_speaker() -> None:
    """Two people in the lead-in, or a lone capitalised word, leave the quote unattributed."""
    two = _extract(
        '"We will rebuild the bridge," Mayor Ana Ruiz said.\n'
        "Engineer Tomas Eze and planner Ilse Varga were less certain.\n"
        '"The girders are worse than we thought."\n'
    )
    assert _speaker(two, "The girders") is None
    word = _extract(
        '"We will rebuild the bridge," Mayor Ana Ruiz said.\n'
        "Fill in the gaps.\n"
        '"The girders are worse than we thought."\n'
    )
    assert _speaker(word, "The girders") is None


def test_a_capitalised_plural_noun_opening_a_sentence_is_no_person() -> None:
    """'Officials said ...' names no one: no person called Officials."""
    briefing = _extract('Officials said the attack was repelled. "It was massive," one added.\n')
    assert [p.name for p in briefing.people] == []


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "how"),
    [
        pytest.param(
            "Defence Minister Yuki Tanaka and opposition leader Hiro Tanaka clashed on Monday.\n"
            '"That is a mistake," said Hiro Tanaka.\n'
            'The minister later told reporters: "Our position has not changed."\n',
            "Our position",
            "Yuki Tanaka",
            "alias",
            id="'The minister told reporters:' is the one minister",
        ),
        pytest.param(
            '"We will rebuild the bridge," Mayor Ana Ruiz said.\n'
            "Engineer Tomas Eze was less certain.\n"
            '"The girders are worse than we thought."\n',
            "The girders",
            "Tomas Eze",
            "introduced",
            id="a quoted paragraph after a one-person lead-in is theirs",
        ),
        pytest.param(
            "European Commission President Ursula von der Leyen arrived in Kyiv.\n"
            '"We stand with Ukraine," von der Leyen said.\n',
            "We stand",
            "Ursula von der Leyen",
            "alias",
            id="a name keeps its particles",
        ),
        pytest.param(
            "Maria Gonzalez Ruiz, the mayor, said the plan would go ahead.\n"
            '"It is done," Gonzalez Ruiz said.\n',
            "It is done",
            "Maria Gonzalez Ruiz",
            "alias",
            id="a compound surname is the full name before it",
        ),
        pytest.param(
            'Oleksandr Kovalenko, a spokesman, said the shelling began. "We lost power," he said.\n'
            "The governor, Marta Ilves, disagreed.\n"
            '"There is no need to panic," she told the broadcaster.\n',
            "There is no need",
            "Marta Ilves",
            "pronoun",
            id="a name in apposition after its role is a person a pronoun reaches",
        ),
        pytest.param(
            "Councillor Dana Jones spoke at the meeting on Monday.\n"
            '"We will not raise the fare this year, not by a single cent," Jones said,'
            " quoting Mayor Tom Reyes as saying last week.\n",
            "We will not raise",
            "Tom Reyes",
            "name",
            id="words relayed from a named person are that person's",
        ),
        pytest.param(
            "Mayor John Park met police chief Dan Webb on Friday.\n"
            '"We need more officers on the streets," he said.\n',
            "We need more officers",
            "John Park",
            "pronoun",
            id="a name before a verb is the subject, though a role follows the verb",
        ),
        pytest.param(
            "The lawyer for Anna Kowal, Peter Brandt, said his client was innocent of all"
            " charges.\n",
            "his client was innocent",
            "Peter Brandt",
            "name",
            id="a name in apposition before the verb reports, and a clause is never a speaker",
        ),
        pytest.param(
            "Maria Santos, 34, a teacher, said the school had been closed for a month.\n",
            "the school had been closed",
            "Maria Santos",
            "name",
            id="an age before the role in apposition",
        ),
        pytest.param(
            '"We have not been paid since June," said one worker, Ali Khan, who has worked at'
            " the plant for ten years.\n",
            "We have not been paid",
            "Ali Khan",
            "name",
            id="an unnamed speaker named in the apposition after it",
        ),
        pytest.param(
            "Foreign Minister Sergei Lavrov met his Chinese counterpart, Wang Yi, in Beijing.\n"
            "Wang said the two countries would deepen their ties this year.\n",
            "the two countries would",
            "Wang Yi",
            "alias",
            id="a counterpart named in apposition is a person, found by either name",
        ),
        pytest.param(
            "President Linda Carr will sign the farm bill.\n"
            "Carr's press secretary, Jon Pell, said on Thursday: \"The president looks forward"
            ' to signing it."\n',
            "The president looks forward",
            "Jon Pell",
            "name",
            id="a lead-in naming the speaker in apposition after someone's role",
        ),
        pytest.param(
            'The lawyer for Anna Kowal, Peter Brandt, said: "My client has done nothing wrong."\n',
            "My client has done",
            "Peter Brandt",
            "name",
            id="a lead-in naming the speaker in apposition after a role",
        ),
        pytest.param(
            "Cornell William Brooks, president of the civic league, spoke on Monday.\n"
            '"We will not wait another year," Brooks said.\n',
            "We will not wait",
            "Cornell William Brooks",
            "alias",
            id="one plain word before a known first name is a first name, not a role",
        ),
        pytest.param(
            "Debates rarely move the polls, noted NBC's Dante Chinni on Monday.\n"
            '"Most voters have made up their minds by then," Chinni wrote.\n',
            "Most voters have made",
            "Dante Chinni",
            "alias",
            id="a possessive or an acronym before a first name is a role",
        ),
    ],
)
def test_speaker_found_by_a_general_rule(text: str, quote: str, speaker: str, how: str) -> None:
    """Each rule gives the quote to the full-name person, and says how it was found."""
    briefing = _extract(text)
    assert (_speaker(briefing, quote), _said(briefing, quote).attribution) == (speaker, how)
    assert all(len(p.name.split()) > 1 for p in briefing.people)  # no surname-only extra


@pytest.mark.parametrize(
    "relay",
    [
        '"Never sell the farm to a developer, whatever they offer," Jones recalled her father'
        " saying.",
        'Jones recalled her father telling her, "Never sell the farm to a developer, whatever'
        ' they offer."',
        '"Never sell the farm to a developer, whatever they offer," Jones quoted her father as'
        " saying.",
    ],
)
def test_words_relayed_from_someone_unnamed_have_no_speaker(relay: str) -> None:
    """Jones repeats her father's words: they are not Jones's, and he has no name: no speaker."""
    briefing = _extract(f"Councillor Dana Jones said the council had failed farmers.\n{relay}\n")
    assert _said(briefing, "Never sell").speaker is None


def test_a_surname_two_people_share_from_one_sentence_has_no_speaker() -> None:
    """A bare "Hill" after "Tom Hill and his wife, Sara Hill": either could be meant: no one."""
    briefing = _extract(
        "Tom Hill and his wife, Sara Hill, lost their home in the flood.\n"
        '"We have nothing left at all," Sara Hill said.\n'
        '"Not even the photographs survived," Hill added.\n'
    )
    assert _speaker(briefing, "We have nothing") == "Sara Hill"
    assert _said(briefing, "Not even").speaker is None
    assert "Hill" not in [p.name for p in briefing.people]  # no surname-only third person


def test_a_role_comes_from_the_name_s_own_sentence_and_an_apposition_before_or_after_it() -> None:
    """Roles as a reader sees them: never from the headline above; set off by commas around it.

    "Dr." only says how to address someone: the apposition after the name says what they do.
    """
    briefing = _extract(
        "Doctors strike enters second week\n\n"
        "Health minister Laura Brandt met the doctors' union leader, Karim Aziz, on Friday.\n"
        '"We made progress," Aziz said. "There is still a gap," Brandt said.\n'
        "Aziz's deputy, Nora Feld, said members would vote on any offer.\n"
        "Dr. Peter Lang, the hospital's medical director, said 300 operations were cancelled.\n"
    )
    roles = {p.name: p.role for p in briefing.people}
    assert roles["Laura Brandt"] == "Health minister"
    assert roles["Karim Aziz"] == "doctors' union leader"
    assert roles["Nora Feld"] == "Aziz's deputy"
    assert roles["Peter Lang"] == "hospital's medical director"


def test_told_a_listener_that_reports_only_what_follows_that() -> None:
    """Report only what follows "that" in "told the radio station that X"; no "that", nothing."""
    briefing = _extract(
        "Peter Lang, the hospital's medical director, spoke on Friday.\n"
        "Lang told the local radio station that 300 operations had been cancelled.\n"
        "Lang told reporters the strike was hurting patients badly.\n"
    )
    reported = [q.text for q in briefing.quotes if q.kind == "reported"]
    assert reported == ["300 operations had been cancelled"]


def test_she_follows_the_sentence_s_own_subject_pronoun_not_a_woman_it_names_as_object() -> None:
    """Give "She wrote:" to Lopez after "She says tweets accusing Julia Brandt ...", not Brandt."""
    briefing = _extract(
        "Senator Maria Lopez spoke to supporters in Ohio on Thursday about jobs.\n"
        'She says the governor\'s tweets accusing Julia Brandt of fraud are "lies".\n'
        "The senator's response came in her own series of posts on Friday.\n"
        'She wrote: "When something gets under his skin, he lashes out at everyone."\n'
    )
    assert _speaker(briefing, "When something") == "Maria Lopez"


def test_a_sentence_about_someone_unknown_blocks_the_people_it_names_after() -> None:
    """Give "she" to no one after "Kowalsky criticized Reyes": the subject is no one we know."""
    briefing = _extract(
        "Voters saw Mayor Dana Reyes speak on Monday.\n"
        "Kowalsky criticized Reyes for the delays on housing.\n"
        '"It is not something that she says every week," she said.\n'
    )
    assert _said(briefing, "It is not something").speaker is None
    # The same sentence with a known subject still hands "she" on to her.
    briefing = _extract(
        "Voters saw Mayor Dana Reyes speak on Monday.\n"
        "Reyes criticized the council for the delays on housing.\n"
        '"It is not something that we do every week," she said.\n'
    )
    assert _speaker(briefing, "It is not something") == "Dana Reyes"


async def test_a_nickname_in_quote_marks_is_part_of_the_name() -> None:
    """One person for 'Rep. Robert C. "Bobby" Scott ... Scott said', named as written."""
    briefing = _extract(
        'Rep. Robert C. "Bobby" Scott spoke to the group on Monday.\n'
        '"We need the votes in every county," Scott said.\n'
    )
    assert _speaker(briefing, "We need the votes") == 'Robert C. "Bobby" Scott'
    engine = CommandEngine(lambda: Index([briefing]))
    answer = render_text(await engine.execute_line("/quote bobby scott", Invocation()))
    assert "We need the votes" in answer


def test_a_person_in_an_opening_subordinate_clause_is_not_the_subject() -> None:
    """Give "he said" to Ruiz after "While Ode had ..., that worries Sam Ruiz", not to Ode."""
    briefing = _extract(
        "Mayor Tom Ode spoke at the festival on Saturday.\n"
        "While Ode had a dozen bands playing for him, that has not happened for the council,"
        " which is something that worries Sam Ruiz, head of the arts board.\n"
        '"No one is writing songs for the council," he said.\n'
    )
    assert _speaker(briefing, "No one is writing") == "Sam Ruiz"


def test_a_quote_after_a_sentence_about_one_person_in_its_paragraph_is_theirs() -> None:
    """Give the unattributed quote to the one full-name subject of the sentence before it."""
    briefing = _extract(
        "On Sunday, the senators spoke on television about the election.\n"
        "Sen. Ana Ruiz named young voters as the reason for hope this year."
        ' "The younger people are more tolerant than any generation before them."\n'
    )
    assert _speaker(briefing, "The younger people") == "Ana Ruiz"
    # Two people in that sentence: no one.
    two = _extract(
        "On Sunday, the senators spoke on television about the election.\n"
        "Sen. Ana Ruiz thanked Sen. Tom Ode for the hearing."
        ' "The younger people are more tolerant than any generation before them."\n'
    )
    assert _said(two, "The younger people").speaker is None


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Councillor Maria Lopez, who beat Tom Hale in the spring election, called the plan"
            " reckless.",
            "Maria Lopez",
        ),
        (
            "Her former business partner at Kestrel, Joan P. Whitby, called her a master of"
            " impossible deals.",
            "Joan P. Whitby",
        ),
        (
            'On "Morning Desk," Sen. Ana Ruiz (Ore.), who lost the primary to Tom Ode,'
            " named young voters as the reason for hope.",
            "Ana Ruiz",
        ),
    ],
)
def test_a_subject_set_off_by_an_aside_still_owns_the_quote_after_it(
    sentence: str, speaker: str
) -> None:
    """An opening phrase, a relative clause or a description beside the subject: still theirs."""
    briefing = _extract(
        "The council met on Monday to discuss the plan.\n"
        f'{sentence} "It will cost the town jobs and nobody has asked the workers."\n'
    )
    assert _speaker(briefing, "It will cost") == speaker


def test_a_second_subject_outside_the_aside_still_makes_it_no_ones() -> None:
    """Two people acting in the sentence before a quote: the quote goes to no one."""
    briefing = _extract(
        "The council met on Monday to discuss the plan.\n"
        "Councillor Maria Lopez, who chairs the committee, and Tom Hale called the plan"
        ' reckless. "It will cost the town jobs and nobody has asked the workers."\n'
    )
    assert _said(briefing, "It will cost").speaker is None


def test_a_lead_in_paragraph_of_a_few_sentences_gives_its_last_subject_the_quote() -> None:
    """The last sentence's subject, past an opening clause, owns the quoted paragraph after."""
    lead_in = (
        "The council met on Monday to discuss the plan.\n\n"
        "In a statement, Mayor Ines Baptiste was more cautious than her colleagues. Though she"
        " called the cuts “painful” for the town, {subject} kept to the budget.\n\n"
        "“If a service cannot pay its way, it should be merged with another.”\n"
    )
    assert _speaker(_extract(lead_in.format(subject="Ines Baptiste")), "If a service") == (
        "Ines Baptiste"
    )
    # A pronoun as the last subject is resolved as "she said" would be.
    assert _speaker(_extract(lead_in.format(subject="she")), "If a service") == "Ines Baptiste"
    # ... and a pronoun no one fits is no one.
    assert _said(_extract(lead_in.format(subject="he")), "If a service").speaker is None


def test_an_honorific_without_a_full_stop_tells_namesakes_apart_by_gender() -> None:
    """British "Mrs Patel" beside her husband goes to her, "Mr Patel" to him."""
    briefing = _extract(
        "Plans for the mill were approved on Tuesday.\n\n"
        "Rajesh Patel, who runs the shop opposite, said he feared for his trade.\n\n"
        "\u201cNobody came to ask us anything,\u201d said Mr Patel.\n\n"
        "His wife, Meena Patel, who chairs the action group, was more combative.\n\n"
        "\u201cWe will be looking at a judicial review,\u201d Mrs Patel said.\n"
    )
    assert _speaker(briefing, "Nobody came") == "Rajesh Patel"
    assert _speaker(briefing, "We will be looking") == "Meena Patel"


def test_an_honorific_among_namesakes_of_one_gender_goes_to_the_one_just_named() -> None:
    """'His son, Neil Fairclough, said ...' then 'Mr Fairclough said': the son, not the father."""
    briefing = _extract(
        "A pedestrian was hurt on Saturday.\n\n"
        "The injured man was named by his family as Albert Fairclough, a retired postman.\n\n"
        "His son, Neil Fairclough, 49, said the family was devastated.\n\n"
        "\u201cDad walks to the pub every Saturday,\u201d Mr Fairclough said.\n"
    )
    assert _speaker(briefing, "Dad walks") == "Neil Fairclough"


def test_namesakes_named_later_or_after_a_preposition_do_not_count() -> None:
    """'Ms Pennington' before the mother is named is Ruth; a grandfather 'by' whom is no one."""
    briefing = _extract(
        "The bakery opens at 4am.\n\n"
        "Ruth Pennington, 44, has baked here since she was 16. Her brother, Tom Pennington,"
        " 41, handles the ovens.\n\n"
        "\u201cPeople assume the video is the reason,\u201d Ms Pennington said.\n\n"
        "The bakery was opened in 1961 by their grandfather, Walter Pennington, a miner.\n\n"
        "\u201cOur gas bill went up four times,\u201d Mr Pennington said.\n\n"
        "Their mother, Joan Pennington, still serves on Saturdays.\n"
    )
    assert _speaker(briefing, "People assume") == "Ruth Pennington"
    assert _said(briefing, "Our gas bill").speaker is None


def test_an_honorific_with_namesakes_of_unknown_gender_goes_to_no_one() -> None:
    """Two Okonkwos whose names and pronouns say no gender: "Mrs Okonkwo" is neither."""
    briefing = _extract(
        "Plans for the mill were approved on Tuesday.\n\n"
        "\u201cIt is a sad day,\u201d said Tamsu Okonkwo, who runs the shop opposite.\n\n"
        "\u201cWe were not asked,\u201d said Ebrin Okonkwo, a teacher.\n\n"
        "\u201cWe will be looking at a judicial review,\u201d Mrs Okonkwo said.\n"
    )
    assert _said(briefing, "We will be looking").speaker is None


def test_a_pronoun_does_not_skip_a_nearer_unknown_name_opening_a_sentence() -> None:
    """After 'Tavrin Rahman first came ...', 'he said' is not the man quoted a paragraph before."""
    briefing = _extract(
        "The charity serves hot meals five evenings a week.\n\n"
        "\u201cThat was nine years ago,\u201d Colin Quinn said.\n\n"
        "Tavrin Rahman first came to the hall as a hungry teenager. Now 19, he runs the rota.\n\n"
        "\u201cMy mum had two jobs and we still did not have enough,\u201d he said.\n"
    )
    assert _said(briefing, "My mum had").speaker is None


def test_a_role_as_the_subject_before_a_pronoun_is_its_holder() -> None:
    """After 'The chief executive declined ...', 'she said' is the chief executive's."""
    briefing = _extract(
        "Northline shares fell on Tuesday.\n\n"
        "Chief executive Claire Donnelly said the plan would take three years.\n\n"
        "\u201cI doubt the timeline,\u201d said Rahul Mehta, an analyst at Fenwick.\n\n"
        "On the call, Mehta pressed Donnelly on which plants were under review. The chief"
        " executive declined to name them.\n\n"
        "\u201cI am not going to do that on a public call,\u201d she said.\n"
    )
    assert _speaker(briefing, "I am not going") == "Claire Donnelly"


def test_a_role_noun_finds_the_person_whose_title_it_stands_for() -> None:
    """'Rep. Laura Whitcomb' is 'the congresswoman'; her uncle the senator is not."""
    briefing = _extract(
        "The bill passed the House on Friday.\n\n"
        "\u201cThis is a good day,\u201d said Sen. Dale Whitcomb, who wrote the bill.\n\n"
        "His niece, Rep. Laura Whitcomb, voted for it too.\n\n"
        "\u201cMy uncle and I agree on this,\u201d the congresswoman said.\n"
    )
    assert _speaker(briefing, "My uncle and I") == "Laura Whitcomb"


@pytest.mark.parametrize(
    ("title", "role", "name"),
    [
        ("Justice Margaret Ellery", "the judge", "Margaret Ellery"),
        ("the Rev. Thomas Adeyinka", "the vicar", "Thomas Adeyinka"),
    ],
)
def test_a_title_answers_to_the_role_it_names(title: str, role: str, name: str) -> None:
    """'Justice Ellery' is 'the judge'; 'the Rev. Adeyinka' is 'the vicar'."""
    briefing = _extract(
        f"The hearing ended on Friday.\n\n{title} spoke at length to the room.\n\n"
        f"\u201cThe lease does not cover the groundwater,\u201d {role} said.\n"
    )
    assert _speaker(briefing, "The lease does not") == name


def test_she_said_after_a_quote_over_several_paragraphs_is_who_spoke_where_it_opened() -> None:
    """A three-paragraph quote closed by "she said" is the chief executive's who opened it."""
    briefing = _extract(
        "Northline cut its forecast on Tuesday.\n\n"
        "Chief executive Claire Donnelly then laid out her plan to analysts.\n\n"
        "\u201cThe first thing we are doing is simplifying the portfolio.\n\n"
        "\u201cThe second is our manufacturing footprint, which is too big.\n\n"
        "\u201cAnd the third is price, which we will keep,\u201d she said.\n"
    )
    assert _speaker(briefing, "The first thing") == "Claire Donnelly"


def test_the_younger_of_two_namesakes_is_no_one() -> None:
    """'the younger Akinwande' beside his father: which one is not said by the name."""
    briefing = _extract(
        "Traders protested on Monday.\n\n"
        "\u201cWe drew up the same plan,\u201d said Chief Adebayo Akinwande, a former chairman.\n\n"
        "His son, Tunde Akinwande, sells phones at the market.\n\n"
        "\u201cNobody will come to the new site,\u201d the younger Akinwande said.\n"
    )
    assert _said(briefing, "Nobody will come").speaker is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Members of the state House of Assembly attended the ceremony.",
        "The study was published in Marine Ecology Letters on Monday.",
    ],
)
def test_bodies_and_journals_are_no_one(sentence: str) -> None:
    """A legislature or a journal is never the person a later pronoun means."""
    briefing = _extract(
        f"The market opened on Monday.\n\n{sentence}\n\n"
        "\u201cWe have waited a long time for this,\u201d she said.\n"
    )
    assert _said(briefing, "We have waited").speaker is None


def test_a_west_african_honorific_is_a_title_not_a_first_name() -> None:
    """'Alhaji Musa Bello ... Alhaji Bello said' is one person, Musa Bello."""
    briefing = _extract(
        "Traders protested on Monday.\n\n"
        "Alhaji Musa Bello, who leads the grain sellers, joined them.\n\n"
        "\u201cWe are not against government,\u201d Alhaji Bello said.\n"
    )
    assert _speaker(briefing, "We are not against") == "Musa Bello"


def test_abbreviated_police_and_council_ranks_are_roles_of_one_person() -> None:
    """'Detective Constable Ian Reed ... DC Reed said' and 'Det. Sgt. Berg' are one person each."""
    briefing = _extract(
        "Detective Constable Ian Reed said the force had worked on the case for two years."
        ' "This was painstaking work," DC Reed said.\n'
        'Det. Sgt. Anna Berg led the raid. "We found the ledgers," Det. Sgt. Berg said.\n'
        'Cllr Mary Hume welcomed the verdict. "Justice was done," Cllr Hume said.\n'
    )
    assert _speaker(briefing, "This was painstaking") == "Ian Reed"
    assert _speaker(briefing, "We found the ledgers") == "Anna Berg"
    assert _speaker(briefing, "Justice was done") == "Mary Hume"
    assert next(p for p in briefing.people if p.name == "Anna Berg").role == "Det. Sgt."
    assert not any(p.name.startswith(("DC", "Cllr", "Det")) for p in briefing.people)


def test_an_affiliation_in_apposition_still_makes_reported_speech() -> None:
    """'Ian Reed, of Northumbria Police, said ...' is Ian Reed's reported speech."""
    briefing = _extract(
        "Ian Reed, of Northumbria Police, said the force had worked on the case for two years.\n"
    )
    said = _said(briefing, "the force had worked")
    assert said.kind == "reported"
    assert _speaker(briefing, "the force had worked") == "Ian Reed"


def test_initials_as_a_first_name_complete_a_later_surname() -> None:
    """'24 points from PJ Haggerty ... Haggerty said' credits PJ Haggerty; 'U.S.' is no name."""
    briefing = _extract(
        "Memphis got 24 points from PJ Haggerty and 300 yards from C.J. Stroud.\n"
        '"We had our chances," Haggerty said.\n'
        '"We just did not finish," Stroud said.\n'
    )
    assert _speaker(briefing, "We had our chances") == "PJ Haggerty"
    assert _speaker(briefing, "We just did not") == "C.J. Stroud"
    country = _extract('The U.S. Stroud plant closed.\n"We had our chances," Stroud said.\n')
    assert _speaker(country, "We had our chances") == "Stroud"


def test_she_added_goes_to_the_speaker_named_just_before() -> None:
    """'"...," said Ilse Varga. She added that ...' reports Varga, whose first name is unknown."""
    briefing = _extract(
        '"There is no agreement," said Ilse Varga after the talks. She added that both'
        " delegations had agreed to meet again in April.\n"
    )
    assert _speaker(briefing, "both delegations") == "Ilse Varga"


def test_a_surname_read_before_its_person_was_found_still_leads_a_pronoun() -> None:
    """'Varga said she would ...' then '"...," she said.' a paragraph later: Varga's quote."""
    briefing = _extract(
        '"There is no agreement," said Ilse Varga after the talks.\n'
        '"They came with nothing," Petr Kolar told reporters.\n'
        "Varga said she would brief the council on Thursday.\n"
        '"I remain hopeful," she said.\n'
    )
    assert _speaker(briefing, "I remain hopeful") == "Ilse Varga"


def test_a_kinship_role_before_the_name_gives_the_gender() -> None:
    """'Her son, Liam Fenwick, a volunteer ...' is a man: the next "she said" is his mother's."""
    briefing = _extract(
        "Resident Gail Fenwick said she had packed her car before lunch.\n"
        '"The sky went orange," Ms Fenwick said.\n'
        "Her son, Liam Fenwick, a volunteer with the brigade, stayed behind.\n"
        '"He rang me an hour ago," she said.\n'
    )
    assert _speaker(briefing, "He rang me") == "Gail Fenwick"


def test_a_speaker_set_off_with_an_age_and_a_long_apposition_is_a_person() -> None:
    """'At the camp, Achta Mahamat, a 29-year-old mother ..., said' is reported and leads "she"."""
    briefing = _extract(
        "The envoy, Katrin Vogel, said the bloc would send more money.\n"
        '"What I saw is not sustainable," Vogel said.\n'
        "At the camp, Achta Mahamat, a 29-year-old mother of four who fled the city of El"
        " Geneina in 2023, said her family now receives one meal a day.\n"
        '"Sometimes there is nothing, so we sleep," she said.\n'
    )
    assert _speaker(briefing, "her family now receives") == "Achta Mahamat"
    assert _speaker(briefing, "Sometimes there is nothing") == "Achta Mahamat"


def test_the_first_of_two_surnames_names_the_person() -> None:
    """'Colmenares said' after 'Andres Colmenares Rivas' is him, not a new 'Andres Colmenares'."""
    briefing = _extract(
        "Venezuela's foreign minister, Andres Colmenares Rivas, struck a combative tone.\n"
        'Colmenares said: "Venezuela does not negotiate its sovereignty."\n'
    )
    assert _speaker(briefing, "Venezuela does not") == "Andres Colmenares Rivas"


def test_a_surname_is_completed_only_by_a_first_name_of_its_gender() -> None:
    """'Mr. Obama said' with 'Michelle Obama' and 'Barack Obama Day' in the text is Barack."""
    briefing = _extract(
        '"It is about me," Mr. Obama said on Saturday.\n'
        "The campaign will employ Mr. Obama and the first lady, Michelle Obama, in the fall.\n"
        'Supporters are planning a "Barack Obama Day" in October.\n'
    )
    assert _speaker(briefing, "It is about me") == "Barack Obama"


def test_the_role_of_two_people_goes_to_the_one_named_in_the_last_paragraphs() -> None:
    """'the minister added' with two ministers: the one just named speaks; none if both were."""
    story = (
        "Foreign Minister Rohan Persaud said the talks had helped.\n"
        "Venezuela's foreign minister, Andres Colmenares Rivas, struck a combative tone.\n"
        "Diplomats said the room went cold.\n"
        "Asked about the court case, Persaud said Guyana would respect the process.\n"
        '"International law is the only protection a small country has," the minister added.\n'
    )
    assert _speaker(_extract(story), "International law") == "Rohan Persaud"
    both = story.replace("Persaud said Guyana", "Persaud and Colmenares said both")
    assert _said(_extract(both), "International law").speaker is None


def test_a_title_case_first_line_with_a_full_stop_is_a_headline() -> None:
    """'Christie Calls Hillary Clinton ‘A Disgrace’ Over ... Comments.' names no one.

    Read as a sentence, the glued capitals made one male person of Christie and Clinton, and
    "she said" after "Clinton criticized officer Betty Shelby" went to Shelby.
    """
    briefing = _extract(
        "Chris Christie Calls Hillary Clinton \u2018A Disgrace\u2019 Over Police Comments.\n"
        "Gov. Chris Christie called Hillary Clinton a disgrace on Tuesday.\n"
        "On a radio show, Clinton criticized Tulsa police officer Betty Shelby for the shooting.\n"
        '"This is just unbearable," she said.\n'
    )
    assert (
        briefing.title
        == "Chris Christie Calls Hillary Clinton \u2018A Disgrace\u2019 Over Police Comments"
    )
    assert _speaker(briefing, "This is just unbearable") == "Hillary Clinton"
    assert not any("Calls" in p.name for p in briefing.people)
    # A sentence in sentence case stays part of the story.
    plain = _extract("Mayor Ann Roe resigned on Monday after a vote.\nShe left on Monday.\n")
    assert plain.summary.startswith("Mayor Ann Roe resigned")


def test_a_pronoun_before_its_person_is_found_as_a_speaker_is_resolved() -> None:
    """'Clinton leaned in ... She then ... "...," she said' when 'Clinton said' comes later."""
    briefing = _extract(
        "Hillary Clinton goes after her rival\n"
        "Aides prepared for the debate all week.\n"
        "On Monday night, Clinton leaned in often. She then attacked the record of her rival.\n"
        '"Why will he not release his tax returns?" she said.\n'
        '"We will keep going," Clinton said after the debate.\n'
    )
    assert _speaker(briefing, "Why will he not") == "Hillary Clinton"


def test_a_pronoun_past_a_subject_of_unknown_gender_goes_to_no_one_farther() -> None:
    """'Tyresha McLenney said Clinton ...', two paragraphs on '"...," she said.': not Clinton.

    McLenney's gender is unknown and she may be the one meant, so the pronoun does not reach
    back past her to the woman named before. Once a "she said" is found to be McLenney, the
    pronoun tells her gender, and "She continued" is hers too.
    """
    story = (
        "Voters weigh the race\n"
        "Hillary Clinton spoke in Florida on Monday.\n"
        "Two voters, Tyresha McLenney and Bryan Anderson, came to the rally.\n"
        "McLenney said Clinton does not show consistency in her concern.\n"
    )
    later = _extract(story + 'The rally ended.\nPeople left. "Nothing changes," she said.\n')
    assert _said(later, "Nothing changes").speaker is None
    briefing = _extract(
        story + '"It is not something that she says every day," she said.\n'
        'She continued, "When the media goes away, she stops saying it."\n'
    )
    assert _speaker(briefing, "It is not something") == "Tyresha McLenney"
    assert _speaker(briefing, "When the media goes away") == "Tyresha McLenney"


def test_a_paragraph_after_a_quote_that_says_whose_view_it_was_credits_it() -> None:
    """'"..."' then "That's how mother-of-three Shanelle Parata feels ..." credits Parata.

    "That was the message from union secretary Deborah Kirkby" does too, even after another
    speaker's quote; a paragraph naming two people credits no one.
    """
    parata = _extract(
        "Locals rally to save the pool\n"
        '"If they shut it, they might as well close the town."\n'
        "That's how mother-of-three Shanelle Parata feels about the plan to close the pool.\n"
    )
    assert _speaker(parata, "If they shut it") == "Shanelle Parata"
    kirkby = _extract(
        "Crews wait for hours at hospitals\n"
        '"You just sit there, watching the jobs stack up," one paramedic said.\n'
        '"Nurses are working double shifts back to back."\n'
        "That was the message from union secretary Deborah Kirkby, who called for more staff.\n"
    )
    assert _speaker(kirkby, "Nurses are working") == "Deborah Kirkby"
    two = _extract(
        '"Nurses are working double shifts back to back."\n'
        "That was the message from Deborah Kirkby and Premier Steven Miles on Monday.\n"
    )
    assert _said(two, "Nurses are working").speaker is None


def test_an_occupation_in_apposition_makes_an_unknown_name_a_person() -> None:
    """'Angelique Brunner, a Washington-based developer and spokeswoman ..., said' leads "she"."""
    briefing = _extract(
        "Senators Tom Hale and Ray Dunn want the program changed.\n"
        "Angelique Brunner, a Washington-based developer and spokeswoman for the coalition,"
        " which speaks for investors, said critics ignored what the program had built.\n"
        '"It is hard to convince them what it looked like before," she said.\n'
    )
    assert _speaker(briefing, "It is hard to convince") == "Angelique Brunner"


def test_a_she_after_an_unnamed_woman_as_subject_goes_to_no_one() -> None:
    """'Delaney's wife, Karen, also signed. "...," she said.' is not Maria Lopez from before."""
    briefing = _extract(
        'Council President Maria Lopez was blunt. "This is a waste of money," Lopez said.\n'
        'Delaney\'s wife, Karen, also signed the petition. "We did it for our kids," she said.\n'
        'Her son, Erik Lopez, disagreed. "It was a mistake," he said.\n'
    )
    assert _said(briefing, "We did it for our kids").speaker is None
    assert _speaker(briefing, "It was a mistake") == "Erik Lopez"


def test_a_day_after_said_ends_the_credit_not_the_report() -> None:
    """'Cho faces a recall in March, officials said Friday, after ...' reports the first part."""
    briefing = _extract(
        "Mayor Linda Cho will face a recall vote in March, election officials said Friday, after"
        " opponents gathered more than 12,000 signatures.\n"
    )
    reported = [q.text for q in briefing.quotes]
    assert reported == ["Mayor Linda Cho will face a recall vote in March"]


def test_a_name_with_particles_and_an_unknown_first_name_is_one_person() -> None:
    """'Kobus van der Merwe, chief executive ...' then 'Van der Merwe said': one full name."""
    briefing = _extract(
        "Exporters fear a long strike at the port.\n"
        "Kobus van der Merwe, chief executive of the growers' association, said a strike could"
        " cost the industry R300 million.\n"
        '"Our fruit does not wait," Van der Merwe said.\n'
    )
    assert _speaker(briefing, "Our fruit does not wait") == "Kobus van der Merwe"
    assert "van der Van der" not in briefing.summary


def test_reported_speech_after_a_relative_clause_or_around_a_credit() -> None:
    """'Sipho Ndlovu, who heads ..., said X' reports X; 'X, she said, and Y' reports X only."""
    briefing = _extract(
        "Sipho Ndlovu, who heads the union's Durban branch, said members had rejected the offer.\n"
        "Spokesperson Lerato Khumalo said the company was disappointed.\n"
        "The offer was fair, she said, and the door remained open.\n"
    )
    assert _speaker(briefing, "members had rejected") == "Sipho Ndlovu"
    assert _speaker(briefing, "The offer was fair") == "Lerato Khumalo"
    assert not any(q.text.startswith("and the door") for q in briefing.quotes)


def test_a_new_description_of_the_one_person_just_named_is_that_person() -> None:
    """Read "the 58-year-old said" or "the Democrat said" as the one person the story is on."""
    briefing = _extract(
        "Maria Lopez, a Democrat from Tucson, won the seat on Tuesday.\n\n"
        '"This is a victory for working families," the Democrat said.\n\n'
        "Tom Reilly conceded shortly before midnight.\n\n"
        '"The voters have spoken," the 58-year-old said.\n'
    )
    assert _speaker(briefing, "This is a victory") == "Maria Lopez"
    assert _speaker(briefing, "The voters have spoken") == "Tom Reilly"
    assert _said(briefing, "The voters have spoken").attribution == "alias"
    assert all(p.name != "Democrat" for p in briefing.people)


def test_a_description_with_two_people_in_play_or_used_before_is_no_one() -> None:
    """A description goes to no one when two people are in play or it names someone else."""
    briefing = _extract(
        "Senator Joan Hale met retirees at a diner in Akron. One retiree told her the plant"
        " closure had ruined the town.\n\n"
        '"Nobody in Washington listens," the retiree said.\n\n'
        "Hale promised to return. Her rival, Mark Dunn, was campaigning in Toledo.\n\n"
        '"We will win Ohio," the 61-year-old said.\n\n'
        "Dunn's spokesman was dismissive.\n\n"
        '"Polls go up and down," Dunn\'s spokesman said.\n'
    )
    assert _speaker(briefing, "Nobody in Washington") is None
    assert _speaker(briefing, "We will win Ohio") is None
    assert _speaker(briefing, "Polls go up") is None


def test_a_lead_in_with_a_role_as_its_subject_gives_the_quote_to_that_role() -> None:
    """Give a quote after "Asked about it, the councilman shrugged." to the one councilman."""
    briefing = _extract(
        "Councilman Ray Tolliver voted against the plan. His wife, Linda Tolliver, backed it.\n\n"
        'Asked about that afterward, the councilman shrugged. "She usually wins."\n\n'
        'The mayor thanked Linda Tolliver. "We could not have done it without her."\n'
    )
    assert _speaker(briefing, "She usually wins") == "Ray Tolliver"
    assert _speaker(briefing, "We could not have done it") is None


def test_names_opening_with_an_accented_capital_are_names() -> None:
    """Read "Mayor Élise Thibodeau" as Élise Thibodeau, so "Thibodeau said" is her in full."""
    briefing = _extract(
        "Mayor Élise Thibodeau apologized at a meeting on Tuesday.\n\n"
        '"We let people down," Thibodeau said.\n'
    )
    assert _speaker(briefing, "We let people down") == "Élise Thibodeau"


def test_a_lead_in_with_a_pronoun_subject_is_resolved_as_he_said_would_be() -> None:
    """After "He also pointed to the size of the effect.", the quote is his."""
    briefing = _extract(
        "Dr. Samuel Okonjo, a sleep physician, said the trial could not be blinded.\n\n"
        'He also pointed to the size of the effect. "About eleven minutes a night."\n'
    )
    assert _speaker(briefing, "About eleven minutes") == "Samuel Okonjo"


def test_a_sentence_after_the_quote_in_its_paragraph_may_name_its_speaker() -> None:
    """Read '"He calls it checking." That is how Kirsty McAlister describes ...' as hers."""
    briefing = _extract(
        'Farmer Doug McAlister, 68, bought a share. "I had no choice," he said.\n\n'
        '"He calls it checking on his investment." That is how Kirsty McAlister describes'
        " her father's weekly visits.\n"
    )
    assert _speaker(briefing, "He calls it checking") == "Kirsty McAlister"


def test_a_lead_in_sentence_may_open_with_another_and_the_name_with_an_age() -> None:
    """Give the quote after "Another, Hector Villanueva, 71, said ..." to Hector Villanueva."""
    briefing = _extract(
        'Riders were mixed. "It helps my grandma," said one rider.\n\n'
        "Another, Hector Villanueva, 71, said he had paid full fare for 30 years."
        ' "Free is nice. On time would be nicer."\n'
    )
    assert _speaker(briefing, "Free is nice") == "Hector Villanueva"


def test_the_first_name_lexicon_gives_genders_the_hand_lists_lacked() -> None:
    """Rosalind, Siddharth: names from the lexicon file let "she" and "he" reach them."""
    briefing = _extract(
        "For nine years, Rosalind Meyer has worked nights at the hospital."
        ' "By the third night I am a set of reflexes," she said.\n\n'
        "Siddharth Menon, who runs the ward, was cautious."
        ' "We need a bigger trial," he said.\n'
    )
    assert _speaker(briefing, "By the third night") == "Rosalind Meyer"
    assert _speaker(briefing, "We need a bigger trial") == "Siddharth Menon"


def test_she_after_a_sentence_about_an_unnamed_woman_is_no_one() -> None:
    """After "The woman's enthusiasm ... is recorded", "she said" is not the named reporter."""
    briefing = _extract(
        "Reporter Stephanie Cole spent a week with a family in Ohio.\n\n"
        "The woman\u2019s enthusiasm for the candidate is recorded in detail.\n\n"
        '"Here he comes," she said, clapping.\n'
    )
    assert _speaker(briefing, "Here he comes") is None


def test_a_spokesman_is_never_the_person_he_speaks_for() -> None:
    """After a paragraph about the governor, "the spokesperson said" is not the governor."""
    briefing = _extract(
        "Governor Tom Chen toured the flooded district on Monday.\n\n"
        '"Help is on the way," the spokesperson said.\n'
    )
    assert _speaker(briefing, "Help is on the way") is None


def test_a_described_role_or_its_initials_is_the_roles_holder() -> None:
    """Read "the Eastern Ward councillor said" and "the CFO said" as the one holder."""
    briefing = _extract(
        "Mayor Ann Reyes defended the budget.\n\n"
        'Cr Tomas Varga was blunt. "This is the bill for ribbon-cutting," the Eastern Ward'
        " councillor said.\n\n"
        "Chief financial officer Farah Iskandar spoke next.\n\n"
        'Ms Farah added a target. "There is upside," the CFO said.\n'
    )
    assert _speaker(briefing, "This is the bill") == "Tomas Varga"
    assert _speaker(briefing, "There is upside") == "Farah Iskandar"
    assert all(p.name != "CFO" for p in briefing.people)


def test_a_lead_in_naming_a_shared_surname_alone_is_no_one() -> None:
    """After Caleb and Dana Ostrowski, "Ostrowski spoke briefly." gives no speaker."""
    briefing = _extract(
        "Dana Ostrowski read a statement to the court.\n\n"
        "Her son, Caleb Ostrowski, was 19 when he was killed on his bike in May.\n\n"
        'Ostrowski spoke briefly to reporters. "Twelve years. He will get out."\n'
    )
    assert _speaker(briefing, "Twelve years") is None


def test_a_plain_description_with_a_gender_is_the_one_person_in_play() -> None:
    """Read "the retired dinner lady told" as the one woman the paragraph before names."""
    briefing = _extract(
        "Brenda Mottram, 67, says she has not seen the sun since March.\n\n"
        '"It is like living next to a prison wall," the retired dinner lady told the Beacon.\n'
    )
    assert _speaker(briefing, "It is like living") == "Brenda Mottram"


def test_lead_ins_after_an_opener_or_with_a_possessive_apposition() -> None:
    """Read "Asked ..., she laughed." and a possessive apposition as lead-ins; "the locksmith"."""
    briefing = _extract(
        "Governor Annabel Roarke toured the town.\n\n"
        'Asked whether she would campaign next year, she laughed. "Ask me in October."\n\n'
        "Owen Brakstad, Luminark's head of hardware, walked the audience through the design."
        ' "We took 40 grams out of the frame."\n\n'
        'Dev Patel has cut keys on Main Street for years. "Nobody locks up," the locksmith said.\n'
    )
    assert _speaker(briefing, "Ask me in October") == "Annabel Roarke"
    assert _speaker(briefing, "We took 40 grams") == "Owen Brakstad"
    assert _speaker(briefing, "Nobody locks up") == "Dev Patel"


def test_a_lead_in_with_a_description_as_subject_is_the_one_person_in_play() -> None:
    """After "The redshirt sophomore grew up near campus.", the quote is the one player's."""
    briefing = _extract(
        'Kenji Okafor-Lind caught the winning pass. "I saw him stare me down," he said.\n\n'
        "The redshirt sophomore grew up near campus, and his mother was in the stands."
        ' "She has been to every home game."\n'
    )
    assert _speaker(briefing, "She has been to every home game") == "Kenji Okafor-Lind"


PARTY_TAGS = (
    "Sen. Hattie Brennan (D-Ore.) and Rep. Carl Dunmore (R-Texas) clashed on Thursday over a"
    " dam safety bill that Republican leaders have kept off the floor.\n\n"
    'Dunmore, who sits on the water panel, called the bill too costly. "We cannot write a blank'
    ' check," the Texas Republican said.\n\n'
    "Gov. Ida Pike of Oregon, a Democrat, backed the senator.\n\n"
    'Brennan answered on Friday. "The dam is older than my father," the Democrat said.\n\n'
    'A rival from Arizona spoke next. "Not my state," the Arizona Republican said.\n'
)


def test_a_party_and_state_tag_tells_whom_a_later_description_means() -> None:
    """Credit "the Texas Republican" to Rep. Carl Dunmore (R-Texas), no one else's.

    "The Democrat" is the Democrat in play though another Democrat came before; an Arizona
    Republican no tag names is nobody.
    """
    briefing = _extract(PARTY_TAGS)
    assert _speaker(briefing, "We cannot write") == "Carl Dunmore"
    assert _speaker(briefing, "The dam is older") == "Hattie Brennan"
    assert _speaker(briefing, "Not my state") is None


def test_a_pronoun_lead_in_may_name_the_person_it_turns_to() -> None:
    """Read 'She then turned to face Hollister.' before a quote as her words, not Hollister's."""
    text = (
        "WESTBROOK — Reggie Hollister, 51, was sentenced on Friday for a fatal crash.\n\n"
        'His victim\'s sister, Moira Quent, read a statement. "I miss him every day," she said.\n\n'
        'She then turned to face Hollister. "You took the only brother I had."\n\n'
        'She sat down and Hollister stood. "I am sorry."\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "You took") == "Moira Quent"
    assert _speaker(briefing, "I am sorry") is None  # a second clause, a second subject


def test_the_prosecutor_is_the_district_attorney() -> None:
    """Credit "the prosecutor said" to the one deputy district attorney of the story."""
    text = (
        "Deputy District Attorney Lena Marsh asked for ten years.\n\n"
        'Defense attorney Paul Ivers asked for four. "My client was confused," Ivers said.\n\n'
        '"He knew exactly what he was doing," the prosecutor said.\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "He knew exactly") == "Lena Marsh"
    assert _speaker(briefing, "My client") == "Paul Ivers"


def test_a_colon_after_a_relative_clause_credits_the_sentence_subject() -> None:
    """Credit 'Mr Ong was frank about the plant, which ...: "..."' to Ong Kah Seng."""
    text = (
        '"The half was hard," chief executive Ong Kah Seng said at a briefing.\n\n'
        "Mr Ong was frank about the Johor plant, which runs at 38 per cent of capacity:"
        ' "We overbuilt, and I take responsibility."\n\n'
        'The report, which Ong cited twice, found: "Demand fell in every region."\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "We overbuilt") == "Ong Kah Seng"
    assert _speaker(briefing, "Demand fell") is None


def test_words_that_name_the_inferred_speaker_are_someone_elses() -> None:
    """Leave a run with no speaker when it speaks of the person a pronoun gave it to."""
    text = (
        "PORT ARDENT — Tomas Brenner beat Sami Haddad in three sets on Wednesday night.\n\n"
        '"I stayed with him," Brenner said.\n\n'
        "His next opponent will be champion Ruben Acosta, who has not dropped a set. Asked how he"
        " planned to recover, he shrugged.\n\n"
        '"Ice bath, pasta, sleep," he said. "Ruben is the best player here."\n\n'
        '"I feel good," Acosta said. "Tomas played well."\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "Ice bath") is None
    assert _speaker(briefing, "Ruben is the best") is None
    assert _speaker(briefing, "I feel good") == "Ruben Acosta"  # named beside it: kept
    assert _speaker(briefing, "Tomas played") == "Ruben Acosta"


def test_a_reply_to_a_question_is_not_the_askers() -> None:
    """Credit '"Angry?" Teague asked. "I was," the witness replied.' to no one, not Teague."""
    text = (
        "BELLMONT — Shayla Moncrief testified on Thursday at the trial of Dorian Pell.\n\n"
        'Defense attorney Raymond Teague pressed her. "You were angry with him, weren\'t you?"'
        " Teague asked.\n\n"
        '"I was angry. I\'m not lying," the witness replied.\n\n'
        'Asked later whether the defense would call Pell, the attorney replied: "Not today."\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "You were angry") == "Raymond Teague"
    assert _speaker(briefing, "I was angry") is None
    assert _speaker(briefing, "Not today") == "Raymond Teague"  # a reply to no quoted question


def test_a_speech_verb_before_another_persons_clause_credits_no_one() -> None:
    """In 'Moncrief read the text she said Pell sent her: "..."' the words are not hers."""
    text = (
        "BELLMONT — Shayla Moncrief, 29, testified against Dorian Pell on Thursday.\n\n"
        "Moncrief read the text she said Pell sent her that night:"
        ' "Fixed the problem. Delete this."\n\n'
        'Asked why she kept it, Moncrief said: "I think part of me already knew."\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "Fixed the problem") is None
    assert _speaker(briefing, "I think part") == "Shayla Moncrief"


def test_she_after_an_unnamed_relative_is_no_one() -> None:
    """Leave "she said" after "Arceneaux's older sister, who ..." with no speaker."""
    text = (
        "BELLMONT — Assistant District Attorney Gwendolyn Frask rested the case on Friday.\n\n"
        '"We let the evidence speak," Frask said.\n\n'
        "Arceneaux's older sister, who has attended every day of the trial, declined to give"
        " her name.\n\n"
        '"I just want it to be over," she said.\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "We let") == "Gwendolyn Frask"
    assert _speaker(briefing, "I just want") is None


def test_he_after_a_person_introduced_unnamed_is_no_one() -> None:
    """Leave "he said" after "At a polling station, a retired bus driver ... said" unnamed."""
    text = (
        "PORT HALIM — Observer Pieter van der Berg said the count was orderly on Sunday.\n\n"
        '"We saw nothing systematic," Van der Berg said.\n\n'
        "At a polling station, a retired bus driver who declined to give his name said he had"
        " switched this year.\n\n"
        '"My children kept telling me to try something different," he said.\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "We saw nothing") == "Pieter van der Berg"
    assert _speaker(briefing, "My children") is None


def test_an_honorific_with_a_name_written_surname_first() -> None:
    """Join "Ms Lim" to "Lim Shu Fen" (surname first), not a new person called Lim."""
    text = (
        "PORT HALIM — Lim Shu Fen, the opposition leader, stopped short of declaring victory.\n\n"
        '"The people have spoken," Ms Lim said.\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "The people") == "Lim Shu Fen"
    assert not any(p.name == "Lim" for p in briefing.people)


def test_a_bare_surname_goes_to_the_namesake_the_story_calls_by_it() -> None:
    """With "Dr. Whitcombe" always titled, a bare "Whitcombe" is the other Whitcombe."""
    text = (
        "LINDELL FALLS — The hospital will open a children's intensive care unit in March.\n\n"
        "Dr. Joanna Whitcombe has arranged more than 300 air transports.\n\n"
        '"Every one is a family in a hallway," Dr. Whitcombe said.\n\n'
        "Tessa Whitcombe knows that hallway. Her son was flown out in 2022.\n\n"
        '"I kept calling the flight nurse," said Whitcombe, who is not related to the doctor.\n\n'
        'Chief executive Renata Solberg said the board had committed to the unit. "We did the'
        ' math," she said.\n\n'
        "Asked whether she would bring her son back, Whitcombe laughed.\n\n"
        '"In a heartbeat," she said.\n'
    )
    briefing = _extract(text)
    assert _speaker(briefing, "Every one is") == "Joanna Whitcombe"
    assert _speaker(briefing, "I kept calling") == "Tessa Whitcombe"
    assert _speaker(briefing, "In a heartbeat") == "Tessa Whitcombe"
