"""Story clustering: B-cubed precision/recall/F1 on a stream, and clustering throughput.

Usage::

    python benchmarks/stories.py [--stream benchmarks/data/story-stream.jsonl] [--scale 20000]

Quality: every article of the stream (JSONL: id, story, text, and title, source, url and
published when known; ingest order = file order) goes through the real ingest service into a
temporary briefings directory, as a feed or the push API would send it; each article's story
is the briefing its ingest reported, and these are scored against the gold
``story`` labels with B-cubed. Throughput: ``--scale`` synthetic articles (invented events,
several outlets each, days apart, names shared between events) are clustered by the story
desk's clusterer alone (features + assignment), on one core, with the open stories and the
clusterer's memory reported as the stream grows.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scoring import bcubed
from bot.core.models import Briefing
from bot.core.store import load_directory
from bot.core.story import figure_changes
from bot.ingest.pipeline import IngestService
from bot.ingest.sources import Article
from bot.ingest.stories.cluster import StoryClusterer
from bot.ingest.stories.features import features
from bot.settings import Settings

DEFAULT_STREAM = Path(__file__).parent / "data" / "story-stream.jsonl"


def read_stream(path: Path) -> list[dict[str, str]]:
    """Return the stream's articles in ingest order."""
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


async def cluster_by_ingest(rows: list[dict[str, str]], root: Path) -> dict[str, str]:
    """Ingest the stream through the real service; return article id -> story id.

    Only ``id``, ``story`` and ``text`` are required; a row without ``published`` is dated
    when it is ingested, one without ``url`` gets an address of its own. An article's story is
    the briefing its ingest reported (a story keeps its id as articles join it).
    """
    settings = Settings(briefings_dir=root / "briefings", data_dir=root / "data")
    settings.briefings_dir.mkdir(parents=True)
    settings.data_dir.mkdir(parents=True)
    service = IngestService(settings)
    assigned: dict[str, str] = {}
    try:
        for row in rows:
            url = row.get("url") or f"https://stream.invalid/{row['id']}"
            published = row.get("published")
            article = Article(
                text=row["text"],
                origin=url,
                title=row.get("title") or None,
                published=datetime.fromisoformat(published) if published else None,
                source_name=row.get("source") or None,
                url=url,
            )
            result = await service.ingest_article(article)
            if result.failed or result.briefing_id is None:
                print(f"  {row['id']}: {result.reason}", file=sys.stderr)
                continue
            assigned[row["id"]] = result.briefing_id
    finally:
        await service.close()
    stories = {b.id for b in load_directory(settings.briefings_dir).briefings()}
    missing = set(assigned.values()) - stories
    if missing:  # every story an ingest reported must be a briefing on disk
        raise SystemExit(f"stories reported but not written: {sorted(missing)[:5]}")
    return assigned


