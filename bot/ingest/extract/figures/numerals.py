"""Numbers written in digits, with a currency, sign, glued unit or scale: "$1.2bn", "-3%", "5km".

Years, dates, clock times, codes and ids are left out (see :mod:`.filters`).
"""

from __future__ import annotations

import itertools
import re

from ..lexicon import MONTHS, NON_NAME_WORDS, ROLE_NOUNS
from ..numbers import SCALES
from ..units import ATTACHED, CURRENCY_CODES, CURRENCY_SYMBOLS, million_suffix
from .filters import is_not_figure, next_word
from .masking import MaskedSentence, has_digit
from .model import FoundFigure

_CURRENCY = (
    r"(?:US|NZ|HK|AU)\s?\$|(?:A|C|S|R)\$|\$\s?(?:US|NZ|A|C)(?![a-z])|[$€£¥₹₩₽₱]"
    r"|(?:USD|EUR|GBP|JPY|AUD|CAD|CHF|CNY|INR|RMB|RM|Rs\.?|KSh|Ksh|KES|ZAR|NGN|₦|PHP|MXN|BRL"
    r"|KRW|SGD|HKD|NZD)(?=\s?\d)"
    # "N45 billion" (naira), "P12 billion" (pesos): only with a scale after the digits.
    r"|(?:N|P)(?=\d[\d,.]*\s?(?:million|billion|trillion|bn|m)\b)"
    # "R300 million" (rand), "Sh18" (shillings): a one- or two-letter prefix glued to digits.
    # Not a road or a model ("the R5", "R2-D2"): a scale or at least two digits follow.
    r"|(?:R|Sh)(?=\d[\d,.]*\s?(?:million|billion|trillion|bn|m|k)\b|\d{2,}(?:[,.]\d+)*(?![\w-])"
    r"|\d\.\d\d(?![\w-]))"  # "R4.20 a share": a price in rand and cents
)
_NUMERIC = re.compile(
    r"(?:(?<![\w.])(?P<cur>" + _CURRENCY + r")\s?|(?<![\w.,:/]))"
    r"(?P<sign>-|−|(?<!plus or )minus[- ])?"  # "plus or minus 2.2" is a margin, not negative
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<att>%|″|μm|[A-Za-z]+(?:/[A-Za-z]+)?)?(?![\w,]*\d)"
    r"(?:[\s-]?(?P<scale>hundred|thousand|million|billion|trillion|mn|bn|tn|mil|mln|bln|lakhs?"
    r"|crores?)\b)?"
)
_ATTACHED_SCALES = frozenset({"bn", "mn", "tn", "k", "mil", "mln", "bln", "trn"})
# An age set off by commas after a person: "Maddon, 66, has", "Sarah Kemp, 52.", "the mayor,
# 61, said"; not a list ("In Texas, 40, 50 and 60") nor a group ("residents, 52, or").
_AGE_BEFORE = re.compile(r"(?P<words>(?:[A-Za-z][\w'’.-]* ){0,3}[A-Za-z][\w'’-]*), (?:now )?$")
_AGE_AFTER = re.compile(r"^(?:,(?! ?\d)|;|\)|\.(?:\s|$)|$)")
_PERSON_NOUNS = ROLE_NOUNS | {
    "man",
    "woman",
    "boy",
    "girl",
    "child",
    "teenager",
    "pensioner",
    "defendant",
    "suspect",
    "victim",
}
_MAGNITUDE_BEFORE = re.compile(r"\b[Mm]agnitude[- ]$")
_QUAKE = re.compile(r"\b(?:earthquake|quake|tremor|aftershock)\b", re.IGNORECASE)
_RICHTER_AFTER = re.compile(r"^ on the Richter scale\b")
_SQUARE_UNITS = {"m": "square metres", "ft": "square feet", "km": "square kilometres"}


