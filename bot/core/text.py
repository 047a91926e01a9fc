"""Words of a text as the index sees them: folded tokens and the stopwords search ignores."""

from __future__ import annotations

import re

from bot.core.models import fold

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def tokens(text: str) -> list[str]:
    """Return the folded word tokens of a text."""
    return _WORD.findall(fold(text))


def folded_tokens(folded: str) -> list[str]:
    """Return the word tokens of a text that is already folded."""
    return _WORD.findall(folded)
