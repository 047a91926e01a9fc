"""Block Kit rendering: a neutral Reply becomes a Slack message body, within every Slack limit.

Pure functions, no network: ``briefbot ask --platform slack --json`` prints exactly what the
bot would send. All text from briefings is mrkdwn-escaped (``&``, ``<``, ``>``), which also
turns ``<!channel>``, ``<!here>``, ``<!everyone>`` and ``<@U…>`` into harmless text; we never
set ``link_names``. Long replies are paged with :func:`bot.core.reply.paginate`, and the page
buttons carry the reply's command line, so they still work after a restart.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block

from bot.core.reply import Line, Reply, Section, Span, paginate, select_page, truncate

# Slack's documented limits (https://docs.slack.dev/reference/block-kit/blocks).
MAX_BLOCKS = 50
SECTION_TEXT = 3000
HEADER_TEXT = 150
MAX_FIELDS = 10
FIELD_TEXT = 2000
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2000  # Slack allows 3000 per element; small print never needs that much
BUTTON_VALUE = 2000
BUTTON_TEXT = 75
ACTION_ID = 255
FALLBACK_TEXT = 3000

# Page budget: a screenful that keeps a message far below the block limit.
PAGE_SECTIONS = 8
PAGE_CHARS = 6000

PAGE_ACTION_PREFIX = "briefbot_page"
BlockDict = dict[str, Any]


def escape(text: str) -> str:
    """Return text safe for mrkdwn: ``&``, ``<`` and ``>`` escaped, so no mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_fit(text: str, limit: int) -> str:
    """Return ``text`` escaped and cut so the escaped form is at most ``limit`` characters.

    Cutting happens on the raw text, so an entity such as ``&amp;`` is never split.
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    if limit <= 0:
        return ""
    budget = limit - 1  # room for the ellipsis
    low, high = 0, min(len(text), budget)  # escaping never shortens, so n <= budget
    while low < high:  # the longest raw prefix whose escaped form fits
        middle = (low + high + 1) // 2
        if len(escape(text[:middle])) <= budget:
            low = middle
        else:
            high = middle - 1
    return escape(text[:low]).rstrip() + "…"


def _safe_url(url: str) -> str | None:
    if not url.startswith(("https://", "http://")):
        return None
    # '|' and '>' would end the link early; '<' and spaces are not valid in a URL anyway.
    return (
        url.replace("&", "&amp;")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace("|", "%7C")
        .replace(" ", "%20")
    )


def _styled(text: str, style: str) -> str:
    marker = {"bold": "*", "italic": "_", "code": "`"}.get(style)
    core = text.strip()
    if marker is None or not core or "\n" in core:
        return text
    # mrkdwn only styles a run whose markers touch the words, so keep the spaces outside.
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def render_span(span: Span) -> str:
    """Return one span as mrkdwn: escaped, styled, linked when it has a safe URL."""
    styled = _styled(escape(span.text), span.style)
    url = _safe_url(span.url) if span.url else None
    if url is None or not span.text.strip():
        return styled
    return f"<{url}|{styled}>"


def render_line(line: Line) -> str:
    """Return a line of spans as mrkdwn."""
    return "".join(render_span(span) for span in line)


def plain_line(line: Line) -> str:
    """Return a line as plain text (no markup, no escaping), for plain_text objects."""
    return "".join(span.text for span in line)


def _fit_lines(lines: list[tuple[Line, str]], limit: int) -> str:
    """Join rendered lines (each with a prefix) so the text stays within ``limit``.

    A line that does not fit is re-rendered as plain escaped text and cut, so truncation
    never leaves half a link or an unclosed style marker.
    """
    out: list[str] = []
    used = 0
    for line, prefix in lines:
        rendered = prefix + render_line(line)
        extra = len(rendered) + (1 if out else 0)
        if used + extra <= limit:
            out.append(rendered)
            used += extra
            continue
        room = limit - used - (1 if out else 0) - len(prefix)
        if room > 1:
            out.append(prefix + escape_fit(plain_line(line), room))
        break
    return "\n".join(out)


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section_blocks(section: Section) -> list[BlockDict]:
    blocks: list[BlockDict] = []
    lines: list[tuple[Line, str]] = []
    if section.heading:
        lines.append((section.heading, ""))
    lines.extend((line, ">") for line in section.quote)
    lines.extend((line, "") for line in section.lines)
    text = _fit_lines(lines, SECTION_TEXT)
    if text.strip():
        blocks.append({"type": "section", "text": _mrkdwn(text)})
    rendered = (
        _fit_lines([((Span(f.name, "bold"),), ""), (f.value, "")], FIELD_TEXT)
        for f in section.fields
    )
    fields = [_mrkdwn(text) for text in rendered if text.strip()]
    for start in range(0, len(fields), MAX_FIELDS):
        blocks.append({"type": "section", "fields": fields[start : start + MAX_FIELDS]})
    notes = _context_elements(list(section.note))
    if notes:
        blocks.append({"type": "context", "elements": notes})
    return blocks


def _context_elements(lines: list[Line]) -> list[dict[str, Any]]:
    if len(lines) > CONTEXT_ELEMENTS:
        # Keep the element count legal by merging the overflow into the last element.
        head, tail = lines[: CONTEXT_ELEMENTS - 1], lines[CONTEXT_ELEMENTS - 1 :]
        merged = _fit_lines([(line, "") for line in tail], CONTEXT_TEXT)
        rendered = [_fit_lines([(line, "")], CONTEXT_TEXT) for line in head] + [merged]
    else:
        rendered = [_fit_lines([(line, "")], CONTEXT_TEXT) for line in lines]
    return [_mrkdwn(text) for text in rendered if text.strip()]


def page_value(command: str, page: int) -> str:
    """Return a page button's value: the command line and the page, as compact JSON."""
    return json.dumps({"c": command, "p": page}, separators=(",", ":"), ensure_ascii=False)


