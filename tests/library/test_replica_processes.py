"""Three `briefbot run` processes on one PostgreSQL: one library, feeds polled once, no loss.

The real bot (discord.py against the fake Discord, the push API, the scheduler, the feed
poller) runs in three processes with their own directories; only the database is shared.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import urllib.request
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.db.engine import open_database
from bot.library.database import CHANNEL, asyncpg_dsn
from bot.scheduling.subscriptions import SubscriptionStore, make_spec
from tests.fakes.discord import FakeDiscord
from tests.helpers import wait_until
from tests.test_end_to_end import free_port, healthz

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

API_TOKEN = "replica-test-token"
CHANNEL_ID = 1_200_000_000_000_003_000
ARTICLE = (
    "The water board of Lindenfeld voted on Wednesday to close the Harrow reservoir for repairs."
    ' "The dam wall has cracks we cannot ignore any longer," said board chair Petra Novak.'
    " Repairs will cost 48 million euros and take two years, the board said."
)


class Replica:
    """One `briefbot run` process and where it keeps its own files."""

    def __init__(self, root: Path, url: str, discord: FakeDiscord, **extra: str) -> None:
        self.root = root
        self.port = free_port()
        (root / "briefings").mkdir(parents=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root),
            "BRIEFBOT_DATABASE_URL": url,
            "BRIEFBOT_DATA_DIR": str(root / "data"),
            "BRIEFBOT_BRIEFINGS_DIR": str(root / "briefings"),
            "BRIEFBOT_DIGESTS_FILE": str(root / "digests.yaml"),
            "BRIEFBOT_HTTP_PORT": str(self.port),
            "BRIEFBOT_HTTP_ENABLED": "true",
            "BRIEFBOT_API_TOKEN": API_TOKEN,
            "BRIEFBOT_DISCORD_TOKEN": "fake-token",
            "BRIEFBOT_DISCORD_API_URL": discord.api_url,
            "BRIEFBOT_FETCH_ALLOW_PRIVATE": "true",
            "BRIEFBOT_LOG_LEVEL": "INFO",
            **extra,
        }
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start the process and wait until /healthz says it is ready."""
        log = (self.root / "bot.log").open("wb")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=self.root,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        log.close()
        await wait_until(lambda: healthz(self.port)[0] == 200, 60, interval=0.1)

    def log(self) -> str:
        """Return what the process logged."""
        return (self.root / "bot.log").read_text(encoding="utf-8", errors="replace")

    async def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL)."""
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 20)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


@pytest.fixture
async def discord() -> AsyncIterator[FakeDiscord]:
    """Start the fake Discord; fail on any payload that breaks Discord's spec."""
    fake = FakeDiscord()
    await fake.start()
    yield fake
    await fake.stop()
    assert fake.violations == []


@pytest.fixture
def url(postgres_url: str) -> str:
    """Return the fresh PostgreSQL database every replica of the test shares."""
    return postgres_url


async def start_replicas(
    tmp_path: Path, url: str, discord: FakeDiscord, extras: list[dict[str, str]]
) -> list[Replica]:
    """Start the replicas one after the other (so gateway session i is replica i)."""
    replicas = []
    for n, extra in enumerate(extras):
        sync = "true" if n == 0 else "false"  # one process syncs the command list
        replica = Replica(
            tmp_path / f"r{n}", url, discord, BRIEFBOT_DISCORD_SYNC_COMMANDS=sync, **extra
        )
        replicas.append(replica)
        await replica.start()
        await wait_until(partial(_sessions_are, discord, n + 1), 30, interval=0.05)
    return replicas


