"""Figures: numbers with their unit, scale, qualifier, range and rate, but not dates or ids."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .text import Span

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "bn": 1e9, "tn": 1e12, "m": 1e6, "b": 1e9, "k": 1e3,
}  # fmt: skip
_CURRENCY_SYMBOLS = {
    "$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees", "₩": "won",
    "₽": "rubles", "usd": "dollars", "eur": "euros", "gbp": "pounds",
}  # fmt: skip
_CURRENCY_WORDS = frozenset(
    [
        "dollar",
        "dollars",
        "euro",
        "euros",
        "pound",
        "pounds",
        "yen",
        "yuan",
        "renminbi",
        "rupee",
        "rupees",
        "ruble",
        "rubles",
        "rouble",
        "roubles",
        "peso",
        "pesos",
        "shekel",
        "shekels",
        "crown",
        "crowns",
        "krona",
        "kronor",
        "krone",
        "kroner",
        "franc",
        "francs",
        "real",
        "reais",
        "rand",
        "lira",
        "lire",
        "won",
        "dinar",
        "dinars",
        "riyal",
        "riyals",
        "dirham",
        "dirhams",
        "cent",
        "cents",
        "pence",
    ]
)
_UNITS = frozenset(
    [
        "percent",
        "mile",
        "miles",
        "kilometre",
        "kilometres",
        "kilometer",
        "kilometers",
        "km",
        "meter",
        "meters",
        "metre",
        "metres",
        "foot",
        "feet",
        "inch",
        "inches",
        "yard",
        "yards",
        "centimetre",
        "centimetres",
        "cm",
        "mm",
        "kg",
        "kilogram",
        "kilograms",
        "gram",
        "grams",
        "pound",
        "pounds",
        "lb",
        "lbs",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "ounce",
        "ounces",
        "gallon",
        "gallons",
        "litre",
        "litres",
        "liter",
        "liters",
        "barrel",
        "barrels",
        "acre",
        "acres",
        "hectare",
        "hectares",
        "mph",
        "kph",
        "degree",
        "degrees",
        "celsius",
        "fahrenheit",
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
        "point",
        "points",
        "vote",
        "votes",
        "seat",
        "seats",
        "watt",
        "watts",
        "megawatts",
        "gigawatts",
        "kilowatts",
        "volts",
        "bytes",
        "gigabytes",
        "terabytes",
        "km/h",
        "kmh",
        "kHz",
        "mhz",
        "ghz",
        "mw",
        "gw",
        "kw",
        "kwh",
        "mwh",
        "gb",
        "tb",
        "mb",
        "kb",
        "ft",
        "sq",
    ]
)
_ATTACHED_UNITS = {
    "km": "km", "kg": "kg", "mph": "mph", "khz": "kHz", "mhz": "MHz", "ghz": "GHz",
    "km/h": "km/h", "mm": "mm", "cm": "cm", "ft": "ft", "lb": "lb", "lbs": "lbs", "gb": "GB",
    "tb": "TB", "mb": "MB", "mw": "MW", "gw": "GW", "kw": "kW", "kwh": "kWh", "m": "m",
    "g": "g", "l": "l", "ml": "ml", "in": "in", "kph": "kph", "c": "degrees", "f": "degrees",
    "mg": "mg", "w": "W", "hz": "Hz", "km/hr": "km/h", "v": "V", "gw/h": "GWh", "bhp": "bhp",
    "hp": "hp",
}  # fmt: skip
_COMPOUND_UNITS = (
    "square miles",
    "square mile",
    "square kilometres",
    "square kilometers",
    "square feet",
    "square metres",
    "square meters",
    "cubic feet",
    "cubic metres",
    "cubic meters",
    "miles per hour",
    "kilometres per hour",
    "kilometers per hour",
    "percentage points",
    "percentage point",
    "basis points",
    "basis point",
    "metric tons",
    "metric tonnes",
    "light years",
    "light-years",
    "years old",
    "year-old",
    "years-old",
)
_STOPS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "and",
        "or",
        "but",
        "nor",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "per",
        "each",
        "every",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "more",
        "less",
        "fewer",
        "most",
        "least",
        "over",
        "under",
        "about",
        "around",
        "into",
        "onto",
        "out",
        "up",
        "down",
        "off",
        "after",
        "before",
        "since",
        "until",
        "while",
        "when",
        "where",
        "why",
        "how",
        "what",
        "if",
        "so",
        "such",
        "then",
        "there",
        "here",
        "now",
        "ago",
        "later",
        "earlier",
        "today",
        "yesterday",
        "tomorrow",
        "apiece",
        "last",
        "next",
        "also",
        "only",
        "just",
        "still",
        "even",
        "already",
        "both",
        "all",
        "some",
        "any",
        "many",
        "much",
        "several",
        "other",
        "another",
        "same",
        "said",
        "says",
        "according",
        "against",
        "between",
        "among",
        "during",
        "through",
        "across",
        "toward",
        "towards",
        "within",
        "without",
        "behind",
        "beyond",
        "above",
        "below",
    ]
)
_PLURALS = frozenset(
    [
        "people",
        "children",
        "men",
        "women",
        "police",
        "staff",
        "personnel",
        "cattle",
        "feet",
        "teeth",
        "mice",
        "geese",
    ]
)
_QUALIFIERS = (
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as much as",
    "as few as",
    "as little as",
    "upwards of",
    "close to",
    "just over",
    "just under",
    "well over",
    "an estimated",
    "approximately",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "some",
    "over",
    "under",
    "estimated",
    "only",
    "just",
    "below",
    "above",
    "about",
    "approx.",
    "circa",
    "almost",
    "barely",
)
_PREPOSITIONS = frozenset({"over", "under", "above", "below"})
_PER = re.compile(
    r"^\s*(?:a|an|per|each|every|/)\s*(day|week|month|year|hour|minute|second|night|game|"
    r"season|person|capita|head|barrel|share|gallon|litre|liter|kilogram|kg|ton|tonne|mile|km|"
    r"quarter|session|visit|student|household)\b"
)
_NUMERIC = re.compile(
    r"(?P<cur>(?:US|USD|EUR|GBP|NZ|HK|C|A|S|R)? ?[$€£¥₹₩₽](?:US|A|C)?|(?:USD|EUR|GBP) )?"
    r"(?P<sign>-|minus[- ])?"
    r"(?<![\w.,:/])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<att>%|[A-Za-z]+(?:/[A-Za-z]+)?)?(?![\w,]*\d)"
    r"(?:\s?(?P<scale>hundred|thousand|million|billion|trillion|mn|bn|tn)\b)?"
)
_WORD_NUMBER = re.compile(
    r"\b(?P<words>(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|half)"
    r"(?:[ -](?:and )?(?=[a-z]))?)+)\b",
    re.IGNORECASE,
)
_CENTURY = re.compile(r"\b(?:a|one) century\b(?! (?:ago|old|later|earlier|before)\b)")
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
_FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "tenth": 10}
_FRACTION = re.compile(
    r"\b(?:(a|an|one|two|three) )?(half|thirds?|quarters?|fourths?|fifths?|tenths?)(?= of\b)",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\+\d[\d -]{7,}\d")
_TIME_AFTER = re.compile(
    r"^\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|ET\b|EST|EDT|PST|PDT|BST|CET|h\b)"
)
_DATE_BEFORE = re.compile(_MONTHS + r"\s*$")
_DATE_AFTER = re.compile(r"^(?:st|nd|rd|th)?,?\s+" + _MONTHS + r"(?!\w)")
_ID_BEFORE = re.compile(
    r"(?:\b(?:No|Nos|no|Vol|vol|Art|art|p|pp)\.\s*|#\s*|\b[\w.&'-]*[A-Z][\w.&'-]*\s)$"
)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|and)\s*$")
_SENTENCE_START_WORDS = frozenset(
    [
        "About",
        "Around",
        "Approximately",
        "Nearly",
        "Almost",
        "Roughly",
        "Some",
        "Over",
        "Under",
        "More",
        "Less",
        "Fewer",
        "At",
        "Up",
        "Just",
        "Only",
        "An",
        "Estimated",
        "Between",
        "From",
        "In",
        "By",
        "Of",
        "To",
        "With",
        "Since",
        "For",
        "As",
        "Another",
        "Each",
        "Every",
        "Those",
        "These",
        "The",
        "A",
        "All",
        "Only",
        "Another",
        "Fully",
        "Just",
    ]
)


@dataclass(slots=True)
class FoundFigure:
    """A figure ready for the briefing, with the offsets of the number as written."""

    value: float
    start: int
    end: int
    sentence: Span
    high: float | None = None
    unit: str | None = None
    label: str = ""
    qualifier: str | None = None
    per: str | None = None
    scale_given: bool = False
    percent: bool = False


def _parse_words(words: str) -> float | None:
    """Return the value of a phrase like "ten thousand", "a dozen" or "two hundred and five"."""
    tokens = [t for t in re.split(r"[ -]+", words.casefold()) if t and t != "and"]
    if not tokens or all(t in {"a", "an", "half"} for t in tokens):
        return None
    total = 0.0
    current = 0.0
    seen = False
    half = False
    for i, tok in enumerate(tokens):
        if tok in {"a", "an"}:
            if i + 1 < len(tokens) and tokens[i + 1] in (
                "hundred",
                "thousand",
                "million",
                "billion",
                "trillion",
                "dozen",
            ):
                current = max(current, 1.0)
                continue
            return None
        if tok == "half":
            half = True
            continue
        if tok in _SMALL:
            current += _SMALL[tok]
            seen = True
        elif tok == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif tok == "hundred":
            current = (current or 1.0) * 100
            seen = True
        elif tok in ("thousand", "million", "billion", "trillion"):
            total += (current or 1.0) * _SCALES[tok]
            current = 0.0
            seen = True
    if not seen:
        return None
    value = total + current
    return value / 2 if half else value


def _is_year(num: str, value: float, cur: str | None, att: str | None, scale: str | None) -> bool:
    return (
        len(num) == 4
        and num.isdigit()
        and 1700 <= value <= 2200
        and not cur
        and not scale
        and att is None
    )


class _SentenceFigures:
    """Find the figures of one sentence."""

    def __init__(self, sentence: Span, *, first_in_paragraph: bool = True) -> None:
        self.sentence = sentence
        self.text = sentence.text
        self.masked = _PHONE.sub(lambda m: "#" * len(m.group()), self.text)

    def find(self) -> list[FoundFigure]:
        numeric = self._numeric()
        fractions = self._fractions()
        found = numeric + fractions + self._worded(numeric + fractions)
        found.sort(key=lambda f: f.start)
        found = self._ranges(found)
        for figure in found:
            self._describe(figure)
        self._inherit_units(found)
        return found

    def _numeric(self) -> list[FoundFigure]:
        out = []
        text = self.masked
        for m in _NUMERIC.finditer(text):
            num, cur, att, scale = m.group("num"), m.group("cur"), m.group("att"), m.group("scale")
            _start, end = m.start(), m.end()
            if cur is not None:
                cur = cur.strip()
            fig_start = (
                m.start("cur") + (len(m.group("cur")) - len(m.group("cur").lstrip()))
                if cur
                else m.start("sign")
                if m.group("sign")
                else m.start("num")
            )
            before = text[:fig_start]
            if m.group("sign") == "-" and before[-1:].isalnum():
                continue
            after = text[end:]
            value = float(num.replace(",", ""))
            unit: str | None = None
            percent = False
            if att:
                low = att.casefold()
                if att == "%" or low == "pc":
                    percent = True
                elif low in ("bn", "mn", "tn", "m", "b", "k") and (
                    cur or low in ("bn", "mn", "tn")
                ):
                    scale = low
                elif low in ("s",) and len(num) == 4:
                    continue  # the 1980s
                elif low in _ATTACHED_UNITS and not (low in ("m", "in", "c", "f", "l") and not cur):
                    unit = _ATTACHED_UNITS[low]
                else:
                    continue  # ordinals (22nd), models (5G), codes (A380)
            if _is_year(num, value, cur, att, scale):
                continue
            if _TIME_AFTER.match(after) or (after.startswith(":") and after[1:2].isdigit()):
                continue
            if _DATE_BEFORE.search(before[-12:]) or _DATE_AFTER.match(after):
                continue
            if re.search(r"[A-Za-z]-$|\d[/.]$", before) or re.match(r"^/\d", after):
                continue  # COVID-19, 9/11 and dates like 10/12
            if not cur and not att and not scale and _ID_BEFORE.search(before):
                word = before.rstrip().rsplit(" ", 1)[-1]
                nxt = (after.split()[:1] or [""])[0].strip(".,;:").casefold()
                if not (word in _SENTENCE_START_WORDS and before.strip() == word) and not (
                    nxt in _UNITS or nxt.rstrip("s") in _UNITS or nxt in ("percent", "per")
                ):
                    continue  # "iPhone 14", "Section 427", "S&P 500"
            if scale:
                value *= _SCALES[scale.casefold()]
            if m.group("sign"):
                value = -value
            fig = FoundFigure(value, fig_start, end, self.sentence)
            fig.percent = percent
            fig.scale_given = bool(scale)
            if cur:
                symbol = cur[-1] if cur[-1] in "$€£¥₹₩₽" else cur.casefold()
                fig.unit = _CURRENCY_SYMBOLS.get(symbol, "dollars")
            elif percent:
                fig.unit = "percent"
            elif unit:
                fig.unit = unit
            out.append(fig)
        return out

    def _worded(self, taken: list[FoundFigure]) -> list[FoundFigure]:
        out = []
        text = self.masked
        for m in _WORD_NUMBER.finditer(text):
            if any(
                f.start <= m.start() < f.end + 1 or m.start() <= f.start < m.end() for f in taken
            ):
                continue
            if m.group("words").split()[0].casefold() in _SCALE_WORDS:
                continue  # a bare "million" belongs to a numeral before it
            words = m.group("words").rstrip(" -")
            first = words.split()[0].split("-")[0]
            start = m.start()
            lead = text[:start].rstrip(" “\"‘'(")
            at_start = not lead or lead[-1] in ".?!:…"
            if first[0].isupper() and not at_start:
                continue  # "Formula One", "Air Force One"
            low = words.casefold()
            after = text[m.start() + len(words) :]
            if low in {"a", "an", "half", "a half", "an half"} or low.startswith(
                ("a half", "half")
            ):
                continue
            value = _parse_words(words)
            if value is None:
                continue
            if low == "one":
                nxt = after.split()[:1]
                before_word = text[:start].split()[-1:] if text[:start].strip() else []
                if (
                    not nxt
                    or not nxt[0].isalpha()
                    or not nxt[0].islower()
                    or nxt[0] in _STOPS
                    or nxt[0] in {"another", "day", "time", "way", "thing", "side", "hand"}
                    or (
                        before_word
                        and before_word[0].casefold()
                        in {"no", "the", "this", "that", "any", "every", "each"}
                    )
                ):
                    continue
            if low.endswith(("hundred", "thousand", "million", "billion")) and after.startswith(
                "s"
            ):
                continue  # "hundreds of", "millions of"
            if _DATE_AFTER.match(after) or re.match(r"^\s?o'clock", after):
                continue
            out.append(FoundFigure(value, start, start + len(words), self.sentence))
        for m in _CENTURY.finditer(text):
            fig = FoundFigure(100.0, m.start(), m.end(), self.sentence, unit="years")
            fig.label = m.group()
            out.append(fig)
        return out

    def _fractions(self) -> list[FoundFigure]:
        out = []
        for m in _FRACTION.finditer(self.masked):
            count = _SMALL.get((m.group(1) or "a").casefold(), 1)
            value = count / _FRACTIONS[m.group(2).casefold().rstrip("s")]
            out.append(FoundFigure(value, m.start(), m.end(), self.sentence))
        return out

    def _ranges(self, figures: list[FoundFigure]) -> list[FoundFigure]:
        out: list[FoundFigure] = []
        i = 0
        while i < len(figures):
            fig = figures[i]
            if i + 1 < len(figures):
                nxt = figures[i + 1]
                between = self.text[fig.end : nxt.start]
                before = self.text[: fig.start].casefold().rstrip()
                is_between = before.endswith("between") and between.strip() == "and"
                joined = _RANGE_JOIN.match(between) and between.strip() != "and"
                if (is_between or (joined and not before.endswith("from"))) and (
                    fig.value < nxt.value or (nxt.scale_given and not fig.scale_given)
                ):
                    if nxt.scale_given and not fig.scale_given and fig.value < 1000:
                        fig.value *= nxt.value / float(
                            re.sub(r"[^\d.]", "", self.text[nxt.start : nxt.end]) or 1
                        )
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

    def _describe(self, fig: FoundFigure) -> None:
        """Fill in unit, rate, qualifier and label from the words around the number."""
        text = self.text
        after = text[fig.end :]
        low_after = after.casefold()
        m = re.match(r"^\s?(?:percent|per cent|pct)\b", low_after)
        if m and fig.unit is None:
            fig.unit = "percent"
            fig.percent = True
            fig.end += m.end()
            after = text[fig.end :]
            low_after = after.casefold()
        m = re.match(r"^-?\s?(?:year|years)[- ]old\b", low_after)
        if m and fig.unit is None:
            fig.unit = "years old"
            fig.end += m.end()
            after = text[fig.end :]
            low_after = after.casefold()
        words_after = re.findall(r"[A-Za-z][\w’'/-]*|\S", after[:80])
        hyphen = re.match(r"^-([a-z]+)\b", after)
        if hyphen and fig.unit is None:
            fig.unit = hyphen.group(1)
        if fig.unit is None:
            fig.unit = self._counted_noun(words_after, low_after)
        elif fig.unit in ("dollars", "euros", "pounds") and words_after[:1] == ["cents"]:
            pass
        rest = text[fig.end :]
        if fig.unit and fig.unit not in ("percent", "dollars", "euros", "pounds", "yen", "rupees"):
            idx = rest.casefold().find(fig.unit.casefold())
            if 0 <= idx <= 40:
                rest = rest[idx + len(fig.unit) :]
        per = _PER.match(rest.casefold())
        if per:
            fig.per = per.group(1)
        if fig.per is None and fig.unit and fig.unit.startswith("per "):
            fig.per = fig.unit[4:]
        fig.qualifier = self._qualifier(text[: fig.start])
        if not fig.label:
            fig.label = self._label(fig)

    @staticmethod
    def _counted_noun(words: list[str], low_after: str) -> str | None:
        for unit in _COMPOUND_UNITS:
            if low_after.lstrip().startswith(unit):
                return unit
        m = re.match(r"^\s?([a-z]+ )?(dollars|euros|pounds|crowns|francs)\b", low_after)
        if m:
            return (
                (m.group(1) or "") + m.group(2)
                if m.group(1)
                in (
                    "australian ",
                    "canadian ",
                    "hong kong ",
                    "singapore ",
                    "new zealand ",
                    "us ",
                    "u.s. ",
                    "danish ",
                    "swedish ",
                    "norwegian ",
                    "swiss ",
                    "taiwan ",
                )
                else m.group(2)
            )
        collected: list[str] = []
        for word in words[:4]:
            low = word.casefold()
            if low in _STOPS or not word[0].isalpha() or low.endswith("ly"):
                break
            if low in _UNITS or low in _CURRENCY_WORDS or low.rstrip("s") in _UNITS:
                if not collected:
                    return word
                collected.append(word)
                break
            collected.append(word)
            if len(collected) == 3:
                break
        while collected and collected[-1].casefold().endswith(("ed", "ing")):
            collected.pop()
        if not collected:
            return None
        for word in collected:
            low = word.casefold()
            if low in _PLURALS or (low.endswith("s") and not low.endswith(("ss", "us", "is"))):
                return word
        return collected[-1]

    @staticmethod
    def _qualifier(before: str) -> str | None:
        low = before.casefold().rstrip()
        for q in _QUALIFIERS:
            if low.endswith(q) and (len(low) == len(q) or not low[-len(q) - 1].isalnum()):
                previous = low[: -len(q)].split()[-1:]
                if (
                    q in _PREPOSITIONS
                    and previous
                    and (
                        previous[0] in _UNITS
                        or previous[0][-1:].isdigit()
                        or (
                            previous[0] in _STOPS
                            and previous[0]
                            not in ("for", "of", "by", "to", "has", "have", "had", "in")
                        )
                    )
                ):
                    return None  # "620 miles over 86 minutes": a preposition, not a qualifier
                return q
        return None

    def _label(self, fig: FoundFigure) -> str:
        text = self.text
        after = text[fig.end :]
        m = re.match(r"^(?:[^,;:.!?()\"“”—–]|(?<=\d)[,.](?=\d))+", after[:80])
        words = m.group().split() if m else []
        label_words: list[str] = []
        for word in words[:8]:
            if word.casefold() in {"and", "but", "which", "who", "that", "while", "as"}:
                break
            label_words.append(word)
        if label_words and not (len(label_words) == 1 and label_words[0].casefold() in _STOPS):
            return " ".join(label_words)
        before = re.split(r"[,;:.!?()\"“”—–]", text[: fig.start])[-1].split()
        if before:
            return " ".join([*before[-6:], text[fig.start : fig.end]])
        return text[fig.start : fig.end]

    @staticmethod
    def _inherit_units(figures: list[FoundFigure]) -> None:
        """Give "from 4.8 to 4.7 percent" and "3 or 4 times" the unit written once."""
        for a, b in itertools.pairwise(figures):
            between = a.sentence.text[a.end : b.start].strip().casefold()
            if a.unit is None and b.unit and between in ("to", "and", "or", "-", "–", "from"):
                a.unit = b.unit
                a.percent = b.percent


def find_figures(sentences: list[Span]) -> list[FoundFigure]:
    """Return the figures of the given sentences, in order."""
    out: list[FoundFigure] = []
    for sentence in sentences:
        out.extend(_SentenceFigures(sentence).find())
    return out
