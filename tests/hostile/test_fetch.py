"""Hostile web servers for the real Fetcher: endless, slow, lying, and URLs that are not HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.errors import IngestError
from bot.ingest.fetch import AddressPolicy, Fetcher
from tests.ingest.conftest import Site, site  # noqa: F401  # the fixture

LIMIT = 100_000


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    """Return a Fetcher with a short timeout and a small cap, allowed to reach 127.0.0.1."""
    real = Fetcher(
        timeout=1.0, max_bytes=LIMIT, policy=AddressPolicy(allow_networks=["127.0.0.1/32"])
    )
    yield real
    await real.close()


async def test_endless_body_stops_at_the_size_limit(site: Site, fetcher: Fetcher) -> None:  # noqa: F811
    """A page that never ends (chunked, no length) is cut off at max_bytes with a message."""

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        while True:
            await response.write(b"<p>more</p>" * 1000)

    with pytest.raises(IngestError, match=f"larger than the limit {LIMIT} bytes"):
        await fetcher.fetch(site.handle("/endless", endless))


async def test_one_byte_a_second_server_hits_the_timeout(site: Site, fetcher: Fetcher) -> None:  # noqa: F811
    """A server trickling one byte a second is given up after the whole-fetch timeout."""

    async def trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(60):
            await response.write(b"x")
            await asyncio.sleep(1)
        return response

    with pytest.raises(IngestError, match="no complete answer within 1 s"):
        await fetcher.fetch(site.handle("/slow", trickle))


async def test_declared_length_over_the_limit_is_refused(site: Site, fetcher: Fetcher) -> None:  # noqa: F811
    """A Content-Length above max_bytes is refused before the body is read."""
    url = site.page("/big", b"x" * (LIMIT + 1))
    with pytest.raises(IngestError, match=f"{LIMIT + 1} bytes is more than the limit {LIMIT}"):
        await fetcher.fetch(url)


@pytest.fixture
async def liar() -> AsyncIterator[tuple[str, list[bytes]]]:
    """Run a raw TCP server that answers whatever bytes the test puts in the list."""
    answers: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(answers.pop(0))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/page", answers
    server.close()
    await server.wait_closed()


async def test_content_length_longer_than_the_body_is_an_error(
    liar: tuple[str, list[bytes]], fetcher: Fetcher
) -> None:
    """Content-Length 5000 with 10 bytes and a closed connection: a payload error, no page."""
    url, answers = liar
    answers.append(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<p>short</p>"
    )
    with pytest.raises(IngestError, match="ClientPayloadError"):
        await fetcher.fetch(url)


async def test_content_length_shorter_than_the_body_is_a_short_error(
    liar: tuple[str, list[bytes]], fetcher: Fetcher
) -> None:
    """Bytes after the declared length are refused, and the message does not echo them all."""
    url, answers = liar
    body = b"<p>ok</p>" + b"x" * (LIMIT * 3)
    answers.append(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9\r\n"
        b"Connection: close\r\n\r\n" + body
    )
    with pytest.raises(IngestError, match="ClientResponseError") as caught:
        await fetcher.fetch(url)
    assert len(str(caught.value)) < 1_000


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/pub/file",
        "gopher://127.0.0.1:70/_GET",
        "data:text/html,<p>hi</p>",
        "javascript:alert(1)",
        "FILE:///etc/passwd",
    ],
)
async def test_non_http_schemes_are_refused(fetcher: Fetcher, url: str) -> None:
    """Only http and https are fetched; every other scheme gets the same plain message."""
    with pytest.raises(IngestError, match="only http and https URLs can be fetched"):
        await fetcher.fetch(url)


async def test_redirect_to_a_file_url_is_refused(site: Site, fetcher: Fetcher) -> None:  # noqa: F811
    """A redirect cannot smuggle in another scheme: each hop is checked."""
    url = site.redirect("/hop", "file:///etc/passwd")
    with pytest.raises(IngestError, match="only http and https URLs can be fetched"):
        await fetcher.fetch(url)
