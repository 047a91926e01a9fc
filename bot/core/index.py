"""In-memory index over loaded briefings: speakers, stories, topics and full text.

An :class:`Index` is immutable once built; the store builds a new one on every reload and
swaps the reference, so a command always sees one consistent version.

A change of a few briefings need not rebuild everything: :meth:`Index.updated` returns a
*layered* index that shares the big structures of a full one (its postings and quote codes)
and adds a small full index over the changed briefings, with the replaced ones hidden. Its
answers are those of a full rebuild; only a person's name, role and aliases may still come from
a replaced version of a story until the store compacts the layers into one full index.

It is built for 100,000 briefings: stories are compact records (:mod:`bot.core.records`)
whose search words were computed once when the file was validated; posting lists are
``array('I')`` of story positions (newest first = ascending), intersected by walking the
shortest list and stopping at the limit; a speaker's quotes are one sorted ``array('Q')`` of
packed (date rank, kind, position, story) codes, turned into :class:`QuoteHit` objects only
for the quotes a reply shows.
"""

from __future__ import annotations

import bisect
import heapq
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from itertools import islice
from typing import Any, NamedTuple, overload

from rapidfuzz import fuzz, process

from bot.core.models import fold
from bot.core.records import AnyBriefing, BriefingRecord, PersonRecord, QuoteRecord, as_record
from bot.core.text import STOPWORDS, stem, tokens

__all__ = [
    "STOPWORDS",
    "Choice",
    "Index",
    "QuoteHit",
    "QuoteHits",
    "SourceCount",
    "Speaker",
    "tokens",
]

# Prefix search (autocomplete) expands the last word to at most this many vocabulary words.
PREFIX_WORDS = 200
# Autocomplete tops up prefix matches with near misses only from this many characters on.
FUZZY_MIN = 3


class SourceCount(NamedTuple):
    """A publisher, how many articles it wrote, and its latest one (title, link, date).

    ``articles`` is True when some of the count are articles of stories (not only briefings).
    """

    name: str
    total: int
    title: str
    url: str | None
    published: date | datetime
    articles: bool = False


class QuoteHit(NamedTuple):
    """A quote together with the story it comes from (a tuple: a reply builds 100 of them)."""

    briefing: BriefingRecord
    quote: QuoteRecord
    position: int


class QuoteHits(Sequence[QuoteHit]):
    """A speaker's quotes, newest first, decoded from packed codes only when read."""

    __slots__ = ("_codes", "_n_bits", "_pos_bits", "_stories")

    def __init__(
        self, stories: list[BriefingRecord], codes: Sequence[int], n_bits: int, pos_bits: int
    ) -> None:
        self._stories = stories
        self._codes = codes
        self._n_bits = n_bits
        self._pos_bits = pos_bits

    def __len__(self) -> int:
        return len(self._codes)

    def _hit(self, code: int) -> QuoteHit:
        story = self._stories[code & ((1 << self._pos_bits) - 1)]
        n = (code >> self._pos_bits) & ((1 << self._n_bits) - 1)
        return QuoteHit(story, story.quotes[n], n)

    @overload
    def __getitem__(self, item: int) -> QuoteHit: ...

    @overload
    def __getitem__(self, item: slice) -> list[QuoteHit]: ...

    def __getitem__(self, item: int | slice) -> QuoteHit | list[QuoteHit]:
        if isinstance(item, slice):
            return [self._hit(code) for code in self._codes[item]]
        return self._hit(self._codes[item])

    def __iter__(self) -> Iterator[QuoteHit]:
        return (self._hit(code) for code in self._codes)


@dataclass(slots=True)
class Speaker:
    """A person (or organisation) across all briefings, keyed by their id."""

    id: str
    name: str
    role: str | None
    kind: str
    aliases: set[str] = field(default_factory=set)
    quotes: Sequence[QuoteHit] = ()
    named_by: BriefingRecord | None = None  # the newest story naming them (name and role)


