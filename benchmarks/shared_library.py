"""Benchmark the shared briefing library on PostgreSQL (issue 15): push latency, join, memory.

Measures, on this machine, against a PostgreSQL server (a private database is created and
dropped at the end):

1. **Push to visible on another replica.** A follower replica B runs in its own process
   (``subprocess``: a fresh interpreter, so the writer and the follower do not share a CPU loop
   or a GIL). B loads the library (``BriefingLibrary(empty dir).reload()`` +
   ``LibraryFollower.start()``) and then runs ``LibraryFollower.run``. The writer (this
   process, its own asyncpg connection) writes one fresh briefing at a time the way ingest does
   (transaction, ``lock_for_writing``, ``put_file`` with the file's bytes and its record) and
   waits for B to report it. B wraps ``library.apply_shared``: right after the new index is
   swapped in, it checks ``library.index.by_id`` for the pushed id and prints the time. Both
   sides read ``time.perf_counter()`` (``CLOCK_MONOTONIC`` on Linux: one clock for every
   process), so latency = B's "in the index" time minus the time the writer's COMMIT returned.
   Run at a small library and at ``--briefings``. A change is layered over B's index
   (``Index.updated``); B also times one full index build at that size alone
   (``Index(records)``) and a compaction (the full build ``apply_shared`` makes after
   ``COMPACT_AT`` layered changes: merge + ``Index`` + ``gc.freeze``).
2. **Start-up of a replica joining the library.** The database is populated with the same
   synthetic corpus (``benchmarks/synthetic.py``) that is written as files: one child loads the
   files with the start-up cache (a first start, which writes the cache) and copies every
   briefing (file bytes + encoded record) into ``library_files`` with COPY in one transaction
   under the write lock (population time is reported but is not the metric). Then, each in a
   fresh process: the cached file start (``BriefingLibrary(root, cache_dir).reload()`` with the
   cache written by the first start, as ``core_load.py warm``) and the joining replica
   (``BriefingLibrary(empty dir).reload()`` + ``LibraryFollower.start()``, which reads every
   row). Times exclude imports; the join is broken down into rebuilding the index
   (``apply_shared``), decoding rows, and the rest (migration check, connecting, fetching).
3. **Memory per replica**: the joining replica's peak RSS (``getrusage`` in that child).

Usage: ``python benchmarks/shared_library.py --briefings 100000`` (a quick check:
``--briefings 2000 --small-pushes 20 --pushes 5``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out"
SCRIPT = str(Path(__file__).resolve())
MAX_BYTES = 10_000_000
COPY_BATCH = 2000
# Pushed briefings are numbered from here, far above any corpus number, so their ids are new.
PUSHED_FROM = 900_000


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _rss() -> int:
    """Return this process's resident set size now, in bytes (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _read_all(paths: list[str]) -> list[bytes]:
    return [Path(path).read_bytes() for path in paths]


def _emit(data: dict[str, Any]) -> None:
    print(json.dumps(data), flush=True)


# --- children (each in a fresh interpreter) ----------------------------------------------------


def child_populate(root: Path, cache_dir: Path, url: str) -> None:
    """First start from the files (writes the cache), then copy every briefing to the DB."""
    from bot.core.store import BriefingLibrary

    start = time.perf_counter()
    library = BriefingLibrary(root, max_bytes=MAX_BYTES, cache_dir=cache_dir)
    library.reload()
    loaded = time.perf_counter()
    count = asyncio.run(_copy_library(library, url))
    _emit(
        {
            "load_seconds": loaded - start,
            "copy_seconds": time.perf_counter() - loaded,
            "count": count,
            "peak": _peak(),
        }
    )


