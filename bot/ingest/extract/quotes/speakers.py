"""The speaker phrase of a direct quote: the attribution after it, before it or just above it."""

from __future__ import annotations

import re

from ..lexicon import IRREGULAR_PAST, LABEL_CUES, NON_NAME_WORDS
from ..text import Span
from .marks import RawQuote
from .subjects import (
    ADVERBS,
    NAME_SET_OFF,
    POSSESSED,
    SUBJECT,
    SUBJECT_GREEDY,
    TRAILING_REPORT,
    VERB,
    names_someone,
    subject_left_of,
)

_SUBJECT_END = re.compile(
    r" (?:in|on|at|during|after|before|when|while|who|to|as|from|about|with|via|last|this|"
    r"told|said|says|adding|referring|speaking|for)\b.*$"
)
_AFTER_VERB_FIRST = re.compile(
    rf"^\s*[,;:—–-]?\s*(?P<verb>(?!told|tells|telling|asked){VERB})\s+"
    rf"(?P<subj>{SUBJECT_GREEDY})"
)
_AFTER_SUBJECT_FIRST = re.compile(
    rf"^\s*[,;:—–-]?\s*(?P<subj>{SUBJECT})(?P<appos>(?:(?:, [^,“”\"]{{1,90}}){{1,2}},)?)"
    rf"\s+(?:{ADVERBS}\s+){{0,2}}(?P<verb>{VERB})\b"
)
_DASH_CREDIT = re.compile(rf"^\s*[―—–-]+\s*(?P<subj>{SUBJECT_GREEDY})")
_ACCORDING = re.compile(rf"according to (?P<subj>{SUBJECT})(?=\s*(?:[,.;:!?]|$))", re.IGNORECASE)
_SENTENCE_SUBJECT = re.compile(
    r"^(?P<subj>(?:[A-Z][\w.’'-]*|he|she|He|She)"
    r"(?: [A-Z][\w.’'-]*){0,4})"
    rf"(?= (?:[a-z]+ ){{0,2}}(?:is|was|has|had|will|would|[a-z]+ed|[a-z]+s|{IRREGULAR_PAST})\b)"
)
_NAME_BEFORE_PARTICIPLE = re.compile(r"(?P<subj>\b[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}) $")
_SAID_FIRST = re.compile(
    rf"^(?:Said|Says|Added|Adds|Wrote|Writes) (?P<subj>{SUBJECT_GREEDY}):?\s*$"
)
# "X quoted his father as saying", "X recalled her mother telling her": the words are the
# relayed person's, not X's. Only a named person gets them; "his father" leaves no speaker.
_RELAYED = re.compile(
    r"\b(?:quot(?:ed|es|ing)|recall(?:ed|s|ing)|remember(?:ed|s|ing)|cit(?:ed|es|ing)|"
    r"paraphras(?:ed|es|ing))\s+"
    r"(?P<obj>(?:(?:his|her|their|my|our|its|a|an|the)\b|[A-Z])[^,.;:!?“”\"]{0,60}?)\s+(?:as\s+)?"
    r"(?:saying|telling|writing|warning|having said)\b"
)
# "one worker", "a spokeswoman": someone the attribution names only in an apposition after it.
_UNNAMED = re.compile(r"^(?:one|a|an|another)(?: [a-z][\w-]*){1,3}$")
_VERB_WORD = re.compile(rf"\b{VERB}\b")
_VERB_ENDING = re.compile(rf"\b{VERB},?\s*$")
_APPOSED_NAME = re.compile(r", [A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,3}(?=[,.;]|$)")
# "The lawyer for Anna Kowal": the part naming whose lawyer it is.
_OF_SOMEONE = re.compile(r" (?:of|for|from|at|with|to)\b")
# A sentence that opens with a full name, an optional apposition and a finite verb.
_APPOSED_OPENER = re.compile(
    r"^(?P<subj>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,3})(?:, [^,“”\"]{1,90},)? [a-z]+(?:ed|s)\b"
)


