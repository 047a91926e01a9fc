"""Ingest throughput: articles per second for extraction alone and for file -> briefing file.

Usage::

    python benchmarks/ingest_throughput.py [--articles 200] [--eval ../shared/eval/X.jsonl]

The corpus is generated here (about 700-word invented news stories with quotes and figures);
``--eval`` reads texts from a JSONL file at run time instead (never copied anywhere). Rates are
per core: one process, measured by CPU time (``time.process_time``) and by wall clock.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from bot.ingest.extract import extract_briefing
from bot.ingest.html import extract_page
from bot.ingest.pipeline import INDEX_NAME, IngestService
from bot.settings import Settings

NAMES = ["Mara Lindqvist", "Tomas Eze", "Ilse Varga", "Rui Fonseca", "Ana Dahl", "Kofi Berg"]
ROLES = ["the harbour master", "the finance minister", "a council member", "the mayor"]
PLACES = ["Northport", "Vellby", "Sandhaven", "Kirkwall", "Ostrava", "Lagos"]
NOUNS = ["berths", "homes", "jobs", "buses", "schools", "beds", "trees", "flights"]
FILLER = (
    "Officials said the plan had been discussed for months and that the details would be "
    "published once the committee had finished its review of the costs and the timetable. "
)


SYLLABLES = "ka lo mi ne ru ta vi so de pa gu ri ho ze la mo ni tu be sa".split()  # noqa: SIM905


def invented(rng: random.Random) -> str:
    """Return an invented word of three syllables."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3))


def make_article(rng: random.Random, words: int = 700, *, distinct: bool = True) -> tuple[str, str]:
    """Return (title, text) of an invented news story of about ``words`` words.

    A ``distinct`` story has a place, people and subject words of its own (another event);
    otherwise it happens in one of a few towns with the same people and wording, and the
    articles on one town and subject read as one event (a story that grows).
    """
    if distinct:
        place, names = invented(rng).title(), [f"{invented(rng).title()} Dahl" for _ in range(3)]
        filler = (
            f"The {invented(rng)} plan for the {invented(rng)} quarter had been argued over"
            f" since the {invented(rng)} review, and {invented(rng)} groups want it changed. "
        )
    else:
        place, names, filler = rng.choice(PLACES), NAMES, FILLER
    noun = rng.choice(NOUNS)
    title = f"{place} to add {rng.randint(20, 900)} new {noun}"
    paragraphs = []
    while sum(len(p.split()) for p in paragraphs) < words:
        name, role = rng.choice(names), rng.choice(ROLES)
        amount = rng.randint(2, 9000)
        kind = rng.randrange(4)
        if kind == 0:
            paragraphs.append(
                f'"We will deliver {amount} {noun} before the end of next year," said {name}, '
                f"{role}, speaking in {place} on Tuesday. {filler}"
            )
        elif kind == 1:
            paragraphs.append(
                f"The budget grew by {rng.randint(2, 60)} percent to {amount} million euros, "
                f"according to figures released by the city of {place}. {filler}"
            )
        elif kind == 2:
            paragraphs.append(
                f"{name} told reporters that the project was on schedule and that about "
                f"{amount} residents had signed the petition. {filler}"
            )
        else:
            paragraphs.append(
                f'Critics disagreed. "This is not enough for {place}," {name} said, adding '
                f"that {amount} families were still waiting. {filler}"
            )
    return title, "\n".join(paragraphs)


def as_html(title: str, text: str) -> str:
    """Return the story as a page with navigation, scripts and boilerplate around it."""
    body = "".join(f"<p>{p}</p>" for p in text.split("\n"))
    return (
        f"<!doctype html><html><head><title>{title} | Gazette</title>"
        f'<meta property="og:title" content="{title}">'
        '<meta property="article:published_time" content="2024-10-30T08:00:00Z">'
        "<script>var tracking = 1;</script></head><body>"
        '<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<aside>Most read: 1. Something 2. Something else</aside>"
        "<footer>Copyright Gazette</footer></body></html>"
    )


