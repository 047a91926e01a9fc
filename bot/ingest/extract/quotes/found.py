"""The quote handed to the briefing, and how its speaker was found."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import Attribution

from ..people import Entity
from ..text import Span


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
