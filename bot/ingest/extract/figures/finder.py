"""An article's figures: every figure of its sentences, and the key figures, ranked."""

from __future__ import annotations

from collections.abc import Sequence

from ..text import Span, find_headline
from .model import FoundFigure
from .rank import MAX_KEY_FIGURES, rank_figures
from .sentence import sentence_figures

_QUOTE_MARKS = frozenset("\"“”‘'«»")
_LEAD_SENTENCES = 2  # the lead: the first two sentences of the story


def _opens_with_mark(start: int, sentences: Sequence[Span]) -> bool:
    """Return whether a quote starting at ``start`` follows a quotation mark (is really quoted)."""
    for sentence in sentences:
        if sentence.start <= start <= sentence.end:
            before = sentence.text[: start - sentence.start].rstrip(" ")
            if before[-1:] in _QUOTE_MARKS:
                return True
    return False


def find_all_figures(sentences: Sequence[Span]) -> list[FoundFigure]:
    """Return every figure of the given sentences, in text order."""
    out: list[FoundFigure] = []
    for sentence in sentences:
        out.extend(sentence_figures(sentence))
    return out


def find_figures(
    sentences: Sequence[Span],
    *,
    quotes: Sequence[tuple[int, int]] = (),
    paragraphs: Sequence[Span] = (),
    limit: int = MAX_KEY_FIGURES,
) -> list[FoundFigure]:
    """Return the key figures of an article, most important first, at most about ``limit``.

    ``quotes`` are the (start, end) offsets of direct quotes and ``paragraphs`` the article's
    paragraphs (to find a headline line): numbers inside either are not key figures.
    """
    skip = [q for q in quotes if _opens_with_mark(q[0], sentences)]
    headline = find_headline(list(paragraphs)) if paragraphs else None
    body = list(sentences)
    if headline is not None:
        skip.append((headline.start, headline.end))
        body = [s for s in body if not headline.start <= s.start < headline.end] or body
    lead_end = body[min(len(body), _LEAD_SENTENCES) - 1].end if body else 0
    return rank_figures(find_all_figures(sentences), skip=skip, lead_end=lead_end, limit=limit)