def evaluate(path: Path) -> None:
    """Print B-cubed scores of the ingest clustering on a stream."""
    rows = read_stream(path)
    gold = {row["id"]: row["story"] for row in rows}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        system = asyncio.run(cluster_by_ingest(rows, Path(tmp)))
        elapsed = time.perf_counter() - started
    precision, recall, f1 = bcubed(gold, system)
    print(f"stream {path.name}: {len(rows)} articles, {len(set(gold.values()))} gold stories,")
    print(f"  {len(set(system.values()))} stories made, by ingest (extraction included)")
    print(f"  B-cubed precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"  {elapsed:.1f} s wall for the whole ingest")


# --- throughput on a synthetic stream --------------------------------------------------------

_SYLLABLES = "ka lo mi ne ru ta vi so de pa gu ri ho ze la mo ni tu be sa".split()  # noqa: SIM905
_COMMON = (  # noqa: SIM905
    "council officials residents police government plan budget meeting vote report water "
    "road school hospital fire storm court minister company workers union city region "
    "service project emergency families support funding local national week announced"
).split()
_OUTLETS = [f"Outlet {n}" for n in range(12)]


def _word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def synthetic_stream(count: int, seed: int = 7) -> list[tuple[str, str, str, datetime, str, str]]:
    """Return (article id, gold story, outlet, published, title, text) tuples in time order.

    Events have rare words of their own (a place, a person, a subject) on top of a shared
    news vocabulary, and a fifth of them reuse another event's person: the distractors.
    """
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    items: list[tuple[str, str, str, datetime, str, str]] = []
    people = [f"{_word(rng, 2).title()} {_word(rng).title()}" for _ in range(count // 8 + 10)]
    event = 0
    while len(items) < count:
        event += 1
        place, subject = _word(rng).title(), _word(rng)
        person = rng.choice(people)
        begins = start + timedelta(hours=event * 0.4)
        outlets = rng.sample(_OUTLETS, rng.randint(1, 6))
        for n, outlet in enumerate(outlets):
            published = begins + timedelta(hours=rng.uniform(0, 48) if n else 0)
            common = " ".join(rng.sample(_COMMON, 12))
            title = f"{place} {subject} {rng.choice(_COMMON)} {rng.choice(_COMMON)}"
            text = (
                f"{place} {subject} {common}. {person} said the {subject} in {place} would"
                f" affect {rng.randint(2, 900)} {rng.choice(_COMMON)}.\n\n"
                + " ".join(rng.sample(_COMMON, 20))
                + f" {subject} {place}."
            )
            items.append((f"s{len(items)}", f"e{event}", outlet, published, title, text))
    items.sort(key=lambda item: (item[3], item[0]))
    return items[:count]


def _cluster(
    stream: list[tuple[str, str, str, datetime, str, str]], *, trace: bool
) -> dict[str, str]:
    """Cluster a synthetic stream; with ``trace``, print memory as it grows."""
    clusterer = StoryClusterer()
    system: dict[str, str] = {}
    checkpoints = {len(stream) // 4, len(stream) // 2, len(stream)}
    for n, (ident, _, outlet, published, title, text) in enumerate(stream, 1):
        found = features(title, text, frozenset(), clusterer.vocabulary, outlet)
        system[ident] = clusterer.assign(ident, found, published).story_id
        if trace and n in checkpoints:
            current, _ = tracemalloc.get_traced_memory()
            print(
                f"  after {n:>6} articles: {len(clusterer.stories):>5} open stories,"
                f" {len(clusterer.vocabulary.df):>6} words, {current / 2**20:6.1f} MiB traced"
            )
    return system


def measure_throughput(count: int) -> None:
    """Print clustering throughput and memory on a synthetic stream of ``count`` articles."""
    stream = synthetic_stream(count)
    began = time.process_time()
    system = _cluster(stream, trace=False)
    cpu = time.process_time() - began
    gold = {item[0]: item[1] for item in stream}
    precision, recall, f1 = bcubed(gold, system)
    print(f"synthetic stream: {count} articles, {len(set(gold.values()))} events")
    print(f"  clustered in {cpu:.1f} s CPU on one core ({count / cpu:,.0f} articles/s)")
    print(f"  B-cubed precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print("  memory (a second run under tracemalloc; the stream itself is not counted):")
    tracemalloc.start()
    _cluster(stream, trace=True)
    tracemalloc.stop()


def big_story(articles: int, seed: int = 1) -> Briefing:
    """Return a story of ``articles`` articles with eight figures each (a long-running story)."""
    rng = random.Random(seed)
    units = ["troops", "people", "dollars", "percent", "homes", "jobs", "votes", None]
    labels = ["alpha", "beta", "gamma", "delta", "epsilon"]
    entries = [
        {
            "id": f"a{n}",
            "title": f"Report {n}",
            "source": {"name": f"Outlet {n % 9}", "url": f"https://outlet{n}.example/r"},
            "published": f"2026-03-{1 + n % 28:02d}T08:00:00Z",
            "added": "2026-03-29T08:00:00Z",
        }
        for n in range(articles)
    ]
    figures = [
        {
            "value": rng.randint(1, 9000),
            "unit": rng.choice(units),
            "label": f"{rng.choice(labels)} measure {k}",
            "article": f"a{n}",
        }
        for n in range(articles)
        for k in range(8)
    ]
    return Briefing.model_validate(
        {
            "id": "big-story",
            "title": "A long-running story",
            "published": "2026-03-01T08:00:00Z",
            "source": {"name": "Outlet 0"},
            "summary": "Many articles.",
            "figures": figures,
            "articles": entries,
        }
    )


def measure_changes(articles: int) -> None:
    """Print how long /figures' change grouping takes on a story of this many articles."""
    story = big_story(articles)
    started = time.process_time()
    changes = figure_changes(story)
    spent = time.process_time() - started
    print(
        f"figure changes: story of {articles} articles, {len(story.figures)} figures:"
        f" {spent * 1000:.0f} ms CPU, {len(changes)} changes"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stream", type=Path, default=DEFAULT_STREAM)
    parser.add_argument("--scale", type=int, default=20_000)
    parser.add_argument("--changes", type=int, default=100, help="articles in a big story")
    args = parser.parse_args(argv)
    if args.stream.exists():
        evaluate(args.stream)
    else:
        print(f"no stream at {args.stream}", file=sys.stderr)
    if args.scale:
        measure_throughput(args.scale)
    if args.changes:
        measure_changes(args.changes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
