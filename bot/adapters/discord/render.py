"""Render neutral replies as Discord payloads: embeds, paging buttons, callback bodies.

Pure functions over plain dicts, without discord.py, so ``briefbot ask --platform discord
--json`` prints exactly what the bot sends. Everything here stays within Discord's limits
(content 2000, embed title 256, description 4096, 25 fields of 256/1024, footer 2048, 6000
characters across a message's embeds) and nothing rendered from data can ping anyone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Any

from bot.core.reply import Line, Reply, Section, Span, paginate, select_page, truncate

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
DESCRIPTION_RESERVE = 1000
EMBED_TOTAL_LIMIT = 6000
CUSTOM_ID_LIMIT = 100
CHOICE_LIMIT = 25
CHOICE_TEXT_LIMIT = 100

# Page budget: well under the description limit so headings, notes and links fit.
PAGE_SECTIONS = 8
PAGE_CHARS = 3000

EPHEMERAL = 1 << 6
CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED = 5
CALLBACK_UPDATE = 7
CALLBACK_AUTOCOMPLETE = 8

PAGE_PREFIX = "pg"
LONG_COMMAND_NOTE = "Long command: the page buttons work until the bot restarts."
NO_MENTIONS: dict[str, Any] = {"parse": []}

_COLOURS = {
    "ok": 0x2F6FB3,
    "empty": 0x8A8F98,
    "not_found": 0xD99A1E,
    "usage": 0xD99A1E,
    "forbidden": 0xC0392B,
    "error": 0xC0392B,
}
_ZWSP = "\u200b"
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
_TAG_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")
_MARKDOWN = re.compile(r"([\\*_~`|\[\]<>#])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+\.)(?=\s)", re.MULTILINE)


def neutralise_mentions(text: str) -> str:
    """Return text in which @everyone, @here and <@id>/<@&id>/<#id> cannot ping or link."""
    text = _MASS_MENTION.sub(lambda m: f"@{_ZWSP}{m.group(1)}", text)
    return _TAG_MENTION.sub(lambda m: f"<{m.group(1)}{_ZWSP}{m.group(2)}>", text)


def escape_text(text: str) -> str:
    """Return data text safe for Discord markdown: no formatting, no pings."""
    escaped = _MARKDOWN.sub(r"\\\1", neutralise_mentions(text))
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)


def _code(text: str) -> str:
    # Inline code cannot contain a backtick; a look-alike keeps the text readable.
    return "`" + neutralise_mentions(text).replace("`", "ˋ") + "`"


def _link_target(url: str) -> str:
    return url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")


def render_span(span: Span) -> str:
    """Return one span as Discord markdown."""
    if span.style == "code":
        text = _code(span.text)
    else:
        text = escape_text(span.text)
        if span.style == "bold":
            text = f"**{text}**"
        elif span.style == "italic":
            text = f"*{text}*"
    if span.url and span.url.startswith(("https://", "http://")):
        return f"[{text}]({_link_target(span.url)})"
    return text


def render_line(line: Line, limit: int | None = None) -> str:
    """Return a line as markdown, cutting span text (not markup) to fit ``limit``."""
    rendered = "".join(render_span(span) for span in line)
    if limit is None or len(rendered) <= limit:
        return rendered
    # Shrink the plain text until the markup fits, so bold/italic/link marks stay balanced.
    budget = sum(len(span.text) for span in line)
    while budget > 0:
        budget = max(0, budget - max(1, len(rendered) - limit))
        rendered = "".join(render_span(span) for span in _cut_spans(line, budget))
        if len(rendered) <= limit:
            return rendered
    return ""


def _cut_spans(line: Line, budget: int) -> Line:
    out: list[Span] = []
    for span in line:
        if budget <= 0:
            break
        if len(span.text) > budget:
            out.append(replace(span, text=truncate(span.text, budget)))
            break
        out.append(span)
        budget -= len(span.text)
    return tuple(out)


