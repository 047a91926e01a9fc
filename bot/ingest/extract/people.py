"""Person and organisation mentions: names, roles, surname and pronoun coreference."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from bot.core.models import Person, fold

from .lexicon import (
    COUNTRIES,
    FEMALE_NAMES,
    FIRST_NAMES,
    HONORIFICS,
    KNOWN_ORG_PHRASES,
    KNOWN_ORGS,
    MALE_NAMES,
    NON_NAME_WORDS,
    ORG_WORDS,
    ROLE_NOUNS,
    TITLE_WORDS,
)
from .text import slugify

_ABBR = (
    r"(?:Sen|Sens|Gov|Rep|Reps|Lt|Gen|Col|Maj|Capt|Adm|Sgt|Cmdr|Dr|Mr|Mrs|Ms|Mx|Prof|Rev|Sr|Jr"
    r"|St|Ft|Mt|Del|Amb|Supt|Gens|Govs)\."
)
_TOKEN = rf"(?:{_ABBR}|[A-Z]\.(?:[A-Z]\.)+|[A-Z]\.|[A-Z][\w’'\-]*\w|[A-Z])"
_JOINER = r"(?: (?:of|de|da|del|della|van|von|der|den|bin|ibn|al|la|le|du|dos|das|y|the) | )"
_SEQUENCE = re.compile(rf"(?<![\w’'-]){_TOKEN}(?:{_JOINER}{_TOKEN})*")
_POSSESSIVE = re.compile(r"[’']s?$")
_APPOSITION = re.compile(
    r"^, (?P<role>(?:the|a|an|his|her|its|[A-Z][\w.]*[’']s) [^,.;:“”\"]{2,70}?)(?=,| said| says|\.)"
)
_FUNCTION = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "with",
        "by",
        "from",
        "said",
        "says",
        "that",
        "who",
        "which",
        "his",
        "her",
        "their",
        "its",
        "is",
        "was",
        "are",
        "were",
        "has",
        "had",
        "have",
        "be",
        "as",
        "than",
        "while",
        "when",
        "after",
        "before",
        "but",
    ]
)
_PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_UNNAMED_PREFIX = re.compile(r"\b(?:for|of|at|with|from|to|by|in|on)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(slots=True)
class Entity:
    """A person or organisation found in the article, with every way it is named."""

    name: str
    kind: str = "person"
    role: str | None = None
    gender: str | None = None
    aliases: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        """Return the last token of the name."""
        return self.name.split()[-1]

    def to_person(self) -> Person:
        """Return the schema model for this entity."""
        aliases = sorted(a for a in self.aliases if fold(a) != fold(self.name))
        return Person(
            id=slugify(self.name, 128) or "unknown",
            name=self.name,
            role=self.role if self.kind == "person" else None,
            aliases=aliases,
            kind="organization" if self.kind == "organization" else "person",
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """A name as written, split into its role part and its name part."""

    start: int
    end: int
    surface: str
    role: str | None
    name: str
    honorific_gender: str | None
    after_the: bool
    after_org_noun: bool = False


def _gender_of(first: str) -> str | None:
    male, female = first in MALE_NAMES, first in FEMALE_NAMES
    if male == female:
        return None
    return "m" if male else "f"


def parse_mention(
    surface: str, start: int = 0, *, after_the: bool = False, after_org_noun: bool = False
) -> Mention | None:
    """Split a capitalised sequence into role and name, or return None if it names no one."""
    tokens = surface.split(" ")
    offset = 0
    while tokens and (tokens[0] in NON_NAME_WORDS or tokens[0].islower()):
        if tokens[0] == "The":
            after_the = True
        offset += len(tokens[0]) + 1
        tokens = tokens[1:]
    while tokens and tokens[-1].islower():
        tokens = tokens[:-1]
    if not tokens:
        return None
    tokens[-1] = _POSSESSIVE.sub("", tokens[-1]) or tokens[-1]
    honorific = None
    last_title = -1
    for i, tok in enumerate(tokens):
        if tok in TITLE_WORDS or tok in HONORIFICS or (tok == "of" and i and last_title == i - 1):
            last_title = i
            honorific = HONORIFICS.get(tok, honorific)
    name_tokens = tokens[last_title + 1 :]
    role_tokens = [t for t in tokens[: last_title + 1] if t not in HONORIFICS]
    text = " ".join(tokens)
    if not name_tokens:
        # A bare title ("the Senate", "the Pentagon") may still be an organisation.
        name_tokens, role_tokens = tokens, []
    role = " ".join(role_tokens) or None
    if role and role.endswith(" of"):
        role = role[:-3]
    name = " ".join(name_tokens)
    return Mention(
        start=start + offset,
        end=start + offset + len(text),
        surface=text,
        role=role,
        name=name,
        honorific_gender=honorific,
        after_the=after_the,
        after_org_noun=after_org_noun and offset == 0,
    )


def classify(mention: Mention) -> str | None:
    """Return "person", "organization", or None when the mention is neither for sure."""
    name_tokens = mention.name.split()
    surface_tokens = mention.surface.split()
    if mention.name in KNOWN_ORG_PHRASES or mention.surface in KNOWN_ORG_PHRASES:
        return "organization"
    if mention.after_org_noun and not mention.role and not mention.honorific_gender:
        return "organization"  # "farmers' group Coldiretti", "the agency Frontex"
    if name_tokens[0] in FIRST_NAMES and len(name_tokens) >= 2 and not _orgish(name_tokens[1:]):
        return "person"
    if (mention.role or mention.honorific_gender) and not _orgish(name_tokens):
        return "person"
    if _orgish(surface_tokens) or mention.name in KNOWN_ORGS or mention.name in COUNTRIES:
        return "organization"
    if len(name_tokens) == 1 and name_tokens[0].isupper() and len(name_tokens[0]) >= 2:
        return "organization"
    if mention.after_the and len(name_tokens) <= 4:
        return "organization"
    return None


def _orgish(tokens: list[str]) -> bool:
    return any(t in ORG_WORDS for t in tokens)


# Lower-case nouns that, right before a name, say the name is an organisation's.
_ORG_NOUNS = frozenset(
    [
        "group",
        "agency",
        "company",
        "union",
        "party",
        "association",
        "federation",
        "firm",
        "network",
        "council",
        "committee",
        "organisation",
        "organization",
    ]
)
_LAST_WORD = re.compile(r"(\w+) $")


def _after_org_noun(before: str) -> bool:
    """Tell whether ``before`` ends with an organisation noun and one space."""
    m = _LAST_WORD.search(before)
    return m is not None and m.group(1) in _ORG_NOUNS


class PeopleIndex:
    """Every person and organisation the article names, in order, for coreference."""

    def __init__(self, text: str, excluded: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.entities: dict[str, Entity] = {}
        self._positions: list[int] = []
        self._mentioned: list[Entity] = []
        excluded = sorted(excluded or [])
        ex_starts = [s for s, _ in excluded]
        for match in _SEQUENCE.finditer(text):
            i = bisect.bisect_right(ex_starts, match.start()) - 1
            if i >= 0 and excluded[i][0] <= match.start() < excluded[i][1]:
                continue
            before = text[max(0, match.start() - 14) : match.start()]
            mention = parse_mention(
                match.group(),
                match.start(),
                after_the=before[-4:] == "the ",
                after_org_noun=_after_org_noun(before),
            )
            if mention is None:
                continue
            entity = self.register(mention)
            if entity is not None:
                self._positions.append(mention.start)
                self._mentioned.append(entity)

    def register(self, mention: Mention, *, speaker: bool = False) -> Entity | None:
        """Add a mention to the index and return its entity, or None if it names no one."""
        kind = classify(mention)
        existing = self._find_existing(mention.name)
        if existing is not None and (kind is None or kind == existing.kind):
            self._enrich(existing, mention)
            return existing
        if kind is None and not speaker:
            return None
        if kind is None:
            kind = "person"
        name = mention.name if kind == "person" else mention.surface
        if kind == "person" and len(mention.name.split()) == 1 and mention.name in COUNTRIES:
            return None
        entity = Entity(name=name, kind=kind)
        if kind == "person":
            first = name.split()[0]
            entity.gender = mention.honorific_gender or _gender_of(first)
        self._adopt_surname_entity(entity)
        self.entities[fold(entity.name)] = entity
        self._enrich(entity, mention)
        return entity

    def _adopt_surname_entity(self, entity: Entity) -> None:
        """Merge an earlier surname-only entity ("Secretary Blinken") into a new full name."""
        if entity.kind != "person" or len(entity.name.split()) < 2:
            return
        old = self.entities.pop(fold(entity.surname), None)
        if old is None or old.kind != "person":
            if old is not None:
                self.entities[fold(entity.surname)] = old
            return
        entity.aliases |= old.aliases | {old.name}
        entity.role = entity.role or old.role
        entity.gender = entity.gender or old.gender
        self._mentioned = [entity if e is old else e for e in self._mentioned]

    def _find_existing(self, name: str) -> Entity | None:
        key = fold(name)
        if key in self.entities:
            return self.entities[key]
        tokens = key.split()
        if len(tokens) == 1:
            matches = [
                e for e in self.entities.values() if e.kind == "person" and fold(e.surname) == key
            ]
            if matches:
                return matches[-1]
            firsts = [
                e
                for e in self.entities.values()
                if e.kind == "person" and len(e.name.split()) > 1 and fold(e.name.split()[0]) == key
            ]
            if len(firsts) == 1:
                return firsts[0]
        return None

    def _enrich(self, entity: Entity, mention: Mention) -> None:
        entity.aliases.add(mention.name)
        if mention.role and entity.kind == "person":
            if len(mention.name.split()) == 1:
                entity.aliases.add(mention.surface)
            if entity.role is None or (
                len(mention.role) > len(entity.role) and fold(mention.name) == fold(entity.name)
            ):
                entity.role = mention.role
        located = self.text[mention.start : mention.end] == mention.surface
        if entity.kind == "person" and entity.role is None and located:
            entity.role = self._role_around(mention)
        if mention.honorific_gender and entity.gender is None:
            entity.gender = mention.honorific_gender

    def _role_around(self, mention: Mention) -> str | None:
        """Return a role from an apposition after the name or a role noun right before it."""
        after = self.text[mention.end : mention.end + 90]
        m = _APPOSITION.match(after)
        if m:
            role = re.sub(r"^(?:the|a|an) ", "", m.group("role")).strip()
            if any(w.casefold() in ROLE_NOUNS for w in role.split()) and len(role.split()) <= 10:
                return role
        words = self.text[max(0, mention.start - 60) : mention.start].split()
        if not words or words[-1].casefold() not in ROLE_NOUNS:
            return None
        role_words: list[str] = []
        for word in reversed(words):
            if word.casefold() in _FUNCTION or not word.isalpha() or len(role_words) == 4:
                break
            role_words.insert(0, word)
        return " ".join(role_words) or None

    def resolve(self, phrase: str, position: int) -> Entity | None:
        """Return the entity a speaker phrase ("he", "Secretary Blinken", "the Pentagon") names."""
        phrase = phrase.strip(" ,")
        low = phrase.casefold()
        if low in _PERSON_PRONOUNS:
            return self.resolve_pronoun(low, position)
        matches = list(_SEQUENCE.finditer(phrase))
        if not matches:
            return None
        match = matches[-1]
        prefix = phrase[: match.start()]
        if _UNNAMED_PREFIX.search(prefix):
            # "a spokesman for the Pentagon": the speaker is someone unnamed.
            return None
        after_the = prefix.casefold().endswith("the ")
        # Place the name in the article, so an apposition after it can give the role.
        window = self.text[max(0, position - 2) : position + len(phrase) + 40]
        at = window.find(match.group())
        start = max(0, position - 2) + at if at >= 0 else -1
        mention = parse_mention(
            match.group(),
            start,
            after_the=after_the,
            after_org_noun=_after_org_noun(prefix),
        )
        if mention is None:
            return None
        return self.register(mention, speaker=True)

    def resolve_pronoun(self, pronoun: str, position: int) -> Entity | None:
        """Return the most recent person before ``position`` whom he or she can refer to."""
        wanted = _PERSON_PRONOUNS.get(pronoun.casefold())
        if wanted is None:
            return None
        i = bisect.bisect_left(self._positions, position) - 1
        while i >= 0:
            entity = self._mentioned[i]
            if entity.kind == "person" and entity.gender in (None, wanted):
                return entity
            i -= 1
        return None

    def note_mention(self, entity: Entity, position: int) -> None:
        """Record that a speaker was named at ``position`` so later pronouns can find them."""
        i = bisect.bisect_left(self._positions, position)
        self._positions.insert(i, position)
        self._mentioned.insert(i, entity)