async def _copy_library(library: Any, url: str) -> int:
    from datetime import UTC, datetime

    import asyncpg

    from bot.library.database import CHANNEL, SEQUENCE, asyncpg_dsn, lock_for_writing
    from bot.library.records import RECORD_FORMAT, encode_row

    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        entries = sorted(library.entries.items(), key=lambda item: item[1].name)
        now = datetime.now(UTC)
        async with conn.transaction():
            await lock_for_writing(conn)
            revisions = [
                int(row[0])
                for row in await conn.fetch(
                    "SELECT nextval($2::regclass) FROM generate_series(1, $1)",
                    len(entries),
                    SEQUENCE,
                )
            ]
            for begin in range(0, len(entries), COPY_BATCH):
                batch = entries[begin : begin + COPY_BATCH]
                datas = await asyncio.to_thread(_read_all, [path for path, _ in batch])
                rows = []
                for offset, ((_, entry), data) in enumerate(zip(batch, datas, strict=True)):
                    record = entry.briefing
                    rows.append(
                        (
                            f"{record.id}.json",
                            record.id,
                            data,
                            encode_row(record),
                            RECORD_FORMAT,
                            "ingest",
                            revisions[begin + offset],
                            now,
                        )
                    )
                await conn.copy_records_to_table(
                    "library_files",
                    records=rows,
                    columns=[
                        "name",
                        "briefing_id",
                        "data",
                        "record",
                        "record_format",
                        "origin",
                        "revision",
                        "updated_at",
                    ],
                )
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, str(revisions[-1]))
        await conn.execute("ANALYZE library_files")
    finally:
        await conn.close()
    return len(entries)


def child_warm(root: Path, cache_dir: Path) -> None:
    """Time the cached file start (``core_load.py warm``)."""
    begin = time.perf_counter()
    from bot.core.store import BriefingLibrary

    start = time.perf_counter()
    library = BriefingLibrary(root, max_bytes=MAX_BYTES, cache_dir=cache_dir)
    library.reload()
    _emit(
        {
            "seconds": time.perf_counter() - start,
            "imports": start - begin,
            "count": len(library.index.stories),
            "peak": _peak(),
        }
    )


class _Timed:
    """Wraps a replica's ``apply_shared`` and the follower's ``_decode`` to time them."""

    def __init__(self, library: Any, follower: Any) -> None:
        self.apply_seconds = 0.0
        self.applies = 0
        self.decode_seconds = 0.0
        self._apply = library.apply_shared
        self._decode = follower._decode
        library.apply_shared = self.apply
        follower._decode = self.decode

    def apply(self, changes: Any) -> None:
        started = time.perf_counter()
        self._apply(changes)
        self.apply_seconds += time.perf_counter() - started
        self.applies += 1

    def decode(self, rows: Any) -> Any:
        started = time.perf_counter()
        try:
            return self._decode(rows)
        finally:
            self.decode_seconds += time.perf_counter() - started


async def _join(url: str, briefings: Path) -> tuple[Any, Any, dict[str, Any]]:
    from bot.core.store import BriefingLibrary
    from bot.library.follower import LibraryFollower

    start = time.perf_counter()
    library = BriefingLibrary(briefings)
    library.reload()
    follower = LibraryFollower(url, library, poll_seconds=30.0)
    timed = _Timed(library, follower)
    await follower.start()
    seconds = time.perf_counter() - start
    library.apply_shared = timed._apply  # unwrap
    follower._decode = timed._decode
    return (
        library,
        follower,
        {
            "seconds": seconds,
            "apply_seconds": timed.apply_seconds,
            "applies": timed.applies,
            "decode_seconds": timed.decode_seconds,
            "count": len(library.index.stories),
            "revision": follower.revision,
        },
    )


def child_join(url: str) -> None:
    """Time a replica with no files joining the library: reload + ``LibraryFollower.start``."""
    begin = time.perf_counter()
    import bot.core.store
    import bot.library.follower  # noqa: F401 - imported before the clock starts

    imports = time.perf_counter() - begin

    async def main() -> None:
        with tempfile.TemporaryDirectory(prefix="briefbot-join-") as empty:
            _library, follower, numbers = await _join(url, Path(empty))
            await follower.close()
        _emit({**numbers, "imports": imports, "peak": _peak()})

    asyncio.run(main())


