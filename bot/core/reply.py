"""The neutral reply: what a command answers, as structured spans that each platform renders.

Core code never builds Markdown or Block Kit. It returns a :class:`Reply`; the console, Discord
and Slack renderers own escaping, mention-neutralising and their platform limits, and all of
them page through :func:`paginate` so a long answer becomes several pages instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Style = Literal["plain", "bold", "italic", "code"]
Status = Literal["ok", "empty", "not_found", "usage", "forbidden", "error"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style, optionally a link."""

    text: str
    style: Style = "plain"
    url: str | None = None


Line = tuple[Span, ...]


def plain(text: str) -> Line:
    """Return a line made of one plain span."""
    return (Span(text),)


@dataclass(frozen=True, slots=True)
class Field:
    """A short name/value pair (a figure, a date, a count)."""

    name: str
    value: Line
    inline: bool = True


@dataclass(frozen=True, slots=True)
class Section:
    """One item of a reply: a quote, a figure, a story, a help entry.

    ``quote`` lines are rendered as a block quote (the words someone said); ``lines`` are
    ordinary paragraphs; ``note`` lines are small print (source sentence, dates, links).
    """

    heading: Line = ()
    quote: tuple[Line, ...] = ()
    lines: tuple[Line, ...] = ()
    fields: tuple[Field, ...] = ()
    note: tuple[Line, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """A link shown at the end of a reply."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Reply:
    """A platform-neutral answer to a command.

    ``command`` is the normalised command line that produced the reply, so platform paging
    buttons can re-run it statelessly; ``page``/``pages`` are set by :func:`paginate`.
    """

    title: str
    sections: tuple[Section, ...] = ()
    intro: tuple[Line, ...] = ()
    links: tuple[Link, ...] = ()
    footer: str | None = None
    status: Status = "ok"
    ephemeral: bool = False
    command: str | None = None
    page: int = 1
    pages: int = 1
    error_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Return True when the command succeeded (possibly with nothing to show)."""
        return self.status in ("ok", "empty")


def line_text(line: Line) -> str:
    """Return the plain text of a line (for measuring and for the console)."""
    return "".join(span.text for span in line)


def section_size(section: Section) -> int:
    """Return a renderer-independent estimate of a section's size in characters."""
    lines = (section.heading, *section.quote, *section.lines, *section.note)
    size = sum(len(line_text(line)) + 1 for line in lines)
    size += sum(len(f.name) + len(line_text(f.value)) + 2 for f in section.fields)
    for line in lines:
        size += sum(len(span.url) + 4 for span in line if span.url)
    return size


def paginate(reply: Reply, *, max_sections: int, max_chars: int) -> list[Reply]:
    """Split a reply into pages of at most ``max_sections`` sections and about ``max_chars``.

    The intro goes on the first page only. A single section larger than the budget gets a
    page of its own; the renderer truncates it to its hard limits.
    """
    if max_sections < 1 or max_chars < 1:
        raise ValueError("page budget must be positive")
    intro_size = sum(len(line_text(line)) + 1 for line in reply.intro)
    pages: list[list[Section]] = [[]]
    used = intro_size
    for section in reply.sections:
        size = section_size(section)
        current = pages[-1]
        if current and (len(current) >= max_sections or used + size > max_chars):
            pages.append([])
            used = 0
        pages[-1].append(section)
        used += size
    total = len(pages)
    return [
        replace(
            reply,
            sections=tuple(sections),
            intro=reply.intro if number == 1 else (),
            page=number,
            pages=total,
        )
        for number, sections in enumerate(pages, start=1)
    ]


def select_page(pages: list[Reply], page: int) -> Reply:
    """Return page ``page`` (1-based), clamped into range so stale buttons still answer."""
    return pages[min(max(page, 1), len(pages)) - 1]


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Return text cut to at most ``limit`` characters, ending with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return text[:limit]
    return text[: limit - len(ellipsis)].rstrip() + ellipsis
