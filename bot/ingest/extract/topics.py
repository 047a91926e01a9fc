"""Topics derived from the text when the source gives none: the places and bodies it is about.

A topic candidate is a capitalised name that is not a person, not a word that merely opens a
sentence, and not a month or a title. Demonyms join the place they come from when the article
names that place too ("North Korean" counts for "North Korea"), and common short forms join their
long form ("U.S." is "United States"). Names repeated through the story, and those in the
headline or lead, rank first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from .lexicon import HONORIFICS, TITLE_WORDS
from .text import Span, slugify

MAX_TOPICS = 5
_MIN_MENTIONS = 2
_NAME = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'-]*\.?(?:[A-Z]\.)*)(?:\s+(?:of\s+)?[A-Z][\w’'-]*\.?(?:[A-Z]\.)*)*"
)
_SHORT_FORMS = {
    "U.S.": "United States",
    "US": "United States",
    "USA": "United States",
    "America": "United States",
    "U.S.A.": "United States",
    "U.S.A": "United States",
    "Americans": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "Britain": "United Kingdom",
    "U.N.": "United Nations",
    "UN": "United Nations",
    "EU": "European Union",
}
_NOT_TOPICS = frozenset(
    [
        "I",
        "A",
        "An",
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "But",
        "And",
        "Or",
        "If",
        "When",
        "While",
        "As",
        "After",
        "Before",
        "In",
        "On",
        "At",
        "For",
        "From",
        "With",
        "By",
        "Of",
        "To",
        "Yes",
        "No",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Reports",
        "Officials",
        "According",
        "Meanwhile",
        "However",
        "Sources",
        "Separately",
        "Additional",
        "Leading",
        "Also",
        "Still",
        "Now",
        "Today",
        "Yesterday",
        "Well",
        "Oh",
        "So",
        "Okay",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ]
)


def derive_topics(
    sentences: Sequence[Span],
    *,
    title: str,
    exclude: Iterable[str] = (),
    limit: int = MAX_TOPICS,
) -> list[str]:
    """Return up to ``limit`` topic slugs for the article, most central first."""
    excluded = {form.casefold() for name in exclude if name for form in (name, name.split()[-1])}
    counts: Counter[str] = Counter()
    openers: Counter[str] = Counter()
    lead_names: set[str] = set()
    lowered = {w.casefold() for s in sentences for w in re.findall(r"\b[a-z][\w’'-]*", s.text)}
    for i, sentence in enumerate(sentences):
        for name, opens in _names(sentence.text, lowered, excluded):
            (openers if opens else counts)[name] += 1
            if i < 2:
                lead_names.add(name)
    in_title = {name for name, _ in _names(title, lowered, excluded)}
    for name, n in openers.items():
        if name in counts or name in in_title:  # also written as a name elsewhere
            counts[name] += n
    title_names = in_title & set(counts)
    merged = _merge_demonyms(counts)
    scored = []
    for name, n in merged.items():
        bonus = (name in title_names) * 2 + (name in lead_names)
        if n >= _MIN_MENTIONS or name in title_names:
            scored.append((n + bonus, name))
    scored.sort(key=lambda item: (-item[0], item[1]))
    topics: list[str] = []
    for _score, name in scored:
        slug = slugify(name)
        if slug and slug not in topics:
            topics.append(slug)
        if len(topics) == limit:
            break
    return topics


def _names(text: str, lowered: set[str], excluded: set[str]) -> list[tuple[str, bool]]:
    """Return the capitalised names of one sentence that could be topics.

    Each comes with whether it is one word opening the sentence, which alone does not show it
    is a name ("Lithuania will ..." does, "Opponents said ..." does not).
    """
    found = []
    for m in _NAME.finditer(text):
        words = m.group().split()
        opening = not text[: m.start()].strip(" \"“‘'(«")
        while words and (words[0].rstrip(".") in _NOT_TOPICS or _is_title(words[0])):
            words = words[1:]  # "The Pentagon", "President Biden": keep what follows
        words = [w.removesuffix("’s").removesuffix("'s") for w in words]
        while words and words[-1].rstrip(".") in _NOT_TOPICS:
            words = words[:-1]  # "Florida Friday": the weekday is no part of the place
        name = " ".join(words)
        if not words or name.casefold() in excluded or words[-1].casefold() in excluded:
            continue
        opens = opening and m.group().split()[0] == words[0] and len(words) == 1
        if name in _SHORT_FORMS:
            found.append((_SHORT_FORMS[name], False))
            continue
        single = len(words) == 1
        if single and (words[0].casefold() in lowered or len(words[0].rstrip(".")) < 3):
            continue  # a common word written lower-case elsewhere, or an initial
        if all(len(w.rstrip(".")) <= 2 for w in name.replace(".", ". ").split()):
            continue  # initials such as "N.Y." or "J."
        if single and name.endswith(".") and len(name) <= 6:
            continue  # an abbreviation such as "Mich." or "Calif."
        if single and words[0].rstrip(".") in _NOT_TOPICS:
            continue
        found.append((name.rstrip("."), opens))
    return found


def _is_title(word: str) -> bool:
    return word in TITLE_WORDS or word in HONORIFICS


def _merge_demonyms(counts: Counter[str]) -> Counter[str]:
    """Return counts with "Russian" added to "Russia", "Hofstra" to "Hofstra University"."""
    merged: Counter[str] = Counter()
    for name, n in counts.items():
        merged[_place_of(name, counts) or _longer_form(name, counts) or name] += n
    return merged


def _longer_form(name: str, counts: Counter[str]) -> str | None:
    """Return the one longer name that contains this one ("Hofstra" in "Hofstra University")."""
    singular = name.removesuffix("s")
    if singular != name and singular in counts:
        return singular
    longer = [other for other in counts if other != name and name in other.split()]
    return longer[0] if len(longer) == 1 else None


def _place_of(name: str, counts: Counter[str]) -> str | None:
    *head, last = name.split()
    prefix = " ".join(head)
    for ending, replacement in (
        ("ian", "ia"),
        ("ian", "e"),
        ("ian", ""),
        ("an", "a"),
        ("n", ""),
        ("i", ""),
        ("ese", "a"),
        ("ish", ""),
    ):
        if last.endswith(ending) and len(last) > len(ending) + 2:
            base = (prefix + " " if prefix else "") + last[: -len(ending)] + replacement
            if base != name and base in counts:
                return base
    return None
