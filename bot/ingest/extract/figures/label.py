"""Figure labels: say what a number measures ("fare for a single ride"), never a bare unit."""

from __future__ import annotations

import itertools

from ..lexicon import ROLE_NOUNS, TITLE_WORDS
from ..units import CURRENCY_WORDS, SPACED, STOPS, is_measure
from .done import done_to
from .phrases import (
    clause_after,
    clause_before,
    clean,
    is_time,
    is_unit_kind,
    is_verb,
    modal_purpose,
    subject,
    tail,
)
from .words import (
    CLAUSE_WORDS,
    DETERMINERS,
    MODALS,
    PRONOUNS,
    RATE_WORDS,
    TIME_NOUNS,
    UNIT_WORDS,
    WORD,
)

_DURATIONS = frozenset(
    ["seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries"]
)
# Money a verb commits to something: the label says so ("spending on new flood defences").
_SPENDING = {
    **dict.fromkeys(["spend", "spends", "spent", "spending"], "spending"),
    **dict.fromkeys(["invest", "invests", "invested", "investing"], "investment"),
    **dict.fromkeys(["allocate", "allocates", "allocated", "allocating"], "allocation"),
    **dict.fromkeys(["pledge", "pledges", "pledged", "pledging"], "pledge"),
}
# Words that open the period of a spending rather than what it is spent on.
_PERIOD_LEADS = frozenset({"over", "within", "during", "until", "by", "before", "after", "from"})
_PEOPLE = frozenset({"people", "children", "men", "women", "staff", "personnel", "troops"})
# Verbs that change an amount to a new level ("raise the fare to $2.75"), by their noun of
# change ("cut the budget by $3m" is a cut in the budget).
_CHANGES = {
    form: change
    for change, forms in [
        ("increase in", "raise raises raised raising increase increases increased increasing"),
        ("increase in", "boost boosts boosted boosting lift lifts lifted lifting"),
        ("increase in", "hike hikes hiked hiking double doubles doubled doubling"),
        ("cut in", "cut cuts cutting slash slashes slashed slashing trim trims trimmed"),
        ("reduction in", "lower lowers lowered lowering reduce reduces reduced reducing"),
        ("revision of", "revise revises revised revising"),
        ("", "set sets setting fix fixes fixed"),
    ]
    for form in forms.split()
}


def _of_before(before: list[str]) -> list[str]:
    """Return "fare" from "a fare of $2.75": the noun right before "of" before the figure."""
    if len(before) < 2 or clean(before[-1]) != "of":
        return []
    words: list[str] = []
    for word in reversed(before[:-1]):
        low = clean(word)
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
        low = clean(word)
        if word.startswith("-") or low in UNIT_WORDS or low in SPACED or is_measure(low):
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
    """Return the phrase around the figure as written ("a term of 6 years in office")."""
    lead: list[str] = []
    for word in reversed(before[-3:]):
        low = clean(word)
        if low in PRONOUNS or low in CLAUSE_WORDS:
            break
        lead.insert(0, word.strip('"“”()'))
        if is_verb(word):
            break
    while lead and clean(lead[0]) in DETERMINERS:
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
        if [clean(w) for w in before[-n:]] == qualifier.casefold().split():
            before = before[:-n]  # the qualifier is shown with the number already
    if unit and unit.endswith("of age"):
        return _age_label(text[:start], after)
    if unit and not is_unit_kind(unit):
        words = _counted_label(after, unit)
        if words and _join(words).casefold() != unit.casefold():
            return _join(words)
        done = done_to(before, _join(words) or unit)
        return _join(done) if done else _as_written(text, start, end, before, after)
    if unit is None:
        bare = _bare_count_label(after, counted)
        if bare:
            return bare
    out = _join(_measured(before, after, unit, percent))
    if not out and previous and before and clean(before[-1]) in {"from", "to"}:
        out = previous  # "88% of trains on time, down from 93%"
    if not out or out.casefold() == (unit or "").casefold() or clean(out) in STOPS:
        done = done_to(before, unit) if unit and is_measure(unit) else []
        if done:  # "served 6 years on the council" -> "years served on the council"
            out = _join([*done, *tail(_skip_unit(after), limit=6)])
        else:
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
    if after and is_verb(after[0]) and clean(after[0]) not in MODALS:
        verb_phrase = _verb_phrase(after)
        return _join([counted or "those", "who", *verb_phrase])
    if after and clean(after[0]).endswith("ly") and len(after) > 1:
        # "the 10,000 initially sent for training"
        return _join([counted or "those", after[0], after[1], *tail(after[2:], limit=4)])
    if counted and len(after) == 1 and clean(after[0]) in {"against", "for", "more", "less"}:
        return f"{counted} {clean(after[0])}"  # "6,214 votes for and 2,071 against"
    return ""


