"""Benchmark loading and indexing synthetic briefings: parse floor, cold, warm, peak memory.

Every measurement runs in a fresh subprocess (so peak RSS from ``getrusage`` belongs to that
measurement alone and no cache of an earlier run is in memory). Modes:

Times exclude imports (reported apart: bot's imports take about half a second).

- ``floor``: walk the tree, read every file and ``orjson.loads`` it: the least any loader does.
- ``cold``: ``BriefingLibrary(...).reload()`` with no cache: validate every file and index.
- ``cold+write``: the same with an empty cache directory, so the cache is written too.
- ``warm``: ``BriefingLibrary(...).reload()`` with the cache written by ``cold+write``.
- ``legacy``: ``Index(load_directory(root).briefings())``, the API the old code also has; run
  it with ``--code`` pointing at a checkout of the old code to measure "before".

Usage: ``python benchmarks/core_load.py --sizes 10000 100000 --runs 3``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out"

CHILD = r"""
import gc, json, os, resource, sys, time
from pathlib import Path
mode, root, cache = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
begin = time.perf_counter()
import orjson
if mode == "legacy":
    from bot.core.index import Index
    from bot.core.store import load_directory
elif mode != "floor":
    from bot.core.store import BriefingLibrary
start = time.perf_counter()
if mode == "floor":
    count = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".json"):
                with open(os.path.join(dirpath, name), "rb") as handle:
                    orjson.loads(handle.read())
                count += 1
elif mode == "legacy":
    count = len(Index(load_directory(root, max_bytes=10_000_000).briefings()).stories)
else:
    library = BriefingLibrary(
        root, max_bytes=10_000_000, cache_dir=Path(cache) if cache != "-" else None
    )
    library.reload()
    count = len(library.index.stories)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": elapsed, "imports": start - begin, "peak": peak, "count": count}))
"""


def measure(mode: str, root: Path, cache: str, code: Path) -> dict[str, float]:
    """Run one measurement in a fresh interpreter and return its numbers."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(root), cache],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Measure every mode at every size and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", nargs="+", default=["floor", "cold", "cold+write", "warm"])
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose bot/ to load")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from benchmarks.synthetic import write_corpus

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, code {args.code}")
    print("| size | mode | median s | min s | ratio to floor | peak RSS MB | imports s |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        root = write_corpus(OUT, size)
        cache_dir = Path(tempfile.mkdtemp(prefix="briefbot-cache-"))
        floor = None
        try:
            for mode in args.modes:
                runs = []
                for _ in range(args.runs):
                    if mode == "cold+write" or (mode == "warm" and not any(cache_dir.iterdir())):
                        shutil.rmtree(cache_dir, ignore_errors=True)
                        if mode == "warm":  # warm needs a cache: write one first (not timed)
                            measure("cold+write", root, str(cache_dir), args.code)
                    cache = {"cold": "-", "legacy": "-", "floor": "-"}.get(mode, str(cache_dir))
                    runs.append(measure(mode, root, cache, args.code))
                seconds = [r["seconds"] for r in runs]
                median = statistics.median(seconds)
                if mode == "floor":
                    floor = median
                ratio = f"{median / floor:.2f}x" if floor else "-"
                peak = max(r["peak"] for r in runs) / 2**20
                imports = statistics.median(r["imports"] for r in runs)
                print(
                    f"| {size:,} | {mode} | {median:.2f} | {min(seconds):.2f} | {ratio} "
                    f"| {peak:,.0f} | {imports:.2f} |",
                    flush=True,
                )
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)
    print(f"finished {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"children CPU {usage.ru_utime + usage.ru_stime:.0f} s")


if __name__ == "__main__":
    main()
