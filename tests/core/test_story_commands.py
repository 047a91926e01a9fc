"""Stories in the commands and the digest: figure changes, timeline, sources, what is new.

The story is invented: the Kessling Bridge closes after a crack is found, reported first by
the Harbor Gazette and two days later by Metro Daily, whose count of diverted vehicles is
higher (about 1,200 a day, then 1,500).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.adapters.console import render_text
from bot.core.commands import CommandEngine, Invocation, parse_line
from bot.core.digest import compose_digest, story_section
from bot.core.index import Index
from bot.core.models import Briefing
from bot.core.records import as_record
from bot.core.reply import Reply, Section, line_text
from bot.core.story import figure_changes, new_since, parse_window
from bot.errors import UsageError
from tests.core.factories import briefing_dict
from tests.helpers import FakeClock

HARBOR = "harbor-kessling-crack"
METRO = "metro-kessling-detours"
# Between the two articles: only Metro Daily's is new after this.
BETWEEN = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
# Half a day after Metro Daily's article was added.
NOON = datetime(2026, 3, 5, 20, 0, tzinfo=UTC)


def bridge_story(**overrides: Any) -> Briefing:
    """Return the bridge story: two articles, a timeline, and a figure that changed."""
    data: dict[str, Any] = {
        "id": "kessling-bridge-closure",
        "title": "Kessling Bridge closed after crack found",
        "published": "2026-03-03T08:00:00Z",
        "updated": "2026-03-05T08:00:00Z",
        "source": {"name": "Harbor Gazette", "url": "https://harbor.example/kessling-crack"},
        "topics": ["transport", "kessling-bridge"],
        "summary": "The Kessling Bridge is closed after engineers found a crack. Detours run.",
        "developments": ["City opens two detour routes.", "Engineers close the bridge."],
        "people": [
            {"id": "dana-reyes", "name": "Dana Reyes", "role": "city engineer"},
            {"id": "traffic-office", "name": "City Traffic Office", "kind": "organization"},
        ],
        "quotes": [
            {
                "speaker": "dana-reyes",
                "text": "We will not reopen it until it is safe",
                "articles": [HARBOR, METRO],
            },
            {
                "speaker": "traffic-office",
                "text": "detours would add twenty minutes",
                "kind": "reported",
                "articles": [METRO],
            },
        ],
        "figures": [
            {
                "value": 1200,
                "unit": "vehicles",
                "label": "vehicles diverted",
                "qualifier": "about",
                "per": "day",
                "article": HARBOR,
            },
            {
                "value": 3,
                "unit": "weeks",
                "label": "expected closure",
                "article": HARBOR,
                "evidence": {
                    "sentence": "Repairs are expected to take 3 weeks.",
                    "start": 29,
                    "end": 36,
                },
            },
            {
                "value": 1500,
                "unit": "vehicles",
                "label": "Vehicles diverted",
                "per": "day",
                "article": METRO,
                "evidence": {
                    "sentence": "Some 1,500 vehicles a day now take the ring road.",
                    "start": 5,
                    "end": 19,
                },
            },
        ],
        "articles": [
            {
                "id": HARBOR,
                "title": "Kessling Bridge closed after crack found",
                "source": {
                    "name": "Harbor Gazette",
                    "url": "https://harbor.example/kessling-crack",
                },
                "published": "2026-03-03T08:00:00Z",
                "added": "2026-03-03T09:00:00Z",
            },
            {
                "id": METRO,
                "title": "Detours snarl traffic as Kessling Bridge stays shut",
                "source": {"name": "Metro Daily", "url": "https://metro.example/detours"},
                "published": "2026-03-05T07:00:00Z",
                "added": "2026-03-05T08:00:00Z",
            },
        ],
        "timeline": [
            {"on": "2026-03-03", "text": "Engineers close the bridge.", "article": HARBOR},
            {"on": "2026-03-05", "text": "City opens two detour routes.", "article": METRO},
        ],
    }
    data.update(overrides)
    return Briefing.model_validate(data)


def ferry_briefing() -> Briefing:
    """Return a briefing of one article (no story) published between the bridge articles."""
    return Briefing.model_validate(
        briefing_dict(
            "ferry-extra-sailings",
            title="Ferry adds sailings during bridge closure",
            published="2026-03-04T10:00:00Z",
            source={"name": "Harbor Gazette", "url": "https://harbor.example/ferry"},
            topics=["transport"],
        )
    )


@pytest.fixture
def clock() -> FakeClock:
    """Return a clock half a day after the second bridge article."""
    return FakeClock(NOON)


@pytest.fixture
def engine(clock: FakeClock) -> CommandEngine:
    """Return an engine over the bridge story, the ferry briefing and the harbour strike."""
    index = Index([bridge_story(), ferry_briefing(), Briefing.model_validate(briefing_dict())])
    return CommandEngine(lambda: index, clock)


async def ask(engine: CommandEngine, line: str) -> Reply:
    """Return the reply to a command line."""
    return await engine.execute_line(line, Invocation())


def section(reply: Reply, heading: str) -> Section:
    """Return the section whose heading reads ``heading``."""
    return next(s for s in reply.sections if line_text(s.heading) == heading)


def texts(lines: tuple[tuple[Any, ...], ...]) -> list[str]:
    """Return the plain text of some lines."""
    return [line_text(line) for line in lines]


# --- bot.core.story --------------------------------------------------------------------------


def test_figure_change_reads_old_to_new_with_each_values_source_and_date() -> None:
    """The diverted-vehicles figure changed: one change, oldest value first, with provenance."""
    changes = figure_changes(bridge_story())
    assert len(changes) == 1
    change = changes[0]
    assert change.text == "about 1,200 → 1,500 vehicles per day"
    assert change.note == "1,200: Harbor Gazette, 3 Mar 2026 · 1,500: Metro Daily, 5 Mar 2026"
    assert [v.source for v in change.values] == ["Harbor Gazette", "Metro Daily"]
    assert change.positions == (0, 2)
    assert change.label == "Vehicles diverted"
    # The record and the model give the same answer.
    assert figure_changes(as_record(bridge_story()))[0].text == change.text


def test_figures_with_one_value_and_briefings_without_articles_have_no_change() -> None:
    """A repeated value is no change; a briefing of one article has no figure changes."""
    story = bridge_story()
    same = [f.model_copy(update={"value": 1200.0}) if f.value == 1500 else f for f in story.figures]
    assert figure_changes(story.model_copy(update={"figures": same})) == []
    assert figure_changes(ferry_briefing()) == []


def test_percent_changes_keep_the_sign_on_each_value() -> None:
    """A share that moves reads '40% → 45%'."""
    data = bridge_story().model_dump(mode="json")
    data["figures"] = [
        {"value": 40, "unit": "percent", "label": "lanes open", "article": HARBOR},
        {"value": 45, "unit": "percent", "label": "lanes open", "article": METRO},
    ]
    assert figure_changes(Briefing.model_validate(data))[0].text == "40% → 45%"


def changes_of(figures: list[dict[str, Any]]) -> list[str]:
    """Return the change phrases of the bridge story with these figures."""
    data = bridge_story().model_dump(mode="json")
    data["figures"] = figures
    return [c.text for c in figure_changes(Briefing.model_validate(data))]


def test_outlets_wording_a_measure_differently_still_show_one_change() -> None:
    """Another label for the same count, or a bare '1,500 a day', is the same measure."""
    first = {
        "value": 1200,
        "unit": "vehicles",
        "per": "day",
        "label": "vehicles per day onto the ring",
    }
    assert changes_of(
        [
            {**first, "qualifier": "about", "article": HARBOR},
            {
                "value": 1500,
                "unit": "vehicles",
                "per": "day",
                "label": "diverted",
                "article": METRO,
            },
        ]
    ) == ["about 1,200 → 1,500 vehicles per day"]
    bare = {"value": 1500, "unit": "per day", "per": "day", "label": "through the ring road"}
    assert changes_of([{**first, "article": HARBOR}, {**bare, "article": METRO}]) == [
        "1,200 → 1,500 vehicles per day"
    ]


def test_different_measures_are_never_shown_as_a_change() -> None:
    """Other units, other rates, a tenfold jump or an ambiguous bare rate: no change line."""
    troops = {"value": 8000, "unit": "troops", "label": "North Korean troops", "article": HARBOR}
    assert (
        changes_of([troops, {**troops, "value": 600, "unit": "missiles", "article": METRO}]) == []
    )
    assert changes_of([troops, {**troops, "value": 9000, "per": "day", "article": METRO}]) == []
    assert (
        changes_of([troops, {**troops, "value": 200, "label": "troops killed", "article": METRO}])
        == []
    )
    # Two rates a day in the first article: a bare "1,500 a day" could be either.
    daily = {"unit": "vehicles", "per": "day", "article": HARBOR}
    assert (
        changes_of(
            [
                {**daily, "value": 1200, "label": "vehicles diverted"},
                {**daily, "value": 300, "unit": "lorries", "label": "lorries turned back"},
                {"value": 1500, "unit": "per day", "per": "day", "label": "now", "article": METRO},
            ]
        )
        == []
    )


def test_new_since_holds_the_articles_developments_quotes_and_changes_seen_after() -> None:
    """After 4 Mar only Metro Daily's article is new, and what it brought."""
    news = new_since(bridge_story(), BETWEEN)
    assert [a.source.name for a in news.articles] == ["Metro Daily"]
    assert [d.text for d in news.developments] == ["City opens two detour routes."]
    # The engineer was first quoted by the Harbor Gazette: not news; the traffic office is.
    assert [q.text for q in news.quotes] == ["detours would add twenty minutes"]
    assert [c.text for c in news.figure_changes] == ["about 1,200 → 1,500 vehicles per day"]
    assert news.counts() == "1 new article · 2 sources in all"
    everything = new_since(bridge_story(), datetime(2026, 3, 1, tzinfo=UTC))
    assert len(everything.articles) == 2
    assert len(everything.quotes) == 2
    assert new_since(bridge_story(), NOON).empty