def push(replica: Replica, body: dict[str, Any]) -> dict[str, Any]:
    """POST an article to a replica's push API; return its JSON answer."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{replica.port}/api/articles",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {API_TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        answer: dict[str, Any] = json.load(response)
    return answer


async def quote_on(discord: FakeDiscord, session: int, speaker: str) -> str:
    """Type /quote <speaker> into the gateway session of one replica; return its answer."""
    payload = discord.interaction(
        2,
        {
            "id": str(discord.next_id()),
            "name": "quote",
            "type": 1,
            "options": [{"name": "speaker", "type": 3, "value": speaker}],
        },
    )
    await discord._send(discord.live_sessions[session], "INTERACTION_CREATE", payload)
    return json.dumps(await discord.callback(str(payload["id"]), within=10))


async def delivery_owners(url: str) -> list[int]:
    """Return the process ids of the replicas that recorded deliveries."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        owners = await conn.fetch("SELECT owner FROM deliveries WHERE status = 'sent'")
    finally:
        await conn.close()
    return [int(str(row[0]).rsplit("-", 2)[1]) for row in owners]


async def test_pushed_to_a_quoted_by_b_within_two_seconds_and_in_cs_digest(
    tmp_path: Path, url: str, discord: FakeDiscord
) -> None:
    """Push to A; B answers /quote with it within 2 s; a digest that C composes lists it."""
    quiet = {"BRIEFBOT_SWEEP_SECONDS": "3600"}  # A and B never sweep during the test
    a, b, c = await start_replicas(
        tmp_path, url, discord, [quiet, quiet, {"BRIEFBOT_SWEEP_SECONDS": "1"}]
    )
    try:
        assert "No one" in await quote_on(discord, 1, "novak")
        answer = await asyncio.to_thread(
            push,
            a,
            {
                "text": ARTICLE,
                "url": "https://lindenfeld.example/reservoir",
                "source": "Lindenfeld Courier",
                "published": datetime.now(UTC).isoformat(),
                "topics": ["water"],
            },
        )
        assert answer["outcome"] == "created", answer
        pushed = asyncio.get_running_loop().time()
        seen = ""
        while asyncio.get_running_loop().time() - pushed < 2.0:  # the bound
            seen = await quote_on(discord, 1, "novak")
            if "Petra Novak" in seen:
                break
        assert "Petra Novak" in seen, seen
        assert "dam wall has cracks" in seen

        engine = await open_database(url)
        now = datetime.now(UTC)
        spec = make_spec(
            platform="discord",
            channel_id=str(CHANNEL_ID),
            workspace_id="1",
            at=(now - timedelta(minutes=2)).strftime("%H:%M"),
            tz="UTC",
        )
        await SubscriptionStore(engine).add(spec, now - timedelta(minutes=10))
        await engine.dispose()
        posted = await discord.wait_for(lambda: discord.messages.get(CHANNEL_ID), 30)
        assert "reservoir" in json.dumps(posted).lower()
        assert c.process is not None
        owners = await wait_until(lambda: delivery_owners(url), 10)  # recorded after the post
        assert owners == [c.process.pid]  # C composed and sent it
    finally:
        for replica in (a, b, c):
            await replica.stop()


ENTRIES = 6
TOWNS = ["Arden", "Belmont", "Corvale", "Dunmore", "Eastwick", "Fallow"]


