"""Fixtures shared by every test package: the repository paths and the seed briefing."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BRIEFINGS = REPO / "briefings"
SEED_BRIEFING = BRIEFINGS / "north-korean-troops-kursk.yaml"


@pytest.fixture
def briefings_dir(tmp_path: Path) -> Path:
    """Return a temporary briefings directory holding a copy of the seed briefing."""
    target = tmp_path / "briefings"
    target.mkdir()
    (target / SEED_BRIEFING.name).write_bytes(SEED_BRIEFING.read_bytes())
    return target