@pytest.mark.parametrize(
    ("text", "length", "phrase"),
    [
        ("2d", timedelta(days=2), "2 days"),
        ("12h", timedelta(hours=12), "12 hours"),
        ("1w", timedelta(weeks=1), "week"),
        ("90m", timedelta(minutes=90), "90 minutes"),
        ("1d", timedelta(days=1), "day"),
    ],
)
def test_since_windows(text: str, length: timedelta, phrase: str) -> None:
    """since: takes minutes, hours, days and weeks."""
    window = parse_window(text)
    assert (window.length, window.phrase) == (length, phrase)


@pytest.mark.parametrize("text", ["soon", "2y", "0d", "d2", "-1d", "60w", "2.5d"])
def test_bad_since_windows_name_the_accepted_forms(text: str) -> None:
    """Anything else is a usage error listing the forms."""
    with pytest.raises(UsageError, match="90m, 12h, 2d or 1w"):
        parse_window(text)


# --- /figures --------------------------------------------------------------------------------


async def test_figures_of_a_story_show_the_change_as_heading_with_sources(
    engine: CommandEngine,
) -> None:
    """A changed figure is one section: the change, what it measures, each value's source."""
    reply = await ask(engine, "/figures kessling-bridge-closure")
    headings = [line_text(s.heading) for s in reply.sections]
    assert headings == ["about 1,200 → 1,500 vehicles per day", "3 weeks"]
    change = reply.sections[0]
    assert texts(change.lines) == ["Vehicles diverted"]
    assert texts(change.note) == [
        "1,200: Harbor Gazette, 3 Mar 2026 · 1,500: Metro Daily, 5 Mar 2026",
        "“Some 1,500 vehicles a day now take the ring road.”",
    ]
    # The unchanged figure is shown as for any briefing.
    assert texts(reply.sections[1].note) == ["“Repairs are expected to take 3 weeks.”"]
    assert line_text(reply.intro[0]) == "2 articles from 2 sources · 3 Mar 2026 – 5 Mar 2026"
    assert reply.footer == "2 figures, 1 changed · 2 articles from 2 sources"


