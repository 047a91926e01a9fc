"""Scoring rules for the extraction benchmark: quote, speaker and figure precision and recall.

The rules follow ``../shared/eval/README.md``:

- A gold quote is found when one system quote holds at least ``threshold`` of its word tokens
  (casefolded, accent-folded, counted as a multiset). Matching is one-to-one and greedy, best
  coverage first.
- Direct scores compare gold ``direct`` quotes with system quotes of kind ``direct``. An
  unmatched system direct quote lying inside a gold non-direct quote (at least 90 % of its tokens
  are in that gold quote) is not counted against precision.
- A speaker is right when the system name equals the gold full name after folding, or contains
  all of its tokens. Pronouns never match. When the gold has only a ``speaker_mention``
  (PolNeAR), the mention's name is the last run of capitalised words, without titles, before
  any apposition ("longtime Democratic pollster Pat Caddell" -> "Pat Caddell"); the speaker is
  right when the system name contains all of those tokens, or the system name (not only titles)
  lies inside the mention's head ("German Chancellor Angela Merkel" vs "Angela Merkel"). Quotes
  whose mention holds no name (a pronoun, "a source", none) cannot be scored and are left out
  of the joint score, together with the system quotes matched to them.
- Figure values are equal within 1e-6 relative; a percent matches both 80 and 0.8. A system range
  counts as two values (low and high), as the gold splits ranges. Units agree after lower-casing
  and dropping a plural "s", or when one contains the other; the gold unit may be ``unit`` or
  ``unit_surface``; a gold figure without a unit accepts any unit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

_TOKEN = re.compile(r"\w+")
_PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "it",
        "its",
        "who",
        "one",
    ]
)
_TITLES = frozenset(
    [
        "the",
        "a",
        "an",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "president",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "minister",
        "prime",
        "vice",
        "former",
        "chief",
        "deputy",
        "assistant",
        "press",
        "representative",
        "congressman",
        "congresswoman",
        "speaker",
        "leader",
        "director",
        "chairman",
        "spokesman",
        "spokeswoman",
        "republican",
        "democratic",
        "democrat",
        "gop",
        "u.s",
        "us",
        "of",
        "state",
        "defense",
    ]
)


def fold(text: str) -> str:
    """Return text casefolded with accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> Counter[str]:
    """Return the folded word tokens of a text as a multiset."""
    return Counter(_TOKEN.findall(fold(text)))


def coverage(gold: Counter[str], system: Counter[str]) -> float:
    """Return the share of gold tokens (multiset) that the system text contains."""
    total = sum(gold.values())
    if total == 0:
        return 0.0
    return sum((gold & system).values()) / total


def match_greedy(
    gold: Sequence[Counter[str]], system: Sequence[Counter[str]], threshold: float
) -> list[tuple[int, int]]:
    """Return one-to-one (gold, system) pairs whose coverage reaches the threshold, best first."""
    pairs = []
    for g, gold_tokens in enumerate(gold):
        for s, system_tokens in enumerate(system):
            score = coverage(gold_tokens, system_tokens)
            if score >= threshold:
                pairs.append((-score, g, s))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, g, s in pairs:
        if g in used_g or s in used_s:
            continue
        used_g.add(g)
        used_s.add(s)
        out.append((g, s))
    return out


@dataclass
class Counts:
    """True positives and the sizes of the system and gold sets."""

    tp: int = 0
    system: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        """Add another article's counts to these."""
        self.tp += other.tp
        self.system += other.system
        self.gold += other.gold

    @property
    def precision(self) -> float:
        """Return TP / system (1.0 when the system proposed nothing)."""
        return self.tp / self.system if self.system else 1.0

    @property
    def recall(self) -> float:
        """Return TP / gold (1.0 when there was nothing to find)."""
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class GoldQuote:
    """A gold quote: its text, whether it is direct, and who said it."""

    text: str
    direct: bool
    speaker: str | None = None
    speaker_mention: str | None = None


@dataclass(frozen=True)
class SystemQuote:
    """A system quote: its text, kind and the speaker's full name (or None)."""

    text: str
    kind: str
    speaker_name: str | None = None


