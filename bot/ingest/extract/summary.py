"""Extractive summary and key developments: pick the article's most informative sentences."""

from __future__ import annotations

import re

from .text import Span

_WORD = re.compile(r"[A-Za-z][\w’'-]+")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "we",
        "our",
        "you",
        "said",
        "says",
        "will",
        "would",
        "can",
        "could",
        "also",
        "not",
        "than",
        "more",
        "about",
        "after",
        "before",
        "over",
        "into",
        "which",
        "who",
        "what",
        "when",
        "where",
        "while",
    ]
)
_BOILERPLATE = re.compile(
    r"^(?:read (?:more|the rest)|click|sign up|subscribe|share this|advertisement|related:)",
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text) if w.casefold() not in _STOP]


def _usable(sentence: Span) -> bool:
    words = sentence.text.split()
    return 6 <= len(words) <= 70 and not _BOILERPLATE.match(sentence.text)


def rank_sentences(sentences: list[Span], title: str | None = None) -> list[tuple[float, int]]:
    """Return (score, index) for each usable sentence: lead position, shared words, numbers."""
    freq: dict[str, int] = {}
    for sentence in sentences:
        for word in set(_words(sentence.text)):
            freq[word] = freq.get(word, 0) + 1
    title_words = set(_words(title or ""))
    scored = []
    for i, sentence in enumerate(sentences):
        if not _usable(sentence):
            continue
        words = _words(sentence.text)
        if not words:
            continue
        centrality = sum(freq[w] - 1 for w in set(words)) / (len(set(words)) ** 0.5 + 1)
        overlap = len(title_words & set(words))
        position = 2.0 / (1 + i) ** 0.5
        numbers = 0.3 * min(3, len(re.findall(r"\d", sentence.text)) // 2)
        quoted = -0.5 if sentence.text.lstrip()[:1] in '"“' else 0.0
        scored.append((position + 0.35 * centrality + 0.4 * overlap + numbers + quoted, i))
    return scored


def summarise(sentences: list[Span], title: str | None = None) -> tuple[str, list[str]]:
    """Return a one- or two-sentence summary and three to six key developments."""
    usable = [i for i, s in enumerate(sentences) if _usable(s)] or list(range(len(sentences)))
    if not usable:
        return "", []
    lead = usable[0]
    summary = sentences[lead].text
    if len(summary.split()) < 18 and len(usable) > 1:
        summary = f"{summary} {sentences[usable[1]].text}"
    used = {lead} | ({usable[1]} if summary != sentences[lead].text else set())
    ranked = sorted(rank_sentences(sentences, title), reverse=True)
    picked = sorted(i for _, i in ranked if i not in used)[:0]
    for _, i in ranked:
        if i in used or i in picked:
            continue
        picked.append(i)
        if len(picked) == 5:
            break
    if len(picked) < 3:
        picked += [i for i in range(len(sentences)) if i not in used and i not in picked][
            : 3 - len(picked)
        ]
    developments = [sentences[i].text for i in sorted(picked)]
    return summary, developments