async def test_figures_of_a_briefing_without_articles_are_unchanged(
    engine: CommandEngine,
) -> None:
    """The harbour strike has no articles: no change lines, today's footer and byline."""
    reply = await ask(engine, "/figures harbour-strike")
    assert [line_text(s.heading) for s in reply.sections] == ["12 ships", "about 4.5%"]
    assert reply.footer == "2 figures · Halden Gazette"
    assert line_text(reply.intro[0]) == "Halden Gazette · 2 Mar 2025"


# --- /brief <story> --------------------------------------------------------------------------


async def test_brief_of_a_story_has_a_timeline_and_its_sources(engine: CommandEngine) -> None:
    """/brief on a story: dated timeline oldest first, every article with link, outlet, date."""
    reply = await ask(engine, "/brief kessling-bridge-closure")
    headings = [line_text(s.heading) for s in reply.sections]
    assert headings == ["Summary", "Timeline", "Who said what", "Key figures", "Sources"]
    assert texts(section(reply, "Timeline").lines) == [
        "3 Mar 2026 — Engineers close the bridge.",
        "5 Mar 2026 — City opens two detour routes.",
    ]
    sources = section(reply, "Sources").lines
    assert texts(sources) == [
        "Kessling Bridge closed after crack found — Harbor Gazette · 3 Mar 2026",
        "Detours snarl traffic as Kessling Bridge stays shut — Metro Daily · 5 Mar 2026",
    ]
    assert sources[1][0].url == "https://metro.example/detours"
    assert [f.name for f in section(reply, "Key figures").fields] == [
        "about 1,200 → 1,500 vehicles per day",
        "3 weeks",
    ]
    assert line_text(reply.intro[0]).startswith("2 articles from 2 sources")
    assert "Topics: transport, kessling-bridge" in render_text(reply)


