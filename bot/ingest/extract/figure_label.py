"""Figure labels: say what a number measures ("fare for a single ride"), never a bare unit."""

from __future__ import annotations

import re

from .figure_words import (
    BOUNDARY,
    CLAUSE_WORDS,
    DETERMINERS,
    MONTHS,
    PRONOUNS,
    TAIL_PREPOSITIONS,
    TIME_LEADS,
    TIME_NOUNS,
    VERBS,
)
from .units import ATTACHED, CURRENCY_SYMBOLS, CURRENCY_WORDS, SPACED, STOPS, is_measure

_MAX_WORDS = 7
_NOT_VERB_ED = frozenset({"hundred", "kindred", "sacred", "naked", "wicked", "beloved", "speed"})
_MODALS = frozenset({"will", "would", "could", "may", "might", "can", "should", "must", "shall"})
_UNIT_WORDS = frozenset(
    {"square", "cubic", "metric", "per", "cent", "percentage", "basis", "light", "percent", "pct"}
)
_KNOWN_UNITS = frozenset(
    [*ATTACHED.values(), *SPACED.values(), *CURRENCY_SYMBOLS.values(), "percent"]
)
_RATE_WORDS = frozenset({"a", "an", "per", "each", "every"})
_DURATIONS = frozenset(
    ["seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries"]
)
_WORD = re.compile(r"[^\s]+")
_YEAR = re.compile(r"^(?:1[7-9]|2[01])\d\d(?:s)?$")


def _clean(word: str) -> str:
    return word.strip(".,;:'’\"“”()").casefold()


def _is_plural(word: str) -> bool:
    low = _clean(word)
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def is_verb(word: str) -> bool:
    """Return whether a word is (most likely) a verb in news prose."""
    low = _clean(word)
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
    first = low.split()[0]
    return (
        unit in _KNOWN_UNITS
        or is_measure(first)
        or first in _UNIT_WORDS
        or any(word in CURRENCY_WORDS for word in low.split())
    )


def _is_time(words: list[str]) -> bool:
    """Return whether words (after a preposition) name a time: "July 1", "2021", "last year"."""
    if not words:
        return False
    first = _clean(words[0])
    second = _clean(words[1]) if len(words) > 1 else ""
    if first in MONTHS or first in TIME_NOUNS or _YEAR.match(first) or first[:1].isdigit():
        return True
    return first in TIME_LEADS and (second in TIME_NOUNS or second in MONTHS)


def clause_after(text: str) -> list[str]:
    """Return the words after a figure up to the end of its clause."""
    m = BOUNDARY.search(text)
    return _WORD.findall(text[: m.start()] if m else text)


def clause_before(text: str) -> list[str]:
    """Return the words before a figure back to the start of its clause."""
    cut = 0
    for m in BOUNDARY.finditer(text):
        cut = m.end()
    return _WORD.findall(text[cut:])


def tail(words: list[str], *, limit: int = 5) -> list[str]:
    """Return the noun phrase and prepositional phrases that open ``words``, without times."""
    out: list[str] = []
    preps = 0
    i = 0
    while i < len(words) and len(out) < limit:
        word = words[i]
        low = _clean(word)
        if not low or low in CLAUSE_WORDS or is_verb(word) or any(c.isdigit() for c in low):
            break
        if (low.endswith("ly") and len(low) > 3) or low in {"than", "ago", "earlier", "later"}:
            break
        if out and _is_plural(out[-1]) and low not in STOPS and word[:1].islower():
            break  # "residents ride the bus": after a plural noun, a bare word is its verb
        if low in _RATE_WORDS and i + 1 < len(words) and _clean(words[i + 1]) in TIME_NOUNS:
            if i + 2 < len(words) and _clean(words[i + 2]) in {"earlier", "ago", "later"}:
                break
            out += ["per", _clean(words[i + 1])]  # "1,200 casualties a day"
            i += 2
            continue
        if low in TAIL_PREPOSITIONS:
            if preps == 2 or _is_time(words[i + 1 : i + 3]):
                break
            preps += 1
        elif low in {"today", "yesterday", "tomorrow", "now", "also", "still", "already"} or (
            low in TIME_LEADS and _is_time(words[i : i + 2])
        ):
            break
        out.append(word.strip('.,;:"“”()'))
        i += 1
    while out and (_clean(out[-1]) in STOPS and _clean(out[-1]) not in {"per"}):
        out.pop()
    return out


def _modal_purpose(words: list[str]) -> list[str]:
    """Turn "will soon begin combat operations" into "to begin combat operations"."""
    i = 0
    if i < len(words) and _clean(words[i]) in {"are", "is", "were", "was"} and len(words) > 1:
        if _clean(words[1]) != "to":
            return []
        i = 2
    elif i < len(words) and _clean(words[i]) in _MODALS:
        i = 1
    else:
        return []
    while i < len(words) and _clean(words[i]).endswith("ly"):
        i += 1
    if i < len(words) and _clean(words[i]) in {"soon", "now", "also", "still", "then", "be"}:
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
    while verb > 0 and (is_verb(before[verb - 1]) or _clean(before[verb - 1]).endswith("ly")):
        verb -= 1
    start = verb
    while start > 0 and not is_verb(before[start - 1]) and verb - start < 6:
        if _clean(before[start - 1]) in CLAUSE_WORDS:
            break
        start -= 1
    words = [w.strip('"“”()') for w in before[start:verb]]
    while words and (_clean(words[0]) in DETERMINERS or _clean(words[0]) in TAIL_PREPOSITIONS):
        words = words[1:]
    while words and (_clean(words[-1]).endswith("ly") or _clean(words[-1]) in STOPS):
        words.pop()
    if not words or (len(words) == 1 and _clean(words[0]) in PRONOUNS):
        return []
    if all(_clean(w) in STOPS or _clean(w) in PRONOUNS for w in words):
        return []
    return words