def load_eval(path: Path, limit: int) -> list[tuple[str, str]]:
    """Return up to ``limit`` (title, text) pairs read from a JSONL file (not stored anywhere)."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = orjson.loads(line)
            items.append((str(record.get("id", "article")), str(record["text"])))
        if len(items) >= limit:
            break
    return items


def rate(label: str, count: int, work: Callable[[], None]) -> tuple[float, float]:
    """Run work, print and return (articles/s by CPU time, articles/s by wall clock)."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    per_cpu, per_wall = count / cpu, count / wall
    print(
        f"{label:<44} {count:>5} articles  {per_cpu:8.1f}/s CPU  {per_wall:8.1f}/s wall"
        f"  ({1000 * cpu / count:.1f} ms CPU each)"
    )
    return per_cpu, per_wall


def seed_index(data_dir: Path, entries: int) -> None:
    """Write an ingest index of earlier articles (three per story, each with its URL)."""
    data_dir.mkdir(parents=True)
    stories = {
        f"{n:064x}": {
            "id": f"earlier-story-{n // 3}",
            "origin": f"https://outlet{n % 40}.example/news/{n}",
            "url": f"https://outlet{n % 40}.example/news/{n}",
            "article": f"earlier-article-{n}",
        }
        for n in range(entries)
    }
    payload = orjson.dumps({"version": 1, "stories": stories}, option=orjson.OPT_INDENT_2)
    (data_dir / INDEX_NAME).write_bytes(payload)


def main() -> None:
    """Run the benchmark and print one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--eval", type=Path, help="read article texts from this JSONL file")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--index",
        type=int,
        default=20_000,
        help="also ingest with an ingest index already this large (a library that has grown)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    corpus = (
        load_eval(args.eval, args.articles)
        if args.eval
        else [make_article(rng) for _ in range(args.articles)]
    )
    # The same count of articles on a few towns: stories that grow to dozens of articles.
    towns = [make_article(rng, distinct=False) for _ in range(len(corpus))]
    words = sum(len(text.split()) for _, text in corpus) / len(corpus)
    print(f"corpus: {len(corpus)} articles, {words:.0f} words on average")
    pages = [as_html(title, text) for title, text in corpus]
    extract_briefing(corpus[0][1])  # warm up lazy tables and regex caches

    rate(
        "extraction (text -> Briefing)",
        len(corpus),
        lambda: [extract_briefing(text, title=title) for title, text in corpus] and None,
    )
    rate(
        "HTML main text + metadata (trafilatura)",
        len(pages),
        lambda: [extract_page(page) for page in pages] and None,
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = root / "in"
        sources.mkdir()
        for n, (title, text) in enumerate(corpus):
            (sources / f"{n:04d}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
            (sources / f"{n:04d}.html").write_text(pages[n], encoding="utf-8")
        for n, (title, text) in enumerate(towns):
            (sources / f"town-{n:04d}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")

        async def ingest(pattern: str, known: int = 0) -> None:
            # A directory per run: the same texts again would only be found as duplicates.
            run = f"{pattern.strip('*.')}-{known}"
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None,
                briefings_dir=root / f"briefings-{run}",
                data_dir=root / f"data-{run}",
            )
            if known:
                seed_index(settings.data_dir, known)
            service = IngestService(settings)
            try:
                for path in sorted(sources.glob(pattern)):
                    result = await service.ingest_file(path)
                    if result.failed:
                        raise SystemExit(f"{path}: {result.reason}")
            finally:
                await service.close()
            sizes = [f.stat().st_size for f in settings.briefings_dir.iterdir()]
            print(f"  -> {len(sizes)} story files, the largest {max(sizes):,} bytes")

        rate(
            "whole path: .txt file -> briefing file",
            len(corpus),
            lambda: asyncio.run(ingest("0*.txt")),
        )
        rate(
            "whole path: .html file -> briefing file",
            len(corpus),
            lambda: asyncio.run(ingest("0*.html")),
        )
        rate(
            "whole path: .txt, a few towns (growing stories)",
            len(towns),
            lambda: asyncio.run(ingest("town-*.txt")),
        )
        if args.index:
            rate(
                f"whole path: .txt, ingest index of {args.index:,} entries",
                len(corpus),
                lambda: asyncio.run(ingest("0*.txt", args.index)),
            )


if __name__ == "__main__":
    main()
