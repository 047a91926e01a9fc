"""Reading sources: text, Markdown and HTML files, web pages and RSS/Atom feeds into articles."""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import feedparser
import yaml

from bot.errors import IngestError
from bot.ingest.fetch import FEED_TYPES, HTML_TYPES, TEXT_TYPES, Fetcher, decode_body
from bot.ingest.html import extract_page

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# A first line longer than this, or ending like a sentence, is the story's opening, not a title.
MAX_TITLE_CHARS = 150
# Prose is mostly letters; binary junk or a wrongly decoded file is not.
MIN_LETTER_SHARE = 0.5
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_MD_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])"), r"\1"),  # italic
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"<!--.*?-->", re.S), ""),  # comments
)
_MD_LINE_PREFIX = re.compile(r"^(?:[ \t]*(?:>[ \t]?)+|[ \t]*(?:[-*+]|\d+[.)])[ \t]+|#{1,6}[ \t]+)")


@dataclass(frozen=True, slots=True)
class Article:
    """Plain article text and what is known about it, ready for extraction."""

    text: str
    origin: str
    title: str | None = None
    published: datetime | date | None = None
    source_name: str | None = None
    url: str | None = None
    topics: tuple[str, ...] = ()
    briefing_id: str | None = None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of an RSS or Atom feed."""

    key: str
    link: str | None
    title: str | None
    published: datetime | None
    content_html: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    """A fetched feed: its entries (newest first) and the validators for the next poll."""

    url: str
    title: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def read_file(path: Path, *, max_bytes: int) -> Article:
    """Read a text, Markdown or HTML file as an article; raise IngestError if it cannot be."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(f"{path}: not a file")
        if size > max_bytes:
            raise IngestError(f"{path}: {size} bytes is more than the limit {max_bytes}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from None
    is_html = path.suffix.lower() in HTML_SUFFIXES
    text = decode_body(data, None, html=is_html)
    if is_html:
        return article_from_html(text, origin=str(path))
    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
    return article_from_text(text, origin=str(path), default_published=mtime)


def article_from_html(html: str, *, origin: str, url: str | None = None, **known: Any) -> Article:
    """Return the article in an HTML page; metadata passed in ``known`` wins over the page's."""
    page = extract_page(html, url=url)
    _check_readable(page.text, origin)
    return Article(
        text=page.text,
        origin=origin,
        title=known.get("title") or page.title,
        published=known.get("published") or page.published,
        source_name=known.get("source_name") or page.sitename,
        url=known.get("url") or page.url,
        topics=tuple(known.get("topics") or ()),
    )


def article_from_text(
    text: str, *, origin: str, default_published: date | datetime | None = None
) -> Article:
    """Return the article in plain text or Markdown, with optional YAML front matter."""
    meta, body = _split_front_matter(text, origin)
    body = _markdown_to_text(body)
    title = _text_meta(meta, "title")
    if title is None:
        title, body = _leading_title(body)
    if not body.strip():
        raise IngestError(f"{origin}: no article text")
    _check_readable(body, origin)
    return Article(
        text=body,
        origin=origin,
        title=title,
        published=_published_meta(meta, origin) or default_published,
        source_name=_text_meta(meta, "source"),
        url=_text_meta(meta, "url"),
        topics=_topics_meta(meta),
        briefing_id=_text_meta(meta, "id"),
    )


async def read_url(fetcher: Fetcher, url: str) -> Article:
    """Fetch a web page (HTML or plain text) as an article."""
    result = await fetcher.fetch(url, accept=HTML_TYPES | TEXT_TYPES | FEED_TYPES)
    if result.is_feed:
        raise IngestError(f"{url} is a feed; ingest it with --feed {url}")
    if result.is_html:
        return article_from_html(result.text(), origin=url, url=result.url)
    article = article_from_text(result.text(), origin=url)
    return Article(**{**_fields(article), "url": article.url or result.url})


async def read_feed(
    fetcher: Fetcher, url: str, *, etag: str | None = None, last_modified: str | None = None
) -> Feed:
    """Fetch and parse a feed; a 304 answer gives a Feed with ``not_modified`` set."""
    result = await fetcher.fetch(url, accept=FEED_TYPES, etag=etag, last_modified=last_modified)
    if result.not_modified:
        return Feed(url, None, [], etag, last_modified, not_modified=True)
    feed = parse_feed(result.body, result.url)
    return Feed(url, feed.title, feed.entries, result.etag or None, result.last_modified or None)


def parse_feed(body: bytes, url: str) -> Feed:
    """Parse RSS or Atom bytes (never fetching anything) into a Feed, newest entry first."""
    # A file object, not bytes or str: feedparser treats strings as URLs or paths to open.
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "not an RSS or Atom document"
        raise IngestError(f"{url}: not a readable feed ({reason})")
    entries = [entry for raw in parsed.entries if (entry := _entry(raw)) is not None]
    entries.sort(key=lambda e: e.published or datetime.min.replace(tzinfo=UTC), reverse=True)
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return Feed(url, title or None, entries)


def _entry(raw: Mapping[str, Any]) -> FeedEntry | None:
    link = raw.get("link") or None
    key = raw.get("id") or link or raw.get("title")
    if not key:
        return None
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp is not None else None
    content = raw.get("content") or []
    html = content[0].get("value") if content else raw.get("summary")
    return FeedEntry(str(key), link, raw.get("title") or None, published, html or None)


def entry_article(entry: FeedEntry, *, feed_title: str | None, origin: str) -> Article:
    """Return an article from a feed entry's own content (used when its link cannot be read)."""
    if not entry.content_html:
        raise IngestError(f"{origin}: the feed entry has no text")
    return article_from_html(
        entry.content_html,
        origin=origin,
        url=entry.link,
        title=entry.title,
        published=entry.published,
        source_name=feed_title,
    )


def _check_readable(text: str, origin: str) -> None:
    """Refuse binary junk or mis-decoded bytes instead of making a briefing of them."""
    visible = [c for c in text if not c.isspace()]
    letters = sum(c.isalpha() for c in visible)
    if not visible or letters < MIN_LETTER_SHARE * len(visible):
        raise IngestError(f"{origin}: no article text (the content is not readable prose)")


def _fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in Article.__slots__}