def child_follow(url: str, rebuilds: int) -> None:
    """Replica B: join, time an index rebuild, then follow and report pushed ids as applied."""

    async def main() -> None:
        from bot.core.index import Index
        from bot.core.store import paused_gc

        with tempfile.TemporaryDirectory(prefix="briefbot-follow-") as empty:
            library, follower, numbers = await _join(url, Path(empty))
            joined_peak = _peak()
            original = library.apply_shared

            def apply(changes: Any) -> None:
                started = time.perf_counter()
                original(changes)
                now = time.perf_counter()
                by_id = library.index.by_id
                for record in changes.values():
                    if record is not None and record.id in by_id:
                        _emit({"id": record.id, "t": now, "apply": now - started})

            library.apply_shared = apply
            stop = asyncio.Event()
            running = asyncio.create_task(follower.run(stop))
            _emit({"ready": True, **numbers, "joined_peak": joined_peak})
            await asyncio.to_thread(sys.stdin.readline)  # the writer closes stdin when done
            stop.set()
            await running
            await follower.close()
            pushed_peak, pushed_rss = _peak(), _rss()
            # Then full builds at this size: alone, and as a compaction swaps one in.
            index_seconds, compaction_seconds = [], []
            for _ in range(rebuilds):
                records = library._merged(library._result)
                started = time.perf_counter()
                with paused_gc():
                    Index(records)
                index_seconds.append(time.perf_counter() - started)
                del records
                started = time.perf_counter()
                with library._swapping, paused_gc():
                    library._swap_index(library._result)
                compaction_seconds.append(time.perf_counter() - started)
        _emit(
            {
                "done": True,
                "pushed_peak": pushed_peak,
                "pushed_rss": pushed_rss,
                "index_seconds": index_seconds,
                "rebuild_seconds": compaction_seconds,
                "peak": _peak(),
            }
        )

    asyncio.run(main())


def run_child(argv: list[str]) -> None:
    """Dispatch ``_child MODE ...``."""
    mode, *rest = argv
    if mode == "populate":
        child_populate(Path(rest[0]), Path(rest[1]), rest[2])
    elif mode == "warm":
        child_warm(Path(rest[0]), Path(rest[1]))
    elif mode == "join":
        child_join(rest[0])
    elif mode == "follow":
        child_follow(rest[0], int(rest[1]))
    else:
        raise SystemExit(f"unknown child mode {mode!r}")