def _of_before(before: list[str]) -> list[str]:
    """Return "fare" from "a fare of $2.75": the noun right before "of" before the figure."""
    if len(before) < 2 or _clean(before[-1]) != "of":
        return []
    words: list[str] = []
    for word in reversed(before[:-1]):
        low = _clean(word)
        if low in STOPS or low in DETERMINERS or is_verb(word) or len(words) == 3:
            break
        if any(c.isdigit() for c in low):
            break
        words.insert(0, word)
    return words


def _skip_unit(words: list[str]) -> list[str]:
    """Drop the unit as written after the number ("square miles", "-year", "million")."""
    i = 0
    while i < len(words):
        word = words[i]
        low = _clean(word)
        if word.startswith("-") or low in _UNIT_WORDS or low in SPACED or is_measure(low):
            i += 1
            continue
        if low in {"million", "billion", "trillion", "thousand", "canadian", "australian", "us"}:
            i += 1
            continue
        break
    return words[i:]


def _join(words: list[str]) -> str:
    return " ".join(words).strip(" ,.;:")


def _as_written(text: str, start: int, end: int, before: list[str], after: list[str]) -> str:
    """Return the phrase around the figure as written ("served 6 years on the council")."""
    lead: list[str] = []
    for word in reversed(before[-3:]):
        low = _clean(word)
        if low in PRONOUNS or low in CLAUSE_WORDS:
            break
        lead.insert(0, word.strip('"“”()'))
        if is_verb(word):
            break
    while lead and _clean(lead[0]) in DETERMINERS:
        lead = lead[1:]
    rest = _skip_unit(after)
    unit_words = after[: len(after) - len(rest)]
    return _join([*lead, text[start:end], *unit_words, *tail(rest, limit=4)])


def label_for(
    text: str,
    start: int,
    end: int,
    unit: str | None,
    *,
    percent: bool = False,
    counted: str | None = None,
) -> str:
    """Return what the figure at text[start:end] measures, from the words of its clause.

    ``counted`` is a counted noun of an earlier figure of the sentence ("residents"), used when
    a bare count is followed by a verb ("43 spoke" -> "residents who spoke").
    """
    after = clause_after(text[end:])
    before = clause_before(text[:start])
    if unit and unit.endswith("of age"):
        return _age_label(text[:start], after)
    if unit and not is_unit_kind(unit):
        words = _counted_label(after, unit)
        if words:
            return _join(words)
    label: list[str] = []
    if unit is None and after and is_verb(after[0]) and _clean(after[0]) not in _MODALS:
        verb_phrase = [after[0].strip(".,;:"), *tail(after[1:], limit=4)]
        noun = counted or "those"
        if counted is None and _clean(after[0]).endswith("ed") and len(after) > 1:
            return _join(["those who", *verb_phrase])
        return _join([noun, "who", *verb_phrase])
    if unit is None and after and _clean(after[0]).endswith("ly") and len(after) > 1:
        # "the 10,000 initially sent for training"
        return _join([counted or "those", after[0], after[1], *tail(after[2:], limit=4)])
    rest = _skip_unit(after) if unit else after
    if rest and _clean(rest[0]) == "of" and not _is_time(rest[1:3]):
        phrase = tail(rest[1:])
        phrase = phrase[1:] if phrase and _clean(phrase[0]) in DETERMINERS - {"its"} else phrase
        if phrase:
            label = ["share of", *phrase] if percent else phrase
        elif percent:
            label = ["share of", *rest[1:7]]  # "80% of the 10,000 initially sent"
            while _clean(label[-1]) in STOPS:
                label.pop()
    if not label and rest and _clean(rest[0]) not in STOPS and not rest[0][:1].isdigit():
        label = tail(rest)
    if not label and unit and unit.casefold() in _DURATIONS:
        written = _as_written(text, start, end, before, after)
        if len(written.split()) > len(text[start:end].split()) + len(unit.split()):
            return written  # "served 6 years on the council", "first instance in a century"
    if not label:
        head = _of_before(before) or subject(before)
        if head:
            extra = tail(rest) if rest and _clean(rest[0]) in {"for", "per", "a", "an"} else []
            label = [*head, *extra]
    if not label and rest and _clean(rest[0]) in {"for", "per"}:
        label = tail(rest)
    out = _join(label)
    if not out or out.casefold() == (unit or "").casefold() or _clean(out) in STOPS:
        out = _as_written(text, start, end, before, after)
    return out or text[start:end]


def _counted_label(after: list[str], unit: str) -> list[str]:
    """Return "North Korean troops in Kursk" for a counted noun and what follows it."""
    n = len(unit.split())
    head = [w.strip('.,;:"“”()') for w in after]
    for i in range(min(len(head) - n + 1, 5)):
        if " ".join(head[i : i + n]).casefold() == unit.casefold():
            noun = head[: i + n]
            rest = after[i + n :]
            purpose = _modal_purpose(rest)
            return [*noun, *(purpose or tail(rest))]
    return []


def _age_label(before_text: str, after: list[str]) -> str:
    """Return "age of Okafor" or "age of the boy"."""
    if before_text.rstrip().endswith(","):
        words = _WORD.findall(before_text.rstrip()[:-1])[-3:]
        names: list[str] = []
        for word in reversed(words):
            if not word[:1].isupper():
                break
            names.insert(0, word.strip(",.;:"))
        if names:
            return "age of " + " ".join(names)
    noun = tail(after, limit=2)
    if noun and _clean(noun[0]) not in STOPS:
        return "age of the " + " ".join(noun)
    return "age"