@dataclass(frozen=True, slots=True)
class Choice:
    """An autocomplete suggestion: what the user sees and the value sent back."""

    label: str
    value: str


def _speaker_keys(person: PersonRecord) -> set[str]:
    name_tokens = person.name.split()
    keys = {fold(person.id), fold(person.id.replace("-", " ")), fold(person.name)}
    if len(name_tokens) > 1:
        keys.add(fold(name_tokens[-1]))
    keys.update(fold(alias) for alias in person.aliases)
    return {key for key in keys if key}


class Index:
    """Everything a command needs to answer quickly."""

    def __init__(self, briefings: Iterable[AnyBriefing]) -> None:
        records = [as_record(b) for b in briefings]
        ordered = sorted(records, key=_story_order, reverse=True)
        self.stories: list[BriefingRecord] = ordered
        self.by_id: Mapping[str, BriefingRecord] = {b.id: b for b in ordered}
        self.speakers: dict[str, Speaker] = {}
        self._speaker_keys: dict[str, set[str]] = defaultdict(set)
        self._topics: dict[str, list[BriefingRecord]] = defaultdict(list)
        self._postings: dict[str, array[int]] = {}
        self.topic_names: dict[str, str] = {}
        self._build(ordered)
        self._keys_sorted: list[str] = sorted(self._speaker_keys)
        self._vocab: list[str] = sorted(self._postings)
        self._name_words: dict[str, set[str]] = defaultdict(set)
        for speaker in self.speakers.values():
            for word in tokens(speaker.name):
                self._name_words[word].add(speaker.id)
        # A layered index (see updated()): the full index below, the positions there that are
        # replaced or removed, and the full index over the changed briefings.
        self._base: Index | None = None
        self._hidden: frozenset[int] = frozenset()
        self._delta: Index | None = None
        self._caches()

    def _caches(self) -> None:
        self._labels: list[str] = [s.name for s in self.speakers.values()]
        self._folded_labels: list[str] = [fold(label) for label in self._labels]
        self._by_quotes: list[Speaker] | None = None
        self._sources: list[SourceCount] | None = None

    @property
    def layered(self) -> int:
        """Return how many changed or removed briefings sit above the full index (0: none)."""
        if self._base is None or self._delta is None:
            return 0
        return len(self._delta.stories) + len(self._hidden)

    @classmethod
    def updated(cls, current: Index, changes: Mapping[str, BriefingRecord | None]) -> Index:
        """Return ``current`` with briefings replaced or (None) removed, by id.

        The cost follows the briefings changed since the last full index, not the library:
        the full index is shared, and only the changed briefings are indexed again.
        """
        base = current._base or current
        changes = {i: r for i, r in changes.items() if current.by_id.get(i) is not r}
        if not changes:
            return current  # nothing the index serves has changed (a file kept its id)
        changed = dict(current._delta.by_id) if current._delta is not None else {}
        for briefing_id, record in changes.items():
            changed.pop(briefing_id, None)
            if record is not None:
                changed[briefing_id] = record
        hidden = {b.id for b in current._hidden_records()}
        hidden.update(i for i in changes if i in base.by_id)
        layered = cls.__new__(cls)
        layered._layer(base, Index(changed.values()), frozenset(hidden))
        return layered

    def _hidden_records(self) -> list[BriefingRecord]:
        return [self._base.stories[n] for n in self._hidden] if self._base is not None else []

    def _layer(self, base: Index, delta: Index, hidden_ids: frozenset[str]) -> None:
        """Fill this index from a full one, the changed briefings, and the ids they hide."""
        hidden = [base.by_id[i] for i in hidden_ids]
        positions = sorted(_position(base.stories, record) for record in hidden)
        self._base, self._delta, self._hidden = base, delta, frozenset(positions)
        self.stories = _merge(_without(base.stories, positions), delta.stories)
        self.by_id = _LayeredIds(base.by_id, hidden_ids, delta.by_id, len(self.stories))
        self._postings, self._vocab = {}, []  # searched layer by layer (search())
        self._topics = dict(base._topics)
        for key in {fold(t) for b in (*hidden, *delta.stories) for t in b.topics}:
            kept = [b for b in base._topics.get(key, ()) if b.id not in hidden_ids]
            merged = _merge(kept, delta._topics.get(key, []))
            if merged:
                self._topics[key] = merged
            else:
                self._topics.pop(key, None)
        self.topic_names = {**base.topic_names, **delta.topic_names}
        self._layer_speakers(base, delta, hidden, hidden_ids)
        self._caches()

    def _layer_speakers(
        self,
        base: Index,
        delta: Index,
        hidden: list[BriefingRecord],
        hidden_ids: frozenset[str],
    ) -> None:
        hidden_quotes = Counter(q.speaker for b in hidden for q in b.quotes if q.speaker)
        self.speakers = dict(base.speakers)
        for speaker_id in set(delta.speakers) | set(hidden_quotes):
            old, new = base.speakers.get(speaker_id), delta.speakers.get(speaker_id)
            if old is None:
                self.speakers[speaker_id] = new  # type: ignore[assignment] # one of them is set
                continue
            named = old
            if new is not None and (
                old.named_by is None
                or old.named_by.id in hidden_ids
                or (
                    new.named_by is not None
                    and _story_order(new.named_by) > _story_order(old.named_by)
                )
            ):
                named = new
            later = new.quotes if new is not None else ()
            count = len(old.quotes) - hidden_quotes[speaker_id] + len(later)
            self.speakers[speaker_id] = Speaker(
                speaker_id,
                named.name,
                named.role,
                named.kind,
                old.aliases | (new.aliases if new is not None else set()),
                _LayeredQuotes(old.quotes, hidden_ids, later, count),
                named.named_by,
            )
        self._speaker_keys = _union(base._speaker_keys, delta._speaker_keys)
        added = [key for key in delta._speaker_keys if key not in base._speaker_keys]
        self._keys_sorted = sorted(base._keys_sorted + added) if added else base._keys_sorted
        self._name_words = _union(base._name_words, delta._name_words)

    def _build(self, ordered: list[BriefingRecord]) -> None:
        # Quotes are ordered newest published first (ties keep story order), then direct
        # before reported, then text order: packed into one integer so a sort of ints does it.
        dates = sorted({b.published_at for b in ordered}, reverse=True)
        rank = {when: n for n, when in enumerate(dates)}
        most_quotes = max((len(b.quotes) for b in ordered), default=0)
        pos_bits = max(1, len(ordered).bit_length())
        n_bits = max(1, most_quotes.bit_length())
        kind_shift = pos_bits + n_bits
        rank_shift = kind_shift + 1
        packed = rank_shift + max(1, len(dates).bit_length()) <= 64
        # Built straight into 8- and 4-byte arrays: lists of int objects would add ~70 MB to
        # the peak at 100,000 briefings (a million quote codes, millions of postings).
        codes: dict[str, MutableSequence[int]] = defaultdict(
            partial(array, "Q") if packed else list
        )
        postings: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
        seen_names: set[tuple[str, str, tuple[str, ...]]] = set()
        speakers = self.speakers
        for position, briefing in enumerate(ordered):
            for person in briefing.people:
                speaker = speakers.get(person.id)
                if speaker is None:
                    # Stories are visited newest first, so name and role come from the newest.
                    speaker = Speaker(
                        person.id, person.name, person.role, person.kind, named_by=briefing
                    )
                    speakers[person.id] = speaker
                naming = (person.id, person.name, person.aliases)
                if naming in seen_names:
                    continue  # keys depend on these alone, and they were indexed already
                seen_names.add(naming)
                speaker.aliases.update(person.aliases)
                for key in _speaker_keys(person):
                    self._speaker_keys[key].add(person.id)
            if briefing.quotes:
                base = rank[briefing.published_at] << rank_shift | position
                for n, quote in enumerate(briefing.quotes):
                    if quote.speaker is not None:
                        kind = (quote.kind != "direct") << kind_shift
                        codes[quote.speaker].append(base | kind | n << pos_bits)
            for topic in briefing.topics:
                key = fold(topic)
                self._topics[key].append(briefing)
                self.topic_names.setdefault(key, topic)
            for word in briefing.words:
                postings[word].append(position)
        postings.default_factory = None  # a plain mapping from now on (no copy of 200k keys)
        self._postings = postings
        for speaker_id, speaker_codes in codes.items():
            ordered_codes = sorted(speaker_codes)
            stored: Sequence[int] = array("Q", ordered_codes) if packed else ordered_codes
            speakers[speaker_id].quotes = QuoteHits(ordered, stored, n_bits, pos_bits)

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
        if not wanted:
            return []
        groups = sorted((self._name_words.get(word, set()) for word in wanted), key=len)
        return self._ordered(groups[0].intersection(*groups[1:]))

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
            if self._by_quotes is None:
                self._by_quotes = sorted(
                    self.speakers.values(), key=lambda s: (-len(s.quotes), s.name)
                )
            return [self._choice(s) for s in self._by_quotes[:limit]]
        start = bisect.bisect_left(self._keys_sorted, key)
        for candidate in self._keys_sorted[start:]:
            if not candidate.startswith(key) or len(chosen) >= limit:
                break
            for speaker_id in sorted(self._speaker_keys[candidate]):
                chosen.setdefault(speaker_id)
        if len(chosen) < limit and len(key) >= FUZZY_MIN:
            # QRatio, not WRatio: WRatio's partial matching costs ~40 ms over the 25,000 keys
            # of 8,000 speakers; QRatio takes ~2 ms and still forgives typos ("austn").
            # Typos rarely hit the first letter: compare only keys sharing it, a contiguous
            # slice of the sorted keys, so the cost stays flat as speakers grow.
            low = bisect.bisect_left(self._keys_sorted, key[0])
            high = bisect.bisect_left(self._keys_sorted, chr(ord(key[0]) + 1))
            fuzzy = process.extract(
                key,
                self._keys_sorted[low:high],
                scorer=fuzz.QRatio,
                limit=limit * 2,
                score_cutoff=60,
            )
            for _, _, i in fuzzy:
                for speaker_id in sorted(self._speaker_keys[self._keys_sorted[low + i]]):
                    chosen.setdefault(speaker_id)
        return [self._choice(self.speakers[i]) for i in list(chosen)[:limit]]

    @staticmethod
    def _choice(speaker: Speaker) -> Choice:
        label = f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name
        return Choice(label[:100], speaker.id)

    # --- stories and topics ------------------------------------------------------------------

    @property
    def latest(self) -> BriefingRecord | None:
        """Return the most recently published or updated briefing."""
        return self.stories[0] if self.stories else None

    def by_topic(self, topic: str) -> list[BriefingRecord]:
        """Return the briefings with this topic, newest first."""
        return self._topics.get(fold(topic).strip(), [])

    def find_story(self, query: str) -> BriefingRecord | None:
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

    def search(
        self, text: str, limit: int = 50, *, prefix_last: bool = False
    ) -> list[BriefingRecord]:
        """Return stories containing every word of the query, newest first.

        Words match by stem, so "troop" finds "troops" and "casualty" finds "casualties"; with
        ``prefix_last`` the last word is what the user is still typing and matches as a prefix.
        """
        words = [w for w in tokens(text) if w not in STOPWORDS] or tokens(text)
        if not words or limit < 1:
            return []
        if self._base is None or self._delta is None:
            return self._matches(words, limit, prefix_last, frozenset())
        older = self._base._matches(words, limit, prefix_last, self._hidden)
        newer = self._delta._matches(words, limit, prefix_last, frozenset())
        return list(islice(heapq.merge(newer, older, key=_story_order, reverse=True), limit))

    def _matches(
        self, words: list[str], limit: int, prefix_last: bool, hidden: Collection[int]
    ) -> list[BriefingRecord]:
        """Return this full index's stories with every word, newest first, but ``hidden``."""
        exact: list[array[int]] = []
        group: list[array[int]] = []
        for n, word in enumerate(words):
            if prefix_last and n == len(words) - 1:
                group = self._prefix_group(word)
                if not group:
                    return []
            else:
                posting = self._postings.get(stem(word))
                if posting is None:
                    return []
                exact.append(posting)
        positions = _intersect(exact, group, limit, hidden)
        return [self.stories[i] for i in positions]

    def _prefix_group(self, prefix: str) -> list[array[int]]:
        start = bisect.bisect_left(self._vocab, prefix)
        group = []
        for word in self._vocab[start : start + PREFIX_WORDS]:
            if not word.startswith(prefix):
                break
            group.append(self._postings[word])
        return group

    def sources(self) -> list[SourceCount]:
        """Return each publisher with its number of articles and its latest one, most first.

        A briefing without articles counts once for its source; a story counts each of its
        articles for that article's source, so an outlet is credited for every report it
        wrote, whichever story it joined.
        """
        if self._sources is not None:
            return list(self._sources)
        # Per folded name: its label, count, the (time, id) of its latest item and that item.
        seen: dict[str, tuple[str, int, tuple[datetime, str], SourceCount]] = {}

        def count(name: str, when: tuple[datetime, str], entry: SourceCount) -> None:
            key = fold(name)
            known = seen.get(key)
            if known is None:
                seen[key] = (name, 1, when, entry)
                return
            label, total, latest_when, latest = known
            articles = latest.articles or entry.articles
            if when > latest_when:
                latest_when, latest = when, entry
            seen[key] = (label, total + 1, latest_when, latest._replace(articles=articles))

        for briefing in self.stories:
            story = briefing.story
            if story is None:
                name, url = briefing.source.name, briefing.source.url
                entry = SourceCount(name, 1, briefing.title, url, briefing.published)
                count(briefing.source.name, (briefing.changed_at, briefing.id), entry)
                continue
            for article in story.articles:
                name, url = article.source.name, article.source.url
                entry = SourceCount(name, 1, article.title, url, article.published, articles=True)
                count(name, (article.published_at, article.id), entry)
        self._sources = sorted(
            (latest._replace(name=label, total=total) for label, total, _, latest in seen.values()),
            key=lambda item: (-item.total, item.name),
        )
        return list(self._sources)