# --- the driver ---------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, SCRIPT, "_child", *args],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
    )
    if done.stderr.strip():
        print(done.stderr.strip()[-2000:], file=sys.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


class Server:
    """The PostgreSQL server: creates and drops this run's databases."""

    def __init__(self, host: str, port: int, user: str) -> None:
        self.host, self.port, self.user = host, port, user

    def url(self, database: str) -> str:
        """Return the SQLAlchemy URL of one database."""
        return f"postgresql+asyncpg://{self.user}@{self.host}:{self.port}/{database}"

    async def admin(self, statement: str) -> Any:
        """Run one statement on the maintenance database; return its value."""
        import asyncpg

        conn = await asyncpg.connect(
            host=self.host, port=self.port, user=self.user, database="postgres"
        )
        try:
            return await conn.fetchval(statement)
        finally:
            await conn.close()

    def create(self, database: str) -> str:
        """Create a database; return its URL."""
        asyncio.run(self.admin(f'CREATE DATABASE "{database}"'))
        return self.url(database)

    def drop(self, database: str) -> None:
        """Drop a database (closing leftover sessions)."""
        asyncio.run(self.admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def populate_small(url: str, count: int) -> float:
    """Write ``count`` synthetic briefings straight into an empty library (no files)."""
    import random

    from benchmarks.synthetic import Cast, briefing

    async def main() -> None:
        import asyncpg
        import orjson

        from bot.core.models import Briefing
        from bot.core.records import to_record
        from bot.library.database import asyncpg_dsn, lock_for_writing, migrate_shared, put_file

        await migrate_shared(url)
        rng = random.Random(11)
        cast = Cast(400)
        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            async with conn.transaction():
                await lock_for_writing(conn)
                for n in range(count):
                    data = orjson.dumps(briefing(n, rng, cast))
                    record = to_record(Briefing.model_validate_json(data))
                    await put_file(conn, f"{record.id}.json", data, record, "ingest")
        finally:
            await conn.close()

    started = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - started


async def measure_pushes(
    url: str, pushes: int, rebuilds: int, wait: float, layered: int = 0, first: int = PUSHED_FROM
) -> dict[str, Any]:
    """Start replica B, push ``pushes`` fresh briefings one at a time; return the numbers.

    With ``layered``, that many briefings are first written in one transaction (B layers them
    over its index), so the timed pushes meet B just below its compaction point.
    """
    import random

    import asyncpg
    import orjson

    from benchmarks.synthetic import Cast, briefing
    from bot.core.models import Briefing
    from bot.core.records import to_record
    from bot.library.database import asyncpg_dsn, lock_for_writing, put_file

    rng = random.Random(5)
    cast = Cast(400)
    payloads = []
    for i in range(layered + pushes):
        data = orjson.dumps(briefing(first + i, rng, cast))
        payloads.append((data, to_record(Briefing.model_validate_json(data))))

    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        SCRIPT,
        "_child",
        "follow",
        url,
        str(rebuilds),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=_env(),
        cwd=REPO,
        limit=2**20,
    )
    assert proc.stdin is not None  # noqa: S101 - PIPE
    assert proc.stdout is not None  # noqa: S101 - PIPE

    async def message() -> dict[str, Any]:
        assert proc.stdout is not None  # noqa: S101 - PIPE
        while True:
            line = await proc.stdout.readline()
            if not line:
                raise RuntimeError("replica B exited")
            if line.startswith(b"{"):
                parsed: dict[str, Any] = json.loads(line)
                return parsed

    ready = await asyncio.wait_for(message(), 3600)
    latencies, applies, commits, missed = [], [], [], 0
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        if layered:
            async with conn.transaction():
                await lock_for_writing(conn)
                for data, record in payloads[:layered]:
                    await put_file(conn, f"{record.id}.json", data, record, "ingest")
            last = payloads[layered - 1][1].id
            while (await asyncio.wait_for(message(), 600)).get("id") != last:
                pass
        for data, record in payloads[layered:]:
            began = time.perf_counter()
            async with conn.transaction():
                await lock_for_writing(conn)
                await put_file(conn, f"{record.id}.json", data, record, "ingest")
            committed = time.perf_counter()
            commits.append(committed - began)
            try:
                while True:
                    seen = await asyncio.wait_for(message(), wait)
                    if seen.get("id") == record.id:
                        break
            except TimeoutError:
                missed += 1
                continue
            latencies.append(seen["t"] - committed)
            applies.append(seen["apply"])
            await asyncio.sleep(0.05)  # B idle again, as between real pushes
    finally:
        await conn.close()
        proc.stdin.write(b"stop\n")
        await proc.stdin.drain()
        proc.stdin.close()
    done = await asyncio.wait_for(message(), 600)
    await proc.wait()
    return {
        "ready": ready,
        "latencies": latencies,
        "applies": applies,
        "commits": commits,
        "missed": missed,
        "done": done,
    }


def percentile(values: list[float], q: float) -> float:
    """Return the q-quantile (0..1) with linear interpolation between the closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def machine(server: Server) -> str:
    """Describe the CPU, memory, Python and PostgreSQL."""
    model, cpus = "unknown CPU", 0
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                cpus += 1
    with open("/proc/meminfo") as handle:
        total_kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
    version = asyncio.run(server.admin("SHOW server_version"))
    return (
        f"{cpus or os.cpu_count()} x {model}, {total_kb / 2**20:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"PostgreSQL {version} on {server.host}:{server.port}, "
        f"load average {os.getloadavg()[0]:.2f} at start"
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _mib(peak: float) -> str:
    return f"{peak / 2**20:,.0f} MiB"


def _runs(results: list[dict[str, Any]]) -> str:
    return ", ".join(f"{r['seconds']:.2f}" for r in results)


def _push_rows(label: str, result: dict[str, Any], goal: float) -> list[tuple[str, str, str]]:
    lat = result["latencies"]
    p50, p99 = percentile(lat, 0.5), percentile(lat, 0.99)
    met = "met" if p99 <= goal and not result["missed"] else "**missed**"
    ready, done = result["ready"], result["done"]
    rows = [
        (
            f"push → visible on B, {label}: p50 / p99 / max ({len(lat)} pushes"
            f"{', ' + str(result['missed']) + ' timed out' if result['missed'] else ''})",
            f"{_ms(p50)} / {_ms(p99)} / {_ms(max(lat, default=float('nan')))}",
            f"≤ {goal:.0f} s: {met}",
        ),
        (
            f"  of which B's apply_shared (layered index swap), {label}: p50 / max",
            f"{_ms(percentile(result['applies'], 0.5))} / "
            f"{_ms(max(result['applies'], default=float('nan')))}",
            "",
        ),
        (
            f"  writer's transaction (lock + put_file + COMMIT), {label}: p50",
            _ms(percentile(result["commits"], 0.5)),
            "",
        ),
    ]
    if done["index_seconds"]:
        rows += [
            (
                f"index rebuild alone at {ready['count']:,} (Index(records)), median",
                _ms(statistics.median(done["index_seconds"])),
                "",
            ),
            (
                f"compaction at {ready['count']:,} (merge + full Index + gc.freeze), median",
                _ms(statistics.median(done["rebuild_seconds"])),
                "",
            ),
        ]
    return rows


def main() -> None:
    """Run every measurement and print a Markdown table."""
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        run_child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefings", type=int, default=100_000, help="library size N")
    parser.add_argument("--small", type=int, default=1000, help="the small library's size")
    parser.add_argument("--small-pushes", type=int, default=200)
    parser.add_argument("--pushes", type=int, default=20, help="pushes at N")
    parser.add_argument("--runs", type=int, default=1, help="fresh-process starts per mode")
    parser.add_argument("--rebuilds", type=int, default=3, help="index rebuilds timed at N")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait a push")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from benchmarks.synthetic import write_corpus

    server = Server(args.host, args.port, args.user)
    print(f"machine: {machine(server)}")
    print("replica B (the follower) runs in a separate process (subprocess, fresh interpreter)")
    began = time.perf_counter()
    small_db = f"bench_shared_{os.getpid()}_small"
    big_db = f"bench_shared_{os.getpid()}"
    cache_dir = Path(tempfile.mkdtemp(prefix="briefbot-cache-"))
    rows: list[tuple[str, str, str]] = []
    notes: list[str] = []
    try:
        # 1a. push latency at the small library.
        url = server.create(small_db)
        seconds = populate_small(url, args.small)
        notes.append(f"small library: {args.small:,} briefings put in {seconds:.1f} s")
        small = asyncio.run(measure_pushes(url, args.small_pushes, args.rebuilds, args.timeout))
        server.drop(small_db)
        rows += _push_rows(f"{args.small:,} briefings", small, 2.0)
        print(f"[{time.perf_counter() - began:.0f} s] small pushes done", flush=True)

        # 2. population, cached file start, joining start.
        written = time.perf_counter()
        root = write_corpus(OUT, args.briefings)
        time.sleep(2.1)  # the cache skips files modified in the last 2 s (a fresh corpus)
        notes.append(f"corpus {root} ready in {time.perf_counter() - written:.1f} s")
        url = server.create(big_db)
        asyncio.run(_migrate(url))
        populated = _child("populate", str(root), str(cache_dir), url)
        notes.append(
            f"population: first file start writing the cache {populated['load_seconds']:.1f} s, "
            f"COPY of {populated['count']:,} rows (bytes + record) "
            f"{populated['copy_seconds']:.1f} s"
        )
        print(f"[{time.perf_counter() - began:.0f} s] populated", flush=True)
        warm = [_child("warm", str(root), str(cache_dir)) for _ in range(args.runs)]
        print(f"[{time.perf_counter() - began:.0f} s] warm done", flush=True)
        joins = [_child("join", url) for _ in range(args.runs)]
        print(f"[{time.perf_counter() - began:.0f} s] join done", flush=True)

        # 1b. push latency at N (B's own join is one more start-up sample).
        big = asyncio.run(measure_pushes(url, args.pushes, args.rebuilds, args.timeout))
        print(f"[{time.perf_counter() - began:.0f} s] pushes at N done", flush=True)
        rows += _push_rows(f"{args.briefings:,} briefings", big, 2.0)
        # 1c. the same just below the compaction point (the slowest a layered change gets).
        from bot.core.store import COMPACT_AT

        layered = COMPACT_AT - args.pushes - 1
        worst = asyncio.run(
            measure_pushes(url, args.pushes, 0, args.timeout, layered, PUSHED_FROM + 50_000)
        )
        print(f"[{time.perf_counter() - began:.0f} s] pushes over {layered:,} layered", flush=True)
        rows += _push_rows(f"{args.briefings:,} + {layered:,} layered", worst, 2.0)
        rows.append(
            (
                f"peak RSS, a replica B after {layered:,} + {args.pushes} layered changes",
                _mib(worst["done"]["pushed_peak"]),
                "≤ 1 GiB: " + ("met" if worst["done"]["pushed_peak"] <= 2**30 else "**missed**"),
            )
        )

        warm_s = statistics.median(r["seconds"] for r in warm)
        join_s = statistics.median(r["seconds"] for r in joins)
        join = min(joins, key=lambda r: abs(r["seconds"] - join_s))
        other = join["seconds"] - join["apply_seconds"] - join["decode_seconds"]
        rows += [
            (
                f"cached file start at {args.briefings:,} (warm, fresh process)",
                f"{warm_s:.2f} s (runs: {_runs(warm)})",
                "",
            ),
            (
                f"joining replica start at {args.briefings:,} (reload + follower.start)",
                f"{join_s:.2f} s (runs: {_runs(joins)}; "
                f"replica B's start: {big['ready']['seconds']:.2f})",
                f"≤ cached file start: {'met' if join_s <= warm_s else '**missed**'}",
            ),
            ("  join / cached file start", f"{join_s / warm_s:.2f}x", ""),
            (
                f"  of which index rebuilds ({join['applies']} apply_shared calls)",
                f"{join['apply_seconds']:.2f} s",
                "",
            ),
            ("  of which decoding rows (records)", f"{join['decode_seconds']:.2f} s", ""),
            ("  the rest (migration check, connect, fetch)", f"{other:.2f} s", ""),
            (
                f"peak RSS, joining replica at {args.briefings:,}",
                _mib(max(r["peak"] for r in joins)),
                "≤ 1 GB (read as 1 GiB, as in the sections above): "
                + ("met" if max(r["peak"] for r in joins) <= 2**30 else "**missed**"),
            ),
            (
                f"peak RSS, cached file start at {args.briefings:,}",
                _mib(max(r["peak"] for r in warm)),
                "",
            ),
            (
                f"peak RSS, replica B right after joining / after {args.pushes} pushes "
                f"at {args.briefings:,} (RSS then)",
                f"{_mib(big['ready']['joined_peak'])} / {_mib(big['done']['pushed_peak'])} "
                f"({_mib(big['done']['pushed_rss'])})",
                "≤ 1 GiB: " + ("met" if big["done"]["pushed_peak"] <= 2**30 else "**missed**"),
            ),
            (
                f"peak RSS, replica B after {args.rebuilds} more full builds and compactions",
                _mib(big["done"]["peak"]),
                "",
            ),
        ]
        print()
        print("| measurement | value | goal |")
        print("|---|---:|---|")
        for what, value, goal in rows:
            print(f"| {what} | {value} | {goal} |")
        print()
        for note in notes:
            print(f"- {note}")
        print(f"- joined rows: {join['count']:,} at revision {join['revision']:,}")
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
        for database in (small_db, big_db):
            server.drop(database)
    print(
        f"finished {time.strftime('%Y-%m-%d %H:%M')} in {time.perf_counter() - began:.0f} s, "
        f"load {os.getloadavg()[0]:.2f}"
    )


async def _migrate(url: str) -> None:
    from bot.library.database import migrate_shared

    await migrate_shared(url)


if __name__ == "__main__":
    main()
