"""Speakers described, not named: "the 58-year-old said", "the New York businessman said".

Newswriting often calls the person just written about by a new description instead of a
pronoun. Such a description is read as that person only when nothing else is possible: the
current and the previous paragraph name one person only, as a subject there; the noun's gender
(if any) fits; no one holds the noun as a role; the noun is no one speaking for another ("the
spokesman"); and the noun is new to the story or only used where that person was introduced
("Maria Lopez, a Democrat, ... the Democrat said"), since an earlier "a retiree told us" means
the retiree is someone else. Anything less is no one.
"""

from __future__ import annotations

import re

from bot.core.models import fold

from ..affiliation import party_of, state_in
from ..lexicon import ROLE_NOUNS
from ..people import Entity, PeopleIndex, gender_fits, role_gender

# "the 58-year-old", "the New York businessman"; never a possessive ("Lind's spokesman" is
# someone else: the one related to Lind).
EPITHET = re.compile(
    r"^[Tt]he (?:[\w.-]+ ){0,3}?"
    r"(?P<head>\d{1,3}-year-old|[a-z][\w-]*|Democrat|Republican|Tory|Conservative"
    r"|CEO|CFO|COO|CTO|CIO|CMO)$"
)
_PARTIES = frozenset({"democrat", "republican", "tory", "conservative"})
# Endings of nouns for an occupation the role lexicon may lack: "the electrician", "the
# geologist", "the locksmith".
_OCCUPATION_ENDINGS = ("ician", "ist", "smith", "wright")
# Plain nouns for a person, with the gender they state: "the retired dinner lady told ...".
_PLAIN_GENDER = {
    "man": "m", "woman": "f", "lady": "f", "gran": "f", "granny": "f", "grandad": "m",
    "girl": "f", "boy": "m", "teenager": "", "pensioner": "", "dad": "m", "mum": "f", "mom": "f",
}  # fmt: skip
# Nouns for someone who speaks for another: "the spokesman said" after a paragraph about the
# governor is the governor's spokesman, never the governor.
_PROXIES = frozenset(
    {
        "spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "lawyer",
        "attorney", "counsel", "solicitor", "barrister", "official", "representative", "source",
        "officer", "staffer", "assistant", "deputy", "agent", "envoy", "negotiator", "publicist",
        "secretary", "manager",
    }
)  # fmt: skip
# A noun introducing the person: right before the name ("Democrat Maria Lopez") or in the
# apposition after it ("Maria Lopez, a Democrat from Tucson").
_BEFORE_NAME = re.compile(r"^[ -]{0,2}$")
_APPOSITION = re.compile(r"^[\w.’' -]+, [^,.;:]{0,50}$")


def _describes_a_person(key: str) -> bool:
    """Tell whether a folded head noun can describe the person just written about."""
    if key in _PROXIES:
        return False
    return (
        key in ROLE_NOUNS
        or key in _PARTIES
        or key in _PLAIN_GENDER
        or key.endswith("-year-old")
        or (len(key) >= 6 and key.endswith(_OCCUPATION_ENDINGS))  # "the electrician"
    )


def _used_before(people: PeopleIndex, entity: Entity, head: str, position: int) -> bool:
    """Tell whether the noun was used before ``position`` other than to introduce ``entity``."""
    stem = re.escape(head.split("-")[0]) if head[0].isdigit() else re.escape(head)
    pattern = re.compile(rf"\b{stem}(?:s|es)?\b", re.IGNORECASE)
    text = people.text
    own = people.mentions_of(entity)
    for m in pattern.finditer(text, 0, position):
        if head[0].isdigit() and not text.startswith("-year", m.end()):
            continue  # another number
        introduces = any(
            (at >= m.end() and _BEFORE_NAME.match(text[m.end() : at]))
            or (at < m.start() and _APPOSITION.match(text[at : m.start()]))
            for at in own
            if abs(at - m.start()) <= 80
        )
        if not introduces:
            return True
    return False


def resolve_epithet(people: PeopleIndex, phrase: str, position: int) -> Entity | None:
    """Return the one person a description at ``position`` can mean, else None.

    A role someone holds ("the Eastern Ward councillor") is that role's holder. Otherwise the
    people named in the quote's paragraph count, or, when it names no one, those of the
    paragraph before.
    """
    m = EPITHET.match(phrase)
    if m is None:
        return None
    head = m["head"]
    state = state_in(phrase[: m.start("head")])
    if not head[0].isdigit() and (holder := people.resolve_role(head, position, state=state)):
        return holder
    key = fold(head).split("-of-")[0]  # "the gran-of-five"
    party = party_of(key)
    if state is not None and party is not None:
        # "the Texas Republican": the one Republican from Texas in the story, wherever named
        known = [e for e in people.people_before(position) if (e.party, e.state) == (party, state)]
        return known[0] if len(known) == 1 else None
    if not _describes_a_person(key):
        return None
    named: dict[int, Entity] = {}
    for since in (people.paragraph_start(position), people.recent_start(position)):
        named = {id(e): e for e in people.people_between(since, position)}
        if named:
            break
    if len(named) != 1:
        return None
    (entity,) = named.values()
    if entity not in people.people_between(since, position, subjects_only=True):
        return None
    if not gender_fits(entity, _PLAIN_GENDER.get(key) or role_gender(key)):
        return None
    if state is not None and entity.state not in (None, state):
        return None  # "the Ohio lawyer" is not the one from Texas
    if party is not None and entity.party is not None:
        # "the Democrat said" of Sen. Ann Lee (D-Ohio), however many Democrats came before
        return entity if entity.party == party else None
    if _used_before(people, entity, head.split("-of-")[0], position):
        return None
    return entity