def mention_name(mention: str) -> list[str]:
    """Return the folded name tokens of a speaker mention, or [] if it holds no name."""
    runs: list[list[str]] = []
    current: list[str] = []
    head = re.split(r"[,(]| who | whom | which ", mention)[0]
    for word in head.split():
        if word[:1].isupper():
            current.append(word)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    if not runs:
        return []
    words = [re.sub(r"[’']s$", "", fold(w)).strip(".,’'") for w in runs[-1]]
    words = [w for w in _TOKEN.findall(" ".join(words)) if w not in _TITLES]
    if not words or all(w in _PRONOUNS for w in words):
        return []
    return words


def speaker_category(gold_name: str, system_name: str | None) -> str:
    """Return how a system speaker relates to the gold full name.

    One of "right", "none", "surname only" (a part of the right name, e.g. the surname alone),
    "variant" (same surname, other first name or spelling) or "other person".
    """
    if not system_name or fold(system_name) in _PRONOUNS:
        return "none"
    want = _TOKEN.findall(fold(gold_name))
    have = _TOKEN.findall(fold(system_name))
    if fold(system_name) == fold(gold_name) or all(w in have for w in want):
        return "right"
    if set(have) <= set(want):
        return "surname only"
    if want and have and want[-1] == have[-1]:
        return "variant"
    return "other person"


def speaker_correct(gold: GoldQuote, system_name: str | None) -> bool | None:
    """Return whether the system speaker is right, or None when the gold cannot be scored."""
    if gold.speaker:
        if not system_name or fold(system_name) in _PRONOUNS:
            return False
        want = _TOKEN.findall(fold(gold.speaker))
        have = set(_TOKEN.findall(fold(system_name)))
        return fold(system_name) == fold(gold.speaker) or all(w in have for w in want)
    mention_text = gold.speaker_mention or ""
    name = mention_name(mention_text)
    if not name:
        return None
    if not system_name:
        return False
    have = set(_TOKEN.findall(fold(system_name)))
    head = set(_TOKEN.findall(fold(re.split(r"[,(]| who | whom | which ", mention_text)[0])))
    return all(w in have for w in name) or (bool(have - _TITLES) and have <= head)


@dataclass
class QuoteScores:
    """Direct-quote counts at 80 % and 30 % coverage, and the joint quote+speaker counts."""

    direct80: Counts
    direct30: Counts
    joint: Counts
    unscorable_speakers: int = 0
    speakers: Counter[str] = field(default_factory=Counter)

    def add(self, other: QuoteScores) -> None:
        """Add another article's scores to these."""
        self.direct80.add(other.direct80)
        self.direct30.add(other.direct30)
        self.joint.add(other.joint)
        self.unscorable_speakers += other.unscorable_speakers
        self.speakers.update(other.speakers)

    @property
    def wrong_speaker_share(self) -> float:
        """Return the share of named system speakers that are another person (full-name gold)."""
        named = sum(self.speakers[k] for k in ("right", "surname only", "other person", "variant"))
        wrong = self.speakers["other person"] + self.speakers["variant"]
        return wrong / named if named else 0.0


def _direct_counts(
    gold: Sequence[GoldQuote], system: Sequence[SystemQuote], threshold: float
) -> tuple[Counts, list[tuple[int, int]], set[int]]:
    gold_direct = [g for g in gold if g.direct]
    system_direct = [s for s in system if s.kind == "direct"]
    gold_tokens = [tokens(g.text) for g in gold_direct]
    system_tokens = [tokens(s.text) for s in system_direct]
    pairs = match_greedy(gold_tokens, system_tokens, threshold)
    matched = {s for _, s in pairs}
    other = [tokens(g.text) for g in gold if not g.direct]
    excused = {
        s
        for s, st in enumerate(system_tokens)
        if s not in matched and any(coverage(st, o) >= 0.9 for o in other)
    }
    counts = Counts(len(pairs), len(system_direct) - len(excused), len(gold_direct))
    return counts, pairs, excused


def score_quotes(gold: Sequence[GoldQuote], system: Sequence[SystemQuote]) -> QuoteScores:
    """Score one article's quotes."""
    c80, pairs, excused = _direct_counts(gold, system, 0.8)
    c30, _, _ = _direct_counts(gold, system, 0.3)
    gold_direct = [g for g in gold if g.direct]
    system_direct = [s for s in system if s.kind == "direct"]
    joint = Counts(0, len(system_direct) - len(excused), len(gold_direct))
    unscorable = 0
    speakers: Counter[str] = Counter()
    matched_gold = dict(pairs)
    for g, gq in enumerate(gold_direct):
        s = matched_gold.get(g)
        system_name = system_direct[s].speaker_name if s is not None else None
        verdict = speaker_correct(gq, system_name)
        if gq.speaker and s is not None:
            speakers[speaker_category(gq.speaker, system_name)] += 1
        if verdict is None:
            unscorable += 1
            joint.gold -= 1
            if s is not None:
                joint.system -= 1
        elif verdict and s is not None:
            joint.tp += 1
    return QuoteScores(c80, c30, joint, unscorable, speakers)


