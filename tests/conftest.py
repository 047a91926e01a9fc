"""Fixtures shared by every test package: the repository paths and the seed briefing.

Tests never read the real ``briefings/`` directory: users fill it with ``briefbot ingest``.
``BRIEFINGS`` is a directory made for this test session that holds only the seed briefing.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import create_postgres_database, drop_postgres_database

REPO = Path(__file__).resolve().parent.parent
SEED_BRIEFING = REPO / "briefings" / "north-korean-troops-kursk.yaml"


def _seed_only_directory() -> Path:
    """Return a fresh directory holding a copy of the seed briefing, removed at exit."""
    root = Path(tempfile.mkdtemp(prefix="briefbot-seed-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    target = root / "briefings"
    target.mkdir()
    shutil.copyfile(SEED_BRIEFING, target / SEED_BRIEFING.name)
    return target


BRIEFINGS = _seed_only_directory()


@pytest.fixture
def briefings_dir(tmp_path: Path) -> Path:
    """Return a temporary briefings directory holding a copy of the seed briefing."""
    target = tmp_path / "briefings"
    target.mkdir()
    (target / SEED_BRIEFING.name).write_bytes(SEED_BRIEFING.read_bytes())
    return target


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """Return the URL of a fresh PostgreSQL database, dropped after the test."""
    url = create_postgres_database()
    yield url
    drop_postgres_database(url)
