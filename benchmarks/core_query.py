"""Benchmark command latency at 100,000 briefings: /quote, /figures and autocomplete.

Loads the synthetic corpus through ``BriefingLibrary`` (with the start-up cache, as the bot
does), then times ``CommandEngine.execute`` end to end (index lookup + building the neutral
Reply; no platform rendering) over random queries, and the index lookup alone, so the split
between finding and phrasing is visible. Autocomplete is timed through ``engine.complete``.

With ``--layered K``, K more synthetic briefings are then applied as shared-library changes,
so the queries run on a layered index (:meth:`bot.core.index.Index.updated`), as on a replica
just below its compaction point (K = 1,999).

Usage: ``python benchmarks/core_query.py --size 100000 --queries 10000 [--layered 1999]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import Cast, briefing, write_corpus  # noqa: E402
from bot.core.commands import CommandEngine, Invocation  # noqa: E402
from bot.core.models import Briefing  # noqa: E402
from bot.core.records import to_record  # noqa: E402
from bot.core.store import BriefingLibrary  # noqa: E402


def percentiles(samples: list[float]) -> str:
    """Return 'p50 / p99 / max' in milliseconds."""
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{p50 * 1e3:.3f} | {p99 * 1e3:.3f} | {ordered[-1] * 1e3:.2f}"


async def time_command(
    engine: CommandEngine, name: str, make_args: Callable[[], Mapping[str, str]], count: int
) -> tuple[list[float], str]:
    """Time ``count`` executions of a command with fresh random arguments each."""
    samples = []
    statuses: dict[str, int] = {}
    invocation = Invocation()
    for _ in range(count):
        args = make_args()
        start = time.perf_counter()
        reply = await engine.execute(name, args, invocation)
        samples.append(time.perf_counter() - start)
        statuses[reply.status] = statuses.get(reply.status, 0) + 1
    return samples, ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))


def time_calls(call: Callable[[], Any], count: int) -> list[float]:
    """Time ``count`` calls."""
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def layer(library: BriefingLibrary, size: int, count: int) -> None:
    """Apply ``count`` new synthetic briefings (the corpus's cast) as shared-library changes."""
    rng = random.Random(23)
    cast = Cast(min(8400, max(400, size // 10)))
    changes = {}
    for n in range(size, size + count):
        record = to_record(Briefing.model_validate(briefing(n, rng, cast)))
        changes[f"layered-{n}.json"] = record
    start = time.perf_counter()
    library.apply_shared(changes)
    print(
        f"layered {library.index.layered:,} briefings in {time.perf_counter() - start:.2f} s "
        f"(one apply_shared)"
    )


async def run(size: int, queries: int, cache_dir: Path, layered: int) -> None:
    """Load the corpus and print one Markdown table row per measurement."""
    root = write_corpus(REPO / "benchmarks" / "out", size)
    library = BriefingLibrary(root, max_bytes=10_000_000, cache_dir=cache_dir)
    start = time.perf_counter()
    library.reload()
    print(f"loaded {len(library.index.stories):,} briefings in {time.perf_counter() - start:.1f} s")
    if layered:
        layer(library, size, layered)
    index = library.index
    engine = CommandEngine(lambda: library.index)
    rng = random.Random(11)
    quoted = [s for s in index.speakers.values() if len(s.quotes)]
    story_ids = [b.id for b in index.stories]
    all_quotes = [(b, q) for b in index.stories[:: max(1, size // 5000)] for q in b.quotes]
    weighted = [index.speakers[q.speaker].name for _, q in all_quotes if q.speaker]
    titles = [b.title.split(": ", 1)[-1].split() for b in index.stories[:: max(1, size // 5000)]]
    print(f"{len(quoted):,} speakers with quotes; top has {max(len(s.quotes) for s in quoted):,}")
    print("| query | p50 ms | p99 ms | max ms | replies |")
    print("|---|---:|---:|---:|---|")

    def row(label: str, samples: list[float], note: str = "") -> None:
        print(f"| {label} | {percentiles(samples)} | {note} |", flush=True)

    cases: list[tuple[str, str, Callable[[], Mapping[str, str]]]] = [
        ("/quote <speaker, uniform>", "quote", lambda: {"speaker": rng.choice(quoted).name}),
        ("/quote <speaker, by quotes>", "quote", lambda: {"speaker": rng.choice(weighted)}),
        (
            "/quote <speaker> topic:<topic>",
            "quote",
            lambda: {"speaker": rng.choice(weighted), "topic": rng.choice(("energy", "trade"))},
        ),
        ("/figures <story id>", "figures", lambda: {"story": rng.choice(story_ids)}),
        (
            "/figures <title words>",
            "figures",
            lambda: {"story": " ".join(rng.sample(rng.choice(titles), 3))},
        ),
    ]
    for label, name, make_args in cases:
        # Topic filtering scans every quote of the speaker: fewer runs keep the benchmark short.
        count = queries // 10 if "topic:" in label else queries
        samples, statuses = await time_command(engine, name, make_args, count)
        row(label, samples, statuses)
    row(
        "index only: find_speakers",
        time_calls(lambda: index.find_speakers(rng.choice(weighted)), queries),
    )
    row(
        "index only: find_story (id)",
        time_calls(lambda: index.find_story(rng.choice(story_ids)), queries),
    )
    names = [s.name for s in quoted]
    words = [w for t in titles for w in t]

    def prefix_of(text: str) -> str:
        return text[: rng.randint(1, min(8, len(text)))]

    completions: list[tuple[str, Callable[[], Any]]] = [
        (
            "complete speaker <1-8 chars>",
            lambda: engine.complete("speaker", prefix_of(rng.choice(names))),
        ),
        ("complete speaker ''", lambda: engine.complete("speaker", "")),
        (
            "complete story <word + prefix>",
            lambda: engine.complete("story", f"{rng.choice(words)} {prefix_of(rng.choice(words))}"),
        ),
        ("complete story <prefix>", lambda: engine.complete("story", prefix_of(rng.choice(words)))),
        ("complete topic <prefix>", lambda: engine.complete("topic", prefix_of("north-korea"))),
    ]
    for label, call in completions:
        row(label, time_calls(call, max(1000, queries // 5)))
    gc.collect()


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--cache", type=Path, default=REPO / "benchmarks" / "out" / "cache")
    parser.add_argument("--layered", type=int, default=0, help="shared changes layered first")
    args = parser.parse_args()
    asyncio.run(run(args.size, args.queries, args.cache / str(args.size), args.layered))


if __name__ == "__main__":
    main()
