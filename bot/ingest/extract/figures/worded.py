"""Numbers written in words: "three hundred", "one soldier", "one of the best", "a century"."""

from __future__ import annotations

import re

from ..numbers import SCALE_WORDS, WORD_NUMBER, parse_count, parse_words
from ..units import STOPS, counted_noun
from .filters import DATE_AFTER
from .masking import MaskedSentence
from .model import FoundFigure
from .phrases import clause_after, tail
from .words import ONE_IDIOM_NEXT, ONE_PRONOUN_BEFORE

_SUPERLATIVE = re.compile(
    r"^ of (?:the |its |their |his |her |our |[A-Z][\w]*[’']s )"
    r"(?P<adj>[a-z]+est|best|worst|most|least)\b(?P<rest>[^.;:]*)"
)
_CENTURY = re.compile(r"\b(?:a|one) century\b(?! (?:ago|old|later|earlier|before)\b)")
_NOT_AMOUNTS = frozenset({"a", "an", "half", "a half", "an half"})


def counted_one(before: str, after: str) -> bool:
    """Return whether "one" counts something ("one soldier", "one to two years")."""
    if re.match(r"^(?: to | or |-)(\d|[a-z]+\b)", after):
        following = re.split(r"[ -]", after.strip(), maxsplit=2)
        nxt = following[1] if len(following) > 1 else ""
        if parse_count(nxt.strip(".,;:")) is not None:
            return True
    nxt_word = after.split()[:1]
    before_word = before.split()[-1:]
    return not (
        not nxt_word
        or not nxt_word[0].isalpha()
        or not nxt_word[0].islower()
        or nxt_word[0] in STOPS
        or nxt_word[0] in ONE_IDIOM_NEXT
        or (before_word and before_word[0].casefold() in ONE_PRONOUN_BEFORE)
    )


def _one_of_a_kind(read: MaskedSentence, start: int, words: str, after: str) -> FoundFigure | None:
    """Return "one of the best screens" as one of a kind (NewsQuant counts it), or None."""
    superlative = _SUPERLATIVE.match(after)
    if not superlative:
        return None
    fig = FoundFigure(1.0, start, start + len(words), read.sentence, from_words=True)
    fig.unit = counted_noun(superlative["rest"], 2.0)
    if not fig.unit:
        return None
    rest = tail(clause_after(superlative["rest"]), limit=6)
    fig.label = " ".join([superlative["adj"], *rest])
    return fig


def find_worded(read: MaskedSentence, taken: list[FoundFigure]) -> list[FoundFigure]:
    """Return the numbers written in words that overlap no figure in ``taken``, in order."""
    out = []
    text = read.masked
    for m in WORD_NUMBER.finditer(text):
        if any(f.start <= m.start() < f.end + 1 or m.start() <= f.start < m.end() for f in taken):
            continue
        if m.group("words").split()[0].casefold() in SCALE_WORDS:
            continue  # a bare "million" belongs to a numeral before it
        words = m.group("words").rstrip(" -")
        first = words.split()[0].split("-")[0]
        start = m.start()
        lead = text[:start].rstrip(" “\"‘'(")
        at_start = not lead or lead[-1] in ".?!:…"
        if first[0].isupper() and not at_start:
            continue  # "Formula One", "Air Force One"
        low = words.casefold()
        after = text[m.start() + len(words) :]
        if low in _NOT_AMOUNTS or low.startswith(("a half", "half")):
            continue
        value = parse_words(words)
        if value is None:
            continue
        if low == "one":
            kind = _one_of_a_kind(read, start, words, after)
            if kind is not None:
                out.append(kind)
                continue
            if not counted_one(text[:start], after):
                continue
        if low.endswith(("hundred", "thousand", "million", "billion")) and after.startswith("s"):
            continue  # "hundreds of", "millions of"
        if DATE_AFTER.match(after) or re.match(r"^\s?o'clock", after):
            continue
        fig = FoundFigure(value, start, start + len(words), read.sentence, from_words=True)
        out.append(fig)
    for m in _CENTURY.finditer(text):
        out.append(FoundFigure(100.0, m.start(), m.end(), read.sentence, unit="years"))
    return out
