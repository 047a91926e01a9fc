"""Benchmark how fast the ``briefbot`` commands start, against ``python -c pass`` in the same run.

Each command runs as a fresh process (as a user types it), ``--runs`` times, interleaved so
that a noisy moment hits every command alike; the table gives the median wall time, the
median minus Python's own start, and the ratio to ``python -c pass``. ``import bot.app`` is the
cost every command paid before the CLI imported lazily.

Usage: ``python benchmarks/cli_startup.py --runs 15``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "briefings" / "north-korean-troops-kursk.yaml"

COMMANDS: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "briefbot --help": ["-m", "bot", "--help"],
    "briefbot ask '/quote blinken'": ["-m", "bot", "ask", "/quote blinken"],
    "briefbot validate": ["-m", "bot", "validate"],
    "briefbot health (nothing listening)": ["-m", "bot", "health", "--timeout", "0.5"],
    "python -c 'import bot.app' (the old eager cost)": ["-c", "import bot.app"],
}


def run_once(args: list[str], env: dict[str, str], cwd: Path) -> float:
    """Return the wall seconds of one fresh process."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def main() -> None:
    """Print a Markdown table of median start times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        briefings = work / "briefings"
        briefings.mkdir()
        (briefings / SEED.name).write_bytes(SEED.read_bytes())
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
        env.update(
            PYTHONPATH=str(REPO),
            BRIEFBOT_BRIEFINGS_DIR=str(briefings),
            BRIEFBOT_DATA_DIR=str(work / "data"),
            BRIEFBOT_HTTP_PORT="9",  # nothing listens: health answers at once
        )
        for args in COMMANDS.values():  # warm the OS file cache and the .pyc files
            run_once(args, env, work)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for _ in range(options.runs):
            for name, args in COMMANDS.items():
                times[name].append(run_once(args, env, work))
    base = statistics.median(times["python -c pass"])
    print(f"CLI start-up, median of {options.runs} runs, Python {sys.version.split()[0]}\n")
    print("| command | median s | minus `python -c pass` s | ratio to `python -c pass` |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median:.3f} | {median - base:.3f} | {median / base:.1f}x |")


if __name__ == "__main__":
    main()
