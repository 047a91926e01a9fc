"""Numbers as written in news prose: number words, scales, vague amounts and scientific notation."""

from __future__ import annotations

import re

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "bn": 1e9, "tn": 1e12, "m": 1e6, "b": 1e9, "k": 1e3, "mil": 1e6, "mln": 1e6,
    "bln": 1e9, "trn": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "tenth": 10}

_COUNT = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety"
)
WORD_NUMBER = re.compile(
    r"\b(?P<words>(?:(?:a|an|" + _COUNT + r"|hundred|thousand|million|billion|trillion|dozen|half)"
    r"(?:[ -](?:and )?(?=[a-z]))?)+)\b",
    re.IGNORECASE,
)
# "a third of", "two-thirds of", "half of": a count is required except for "half", so "the
# final third of the pitch" and "Fourth of July" are not fractions.
FRACTION = re.compile(
    r"(?<![\w-])(?:(?P<count>a|an|one|two|three|four|five|nine|One|Two|Three|A|An)[ -])?"
    r"(?P<part>(?i:half|thirds?|quarters?|fourths?|fifths?|tenths?))(?= of\b|(?<=alf) an? [a-z])"
)
# "one out of three Germans", "9 out of 10 voters"
# "a quarter of a million", "half a million", "three-quarters of a billion".
FRACTION_OF_SCALE = re.compile(
    r"\b(?:(?:a|an|one) (?P<part>quarter|third)|(?:(?:a|an|one) )?(?P<half>half)"
    r"|(?P<three>three)[- ]quarters) (?:of )?an? (?P<scale>thousand|million|billion)\b",
    re.IGNORECASE,
)
# "four and a half hours", "2 and a half million": a whole number and a fraction.
AND_A_FRACTION = re.compile(
    r"\b(?P<whole>\d{1,3}|" + _COUNT + r") and an? (?P<part>half|quarter)\b"
    r"(?: (?P<scale>million|billion))?",
    re.IGNORECASE,
)
# A number or a number word starts here (a quick test before the alternation is tried).
_COUNT_START = r"(?=[\dotfsenOTFSEN])"
OUT_OF = re.compile(
    _COUNT_START
    + r"\b(?P<a>\d+|"
    + _COUNT
    + r") (?:out )?of (?:every )?(?P<b>\d+|"
    + _COUNT
    + r")\b"
    r"(?= [a-z]+)"
    # "1 in 4 adults", "one in every five": a share, when the part is one or written in words
    r"|"
    + _COUNT_START
    + r"\b(?P<a2>1|"
    + _COUNT
    + r") in (?:every )?(?P<b2>\d{1,3}|"
    + _COUNT
    + r")\b(?= [a-z]+)(?! (?:hours?|days?|weeks?|months?|years?|minutes?|seconds?)\b)",
    re.IGNORECASE,
)
# NewsQuant reads a vague plural amount as one order of magnitude: "hundreds of" is 100 to 1000,
# "tens of millions" is 1e7 to 1e8, "dozens" is 12 to 120.
_VAGUE_BASE = {"tens": 10.0, "dozens": 12.0, "scores": 20.0, "hundreds": 100.0}
_VAGUE_BIG = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}
VAGUE = re.compile(
    r"\b(?P<base>tens|dozens|scores|hundreds|thousands|millions|billions|trillions)"
    r"(?: of (?P<big>thousands|millions|billions|trillions))?\b",
    re.IGNORECASE,
)
# "1.99×10−30", "3 x 10^8", "6.02*10^23"
SCIENTIFIC = re.compile(
    r"(?<![\w.])(?P<mant>\d+(?:\.\d+)?)\s?[×x*]\s?10\s?(?:\^\s?)?(?P<sign>[-−])?(?P<exp>\d{1,3})\b"
)
# "2-0", "89-89": a score reads high side first; an ascending pair is a range instead.
SCORE = re.compile(
    r"(?<![\w.,/$€£-])(?P<a>\d{1,3})[-–](?P<b>\d{1,3})(?![\w/%-]|[.,]\d|\s?(?:per|%))"
)


def parse_words(words: str) -> float | None:
    """Return the value of a phrase like "ten thousand", "a dozen" or "two hundred and five"."""
    tokens = [t for t in re.split(r"[ -]+", words.casefold()) if t and t != "and"]
    # "a five per cent rise": a leading article counts only before a scale ("a hundred").
    while len(tokens) > 1 and tokens[0] in {"a", "an"} and tokens[1] in SMALL:
        tokens = tokens[1:]
    if not tokens or all(t in {"a", "an", "half"} for t in tokens):
        return None
    total = 0.0
    current = 0.0
    seen = False
    half = False
    for i, tok in enumerate(tokens):
        if tok in {"a", "an"}:
            if i + 1 < len(tokens) and tokens[i + 1] in SCALE_WORDS:
                current = max(current, 1.0)
                continue
            return None
        if tok == "half":
            half = True
            continue
        if tok in SMALL:
            current += SMALL[tok]
            seen = True
        elif tok == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif tok == "hundred":
            current = (current or 1.0) * 100
            seen = True
        elif tok in ("thousand", "million", "billion", "trillion"):
            total += (current or 1.0) * SCALES[tok]
            current = 0.0
            seen = True
    if not seen:
        return None
    value = total + current
    return value / 2 if half else value


def parse_count(token: str) -> float | None:
    """Return the value of a digit string or a single number word ("nine", "12")."""
    low = token.casefold()
    if low.isdigit():
        return float(low)
    return float(SMALL[low]) if low in SMALL else None


def vague_range(base: str, big: str | None) -> tuple[float, float]:
    """Return the (low, high) range NewsQuant gives a vague amount such as "tens of millions"."""
    low = base.casefold()
    unit = _VAGUE_BASE.get(low) or _VAGUE_BIG[low]
    if big:
        unit *= _VAGUE_BIG[big.casefold()]
    return unit, unit * 10


def scientific_value(mantissa: str, negative: bool, exponent: str) -> float:
    """Return the value of a number written as mantissa × 10^exponent."""
    power = -int(exponent) if negative else int(exponent)
    return float(mantissa) * 10.0**power