def _measured(before: list[str], after: list[str], unit: str | None, percent: bool) -> list[str]:
    """Return what an amount, share or measure is of: "territory", "fare for a single ride"."""
    rest = _skip_unit(after) if unit else after
    if len(rest) > 1 and clean(rest[0]) in RATE_WORDS and clean(rest[1]) in TIME_NOUNS:
        rest = rest[2:]  # "$1.2 million a year for the agency": the rate is shown already
    if rest and clean(rest[0]) == "of" and not is_time(rest[1:3]):
        phrase = tail(rest[1:], digits=percent, limit=6)
        phrase = phrase[1:] if phrase and clean(phrase[0]) in DETERMINERS - {"its"} else phrase
        if phrase:
            return ["share of", *phrase] if percent else phrase
    if rest and clean(rest[0]) not in STOPS and not rest[0][:1].isdigit():
        words = tail(rest)
        if words:
            return words  # "a $40 million budget for road repairs"
    if (
        unit
        and before
        and clean(before[-1]) == "for"
        and any(c in CURRENCY_WORDS for c in unit.split())
    ):
        bought = _object_before(before[:-1])
        if bought:
            return ["cost of", *bought]  # "buy 12 new trains for $310 million"
    if (
        unit
        and any(c in CURRENCY_WORDS for c in unit.split())
        and before
        and clean(before[-1]) in _SPENDING
        and len(rest) > 1
        and clean(rest[0]) in {"on", "for", "in"}
    ):
        spent_on = list(itertools.takewhile(lambda w: clean(w) not in _PERIOD_LEADS, rest[1:]))
        spent_on = tail(spent_on, rates=False)
        if spent_on:  # "will spend €2.5bn on new flood defences over ten years"
            return [_SPENDING[clean(before[-1])], clean(rest[0]), *spent_on]
    if unit and unit.casefold() in _DURATIONS and not (before and is_verb(before[-1])):
        return []  # "in a century", "over 86 minutes": the phrase as written says it best
    changed = _changed(before)
    if changed:
        return changed
    head = _of_before(before) or subject(before)
    if head:
        extra = tail(rest, rates=False) if rest and clean(rest[0]) == "for" else []
        return [*head, *extra]
    if rest and clean(rest[0]) == "for":
        return tail(rest, rates=False)
    return []


def _changed(before: list[str]) -> list[str]:
    """Return "fare for a single bus ride" for "raise the fare for a single bus ride to $2.75".

    The object of a verb of change is what the new level ("to", "at") measures; the amount
    of the change ("by") is a change in it. [] when no such verb governs the figure.
    """
    if len(before) < 3 or clean(before[-1]) not in {"to", "at", "by"}:
        return []
    for i in range(len(before) - 2, max(len(before) - 10, -1), -1):
        low = clean(before[i])
        if low in _CHANGES:
            break
        if low in CLAUSE_WORDS or is_verb(before[i]) or any(c.isdigit() for c in low):
            return []
    else:
        return []
    obj = [w.strip('"“”(),') for w in before[i + 1 : -1]]
    while obj and clean(obj[0]) in DETERMINERS:
        obj = obj[1:]
    if not obj or len(obj) > 7 or clean(obj[-1]) in STOPS or clean(obj[0]) in PRONOUNS:
        return []
    if clean(before[-1]) == "by" and _CHANGES[low]:
        return [_CHANGES[low], *obj]
    return obj


def _object_before(words: list[str]) -> list[str]:
    """Return the words back to the nearest verb: "12 new trains" in "buy 12 new trains"."""
    out: list[str] = []
    for word in reversed(words[-5:]):
        if is_verb(word) or clean(word) in CLAUSE_WORDS or clean(word) in {"to", "buy"}:
            break
        out.insert(0, word.strip('"“”()'))
    while out and clean(out[0]) in DETERMINERS:
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
            purpose = modal_purpose(rest) or tail(rest)
            if not purpose and rest and is_verb(rest[0]) and clean(rest[0]) not in MODALS:
                # "43 residents spoke at the hearing" -> "residents who spoke at the hearing"
                who = "who" if clean(noun[-1]) in _PEOPLE or _agent(noun[-1]) else "that"
                purpose = [who, *_verb_phrase(rest)]
            return [*noun, *purpose]
    return []


def _agent(word: str) -> bool:
    """Return whether a plural noun names people by what they do ("riders", "residents")."""
    return clean(word).endswith(("ers", "ents", "ians", "ists", "ees", "ors", "ants"))


def _age_label(before_text: str, after: list[str]) -> str:
    """Return "age of Okafor" or "age of the boy" (also "the defendant, now 63,")."""
    before_text = before_text.removesuffix("now ")
    if before_text.rstrip().endswith(","):
        words: list[str] = WORD.findall(before_text.rstrip()[:-1])[-3:]
        names: list[str] = []
        for word in reversed(words):
            if not word[:1].isupper():
                break
            names.insert(0, word.strip(",.;:"))
        while names and (names[0] in TITLE_WORDS or names[0].casefold() in ROLE_NOUNS):
            names.pop(0)  # "MP Sarah Kemp" is Sarah Kemp
        if names:
            return "age of " + " ".join(names)
        if words and words[-1].isalpha():
            return "age of the " + words[-1].casefold()  # "the mayor, 61,"
    noun = tail(after, limit=2)
    if noun and clean(noun[0]) not in STOPS:
        return "age of the " + " ".join(noun)
    return "age"