def _section_lines(section: Section) -> list[tuple[str, Line]]:
    lines: list[tuple[str, Line]] = []
    if section.heading:
        lines.append(("", section.heading))
    lines.extend(("> ", line) for line in section.quote)
    lines.extend(("", line) for line in section.lines)
    lines.extend(("-# ", line) for line in section.note)
    return lines


def _description(reply: Reply, overflow_fields: list[tuple[str, str]], limit: int) -> str:
    blocks: list[list[tuple[str, Line]]] = []
    if reply.intro:
        blocks.append([("", line) for line in reply.intro])
    blocks.extend(_section_lines(section) for section in reply.sections)
    if reply.links:
        blocks.append([("", (Span(link.label, url=link.url),)) for link in reply.links])
    out: list[str] = []
    used = 0
    for number, block in enumerate(blocks):
        for index, (prefix, line) in enumerate(block):
            separator = "\n\n" if number and index == 0 else ("\n" if out else "")
            room = limit - used - len(separator) - len(prefix)
            if room < 2:
                return "".join(out).rstrip()
            text = render_line(line, room)
            if not text:
                return "".join(out).rstrip()
            piece = f"{separator}{prefix}{text}"
            out.append(piece)
            used += len(piece)
    for name, value in overflow_fields:
        piece = f"\n{name}: {value}"
        if used + len(piece) > limit:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out)


def command_key(command: str) -> str:
    """Return the short stable digest that stands for a command line too long for a button."""
    return hashlib.sha256(command.encode("utf-8")).hexdigest()[:20]


def page_custom_id(command: str, page: int) -> str:
    """Return a button id that carries the command line and page (or a digest if too long)."""
    custom_id = f"{PAGE_PREFIX}:{page}:{command}"
    if len(custom_id) <= CUSTOM_ID_LIMIT:
        return custom_id
    return f"{PAGE_PREFIX}:{page}:#{command_key(command)}"


def parse_custom_id(custom_id: str) -> tuple[int, str, bool] | None:
    """Return (page, command line or digest, is_digest) from a paging button id, or None."""
    prefix, _, rest = custom_id.partition(":")
    page_text, _, command = rest.partition(":")
    if prefix != PAGE_PREFIX or not page_text.isdigit() or not command:
        return None
    if command.startswith("#"):
        return int(page_text), command[1:], True
    return int(page_text), command, False


def is_long_command(command: str | None) -> bool:
    """Return True when a command line does not fit in a button id (buttons use a digest)."""
    return command is not None and page_custom_id(command, 1).split(":", 2)[2].startswith("#")


def _footer(reply: Reply) -> str | None:
    parts = [reply.footer] if reply.footer else []
    if reply.pages > 1:
        parts.append(f"Page {reply.page}/{reply.pages}")
        if is_long_command(reply.command):
            parts.append(LONG_COMMAND_NOTE)
    if reply.error_id:
        parts.append(f"Error id {reply.error_id}")
    text = " · ".join(parts)
    return truncate(neutralise_mentions(text), FOOTER_LIMIT) if text else None


def render_embed(reply: Reply) -> dict[str, Any]:
    """Return one page of a reply as an embed within every embed limit."""
    title = truncate(escape_text(reply.title), TITLE_LIMIT)
    footer = _footer(reply)
    fields: list[dict[str, Any]] = []
    overflow: list[tuple[str, str]] = []
    # Fields may use what title and footer leave, minus a reserve for the description.
    budget = EMBED_TOTAL_LIMIT - len(title) - len(footer or "") - DESCRIPTION_RESERVE
    for section in reply.sections:
        for item in section.fields:
            name = truncate(escape_text(item.name), FIELD_NAME_LIMIT) or "\u200b"
            value = render_line(item.value, FIELD_VALUE_LIMIT) or "\u200b"
            size = len(name) + len(value)
            if len(fields) < FIELD_COUNT_LIMIT and size <= budget:
                fields.append({"name": name, "value": value, "inline": item.inline})
                budget -= size
            else:
                overflow.append((name, value))
    fixed = len(title) + len(footer or "") + sum(len(f["name"]) + len(f["value"]) for f in fields)
    room = min(DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT - fixed)
    embed: dict[str, Any] = {"title": title, "color": _COLOURS.get(reply.status, 0x2F6FB3)}
    description = _description(reply, overflow, room)
    if description:
        embed["description"] = description
    if fields:
        embed["fields"] = fields
    if footer:
        embed["footer"] = {"text": footer}
    return embed


