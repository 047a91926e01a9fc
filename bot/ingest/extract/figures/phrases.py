"""The grammar of the words around a figure: clauses, verbs, noun phrases and subjects."""

from __future__ import annotations

import re

from ..units import ATTACHED, CURRENCY_SYMBOLS, CURRENCY_WORDS, SPACED, STOPS, is_measure
from .words import (
    BOUNDARY,
    CLAUSE_WORDS,
    DETERMINERS,
    MODALS,
    MONTHS,
    PRONOUNS,
    RATE_WORDS,
    TAIL_PREPOSITIONS,
    TIME_LEADS,
    TIME_NOUNS,
    UNIT_WORDS,
    VERBS,
    WORD,
)

_NOT_VERB_ED = frozenset({"hundred", "kindred", "sacred", "naked", "wicked", "beloved", "speed"})
_KNOWN_UNITS = frozenset(
    [*ATTACHED.values(), *SPACED.values(), *CURRENCY_SYMBOLS.values(), "percent"]
)
_COUNTED_MEASURES = frozenset({"vote", "votes", "seat", "seats", "point", "points"})
_YEAR = re.compile(r"^(?:1[7-9]|2[01])\d\d(?:s)?$")


def clean(word: str) -> str:
    """Return a word without the punctuation around it, casefolded."""
    return word.strip(".,;:'’\"“”()").casefold()


def _is_plural(word: str) -> bool:
    low = clean(word)
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def is_verb(word: str) -> bool:
    """Return whether a word is (most likely) a verb in news prose."""
    low = clean(word)
    if low in VERBS:
        return True
    return (
        len(low) > 4 and low.endswith("ed") and not low.endswith("eed") and low not in _NOT_VERB_ED
    )


def is_unit_kind(unit: str | None) -> bool:
    """Return whether a unit is a measure, currency or percent rather than a counted noun."""
    if not unit:
        return False
    low = unit.casefold()
    if low in _COUNTED_MEASURES:
        return False
    first = low.split()[0]
    return (
        unit in _KNOWN_UNITS
        or is_measure(first)
        or first in UNIT_WORDS
        or any(word in CURRENCY_WORDS for word in low.split())
    )


def is_time(words: list[str]) -> bool:
    """Return whether words (after a preposition) name a time: "July 1", "2021", "last year"."""
    if not words:
        return False
    first = clean(words[0])
    second = clean(words[1]) if len(words) > 1 else ""
    if first in MONTHS or first in TIME_NOUNS or _YEAR.match(first) or first[:1].isdigit():
        return True
    return first in TIME_LEADS and (second in TIME_NOUNS or second in MONTHS)


def clause_after(text: str) -> list[str]:
    """Return the words after a figure up to the end of its clause."""
    m = BOUNDARY.search(text)
    return WORD.findall(text[: m.start()] if m else text)


def clause_before(text: str) -> list[str]:
    """Return the words before a figure back to the start of its clause."""
    cut = 0
    for m in BOUNDARY.finditer(text):
        cut = m.end()
    return WORD.findall(text[cut:])


def tail(
    words: list[str], *, limit: int = 5, digits: bool = False, rates: bool = True
) -> list[str]:
    """Return the noun phrase and prepositional phrases that open ``words``, without times.

    ``digits`` lets numbers into the phrase ("the line's 52 stations"); without ``rates`` a
    rate ("a day") is left out because the figure shows it already.
    """
    out: list[str] = []
    preps = 0
    i = 0
    while i < len(words) and len(out) < limit:
        word = words[i]
        low = clean(word)
        if not low or low in CLAUSE_WORDS or is_verb(word):
            break
        if not digits and any(c.isdigit() for c in low):
            break
        if (low.endswith("ly") and len(low) > 3) or low in {"than", "ago", "earlier", "later"}:
            break
        if out and _is_plural(out[-1]) and low not in STOPS and word[:1].islower():
            break  # "residents ride the bus": after a plural noun, a bare word is its verb
        if low in RATE_WORDS and i + 1 < len(words) and clean(words[i + 1]) in TIME_NOUNS:
            if i + 2 < len(words) and clean(words[i + 2]) in {"earlier", "ago", "later"}:
                break
            if rates:
                out += ["per", clean(words[i + 1])]  # "1,200 casualties a day"
            i += 2
            continue
        if low in TAIL_PREPOSITIONS:
            if preps == 2 or is_time(words[i + 1 : i + 3]):
                break
            preps += 1
        elif low in {"today", "yesterday", "tomorrow", "now", "also", "still", "already"} or (
            low in TIME_LEADS and is_time(words[i : i + 2])
        ):
            break
        out.append(word.strip('.,;:"“”()'))
        i += 1
    ends_clause = i == len(words) or clean(words[i]) in CLAUSE_WORDS
    while out and (clean(out[-1]) in STOPS and clean(out[-1]) not in {"per"}):
        if ends_clause and clean(out[-1]) in {"for", "against"}:
            break  # "6,214 votes for"
        out.pop()
    return out


def modal_purpose(words: list[str]) -> list[str]:
    """Turn "will soon begin combat operations" into "to begin combat operations"."""
    i = 0
    if i < len(words) and clean(words[i]) in {"are", "is", "were", "was"} and len(words) > 1:
        if clean(words[1]) != "to":
            return []
        i = 2
    elif i < len(words) and clean(words[i]) in MODALS:
        i = 1
    else:
        return []
    while i < len(words) and clean(words[i]).endswith("ly"):
        i += 1
    if i < len(words) and clean(words[i]) in {"soon", "now", "also", "still", "then", "be"}:
        i += 1
    if i >= len(words) or not words[i][:1].islower():
        return []
    rest = tail(words[i + 1 :], limit=3)
    return ["to", words[i].strip(".,;:"), *rest]


def subject(before: list[str]) -> list[str]:
    """Return the subject of the verb nearest before a figure ("revenue in the quarter")."""
    verb = None
    for i in range(len(before) - 1, -1, -1):
        if is_verb(before[i]):
            verb = i
            break
    if verb is None:
        return []
    while verb > 0 and (is_verb(before[verb - 1]) or clean(before[verb - 1]).endswith("ly")):
        verb -= 1
    start = verb
    while start > 0 and not is_verb(before[start - 1]) and verb - start < 6:
        if clean(before[start - 1]) in CLAUSE_WORDS:
            break
        start -= 1
    words = [w.strip('"“”()') for w in before[start:verb]]
    while words and (clean(words[0]) in DETERMINERS or clean(words[0]) in TAIL_PREPOSITIONS):
        words = words[1:]
    while words and (clean(words[-1]).endswith("ly") or clean(words[-1]) in STOPS):
        words.pop()
    if not words or (len(words) == 1 and clean(words[0]) in PRONOUNS):
        return []
    if all(clean(w) in STOPS or clean(w) in PRONOUNS for w in words):
        return []
    return words
