"""`briefbot ingest` end to end: files and URLs in, briefing files and a summary table out."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import orjson
import pytest
import yaml

from bot.cli import main
from tests.ingest.conftest import Site

# The seed story (shared/seeds/000_2116beccff441072.txt), kept in the repo by the core tests.
SEED = Path(__file__).resolve().parent.parent / "data" / "seed_article.txt"
PAGE = (
    "<html><head><title>Council passes budget</title></head><body><article>"
    "<h1>Council passes budget</h1><p>The town council passed next year's budget on Tuesday"
    " by nine votes to four, after a debate that lasted well into the night.</p>"
    '<p>"It is a fair budget," said the mayor, Ilse Varga, to reporters outside.</p>'
    "</article></body></html>"
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at tmp directories and allow the local test server."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFBOT_BRIEFINGS_DIR", str(tmp_path / "briefings"))
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFBOT_FETCH_ALLOW_NETWORKS", "127.0.0.1/32")
    return tmp_path / "briefings"


def seed_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seed.txt"
    shutil.copyfile(SEED, target)
    return target


def test_seed_article_ingests_into_a_valid_briefing_with_blinkens_quote(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The seed story becomes a briefing that `briefbot validate` accepts, quoting Blinken."""
    assert main(["ingest", str(seed_copy(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "1 created, 0 updated, 0 unchanged, 0 failed" in out
    assert main(["validate", str(env)]) == 0
    [path] = list(env.glob("*.yaml"))
    briefing = yaml.safe_load(path.read_text(encoding="utf-8"))
    people = {p["id"]: p["name"] for p in briefing["people"]}
    blinken_quotes = [
        q["text"] for q in briefing["quotes"] if "Blinken" in people.get(q["speaker"] or "", "")
    ]
    assert any("meat grinder" in text for text in blinken_quotes)
    assert main(["ingest", str(tmp_path / "seed.txt")]) == 0
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in capsys.readouterr().out


def test_several_sources_continue_past_a_failure(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One bad source fails with its reason, the others are ingested, and the exit status is 1."""
    good = tmp_path / "good.md"
    good.write_text("# Council passes budget\n\nThe council passed the budget 9-4.\n", "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    status = main(["ingest", str(good), str(tmp_path / "missing.txt"), str(empty)])
    captured = capsys.readouterr()
    assert status == 1
    assert "1 created, 0 updated, 0 unchanged, 2 failed" in captured.out
    assert "no such file" in captured.out
    assert "no article text" in captured.out
    # Not a terminal: plain progress lines, one per source.
    assert "[3/3]" in captured.err
    assert len(list(env.glob("*.yaml"))) == 1


async def test_url_to_stdout_as_json_writes_no_file(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """--stdout --format json prints the briefing and leaves the directory untouched."""
    url = site.page("/budget", PAGE)
    status = await asyncio.to_thread(main, ["ingest", url, "--stdout", "--format", "json"])
    out = capsys.readouterr().out
    assert status == 0
    data = orjson.loads(out)
    assert data["title"] == "Council passes budget"
    assert data["source"]["url"].endswith("/budget")
    assert not await asyncio.to_thread(env.exists)


def test_no_sources_is_a_usage_error(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Running without sources explains what to give."""
    assert main(["ingest"]) == 1
    assert "at least one SOURCE" in capsys.readouterr().err


def test_missing_source_and_topics_are_warned_and_topics_derived(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plain article without front matter is not silently `source: unknown` with no topics."""
    assert main(["ingest", str(seed_copy(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "warning:" in out
    assert "no source name" in out
    assert "derived north-korea" in out
    [path] = list(env.glob("*.yaml"))
    briefing = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {"north-korea", "kursk"} <= set(briefing["topics"])


def test_front_matter_source_and_topics_give_no_warning(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the front matter names the source and topics, the table has no warning lines."""
    article = tmp_path / "pier.md"
    article.write_text(
        "---\nsource: Coast Gazette\ntopics: [harbour]\n---\n"
        "The old pier reopened on Saturday after a two-year repair, the council said.\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(article)]) == 0
    assert "warning:" not in capsys.readouterr().out