def paging_components(reply: Reply) -> list[dict[str, Any]]:
    """Return the previous/next buttons of a paged reply (none for a single page)."""
    if reply.pages <= 1 or not reply.command:
        return []
    buttons = [
        {
            "type": 2,
            "style": 2,
            "label": "◀ Previous",
            "custom_id": page_custom_id(reply.command, reply.page - 1),
            "disabled": reply.page <= 1,
        },
        {
            "type": 2,
            "style": 2,
            "label": "Next ▶",
            "custom_id": page_custom_id(reply.command, reply.page + 1),
            "disabled": reply.page >= reply.pages,
        },
    ]
    return [{"type": 1, "components": buttons}]


def paginate_reply(reply: Reply) -> list[Reply]:
    """Split a reply into the pages Discord shows one at a time."""
    return paginate(reply, max_sections=PAGE_SECTIONS, max_chars=PAGE_CHARS)


def render_message(reply: Reply, page: int = 1) -> dict[str, Any]:
    """Return the message data (embeds, buttons, no pings) for one page of a reply."""
    shown = select_page(paginate_reply(reply), page) if reply.pages == 1 else reply
    data: dict[str, Any] = {
        "embeds": [render_embed(shown)],
        "allowed_mentions": dict(NO_MENTIONS),
    }
    components = paging_components(shown)
    data["components"] = components
    if shown.ephemeral:
        data["flags"] = EPHEMERAL
    return data


def render_callback(reply: Reply, page: int = 1) -> dict[str, Any]:
    """Return the interaction callback body that answers a command with a reply."""
    return {"type": CALLBACK_MESSAGE, "data": render_message(reply, page)}


def render_page_update(reply: Reply, page: int) -> dict[str, Any]:
    """Return the callback body that turns a paged message to another page."""
    data = render_message(reply, page)
    data.pop("flags", None)
    return {"type": CALLBACK_UPDATE, "data": data}


def render_error_text(message: str, error_id: str | None = None) -> str:
    """Return the short text of an error shown to one user."""
    suffix = f" (error id {error_id})" if error_id and error_id not in message else ""
    return truncate(escape_text(f"⚠ {message}{suffix}"), CONTENT_LIMIT)


def render_error(message: str, error_id: str | None = None) -> dict[str, Any]:
    """Return message data for an ephemeral error notice."""
    return {
        "content": render_error_text(message, error_id),
        "allowed_mentions": dict(NO_MENTIONS),
        "flags": EPHEMERAL,
    }


def render_error_callback(message: str, error_id: str | None = None) -> dict[str, Any]:
    """Return the callback body answering an interaction with an ephemeral error."""
    return {"type": CALLBACK_MESSAGE, "data": render_error(message, error_id)}


def render_choices(choices: list[tuple[str, str]]) -> dict[str, Any]:
    """Return the autocomplete callback body for (label, value) pairs (at most 25)."""
    rendered = []
    seen: set[str] = set()
    for label, value in choices:
        value = value[:CHOICE_TEXT_LIMIT]
        if not label or not value or value in seen:
            continue
        seen.add(value)
        rendered.append({"name": label[:CHOICE_TEXT_LIMIT], "value": value})
        if len(rendered) == CHOICE_LIMIT:
            break
    return {"type": CALLBACK_AUTOCOMPLETE, "data": {"choices": rendered}}


def render_post(reply: Reply, *, nonce: str | None = None) -> dict[str, Any]:
    """Return a channel message body for one page (digest posts; no buttons, no pings)."""
    body: dict[str, Any] = {
        "embeds": [render_embed(reply)],
        "allowed_mentions": dict(NO_MENTIONS),
    }
    if nonce is not None:
        body["nonce"] = nonce
        body["enforce_nonce"] = True
    return body
