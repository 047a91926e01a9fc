"""The start-up cache speeds loading but never serves anything the files do not say."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from bot.core.cache import RACY_NS, SHARDS
from bot.core.store import BriefingLibrary
from tests.core.factories import briefing_dict

OLD_NS = 1_600_000_000 * 10**9  # files dated 2020: well outside the "just written" window


@pytest.fixture(autouse=True)
def _aged_seed(briefings_dir: Path) -> None:
    """Date the copied seed file like the others (a just-copied file is never cached)."""
    for path in briefings_dir.iterdir():
        os.utime(path, ns=(OLD_NS, OLD_NS))


def write_json(path: Path, data: object, mtime_ns: int = OLD_NS) -> None:
    """Write a briefing file and date it, as files last edited a while ago are."""
    path.write_text(json.dumps(data), encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def library(briefings: Path, cache: Path) -> BriefingLibrary:
    """Return a freshly started library (a new process, as far as the cache is concerned)."""
    lib = BriefingLibrary(briefings, cache_dir=cache)
    lib.reload()
    return lib


def cache_files(cache: Path) -> list[Path]:
    """Return the shard files written so far."""
    return sorted(cache.glob("*.cache"))


def test_restart_serves_the_same_briefings_from_the_cache(
    briefings_dir: Path, tmp_path: Path
) -> None:
    """A second start reads unchanged files from the cache and answers the same."""
    write_json(briefings_dir / "harbour.json", briefing_dict())
    cache = tmp_path / "cache"
    first = library(briefings_dir, cache)
    assert cache_files(cache)
    second = library(briefings_dir, cache)
    assert second.problems == []
    assert second._result.parsed == []  # nothing validated again
    assert first.index.by_id == second.index.by_id
    quote = second.index.by_id["harbour-strike"].quotes[0]
    assert quote.evidence is not None
    assert quote.evidence.span == "We will not load a single crate until the offer improves"


def test_changed_file_is_read_again_not_served_from_the_cache(
    briefings_dir: Path, tmp_path: Path
) -> None:
    """Editing a file after the cache was written: the next start shows the new text."""
    path = briefings_dir / "harbour.json"
    write_json(path, briefing_dict())
    cache = tmp_path / "cache"
    library(briefings_dir, cache)
    write_json(path, briefing_dict(title="Strike ends at Port Halden"), OLD_NS + 1)
    restarted = library(briefings_dir, cache)
    assert restarted.index.by_id["harbour-strike"].title == "Strike ends at Port Halden"


def test_same_size_and_mtime_but_just_written_is_not_trusted(
    briefings_dir: Path, tmp_path: Path
) -> None:
    """A file written moments ago is not cached: a rewrite in the same mtime tick shows."""
    path = briefings_dir / "harbour.json"
    now = os.stat(briefings_dir).st_mtime_ns
    write_json(path, briefing_dict(title="Version A"), now)
    cache = tmp_path / "cache"
    library(briefings_dir, cache)
    write_json(path, briefing_dict(title="Version B"), now)  # same size, same mtime
    assert os.stat(path).st_mtime_ns > OLD_NS + RACY_NS
    restarted = library(briefings_dir, cache)
    assert restarted.index.by_id["harbour-strike"].title == "Version B"


def test_deleted_file_is_never_served_from_the_cache(briefings_dir: Path, tmp_path: Path) -> None:
    """A briefing deleted while the bot was stopped is gone after the restart."""
    path = briefings_dir / "harbour.json"
    write_json(path, briefing_dict())
    cache = tmp_path / "cache"
    library(briefings_dir, cache)
    path.unlink()
    restarted = library(briefings_dir, cache)
    assert "harbour-strike" not in restarted.index.by_id
    assert "north-korean-troops-kursk" in restarted.index.by_id


def test_file_broken_while_stopped_is_reported_not_served(
    briefings_dir: Path, tmp_path: Path
) -> None:
    """A file edited into an invalid state reports its problem; the cache does not hide it."""
    path = briefings_dir / "harbour.json"
    write_json(path, briefing_dict())
    cache = tmp_path / "cache"
    library(briefings_dir, cache)
    path.write_text('{"id": "harbour-strike"', encoding="utf-8")
    os.utime(path, ns=(OLD_NS + 5, OLD_NS + 5))
    restarted = library(briefings_dir, cache)
    assert any("invalid JSON" in p.message for p in restarted.problems)
    assert "harbour-strike" not in restarted.index.by_id


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_corrupt_cache_is_ignored_with_a_log_line(
    briefings_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    """A damaged cache shard is logged and ignored; every briefing still loads from its file."""
    write_json(briefings_dir / "harbour.json", briefing_dict())
    cache = tmp_path / "cache"
    library(briefings_dir, cache)
    for shard in cache_files(cache):
        data = shard.read_bytes()
        if damage == "truncate":
            shard.write_bytes(data[: len(data) // 2])
        elif damage == "flip":
            shard.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
        else:
            shard.write_bytes(b"\x00not a cache at all")
    with caplog.at_level(logging.WARNING, logger="bot.core.cache"):
        restarted = library(briefings_dir, cache)
    assert "briefing cache" in caplog.text
    assert restarted.problems == []
    assert {"harbour-strike", "north-korean-troops-kursk"} <= set(restarted.index.by_id)
    assert len(restarted._result.parsed) == 2  # read from the files instead
    again = library(briefings_dir, cache)  # and the damaged shards were rewritten
    assert again._result.parsed == []


def test_cache_of_another_directory_is_not_used(tmp_path: Path) -> None:
    """Two briefings roots sharing a cache directory never see each other's stories."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    write_json(one / "story.json", briefing_dict("story-one"))
    write_json(two / "story.json", briefing_dict("story-two"))
    cache = tmp_path / "cache"
    library(one, cache)
    assert set(library(two, cache).index.by_id) == {"story-two"}


def test_editing_one_file_rewrites_only_its_shard(briefings_dir: Path, tmp_path: Path) -> None:
    """A reload after one edit rewrites one small shard, not the whole cache."""
    for n in range(20):
        write_json(briefings_dir / f"s{n:02d}.json", briefing_dict(f"story-{n:02d}"))
    cache = tmp_path / "cache"
    lib = library(briefings_dir, cache)
    stamps = {p.name: p.stat().st_mtime_ns for p in cache_files(cache)}
    assert 1 < len(stamps) <= SHARDS
    write_json(briefings_dir / "s03.json", briefing_dict("story-03", title="New"), OLD_NS + 9)
    lib.reload()
    changed = [p.name for p in cache_files(cache) if p.stat().st_mtime_ns != stamps.get(p.name)]
    assert len(changed) == 1
    assert library(briefings_dir, cache).index.by_id["story-03"].title == "New"
