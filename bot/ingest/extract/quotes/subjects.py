"""The grammar of a speaker phrase: speech verbs, adverbs and the subject before or after them."""

from __future__ import annotations

import re

from ..lexicon import SPEECH_VERBS
from ..people import is_name_word

VERB = r"(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
ADVERBS = (
    r"(?:also|further|later|then|once|previously|recently|again|reportedly|simply|flatly|"
    r"just|earlier|has|had|have|would|will|had|was|is|quickly|repeatedly|often|has since|"
    r"never|always|even|still|bluntly|angrily|firmly|calmly|publicly|privately|told|"
    r"explicitly|finally|first)"
)
# A subject may contain the periods of initials and abbreviations ("Mr. Obama", "John D. Podesta").
_ABBREVIATIONS = [
    "Mr",
    "Ms",
    "Dr",
    "St",
    "Jr",
    "Sr",
    "Lt",
    "Mrs",
    "Sen",
    "Rep",
    "Gov",
    "Gen",
    "Col",
    "Sgt",
    "Adm",
    "Rev",
    "Del",
    "Amb",
    "Capt",
    "Sens",
    "Reps",
    "Prof",
    "Govs",
    "Supt",
    "Cmdr",
    "Gens",
    "Maj",
    "Insp",
    "Hon",
    "Fr",
    "Pres",
    "Msgr",
    "Atty",
    "Det",
    "Const",
    "Cpl",
    "Pte",
    "Cllr",
]


def _subject_char() -> str:
    by_length: dict[int, list[str]] = {}
    for abbreviation in _ABBREVIATIONS:
        by_length.setdefault(len(abbreviation), []).append(abbreviation)
    behinds = "|".join(f"(?<={'|'.join(words)})\\." for words in by_length.values())
    return rf"(?:[^,.;:!?\"“”«»]|(?<=[\s.(][A-Z])\.|(?<=^[A-Z])\.|{behinds})"


_SUBJECT_CHAR = _subject_char()
SUBJECT = _SUBJECT_CHAR + r"{1,70}?"
SUBJECT_GREEDY = _SUBJECT_CHAR + r"{1,90}"
_TRAILING_ADVERBS = re.compile(rf"(?:\s+{ADVERBS})+\s*$")
_TRAILING_APPOSITION = re.compile(r",[^,]{1,90},\s*$")
_CLAUSE_BREAK = re.compile(r".*(?:[,;:(]|\b(?:that|and|but|while|when|as|because|after)\b)\s*")
# "..., Smith said." / "..., said Smith, who ...": the credit closing a sentence.
TRAILING_REPORT = re.compile(
    rf", (?:(?P<subj1>{SUBJECT}) (?:{ADVERBS} )?(?P<verb1>said|says|added|noted|argued|"
    r"claimed|warned|explained)|(?P<verb2>said|says|added) "
    # "..., said the mayor": the inverted subject is a noun phrase, never a clause of its own
    # ("..., said his client was innocent" is what was said, not who said it).
    r"(?P<subj2>(?![^,.;:!?]*\b(?:is|was|were|are|will|would|has|had|have|can|could|should|"
    r"may|might|must|did|does)\b)[^,.;:!?]{1,60}?))"
    r"(?:,? (?:in|on|at|during|after|before|according|citing|via|who)\b[^\"“”]*)?[.!?]?$"
)
PRONOUN_SUBJECTS = frozenset({"he", "she"})
# "Smith's lawyer", "the mayor's spokeswoman, Ann Lee": someone of a named person, not them.
# A full name set off by commas right before a speech verb: "..., Peter Brandt, said".
NAME_SET_OFF = re.compile(r", (?P<name>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,3}),\s*$")
POSSESSED = re.compile(
    r"^(?:the )?[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}[’']s (?:[a-z][\w-]* ){0,2}[a-z][\w-]*"
    r"(?:, (?P<name>[A-Z][^,]*?))?,?$"
)


def subject_left_of(text: str) -> str:
    """Return the subject phrase that ends ``text`` (the words before a speech verb)."""
    text = _TRAILING_ADVERBS.sub("", text.rstrip())
    text = _TRAILING_APPOSITION.sub("", text).rstrip(" ,")
    text = _CLAUSE_BREAK.sub("", text, count=1)
    words = text.split()
    return " ".join(words[-7:])


def names_someone(phrase: str) -> bool:
    """Tell whether a phrase holds a name beyond titles ("Tom Smith", not "U.S. Secretary")."""
    return any(is_name_word(w) for w in phrase.split())
