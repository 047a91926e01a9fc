"""Score the offline extractor on annotated JSONL corpora and measure its speed.

Usage: ``python benchmarks/extraction.py CORPUS.jsonl [...]`` (format: ../shared/eval/README.md).
Add ``--speed ARTICLE.txt`` to time repeated extraction of one article (articles per second).

Full-name speakers: with ``--overlay DIR``, when ``DIR/<corpus>-speakers*.jsonl`` exists (one line
per direct gold quote: article id, character span, the speaker's full name or null, checked by
hand; derived from the evaluation data, so kept outside the repository), the joint score is also
computed against those full names, with the share of named speakers that are another person and
a breakdown of how each found quote's speaker relates to the right one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scoring import (
    Counts,
    GoldFigure,
    GoldQuote,
    QuoteScores,
    SystemFigure,
    SystemQuote,
    score_figures,
    score_quotes,
)
from bot.ingest.extract import extract_briefing

_FIXED_DATE = date(2000, 1, 1)
Overlay = dict[tuple[str, int, int], str | None]


def load_overlay(corpus: Path, directory: Path | None) -> Overlay:
    """Return the hand-checked full-name speakers for a corpus, keyed by (article, start, end).

    The overlay is derived from the evaluation data, so it lives beside that data, outside the
    repository: ``<directory>/<corpus stem>-speakers*.jsonl``, one JSON line per direct quote
    with ``article``, ``start``, ``end`` and ``speaker`` (the full name, or null).
    """
    overlay: Overlay = {}
    if directory is None:
        return overlay
    for part in sorted(directory.glob(f"{corpus.stem}-speakers*.jsonl")):
        for line in part.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                overlay[(row["article"], row["start"], row["end"])] = row["speaker"]
    return overlay


def _with_full_names(row: dict[str, Any], overlay: Overlay) -> list[GoldQuote]:
    """Return the article's gold quotes with speakers from the overlay (mentions dropped)."""
    out = []
    for q in row["quotes"]:
        name = overlay.get((row["id"], q["start"], q["end"])) if q["direct"] else None
        out.append(GoldQuote(q["text"], q["direct"], name, None))
    return out


def _print_speakers(scores: QuoteScores) -> None:
    """Print the wrong-speaker share and how each found quote's speaker relates to the gold."""
    found = sum(scores.speakers.values())
    shares = ", ".join(f"{k} {100 * v / found:.1f} %" for k, v in scores.speakers.most_common())
    print(f"  named speakers that are another person: {100 * scores.wrong_speaker_share:.1f} %")
    print(f"  found quotes with a known speaker ({found}): {shares}")


def _line(name: str, counts: Counts) -> str:
    return (
        f"  {name:<28} P {counts.precision:.3f}  R {counts.recall:.3f}  F1 {counts.f1:.3f}"
        f"  (tp {counts.tp}, system {counts.system}, gold {counts.gold})"
    )


def evaluate(path: Path, overlay_dir: Path | None = None) -> None:
    """Print quote, speaker and figure scores and the speed for one corpus."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    quotes = QuoteScores(Counts(), Counts(), Counts())
    full = QuoteScores(Counts(), Counts(), Counts())
    overlay = load_overlay(path, overlay_dir)
    values, units = Counts(), Counts()
    has_quotes = any(r["quotes"] for r in rows)
    has_figures = any(r["figures"] for r in rows)
    words = 0
    started = time.perf_counter()
    for row in rows:
        words += len(row["text"].split())
        briefing = extract_briefing(row["text"], published=_FIXED_DATE, source_name="eval")
        names = {p.id: p.name for p in briefing.people}
        system_quotes = [
            SystemQuote(q.text, q.kind, names.get(q.speaker or "")) for q in briefing.quotes
        ]
        gold_quotes = [
            GoldQuote(q["text"], q["direct"], q.get("speaker"), q.get("speaker_mention"))
            for q in row["quotes"]
        ]
        if has_quotes:
            quotes.add(score_quotes(gold_quotes, system_quotes))
            if overlay:
                full.add(score_quotes(_with_full_names(row, overlay), system_quotes))
        if has_figures:
            gold_figures = [
                GoldFigure(f["value"], f.get("unit"), f.get("unit_surface")) for f in row["figures"]
            ]
            system_figures = [SystemFigure(f.value, f.unit, f.high) for f in briefing.figures]
            v, u = score_figures(gold_figures, system_figures)
            values.add(v)
            units.add(u)
    elapsed = time.perf_counter() - started
    print(f"{path.name}: {len(rows)} articles, {words} words")
    if has_quotes:
        print(_line("direct quotes (80% tokens)", quotes.direct80))
        print(_line("direct quotes (30% tokens)", quotes.direct30))
        print(_line("joint quote+speaker", quotes.joint))
        print(
            f"  speaker rule: system full name contains every token of the gold name; with only a"
            f" mention, of its last capitalised run minus titles. {quotes.unscorable_speakers}"
            " gold direct quotes with a pronoun, nominal or empty mention are left out of the"
            " joint score."
        )
        if overlay:
            print(_line("joint quote+full name", full.joint))
            print(
                f"  full names from the overlay ({len(overlay)} direct quotes,"
                f" {full.unscorable_speakers} without a named speaker left out)"
            )
            _print_speakers(full)
        elif quotes.speakers:
            _print_speakers(quotes)  # the corpus itself gives full names
    if has_figures:
        print(_line("figure value", values))
        print(_line("figure value+unit", units))
    print(
        f"  speed (scoring included): {len(rows) / elapsed:.1f} articles/s,"
        f" {words / elapsed:.0f} words/s"
    )


def measure_speed(path: Path, seconds: float = 3.0) -> None:
    """Print how many times per second one article is extracted (single process)."""
    text = path.read_text(encoding="utf-8")
    count = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    while time.perf_counter() - started < seconds:
        extract_briefing(text, published=_FIXED_DATE)
        count += 1
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(
        f"{path.name}: {len(text.split())} words, {count / cpu:.1f} articles/s per core (CPU"
        f" time, {1000 * cpu / count:.1f} ms per article); wall clock {count / elapsed:.1f}/s"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on the given corpora."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--speed", type=Path, help="a plain-text article to time")
    parser.add_argument(
        "--overlay",
        type=Path,
        help="directory of full-name speaker overlays (kept outside the repository)",
    )
    args = parser.parse_args(argv)
    for corpus in args.corpora:
        evaluate(corpus, args.overlay)
    if args.speed:
        measure_speed(args.speed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
