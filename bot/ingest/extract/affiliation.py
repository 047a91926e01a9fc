"""A person's party and home state, as US news writes them: "Sen. Ann Lee (D-Ohio)".

The tag after a name, a role naming the state ("Ohio Gov. Annabel Roarke") and a party noun
set beside the name ("Maria Lopez, a Democrat") tell who a later description means: "the
Texas Republican said" is the one Republican from Texas in the story.
"""

from __future__ import annotations

import re

from bot.core.models import fold

# State names with the abbreviations AP style and postal codes use for them.
_STATES = {
    "Alabama": "Ala. AL", "Alaska": "AK", "Arizona": "Ariz. AZ", "Arkansas": "Ark. AR",
    "California": "Calif. Cal. CA", "Colorado": "Colo. CO", "Connecticut": "Conn. CT",
    "Delaware": "Del. DE", "Florida": "Fla. FL", "Georgia": "Ga. GA", "Hawaii": "HI",
    "Idaho": "ID", "Illinois": "Ill. IL", "Indiana": "Ind. IN", "Iowa": "IA",
    "Kansas": "Kan. Kans. KS", "Kentucky": "Ky. KY", "Louisiana": "La. LA", "Maine": "ME",
    "Maryland": "Md. MD", "Massachusetts": "Mass. MA", "Michigan": "Mich. MI",
    "Minnesota": "Minn. MN", "Mississippi": "Miss. MS", "Missouri": "Mo. MO",
    "Montana": "Mont. MT", "Nebraska": "Neb. Nebr. NE", "Nevada": "Nev. NV",
    "New Hampshire": "N.H. NH", "New Jersey": "N.J. NJ", "New Mexico": "N.M. N.Mex. NM",
    "New York": "N.Y. NY", "North Carolina": "N.C. NC", "North Dakota": "N.D. ND",
    "Ohio": "OH", "Oklahoma": "Okla. OK", "Oregon": "Ore. Oreg. OR", "Pennsylvania": "Pa. PA",
    "Rhode Island": "R.I. RI", "South Carolina": "S.C. SC", "South Dakota": "S.D. SD",
    "Tennessee": "Tenn. TN", "Texas": "Tex. TX", "Utah": "UT", "Vermont": "Vt. VT",
    "Virginia": "Va. VA", "Washington": "Wash. WA", "West Virginia": "W.Va. W.V. WV",
    "Wisconsin": "Wis. Wisc. WI", "Wyoming": "Wyo. WY",
}  # fmt: skip
_STATE_BY_FORM = {
    form: state for state, forms in _STATES.items() for form in (state, *forms.split())
}
_PARTY_LETTERS = {"D": "democrat", "R": "republican", "I": "independent"}
_PARTY_NOUNS = {
    "democrat": "democrat", "democratic": "democrat", "republican": "republican",
    "independent": "independent", "gop": "republican",
}  # fmt: skip
PARTIES = frozenset(_PARTY_NOUNS)
_STATE_FORM = "|".join(re.escape(form) for form in sorted(_STATE_BY_FORM, key=len, reverse=True))
# "(D-Ohio)", "(R-Ky.)", "(D-N.Y.)", "(R-TX-22)", "(I-Vt.)".
_TAG = re.compile(rf" ?\((?P<party>[DRI])[-–—]\s?(?P<state>{_STATE_FORM})(?:[-–]\d{{1,2}})?\)")
_STATE_WORDS = re.compile(rf"(?<![\w.])(?:{_STATE_FORM})(?![\w])")
# ", a Democrat", ", the Republican from Tucson": a party set off after the name.
_PARTY_AFTER = re.compile(r", (?:a|an|the) (?P<party>Democrat|Republican|Independent)\b")
_PARTY_BEFORE = re.compile(r"\b(?P<party>Democrat|Republican|Democratic|GOP) (?:[A-Z]\S* )?$")


def party_of(word: str) -> str | None:
    """Return the party a word names ("Democrat", "Democratic", "GOP"), else None."""
    return _PARTY_NOUNS.get(fold(word))


def state_in(text: str) -> str | None:
    """Return the one US state a phrase names ("the Texas congressman", "Ohio Gov."), or None."""
    found = {_STATE_BY_FORM[m.group()] for m in _STATE_WORDS.finditer(text)}
    if "Virginia" in found and "West Virginia" in found:
        found.discard("Virginia")
    return found.pop() if len(found) == 1 else None


def affiliation_around(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """Return the party and state written beside a name spanning ``start:end``.

    A tag right after the name gives both; otherwise a party noun set off after the name or
    standing right before it ("Democrat Maria Lopez", "Republican Sen. Tom Hale").
    """
    tag = _TAG.match(text, end)
    if tag is not None:
        return _PARTY_LETTERS[tag["party"]], _STATE_BY_FORM[tag["state"]]
    after = _PARTY_AFTER.match(text, end)
    before = _PARTY_BEFORE.search(text, max(0, start - 30), start)
    word = after["party"] if after else before["party"] if before else None
    return (party_of(word) if word else None), None
