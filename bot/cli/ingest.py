"""The ``briefbot ingest`` sub-command: files, web pages and feeds into briefing files."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import orjson

from bot.errors import UsageError
from bot.ingest.pipeline import IngestResult, IngestService, Outcome, OutputFormat, dump_briefing
from bot.settings import Settings

OUTCOMES: tuple[Outcome, ...] = ("created", "updated", "unchanged", "failed")
BAR_WIDTH = 24


def register(subparsers: Any) -> None:
    """Add the ingest sub-command."""
    ingest = subparsers.add_parser(
        "ingest",
        help="turn text/Markdown/HTML files, web pages and feeds into briefings",
        description=(
            "Each SOURCE is a .txt, .md or .html file or an http(s) URL; --feed adds an RSS or"
            " Atom feed (every entry is ingested). Briefings are written atomically into the"
            " briefings directory, where a running bot picks them up."
        ),
    )
    ingest.add_argument("sources", nargs="*", metavar="SOURCE", help="file path or URL")
    ingest.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="RSS or Atom feed (repeatable)"
    )
    ingest.add_argument(
        "--stdout", action="store_true", help="print the briefings instead of writing files"
    )
    ingest.add_argument("--format", choices=("yaml", "json"), default="yaml", help="for --stdout")
    ingest.add_argument(
        "--briefings-dir", type=Path, help="write here (default: BRIEFBOT_BRIEFINGS_DIR)"
    )
    ingest.set_defaults(handler=_ingest)


class Progress:
    """A progress bar on a terminal, plain lines elsewhere, nothing for a single source."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.enabled = total > 1
        self.tty = self.enabled and stream.isatty()

    def start(self, label: str) -> None:
        """Show that a source is being worked on."""
        if self.tty:
            filled = BAR_WIDTH * self.done // self.total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stream.write(f"\r\x1b[K[{bar}] {self.done}/{self.total} {_shorten(label, 50)}")
            self.stream.flush()

    def finish(self, label: str, results: Sequence[IngestResult]) -> None:
        """Record that a source is done."""
        self.done += 1
        if self.enabled and not self.tty:
            outcome = ", ".join(sorted({r.outcome for r in results})) or "no entries"
            self.stream.write(f"[{self.done}/{self.total}] {label}: {outcome}\n")
            self.stream.flush()

    def close(self) -> None:
        """Clear the bar."""
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


async def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    if not args.sources and not args.feed:
        raise UsageError("give at least one SOURCE (file or URL) or --feed URL")
    if args.briefings_dir is not None:
        settings = settings.model_copy(update={"briefings_dir": args.briefings_dir})
    write = not args.stdout
    service = IngestService(settings)
    progress = Progress(len(args.sources) + len(args.feed), sys.stderr)
    results: list[IngestResult] = []
    try:
        for source in args.sources:
            progress.start(source)
            outcome = await service.ingest_source(source, write=write)
            progress.finish(source, [outcome])
            results.append(outcome)
        for feed in args.feed:
            progress.start(feed)
            outcomes = await service.ingest_feed(feed, write=write)
            progress.finish(feed, outcomes)
            results.extend(outcomes)
    finally:
        progress.close()
        await service.close()
    if args.stdout:
        _print_briefings(results, args.format)
        if len(results) > 1 or any(r.failed for r in results):
            sys.stderr.write(render_table(results))
    else:
        sys.stdout.write(render_table(results))
    return 1 if any(r.failed for r in results) else 0


def _print_briefings(results: Sequence[IngestResult], fmt: OutputFormat) -> None:
    briefings = [r.briefing for r in results if r.briefing is not None]
    if fmt == "json":
        data = [b.model_dump(mode="json", exclude_defaults=True) for b in briefings]
        payload = data[0] if len(data) == 1 else data
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    documents = [dump_briefing(b, "yaml").decode("utf-8") for b in briefings]
    sys.stdout.write("---\n".join(documents))


def render_table(results: Sequence[IngestResult]) -> str:
    """Return the summary table: one row per story, then the count of each outcome."""
    rows = [("OUTCOME", "BRIEFING", "SOURCE", "DETAIL")]
    for r in results:
        detail = r.reason or (str(r.path) if r.path else "")
        rows.append((r.outcome, r.briefing_id or "-", r.source, detail))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    lines += [f"warning: {r.briefing_id or r.source}: {w}" for r in results for w in r.warnings]
    counts = Counter(r.outcome for r in results)
    lines.append(", ".join(f"{counts[o]} {o}" for o in OUTCOMES))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]