@dataclass(frozen=True)
class GoldFigure:
    """A gold figure: value and its normalised and surface units."""

    value: float
    unit: str | None = None
    unit_surface: str | None = None


@dataclass(frozen=True)
class SystemFigure:
    """A system figure: value, optional range top, and unit."""

    value: float
    unit: str | None = None
    high: float | None = None


def values_equal(gold: float, system: float, *, percent: bool = False) -> bool:
    """Return whether two values are equal within 1e-6 relative (80 percent equals 0.8)."""
    candidates = [system]
    if percent:
        candidates += [system / 100, system * 100]
    return any(math.isclose(gold, c, rel_tol=1e-6, abs_tol=1e-12) for c in candidates)


def _norm_unit(unit: str) -> str:
    unit = unit.casefold().strip()
    return unit[:-1] if unit.endswith("s") and len(unit) > 1 else unit


def units_agree(gold: GoldFigure, system_unit: str | None) -> bool:
    """Return whether the system unit agrees with the gold unit or its surface form."""
    golds = [u for u in (gold.unit, gold.unit_surface) if u]
    if not golds:
        return True
    if not system_unit:
        return False
    have = _norm_unit(system_unit)
    for unit in golds:
        want = _norm_unit(unit)
        if want and (want == have or want in have or have in want):
            return True
    return False


def _is_percent(unit: str | None) -> bool:
    return bool(unit) and fold(unit or "").startswith(("percent", "%", "per cent"))


def _expand(system: Sequence[SystemFigure]) -> list[SystemFigure]:
    out = []
    for fig in system:
        out.append(SystemFigure(fig.value, fig.unit))
        if fig.high is not None:
            out.append(SystemFigure(fig.high, fig.unit))
    return out


def _match_figures(
    gold: Sequence[GoldFigure],
    system: Sequence[SystemFigure],
    accept: Callable[[GoldFigure, SystemFigure], bool],
) -> int:
    used: set[int] = set()
    tp = 0
    for g in gold:
        for s, fig in enumerate(system):
            if s not in used and accept(g, fig):
                used.add(s)
                tp += 1
                break
    return tp


def score_figures(
    gold: Sequence[GoldFigure], system: Sequence[SystemFigure]
) -> tuple[Counts, Counts]:
    """Return (value, value+unit) counts for one article."""
    expanded = _expand(system)

    def value_ok(g: GoldFigure, s: SystemFigure) -> bool:
        percent = _is_percent(s.unit) or _is_percent(g.unit) or _is_percent(g.unit_surface)
        return values_equal(g.value, s.value, percent=percent)

    def unit_ok(g: GoldFigure, s: SystemFigure) -> bool:
        return value_ok(g, s) and units_agree(g, s.unit)

    value = Counts(_match_figures(gold, expanded, value_ok), len(expanded), len(gold))
    both = Counts(_match_figures(gold, expanded, unit_ok), len(expanded), len(gold))
    return value, both


def bcubed(gold: Mapping[str, str], system: Mapping[str, str]) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1 of a clustering (item -> cluster label).

    Each item's precision is the share of its system cluster that shares its gold label, its
    recall the share of its gold cluster that shares its system cluster; both are averaged
    over the items of ``gold`` (an item the system lost counts as a cluster of its own).
    """
    items = list(gold)
    if not items:
        return (0.0, 0.0, 0.0)
    system_of = {item: system.get(item, f"\0{item}") for item in items}
    by_gold: dict[str, set[str]] = {}
    by_system: dict[str, set[str]] = {}
    for item in items:
        by_gold.setdefault(gold[item], set()).add(item)
        by_system.setdefault(system_of[item], set()).add(item)
    precision = recall = 0.0
    for item in items:
        cluster, truth = by_system[system_of[item]], by_gold[gold[item]]
        both = len(cluster & truth)
        precision += both / len(cluster)
        recall += both / len(truth)
    precision, recall = precision / len(items), recall / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (precision, recall, f1)
