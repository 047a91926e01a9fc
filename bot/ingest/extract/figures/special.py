"""Special forms, read (and masked) before plain numbers.

They are scientific notation ("1.2e6"), scores ("3-1"), ratios ("two-to-one"), vague amounts
("hundreds of thousands"), "9 out of 10" and "1 in 4", heights in feet and inches, and
amounts with a fraction ("a quarter of a million", "four and a half hours").
"""

from __future__ import annotations

import re

from ..numbers import (
    AND_A_FRACTION,
    FRACTION_OF_SCALE,
    OUT_OF,
    SCIENTIFIC,
    SCORE,
    VAGUE,
    parse_count,
    scientific_value,
    vague_range,
)
from ..units import canonical, is_measure
from .filters import DATE_BEFORE
from .masking import MaskedSentence, has_digit
from .model import FoundFigure
from .phrases import clause_after, tail
from .shares import share_figure

# "a 3-to-1 margin", "two-to-one", "a 5 to 4 majority"; not "0-to-60-mph".
_RATIO_N = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)"
_RATIO = re.compile(
    r"(?<![\w.-])(?P<a>" + _RATIO_N + r")"
    r"(?:-to-|\s+to\s+(?=" + _RATIO_N + r"\s+(?:margin|majority|ratio|odds|edge)\b))"
    r"(?P<b>" + _RATIO_N + r")(?![\w]|-\d)",
    re.IGNORECASE,
)
_VOTE = re.compile(r"\b(?:vote[sd]?|voting|ballots?|approved|rejected|passed)\b", re.IGNORECASE)
# "Arizona (8-2) beat ...": a pair in brackets after a team's name is its win-loss record.
_RECORD_BEFORE = re.compile(r"[A-Z][\w.’'-]*\s\($")
_SPORT_UNIT = re.compile(r"\b(goals|runs|points|sets|games|frames|wickets)\b", re.IGNORECASE)


def _score_labels(score: str, tie: bool, sentence: str) -> tuple[tuple[str, str], str | None]:
    """Return the labels of both sides of a score ("votes in favour", "votes against") and unit."""
    if _VOTE.search(sentence):
        return (f"votes in favour ({score} vote)", f"votes against ({score} vote)"), "votes"
    sport = _SPORT_UNIT.search(sentence)
    unit = sport.group(1).casefold() if sport else None
    if tie:
        return (f"each side's score ({score} tie)", f"each side's score ({score} tie)"), unit
    return (f"winning side's score ({score})", f"losing side's score ({score})"), unit


def _scientific_and_scores(read: MaskedSentence) -> list[FoundFigure]:
    out: list[FoundFigure] = []
    for m in SCIENTIFIC.finditer(read.masked):
        value = scientific_value(m["mant"], bool(m["sign"]), m["exp"])
        out.append(FoundFigure(value, m.start(), m.end(), read.sentence, kind="scientific"))
        read.mask(m.start(), m.end())
    for m in SCORE.finditer(read.masked):
        a, b = int(m["a"]), int(m["b"])
        record = _RECORD_BEFORE.search(read.text[: m.start()]) is not None
        if (a < b and not record) or DATE_BEFORE.search(read.masked[: m.start()][-12:]):
            continue  # ascending pairs are ranges ("15-22 miles")
        if record:
            labels, unit = (f"wins ({m.group()} record)", f"losses ({m.group()} record)"), None
        else:
            labels, unit = _score_labels(m.group(), a == b, read.text)
        for value, start, end, label in (
            (a, m.start("a"), m.end("a"), labels[0]),
            (b, m.start("b"), m.end(), labels[1]),
        ):
            fig = FoundFigure(float(value), start, end, read.sentence, kind="score")
            fig.label = label
            fig.unit = unit
            out.append(fig)
        read.mask(m.start(), m.end())
    return out


# "6ft 2in", "5 feet 10 inches", "6'2\"": a height in feet and inches is two figures.
_FEET_INCHES = re.compile(
    r"(?<![\w.])(?P<ft>\d{1,2}) ?(?P<fu>ft|feet|foot|′|')[ -]?(?P<in>\d{1,2}(?:\.\d)?)"
    r" ?(?P<iu>in|inches|inch|″|\")(?![\w])"
)


