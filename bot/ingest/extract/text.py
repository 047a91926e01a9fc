"""Text normalisation and quote-aware paragraph and sentence splitting with character offsets."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

# Abbreviations that end with a period but do not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "cpl",
        "pvt",
        "gov",
        "sen",
        "rep",
        "pres",
        "supt",
        "insp",
        "det",
        "rev",
        "hon",
        "fr",
        "messrs",
        "mme",
        "mlle",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "approx",
        "est",
        "inc",
        "corp",
        "co",
        "ltd",
        "bros",
        "dept",
        "univ",
        "assn",
        "ave",
        "blvd",
        "rd",
        "hwy",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "vs",
        "etc",
        "al",
        "cf",
        "ca",
        "gov't",
    ]
)

_SENTENCE_END = re.compile(r"[.?!…]+")
_LINE = re.compile(r"[^\n]+")
_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_QUOTE_MARK = re.compile(r"[\"“”„«»]")
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the normalised text with its character offsets."""

    start: int
    end: int
    text: str


def normalise_text(text: str) -> str:
    """Return the text in NFC with unified line breaks and plain spaces, paragraphs one per line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f\u2009\t\u200b]", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n", text)
    text = re.sub(r" {2,}", " ", text)
    return text.strip()


def split_paragraphs(text: str) -> list[Span]:
    """Split normalised text into paragraphs (one per non-empty line)."""
    return [Span(m.start(), m.end(), m.group()) for m in _LINE.finditer(text) if m.group().strip()]


_HEADLINE_MAX = 150


def find_headline(paragraphs: list[Span]) -> Span | None:
    """Return the first paragraph when it is a headline line, not a sentence of the story.

    A headline is a short single line that opens an article of several paragraphs and does not
    end like a sentence (no closing full stop, question mark or quotation mark).
    """
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    line = first.text.strip()
    if not line or len(line) > _HEADLINE_MAX:
        return None
    if line[-1] in '.?!…"”’»:,;' and not (line[-1] == "." and _title_case(line)):
        return None
    return first


_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of"}
    | {"on", "or", "over", "the", "to", "up", "with", "vs", "via"}
)


def _title_case(line: str) -> bool:
    """Tell a title-case line ("Christie Calls Clinton 'A Disgrace' Over Comments.")."""
    words = [w.strip("‘’'\"“”()") for w in line.split()]
    major = [w for w in words if w[:1].isalpha() and w.casefold() not in _MINOR_WORDS]
    return len(major) >= 4 and all(w[0].isupper() for w in major)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Return whether the period at ``dot`` ends an abbreviation or an initial."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in ".'"):
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if "." in word:
        return True  # "U.S." or "a.m."
    return word.casefold() in ABBREVIATIONS


def _quote_depths(text: str) -> tuple[list[int], list[int]]:
    """Return the positions of quote marks and the quote depth just after each of them."""
    positions: list[int] = []
    depths: list[int] = []
    depth = 0
    n = len(text)
    for m in _QUOTE_MARK.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in _OPEN_DOUBLE:
            depth += 1
        elif ch in _CLOSE_DOUBLE:
            depth = max(0, depth - 1)
        else:
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            if (prev.isspace() or prev in "([{—–-:") and not nxt.isspace():
                depth += 1
            else:
                depth = max(0, depth - 1)
        positions.append(i)
        depths.append(depth)
    return positions, depths


def _depth_at(marks: tuple[list[int], list[int]], pos: int) -> int:
    i = bisect.bisect_right(marks[0], pos) - 1
    return marks[1][i] if i >= 0 else 0


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Split one paragraph into sentences, never inside a quotation or after an abbreviation.

    A sentence that ends inside a closing quote mark and is followed by a lower-case word
    (``"Stop," she said.``) continues, so a quote stays in one sentence with its attribution.
    """
    marks = _quote_depths(text)
    spans: list[Span] = []
    start = 0
    n = len(text)
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if end < n and not (text[end].isspace() or text[end] in "”\"»’')]"):
            continue  # "0.6", "JD.com", "U.S.-led"
        if _depth_at(marks, m.start()) > 0:
            # Inside a quotation: only a closing mark right after the punctuation can end it.
            if end < n and text[end] in "”\"»’'" and (end + 1 >= n or _depth_at(marks, end) == 0):
                end += 1
            else:
                continue
        elif m.group() == "." and _is_abbreviation(text, m.start()):
            nxt = text[end:].lstrip()
            # An abbreviation at a real sentence end is followed by a capitalised non-name word;
            # we cannot tell, so only split when the next word starts a quote or is a digit.
            if not nxt[:1] or not (nxt[0] in '“"' and text[m.start() - 1] != "."):
                continue
        while end < n and text[end] in "”\"»’')]":
            end += 1
        rest = text[end:]
        stripped = rest.lstrip()
        if not stripped:
            break
        if stripped[0].islower() or stripped[0] in ",;:–—-)]":
            continue
        if end == start:
            continue
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        spans.append(Span(offset + start + lead, offset + end, piece.strip()))
        start = end + (len(rest) - len(stripped))
    if start < n and text[start:].strip():
        piece = text[start:]
        lead = len(piece) - len(piece.lstrip())
        spans.append(Span(offset + start + lead, offset + n, piece.strip()))
    return spans


def word_tokens(text: str) -> list[str]:
    """Return the word tokens of a text (letters, digits, inner apostrophes and hyphens)."""
    return _WORD.findall(text)


def slugify(text: str, max_length: int = 60) -> str:
    """Return a lower-case ASCII slug of the text (letters, digits and single hyphens)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").casefold()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")
