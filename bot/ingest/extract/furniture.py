"""Page furniture around the story: datelines, bylines, credits and time stamps.

None of these are facts of the story, so the headline, summary and developments leave them out.
The text itself is not changed (quotes and figures keep their offsets); callers ask whether a
sentence is furniture and for a sentence without its dateline.
"""

from __future__ import annotations

import re

from .lexicon import MONTHS, WEEKDAYS

# "WASHINGTON —", "KYIV, Ukraine —", "ST. LOUIS, Mo. (AP) —", "LONDON, Nov 1 (Reuters) -",
# "Washington (AP) —": a place in capitals (or any place before an agency in brackets), an
# optional region and date, then a dash or colon.
_UPPER_PLACE = r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}"
_REGION = r"(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})?"
_DATE = r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
_AGENCY = r"\((?:[A-Z][\w&.' -]{0,30})\)"
_DASH = r"\s*[-—–:]\s+"
_DATELINE = re.compile(
    rf"^(?:{_UPPER_PLACE}{_REGION}{_DATE}\s*(?:{_AGENCY})?"
    rf"|[A-Z][\w.'’ -]{{1,40}}?{_REGION}{_DATE}\s*{_AGENCY}"
    rf"|{_AGENCY}){_DASH}(?=\S)"
)
_NAME = r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}"
_BYLINE = re.compile(
    rf"^(?:by|written by|words by|story by)\s+{_NAME}"
    rf"(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[,|/–—-]\s*[\w .&'-]{{0,60}})?\.?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\(?(?:(?:additional )?reporting by|editing by|writing by|compiled by|contact the"
    r" author|follow (?:him|her|them|us|\w+ \w+) on|copyright|©|all rights reserved|"
    r"this (?:story|article) (?:has been|was) (?:updated|corrected)|photo(?:graph)?s? by|"
    r"image:)",
    re.IGNORECASE,
)
_TIME_STAMP = re.compile(
    r"^(?:first )?(?:published|updated|posted|last updated|last modified)(?: on| at)?:?\s+(.+)$",
    re.IGNORECASE,
)
# Words of a time stamp besides numbers: "Nov. 1, 2024, 3:45 p.m. EST".
_TIME_MARKS = "am pm a.m p.m at on utc gmt et pt est edt pst pdt cet cest bst ist jst"
_TIME_WORDS = frozenset(
    (*MONTHS, *WEEKDAYS, *(m[:3] for m in MONTHS), "sept", *_TIME_MARKS.split())
)
_FURNITURE_MAX_WORDS = 30


def dateline_length(text: str) -> int:
    """Return how many characters of a leading dateline open the text (0 when there is none)."""
    m = _DATELINE.match(text)
    if m is None or len(text[m.end() :].split()) < 3:
        return 0
    return m.end()


def strip_dateline(text: str) -> str:
    """Return the sentence without a leading dateline ("KYIV, Ukraine — Officials said ...")."""
    cut = dateline_length(text)
    rest = text[cut:]
    return rest[:1].upper() + rest[1:] if cut else text


def is_furniture(text: str) -> bool:
    """Return whether a sentence is a byline, a credit line or a time stamp, not the story."""
    line = text.strip()
    if len(line.split()) > _FURNITURE_MAX_WORDS:
        return False
    stamp = _TIME_STAMP.match(line)
    if stamp is not None:
        return _is_date_or_time(stamp.group(1))
    return bool(_BYLINE.match(line) or _CREDIT.match(line))


def _is_date_or_time(text: str) -> bool:
    """Return whether every word is part of a date or time ("Nov. 1, 2024, 3:45 PM EST")."""
    words = [w.strip(",.|()").casefold() for w in text.split()]
    return any(any(c.isdigit() for c in w) for w in words) and all(
        not w or any(c.isdigit() for c in w) or w in _TIME_WORDS for w in words
    )
