"""The layer table and the dependency rules of bot/, read from every import statement (AST).

| layer            | may import (inside bot/)                         | third party           |
|------------------|--------------------------------------------------|-----------------------|
| bot.core         | bot.core, bot.errors, bot.log, bot.settings      | no SDK, SQL, HTTP     |
| bot.adapters.X   | bot.core, bot.adapters.X, errors, log, settings  | X's SDK only          |
| bot.db           | bot.db                                           | SQLAlchemy, Alembic   |
| bot.app          | every part: it is the only module wiring them    |                       |

Imports inside functions count as much as those at the top: a lazy import is still a
dependency. No two modules of bot/ may import each other, directly or in a loop.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

from tests.conftest import REPO

BOT = REPO / "bot"
FORBIDDEN_IN_CORE = (
    "discord",
    "slack_bolt",
    "slack_sdk",
    "apscheduler",
    "sqlalchemy",
    "alembic",
    "aiohttp",
    "httpx",
    "requests",
    "prometheus_client",
    "bot.adapters",
    "bot.scheduling",
    "bot.ingest",
    "bot.db",
    "bot.http",
    "bot.cli",
    "bot.app",
)
SHARED = ("bot.core", "bot.errors", "bot.log", "bot.settings")
# Each adapter's SDK (aiohttp is the transport both SDKs are built on; the Slack installation
# store writes the table bot.db declares and app.py hands it).
ADAPTER_SDKS: dict[str, frozenset[str]] = {
    "console": frozenset(),
    "discord": frozenset({"discord", "aiohttp", "yarl"}),
    "slack": frozenset({"slack_bolt", "slack_sdk", "aiohttp", "sqlalchemy"}),
}
# The parts of the bot; only app.py may know all of them.
PARTS = ("bot.adapters", "bot.scheduling", "bot.ingest", "bot.http", "bot.db")


def module_name(path: Path) -> str:
    """Return the dotted module name of a file below the repository."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Return every module of bot/ by dotted name."""
    return {module_name(path): path for path in sorted(BOT.rglob("*.py"))}


@cache
def imported_modules(path: Path) -> frozenset[str]:
    """Return every module a file imports, anywhere in it (relative imports resolved)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    known = modules()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            # `from bot.x import y` imports the module bot.x.y when there is one.
            found.update(f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in known)
    return frozenset(found)


def within(module: str, prefixes: tuple[str, ...] | frozenset[str]) -> bool:
    """Return True if module is one of prefixes or below one of them."""
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def offenders(folder: Path, forbidden: tuple[str, ...]) -> list[str]:
    """Return 'file: module' for every forbidden import below folder."""
    return [
        f"{path.relative_to(REPO)}: {module}"
        for path in sorted(folder.rglob("*.py"))
        for module in sorted(imported_modules(path))
        if within(module, forbidden)
    ]


def test_core_imports_no_platform_scheduler_sql_or_http() -> None:
    """bot/core stays platform-neutral: no SDK, scheduler, database, HTTP client or feature."""
    assert offenders(BOT / "core", FORBIDDEN_IN_CORE) == []


def test_adapters_import_core_and_their_own_sdk_only() -> None:
    """An adapter knows the core and its platform's SDK; never another adapter or a feature."""
    stdlib = sys.stdlib_module_names
    bad = []
    for name, sdk in ADAPTER_SDKS.items():
        own = f"bot.adapters.{name}"
        paths = [BOT / "adapters" / f"{name}.py", *sorted((BOT / "adapters" / name).rglob("*.py"))]
        for path in (p for p in paths if p.exists()):
            for module in sorted(imported_modules(path)):
                top = module.split(".")[0]
                if top == "bot":
                    ok = within(module, (*SHARED, own))
                else:
                    ok = top in stdlib or top == "__future__" or top in sdk
                if not ok:
                    bad.append(f"{path.relative_to(REPO)}: {module}")
    assert bad == []


def test_database_imports_no_feature() -> None:
    """bot/db belongs to no feature: it imports nothing else of bot/."""
    bad = [
        f"{path.relative_to(REPO)}: {module}"
        for path in sorted((BOT / "db").rglob("*.py"))
        for module in sorted(imported_modules(path))
        if module.split(".")[0] == "bot" and not within(module, ("bot.db",))
    ]
    assert bad == []


def test_only_app_knows_every_part() -> None:
    """app.py wires adapters, scheduling, ingest, HTTP and the database; no other module does."""
    knows_all = []
    for name, path in modules().items():
        own = {part for part in PARTS if within(name, (part,))}
        known = {part for part in PARTS if any(within(m, (part,)) for m in imported_modules(path))}
        if known | own == set(PARTS):
            knows_all.append(name)
    assert knows_all == ["bot.app"]


def import_cycles() -> list[list[str]]:
    """Return the groups of bot/ modules that import each other (strongly connected, > 1)."""
    graph = {
        name: sorted(m for m in imported_modules(path) if m in modules() and m != name)
        for name, path in modules().items()
    }
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            group = [stack.pop()]
            while group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append(sorted(group))

    for name in graph:
        if name not in order:
            visit(name)
    return sorted(cycles)


def test_no_import_cycles_between_modules() -> None:
    """No module of bot/ imports itself back through others (lazy imports included)."""
    assert import_cycles() == []