def speaker_after(after: str) -> tuple[str, int] | None:
    """Return the speaker phrase of an attribution that follows the quote, and its offset."""
    m = _AFTER_VERB_FIRST.match(after)
    if m:
        subject = _SUBJECT_END.sub("", m.group("subj"))
        named = _APPOSED_NAME.match(after, m.end("subj"))
        if named and (POSSESSED.match(subject) or _UNNAMED.match(subject)):
            # "said Smith's lawyer, Mary Jones", "said one worker, Ali Khan"
            subject += named.group()
        return subject, m.start("subj")
    m = _AFTER_SUBJECT_FIRST.match(after)
    if m and len(m.group("subj").split()) <= 8:
        if POSSESSED.match(m.group("subj")) and m.group("appos"):
            # "Smith's wife, Anne Smith, said": the apposition names the speaker.
            return m.group("subj") + m.group("appos").rstrip(","), m.start("subj")
        return m.group("subj"), m.start("subj")
    m = _ACCORDING.match(after.lstrip(" ,"))
    if m:
        return m.group("subj"), 0
    m = _DASH_CREDIT.match(after)
    subject = _SUBJECT_END.sub("", m.group("subj")) if m else ""
    if m and subject[:1].isupper() and len(subject.split()) <= 6:
        return subject, m.start("subj")
    return None


def sentence_subject(sentence: str) -> str | None:
    """Return the capitalised subject opening a sentence ("Engineer Tomas Eze" was ...)."""
    m = _SENTENCE_SUBJECT.match(sentence)
    return m.group("subj") if m else None


# What follows a speech verb is a clause of its own with another named subject: in "Moncrief
# read the text she said Pell sent her: ...", the quote is neither "she"'s nor clearly Pell's.
_OWN_CLAUSE = re.compile(
    rf"^\s*(?:that )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)? (?:had |has )?(?:[a-z]+ed|{IRREGULAR_PAST})\b"
)


def speaker_before(before: str) -> tuple[str, int, int] | None:
    """Return the speaker phrase introducing a quote, its offset and the verb's end offset."""
    said_first = _SAID_FIRST.match(before)
    if said_first:
        return said_first.group("subj"), said_first.start("subj"), len(before)
    verbs = list(_VERB_WORD.finditer(before))
    if not verbs:
        m = _ACCORDING.search(before)
        if m and len(before[m.end() :].split()) <= 1:
            return m.group("subj"), m.start("subj"), m.end()
        if before.rstrip().endswith(":"):
            # "Obama is rolling out a new message: ..." - the clause subject speaks.
            cut = before.rfind(", ") + 2 if ", " in before else 0
            head = _SENTENCE_SUBJECT.match(before[cut:])
            if head:
                return head.group("subj"), cut + head.start("subj"), len(before) - 1
            # "Mr Ong was frank about the plant, which runs at 38 per cent: ...": the first
            # clause's subject, past a relative clause.
            cut = max(before.rfind(". "), before.rfind("? "), before.rfind("! ")) + 2
            cut = 0 if cut == 1 else cut
            head = _SENTENCE_SUBJECT.match(before[cut:])
            if head and names_someone(head.group("subj")):
                return head.group("subj"), cut + head.start("subj"), len(before) - 1
        return None
    verb = verbs[-1]
    left = before[: verb.start()]
    named = _NAME_BEFORE_PARTICIPLE.search(left)
    if verb.group().endswith("ing") and named:
        return named.group("subj"), named.start("subj"), verb.end()
    if verb.group().endswith("ing"):
        finite = [v for v in verbs[:-1] if not v.group().endswith("ing")]
        if finite:
            verb = finite[-1]
        else:
            offset = 0
            for clause in before[: verb.start()].split(", "):
                head = _SENTENCE_SUBJECT.match(clause)
                if head and head.group("subj").split()[0] not in NON_NAME_WORDS:
                    return head.group("subj"), offset + head.start("subj"), verb.end()
                offset += len(clause) + 2
            opener = _APPOSED_OPENER.match(before)
            if opener and opener.group("subj").split()[0] not in NON_NAME_WORDS:
                # "Howard Dean, a former chairman, poked at him, tweeting, ...": the subject.
                return opener.group("subj"), 0, verb.end()
            return None
    left = before[: verb.start()]
    subject = subject_left_of(left)
    named = NAME_SET_OFF.search(left)
    holder = _OF_SOMEONE.split(subject)[0]
    if named and (POSSESSED.match(subject) or not names_someone(holder)):
        # "Carr's press secretary, Jon Pell, said:", "The lawyer for Anna Kowal, Peter Brandt,
        # said:": the name set off speaks, not the person whose lawyer they are.
        return named.group("name"), named.start("name"), verb.end()
    return subject, max(0, left.rfind(subject)), verb.end()


