"""Names, roles, aliases and coreference."""

from bot.ingest.extract.people import PeopleIndex, parse_mention


def test_title_before_name_becomes_role() -> None:
    """Split "U.S. Secretary of State Jane Doe" into role and name."""
    mention = parse_mention("U.S. Secretary of State Jane Doe")
    assert mention is not None
    assert (mention.role, mention.name) == ("U.S. Secretary of State", "Jane Doe")


def test_apposition_after_name_becomes_role() -> None:
    """Take the role from "Tom Reyes, the defense secretary,"."""
    index = PeopleIndex("Tom Reyes, the defense secretary, arrived late.")
    assert index.entities["tom reyes"].role == "defense secretary"


def test_surname_and_title_forms_resolve_to_full_name() -> None:
    """Resolve "Reyes" and "Secretary Reyes" to the earlier full name."""
    index = PeopleIndex("Defense Secretary Tom Reyes arrived. Later Secretary Reyes spoke.")
    entity = index.resolve("Reyes", 60)
    assert entity is not None
    assert entity.name == "Tom Reyes"
    person = entity.to_person()
    assert person.id == "tom-reyes"
    assert "Secretary Reyes" in person.aliases
    assert "Reyes" in person.aliases


def test_she_skips_men_and_organisations() -> None:
    """Resolve "she" to the latest woman, skipping a later man and an organisation."""
    text = "Maria Lopez met Peter Hall at the Department of Energy."
    index = PeopleIndex(text)
    entity = index.resolve_pronoun("she", len(text))
    assert entity is not None
    assert entity.name == "Maria Lopez"


def test_pronoun_without_person_is_unresolved() -> None:
    """Leave "he" unresolved when only organisations were named."""
    index = PeopleIndex("The Pentagon and the State Department disagreed.")
    assert index.resolve_pronoun("he", 40) is None


def test_organisation_kind() -> None:
    """Mark "the Pentagon" as an organisation."""
    index = PeopleIndex("")
    entity = index.resolve("the Pentagon", 0)
    assert entity is not None
    assert entity.to_person().kind == "organization"


def test_unnamed_spokesman_is_unknown() -> None:
    """Do not guess a speaker for "a spokesman for the ministry"."""
    assert PeopleIndex("").resolve("a spokesman for the Ministry", 0) is None


def test_an_unknown_name_before_an_aside_and_a_speech_verb_is_a_person() -> None:
    """Read "Fenella Oduya, defending, said" as a person although the lexicon lacks Fenella."""
    index = PeopleIndex("Fenella Oduya, defending, said her client was ashamed.")
    assert index.entities["fenella oduya"].kind == "person"


def test_an_honorific_alone_names_no_one_and_cr_is_a_title() -> None:
    """Find no person "Mrs." in "Chief (Mrs.) X"; read "Cr Graham Pocock" as a councillor."""
    index = PeopleIndex("The Iyaloja, Chief (Mrs.) Morenike Ogunleye, said they were ignored.")
    assert [e.name for e in index.entities.values() if e.kind == "person"] == ["Morenike Ogunleye"]
    index = PeopleIndex("Cr Graham Pocock chairs the shire council. Later Cr Pocock spoke.")
    assert index.entities["graham pocock"].role == "Cr"
    assert index.resolve_role("councillor", 60) is index.entities["graham pocock"]


def test_a_market_is_no_person() -> None:
    """Read "Odo-Ajeni Central Market" as a place, not a person called "Market"."""
    index = PeopleIndex("Traders at Odo-Ajeni Central Market shut their shops.")
    assert all(e.kind != "person" for e in index.entities.values())


def test_an_honorific_shows_an_unknown_full_name_to_be_a_woman() -> None:
    """Read "Bev Hennessy" (a first name the lexicon lacks) as the "Mrs Hennessy" after her."""
    index = PeopleIndex(
        "Outgoing publicans Bev Hennessy and her husband ran the pub for years."
        " Mrs Hennessy said they would miss it. Tom Hennessy, 71, said he would not."
    )
    bev = index.entities["bev hennessy"]
    assert (bev.kind, bev.gender) == ("person", "f")
    assert index.resolve("Mrs Hennessy", 120) is bev
    assert index.entities["tom hennessy"] is not bev


def test_col_without_a_full_stop_before_a_surname_is_a_first_name() -> None:
    """Read "Col Hennessy" as a name (Colin), "Col. Hennessy" and "Lt Col Hennessy" as ranks."""
    expected = {
        "Col Hennessy": (None, "Col Hennessy"),
        "Lt Col Hennessy": ("Lt Col", "Hennessy"),
        "Col. Hennessy": ("Col.", "Hennessy"),
    }
    for surface, (role, name) in expected.items():
        mention = parse_mention(surface)
        assert mention is not None
        assert (mention.role, mention.name) == (role, name)


def test_a_one_word_name_gives_a_gender_only_when_it_is_a_plain_first_name() -> None:
    """Read "Melanie said" as a woman, but "Clinton said" as no man (Clinton is a surname)."""
    index = PeopleIndex("Melanie said she was pleased. Clinton said the plan was fair.")
    melanie, clinton = index.resolve("Melanie", 0), index.resolve("Clinton", 30)
    assert melanie is not None
    assert clinton is not None
    assert (melanie.gender, clinton.gender) == ("f", None)
