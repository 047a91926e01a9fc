"""Quotation marks: the quoted spans of an article, and the text around and inside them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import Span, split_paragraphs, split_sentences

SINGLE = "single"
_DOUBLE = "double"
_OPEN_CONTEXT = "([{—–-/:;“‘«»„"
_PARENTHETICAL = re.compile(r"\([^()]{0,60}\)")
# Closing punctuation that belongs to the attribution ('"..., " she said'), not to the words.
ATTRIBUTION_PUNCTUATION = ", ;"


@dataclass(slots=True)
class RawQuote:
    """A quotation found by the mark scanner, before it is judged to be speech."""

    open_at: int
    close_at: int
    closed: bool
    family: str
    para: int
    end_para: int

    @property
    def content(self) -> tuple[int, int]:
        """Return the start and end of the text between the marks."""
        return self.open_at + 1, self.close_at


def _context(text: str, i: int) -> tuple[bool, bool, str, str]:
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    opens = (prev.isspace() or prev in _OPEN_CONTEXT) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    return opens, closes, prev, nxt


def _scan_paragraph(text: str, para: Span, index: int) -> list[RawQuote]:
    """Return the top-level quotations of one paragraph (the last may be left open)."""
    stack: list[tuple[int, str, str]] = []
    found: list[RawQuote] = []

    def close(family: str, at: int) -> None:
        j = max(k for k, entry in enumerate(stack) if entry[1] == family)
        opener = stack[j]
        del stack[j:]
        if all(entry[1] == SINGLE for entry in stack) and (family != SINGLE or not stack):
            found.append(RawQuote(opener[0], at, True, family, index, index))

    def has(family: str, char: str | None = None) -> bool:
        return any(e[1] == family and (char is None or e[2] == char) for e in stack)

    for i in range(para.start, para.end):
        ch = text[i]
        if ch not in "\"“”„«»‘’'":
            continue
        opens, closes, prev, nxt = _context(text, i)
        if ch in "“„":
            stack.append((i, _DOUBLE, ch))
        elif ch == "”":
            if has(_DOUBLE):
                close(_DOUBLE, i)
            elif opens:
                stack.append((i, _DOUBLE, ch))
        elif ch == '"':
            if has(_DOUBLE) and (closes or not opens):
                close(_DOUBLE, i)
            elif opens:
                stack.append((i, _DOUBLE, ch))
        elif ch == "«":
            if has("guillemet", "»"):
                close("guillemet", i)
            else:
                stack.append((i, "guillemet", ch))
        elif ch == "»":
            if has("guillemet", "«"):
                close("guillemet", i)
            elif opens:
                stack.append((i, "guillemet", ch))
        elif ch == "‘":
            if not prev.isalnum():
                stack.append((i, SINGLE, ch))
        elif prev.isalnum() and nxt.isalnum():
            continue  # an apostrophe inside a word
        elif has(SINGLE) and not prev.isspace() and not nxt.isalnum():
            close(SINGLE, i)
        elif ch == "'" and opens and nxt.isalpha():
            stack.append((i, SINGLE, ch))
    for opener in stack:
        if opener[1] != SINGLE:
            found.append(RawQuote(opener[0], para.end, False, opener[1], index, index))
            break
    found.sort(key=lambda q: q.open_at)
    kept: list[RawQuote] = []
    for quote in found:
        if kept and quote.open_at < kept[-1].close_at:
            continue  # nested inside a quote we already have
        kept.append(quote)
    return kept


def scan_quotes(text: str, paragraphs: list[Span]) -> list[RawQuote]:
    """Return the article's quotations, joining a quote that runs over several paragraphs."""
    per_para = [_scan_paragraph(text, para, i) for i, para in enumerate(paragraphs)]
    merged: list[RawQuote] = []
    skip: set[int] = set()
    for i, quotes in enumerate(per_para):
        for quote in quotes:
            if id(quote) in skip:
                continue
            current = quote
            j = i
            while not current.closed and j + 1 < len(per_para):
                nxt = per_para[j + 1]
                if not nxt or nxt[0].open_at != paragraphs[j + 1].start:
                    break
                skip.add(id(nxt[0]))
                current = RawQuote(
                    current.open_at, nxt[0].close_at, nxt[0].closed, current.family, i, j + 1
                )
                j += 1
            merged.append(current)
    return merged


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return start and end moved inwards past white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def blank_parentheticals(text: str) -> str:
    """Return text with short parentheticals blanked out, offsets kept."""
    return _PARENTHETICAL.sub(lambda m: " " * len(m.group()), text)


def sentence_at(sentences: list[Span], pos: int) -> Span:
    """Return the sentence holding pos, else the one starting nearest to it."""
    for sentence in sentences:
        if sentence.start <= pos < sentence.end:
            return sentence
    return min(sentences, key=lambda s: abs(s.start - pos))


class Article:
    """The article's paragraphs, sentences and quotations, shared by the quote passes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = split_paragraphs(text)
        self.sentences = [split_sentences(p.text, p.start) for p in self.paragraphs]
        self.raw = scan_quotes(text, self.paragraphs)
