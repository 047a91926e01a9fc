"""What the words around a number say about it: percent, age, unit, rate and qualifier."""

from __future__ import annotations

import re

from ..units import STOPS, canonical, counted_noun, is_measure
from .model import FoundFigure
from .words import QUALIFIER_LEADS, QUALIFIER_PREPOSITIONS, QUALIFIERS, UNWRITTEN_UNITS

_PER = re.compile(
    r"^\s*(?:a|an|per|each|every|/)\s*(day|week|month|year|hour|minute|second|night|game|"
    r"season|person|capita|head|barrel|share|gallon|litre|liter|kilogram|kg|ton|tonne|mile|km|"
    r"quarter|session|visit|student|household)\b(?!\s+(?:earlier|ago|later|before|after)\b)"
)
_AGE_AFTER = re.compile(r"^-?\s?(year|month|week|day)s?[- ]old\b")
# "aged 50", "at age 12", "aged 50 to 70", "ages between 18 and 30": years of age.
_AGE_BEFORE = re.compile(
    r"\b(?:aged|ages|age)\s+(?:between\s+|over\s+|under\s+|above\s+)?"
    r"(?:\d{1,3}\s*(?:to|and|-|–)\s*)?$",
    re.IGNORECASE,
)


def qualifier_before(before: str) -> str | None:
    """Return the qualifier ending the text before a number ("more than", "about"), or None."""
    low = before.casefold().rstrip()
    for q in QUALIFIERS:
        if low.endswith(q) and (len(low) == len(q) or not low[-len(q) - 1].isalnum()):
            previous = low[: -len(q)].split()[-1:]
            if (
                q in QUALIFIER_PREPOSITIONS
                and previous
                and (
                    is_measure(previous[0])
                    or previous[0][-1:].isdigit()
                    or (previous[0] in STOPS and previous[0] not in QUALIFIER_LEADS)
                )
            ):
                return None  # "620 miles over 86 minutes": a preposition, not a qualifier
            return q
    return None


def describe(text: str, fig: FoundFigure) -> None:
    """Fill in the unit, rate and qualifier of a figure from the words around the number.

    ``text`` is the sentence as written; a percent or age written after the number is taken
    into the figure's span.
    """
    if fig.kind in ("score", "fraction", "ratio"):
        fig.qualifier = qualifier_before(text[: fig.start])
        return
    after = text[fig.end :]
    low_after = after.casefold()
    m = re.match(r"^\s?(?:percent|per cent|pct)\b", low_after)
    if m and fig.unit is None:
        fig.unit = "percent"
        fig.percent = True
        fig.end += m.end()
        after = text[fig.end :]
        low_after = after.casefold()
    m = _AGE_AFTER.match(low_after)
    if m and fig.unit is None:
        # NewsQuant's unit name for ages; "years old" would read better but not compare.
        fig.unit = f"{m.group(1)} of age"
        fig.end += m.end()
        after = text[fig.end :]
        low_after = after.casefold()
    if fig.unit is None and _AGE_BEFORE.search(text[: fig.start]):
        fig.unit = "year of age"  # "adults aged 50 to 70", "at age 12"
    hyphen = re.match(r"^-([a-z]+)\b", after)
    if hyphen and hyphen.group(1) in ("strong", "odd"):
        after = after[hyphen.end() :]  # "a 5,000-strong crowd", "40-odd staff": the noun after
        hyphen = None
    if hyphen and fig.unit is None and hyphen.group(1) not in STOPS:  # not "0-to-60"
        fig.unit = canonical(hyphen.group(1))
    if fig.unit is None:
        noun_text = after[4:] if fig.kind == "vague" and low_after.startswith(" of ") else after
        fig.unit = counted_noun(noun_text, fig.value)
    rest = text[fig.end :]
    if fig.unit and fig.unit not in UNWRITTEN_UNITS:
        idx = rest.casefold().find(fig.unit.casefold())
        if 0 <= idx <= 40:
            rest = rest[idx + len(fig.unit) :]
    per = _PER.match(rest.casefold())
    if per:
        fig.per = per.group(1)
        if fig.unit is None:
            fig.unit = f"per {fig.per}"  # "20 per week"
    if fig.per is None and fig.unit and fig.unit.startswith("per "):
        fig.per = fig.unit[4:]
    fig.qualifier = qualifier_before(text[: fig.start])
