"""Story identity: briefing ids from canonical URLs or content, and content fingerprints."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote_plus, urlsplit

import orjson

from bot.core.models import Briefing

# Leaves room in the 128-character slug for "-" and the hash suffix.
MAX_STEM = 80
HASH_CHARS = 8
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_WHITESPACE = re.compile(r"\s+")
# Index pages and file extensions add nothing to an id.
_NOISE_SEGMENTS = re.compile(r"(?:index|default)?\.(?:s?html?|php|aspx?|jsp)$")
# Query parameters that say how a reader arrived (campaign tags, click ids, share ids), never
# which article it is: one story shared with different tags must stay one briefing. Keys are
# compared case-insensitively; every ``utm_*`` key counts, whatever its suffix.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "gbraid",
        "wbraid",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "rb_clickid",
        "ref_src",
        "ref_url",
    }
)


def slugify(text: str, *, limit: int = MAX_STEM) -> str:
    """Return text as a lowercase ASCII slug of at most ``limit`` characters."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > limit:
        # Cut at a word boundary so ids stay readable.
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug.strip("-")


def short_hash(text: str, chars: int = HASH_CHARS) -> str:
    """Return the first ``chars`` hex digits of the SHA-256 of text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:chars]


def normalise_for_hash(text: str) -> str:
    """Return text folded so that whitespace, case and Unicode forms do not change its hash."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return _WHITESPACE.sub(" ", folded).strip()


def content_hash(text: str) -> str:
    """Return the fingerprint of an article's main text (same story text, same hash)."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()[:32]


def canonical_key(url: str) -> str:
    """Return the URL reduced to what identifies a story.

    Host without ``www.``, path without a trailing slash, and the query without tracking
    parameters (:data:`TRACKING_PARAMS`, ``utm_*``), its parameters sorted by name (parameters
    sharing a name keep their order). The fragment never counts.
    """
    parts = urlsplit(url.strip())
    query = "&".join(sorted(_kept_params(parts.query), key=_param_name))
    return _host_and_path(url) + (f"?{query}" if query else "")


def legacy_canonical_key(url: str) -> str:
    """Return the key briefbot used before tracking parameters were dropped (query verbatim).

    Stories ingested by earlier versions carry ids made from this key; lookups try it so such
    a story is found again instead of being written a second time under a new id.
    """
    parts = urlsplit(url.strip())
    return _host_and_path(url) + (f"?{parts.query}" if parts.query else "")


def is_tracking_param(name: str) -> bool:
    """Return whether a query parameter name only tracks the reader (``utm_source``, ``fbclid``)."""
    key = unquote_plus(name).strip().lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS


def _kept_params(query: str) -> list[str]:
    # Raw ``name=value`` pieces, left encoded as they came, so a key without tracking
    # parameters in sorted order is byte for byte the legacy key.
    return [p for p in query.split("&") if p and not is_tracking_param(p.split("=", 1)[0])]


def _param_name(piece: str) -> str:
    return unquote_plus(piece.split("=", 1)[0])


def _host_and_path(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}"


def id_from_url(url: str) -> str:
    """Return a stable briefing id for a canonical URL: slug of host and path plus a hash."""
    return _url_id(url, canonical_key(url))


def legacy_id_from_url(url: str) -> str:
    """Return the id an earlier briefbot gave this URL (hash of :func:`legacy_canonical_key`)."""
    return _url_id(url, legacy_canonical_key(url))


def _url_id(url: str, key: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if segments:
        segments[-1] = _NOISE_SEGMENTS.sub("", segments[-1]) or segments[-1]
    # The host keeps ids from different sites apart; the last path segments carry the headline.
    stem = slugify(" ".join([host, *segments[-3:]]))
    return _join(stem or "story", short_hash(key))


def id_from_content(title: str | None, text_hash: str) -> str:
    """Return a briefing id for a story without a URL: slug of its title plus its content hash."""
    stem = slugify(title or "", limit=60) or "story"
    return _join(stem, text_hash[:HASH_CHARS])


def _join(stem: str, digest: str) -> str:
    return f"{stem}-{digest}"


def briefing_fingerprint(briefing: Briefing) -> str:
    """Return a hash of the briefing's content, ignoring when it was last updated."""
    data = briefing.model_dump(mode="json", exclude={"updated"})
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()
