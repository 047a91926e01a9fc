"""A story's headline and summary, chosen from all of its articles.

The headline is the title that shares the most words with the story's other titles (the one
that says what the outlets agree the story is), the latest one among equals. The summary
takes its sentences from the articles' own summaries: the most central sentence first, then
the most central sentences that add words the summary does not have yet (new developments
usually come from the latest articles), two or three in all, in the order they were reported.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from bot.core.models import StoryArticle
from bot.ingest.stories.features import content_words

SUMMARY_SENTENCES = 3
SUMMARY_CHARS = 480
_NEW_WORDS = 0.5  # a further sentence must bring at least half of its words new
# Summaries are whole sentences joined by spaces: a sentence ends at . ! or ? (and a closing
# quote) before a space and a capital letter or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z\"“‘])")


def story_headline(articles: Sequence[StoryArticle]) -> str:
    """Return the most representative title of the story's articles."""
    word_sets = [set(content_words(a.title)) for a in articles]
    counts: Counter[str] = Counter(w for words in word_sets for w in words)

    def centrality(n: int) -> tuple[float, int]:
        words = word_sets[n]
        shared = sum(counts[w] - 1 for w in words) / math.sqrt(len(words) or 1)
        return (shared, n)  # later articles (higher n) win ties

    return articles[max(range(len(articles)), key=centrality)].title


def story_summary(articles: Sequence[StoryArticle]) -> str | None:
    """Return a 2-3 sentence summary drawn from the articles' summaries (None if none)."""
    sentences: list[tuple[int, str, set[str]]] = []
    for n, article in enumerate(articles):
        for sentence in _SENTENCE_END.split(article.summary or ""):
            sentence = sentence.strip()
            words = set(content_words(sentence))
            if words:
                sentences.append((n, sentence, words))
    if not sentences:
        return None
    counts: Counter[str] = Counter(w for _, _, words in sentences for w in words)
    ranked = sorted(
        range(len(sentences)),
        key=lambda i: (-_centrality(sentences[i][2], counts), -sentences[i][0], i),
    )
    chosen: list[int] = []
    covered: set[str] = set()
    length = 0
    for i in ranked:
        _, sentence, words = sentences[i]
        if chosen and len(words - covered) < _NEW_WORDS * len(words):
            continue
        if chosen and length + len(sentence) > SUMMARY_CHARS:
            continue
        chosen.append(i)
        covered |= words
        length += len(sentence) + 1
        if len(chosen) == SUMMARY_SENTENCES:
            break
    return " ".join(sentences[i][1] for i in sorted(chosen))


def first_sentence(text: str) -> str:
    """Return the first sentence of a summary."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()


def _centrality(words: set[str], counts: Counter[str]) -> float:
    return sum(counts[w] for w in words) / math.sqrt(len(words))
