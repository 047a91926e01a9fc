"""One sentence being read for figures, with the spans already taken masked out.

Phone numbers, street addresses and time stamps hold digits that are no amounts; they are
masked before any figure is looked for, and each special form found later ("3-1", "1.2e6")
is masked so that the plain number reader does not read it again.
"""

from __future__ import annotations

import re

from ..text import Span

MASK = "\x1f"
# Phone numbers: "(555) 123-4567", "+44 20 7946 0958", "0800 123 4567", "07700 900123", and
# the short codes people text ("text GIVE to 61016").
_PHONE = re.compile(
    r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\+\d[\d -]{7,}\d"
    r"|(?<![\d,.])\b0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}\b|(?<![\d,.])\b0\d{4} \d{6}\b"
    r"|\b(?:[Tt]ext|[Tt]exting|[Tt]exted|SMS)\b[^.\d]{0,24}?\bto \d{4,6}\b"
)
# Street addresses are not figures: "9 E 71st St", "49 Zorro Ranch Road".
_ADDRESS = re.compile(
    r"\b\d{1,5}(?: [A-Z0-9][\w.]*){1,3} (?:St|Street|Rd|Road|Ave|Avenue|Way|Blvd|Boulevard|"
    r"Lane|Ln|Drive|Dr|Place|Pl|Court|Ct|Terrace|Highway|Hwy|Quay|Wharf|Square|Sq|Crescent|"
    r"Close|Mews|Parade|Plaza|Circle|Alley)\b"
)
# Timestamps and ISO dates hold digit groups that are not amounts: "2019-09-01T10:38:07Z".
_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b")


_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """Tell whether a text holds a digit (masking a digit never adds one)."""
    return _DIGIT.search(text) is not None


class MaskedSentence:
    """A sentence's text as written (``text``) and with the spans taken masked (``masked``).

    Masking keeps offsets: a masked span is replaced by as many :data:`MASK` characters.
    """

    def __init__(self, sentence: Span) -> None:
        self.sentence = sentence
        self.text = sentence.text
        self.masked = self.text
        if has_digit(self.text):
            for pattern in (_PHONE, _ADDRESS, _TIMESTAMP):
                self.mask_all(pattern)

    def mask(self, start: int, end: int) -> None:
        """Mask the characters from ``start`` to ``end``."""
        self.masked = self.masked[:start] + MASK * (end - start) + self.masked[end:]

    def mask_all(self, pattern: re.Pattern[str]) -> None:
        """Mask every match of ``pattern`` in the masked text."""
        for m in pattern.finditer(self.masked):
            self.mask(m.start(), m.end())