def _contains(posting: array[int], value: int) -> bool:
    at = bisect.bisect_left(posting, value)
    return at < len(posting) and posting[at] == value


def _intersect(
    exact: list[array[int]], group: list[array[int]], limit: int, hidden: Collection[int] = ()
) -> list[int]:
    """Return the first ``limit`` positions in every exact list and in any list of the group.

    Positions in ``hidden`` (stories a layered index replaced) are passed over.

    Walks the shortest exact list (or, with none, the merged group) in ascending order and
    checks the others by binary search, so the cost follows the results, not the corpus.
    """
    exact = sorted(exact, key=len)
    if exact:
        driver: Iterable[int] = exact[0]
        others = exact[1:]
    else:
        driver = heapq.merge(*group)
        others = []
        group = []
    found: list[int] = []
    last = -1
    for position in driver:
        if position == last or position in hidden:
            continue  # the merged group repeats a story that has several matching words
        last = position
        if all(_contains(posting, position) for posting in others) and (
            not group or any(_contains(posting, position) for posting in group)
        ):
            found.append(position)
            if len(found) >= limit:
                break
    return found


def _story_order(briefing: BriefingRecord) -> tuple[datetime, str]:
    """Return the key stories are ordered by (descending: newest first)."""
    return (briefing.changed_at, briefing.id)


