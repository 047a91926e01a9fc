"""The quote handed to the briefing, and how its speaker was found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..people import Entity
from ..text import Span

# How a speaker was found (the briefing's quotes[].attribution).
Attribution = Literal["name", "alias", "pronoun", "continuation", "transcript"]


@dataclass(slots=True)
class FoundQuote:
    """A quote ready for the briefing: verbatim text, kind, speaker and evidence."""

    start: int
    end: int
    text: str
    kind: str
    speaker: Entity | None
    sentence: Span
    how: Attribution | None = None
