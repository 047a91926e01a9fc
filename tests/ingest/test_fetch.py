"""Safe fetching against a local server: charsets, size caps, redirects, private addresses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.errors import IngestError
from bot.ingest.fetch import AddressPolicy, Fetcher, decode_body
from tests.ingest.conftest import Site

CAFE_HTML = "<html><body><p>Le café de la gare a fermé ses portes.</p></body></html>"


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    client = Fetcher(
        timeout=2.0, max_bytes=50_000, policy=AddressPolicy(allow_networks=["127.0.0.1/32"])
    )
    yield client
    await client.close()


async def test_fetch_returns_page_text_and_validators(site: Site, fetcher: Fetcher) -> None:
    """A normal page comes back decoded, with its ETag and Last-Modified."""
    url = site.page(
        "/a", CAFE_HTML, headers={"ETag": '"v1"', "Last-Modified": "Fri, 01 Nov 2024 08:00:00 GMT"}
    )
    result = await fetcher.fetch(url)
    assert "café" in result.text()
    assert result.is_html
    assert result.etag == '"v1"'
    assert result.last_modified == "Fri, 01 Nov 2024 08:00:00 GMT"


async def test_wrong_declared_charset_still_decodes(site: Site, fetcher: Fetcher) -> None:
    """A page labelled UTF-8 but written in Windows-1252 is not mangled."""
    url = site.page("/a", CAFE_HTML.encode("cp1252"), "text/html; charset=utf-8")
    assert "café" in (await fetcher.fetch(url)).text()


async def test_utf8_labelled_latin1_decodes_as_utf8(site: Site, fetcher: Fetcher) -> None:
    """A UTF-8 page labelled ISO-8859-1 does not turn into mojibake."""
    url = site.page("/a", CAFE_HTML.encode("utf-8"), "text/html; charset=iso-8859-1")
    assert "café" in (await fetcher.fetch(url)).text()


async def test_meta_charset_used_when_header_has_none(site: Site, fetcher: Fetcher) -> None:
    """Without a header charset, <meta charset> decides."""
    html = '<html><head><meta charset="windows-1252"></head><body><p>Señor Müller</p></body></html>'
    url = site.page("/a", html.encode("cp1252"), "text/html")
    assert "Señor Müller" in (await fetcher.fetch(url)).text()


def test_unknown_charset_falls_back_without_crashing() -> None:
    """A made-up charset name and invalid bytes still give text."""
    text = decode_body(b"caf\xc3\xa9 \xff\xfe ok", "x-no-such-charset", html=False)
    assert "ok" in text


async def test_body_over_the_cap_is_refused_while_streaming(site: Site, fetcher: Fetcher) -> None:
    """A huge chunked body (no Content-Length) is cut off at the limit."""

    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(100):
            await response.write(b"<p>" + b"x" * 4096 + b"</p>")
        return response

    url = site.handle("/huge", huge)
    with pytest.raises(IngestError, match="larger than the limit 50000"):
        await fetcher.fetch(url)


async def test_declared_length_over_the_cap_is_refused(site: Site, fetcher: Fetcher) -> None:
    """A Content-Length over the limit fails before the body is read."""
    url = site.page("/big", b"x" * 60_000)
    with pytest.raises(IngestError, match="more than the limit"):
        await fetcher.fetch(url)


@pytest.mark.parametrize(
    "target",
    ["http://10.0.0.7/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]:80/"],
)
async def test_redirect_to_private_address_is_refused(
    site: Site, fetcher: Fetcher, target: str
) -> None:
    """A public page redirecting to an internal address is refused before connecting."""
    url = site.redirect("/r", target)
    with pytest.raises(IngestError, match=r"private, loopback or link-local|cloud metadata"):
        await fetcher.fetch(url)


async def test_loopback_refused_by_default(site: Site) -> None:
    """Without an explicit allowance, 127.0.0.1 and names resolving to it are refused."""
    url = site.page("/a", CAFE_HTML)
    strict = Fetcher(timeout=2.0)
    try:
        with pytest.raises(IngestError, match="refusing to fetch"):
            await strict.fetch(url)
        by_name = url.replace("127.0.0.1", "localhost")
        with pytest.raises(IngestError, match="refusing to fetch from localhost"):
            await strict.fetch(by_name)
    finally:
        await strict.close()
    assert site.requests == []


async def test_redirects_are_followed_up_to_five(site: Site, fetcher: Fetcher) -> None:
    """Three hops are followed and the final URL is reported; six hops are refused."""
    final = site.page("/final", CAFE_HTML)
    site.redirect("/r3", "/final")
    site.redirect("/r2", site.url("/r3"), status=301)
    start = site.redirect("/r1", "/r2", status=307)
    result = await fetcher.fetch(start)
    assert result.url == final
    for n in range(7):
        site.redirect(f"/loop{n}", f"/loop{n + 1}")
    with pytest.raises(IngestError, match="more than 5 redirects"):
        await fetcher.fetch(site.url("/loop0"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x/"])
async def test_non_http_schemes_are_refused(fetcher: Fetcher, url: str) -> None:
    """Only http and https URLs are fetched."""
    with pytest.raises(IngestError, match="only http and https"):
        await fetcher.fetch(url)


async def test_redirect_to_file_scheme_is_refused(site: Site, fetcher: Fetcher) -> None:
    """A redirect cannot lead the fetcher to a local file."""
    url = site.redirect("/r", "file:///etc/passwd")
    with pytest.raises(IngestError, match="only http and https"):
        await fetcher.fetch(url)


@pytest.mark.parametrize("content_type", ["image/png", "application/octet-stream", None])
async def test_unexpected_content_types_are_refused(
    site: Site, fetcher: Fetcher, content_type: str | None
) -> None:
    """Images, binaries and bodies without a type are not ingested."""
    url = site.page("/x", b"\x89PNG....", content_type)
    with pytest.raises(IngestError, match=r"cannot ingest|no Content-Type"):
        await fetcher.fetch(url)


async def test_http_errors_give_a_plain_reason(site: Site, fetcher: Fetcher) -> None:
    """A 404 or 500 becomes a one-line reason naming the status."""
    with pytest.raises(IngestError, match="HTTP 404"):
        await fetcher.fetch(site.url("/missing"))


async def test_a_stalled_server_times_out(site: Site) -> None:
    """A server that never answers fails within the configured timeout."""
    never = asyncio.Event()

    async def stall(request: web.Request) -> web.StreamResponse:
        await never.wait()
        return web.Response(text="late")

    url = site.handle("/slow", stall)
    quick = Fetcher(timeout=0.3, policy=AddressPolicy(allow_networks=["127.0.0.1/32"]))
    try:
        with pytest.raises(IngestError, match=r"no complete answer within 0\.3 s"):
            await quick.fetch(url)
    finally:
        never.set()
        await quick.close()
