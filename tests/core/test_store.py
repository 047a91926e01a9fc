"""Loading a briefings directory: every bad file is reported and every good file still serves."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
import yaml

from bot.core import store
from bot.core.models import Briefing
from bot.core.records import BriefingRecord, as_record
from bot.core.store import BriefingLibrary, load_directory
from tests.conftest import BRIEFINGS
from tests.core.factories import briefing_dict
from tests.helpers import wait_until


def write_yaml(path: Path, data: object) -> None:
    """Write data as a YAML file."""
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_seed_directory_loads_without_problems() -> None:
    """The shipped briefings directory is valid."""
    result = load_directory(BRIEFINGS)
    assert result.problems == []
    assert [b.id for b in result.briefings()] == ["north-korean-troops-kursk"]


def test_broken_yaml_reports_path_and_line_and_others_still_load(briefings_dir: Path) -> None:
    """Invalid YAML names its file and line; the seed next to it still loads."""
    bad = briefings_dir / "broken.yaml"
    bad.write_text("id: x\ntitle: [unclosed\nsummary: y\n", encoding="utf-8")
    result = load_directory(briefings_dir)
    assert len(result.briefings()) == 1
    (problem,) = result.problems
    assert problem.path == bad
    assert problem.line is not None
    assert "invalid YAML" in problem.message


def test_schema_violation_reports_field_path_and_line(briefings_dir: Path) -> None:
    """A wrong field type names the field path and the line it is on."""
    data = briefing_dict()
    data["figures"][1]["value"] = "four"
    write_yaml(briefings_dir / "harbour.yaml", data)
    result = load_directory(briefings_dir)
    (problem,) = result.problems
    assert problem.field == "figures[1].value"
    text = (briefings_dir / "harbour.yaml").read_text().splitlines()
    assert problem.line is not None
    assert "four" in text[problem.line - 1]


def test_invalid_json_reports_line(briefings_dir: Path) -> None:
    """Broken JSON reports the line of the syntax error."""
    (briefings_dir / "bad.json").write_text('{\n "id": "x",\n "title": \n}\n', encoding="utf-8")
    (problem,) = load_directory(briefings_dir).problems
    assert "invalid JSON" in problem.message
    assert problem.line == 4


def test_json_briefing_loads_like_yaml(briefings_dir: Path) -> None:
    """JSON files are briefings too."""
    (briefings_dir / "harbour.json").write_text(json.dumps(briefing_dict()), encoding="utf-8")
    result = load_directory(briefings_dir)
    assert result.problems == []
    assert {b.id for b in result.briefings()} == {"north-korean-troops-kursk", "harbour-strike"}


def test_duplicate_id_keeps_first_file_and_reports_second(briefings_dir: Path) -> None:
    """Two files with one id: the first (by path) serves, the second is reported."""
    write_yaml(briefings_dir / "a.yaml", briefing_dict())
    write_yaml(briefings_dir / "b.yaml", briefing_dict(title="Another title"))
    result = load_directory(briefings_dir)
    (problem,) = result.problems
    assert problem.path.name == "b.yaml"
    assert "duplicate id 'harbour-strike'" in problem.message
    titles = {b.title for b in result.briefings()}
    assert "Dock workers strike at Port Halden" in titles
    assert "Another title" not in titles


def test_oversized_empty_and_non_utf8_files_are_reported(briefings_dir: Path) -> None:
    """Files too big, empty or not UTF-8 each get a plain message."""
    (briefings_dir / "huge.yaml").write_bytes(b"a: " + b"x" * 30_000)
    (briefings_dir / "empty.yaml").write_bytes(b"")
    (briefings_dir / "latin1.yaml").write_bytes("title: caf\xe9".encode("latin-1"))
    result = load_directory(briefings_dir, max_bytes=20_000)
    messages = {p.path.name: p.message for p in result.problems}
    assert "limit is 20000" in messages["huge.yaml"]
    assert messages["empty.yaml"] == "file is empty"
    assert "not UTF-8" in messages["latin1.yaml"]
    assert len(result.briefings()) == 1


def test_unreadable_file_is_reported(briefings_dir: Path) -> None:
    """A file that cannot be read (a dangling link) is reported, not fatal."""
    (briefings_dir / "gone.yaml").symlink_to(briefings_dir / "missing-target.yaml")
    result = load_directory(briefings_dir)
    (problem,) = result.problems
    assert "cannot read" in problem.message
    assert len(result.briefings()) == 1


def test_a_mapping_is_required(briefings_dir: Path) -> None:
    """A YAML list instead of a mapping gets a message saying what is expected."""
    (briefings_dir / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (problem,) = load_directory(briefings_dir).problems
    assert "one mapping" in problem.message


def test_schema_and_digest_files_are_not_briefings(briefings_dir: Path) -> None:
    """schema.json and digests.yaml in the directory are skipped, not reported."""
    (briefings_dir / "schema.json").write_text("{}", encoding="utf-8")
    (briefings_dir / "digests.yaml").write_text("subscriptions: []\n", encoding="utf-8")
    assert load_directory(briefings_dir).problems == []


def test_broken_edit_keeps_last_good_version_serving(briefings_dir: Path) -> None:
    """When a file is edited into an invalid state, its last good version keeps serving."""
    path = briefings_dir / "harbour.yaml"
    write_yaml(path, briefing_dict())
    library = BriefingLibrary(briefings_dir)
    assert library.reload() == []
    path.write_text("id: harbour-strike\ntitle: [broken\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    problems = library.reload()
    assert any("keeping the last good version" in p.message for p in problems)
    assert library.index.by_id["harbour-strike"].title == "Dock workers strike at Port Halden"


def test_reload_picks_up_new_and_removed_files(briefings_dir: Path) -> None:
    """Added files appear and deleted files disappear on reload."""
    library = BriefingLibrary(briefings_dir)
    library.reload()
    path = briefings_dir / "harbour.yaml"
    write_yaml(path, briefing_dict())
    library.reload()
    assert "harbour-strike" in library.index.by_id
    path.unlink()
    library.reload()
    assert "harbour-strike" not in library.index.by_id


def test_missing_directory_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """Pointing at a directory that does not exist reports it."""
    result = load_directory(tmp_path / "nope")
    assert "does not exist" in result.problems[0].message


async def test_running_watcher_picks_up_new_and_broken_files(briefings_dir: Path) -> None:
    """While the bot runs, a new file starts serving and a broken edit keeps the old version."""
    library = BriefingLibrary(briefings_dir)
    library.reload()
    stop = asyncio.Event()
    watcher = asyncio.create_task(library.watch(stop))
    try:
        path = briefings_dir / "harbour.yaml"

        def served() -> bool:
            # Written again on each poll: a write before the watcher started is not seen.
            if "harbour-strike" not in library.index.by_id:
                write_yaml(path, briefing_dict())
                return False
            return True

        await wait_until(served, interval=0.25, message="the watcher did not load the new file")
        path.write_text("id: harbour-strike\ntitle: [broken\n", encoding="utf-8")
        await wait_until(
            lambda: any(p.path == path for p in library.problems),
            message="the watcher did not report the broken edit",
        )
        assert library.index.by_id["harbour-strike"].title == "Dock workers strike at Port Halden"
    finally:
        stop.set()
        await asyncio.wait_for(watcher, 10)


def test_broken_yaml_keeps_pyyaml_context(briefings_dir: Path) -> None:
    """An unclosed quote says where the scalar started, as PyYAML does, and where it failed."""
    bad = briefings_dir / "quote.yaml"
    bad.write_text('id: x\ntitle: "unclosed\nsummary: y\n', encoding="utf-8")
    (problem,) = load_directory(briefings_dir).problems
    assert problem.message == (
        "invalid YAML: while scanning a quoted scalar in line 2: found unexpected end of stream"
    )
    assert problem.line == 4


def test_duplicate_id_winner_is_the_first_path_in_sorted_order(briefings_dir: Path) -> None:
    """Whatever order files were written in, the first path in sorted order serves."""
    nested = briefings_dir / "archive"
    nested.mkdir()
    write_yaml(briefings_dir / "z.yaml", briefing_dict(title="Written first"))
    write_yaml(briefings_dir / "b.yaml", briefing_dict(title="Written second"))
    write_yaml(nested / "old.yaml", briefing_dict(title="Written last, in a folder"))
    result = load_directory(briefings_dir)
    titles = {b.title for b in result.briefings()}
    assert "Written last, in a folder" in titles
    assert not {"Written first", "Written second"} & titles
    reported = sorted(p.path.relative_to(briefings_dir).as_posix() for p in result.problems)
    assert reported == ["b.yaml", "z.yaml"]
    assert all("archive/old.yaml" in p.message for p in result.problems)


def _record(briefing_id: str, title: str) -> BriefingRecord:
    return as_record(Briefing.model_validate(briefing_dict(briefing_id, title=title)))


def test_shared_changes_layer_over_the_index_and_a_file_keeps_its_id(
    briefings_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_yaml(briefings_dir / "local.yaml", briefing_dict("local", title="From the file"))
    library = BriefingLibrary(briefings_dir)
    library.reload()
    library.apply_shared({"a.json": _record("shared-a", "Shared A")})
    assert library.index.layered == 1
    # A row with the file's id does not replace the file, nor does removing that row.
    library.apply_shared({"b.json": _record("local", "Row with the file's id")})
    assert library.index.by_id["local"].title == "From the file"
    assert library.index.layered == 1  # nothing served changed: nothing layered
    library.apply_shared({"b.json": None})
    assert library.index.by_id["local"].title == "From the file"
    # A row replaced under its name takes the old id out of every answer.
    library.apply_shared({"a.json": _record("shared-a2", "Shared A, renamed")})
    assert "shared-a" not in library.index.by_id
    assert [b.id for b in library.index.search("renamed")] == ["shared-a2"]
    # Past the limit, one full index replaces the layers.
    monkeypatch.setattr(store, "COMPACT_AT", 1)
    library.apply_shared({"c.json": _record("shared-c", "Shared C")})
    assert library.index.layered == 0
    assert {"local", "shared-a2", "shared-c"} <= set(library.index.by_id)
    assert "shared-a" not in library.index.by_id
