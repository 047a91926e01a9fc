"""The command engine answers what users type, from the seed and invented briefings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.adapters.console import render_text
from bot.core.commands import CommandEngine, Invocation, parse_line
from bot.core.index import Index
from bot.core.models import Briefing
from bot.core.store import load_directory
from bot.errors import UsageError
from tests.conftest import BRIEFINGS
from tests.core.factories import briefing_dict

SEED = BRIEFINGS


@pytest.fixture
def engine() -> CommandEngine:
    """Return an engine over the seed briefing and one invented story."""
    seed = load_directory(SEED).briefings()
    extra = Briefing.model_validate(briefing_dict())
    index = Index([*seed, extra])
    return CommandEngine(lambda: index)


async def ask(engine: CommandEngine, line: str) -> str:
    """Return the console rendering of a command line's reply."""
    return render_text(await engine.execute_line(line, Invocation()))


async def test_quote_blinken_lists_his_quotes_with_role_date_and_source(
    engine: CommandEngine,
) -> None:
    """/quote blinken shows Antony Blinken's words, his role, the date and the source."""
    reply = await engine.execute_line("/quote blinken", Invocation())
    text = render_text(reply)
    assert reply.title == "Antony Blinken, U.S. Secretary of State"
    assert "meat grinder of his own making" in text
    assert "31 Oct 2024" in text
    assert "Fox News" in text
    assert "Lloyd Austin" not in text


async def test_quote_lists_direct_before_reported_within_a_story(engine: CommandEngine) -> None:
    """Direct quotes come first, then reported statements."""
    reply = await engine.execute_line("/quote blinken", Invocation())
    kinds = [section.note[0][0].text.split(" ")[0] for section in reply.sections]
    assert kinds == sorted(kinds, key=lambda kind: kind != "direct")
    assert kinds[0] == "direct"
    assert "reported" in kinds


@pytest.mark.parametrize(
    "name", ["Antony Blinken", "ANTONY BLINKEN", "Secretary Blinken", "antony-blinken", "Antony"]
)
async def test_speaker_found_by_name_alias_id_or_first_name(
    engine: CommandEngine, name: str
) -> None:
    """Full name, alias, id and name parts all find the same person, case-insensitively."""
    reply = await engine.execute("quote", {"speaker": name}, Invocation())
    assert reply.status == "ok"
    assert reply.title.startswith("Antony Blinken")


async def test_accents_are_ignored_in_speaker_names(engine: CommandEngine) -> None:
    """'Okafór' finds Mara Okafor."""
    reply = await engine.execute("quote", {"speaker": "Okafór"}, Invocation())
    assert reply.title.startswith("Mara Okafor")


async def test_unknown_speaker_suggests_close_names(engine: CommandEngine) -> None:
    """A misspelt name answers 'no one named' with a suggestion."""
    reply = await engine.execute("quote", {"speaker": "blinkin"}, Invocation())
    assert reply.status == "not_found"
    text = render_text(reply)
    assert "No one named “blinkin”" in text
    assert "Did you mean Antony Blinken?" in text


async def test_quote_with_topic_filters_quotes(engine: CommandEngine) -> None:
    """'/quote austin casualties' keeps only Austin's quotes mentioning casualties."""
    reply = await engine.execute_line("/quote austin casualties", Invocation())
    text = render_text(reply)
    assert reply.title.startswith("Lloyd Austin")
    assert "Ten thousand pales" in text
    assert "stands a chance" not in text


async def test_figures_of_the_latest_story_with_units_and_sentences(
    engine: CommandEngine,
) -> None:
    """/figures shows the latest story's figures with unit, qualifier and source sentence."""
    reply = await engine.execute_line("/figures", Invocation())
    assert reply.title == "Key figures: Dock workers strike at Port Halden"
    seed = render_text(await engine.execute_line("/figures kursk", Invocation()))
    assert "8,000 troops" in seed
    assert "about 1,200 casualties per day" in seed
    assert "80%" in seed
    assert "about 460 square miles" in seed
    assert "reports indicating around 1,200 casualties a day" in seed


async def test_figures_for_unknown_story_says_so(engine: CommandEngine) -> None:
    """A story nobody wrote answers not found with a hint to search."""
    reply = await engine.execute_line("/figures atlantis", Invocation())
    assert reply.status == "not_found"
    assert "Try /search atlantis" in render_text(reply)


async def test_brief_shows_summary_developments_quotes_and_figures(engine: CommandEngine) -> None:
    """/brief <story> shows every part of the briefing."""
    text = await ask(engine, "/brief north-korean-troops-kursk")
    for part in ("Summary", "Key developments", "Who said what", "Key figures"):
        assert part in text
    assert "Lloyd Austin, U.S. Secretary of Defense: “Yes.”" in text


async def test_search_finds_stories_by_quote_words(engine: CommandEngine) -> None:
    """/search finds a story from words in a quote, showing the matching quote."""
    text = await ask(engine, "/search meat grinder")
    assert "North Korean troops" in text
    assert "Antony Blinken" in text
    missing = await engine.execute_line("/search zeppelin", Invocation())
    assert missing.status == "not_found"


async def test_sources_lists_publishers_with_counts(engine: CommandEngine) -> None:
    """/sources names each publisher and how many briefings it has."""
    text = await ask(engine, "/sources")
    assert "Fox News" in text
    assert "Halden Gazette" in text
    assert "1 briefing" in text


