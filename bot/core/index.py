"""In-memory index over loaded briefings: speakers, stories, topics and full text.

An :class:`Index` is immutable once built; the store builds a new one on every reload and
swaps the reference, so a command always sees one consistent version.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.core.models import Briefing, Person, Quote, fold

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def tokens(text: str) -> list[str]:
    """Return the folded word tokens of a text."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A quote together with the story it comes from."""

    briefing: Briefing
    quote: Quote
    position: int


@dataclass(slots=True)
class Speaker:
    """A person (or organisation) across all briefings, keyed by their id."""

    id: str
    name: str
    role: str | None
    kind: str
    aliases: set[str] = field(default_factory=set)
    quotes: list[QuoteHit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Choice:
    """An autocomplete suggestion: what the user sees and the value sent back."""

    label: str
    value: str


def _speaker_keys(person: Person) -> set[str]:
    name_tokens = person.name.split()
    keys = {fold(person.id), fold(person.id.replace("-", " ")), fold(person.name)}
    if len(name_tokens) > 1:
        keys.add(fold(name_tokens[-1]))
    keys.update(fold(alias) for alias in person.aliases)
    return {key for key in keys if key}


class Index:
    """Everything a command needs to answer quickly."""

    def __init__(self, briefings: Iterable[Briefing]) -> None:
        ordered = sorted(briefings, key=lambda b: (b.changed_at, b.id), reverse=True)
        self.stories: list[Briefing] = ordered
        self.by_id: dict[str, Briefing] = {b.id: b for b in ordered}
        self.speakers: dict[str, Speaker] = {}
        self._speaker_keys: dict[str, set[str]] = defaultdict(set)
        self._topics: dict[str, list[Briefing]] = defaultdict(list)
        self._postings: dict[str, list[int]] = defaultdict(list)
        self.topic_names: dict[str, str] = {}
        for position, briefing in enumerate(ordered):
            self._add(position, briefing)
        for speaker in self.speakers.values():
            speaker.quotes.sort(key=_quote_order)
        self._keys_sorted: list[str] = sorted(self._speaker_keys)
        self._vocab: list[str] = sorted(self._postings)
        self._labels: list[str] = [s.name for s in self.speakers.values()]
        self._folded_labels: list[str] = [fold(label) for label in self._labels]
        self._label_ids: list[str] = list(self.speakers)

    def _add(self, position: int, briefing: Briefing) -> None:
        for person in briefing.people:
            speaker = self.speakers.get(person.id)
            if speaker is None:
                # Stories are visited newest first, so name and role come from the newest.
                speaker = Speaker(person.id, person.name, person.role, person.kind)
                self.speakers[person.id] = speaker
            speaker.aliases.update(person.aliases)
            for key in _speaker_keys(person):
                self._speaker_keys[key].add(person.id)
        for n, quote in enumerate(briefing.quotes):
            if quote.speaker is not None:
                self.speakers[quote.speaker].quotes.append(QuoteHit(briefing, quote, n))
        for topic in briefing.topics:
            key = fold(topic)
            self._topics[key].append(briefing)
            self.topic_names.setdefault(key, topic)
        words: set[str] = set()
        for text in (briefing.title, briefing.summary, *(q.text for q in briefing.quotes)):
            words.update(tokens(text))
        words.update(fold(t) for t in briefing.topics)
        for word in words:
            self._postings[word].append(position)

    # --- speakers ----------------------------------------------------------------------------

    def find_speakers(self, query: str) -> list[Speaker]:
        """Return the speakers a name refers to (id, full name, surname, alias, or name part)."""
        key = " ".join(fold(query).split())
        if not key:
            return []
        ids = self._speaker_keys.get(key)
        if ids:
            return self._ordered(ids)
        wanted = set(tokens(query))
        matches = {
            speaker.id
            for speaker in self.speakers.values()
            if wanted and wanted <= set(tokens(speaker.name))
        }
        return self._ordered(matches)

    def _ordered(self, ids: Iterable[str]) -> list[Speaker]:
        found = [self.speakers[i] for i in ids]
        return sorted(found, key=lambda s: (-len(s.quotes), s.name))

    def suggest_speakers(self, query: str, limit: int = 3) -> list[str]:
        """Return names close to a misspelt query, best first ("did you mean")."""
        if not self._labels:
            return []
        found = process.extract(
            fold(query), self._folded_labels, scorer=fuzz.WRatio, limit=limit, score_cutoff=60
        )
        return [self._labels[i] for _, _, i in found]

    def complete_speakers(self, prefix: str, limit: int = 25) -> list[Choice]:
        """Return up to ``limit`` speakers for autocomplete: prefix matches first, then fuzzy."""
        key = fold(prefix).strip()
        chosen: dict[str, None] = {}
        if not key:
            ranked = sorted(self.speakers.values(), key=lambda s: (-len(s.quotes), s.name))
            return [self._choice(s) for s in ranked[:limit]]
        start = bisect.bisect_left(self._keys_sorted, key)
        for candidate in self._keys_sorted[start:]:
            if not candidate.startswith(key) or len(chosen) >= limit:
                break
            for speaker_id in sorted(self._speaker_keys[candidate]):
                chosen.setdefault(speaker_id)
        if len(chosen) < limit:
            fuzzy = process.extract(
                key, self._keys_sorted, scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=60
            )
            for _, _, i in fuzzy:
                for speaker_id in sorted(self._speaker_keys[self._keys_sorted[i]]):
                    chosen.setdefault(speaker_id)
        return [self._choice(self.speakers[i]) for i in list(chosen)[:limit]]

    @staticmethod
    def _choice(speaker: Speaker) -> Choice:
        label = f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name
        return Choice(label[:100], speaker.id)

    # --- stories and topics ------------------------------------------------------------------

    @property
    def latest(self) -> Briefing | None:
        """Return the most recently published or updated briefing."""
        return self.stories[0] if self.stories else None

    def by_topic(self, topic: str) -> list[Briefing]:
        """Return the briefings with this topic, newest first."""
        return self._topics.get(fold(topic).strip(), [])

    def find_story(self, query: str) -> Briefing | None:
        """Return the story a user means: id, id prefix, topic (latest) or title words."""
        key = fold(query).strip()
        if not key:
            return self.latest
        if key in self.by_id:
            return self.by_id[key]
        slug = "-".join(tokens(query))
        if slug in self.by_id:
            return self.by_id[slug]
        topical = self.by_topic(key) or self.by_topic(slug)
        if topical:
            return topical[0]
        hits = self.search(query, limit=1)
        return hits[0] if hits else None

    def complete_stories(self, prefix: str, limit: int = 25) -> list[Choice]:
        """Return stories for autocomplete, newest first, matching id, title or topic words."""
        wanted = tokens(prefix)
        if not wanted:
            chosen = self.stories[:limit]
        else:
            chosen = self.search(prefix, limit=limit, prefix_last=True)
        return [Choice(f"{b.title[:80]} ({b.published_at.date()})"[:100], b.id) for b in chosen]

    def complete_topics(self, prefix: str, limit: int = 25) -> list[Choice]:
        """Return topics starting with the prefix, most used first."""
        key = fold(prefix).strip()
        found = [k for k in self._topics if k.startswith(key)]
        found.sort(key=lambda k: (-len(self._topics[k]), k))
        return [Choice(self.topic_names[k][:100], self.topic_names[k]) for k in found[:limit]]

    def search(self, text: str, limit: int = 50, *, prefix_last: bool = False) -> list[Briefing]:
        """Return stories containing every word of the query, newest first."""
        words = [w for w in tokens(text) if w not in STOPWORDS] or tokens(text)
        if not words:
            return []
        postings: list[Sequence[int]] = []
        for n, word in enumerate(words):
            if prefix_last and n == len(words) - 1:
                postings.append(self._prefix_postings(word))
            else:
                postings.append(self._postings.get(word, ()))
        postings.sort(key=len)
        if not postings[0]:
            return []
        result = set(postings[0])
        for posting in postings[1:]:
            result.intersection_update(posting)
            if not result:
                return []
        return [self.stories[i] for i in sorted(result)[:limit]]

    def _prefix_postings(self, prefix: str) -> list[int]:
        merged: set[int] = set()
        start = bisect.bisect_left(self._vocab, prefix)
        for word in self._vocab[start : start + 200]:
            if not word.startswith(prefix):
                break
            merged.update(self._postings[word])
        return sorted(merged)

    def sources(self) -> list[tuple[str, int, Briefing]]:
        """Return each publisher with its number of briefings and its latest briefing."""
        seen: dict[str, tuple[str, int, Briefing]] = {}
        for briefing in self.stories:
            name = briefing.source.name
            key = fold(name)
            if key in seen:
                label, count, latest = seen[key]
                seen[key] = (label, count + 1, latest)
            else:
                seen[key] = (name, 1, briefing)
        return sorted(seen.values(), key=lambda item: (-item[1], item[0]))


def _quote_order(hit: QuoteHit) -> tuple[float, int, int]:
    # Newest story first; within a story, direct quotes before reported ones, in text order.
    return (-hit.briefing.published_at.timestamp(), hit.quote.kind != "direct", hit.position)
