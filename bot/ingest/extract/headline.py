"""A headline for an article that came without one: its headline line, else its lead's main clause.

A headline is short (at most :data:`HEADLINE_MAX` characters) and reads as a whole: when the lead
sentence is too long, the opening phrase before the subject ("In a significant escalation ...,")
and trailing phrases (", which ...", "set to ...", "in the Kursk region") are dropped at phrase
boundaries, never in the middle of a phrase. Only when no sentence of the lead can be shortened
that way is a sentence cut at a word and marked with an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .furniture import is_furniture, strip_dateline
from .text import Span, find_headline

HEADLINE_MAX = 90
_MIN_WORDS = 5
_LEAD_SENTENCES = 3
# An opening phrase that is not the subject: "In ...,", "According to ...,", "On Monday,".
_OPENER = re.compile(
    r"^(?:in|on|at|after|amid|amidst|as|following|despite|during|with|without|before|since|"
    r"while|under|over|for|from|according to|leading up to|earlier|later|meanwhile|however|"
    r"last|this|once|nearly|almost|more than|less than|about|by|two|three|several|"
    r"separately|also|still|now|today|yesterday)\b[^,;:“”\"]{0,100}, ",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*\([^()]{0,80}\)")
# Where a trailing phrase may be dropped: before a clause after a comma, a non-finite "set to",
# a preposition or a conjunction. The first group is the text kept before the boundary.
_BOUNDARY = re.compile(
    r",\s+(?=(?:which|who|whom|whose|where|when|while|as|after|before|with|amid|including|"
    r"according|but|and|saying|adding|marking|making|citing|in|on|at|for|despite|following|"
    r"a|an|the)\b)"
    r"|\s+(?=(?:set|expected|due|poised|scheduled|likely|seeking|aiming) to\b)"
    r"|\s+(?=(?:in|on|at|against|for|from|after|amid|during|near|across|with|by|since|until|"
    r"into|under|through|over|following|despite|as|and|but|or|while|because|when|if)\s)"
)
_DANGLING = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "with",
        "by",
        "for",
        "from",
        "in",
        "on",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "be",
        "been",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "its",
        "their",
        "his",
        "her",
    ]
)


def make_headline(paragraphs: Sequence[Span], sentences: Sequence[Span]) -> str:
    """Return a headline: the article's headline line, else the lead's main clause."""
    line = find_headline(list(paragraphs))
    if line is not None:
        shortened = shorten(line.text.strip())
        if shortened is not None:
            return shortened
    lead = [s for s in sentences if not is_furniture(s.text)][:_LEAD_SENTENCES]
    if line is not None:
        lead = [s for s in lead if s.start >= line.end]
    for sentence in lead:
        if sentence.text.lstrip()[:1] in "\"“'‘«":
            continue  # a quotation opening the story makes a poor headline
        shortened = shorten(sentence.text)
        if shortened is not None:
            return shortened
    first = strip_dateline((lead or list(sentences))[0].text).rstrip(" .")
    return first if len(first) <= HEADLINE_MAX else _cut(first)


def shorten(sentence: str, limit: int = HEADLINE_MAX) -> str | None:
    """Return the sentence's main clause in at most ``limit`` characters, or None if none fits."""
    text = strip_dateline(sentence.strip()).rstrip()
    text = re.sub(r"[.!?…]+$", "", text)
    text = _BRACKETS.sub("", text)
    opener = _OPENER.match(text)
    if opener is not None and len(text[opener.end() :].split()) >= _MIN_WORDS:
        text = text[opener.end() :]
    text = text[:1].upper() + text[1:]
    if len(text) <= limit:
        return text if len(text.split()) >= 2 else None
    best = None
    for m in _BOUNDARY.finditer(text):
        kept = text[: m.start()].rstrip(" ,;:—–-")
        if len(kept) > limit:
            break
        words = kept.split()
        if len(words) >= _MIN_WORDS and words[-1].casefold() not in _DANGLING:
            best = kept
        if m.group().startswith(","):
            break  # past ", making ..." every cut would leave that phrase half said
    return best


def _cut(text: str) -> str:
    cut = text[: HEADLINE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"