async def test_help_lists_every_command(engine: CommandEngine) -> None:
    """/help shows each command's usage."""
    text = await ask(engine, "/help")
    for usage in ("/quote <speaker> [topic]", "/figures [story]", "/search <text>"):
        assert usage in text


async def test_missing_required_argument_shows_usage(engine: CommandEngine) -> None:
    """/quote with no speaker explains the usage instead of failing."""
    reply = await engine.execute_line("/quote", Invocation())
    assert reply.status == "usage"
    assert "/quote <speaker> [topic]" in render_text(reply)


async def test_unknown_command_is_a_usage_reply(engine: CommandEngine) -> None:
    """An unknown command points to /help."""
    reply = await engine.execute_line("/weather", Invocation())
    assert reply.status == "usage"
    assert "/help" in render_text(reply)


def test_parse_line_supports_named_options() -> None:
    """'name:value' sets options explicitly; the rest fills them in order."""
    assert parse_line("/quote speaker:antony blinken topic:kursk") == (
        "quote",
        {"speaker": "antony blinken", "topic": "kursk"},
    )
    assert parse_line("/search north korean troops") == (
        "search",
        {"text": "north korean troops"},
    )
    with pytest.raises(UsageError):
        parse_line("/sources extra words")


async def test_autocomplete_speakers_by_prefix_and_typo(engine: CommandEngine) -> None:
    """Autocomplete finds speakers by prefix and by near misses, at most 25."""
    by_prefix = engine.complete("speaker", "bli")
    assert by_prefix[0].value == "antony-blinken"
    by_typo = engine.complete("speaker", "austn")
    assert "lloyd-austin" in [c.value for c in by_typo]
    assert len(engine.complete("speaker", "")) <= 25


async def test_autocomplete_stories(engine: CommandEngine) -> None:
    """Story autocomplete matches title words and returns the story id."""
    choices = engine.complete("story", "dock")
    assert [c.value for c in choices] == ["harbour-strike"]


async def test_ambiguous_speaker_asks_which_one(tmp_path: Path) -> None:
    """Two people sharing a surname: the bot asks which one instead of guessing."""
    data = briefing_dict()
    data["people"].append({"id": "ben-okafor", "name": "Ben Okafor", "aliases": ["Okafor"]})
    index = Index([Briefing.model_validate(data)])
    engine = CommandEngine(lambda: index)
    reply = await engine.execute("quote", {"speaker": "okafor"}, Invocation())
    assert reply.status == "usage"
    assert "Ben Okafor" in render_text(reply)
    assert "Mara Okafor" in render_text(reply)


async def test_data_text_is_carried_verbatim(tmp_path: Path) -> None:
    """Quote text reaches the reply unchanged; escaping is each renderer's job."""
    data = briefing_dict()
    data["quotes"][0]["text"] = "@everyone <!channel> look at this"
    data["quotes"][0].pop("evidence")
    engine = CommandEngine(lambda: Index([Briefing.model_validate(data)]))
    reply = await engine.execute("quote", {"speaker": "okafor"}, Invocation())
    assert "@everyone <!channel> look at this" in render_text(reply)


def test_seed_file_parses_as_plain_yaml() -> None:
    """The seed briefing is ordinary YAML an editor can open."""
    data = yaml.safe_load((SEED / "north-korean-troops-kursk.yaml").read_text())
    assert data["published"] == "2024-10-31"


async def test_long_quote_lists_show_the_newest_and_ask_for_a_topic() -> None:
    """A speaker with hundreds of quotes gets the newest few and a hint to narrow by topic."""
    stories = []
    for n in range(60):
        data = briefing_dict(f"strike-day-{n:02d}", published=f"2025-03-{1 + n % 28:02d}")
        data["quotes"][0].pop("evidence")
        data["quotes"][0]["text"] = f"Day {n} of the strike"
        stories.append(Briefing.model_validate(data))
    index = Index(stories)
    engine = CommandEngine(lambda: index)
    reply = await engine.execute("quote", {"speaker": "okafor"}, Invocation())
    assert len(reply.sections) == 40
    assert "60 quotes; the 40 newest (add a topic to narrow)" in render_text(reply)
    narrowed = await engine.execute("quote", {"speaker": "okafor", "topic": "labour"}, Invocation())
    assert "More than 40 quotes about “labour”" in render_text(narrowed)


@pytest.mark.parametrize("line", ["/subscribe at:08:00", "/unsubscribe", "/digest post:yes"])
async def test_members_are_refused_channel_changes_before_anything_runs(
    engine: CommandEngine, line: str
) -> None:
    """Changing a channel's digests needs manage rights; the refusal is private."""
    reply = await engine.execute_line(line, Invocation(platform="slack", can_manage=False))
    assert reply.status == "forbidden"
    assert reply.ephemeral
    assert "Manage Channels" in render_text(reply)


async def test_a_false_post_option_is_a_preview_for_members(engine: CommandEngine) -> None:
    """/digest post:false shows the preview instead of refusing or posting."""
    reply = await engine.execute_line("/digest post:false", Invocation(can_manage=False))
    assert reply.status != "forbidden"
    assert reply.ephemeral
