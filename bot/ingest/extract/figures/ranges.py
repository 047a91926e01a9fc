"""Figures that belong together: ranges, and a unit or scale written once.

Ranges are "between 10 and 12" or "15-22 miles"; a unit or scale written once is shared by
"from 4.8 to 4.7 percent" and "24.2 to 33 billion".
"""

from __future__ import annotations

import itertools
import re

from .model import FoundFigure
from .words import SHARED_UNIT_JOINS

_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|and)\s*$")
_MORE = re.compile(r"^ more\b(?! than)")
# "26 of the 30", "9 of the country's 16", "7 of their last 10": a part of a counted whole.
_PART_OF = re.compile(
    r"^of(?: the| their| its| his| her)?(?: [\w’'-]+[’']s)?(?: last| first| next| top| remaining)?$"
)


def join_ranges(text: str, figures: list[FoundFigure]) -> list[FoundFigure]:
    """Return the figures with each range's two ends merged into one figure (low to high).

    ``text`` is the sentence as written and ``figures`` its figures in order.
    """
    out: list[FoundFigure] = []
    i = 0
    while i < len(figures):
        fig = figures[i]
        if i + 1 < len(figures) and not fig.kind and not figures[i + 1].kind:
            nxt = figures[i + 1]
            between = text[fig.end : nxt.start]
            before = text[: fig.start].casefold().rstrip()
            is_between = before.endswith("between") and between.strip() == "and"
            joined = _RANGE_JOIN.match(between) and between.strip() != "and"
            # "rose 0.1% to 1,333.18": a unit on the low end only means two different things
            one_sided = fig.unit is not None and nxt.unit is None
            if one_sided and between in ("-", "–") and nxt.scale_given and not fig.scale_given:
                one_sided = False  # "$3-4 million": one amount's range, the scale written once
            # "jumped 14% to $92.50": a change and a new level, not a range
            clashing = bool(fig.unit and nxt.unit and fig.unit.casefold() != nxt.unit.casefold())
            if (
                (is_between or (joined and not before.endswith("from")))
                and not one_sided
                and not clashing
                and (fig.value < nxt.value or (nxt.scale_given and not fig.scale_given))
            ):
                if nxt.scale_given and not fig.scale_given and fig.value < 1000:
                    fig.value *= nxt.scale
                fig.high = nxt.value
                fig.end = nxt.end
                fig.unit = fig.unit or nxt.unit
                fig.percent = fig.percent or nxt.percent
                out.append(fig)
                i += 2
                continue
        out.append(fig)
        i += 1
    return out


def share_units(text: str, figures: list[FoundFigure]) -> None:
    """Give neighbouring figures a unit or scale written once: "from 4.8 to 4.7 percent".

    A part of a counted whole ("26 of the 30 board members") is counted in the whole's unit.
    """
    for a, b in itertools.pairwise(figures):
        if a.kind or b.kind:
            continue
        between = text[a.end : b.start].strip().casefold()
        if a.unit and b.unit is None and between.startswith(a.unit.casefold() + " "):
            between = between[len(a.unit) + 1 :]  # "208 pounds to 193"
        more = text[b.end : b.end + 10]
        if b.unit is None and a.unit and not a.percent and _MORE.match(more):
            b.unit = a.unit  # "killed 17 civilians and wounded 40 more"
            continue
        if _PART_OF.match(between):
            if a.unit is None and b.unit and not b.percent and a.value < b.value:
                a.unit = b.unit  # "26 of the 30 board members": a part counted alike
            continue
        if between not in SHARED_UNIT_JOINS:
            continue
        if b.scale_given and not a.scale_given and a.value < 1000 and a.unit in (None, b.unit):
            a.value *= b.scale
            a.scale_given = True
        if a.unit is None and b.unit:
            a.unit = b.unit
            a.percent = b.percent
        elif b.unit is None and a.unit and b.high is None:
            opener = text[: a.start].casefold().rstrip()
            if opener.endswith(("from", "between", "by")) and not (a.percent and b.value > 100):
                b.unit = a.unit  # "from 208 pounds to 193"
                b.percent = a.percent


# Words before a bare number that put it beside another of the sentence's figures: "to 1,333.18",
# "the lowest is 74.07", "and 95800 who", "at 2483805 while" (or an opening parenthesis).
_PARALLEL_LEADS = frozenset({"to", "at", "is", "was", "and", "or", "from", "than", "while", "of"})


def share_parallel_units(text: str, figures: list[FoundFigure]) -> None:
    """Give a bare number the one unit the sentence's other figures of its kind use.

    "The TA-25 ended at 1,463.78 points, while the TA-125 ... to end at 1,334.20": the second
    index level is points too. Only when every other counted or measured figure of the sentence
    has that unit (never a percent), the bare number is written alike (both with or without
    decimals, within a factor of 100) and follows a word that sets it beside them. With other
    units about (turnover in shekels), only the levels reached after a percent change count.
    """
    units = {f.unit.casefold() for f in figures if f.unit and not f.percent and not f.kind}
    levels = False
    if len(units) != 1:
        # "edged down 0.03% to a close of 1,463.87 points, while the TA-125 climbed 0.1% to
        # 1,333.18, on turnover of 1.23 billion shekels": the levels after a change agree.
        units = {f.unit.casefold() for f in _levels(text, figures) if f.unit and not f.percent}
        levels = True
        if len(units) != 1:
            return
    models = [f for f in figures if f.unit and f.unit.casefold() in units and not f.percent]
    for fig in figures:
        if fig.unit is not None or fig.kind or fig.from_words or fig.high is not None:
            continue
        if levels and fig not in _levels(text, figures):
            continue
        lead = text[: fig.start].rstrip().rsplit(None, 1)[-1:]
        word = lead[0].casefold() if lead else ""
        if word not in _PARALLEL_LEADS and not word.endswith("("):
            continue
        model = min(models, key=lambda f: abs(f.start - fig.start))
        written = text[fig.start : fig.end]
        alike = ("." in written) == ("." in text[model.start : model.end])
        if alike and model.value and 0.01 <= abs(fig.value / model.value) <= 100:
            fig.unit = model.unit


_TO_LEVEL = re.compile(r"^[^,;]{0,25}\b(?:to|at)\b[^,;]{0,20}$")


def _levels(text: str, figures: list[FoundFigure]) -> list[FoundFigure]:
    """Return the figures that are a level reached after a percent change ("0.1% to 1,333.18")."""
    return [
        b
        for a, b in itertools.pairwise(figures)
        if a.percent and not b.percent and _TO_LEVEL.match(text[a.end : b.start])
    ]
