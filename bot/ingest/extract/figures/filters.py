"""Numbers that are no figures: years, dates, clock times, ids and codes.

Each test reads only the text around a number as written: ``before`` ends where the number
starts and ``after`` starts where it ends.
"""

from __future__ import annotations

import re

from ..units import SPACED, STOPS, is_measure
from .words import SENTENCE_START_WORDS

_MONTHS_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A month name just before a number ("March 3"), searched in the last 12 characters.
DATE_BEFORE = re.compile(_MONTHS_RE + r"\s*$")
# A month name just after a number ("3rd March", "3 March").
DATE_AFTER = re.compile(r"^(?:st|nd|rd|th)?,?\s+" + _MONTHS_RE + r"(?!\w)")
_DATE_RANGE_BEFORE = re.compile(_MONTHS_RE + r"\s*\d{1,2}[-–]$")
_TIME_AFTER = re.compile(
    r"^\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|ET\b|EST|EDT|PST|PDT|BST|CET|h\b)"
)
_ID_BEFORE = re.compile(
    r"(?:\b(?:No|Nos|no|Vol|vol|Art|art|p|pp)\.\s*|\bNo\s|#\s*|\b[\w.&'-]*[A-Z][\w.&'-]*\s)$"
)

# Nouns that a number after them names rather than counts: "junction 14", "platform 9".
_ID_NOUN_BEFORE = re.compile(
    r"\b(?:junction|exit|platform|gate|route|flight|room|ward|chapter|article|section|clause"
    r"|paragraph|page|channel|terminal|pier|berth|bay|interstate|motorway|bus|tram|lane"
    r"|unit|apartment|flat|suite|box|lot|code|shortcode|reference|extension|ext\.?"
    r"|(?<!a )number)\s$",
    re.IGNORECASE,
)


def next_word(after: str) -> str:
    """Return the word after a number, without the punctuation around it."""
    return (after.split()[:1] or [""])[0].strip(".,;:()")


def is_year(num: str, value: float, cur: str | None, att: str | None, scale: str | None) -> bool:
    """Return whether a bare four-digit number between 1700 and 2200 is a year."""
    return (
        len(num) == 4
        and num.isdigit()
        and 1700 <= value <= 2200
        and not cur
        and not scale
        and att is None
    )


def _named_before(before: str) -> bool:
    """Tell whether a capitalised word that can name a thing stands right before a number."""
    if not _ID_BEFORE.search(before):
        return False
    if re.search(r"\bNo\.?\s*$", before):
        return True  # "the world No 7", "Candidate No. 3"
    word = before.rstrip().rsplit(" ", 1)[-1]
    if word.endswith(("'s", "’s")) or word.casefold() in STOPS:
        return False  # "the League's 20 clubs", "Its 50-megapixel camera": no name before
    return not (word in SENTENCE_START_WORDS and before.strip() == word)


def _is_id(before: str, after: str) -> bool:
    """Return whether a bare number after a capitalised word is an id ("iPhone 14", "S&P 500")."""
    if not _named_before(before):
        return False
    nxt = next_word(after)
    return not (
        is_measure(nxt)
        or is_measure(nxt.split("-")[0])
        or nxt in SPACED
        or nxt.casefold() in ("percent", "per")
    )


def is_not_figure(
    num: str,
    value: float,
    cur: str | None,
    att: str | None,
    scale: str | None,
    before: str,
    after: str,
) -> bool:
    """Return whether a number read from digits is a year, date, time, code or id, no figure.

    ``num`` is the digits as written, ``cur`` a currency written before them, ``att`` letters
    glued to them and ``scale`` a scale word after them ("million").
    """
    if is_year(num, value, cur, att, scale):
        return True
    if _TIME_AFTER.match(after) or (after.startswith(":") and after[1:2].isdigit()):
        return True
    if DATE_BEFORE.search(before[-12:]) or DATE_AFTER.match(after):
        return True
    if _DATE_RANGE_BEFORE.search(before[-16:]):
        return True  # "Oct. 18-22"
    if re.search(r"[A-Za-z]-$", before) or (
        not cur and (re.search(r"\d[/.]$", before) or re.match(r"^/\d", after))
    ):
        return True  # COVID-19, 9/11 and dates like 10/12
    if not cur and not att and not scale and _ID_NOUN_BEFORE.search(before[-14:]):
        return not is_measure(next_word(after))
    if not cur and not scale and att and re.fullmatch(r"[A-Z]", att) and _named_before(before):
        return True  # "Pad 39C", "Gate 4B": a name, not 39 degrees
    return not cur and not att and not scale and _is_id(before, after)