async def test_brief_timeline_shows_the_ten_latest_entries_oldest_first(clock: FakeClock) -> None:
    """A long timeline is cut to its ten latest entries and says how many are left out."""
    timeline = [
        {"on": f"2026-03-{day:02d}", "text": f"Inspection report {day}.", "article": HARBOR}
        for day in range(1, 14)
    ]
    index = Index([bridge_story(timeline=timeline)])
    reply = await ask(CommandEngine(lambda: index, clock), "/brief kessling")
    shown = texts(section(reply, "Timeline").lines)
    assert len(shown) == 10
    assert shown[0] == "4 Mar 2026 — Inspection report 4."
    assert shown[-1] == "13 Mar 2026 — Inspection report 13."
    assert texts(section(reply, "Timeline").note) == ["3 earlier entries not shown."]


async def test_brief_of_a_briefing_without_articles_is_unchanged(engine: CommandEngine) -> None:
    """No timeline or sources for the harbour strike: its developments as always."""
    reply = await ask(engine, "/brief harbour-strike")
    headings = [line_text(s.heading) for s in reply.sections]
    assert headings == ["Summary", "Key developments", "Who said what", "Key figures"]
    assert line_text(reply.intro[0]) == "Halden Gazette · 2 Mar 2025"


# --- /brief since: ---------------------------------------------------------------------------


async def test_catch_up_lists_changed_stories_newest_first_with_what_is_new(
    engine: CommandEngine,
) -> None:
    """/brief since:2d: the bridge (changed 5 Mar) then the ferry (4 Mar); not the strike."""
    reply = await ask(engine, "/brief since:2d")
    assert reply.status == "ok"
    assert reply.title == "Catch-up: the last 2 days"
    assert texts(reply.intro) == ["2 stories changed in the last 2 days, newest first"]
    assert [line_text(s.heading) for s in reply.sections] == [
        "Kessling Bridge closed after crack found",
        "Ferry adds sailings during bridge closure",
    ]
    bridge = texts(reply.sections[0].lines)
    assert "1 new article · 2 sources in all" in bridge
    assert "• 5 Mar 2026 — City opens two detour routes." in bridge
    assert "• 3 Mar 2026 — Engineers close the bridge." not in bridge
    assert "Figures: about 1,200 → 1,500 vehicles per day; 3 weeks" in bridge
    assert texts(reply.sections[0].note) == ["Metro Daily · 5 Mar 2026"]
    # The ferry briefing has no articles: shown exactly as a digest shows it.
    assert reply.sections[1] == story_section(as_record(ferry_briefing()))


async def test_catch_up_of_a_quiet_window_says_nothing_changed(
    engine: CommandEngine, clock: FakeClock
) -> None:
    """Weeks later, nothing changed in the last 2 days."""
    clock.set(datetime(2026, 4, 1, tzinfo=UTC))
    reply = await ask(engine, "/brief since:2d")
    assert reply.status == "empty"
    assert texts(reply.intro) == ["Nothing changed in the last 2 days."]


@pytest.mark.parametrize(
    "line", ["/brief since:soon", "/brief since:0d", "/brief kessling since:3y"]
)
async def test_bad_since_is_a_usage_reply_naming_the_forms(
    engine: CommandEngine, line: str
) -> None:
    """A since: nobody can read answers with the accepted forms."""
    reply = await ask(engine, line)
    assert reply.status == "usage"
    assert "90m, 12h, 2d or 1w" in render_text(reply)