def parse_page_value(value: str) -> tuple[str, int]:
    """Return (command line, page) from a page button's value; raise ValueError if malformed."""
    data = json.loads(value)
    if not isinstance(data, dict):
        raise ValueError("page value is not an object")
    command, page = data.get("c"), data.get("p")
    if not isinstance(command, str) or not isinstance(page, int) or isinstance(page, bool):
        raise ValueError("page value lacks a command or a page")
    return command, page


def _nav_blocks(reply: Reply) -> list[BlockDict]:
    if reply.pages <= 1:
        return []
    label = f"Page {reply.page} of {reply.pages}"
    buttons: list[dict[str, Any]] = []
    if reply.command:
        for page, text, name in (
            (reply.page - 1, "◀ Previous", "prev"),
            (reply.page + 1, "Next ▶", "next"),
        ):
            value = page_value(reply.command, page)
            if 1 <= page <= reply.pages and len(value) <= BUTTON_VALUE:
                buttons.append(
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": text, "emoji": True},
                        "action_id": f"{PAGE_ACTION_PREFIX}_{name}",
                        "value": value,
                    }
                )
    blocks: list[BlockDict] = [{"type": "context", "elements": [_mrkdwn(label)]}]
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return blocks


def _fallback_text(reply: Reply) -> str:
    parts = [reply.title.strip() or "briefbot"]
    if reply.intro:
        parts.append(plain_line(reply.intro[0]))
    if reply.pages > 1:
        parts.append(f"(page {reply.page} of {reply.pages})")
    return escape_fit(" · ".join(parts), FALLBACK_TEXT)


