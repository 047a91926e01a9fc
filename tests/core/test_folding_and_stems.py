"""Names typed without their letters (lukasz, soren, dokovic) and word forms (troop/troops)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.adapters.console import render_text
from bot.core.commands import CommandEngine, Invocation
from bot.core.index import Index
from bot.core.models import Briefing, fold
from bot.core.records import AnyBriefing
from bot.core.store import load_directory
from bot.core.text import stem, tokens
from tests.conftest import BRIEFINGS
from tests.core.factories import briefing_dict

# Invented people whose names carry letters NFKD does not decompose.
PEOPLE = [
    ("lukasz-nowak", "Łukasz Nowak", "port engineer"),
    ("soren-holm", "Søren Holm", "ferry captain"),
    ("milan-dokovic", "Milan Đoković", "crane operator"),
    ("greta-grossmann", "Greta Großmann", "shipping agent"),
    ("aegir-dahl", "Ægir Dahl", "harbour pilot"),
    ("chloe-loeuvre", "Chloé Lœuvre", "customs officer"),
    ("thorunn-edvaldsdottir", "Þórunn Eðvaldsdóttir", "fisheries minister"),
    ("isil-kaya", "Işıl Kaya", "port economist"),
]


def _people_story() -> Briefing:
    data = briefing_dict("harbour-voices", title="Voices from the harbour")
    data["people"] = [{"id": i, "name": n, "role": r} for i, n, r in PEOPLE]
    data["quotes"] = [
        {"speaker": i, "text": f"The harbour needs more berths, said the {r}", "kind": "direct"}
        for i, _, r in PEOPLE
    ]
    return Briefing.model_validate(data)


def _story(briefing_id: str, title: str, summary: str, quote: str) -> Briefing:
    data: dict[str, Any] = briefing_dict(briefing_id, title=title, summary=summary)
    data["quotes"] = [{"speaker": "mara-okafor", "text": quote, "kind": "direct"}]
    return Briefing.model_validate(data)


@pytest.fixture
def engine() -> CommandEngine:
    """Return an engine over the seed briefing, the people story and two word-form stories."""
    stories: list[AnyBriefing] = [
        *load_directory(BRIEFINGS).briefings(),
        _people_story(),
        _story(
            "ferry-casualties",
            "Ferry collision leaves casualties",
            "Two ferries collided near Port Halden; the coast guard counted the casualties.",
            "Every casualty was taken ashore within the hour",
        ),
        _story(
            "dockers-striking",
            "Dockers striking again at Port Halden",
            "Dock workers are striking for a second week.",
            "We are striking until the pay offer improves",
        ),
    ]
    index = Index(stories)
    return CommandEngine(lambda: index)


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("lukasz", "Łukasz Nowak, port engineer"),
        ("Lukasz Nowak", "Łukasz Nowak, port engineer"),
        ("soren", "Søren Holm, ferry captain"),
        ("dokovic", "Milan Đoković, crane operator"),
        ("djokovic", None),  # another transliteration: not a match, but suggested
        ("grossmann", "Greta Großmann, shipping agent"),
        ("aegir", "Ægir Dahl, harbour pilot"),
        ("loeuvre", "Chloé Lœuvre, customs officer"),
        ("thorunn edvaldsdottir", "Þórunn Eðvaldsdóttir, fisheries minister"),
        ("isil", "Işıl Kaya, port economist"),
        ("ŁUKASZ", "Łukasz Nowak, port engineer"),
    ],
)
async def test_quote_finds_names_typed_in_plain_letters(
    engine: CommandEngine, typed: str, title: str | None
) -> None:
    """/quote lukasz finds Łukasz, soren Søren, dokovic Đoković, and so on."""
    reply = await engine.execute("quote", {"speaker": typed}, Invocation())
    if title is None:
        assert reply.status == "not_found"
        # ... but the bot offers the name it has.
        assert "Milan Đoković" in render_text(reply)
        return
    assert reply.status == "ok"
    assert reply.title == title
    assert "The harbour needs more berths" in render_text(reply)


def test_autocomplete_offers_names_for_plain_prefixes(engine: CommandEngine) -> None:
    """Typing 'luk' or 'sor' in the speaker box offers Łukasz Nowak and Søren Holm."""
    assert engine.complete("speaker", "luk")[0].value == "lukasz-nowak"
    assert engine.complete("speaker", "sor")[0].value == "soren-holm"
    assert engine.complete("speaker", "thor")[0].value == "thorunn-edvaldsdottir"


def test_fold_spells_out_letters_without_decomposition() -> None:
    """Each letter NFKD leaves whole folds to what an English keyboard types."""
    assert [fold(w) for w in ("Łódź", "Søren", "Đoković", "Straße", "ẞ", "Æbelø")] == [
        "lodz",
        "soren",
        "dokovic",
        "strasse",
        "ss",
        "aebelo",
    ]
    assert [fold(w) for w in ("Œuvre", "Ðóra", "ð", "Þór", "þ", "Işık", "İzmir", "ħ")] == [
        "oeuvre",
        "dora",
        "d",
        "thor",
        "th",
        "isik",
        "izmir",
        "h",
    ]


async def test_search_troop_finds_troops_and_shows_the_quote(engine: CommandEngine) -> None:
    """/search troop finds the story about North Korean troops, as /search troops does."""
    singular = await engine.execute_line("/search troop", Invocation())
    plural = await engine.execute_line("/search troops", Invocation())
    assert singular.status == "ok"
    assert singular.sections == plural.sections
    text = render_text(singular)
    assert "North Korean troops" in text
    assert "Ferry collision" not in text


async def test_search_casualty_finds_casualties(engine: CommandEngine) -> None:
    """/search casualty finds a story that only says casualties, and the other way round."""
    text = await ask(engine, "/search casualty")
    assert "Ferry collision leaves casualties" in text
    assert "“Every casualty was taken ashore within the hour” — Mara Okafor" in text
    assert "Ferry collision leaves casualties" in await ask(engine, "/search casualties")


async def test_search_strike_finds_striking(engine: CommandEngine) -> None:
    """/search strikes finds the dockers who are striking, and the quote that says so."""
    text = await ask(engine, "/search strikes")
    assert "Dockers striking again at Port Halden" in text
    assert "“We are striking until the pay offer improves” — Mara Okafor" in text
    assert "Dockers striking again" in await ask(engine, "/search strike halden")


async def test_search_still_needs_every_word(engine: CommandEngine) -> None:
    """Stems widen each word, not the query: every word must still be in the story."""
    reply = await engine.execute_line("/search casualties striking", Invocation())
    assert reply.status == "not_found"


def test_story_autocomplete_still_matches_what_is_being_typed(engine: CommandEngine) -> None:
    """Typing 'casualti' or 'striki' still offers the stories (prefixes of the real words)."""
    assert "ferry-casualties" in [c.value for c in engine.complete("story", "casualti")]
    assert "dockers-striking" in [c.value for c in engine.complete("story", "striki")]


@pytest.mark.parametrize(
    ("forms", "shared"),
    [
        (("troop", "troops"), "troop"),
        (("casualty", "casualties"), "casualti"),
        (("movie", "movies"), "movi"),
        (("study", "studies", "studying"), "studi"),
        (("play", "plays", "playing"), "play"),
        (("strike", "strikes", "striking"), "strik"),
        (("run", "running", "runs"), "run"),
        (("russia", "russia's"), "russia"),
    ],
)
def test_word_forms_share_a_stem(forms: tuple[str, ...], shared: str) -> None:
    """Plural, -ing and possessive forms meet at one stem."""
    assert {stem(form) for form in forms} == {shared}


@pytest.mark.parametrize("word", ["news", "series", "census", "crisis", "press", "1990s", "gas"])
def test_words_that_only_look_plural_keep_their_s(word: str) -> None:
    """'news' does not become 'new'; words ending in -us, -is, -ss, short words, numbers stay."""
    assert stem(word) == word


async def ask(engine: CommandEngine, line: str) -> str:
    """Return the console rendering of a command line's reply."""
    return render_text(await engine.execute_line(line, Invocation()))


def test_a_typographic_apostrophe_folds_to_the_keyboard_one() -> None:
    """Find "O’Neill", as an article writes it, by "o'neill" typed on a keyboard."""
    assert fold("James O’Neill") == fold("james o'neill")
    assert tokens("O’Neill’s plan") == tokens("O'Neill's plan")
