"""The figure record the finder fills in and the ranker orders."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import Span


@dataclass(slots=True)
class FoundFigure:
    """A figure ready for the briefing, with the offsets of the number as written."""

    value: float
    start: int
    end: int
    sentence: Span
    high: float | None = None
    unit: str | None = None
    label: str = ""
    qualifier: str | None = None
    per: str | None = None
    scale_given: bool = False
    percent: bool = False
    scale: float = 1.0
    kind: str = ""  # "", "vague", "score" or "scientific": special forms skip some rules
    from_words: bool = False
