"""Shares in words: "a quarter of residents", "two thirds of voters", "half the seats".

A share of something counted becomes a percent labelled "share of ..."; a fraction of a
measure ("a quarter of a mile") stays a fraction of that unit; a change by a fraction ("fell
by a quarter", "rose by half") is a percent change, labelled as "fell by 25 percent" would be.
"""

from __future__ import annotations

import itertools
import re

from ..numbers import FRACTION, FRACTIONS, SMALL
from ..units import STOPS, canonical, is_measure
from .masking import MaskedSentence
from .model import FoundFigure
from .phrases import clause_after, tail
from .words import HALF_PART_BEFORE, SHARE_LEADS

# "a quarter of a mile", and for a half also "half a tonne", "half an hour".
_OF_A_MEASURE = re.compile(r"^(?P<of> of)? an? (?P<unit>[a-z]+)\b")
# "fell by a quarter", "rose by two thirds", "cut by half": not followed by "of" (a share).
_BY_FRACTION = re.compile(
    r"\bby (?:(?P<count>a|an|one|two|three)[ -])?"
    r"(?P<part>half|thirds?|quarters?|fifths?|tenths?)\b(?! of\b)(?!-)",
    re.IGNORECASE,
)


# "a two-thirds majority", "three-quarters support": a hyphenated fraction before a noun.
_HYPHENATED = re.compile(
    r"\b(?P<count>one|two|three|four|five|seven|nine)-(?P<part>thirds?|quarters?|fifths?|tenths?)\b"
    r"(?! of\b)",
    re.IGNORECASE,
)


def share_figure(
    read: MaskedSentence, value: float, start: int, end: int, noun_at: int
) -> FoundFigure:
    """Return a share in words ("a quarter of residents") as a percent of what follows.

    ``value`` is the percent, ``start`` and ``end`` the offsets of the share as written and
    ``noun_at`` where the words naming the whole begin.
    """
    text = read.text
    fig = FoundFigure(value, start, end, read.sentence, kind="fraction", unit="percent")
    fig.percent = True
    words = clause_after(text[noun_at:])
    while words and words[0].casefold() in SHARE_LEADS:
        words = words[1:]
    noun = tail(words, limit=5, digits=True)
    if noun:
        fig.label = "share of " + " ".join(noun)
    else:
        fig.label = " ".join([text[start:end], *clause_after(text[end:])[:5]])
    return fig


def find_shares(read: MaskedSentence) -> list[FoundFigure]:
    """Return the fractions written in words ("a third of", "half the") as figures."""
    out = []
    masked = read.masked
    for m in FRACTION.finditer(masked):
        part = m["part"].casefold().rstrip("s")
        count_word = m["count"]
        if count_word is None:
            if part != "half":
                continue
            previous = masked[: m.start()].split()[-1:]
            if previous and previous[0].casefold() in HALF_PART_BEFORE:
                continue  # "the second half of the game"
        count = SMALL.get((count_word or "a").casefold(), 1)
        share = count / FRACTIONS[part]
        measure = _OF_A_MEASURE.match(masked[m.end() :])
        if measure and (measure["of"] or part == "half") and is_measure(measure["unit"]):
            fig = FoundFigure(share, m.start(), m.end(), read.sentence, kind="fraction")
            fig.unit = canonical(measure["unit"])
            fig.label = read.text[m.start() : m.end() + measure.end()]  # "a quarter of a mile"
            out.append(fig)
            continue
        if not masked[m.end() :].startswith(" of"):
            continue  # "half a dozen", "half a day's pay": no share and no measure
        out.append(share_figure(read, 100 * share, m.start(), m.end(), m.end() + 3))
    for m in _HYPHENATED.finditer(masked):
        part = m["part"].casefold().rstrip("s")
        value = 100 * SMALL[m["count"].casefold()] / FRACTIONS[part]
        fig = FoundFigure(value, m.start(), m.end(), read.sentence, kind="fraction")
        fig.unit, fig.percent = "percent", True
        noun = list(
            itertools.takewhile(lambda w: w not in STOPS, clause_after(read.text[m.end() :]))
        )
        fig.label = " ".join([m.group(), *noun[:2]])  # "two-thirds majority"
        out.append(fig)
    for m in _BY_FRACTION.finditer(masked):
        part = m["part"].casefold().rstrip("s")
        if m["count"] is None and part != "half":
            continue  # "by thirds" is a way of dividing, not an amount
        count = SMALL.get((m["count"] or "a").casefold(), 1)
        start = m.start() + 3
        # A percent left for the labeller, which names what changed ("Output at the plant").
        fig = FoundFigure(100 * count / FRACTIONS[part], start, m.end(), read.sentence)
        fig.kind, fig.unit, fig.percent = "fraction", "percent", True
        out.append(fig)
    return out
