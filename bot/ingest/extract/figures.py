"""Figures: numbers with their unit, scale, qualifier, range and rate, but not dates or ids."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from .figure_label import clause_after, is_unit_kind, label_for, tail
from .figure_model import FoundFigure
from .figure_rank import MAX_KEY_FIGURES, rank_figures
from .numbers import (
    FRACTION,
    FRACTIONS,
    OUT_OF,
    SCALE_WORDS,
    SCALES,
    SCIENTIFIC,
    SCORE,
    SMALL,
    VAGUE,
    WORD_NUMBER,
    parse_count,
    parse_words,
    scientific_value,
    vague_range,
)
from .text import Span, find_headline
from .units import (
    ATTACHED,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    SPACED,
    STOPS,
    canonical,
    counted_noun,
    is_measure,
    million_suffix,
)

_MONTHS_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
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
    r"quarter|session|visit|student|household)\b(?!\s+(?:earlier|ago|later|before|after)\b)"
)
_CURRENCY = (
    r"(?:US|NZ|HK|AU|A|C|S|R)\s?\$|\$\s?(?:US|NZ|A|C)(?![a-z])|[$€£¥₹₩₽]"
    r"|(?:USD|EUR|GBP|JPY|AUD|CAD|CHF|CNY|INR|RMB|RM|Rs\.?)(?=\s?\d)"
)
_NUMERIC = re.compile(
    r"(?:(?<![\w.])(?P<cur>" + _CURRENCY + r")\s?|(?<![\w.,:/]))"
    r"(?P<sign>-|−|minus[- ])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<att>%|″|μm|[A-Za-z]+(?:/[A-Za-z]+)?)?(?![\w,]*\d)"
    r"(?:\s?(?P<scale>hundred|thousand|million|billion|trillion|mn|bn|tn|mil|mln|bln)\b)?"
)
# "a 3-to-1 margin", "two-to-one", "a 5 to 4 majority"; not "0-to-60-mph".
_RATIO_N = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)"
_RATIO = re.compile(
    r"(?<![\w.-])(?P<a>" + _RATIO_N + r")"
    r"(?:-to-|\s+to\s+(?=" + _RATIO_N + r"\s+(?:margin|majority|ratio|odds|edge)\b))"
    r"(?P<b>" + _RATIO_N + r")(?![\w-])",
    re.IGNORECASE,
)
_SUPERLATIVE = re.compile(
    r"^ of (?:the |its |their |his |her |our |[A-Z][\w]*[’']s )"
    r"(?P<adj>[a-z]+est|best|worst|most|least)\b(?P<rest>[^.;:]*)"
)
_OF_A_MEASURE = re.compile(r"^ of an? (?P<unit>[a-z]+)\b")
_VOTE = re.compile(r"\b(?:vote[sd]?|voting|ballots?|approved|rejected|passed)\b", re.IGNORECASE)
_SPORT_UNIT = re.compile(r"\b(goals|runs|points|sets|games|frames|wickets)\b", re.IGNORECASE)
_QUOTE_MARKS = frozenset("\"“”‘'«»")
_LEAD_SENTENCES = 2  # the lead: the first two sentences of the story
_ATTACHED_SCALES = frozenset({"bn", "mn", "tn", "k", "mil", "mln", "bln", "trn"})
_CENTURY = re.compile(r"\b(?:a|one) century\b(?! (?:ago|old|later|earlier|before)\b)")
# Street addresses are not figures: "9 E 71st St", "49 Zorro Ranch Road".
_ADDRESS = re.compile(
    r"\b\d{1,5}(?: [A-Z0-9][\w.]*){1,3} (?:St|Street|Rd|Road|Ave|Avenue|Way|Blvd|Boulevard|"
    r"Lane|Ln|Drive|Dr|Place|Pl|Court|Ct|Terrace|Highway|Hwy)\b"
)
# Timestamps and ISO dates hold digit groups that are not amounts: "2019-09-01T10:38:07Z".
_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b")
_DATE_RANGE_BEFORE = re.compile(_MONTHS_RE + r"\s*\d{1,2}[-–]$")
_AGE_AFTER = re.compile(r"^-?\s?(year|month|week|day)s?[- ]old\b")
_AGE_APPOSITION = re.compile(r"\b[A-Z][\w'’.-]*, $")
_MASK = "\x1f"
_PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\+\d[\d -]{7,}\d")
_TIME_AFTER = re.compile(
    r"^\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|ET\b|EST|EDT|PST|PDT|BST|CET|h\b)"
)
_DATE_BEFORE = re.compile(_MONTHS_RE + r"\s*$")
_DATE_AFTER = re.compile(r"^(?:st|nd|rd|th)?,?\s+" + _MONTHS_RE + r"(?!\w)")
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


def _score_labels(score: str, tie: bool, sentence: str) -> tuple[tuple[str, str], str | None]:
    """Return the labels of both sides of a score ("votes in favour", "votes against") and unit."""
    if _VOTE.search(sentence):
        return (f"votes in favour ({score} vote)", f"votes against ({score} vote)"), "votes"
    sport = _SPORT_UNIT.search(sentence)
    unit = sport.group(1).casefold() if sport else None
    if tie:
        return (f"each side's score ({score} tie)", f"each side's score ({score} tie)"), unit
    return (f"winning side's score ({score})", f"losing side's score ({score})"), unit


def _is_year(num: str, value: float, cur: str | None, att: str | None, scale: str | None) -> bool:
    return (
        len(num) == 4
        and num.isdigit()
        and 1700 <= value <= 2200
        and not cur
        and not scale
        and att is None
    )


def _next_word(after: str) -> str:
    return (after.split()[:1] or [""])[0].strip(".,;:()")


class _SentenceFigures:
    """Find the figures of one sentence."""

    def __init__(self, sentence: Span) -> None:
        self.sentence = sentence
        self.text = sentence.text
        self.masked = self.text
        for pattern in (_PHONE, _ADDRESS, _TIMESTAMP):
            if any(c.isdigit() for c in self.masked):
                self._mask_all(pattern)

    def _mask(self, start: int, end: int) -> None:
        self.masked = self.masked[:start] + _MASK * (end - start) + self.masked[end:]

    def _mask_all(self, pattern: re.Pattern[str]) -> None:
        for m in pattern.finditer(self.masked):
            self._mask(m.start(), m.end())

    def find(self) -> list[FoundFigure]:
        """Return the figures of the sentence, in order."""
        special = self._special()
        numeric = self._numeric()
        fractions = self._fractions()
        found = special + numeric + fractions
        found += self._worded(found)
        found.sort(key=lambda f: f.start)
        found = self._ranges(found)
        for figure in found:
            self._describe(figure)
        self._inherit(found)
        counted: str | None = None
        previous: str | None = None
        for figure in found:
            if not figure.label:
                figure.label = label_for(
                    self.text,
                    figure.start,
                    figure.end,
                    figure.unit,
                    percent=figure.percent,
                    counted=counted,
                    previous=previous,
                    qualifier=figure.qualifier,
                )
            countable = figure.unit and (not is_unit_kind(figure.unit) or figure.unit.endswith("s"))
            if countable and not figure.kind and not figure.percent:
                counted = figure.unit  # "6,214 votes for and 2,071 against"
            previous = figure.label
        return found

    def _special(self) -> list[FoundFigure]:
        """Find (and mask) scientific notation, scores, vague amounts and "N out of M"."""
        out: list[FoundFigure] = []
        if any(c.isdigit() for c in self.masked):
            for m in SCIENTIFIC.finditer(self.masked):
                value = scientific_value(m["mant"], bool(m["sign"]), m["exp"])
                out.append(FoundFigure(value, m.start(), m.end(), self.sentence, kind="scientific"))
                self._mask(m.start(), m.end())
            for m in SCORE.finditer(self.masked):
                a, b = int(m["a"]), int(m["b"])
                if a < b or _DATE_BEFORE.search(self.masked[: m.start()][-12:]):
                    continue  # ascending pairs are ranges ("15-22 miles")
                labels, unit = _score_labels(m.group(), a == b, self.text)
                for value, start, end, label in (
                    (a, m.start("a"), m.end("a"), labels[0]),
                    (b, m.start("b"), m.end(), labels[1]),
                ):
                    fig = FoundFigure(float(value), start, end, self.sentence, kind="score")
                    fig.label = label
                    fig.unit = unit
                    out.append(fig)
                self._mask(m.start(), m.end())
        for m in _RATIO.finditer(self.masked):
            a_value, b_value = parse_count(m["a"]), parse_count(m["b"])
            if a_value is None or not b_value:
                continue
            fig = FoundFigure(a_value, m.start(), m.end(), self.sentence, kind="ratio")
            fig.unit = f"to {m['b']}"
            noun = tail(clause_after(self.text[m.end() :]), limit=4)
            fig.label = " ".join(noun) if noun else "ratio"
            out.append(fig)
            self._mask(m.start(), m.end())
        for m in VAGUE.finditer(self.masked):
            base, big = m["base"], m["big"]
            after = self.masked[m.end() :]
            before = self.masked[: m.start()].rstrip()
            if base.casefold() in ("tens", "scores") and not big and not after.startswith(" of "):
                continue  # "test scores"
            if before[-1:].isdigit() or before.casefold().endswith(("the", "in")):
                continue  # "2 thousands", "in the hundreds" (a rank, not an amount)
            low, high = vague_range(base, big)
            out.append(FoundFigure(low, m.start(), m.end(), self.sentence, high=high, kind="vague"))
            self._mask(m.start(), m.end())
        for m in OUT_OF.finditer(self.masked):
            part, whole = parse_count(m["a"]), parse_count(m["b"])
            if part is None or not whole or part >= whole:
                continue
            out.append(self._share(100 * part / whole, m.start(), m.end(), m.end()))
            self._mask(m.start(), m.end())
        return out

    def _attached(
        self, att: str, cur: str | None, num: str, after: str
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
            if cur or million_suffix(_next_word(after), "." in num):
                return "scale", "m", 0
            return "unit", "m", 0
        if low == "sq":
            m = re.match(r"^\s?(m|ft|km|mi)\b", after)
            if m:
                unit = {"m": "square metres", "ft": "square feet", "km": "square kilometres"}
                return "unit", unit.get(m.group(1), "square miles"), m.end()
            return None
        if low in ("c", "f") and att.islower():
            return None
        if low in ("in", "l") and not cur:
            return None
        if low in ATTACHED:
            return "unit", ATTACHED[low], 0
        return None

    def _numeric(self) -> list[FoundFigure]:
        out: list[FoundFigure] = []
        text = self.masked
        if not any(c.isdigit() for c in text):
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
                read = self._attached(att, cur, num, after)
                if read is None:
                    if att.casefold() == "s" and len(num) == 4:
                        continue  # the 1980s
                    continue  # ordinals (22nd), models (5G), codes (A380)
                what, detail, extra = read
                if what == "percent":
                    percent = True
                elif what == "scale":
                    scale = detail
                else:
                    unit = detail
                    end += extra
                    after = text[end:]
            if _is_year(num, value, cur, att, scale):
                continue
            if _TIME_AFTER.match(after) or (after.startswith(":") and after[1:2].isdigit()):
                continue
            if _DATE_BEFORE.search(before[-12:]) or _DATE_AFTER.match(after):
                continue
            if _DATE_RANGE_BEFORE.search(before[-16:]):
                continue  # "Oct. 18-22"
            if re.search(r"[A-Za-z]-$", before) or (
                not cur and (re.search(r"\d[/.]$", before) or re.match(r"^/\d", after))
            ):
                continue  # COVID-19, 9/11 and dates like 10/12
            if not cur and not att and not scale and _ID_BEFORE.search(before):
                word = before.rstrip().rsplit(" ", 1)[-1]
                nxt = _next_word(after)
                if not (word in _SENTENCE_START_WORDS and before.strip() == word) and not (
                    is_measure(nxt)
                    or is_measure(nxt.split("-")[0])
                    or nxt in SPACED
                    or nxt.casefold() in ("percent", "per")
                ):
                    continue  # "iPhone 14", "Section 427", "S&P 500"
            multiplier = SCALES[scale.casefold()] if scale else 1.0
            value *= multiplier
            if m.group("sign"):
                value = -value
            fig = FoundFigure(value, fig_start, end, self.sentence)
            fig.percent = percent
            fig.scale_given = bool(scale)
            fig.scale = multiplier
            if cur:
                fig.unit = self._currency(cur)
            elif percent:
                fig.unit = "percent"
            elif unit:
                fig.unit = unit
            elif (
                _AGE_APPOSITION.search(before)
                and after.startswith(",")
                and num.isdigit()
                and 0 < value < 120
            ):
                fig.unit = "year of age"  # "Maddon, 66, has ..."
            out.append(fig)
        return out

    @staticmethod
    def _currency(cur: str) -> str:
        compact = cur.replace(" ", "").casefold()
        if compact in CURRENCY_CODES:
            return CURRENCY_CODES[compact]
        symbol = next((c for c in compact if c in CURRENCY_SYMBOLS), "$")
        return CURRENCY_SYMBOLS[symbol]

    def _worded(self, taken: list[FoundFigure]) -> list[FoundFigure]:
        out = []
        text = self.masked
        for m in WORD_NUMBER.finditer(text):
            if any(
                f.start <= m.start() < f.end + 1 or m.start() <= f.start < m.end() for f in taken
            ):
                continue
            if m.group("words").split()[0].casefold() in SCALE_WORDS:
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
            value = parse_words(words)
            if value is None:
                continue
            superlative = _SUPERLATIVE.match(after) if low == "one" else None
            if superlative:
                # "one of the best screens": NewsQuant counts it, as one of a kind.
                fig = FoundFigure(1.0, start, start + len(words), self.sentence, from_words=True)
                fig.unit = counted_noun(superlative["rest"], 2.0)
                if fig.unit:
                    rest = tail(clause_after(superlative["rest"]), limit=6)
                    fig.label = " ".join([superlative["adj"], *rest])
                    out.append(fig)
                    continue
            if low == "one" and not self._counted_one(text[:start], after):
                continue
            if low.endswith(("hundred", "thousand", "million", "billion")) and after.startswith(
                "s"
            ):
                continue  # "hundreds of", "millions of"
            if _DATE_AFTER.match(after) or re.match(r"^\s?o'clock", after):
                continue
            fig = FoundFigure(value, start, start + len(words), self.sentence, from_words=True)
            out.append(fig)
        for m in _CENTURY.finditer(text):
            out.append(FoundFigure(100.0, m.start(), m.end(), self.sentence, unit="years"))
        return out

    @staticmethod
    def _counted_one(before: str, after: str) -> bool:
        """Return whether "one" counts something ("one soldier", "one to two years")."""
        if re.match(r"^(?: to | or |-)(\d|[a-z]+\b)", after):
            following = re.split(r"[ -]", after.strip(), maxsplit=2)
            nxt = following[1] if len(following) > 1 else ""
            if parse_count(nxt.strip(".,;:")) is not None:
                return True
        nxt_word = after.split()[:1]
        before_word = before.split()[-1:]
        return not (
            not nxt_word
            or not nxt_word[0].isalpha()
            or not nxt_word[0].islower()
            or nxt_word[0] in STOPS
            or nxt_word[0] in {"another", "day", "time", "way", "thing", "side", "hand"}
            or (
                before_word
                and before_word[0].casefold()
                in {"no", "the", "this", "that", "any", "every", "each"}
            )
        )

    def _fractions(self) -> list[FoundFigure]:
        out = []
        for m in FRACTION.finditer(self.masked):
            part = m["part"].casefold().rstrip("s")
            count_word = m["count"]
            if count_word is None:
                if part != "half":
                    continue
                previous = self.masked[: m.start()].split()[-1:]
                if previous and previous[0].casefold() in {
                    "the", "first", "second", "other", "final", "last", "latter", "former",
                }:  # fmt: skip
                    continue  # "the second half of the game"
            count = SMALL.get((count_word or "a").casefold(), 1)
            share = count / FRACTIONS[part]
            measure = _OF_A_MEASURE.match(self.masked[m.end() :])
            if measure and is_measure(measure["unit"]):
                fig = FoundFigure(share, m.start(), m.end(), self.sentence, kind="fraction")
                fig.unit = canonical(measure["unit"])
                fig.label = f"{m.group()} of a {measure['unit']}"  # "a quarter of a mile"
                out.append(fig)
                continue
            out.append(self._share(100 * share, m.start(), m.end(), m.end() + 3))
        return out

    def _share(self, value: float, start: int, end: int, noun_at: int) -> FoundFigure:
        """Return a share in words ("a quarter of residents") as a percent of what follows."""
        fig = FoundFigure(value, start, end, self.sentence, kind="fraction", unit="percent")
        fig.percent = True
        words = clause_after(self.text[noun_at:])
        while words and words[0].casefold() in ("the", "all", "those", "of"):
            words = words[1:]
        noun = tail(words, limit=5, digits=True)
        if noun:
            fig.label = "share of " + " ".join(noun)
        else:
            fig.label = " ".join([self.text[start:end], *clause_after(self.text[end:])[:5]])
        return fig

    def _ranges(self, figures: list[FoundFigure]) -> list[FoundFigure]:
        out: list[FoundFigure] = []
        i = 0
        while i < len(figures):
            fig = figures[i]
            if i + 1 < len(figures) and not fig.kind and not figures[i + 1].kind:
                nxt = figures[i + 1]
                between = self.text[fig.end : nxt.start]
                before = self.text[: fig.start].casefold().rstrip()
                is_between = before.endswith("between") and between.strip() == "and"
                joined = _RANGE_JOIN.match(between) and between.strip() != "and"
                # "rose 0.1% to 1,333.18": a unit on the low end only means two different things
                one_sided = fig.unit is not None and nxt.unit is None
                if (
                    (is_between or (joined and not before.endswith("from")))
                    and not one_sided
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

    def _describe(self, fig: FoundFigure) -> None:
        """Fill in unit, rate, qualifier and label from the words around the number."""
        text = self.text
        if fig.kind in ("score", "fraction", "ratio"):
            fig.qualifier = self._qualifier(text[: fig.start])
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
        hyphen = re.match(r"^-([a-z]+)\b", after)
        if hyphen and fig.unit is None:
            fig.unit = canonical(hyphen.group(1))
        if fig.unit is None:
            noun_text = after[4:] if fig.kind == "vague" and low_after.startswith(" of ") else after
            fig.unit = counted_noun(noun_text, fig.value)
        rest = text[fig.end :]
        if fig.unit and fig.unit not in ("percent", "dollars", "euros", "pounds", "yen", "rupees"):
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
        fig.qualifier = self._qualifier(text[: fig.start])

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
                        is_measure(previous[0])
                        or previous[0][-1:].isdigit()
                        or (
                            previous[0] in STOPS
                            and previous[0]
                            not in ("for", "of", "by", "to", "has", "have", "had", "in")
                        )
                    )
                ):
                    return None  # "620 miles over 86 minutes": a preposition, not a qualifier
                return q
        return None

    def _inherit(self, figures: list[FoundFigure]) -> None:
        """Share a unit or scale written once: "from 4.8 to 4.7 percent", "24.2 to 33 billion"."""
        for a, b in itertools.pairwise(figures):
            if a.kind or b.kind:
                continue
            between = self.text[a.end : b.start].strip().casefold()
            if a.unit and b.unit is None and between.startswith(a.unit.casefold() + " "):
                between = between[len(a.unit) + 1 :]  # "208 pounds to 193"
            if between not in ("to", "and", "or", "-", "–", "from"):
                continue
            if b.scale_given and not a.scale_given and a.value < 1000 and a.unit in (None, b.unit):
                a.value *= b.scale
                a.scale_given = True
            if a.unit is None and b.unit:
                a.unit = b.unit
                a.percent = b.percent
            elif b.unit is None and a.unit and b.high is None:
                opener = self.text[: a.start].casefold().rstrip()
                if opener.endswith(("from", "between")) and not (a.percent and b.value > 100):
                    b.unit = a.unit  # "from 208 pounds to 193"
                    b.percent = a.percent


def _opens_with_mark(start: int, sentences: Sequence[Span]) -> bool:
    """Return whether a quote starting at ``start`` follows a quotation mark (is really quoted)."""
    for sentence in sentences:
        if sentence.start <= start <= sentence.end:
            before = sentence.text[: start - sentence.start].rstrip(" ")
            if before[-1:] in _QUOTE_MARKS:
                return True
    return False


def find_all_figures(sentences: Sequence[Span]) -> list[FoundFigure]:
    """Return every figure of the given sentences, in text order."""
    out: list[FoundFigure] = []
    for sentence in sentences:
        out.extend(_SentenceFigures(sentence).find())
    return out


def find_figures(
    sentences: Sequence[Span],
    *,
    quotes: Sequence[tuple[int, int]] = (),
    paragraphs: Sequence[Span] = (),
    limit: int = MAX_KEY_FIGURES,
) -> list[FoundFigure]:
    """Return the key figures of an article, most important first, at most about ``limit``.

    ``quotes`` are the (start, end) offsets of direct quotes and ``paragraphs`` the article's
    paragraphs (to find a headline line): numbers inside either are not key figures.
    """
    skip = [q for q in quotes if _opens_with_mark(q[0], sentences)]
    headline = find_headline(list(paragraphs)) if paragraphs else None
    body = list(sentences)
    if headline is not None:
        skip.append((headline.start, headline.end))
        body = [s for s in body if not headline.start <= s.start < headline.end] or body
    lead_end = body[min(len(body), _LEAD_SENTENCES) - 1].end if body else 0
    return rank_figures(find_all_figures(sentences), skip=skip, lead_end=lead_end, limit=limit)