def render_page(reply: Reply) -> dict[str, Any]:
    """Return the message body (``text`` + ``blocks``) for one page of a reply."""
    head: list[BlockDict] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": truncate(reply.title.strip() or "briefbot", HEADER_TEXT),
                "emoji": False,
            },
        }
    ]
    if reply.intro:
        text = _fit_lines([(line, "") for line in reply.intro], SECTION_TEXT)
        if text.strip():
            head.append({"type": "section", "text": _mrkdwn(text)})
    links: list[Line] = [(Span(link.label, url=link.url),) for link in reply.links]
    small: list[Line] = [(Span(reply.footer),)] if reply.footer else []
    if reply.error_id:
        small.append((Span(f"Error id: {reply.error_id}"),))
    tail: list[BlockDict] = [
        {"type": "context", "elements": elements}
        for elements in (_context_elements(links), _context_elements(small))
        if elements
    ]
    tail.extend(_nav_blocks(reply))
    body: list[BlockDict] = []
    room = MAX_BLOCKS - len(head) - len(tail)
    for n, section in enumerate(reply.sections):
        blocks = _section_blocks(section)
        if n:
            blocks.insert(0, {"type": "divider"})
        if len(body) + len(blocks) > room - 1:
            left = len(reply.sections) - n
            note = f"… {left} more not shown (the reply is too long for one message)."
            body.append({"type": "context", "elements": [_mrkdwn(escape(note))]})
            break
        body.extend(blocks)
    return {"text": _fallback_text(reply), "blocks": [*head, *body, *tail]}


def paginate_reply(reply: Reply) -> list[Reply]:
    """Return the reply split into Slack-sized pages."""
    return paginate(reply, max_sections=PAGE_SECTIONS, max_chars=PAGE_CHARS)


def render_reply(reply: Reply, page: int = 1) -> dict[str, Any]:
    """Return the message body for page ``page`` of a reply (clamped into range)."""
    return render_page(select_page(paginate_reply(reply), page))


def render_error(message: str, error_id: str | None = None) -> dict[str, Any]:
    """Return a short error message body, with the error id users can quote to us."""
    blocks: list[BlockDict] = [
        {"type": "section", "text": _mrkdwn(":warning: " + escape_fit(message, SECTION_TEXT - 10))}
    ]
    if error_id:
        blocks.append({"type": "context", "elements": [_mrkdwn(f"Error id: {escape(error_id)}")]})
    return {"text": escape_fit(message, FALLBACK_TEXT), "blocks": blocks}


def check_limits(body: dict[str, Any]) -> list[str]:
    """Return every Slack limit a message body breaks (empty when the body is valid).

    slack_sdk's models check most block limits; the rest (50 blocks, 2000 per field, JSON
    types of a plain dict payload) are checked here.
    """
    problems: list[str] = []
    text = body.get("text")
    if not isinstance(text, str) or not text:
        problems.append("text must be a non-empty string")
    elif len(text) > FALLBACK_TEXT:
        problems.append(f"text is {len(text)} characters (max {FALLBACK_TEXT})")
    if "link_names" in body:
        problems.append("link_names must never be set")
    blocks = body.get("blocks", [])
    if not isinstance(blocks, list):
        return [*problems, "blocks must be a list"]
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"{len(blocks)} blocks (max {MAX_BLOCKS})")
    for n, block in enumerate(blocks):
        if not isinstance(block, dict):
            problems.append(f"blocks[{n}] is not an object")
            continue
        problems.extend(f"blocks[{n}]: {p}" for p in _check_block(block))
    return problems


def _check_block(block: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    try:
        parsed = Block.parse(block)
        if parsed is None:
            problems.append(f"unknown block type {block.get('type')!r}")
        else:
            parsed.validate_json()
    except Exception as exc:  # any parse failure is a limit violation to report
        problems.append(str(exc))
    for field in block.get("fields") or []:
        if len(field.get("text", "")) > FIELD_TEXT:
            problems.append(f"a field has {len(field['text'])} characters (max {FIELD_TEXT})")
    for element in block.get("elements") or []:
        if element.get("type") == "button":
            if len(element.get("value", "")) > BUTTON_VALUE:
                problems.append("button value too long")
            if len(element.get("action_id", "")) > ACTION_ID:
                problems.append("action_id too long")
        elif element.get("type") == "mrkdwn" and len(element.get("text", "")) > CONTEXT_TEXT:
            problems.append("context element too long")
    return problems
