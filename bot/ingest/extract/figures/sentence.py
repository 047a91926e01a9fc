"""The figures of one sentence: every reader in turn, then ranges, units and labels."""

from __future__ import annotations

from ..text import Span
from .describe import describe
from .label import label_for
from .masking import MaskedSentence
from .model import FoundFigure
from .numerals import find_numerals
from .phrases import is_unit_kind
from .ranges import join_ranges, share_parallel_units, share_units
from .shares import find_shares
from .special import find_special
from .worded import find_worded


def _label(text: str, figures: list[FoundFigure]) -> None:
    """Label every figure that has no label yet, in order, from the words around it."""
    counted: str | None = None
    previous: str | None = None
    for figure in figures:
        if not figure.label:
            figure.label = label_for(
                text,
                figure.start,
                figure.end,
                figure.unit,
                percent=figure.percent,
                counted=counted,
                previous=previous,
                qualifier=figure.qualifier,
            )
        countable = figure.unit and (not is_unit_kind(figure.unit) or figure.unit.endswith("s"))
        if countable and not figure.kind and not figure.percent:
            counted = figure.unit  # "6,214 votes for and 2,071 against"
        previous = figure.label


def sentence_figures(sentence: Span) -> list[FoundFigure]:
    """Return the figures of one sentence, in order.

    Special forms are read first and masked, then numbers in digits, shares and numbers in
    words; ranges are joined, units shared, and each figure described and labelled.
    """
    read = MaskedSentence(sentence)
    found = find_special(read) + find_numerals(read) + find_shares(read)
    found += find_worded(read, found)
    found.sort(key=lambda f: f.start)
    found = join_ranges(read.text, found)
    for figure in found:
        describe(read.text, figure)
    share_units(read.text, found)
    share_parallel_units(read.text, found)
    _label(read.text, found)
    return found