def _attached(
    att: str, cur: str | None, num: str, after: str
) -> tuple[str, str | None, int] | None:
    """Read letters glued to the digits: return (what, unit or scale, extra length), or None.

    ``what`` is "percent", "scale" or "unit". None means the number is no figure (22nd, 5G).
    """
    low = att.casefold()
    if att == "%" or low == "pc":
        return "percent", None, 0
    if low in _ATTACHED_SCALES or (low == "b" and cur):
        return "scale", low, 0
    if low == "m":
        if cur or million_suffix(next_word(after), "." in num):
            return "scale", "m", 0
        return "unit", "m", 0
    if low == "sq":
        m = re.match(r"^\s?(m|ft|km|mi)\b", after)
        if m:
            return "unit", _SQUARE_UNITS.get(m.group(1), "square miles"), m.end()
        return None
    if low in ("c", "f") and att.islower():
        return None
    if low in ("in", "l") and not cur:
        return None
    if low in ATTACHED:
        return "unit", ATTACHED[low], 0
    return None


def currency_unit(cur: str) -> str:
    """Return the unit of a currency as written before a number ("US$" -> "dollars")."""
    compact = cur.replace(" ", "").casefold()
    if compact in CURRENCY_CODES:
        return CURRENCY_CODES[compact]
    symbol = next((c for c in compact if c in CURRENCY_SYMBOLS), "$")
    return CURRENCY_SYMBOLS[symbol]


def find_numerals(read: MaskedSentence) -> list[FoundFigure]:
    """Return the figures written in digits in the masked sentence, in order."""
    out: list[FoundFigure] = []
    text = read.masked
    if not has_digit(text):
        return out
    for m in _NUMERIC.finditer(text):
        num, cur, att, scale = m.group("num"), m.group("cur"), m.group("att"), m.group("scale")
        end = m.end()
        if cur is not None:
            cur = cur.strip()
        fig_start = m.start("cur") if cur else m.start("sign") if m["sign"] else m.start("num")
        before = text[:fig_start]
        after = text[end:]
        value = float(num.replace(",", ""))
        unit: str | None = None
        percent = False
        if att:
            read_att = _attached(att, cur, num, after)
            if read_att is None:
                continue  # the 1980s, ordinals (22nd), models (5G), codes (A380)
            what, detail, extra = read_att
            if what == "percent":
                percent = True
            elif what == "scale":
                scale = detail
            else:
                unit = detail
                end += extra
                after = text[end:]
        if is_not_figure(num, value, cur, att, scale, before, after):
            continue
        multiplier = SCALES[scale.casefold()] if scale else 1.0
        value *= multiplier
        if m.group("sign"):
            value = -value
        fig = FoundFigure(value, fig_start, end, read.sentence)
        fig.percent = percent
        fig.scale_given = bool(scale)
        fig.scale = multiplier
        if cur:
            fig.unit = currency_unit(cur)
        elif percent:
            fig.unit = "percent"
        elif unit:
            fig.unit = unit
        elif _MAGNITUDE_BEFORE.search(before[-12:]) or _RICHTER_AFTER.match(after):
            fig.unit = "magnitude"  # "a magnitude 6.4 earthquake", "5.8 on the Richter scale"
        elif num.isdigit() and 0 < value < 120 and apposed_age(before, after):
            fig.unit = "year of age"
        quake = _QUAKE.search(read.text) if fig.unit == "magnitude" else None
        if quake:
            fig.label = f"magnitude of the {quake.group().casefold()}"
        out.append(fig)
    return out


def apposed_age(before: str, after: str) -> bool:
    """Return whether a number between ``before`` and ``after`` is a person's age ("Kemp, 52,").

    The person is a capitalised name (not a place after a preposition: "In Texas, 40,") or a
    singular person noun ("the mayor, 61,").
    """
    m = _AGE_BEFORE.search(before)
    if m is None or not _AGE_AFTER.match(after):
        return False
    words = m["words"].split()
    last = words[-1]
    if not last[:1].isupper():
        return last.casefold() in _PERSON_NOUNS and not last.endswith("s")
    chain = list(itertools.takewhile(lambda w: w[:1].isupper(), reversed(words)))[::-1]
    name = list(itertools.dropwhile(lambda w: w in NON_NAME_WORDS, chain))
    if not name or name[-1] in NON_NAME_WORDS or name[-1].casefold() in MONTHS:
        return False  # "However, 40,", "on Monday, 12,"
    return len(name) > 1 or name == chain  # "In Texas, 40," is a place after a preposition
