"""The dependency rule: the core imports no platform SDK, scheduler, SQL or HTTP client."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

FORBIDDEN_IN_CORE = (
    "discord",
    "slack_bolt",
    "slack_sdk",
    "apscheduler",
    "sqlalchemy",
    "aiohttp",
    "httpx",
    "requests",
    "prometheus_client",
    "bot.adapters",
    "bot.scheduling",
    "bot.ingest",
    "bot.app",
)
ADAPTER_SDKS = {"discord": ("slack_bolt", "slack_sdk"), "slack": ("discord",)}


def imported_modules(path: Path) -> set[str]:
    """Return the absolute module names a Python file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def offenders(folder: Path, forbidden: tuple[str, ...]) -> list[str]:
    """Return 'file: module' for every forbidden import below folder."""
    bad = []
    for path in sorted(folder.rglob("*.py")):
        for module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(REPO)}: {module}")
    return bad


def test_core_imports_no_platform_scheduler_sql_or_http() -> None:
    """bot/core stays platform-neutral."""
    assert offenders(REPO / "bot" / "core", FORBIDDEN_IN_CORE) == []


def test_adapters_do_not_import_each_other_or_other_sdks() -> None:
    """The Discord adapter never imports Slack's SDK and vice versa."""
    for name, forbidden in ADAPTER_SDKS.items():
        folder = REPO / "bot" / "adapters" / name
        if folder.exists():
            other = "slack" if name == "discord" else "discord"
            assert offenders(folder, (*forbidden, f"bot.adapters.{other}")) == []
