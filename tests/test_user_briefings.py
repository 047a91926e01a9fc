"""What a user ingests into the default briefings/ directory changes no test's outcome."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import run_briefbot

# The test files that once read the real briefings/ directory.
AFFECTED = [
    "tests/core/test_cli.py",
    "tests/core/test_commands.py",
    "tests/core/test_seed_briefing.py",
    "tests/core/test_store.py",
    "tests/adapters/discord/test_interactions.py",
    "tests/adapters/slack/test_socket_mode.py",
    "tests/adapters/slack/test_http_mode.py",
]

STORY = """---
title: Blinken opens new harbour berths in Riga
published: 2030-03-02
source: Example Gazette
topics: [ports, kursk]
---
Antony Blinken, the U.S. Secretary of State, opened three new berths at the harbour on Sunday.
"These berths will carry 40,000 tonnes of grain a week," Blinken said.
The port authority said the project cost about 120 million euros and employed 800 workers.
"""


def _copy_checkout(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*_cache")
    for name in ("bot", "tests", "briefings", "pyproject.toml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)


@pytest.mark.slow
def test_affected_tests_pass_after_briefbot_ingest_into_briefings(tmp_path: Path) -> None:
    """After `briefbot ingest` adds a newer Blinken story to briefings/, those tests still pass."""
    checkout = tmp_path / "checkout"
    _copy_checkout(checkout)
    story = tmp_path / "story.md"
    story.write_text(STORY, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    ingest = run_briefbot("ingest", str(story), cwd=checkout, env=env, timeout=120)
    assert ingest.returncode == 0, ingest.stderr
    assert len(list((checkout / "briefings").glob("*.yaml"))) == 2
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *AFFECTED],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