async def test_one_storys_news_since_a_window(engine: CommandEngine) -> None:
    """/brief kessling since:1d: Metro Daily's article and what it brought."""
    reply = await ask(engine, "/brief kessling since:1d")
    assert reply.status == "ok"
    assert reply.title == "Kessling Bridge closed after crack found"
    assert line_text(reply.intro[1]) == "In the last day: 1 new article · 2 sources in all"
    assert texts(section(reply, "New articles").lines) == [
        "Detours snarl traffic as Kessling Bridge stays shut — Metro Daily · 5 Mar 2026"
    ]
    assert texts(section(reply, "New developments").lines) == [
        "5 Mar 2026 — City opens two detour routes."
    ]
    assert section(reply, "about 1,200 → 1,500 vehicles per day").note
    assert texts(section(reply, "New quotes").lines) == [
        "City Traffic Office (reported): detours would add twenty minutes"
    ]


async def test_one_storys_quiet_window_is_empty(engine: CommandEngine) -> None:
    """Nothing was added to the bridge story in the last 90 minutes."""
    reply = await ask(engine, "/brief kessling since:90m")
    assert reply.status == "empty"
    assert "Nothing new in the last 90 minutes." in render_text(reply)


async def test_story_words_and_since_in_either_order(engine: CommandEngine) -> None:
    """A story named in several words keeps them all, before or after since:."""
    assert parse_line("/brief kessling bridge since:2d") == (
        "brief",
        {"story": "kessling bridge", "since": "2d"},
    )
    assert parse_line("/brief kessling bridge") == ("brief", {"story": "kessling bridge"})
    after = await ask(engine, "/brief since:1d kessling bridge")
    assert after.status == "ok"
    assert after.title == "Kessling Bridge closed after crack found"
    assert section(after, "New articles")


# --- /sources --------------------------------------------------------------------------------


async def test_sources_count_each_article_of_a_story_for_its_outlet(
    engine: CommandEngine,
) -> None:
    """Harbor Gazette: one story article and the ferry briefing; Metro Daily: its article."""
    reply = await ask(engine, "/sources")
    rows = {
        line_text(s.heading): (line_text(s.lines[0]), line_text(s.note[0])) for s in reply.sections
    }
    assert rows == {
        "Harbor Gazette": (
            "2 articles",
            "Latest: Ferry adds sailings during bridge closure (4 Mar 2026)",
        ),
        "Metro Daily": (
            "1 article",
            "Latest: Detours snarl traffic as Kessling Bridge stays shut (5 Mar 2026)",
        ),
        "Halden Gazette": ("1 briefing", "Latest: Dock workers strike at Port Halden (2 Mar 2025)"),
    }
    assert line_text(reply.sections[0].heading) == "Harbor Gazette"
    metro = section(reply, "Metro Daily")
    assert metro.note[0][1].url == "https://metro.example/detours"


# --- digest ----------------------------------------------------------------------------------


def test_digest_says_what_is_new_in_a_story_since_the_last_one() -> None:
    """A digest since 4 Mar: the bridge once, with its new article, development and change."""
    index = Index([bridge_story(), ferry_briefing()])
    reply = compose_digest(index, since=BETWEEN, now=NOON)
    titles = [line_text(s.heading) for s in reply.sections]
    assert titles == ["Kessling Bridge closed after crack found"]
    lines = texts(reply.sections[0].lines)
    assert lines == [
        "The Kessling Bridge is closed after engineers found a crack.",
        "1 new article · 2 sources in all",
        "• 5 Mar 2026 — City opens two detour routes.",
        "Figures: about 1,200 → 1,500 vehicles per day; 3 weeks",
    ]
    # The new quote (the traffic office) has a speaker but is reported; the engineer's direct
    # quote is still the story's strongest.
    assert "We will not reopen it until it is safe" in line_text(reply.sections[0].quote[0])
    assert reply.sections[0].heading[0].url == "https://metro.example/detours"


def test_digest_without_since_and_briefings_without_articles_are_as_before() -> None:
    """since=None shows the story as it begins; a briefing of one article never changes."""
    story, ferry = as_record(bridge_story()), as_record(ferry_briefing())
    everything = compose_digest(Index([story, ferry]), since=None, now=NOON)
    assert everything.sections == (story_section(story), story_section(ferry))
    first = texts(everything.sections[0].lines)
    assert "• City opens two detour routes." in first
    assert "1 new article · 2 sources in all" not in first
    assert story_section(ferry, BETWEEN) == story_section(ferry)
