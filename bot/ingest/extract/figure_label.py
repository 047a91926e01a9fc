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
_COUNTED_MEASURES = frozenset({"vote", "votes", "seat", "seats", "point", "points"})
_PEOPLE = frozenset({"people", "children", "men", "women", "staff", "personnel", "troops"})
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
    if low in _COUNTED_MEASURES:
        return False
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
        low = _clean(word)
        if not low or low in CLAUSE_WORDS or is_verb(word):
            break
        if not digits and any(c.isdigit() for c in low):
            break
        if (low.endswith("ly") and len(low) > 3) or low in {"than", "ago", "earlier", "later"}:
            break
        if out and _is_plural(out[-1]) and low not in STOPS and word[:1].islower():
            break  # "residents ride the bus": after a plural noun, a bare word is its verb
        if low in _RATE_WORDS and i + 1 < len(words) and _clean(words[i + 1]) in TIME_NOUNS:
            if i + 2 < len(words) and _clean(words[i + 2]) in {"earlier", "ago", "later"}:
                break
            if rates:
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
    ends_clause = i == len(words) or _clean(words[i]) in CLAUSE_WORDS
    while out and (_clean(out[-1]) in STOPS and _clean(out[-1]) not in {"per"}):
        if ends_clause and _clean(out[-1]) in {"for", "against"}:
            break  # "6,214 votes for"
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
    previous: str | None = None,
    qualifier: str | None = None,
) -> str:
    """Return what the figure at text[start:end] measures, from the words of its clause.

    ``counted`` is a counted noun of an earlier figure of the sentence ("residents"), used when
    a bare count is followed by a verb ("43 spoke" -> "residents who spoke"); ``previous`` is
    the label of the figure before, for comparisons ("88%, down from 93%").
    """
    after = clause_after(text[end:])
    before = clause_before(text[:start])
    if qualifier:
        n = len(qualifier.split())
        if [_clean(w) for w in before[-n:]] == qualifier.casefold().split():
            before = before[:-n]  # the qualifier is shown with the number already
    if unit and unit.endswith("of age"):
        return _age_label(text[:start], after)
    if unit and not is_unit_kind(unit):
        words = _counted_label(after, unit)
        if words and _join(words).casefold() != unit.casefold():
            return _join(words)
        return _as_written(text, start, end, before, after)
    if unit is None:
        bare = _bare_count_label(after, counted)
        if bare:
            return bare
    out = _join(_measured(before, after, unit, percent))
    if not out and previous and before and _clean(before[-1]) in {"from", "to"}:
        out = previous  # "88% of trains on time, down from 93%"
    if not out or out.casefold() == (unit or "").casefold() or _clean(out) in STOPS:
        out = _as_written(text, start, end, before, after)
    return out or text[start:end]


def _verb_phrase(words: list[str]) -> list[str]:
    """Return "had signed a petition" from words that open with a verb."""
    verbs = 1
    while verbs < min(len(words), 3) and is_verb(words[verbs]):
        verbs += 1
    return [w.strip(".,;:") for w in words[:verbs]] + tail(words[verbs:], limit=4)


def _bare_count_label(after: list[str], counted: str | None) -> str:
    """Return "residents who spoke" for a count without a noun, or "" when none fits."""
    if after and is_verb(after[0]) and _clean(after[0]) not in _MODALS:
        verb_phrase = _verb_phrase(after)
        return _join([counted or "those", "who", *verb_phrase])
    if after and _clean(after[0]).endswith("ly") and len(after) > 1:
        # "the 10,000 initially sent for training"
        return _join([counted or "those", after[0], after[1], *tail(after[2:], limit=4)])
    if counted and len(after) == 1 and _clean(after[0]) in {"against", "for", "more", "less"}:
        return f"{counted} {_clean(after[0])}"  # "6,214 votes for and 2,071 against"
    return ""


def _measured(before: list[str], after: list[str], unit: str | None, percent: bool) -> list[str]:
    """Return what an amount, share or measure is of: "territory", "fare for a single ride"."""
    rest = _skip_unit(after) if unit else after
    if len(rest) > 1 and _clean(rest[0]) in _RATE_WORDS and _clean(rest[1]) in TIME_NOUNS:
        rest = rest[2:]  # "$1.2 million a year for the agency": the rate is shown already
    if rest and _clean(rest[0]) == "of" and not _is_time(rest[1:3]):
        phrase = tail(rest[1:], digits=percent, limit=6)
        phrase = phrase[1:] if phrase and _clean(phrase[0]) in DETERMINERS - {"its"} else phrase
        if phrase:
            return ["share of", *phrase] if percent else phrase
    if rest and _clean(rest[0]) not in STOPS and not rest[0][:1].isdigit():
        words = tail(rest)
        if words:
            return words  # "a $40 million budget for road repairs"
    if (
        unit
        and before
        and _clean(before[-1]) == "for"
        and any(c in CURRENCY_WORDS for c in unit.split())
    ):
        bought = _object_before(before[:-1])
        if bought:
            return ["cost of", *bought]  # "buy 12 new trains for $310 million"
    if unit and unit.casefold() in _DURATIONS and not (before and is_verb(before[-1])):
        return []  # "in a century", "over 86 minutes": the phrase as written says it best
    head = _of_before(before) or subject(before)
    if head:
        extra = tail(rest, rates=False) if rest and _clean(rest[0]) == "for" else []
        return [*head, *extra]
    if rest and _clean(rest[0]) == "for":
        return tail(rest, rates=False)
    return []


def _object_before(words: list[str]) -> list[str]:
    """Return the words back to the nearest verb: "12 new trains" in "buy 12 new trains"."""
    out: list[str] = []
    for word in reversed(words[-5:]):
        if is_verb(word) or _clean(word) in CLAUSE_WORDS or _clean(word) in {"to", "buy"}:
            break
        out.insert(0, word.strip('"“”()'))
    while out and _clean(out[0]) in DETERMINERS:
        out = out[1:]
    return out


def _counted_label(after: list[str], unit: str) -> list[str]:
    """Return "North Korean troops in Kursk" for a counted noun and what follows it."""
    n = len(unit.split())
    head = [w.strip('.,;:"“”()') for w in after]
    for i in range(min(len(head) - n + 1, 5)):
        if " ".join(head[i : i + n]).casefold() == unit.casefold():
            noun = head[: i + n]
            rest = after[i + n :]
            purpose = _modal_purpose(rest) or tail(rest)
            if not purpose and rest and is_verb(rest[0]) and _clean(rest[0]) not in _MODALS:
                # "43 residents spoke at the hearing" -> "residents who spoke at the hearing"
                who = "who" if _clean(noun[-1]) in _PEOPLE or _agent(noun[-1]) else "that"
                purpose = [who, *_verb_phrase(rest)]
            return [*noun, *purpose]
    return []


def _agent(word: str) -> bool:
    """Return whether a plural noun names people by what they do ("riders", "residents")."""
    return _clean(word).endswith(("ers", "ents", "ians", "ists", "ees", "ors", "ants"))


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