def _position(stories: list[BriefingRecord], briefing: BriefingRecord) -> int:
    """Return the position of ``briefing`` in stories ordered newest first (binary search)."""
    key = _story_order(briefing)
    low, high = 0, len(stories)
    while low < high:
        middle = (low + high) // 2
        if _story_order(stories[middle]) > key:
            low = middle + 1
        else:
            high = middle
    return low


def _without(stories: list[BriefingRecord], positions: list[int]) -> list[BriefingRecord]:
    """Return stories without the ones at ``positions`` (ascending), copied slice by slice."""
    kept: list[BriefingRecord] = []
    start = 0
    for position in positions:
        kept += stories[start:position]
        start = position + 1
    kept += stories[start:]
    return kept


def _merge(older: list[BriefingRecord], newer: list[BriefingRecord]) -> list[BriefingRecord]:
    """Return two lists of stories (newest first) as one; ``newer`` is the short one."""
    merged: list[BriefingRecord] = []
    start = 0
    for story in newer:
        at = _position(older, story)
        merged += older[start:at]
        merged.append(story)
        start = at
    merged += older[start:]
    return merged


def _union(base: Mapping[str, set[str]], more: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Return a copy of ``base`` with the sets of ``more`` added (neither is changed)."""
    merged = dict(base)
    for key, ids in more.items():
        known = merged.get(key)
        merged[key] = known | ids if known else ids
    return merged


class _Newest:
    """A sort key that orders the wrapped value descending (newest first)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Newest) and self.value == other.value

    def __lt__(self, other: _Newest) -> bool:
        return bool(other.value < self.value)

    __hash__ = None  # type: ignore[assignment] # a key, never hashed


