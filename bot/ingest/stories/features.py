"""What the clusterer compares: an article's weighted words and the names it mentions.

Words are folded, stemmed and weighted by how rare they are among the articles seen so far
(TF-IDF), with the title counted three times and the lead paragraph twice: outlets that
report one event share its rare words (the place, the people, "artillery", "fare") far more
than their wording. Names (people and places the extraction found) are kept apart: they
support a match but never make one, because unrelated events share names all the time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.core.models import Briefing, fold
from bot.core.text import STOPWORDS, stem, tokens

# News words every story uses: they say nothing about which event an article reports.
_NEWS_WORDS = frozenset(
    """said says say told tell according also would could should can may might not no but
    after before over about more than into out up down new year years day days week weeks
    month months time today yesterday monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    one two three four five six seven eight nine ten first last percent people official
    officials report reported reports statement added just still there which who whom what
    when where while been had being did does do them him we our you your i me my if so such
    some any all most other others per""".split()  # noqa: SIM905 (a word list reads better)
)
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
MAX_TERMS = 60
MAX_BODY_WORDS = 600


def content_words(text: str) -> list[str]:
    """Return the stemmed words of a text that can tell one event from another."""
    return [
        stem(word)
        for word in tokens(text)
        if len(word) > 2
        and not word.isdigit()
        and word not in STOPWORDS
        and word not in _NEWS_WORDS
    ]


def term_counts(title: str, text: str) -> tuple[dict[str, float], frozenset[str]]:
    """Return an article's weighted word counts and the words of its text.

    The title counts three times and the lead paragraph twice; the text's words leave the
    title out.
    """
    counts: dict[str, float] = {}
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    lead, rest = (paragraphs[0], "\n\n".join(paragraphs[1:])) if paragraphs else ("", "")
    body: set[str] = set()
    for words, weight in (
        (content_words(title), TITLE_WEIGHT),
        (content_words(lead)[:MAX_BODY_WORDS], LEAD_WEIGHT),
        (content_words(rest)[:MAX_BODY_WORDS], 1.0),
    ):
        for word in words:
            counts[word] = counts.get(word, 0.0) + weight
        if weight != TITLE_WEIGHT:
            body.update(words)
    return counts, frozenset(body)


class Vocabulary:
    """How many articles each word appeared in: the IDF of the stream seen so far."""

    def __init__(self, documents: int = 0, df: Mapping[str, int] | None = None) -> None:
        self.documents = documents
        self.df: dict[str, int] = dict(df or {})

    def add(self, words: Iterable[str]) -> None:
        """Count one more article containing these words."""
        self.documents += 1
        df = self.df
        for word in words:
            df[word] = df.get(word, 0) + 1

    def idf(self, word: str) -> float:
        """Return the smoothed inverse document frequency of a word."""
        return math.log((self.documents + 20) / (self.df.get(word, 0) + 1))

    def prune(self, limit: int) -> None:
        """Forget the rarest words when the vocabulary outgrows ``limit`` (bounded memory)."""
        if len(self.df) <= limit:
            return
        keep = sorted(self.df.items(), key=lambda item: (-item[1], item[0]))[: limit // 2]
        self.df = dict(keep)


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """One article as the clusterer sees it."""

    terms: dict[str, float]  # unit-length TF-IDF vector, at most MAX_TERMS words
    names: frozenset[str]
    source: str = ""  # the folded outlet name (or web host)
    body: frozenset[str] = frozenset()  # the words of its text, the title left out


def unit_vector(weights: Mapping[str, float], limit: int = MAX_TERMS) -> dict[str, float]:
    """Return the ``limit`` heaviest weights scaled to unit length (ties by word)."""
    top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:limit]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {word: w / norm for word, w in top}


def article_names(briefing: Briefing) -> frozenset[str]:
    """Return the folded names of the people and topics an extracted briefing mentions."""
    names = {fold(p.name) for p in briefing.people if p.kind == "person"}
    names.update(fold(t) for t in briefing.topics)
    return frozenset(names)


def article_source(briefing: Briefing) -> str:
    """Return the outlet an article came from: its source name, else its web host."""
    url = briefing.source.url
    host = (url.host or "") if url is not None else ""
    return fold(briefing.source.name) or host.removeprefix("www.")


def features(
    title: str,
    text: str,
    names: frozenset[str],
    vocabulary: Vocabulary,
    source: str = "",
    *,
    learn: bool = True,
) -> ArticleFeatures:
    """Return the features of an article; count its words in the vocabulary when ``learn``."""
    counts, body = term_counts(title, text)
    if learn:
        vocabulary.add(counts)
    weights = {word: (1 + math.log(n)) * vocabulary.idf(word) for word, n in counts.items()}
    terms = unit_vector(weights)
    return ArticleFeatures(terms, names, source, body & terms.keys())