def credit_before(before: str) -> tuple[str, int] | None:
    """Return the speaker credited by a sentence ending in '..., Name said.' right before."""
    stripped = before.rstrip()
    if not stripped.endswith(".") or stripped.count('"') % 2 or "“" in stripped:
        return None
    m = TRAILING_REPORT.search(stripped)
    if m is None:
        return None
    phrase = m.group("subj1") or m.group("subj2") or ""
    if not names_someone(phrase):
        return None
    return phrase, m.start("subj1") if m.group("subj1") else m.start("subj2")


def label_cue_before(before: str) -> bool:
    """Tell whether a label cue ("called", "dubbed") ends the text before a quote."""
    words = before.casefold().split()[-3:]
    return any(w.strip(",") in LABEL_CUES for w in words)


def attribution_phrase(
    paragraphs: list[Span], quote: RawQuote, content: str, before: str, after: str
) -> tuple[tuple[str, int] | None, bool]:
    """Return a direct quote's speaker phrase with its position, and whether it is attributed.

    A quote may be attributed (a speech verb next to it) with its speaker left unknown.
    """
    para = paragraphs[quote.para]
    speaker_phrase: tuple[str, int] | None = None
    attributed = False
    tail = content.rstrip("’'\"”»)]")[-1:]
    ends_clause = tail in ",?!—–-…" or (tail == "." and after.strip()[:1].islower())
    if quote.closed and (ends_clause or after.lstrip()[:1] in ",―—–") and after.strip():
        found = speaker_after(after)
        if found:
            speaker_phrase = (found[0], quote.close_at + 1 + found[1])
            attributed = True
    if speaker_phrase is None and before.strip():
        before_found = speaker_before(before)
        if before_found:
            between = before[before_found[2] :]
            if _OWN_CLAUSE.match(between):
                attributed = True  # "she said Pell sent her: ...": whose words is not said
            elif len(between.split()) <= 14 and not label_cue_before(before):
                pos = quote.open_at - len(before) + before_found[1]
                speaker_phrase = (before_found[0], pos)
                attributed = True
        elif _VERB_ENDING.search(before):
            attributed = True  # "..., tweeting, "...": speech, speaker unknown
    relayed = _relayed_speaker(quote, before, after) if attributed else None
    if relayed is not None:
        speaker_phrase = relayed[0]
    if speaker_phrase is None and quote.open_at == para.start and quote.para > 0:
        prev_para = paragraphs[quote.para - 1]
        if prev_para.text.rstrip().endswith(":"):
            intro = speaker_before(prev_para.text.rstrip()[:-1] + " ")
            if intro:
                speaker_phrase = (intro[0], prev_para.start + intro[1])
                attributed = True
    return speaker_phrase, attributed


def _relayed_speaker(
    quote: RawQuote, before: str, after: str
) -> tuple[tuple[str, int] | None] | None:
    """Return the relayed speaker (or None inside: unnamed) when the attribution relays words.

    The outer None means the attribution relays nobody's words; ``(None,)`` means it relays
    someone unnamed ("his father"), so the quote has no speaker.
    """
    clause_after = re.split(r"(?<=[.!?])\s", after, maxsplit=1)[0]
    m = _RELAYED.search(clause_after)
    offset = quote.close_at + 1
    if m is None:
        start = max(before.rfind(". "), before.rfind("? "), before.rfind("! ")) + 1
        m = _RELAYED.search(before, start)
        offset = quote.open_at - len(before)
    if m is None:
        return None
    phrase = m.group("obj").strip()
    if not names_someone(phrase) or POSSESSED.match(phrase):
        return (None,)
    return ((phrase, offset + m.start("obj")),)
