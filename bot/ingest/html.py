"""Main text and metadata of an HTML page, with trafilatura (offline, nothing is executed)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import trafilatura

from bot.errors import IngestError

log = logging.getLogger(__name__)

# Pages with more elements than this are refused rather than parsed for minutes.
MAX_TREE_SIZE = 200_000
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_PARSER = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)


@dataclass(frozen=True, slots=True)
class Page:
    """The article in an HTML page: plain text (one paragraph a line) and what it says of itself."""

    text: str
    title: str | None = None
    published: datetime | date | None = None
    sitename: str | None = None
    url: str | None = None


def extract_page(html: str, *, url: str | None = None) -> Page:
    """Return the main text and metadata of an HTML page; raise IngestError if there is none."""
    tree = _parse(html)
    meta = _meta(tree)
    canonical = _absolute(url, meta.get("canonical")) or _absolute(url, meta.get("og:url"))
    document = _extract(tree, canonical or url, favor_precision=True)
    if document is None or not (document.text or "").strip():
        # Short pages fall under the precision threshold; a recall pass still finds their text.
        document = _extract(_parse(html), canonical or url, favor_precision=False)
    if document is None or not (document.text or "").strip():
        raise IngestError("no article text found in the page")
    title = _clean(meta.get("og:title")) or _clean(document.title) or _clean(meta.get("title"))
    text = _drop_leading_title(document.text, title)
    if not text:
        raise IngestError("no article text found in the page")
    published = _parse_datetime(meta.get("article:published_time")) or _parse_date(document.date)
    return Page(
        text=text,
        title=title,
        published=published,
        sitename=_clean(meta.get("og:site_name")) or _clean(document.sitename),
        url=canonical or _absolute(url, document.url) or url,
    )


def _parse(html: str) -> Any:
    if not html.strip():
        raise IngestError("the page is empty")
    try:
        # lxml refuses str input that declares an encoding; the text is already decoded.
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestError(f"the page is not readable HTML ({exc})") from None
    if tree is None:
        raise IngestError("the page is not readable HTML")
    if sum(1 for _ in tree.iter()) > MAX_TREE_SIZE:
        raise IngestError(f"the page has more than {MAX_TREE_SIZE} elements")
    return tree


def _extract(tree: Any, url: str | None, *, favor_precision: bool) -> Any:
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=False,
            favor_precision=favor_precision,
            favor_recall=not favor_precision,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:
        log.warning("trafilatura failed on %s: %s", url, exc)
        return None


def _meta(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta", "link", "title"):
        if element.tag == "title":
            found.setdefault("title", element.text_content())
        elif element.tag == "link":
            rels = (element.get("rel") or "").lower().split()
            if "canonical" in rels and element.get("href"):
                found.setdefault("canonical", element.get("href"))
        else:
            key = (element.get("property") or element.get("name") or "").strip().lower()
            content = element.get("content")
            if key and content:
                found.setdefault(key, content)
    return found


def _absolute(base: str | None, href: str | None) -> str | None:
    if not href:
        return None
    absolute = urljoin(base or "", href.strip())
    parts = urlsplit(absolute)
    return absolute if parts.scheme in ("http", "https") and parts.hostname else None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _drop_leading_title(text: str, title: str | None) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and title and " ".join(lines[0].split()).casefold() == title.casefold():
        lines = lines[1:]
    return "\n".join(lines)


def _parse_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
