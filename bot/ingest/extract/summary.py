"""Extractive summary and key developments: pick the article's most informative sentences."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .furniture import is_furniture, strip_dateline
from .text import Span, find_headline

_SUMMARY_SENTENCES = 3
_SUMMARY_CHARS = 420
_MAX_DEVELOPMENTS = 6
_REPEAT_SHARE = 0.6
_KEY_FIGURE_BONUS = 1.5
_OPENING_QUOTES = frozenset("\"“‘'«")
_PRONOUN_OPENING = re.compile(r"(?:He|She|They|His|Her|Their|Him|Them)\b")

_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*%?")
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


def rank_sentences(
    sentences: Sequence[Span], title: str | None = None, key_ends: Collection[int] = ()
) -> list[tuple[float, int]]:
    """Return (score, index) for each usable sentence: lead position, shared words, numbers.

    ``key_ends`` are the end offsets of the sentences that hold a key figure: those state the
    facts the story is about and rank higher.
    """
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
        numbers = 0.8 * min(3, len(_NUMBER.findall(sentence.text)))
        numbers += _KEY_FIGURE_BONUS if sentence.end in key_ends else 0.0
        quoted = -0.5 if sentence.text.lstrip()[:1] in '"“' else 0.0
        scored.append((position + 0.2 * centrality + 0.4 * overlap + numbers + quoted, i))
    return scored


def story_sentences(paragraphs: Sequence[Span], sentences: Sequence[Span]) -> list[Span]:
    """Return the sentences of the story proper: no headline line, byline, credit or dateline."""
    headline = find_headline(list(paragraphs))
    story = []
    for sentence in sentences:
        if headline is not None and sentence.start < headline.end:
            continue
        if is_furniture(sentence.text):
            continue
        text = strip_dateline(sentence.text)
        story.append(Span(sentence.end - len(text), sentence.end, text))
    return story


def summarise(
    sentences: Sequence[Span],
    paragraphs: Sequence[Span],
    title: str | None = None,
    key_ends: Collection[int] = (),
) -> tuple[str, list[str]]:
    """Return a two- or three-sentence summary and three to six distinct key developments.

    ``sentences`` are the story's own (see :func:`story_sentences`). The summary opens with the
    lead and adds the best-ranked sentences; it never repeats the lead paragraph word for word,
    so at least one sentence comes from later in the story (in place of the weakest pick when
    all three came from the lead paragraph). Developments are the next best sentences, each a
    fact the summary and the other developments do not already state.
    """
    story = list(sentences)
    usable = [i for i, s in enumerate(story) if _usable(s)] or list(range(len(story)))
    if not usable:
        return "", []
    ranked = [
        i for _, i in sorted(rank_sentences(story, title, key_ends), key=lambda t: (-t[0], t[1]))
    ]
    ranked = [i for i in ranked if story[i].text.lstrip()[:1] not in _OPENING_QUOTES] or ranked
    # Read alone, "He said the strike would continue" does not say who: not a summary line.
    ranked = [i for i in ranked if not _PRONOUN_OPENING.match(story[i].text.lstrip())] or ranked
    lead_end = next((p.end for p in paragraphs if p.end > story[usable[0]].start), 0)
    chosen = [usable[0]]
    for i in ranked:
        if len(chosen) == _SUMMARY_SENTENCES or (
            len(chosen) > 1 and _length(story, chosen) >= _SUMMARY_CHARS
        ):
            break
        if i not in chosen and not _repeats(story[i].text, [story[j].text for j in chosen]):
            chosen.append(i)
    lead = [i for i in usable if story[i].start < lead_end]
    later = [i for i in ranked if story[i].start >= lead_end and i not in chosen]
    if set(chosen) <= set(lead) and later:
        # All from the lead paragraph: one sentence from later in the story must be in it.
        if len(chosen) == _SUMMARY_SENTENCES:
            chosen.remove(max(chosen[1:], key=lambda i: ranked.index(i) if i in ranked else 0))
        chosen.append(later[0])
    chosen.sort()
    summary = " ".join(story[i].text for i in chosen)
    said = [story[i].text for i in chosen]
    developments: list[int] = []
    for i in ranked:
        if len(developments) == _MAX_DEVELOPMENTS:
            break
        if i in chosen or _repeats(story[i].text, said):
            continue
        developments.append(i)
        said.append(story[i].text)
    return summary, [story[i].text for i in sorted(developments)]


def _length(story: Sequence[Span], chosen: Sequence[int]) -> int:
    return sum(len(story[i].text) + 1 for i in chosen)


def _repeats(text: str, others: Sequence[str]) -> bool:
    """Return whether a sentence mostly restates one of the others (shared content words)."""
    words = set(_words(text))
    if not words:
        return True
    for other in others:
        theirs = set(_words(other))
        if theirs and len(words & theirs) / min(len(words), len(theirs)) >= _REPEAT_SHARE:
            return True
    return False


def spell_out_names(text: str, full_names: Collection[str]) -> str:
    """Return text with a bare surname at its first mention written as the full name.

    A summary or development is read on its own, away from the sentence that introduced the
    person: "Holt, a Kansas Republican, said ..." reads "Amy Holt, a Kansas Republican, ...".
    Only a surname that one person of the story carries is spelled out, and never after a
    title or a first name ("Senator Holt", "Amy Holt") or once the full name has been written.
    """
    by_surname: dict[str, list[str]] = {}
    for name in full_names:
        words = name.split()
        if len(words) > 1:
            by_surname.setdefault(words[-1], []).append(name)
    for surname, names in by_surname.items():
        if len(set(names)) != 1:
            continue  # namesakes: "Okafor" could be either
        full = names[0]
        m = re.search(rf"(?<![\w’'.-]){re.escape(surname)}(?![\w-])", text)
        if m is None or full.casefold() in text[: m.end()].casefold():
            continue
        before = text[: m.start()].rstrip().rsplit(None, 1)[-1:]
        if before and before[0].islower() and before[0] in _PARTICLES:
            continue  # "Kobus van der Merwe": the surname is already part of a full name
        if before and before[0][:1].isupper() and not before[0].endswith((".", ",", ":")):
            continue  # "Senator Holt", "Mr. Holt" keep their form; "Amy Holt" is written out
        if before and before[0].rstrip(".") in _TITLES:
            continue
        text = text[: m.start()] + full + text[m.end() :]
    return text


_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "del", "della", "la", "le", "du", "bin"}
)
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Sir", "Dame"})
