"""Safe HTTP fetching: timeouts, a streamed size cap, checked redirects, no private addresses."""

from __future__ import annotations

import asyncio
import codecs
import re
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import aiohttp
import charset_normalizer
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from bot.errors import IngestError
from bot.ingest.addresses import AddressPolicy, AddressRefused, parse_ip_literal
from bot.settings import Settings

__all__ = ["AddressPolicy", "AddressRefused", "FetchResult", "Fetcher", "decode_body"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
PAGE_TYPES = HTML_TYPES | TEXT_TYPES | FEED_TYPES
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
USER_AGENT = "briefbot/0.1 (+https://github.com/briefbot; news briefing bot)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Single-byte charsets decode any bytes, so a mislabelled UTF-8 page would turn into mojibake.
_PERMISSIVE = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a URL answered, after redirects: body, media type and caching validators."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """Return whether the server answered 304 to a conditional request."""
        return self.status == 304

    @property
    def is_html(self) -> bool:
        """Return whether the body is an HTML page."""
        return self.content_type in HTML_TYPES

    @property
    def is_feed(self) -> bool:
        """Return whether the body is an RSS or Atom feed."""
        return self.content_type in FEED_TYPES

    def text(self) -> str:
        """Return the body decoded with the declared charset or a detected one."""
        return decode_body(self.body, self.charset, html=self.is_html)


class GuardedResolver(AbstractResolver):
    """Resolve host names and refuse the connection if any address is not allowed.

    Checking at connect time (not before the request) means a DNS answer that changes between
    a check and the connection cannot smuggle in a private address.
    """

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._inner = ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Return the addresses of host, all of them allowed, or raise AddressRefused."""
        results = await self._inner.resolve(host, port, family)
        for result in results:
            self._policy.check(host, result["host"])
        return results

    async def close(self) -> None:
        """Release the inner resolver."""
        await self._inner.close()


class Fetcher:
    """Fetches web pages and feeds safely; one per service, closed with :meth:`close`."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_bytes: int = 5_000_000,
        policy: AddressPolicy | None = None,
        max_redirects: int = MAX_REDIRECTS,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.policy = policy or AddressPolicy()
        self.max_redirects = max_redirects
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Fetcher:
        """Return a fetcher configured from the fetch_* settings."""
        return cls(
            timeout=settings.fetch_timeout_seconds,
            max_bytes=settings.fetch_max_bytes,
            policy=AddressPolicy(
                allow_private=settings.fetch_allow_private,
                allow_networks=settings.fetch_allow_networks,
            ),
        )

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(resolver=GuardedResolver(self.policy)),
                headers={"User-Agent": USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),
                # Proxies from the environment would bypass the address checks.
                trust_env=False,
            )
        return self._session

    async def close(self) -> None:
        """Close the HTTP client."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(
        self,
        url: str,
        *,
        accept: frozenset[str] = PAGE_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """Fetch url (following at most five checked redirects); raise IngestError on failure."""
        try:
            async with asyncio.timeout(self.timeout):
                return await self._fetch(url, accept, etag, last_modified)
        except TimeoutError:
            raise IngestError(f"{url}: no complete answer within {self.timeout:g} s") from None
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.os_error, AddressRefused):
                raise IngestError(str(exc.os_error)) from None
            raise IngestError(f"{url}: cannot connect ({exc.os_error.strerror or exc})") from None
        except aiohttp.ClientError as exc:
            # aiohttp quotes the offending bytes, which a hostile server can make megabytes long.
            detail = str(exc) if len(str(exc)) <= 300 else str(exc)[:300] + "..."
            raise IngestError(f"{url}: {type(exc).__name__}: {detail}") from None

    async def _fetch(
        self, url: str, accept: frozenset[str], etag: str | None, last_modified: str | None
    ) -> FetchResult:
        headers = {"Accept": ", ".join(sorted(accept)) + ", */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.max_redirects + 1):
            self._check_url(current)
            async with self._client().get(
                current, headers=headers, allow_redirects=False
            ) as response:
                if response.status in REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        raise IngestError(f"{current}: redirect without a Location header")
                    current = urljoin(current, location)
                    continue
                return await self._read(current, response, accept)
        raise IngestError(f"{url}: more than {self.max_redirects} redirects")

    def _check_url(self, url: str) -> None:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018  # raises ValueError for a port that is not a number
        except ValueError as exc:
            raise IngestError(f"{url}: not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https"):
            raise IngestError(f"{url}: only http and https URLs can be fetched")
        if not parts.hostname:
            raise IngestError(f"{url}: the URL has no host")
        literal = parse_ip_literal(parts.hostname)
        if literal is None:
            return  # a host name: GuardedResolver checks what it resolves to
        try:
            self.policy.check(parts.hostname, str(literal))
        except AddressRefused as exc:
            raise IngestError(str(exc)) from None

    async def _read(
        self, url: str, response: aiohttp.ClientResponse, accept: frozenset[str]
    ) -> FetchResult:
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if response.status == 304:
            return FetchResult(url, 304, "", None, b"", etag, modified)
        if response.status >= 400:
            raise IngestError(f"{url}: the server answered HTTP {response.status}")
        if response.status != 200:
            raise IngestError(f"{url}: unexpected HTTP status {response.status}")
        content_type = response.content_type.lower()
        if "Content-Type" not in response.headers:
            raise IngestError(f"{url}: the server did not say what it sent (no Content-Type)")
        if content_type not in accept:
            raise IngestError(f"{url}: cannot ingest {content_type} (expected a web page or feed)")
        declared = response.content_length
        if declared is not None and declared > self.max_bytes:
            raise IngestError(f"{url}: {declared} bytes is more than the limit {self.max_bytes}")
        body = bytearray()
        # Decompressed bytes are counted, so a small gzip bomb is stopped too.
        async for chunk in response.content.iter_chunked(65_536):
            body += chunk
            if len(body) > self.max_bytes:
                raise IngestError(
                    f"{url}: the page is larger than the limit {self.max_bytes} bytes"
                )
        return FetchResult(
            url, response.status, content_type, response.charset, bytes(body), etag, modified
        )


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_body(body: bytes, declared: str | None, *, html: bool = False) -> str:
    """Return body as text: declared charset, then meta charset, UTF-8, detection, replacement."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    candidates = [_codec(declared)]
    if html:
        match = _META_CHARSET.search(body[:4096])
        candidates.append(_codec(match.group(1).decode("ascii")) if match else None)
    permissive: str | None = None
    for codec in candidates:
        if codec is None:
            continue
        if codec in _PERMISSIVE:
            permissive = permissive or codec
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue  # the label is wrong; try the next clue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if permissive is not None:
        return body.decode("cp1252", errors="replace")
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("utf-8", errors="replace")