def _feet_and_inches(read: MaskedSentence) -> list[FoundFigure]:
    out: list[FoundFigure] = []
    for m in _FEET_INCHES.finditer(read.masked):
        if float(m["in"]) >= 12:
            continue
        for part, unit, end in (("ft", "feet", m.end("fu")), ("in", "inches", m.end())):
            fig = FoundFigure(float(m[part]), m.start(part), end, read.sentence, unit=unit)
            fig.label = "height" if _HEIGHT.search(read.text) else m.group()
            out.append(fig)
        read.mask(m.start(), m.end())
    return out


_HEIGHT = re.compile(r"\b(?:tall|stands?|standing|height|high)\b", re.IGNORECASE)
_MEASURE_AFTER = re.compile(r"^[- ](?P<unit>[A-Za-z]+)\b")


def _ratios(read: MaskedSentence) -> list[FoundFigure]:
    out: list[FoundFigure] = []
    for m in _RATIO.finditer(read.masked):
        a_value, b_value = parse_count(m["a"]), parse_count(m["b"])
        if a_value is None or not b_value:
            continue
        measured = _MEASURE_AFTER.match(read.text[m.end() :])
        if measured and is_measure(measured["unit"]):
            # "0-to-60-mph", "2-to-3 metres": a range of that measure, not a ratio.
            fig = FoundFigure(a_value, m.start(), m.end() + measured.end(), read.sentence)
            fig.high, fig.unit = b_value, canonical(measured["unit"])
            out.append(fig)
            read.mask(fig.start, fig.end)
            continue
        fig = FoundFigure(a_value, m.start(), m.end(), read.sentence, kind="ratio")
        fig.unit = f"to {m['b']}"
        noun = tail(clause_after(read.text[m.end() :]), limit=4)
        fig.label = " ".join(noun) if noun else "ratio"
        out.append(fig)
        read.mask(m.start(), m.end())
    return out


def _vague(read: MaskedSentence) -> list[FoundFigure]:
    out: list[FoundFigure] = []
    for m in VAGUE.finditer(read.masked):
        base, big = m["base"], m["big"]
        after = read.masked[m.end() :]
        before = read.masked[: m.start()].rstrip()
        if base.casefold() in ("tens", "scores") and not big and not after.startswith(" of "):
            continue  # "test scores"
        if before[-1:].isdigit() or before.casefold().endswith(("the", "in")):
            continue  # "2 thousands", "in the hundreds" (a rank, not an amount)
        low, high = vague_range(base, big)
        out.append(FoundFigure(low, m.start(), m.end(), read.sentence, high=high, kind="vague"))
        read.mask(m.start(), m.end())
    return out


def _out_of(read: MaskedSentence) -> list[FoundFigure]:
    out: list[FoundFigure] = []
    for m in OUT_OF.finditer(read.masked):
        part, whole = parse_count(m["a"] or m["a2"]), parse_count(m["b"] or m["b2"])
        if part is None or not whole or part >= whole:
            continue
        out.append(share_figure(read, 100 * part / whole, m.start(), m.end(), m.end()))
        read.mask(m.start(), m.end())
    return out


_PARTS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _fractional_amounts(read: MaskedSentence) -> list[FoundFigure]:
    """Read "a quarter of a million" (250,000) and "four and a half hours" (4.5 hours)."""
    out: list[FoundFigure] = []
    low = read.masked.casefold()
    if not any(word in low for word in ("half", "quarter", "third")):
        return out
    for m in FRACTION_OF_SCALE.finditer(read.masked):
        part = 0.75 if m["three"] else _PARTS[(m["part"] or m["half"]).casefold()]
        value = part * _SCALES[m["scale"].casefold()]
        out.append(FoundFigure(value, m.start(), m.end(), read.sentence, scale_given=True))
        read.mask(m.start(), m.end())
    for m in AND_A_FRACTION.finditer(read.masked):
        whole = parse_count(m["whole"])
        if whole is None:
            continue
        value = whole + _PARTS[m["part"].casefold()]
        scale = _SCALES[m["scale"].casefold()] if m["scale"] else 1.0
        fig = FoundFigure(value * scale, m.start(), m.end(), read.sentence)
        fig.scale_given = m["scale"] is not None
        out.append(fig)
        read.mask(m.start(), m.end())
    return out


def find_special(read: MaskedSentence) -> list[FoundFigure]:
    """Find (and mask) scientific notation, scores, ratios, vague amounts and "N out of M"."""
    out: list[FoundFigure] = []
    if has_digit(read.masked):
        out += _scientific_and_scores(read)
        out += _feet_and_inches(read)
    out += _ratios(read)
    out += _vague(read)
    out += _out_of(read)
    out += _fractional_amounts(read)
    return out
