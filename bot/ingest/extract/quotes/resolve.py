"""From a speaker phrase to the person it names, and how it names them."""

from __future__ import annotations

import re

from bot.core.models import Attribution, fold

from ..people import Entity, PeopleIndex
from .epithets import EPITHET, resolve_epithet
from .subjects import POSSESSED, PRONOUN_SUBJECTS, names_someone

# A speaker named by role alone: "the mayor", "the former senator", "the group's president".
_NOMINAL = re.compile(r"^(?:[Tt]he|[Tt]his|[Tt]hat) (?:[a-z][\w’'-]* ){0,2}?(?P<role>[a-z][\w-]*)$")
_PARENTHESES = re.compile(r"\s*\([^)]*\)?")
_AFFILIATION = re.compile(r" (?:of|from|at|with)\b")
# "the Democrat said" is a person, not the party; "the CFO said" is no one called CFO.
_NO_NAMES = ("Democrat", "Republican", "CEO", "CFO", "COO", "CTO", "CIO", "CMO")


def resolve_speaker(people: PeopleIndex, phrase: str, position: int) -> Entity | None:
    """Return the person a speaker phrase at position names, noting the mention."""
    phrase = _PARENTHESES.sub("", phrase)
    if EPITHET.match(phrase):
        # "the New York businessman said": a description of the one person just written about
        entity = resolve_epithet(people, phrase, position)
        if entity is not None or phrase.endswith(_NO_NAMES):
            if entity is not None:
                people.note_mention(entity, position)
            return entity
    possessed = POSSESSED.match(phrase)
    if possessed is not None:
        # "Smith's lawyer, Mary Jones": Jones speaks; "Roe's spokesman": not Roe, no one named.
        phrase = possessed.group("name") or ""
    head = _AFFILIATION.split(phrase)[0]
    if names_someone(head):
        phrase = head  # "Tom Smith of the Sierra Club": Tom Smith speaks, not the club
    words = phrase.split()
    if not words:
        return None
    pronouns = (w.casefold() for w in reversed(words[-2:]))
    pronoun = next((w for w in pronouns if w in PRONOUN_SUBJECTS), None)
    if pronoun is not None:
        entity = people.resolve_pronoun(pronoun, position)
        if entity is not None:
            people.note_pronoun(entity, pronoun, position)
        return entity
    nominal = _NOMINAL.match(phrase)
    if nominal is not None:
        # "the mayor said": the one person in the story whose role says so.
        entity = people.resolve_role(nominal.group("role"), position)
    else:
        entity = people.resolve(phrase, position)
    if entity is not None:
        people.note_mention(entity, position)
    return entity


def attribution_of(phrase: str, speaker: Entity | None) -> Attribution | None:
    """Return how a speaker phrase names its speaker: "name", "alias" or "pronoun"."""
    if speaker is None:
        return None
    words = [w.casefold() for w in phrase.split()]
    if any(w in PRONOUN_SUBJECTS for w in words[-2:]):
        return "pronoun"
    folded = set(fold(phrase).replace(",", " ").split())
    return "name" if all(t in folded for t in fold(speaker.name).split()) else "alias"
