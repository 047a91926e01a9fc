"""The README and the guides in docs/: every relative link and anchor resolves (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDES = sorted((ROOT / "docs").glob("*.md"))
DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *GUIDES]

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)(?:\s+#+)?\s*$")
CODE_SPAN = re.compile(r"`[^`]*`")
LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = ("http://", "https://", "mailto:")


def prose_lines(path: Path) -> list[str]:
    """Return the lines of a Markdown file outside fenced code blocks."""
    lines: list[str] = []
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """Return GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts as its text
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Return every heading anchor of a file; a repeated heading gets -1, -2, ... as on GitHub."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose_lines(path):
        if match := HEADING.match(line):
            base = slug(match.group(1))
            count = seen.get(base, 0)
            found.add(base if count == 0 else f"{base}-{count}")
            seen[base] = count + 1
    return found


def broken_links(path: Path) -> list[str]:
    """Return each relative link of a Markdown file whose file or heading does not exist."""
    problems: list[str] = []
    for line in prose_lines(path):
        for target in LINK.findall(CODE_SPAN.sub("", line)):
            if target.startswith(EXTERNAL):
                continue
            file_part, _, anchor = unquote(target).partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.is_file():
                problems.append(f"{path.name}: {target}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                problems.append(f"{path.name}: {target}: no such heading in {linked.name}")
    return problems


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_relative_link_and_anchor_resolves(path: Path) -> None:
    assert broken_links(path) == []


def test_readme_is_short_and_keeps_the_quick_start() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    assert "make run" in readme
    assert "make test" in readme


def test_the_readme_links_every_guide() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(GUIDES) >= 7
    assert [guide.name for guide in GUIDES if f"](docs/{guide.name})" not in readme] == []


def test_slugs_follow_github() -> None:
    assert slug("Running briefbot yourself (Docker)") == "running-briefbot-yourself-docker"
    assert slug("`briefbot ingest`") == "briefbot-ingest"
    assert slug("Fan-out: 10,000 channels") == "fan-out-10000-channels"


def test_the_checker_reports_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("# B\n\n## Settings\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(
        "# A\n\n[here](#a) [b](b.md#settings) [web](https://example.com/x.md#y) `[code](x.md)`\n"
        "[gone](c.md) [anchor](b.md#nowhere) [fenced](#not-a-heading)\n"
        "```sh\n# not a heading\n[in code](d.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(tmp_path / "a.md") == [
        "a.md: c.md: no such file",
        "a.md: b.md#nowhere: no such heading in b.md",
        "a.md: #not-a-heading: no such heading in a.md",
    ]