def _quote_order(hit: QuoteHit) -> tuple[_Newest, bool, int, _Newest]:
    """Return the key a speaker's quotes are ordered by, as :class:`Index` packs it."""
    story = hit.briefing
    return (
        _Newest(story.published_at),
        hit.quote.kind != "direct",
        hit.position,
        _Newest(_story_order(story)),
    )


class _LayeredQuotes(Sequence[QuoteHit]):
    """A speaker's quotes in a layered index, merged in order as they are read.

    The full index's quotes (but those of hidden stories) and the changed stories' quotes; a
    reply reads only the first few.
    """

    __slots__ = ("_count", "_hidden", "_newer", "_older")

    def __init__(
        self,
        older: Sequence[QuoteHit],
        hidden: frozenset[str],
        newer: Sequence[QuoteHit],
        count: int,
    ) -> None:
        self._older, self._hidden, self._newer, self._count = older, hidden, newer, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[QuoteHit]:
        kept = (hit for hit in self._older if hit.briefing.id not in self._hidden)
        return heapq.merge(kept, self._newer, key=_quote_order)

    @overload
    def __getitem__(self, item: int) -> QuoteHit: ...

    @overload
    def __getitem__(self, item: slice) -> list[QuoteHit]: ...

    def __getitem__(self, item: int | slice) -> QuoteHit | list[QuoteHit]:
        if isinstance(item, slice):
            start, stop, step = item.indices(self._count)
            if step < 0:
                return list(self)[item]
            return list(islice(self, start, stop, step))
        at = item + self._count if item < 0 else item
        if not 0 <= at < self._count:
            raise IndexError("quote index out of range")
        return next(islice(self, at, None))


class _LayeredIds(Mapping[str, BriefingRecord]):
    """The stories of a layered index by id, read through (no copy of 100,000 entries)."""

    __slots__ = ("_count", "_hidden", "_newer", "_older")

    def __init__(
        self,
        older: Mapping[str, BriefingRecord],
        hidden: frozenset[str],
        newer: Mapping[str, BriefingRecord],
        count: int,
    ) -> None:
        self._older, self._hidden, self._newer, self._count = older, hidden, newer, count

    def __getitem__(self, key: str) -> BriefingRecord:
        found = self._newer.get(key)
        if found is not None:
            return found
        if key in self._hidden:
            raise KeyError(key)
        return self._older[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._newer
        yield from (k for k in self._older if k not in self._hidden and k not in self._newer)

    def __len__(self) -> int:
        return self._count
