"""Key figures: drop quoted and headline numbers, merge repeats, rank by general signals, cap."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from ..units import CURRENCY_WORDS
from .model import FoundFigure

MAX_KEY_FIGURES = 8
_DURATIONS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
    ]
)


def _position(fig: FoundFigure) -> int:
    return fig.sentence.start + fig.start


def _unit_key(unit: str | None) -> str:
    low = (unit or "").casefold().strip()
    return low[:-1] if low.endswith("s") else low


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _same(a: FoundFigure, b: FoundFigure) -> bool:
    """Return whether b repeats a (same value and unit, in another sentence)."""
    if a.kind == "score" or b.kind == "score" or a.sentence.start == b.sentence.start:
        return False
    if not math.isclose(a.value, b.value, rel_tol=1e-9) or a.high != b.high:
        return False
    if _unit_key(a.unit) == _unit_key(b.unit):
        return True
    return (a.unit is None or b.unit is None) and abs(a.value) >= 100


def _weight(fig: FoundFigure) -> float:
    """Return how much a figure's kind of unit says it matters (money and shares first)."""
    unit = (fig.unit or "").casefold()
    if fig.percent or fig.kind == "fraction":
        weight = 2.5
    elif any(word in CURRENCY_WORDS for word in unit.split()):
        weight = 3.0
    elif unit.endswith("of age"):
        weight = 0.5
    elif unit in _DURATIONS:
        weight = 1.0
    elif fig.kind in ("score", "ratio"):
        weight = 2.5  # an outcome: "voted 7-2", "won 2-0", "a 3-to-1 margin"
    elif fig.unit:
        weight = 2.0
    else:
        weight = 0.5
    if fig.per:
        weight += 1.5
    if fig.kind == "vague":
        weight -= 0.5
    if fig.from_words and abs(fig.value) <= 2:
        weight -= 1.5  # "one of the best", "two people": rarely what the story is about
    return weight


def _named(fig: FoundFigure) -> bool:
    """Return whether the label names someone or something ("North Korean troops").

    A capital that only opens the sentence ("Crews replaced ...") names no one.
    """
    text = fig.sentence.text.lstrip()
    return any(word[:1].isupper() and word in text[1:] for word in fig.label.split())


def rank_figures(
    figures: Sequence[FoundFigure],
    *,
    skip: Sequence[tuple[int, int]] = (),
    lead_end: int = 0,
    limit: int = MAX_KEY_FIGURES,
) -> list[FoundFigure]:
    """Return the key figures, most important first.

    Figures whose number lies in a ``skip`` span (direct quotes, the headline) are dropped; a
    figure repeated in later sentences is kept once and counts as more important. Figures in the
    lead (before ``lead_end``) rank higher and are always kept, so a one-sentence text keeps all.
    """
    kept: list[FoundFigure] = []
    repeats: dict[int, int] = {}
    for fig in figures:
        if _inside(_position(fig), skip):
            continue
        first = next((k for k in kept if _same(k, fig)), None)
        if first is not None:
            repeats[id(first)] = repeats.get(id(first), 0) + 1
            continue
        kept.append(fig)
    if not kept:
        return []
    span = max(_position(f) for f in kept) + 1
    scores: dict[int, float] = {}
    for fig in kept:
        position = _position(fig)
        score = _weight(fig) + 0.25 * min(math.log10(abs(fig.value) + 1), 9)
        score += 2.0 if position < lead_end else 1.0 - position / span
        score += min(repeats.get(id(fig), 0), 2) * 1.0
        score += 0.5 if _named(fig) else 0.0
        scores[id(fig)] = score
    # The two sides of a score stay together, ranked as the better of the two.
    for a, b in itertools.pairwise(kept):
        if a.kind == b.kind == "score" and a.sentence.start == b.sentence.start:
            scores[id(a)] = scores[id(b)] = max(scores[id(a)], scores[id(b)])
    order = sorted(kept, key=lambda f: (-scores[id(f)], _position(f)))
    lead = sum(1 for f in kept if _position(f) < lead_end)
    cap = max(limit, lead)
    chosen = order[:cap]
    if chosen and chosen[-1].kind == "score" and len(order) > cap and order[cap].kind == "score":
        chosen.append(order[cap])  # never split a score
    return chosen