class FeedSite:
    """A local news site: an RSS feed of ENTRIES items whose article pages answer slowly."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        # Closed until every replica is up: a replica started first cannot finish the feed
        # before the test watches (a slow machine starts the others in many seconds).
        self.open = asyncio.Event()
        self.fetches: dict[int, int] = dict.fromkeys(range(ENTRIES), 0)
        app = web.Application()
        app.router.add_get("/feed.xml", self._feed)
        app.router.add_get("/news/{n}", self._article)
        self.server = TestServer(app, host="127.0.0.1")

    def url(self, path: str) -> str:
        """Return the absolute URL of a path on the site."""
        return str(self.server.make_url(path))

    async def _feed(self, _request: web.Request) -> web.Response:
        items = "".join(
            f"<item><title>{town} opens a library</title><link>{self.url(f'/news/{n}')}</link>"
            f"<guid>news-{n}</guid><pubDate>Mon, 07 Dec 2026 0{n}:00:00 GMT</pubDate></item>"
            for n, town in enumerate(TOWNS)
        )
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>'
            f"{items}</channel></rss>"
        )
        return web.Response(body=body, content_type="application/rss+xml")

    async def _article(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        self.fetches[n] += 1
        await self.open.wait()
        await asyncio.sleep(self.delay)  # slow enough to kill the poller between two entries
        town = TOWNS[n]
        body = (
            f"<html><head><title>{town} opens a library</title></head><body><article>"
            f"<h1>{town} opens a library</h1><p>The town of {town} opened its first public"
            f' library on Monday after {n + 2} years of building work.</p><p>"Every child'
            f' in {town} can now borrow books for free," said mayor Ana Vidal{n}.</p>'
            f"<p>The library holds {n + 1},000 books and cost {n + 3} million euros.</p>"
            "</article></body></html>"
        )
        return web.Response(body=body, content_type="text/html")


async def library_rows(url: str) -> list[str]:
    """Return the names of the live briefings in the shared library."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch("SELECT name FROM library_files WHERE data IS NOT NULL")
    finally:
        await conn.close()
    return sorted(str(row[0]) for row in rows)


async def lease_holder(url: str) -> int | None:
    """Return the process id of the replica holding the feed's lease (None: nobody)."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        owner = await conn.fetchval("SELECT owner FROM feed_leases")
    finally:
        await conn.close()
    return None if owner is None else int(str(owner).rsplit("-", 2)[1])


async def test_the_polling_replica_killed_mid_poll_is_taken_over_with_no_loss_or_duplicate(
    tmp_path: Path, url: str, discord: FakeDiscord
) -> None:
    """Kill -9 the replica polling a feed; another finishes it: each entry written once."""
    site = FeedSite(delay=1.5)
    await site.server.start_server()
    writes: list[str] = []
    listener = await asyncpg.connect(asyncpg_dsn(url))
    await listener.add_listener(CHANNEL, lambda *args: writes.append(str(args[-1])))
    feed = {
        "BRIEFBOT_FEEDS": site.url("/feed.xml"),
        "BRIEFBOT_FEED_INITIAL_ENTRIES": str(ENTRIES),
        "BRIEFBOT_FEED_LEASE_SECONDS": "2",
        "BRIEFBOT_FETCH_TIMEOUT_SECONDS": "120",  # the first article waits for the gate
        "BRIEFBOT_STORIES": "false",  # one briefing per entry: the count is the check
    }
    replicas = await start_replicas(tmp_path, url, discord, [feed, feed, feed])
    site.open.set()
    try:
        await wait_until(lambda: _between(library_rows(url), 2, ENTRIES - 1), 60, interval=0.05)
        holder = await lease_holder(url)
        victim = next(r for r in replicas if r.process and r.process.pid == holder)
        assert victim.process is not None
        victim.process.send_signal(signal.SIGKILL)
        await victim.process.wait()
        done_before = len(await library_rows(url))
        assert done_before < ENTRIES

        rows = await wait_until(lambda: _at_least(library_rows(url), ENTRIES), 60, interval=0.1)
        assert len(rows) == ENTRIES  # none lost
        await asyncio.sleep(1.0)  # a duplicate write would notify within this
        assert len(writes) == ENTRIES, writes  # each entry written exactly once
        new_holder = await lease_holder(url)
        assert new_holder != holder
        assert all(count <= 2 for count in site.fetches.values())  # at most the in-flight redone
    finally:
        for replica in replicas:
            await replica.stop()
        await listener.close()
        await site.server.close()


def _sessions_are(discord: FakeDiscord, count: int) -> bool:
    return len(discord.live_sessions) == count


async def _between(rows: Any, low: int, high: int) -> bool:
    found = len(await rows)
    return low <= found <= high


async def _at_least(rows: Any, count: int) -> list[str] | None:
    found: list[str] = await rows
    return found if len(found) >= count else None