def _split_front_matter(text: str, origin: str) -> tuple[dict[str, Any], str]:
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise IngestError(f"{origin}: the front matter is not valid YAML ({exc})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise IngestError(f"{origin}: the front matter must be a mapping (title: ..., url: ...)")
    return meta, text[match.end() :]


def _markdown_to_text(body: str) -> str:
    """Return Markdown as plain lines; headings keep a "# " marker for title detection."""
    out: list[str] = []
    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if line.lstrip().startswith("```"):
            continue
        if _SETEXT.match(line):
            # An underline makes the line above a heading; alone it is a rule, dropped.
            if out and out[-1] and not out[-1].startswith("# "):
                out[-1] = "# " + out[-1]
            continue
        heading = _HEADING.match(line)
        if heading:
            out.append("# " + heading.group(1))
            continue
        for pattern, repl in _MD_INLINE:
            line = pattern.sub(repl, line)
        out.append(_MD_LINE_PREFIX.sub("", line).strip())
    return "\n".join(out).strip()


def _leading_title(body: str) -> tuple[str | None, str]:
    """Split off the first line as the title when it is a heading or reads like a headline."""
    lines = body.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, ""
    line = lines[first].strip()
    cleaned = "\n".join(_unmark_heading(ln) for ln in lines[first + 1 :]).strip()
    if line.startswith("# "):
        return line[2:].strip(), cleaned
    looks_like_headline = len(line) <= MAX_TITLE_CHARS and not line.endswith(
        (".", ",", ";", ":", '"', "\u201d")
    )
    if looks_like_headline and cleaned:
        return line, cleaned
    return None, "\n".join(_unmark_heading(ln) for ln in lines).strip()


def _unmark_heading(line: str) -> str:
    return line[2:] if line.startswith("# ") else line


def _text_meta(meta: Mapping[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, Mapping):
        value = value.get("name")
    text = str(value).strip()
    return text or None


def _published_meta(meta: Mapping[str, Any], origin: str) -> datetime | date | None:
    value = meta.get("published", meta.get("date"))
    if value is None or isinstance(value, datetime | date):
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise IngestError(f"{origin}: front matter date {value!r} is not an ISO date") from None
    if len(str(value).strip()) == 10:
        return parsed.date()
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _topics_meta(meta: Mapping[str, Any]) -> tuple[str, ...]:
    value = meta.get("topics", meta.get("tags"))
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(str(t).strip() for t in value if str(t).strip())
