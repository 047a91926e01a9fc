"""Direct and reported quotes: quotation-mark scanning, speech filtering and attribution."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core.models import fold

from .lexicon import COUNTRIES, LABEL_CUES, NON_NAME_WORDS, ROLE_NOUNS, SPEECH_VERBS
from .people import Entity, PeopleIndex, is_name_word
from .text import Span, find_headline, split_paragraphs, split_sentences, word_tokens

_SINGLE = "single"
_DOUBLE = "double"
_OPEN_CONTEXT = "([{—–-/:;“‘«»„"
_VERB = r"(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
_ADVERBS = (
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
]


def _subject_char() -> str:
    by_length: dict[int, list[str]] = {}
    for abbreviation in _ABBREVIATIONS:
        by_length.setdefault(len(abbreviation), []).append(abbreviation)
    behinds = "|".join(f"(?<={'|'.join(words)})\\." for words in by_length.values())
    return rf"(?:[^,.;:!?\"“”«»]|(?<=[\s.(][A-Z])\.|(?<=^[A-Z])\.|{behinds})"


_SUBJECT_CHAR = _subject_char()
_SUBJECT = _SUBJECT_CHAR + r"{1,70}?"
_SUBJECT_GREEDY = _SUBJECT_CHAR + r"{1,90}"
_SUBJECT_END = re.compile(
    r" (?:in|on|at|during|after|before|when|while|who|to|as|from|about|with|via|last|this|"
    r"told|said|says|adding|referring|speaking|for)\b.*$"
)
_AFTER_VERB_FIRST = re.compile(
    rf"^\s*[,;:—–-]?\s*(?P<verb>(?!told|tells|telling|asked){_VERB})\s+"
    rf"(?P<subj>{_SUBJECT_GREEDY})"
)
_AFTER_SUBJECT_FIRST = re.compile(
    rf"^\s*[,;:—–-]?\s*(?P<subj>{_SUBJECT})(?P<appos>(?:(?:, [^,“”\"]{{1,90}}){{1,2}},)?)"
    rf"\s+(?:{_ADVERBS}\s+){{0,2}}(?P<verb>{_VERB})\b"
)
_DASH_CREDIT = re.compile(rf"^\s*[―—–-]+\s*(?P<subj>{_SUBJECT_GREEDY})")
_ACCORDING = re.compile(rf"according to (?P<subj>{_SUBJECT})(?=\s*(?:[,.;:!?]|$))", re.IGNORECASE)
_SENTENCE_SUBJECT = re.compile(
    r"^(?P<subj>(?:[A-Z][\w.’'-]*|he|she|He|She)"
    r"(?: [A-Z][\w.’'-]*){0,4})"
    r"(?= (?:[a-z]+ ){0,2}(?:is|was|has|had|will|would|[a-z]+ed|[a-z]+s)\b)"
)
_NAME_BEFORE_PARTICIPLE = re.compile(r"(?P<subj>\b[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}) $")
_SAID_FIRST = re.compile(
    rf"^(?:Said|Says|Added|Adds|Wrote|Writes) (?P<subj>{_SUBJECT_GREEDY}):?\s*$"
)
_PARENTHETICAL = re.compile(r"\([^()]{0,60}\)")
_VERB_WORD = re.compile(rf"\b{_VERB}\b")
_TRAILING_ADVERBS = re.compile(rf"(?:\s+{_ADVERBS})+\s*$")
_TRAILING_APPOSITION = re.compile(r",[^,]{1,90},\s*$")
_CLAUSE_BREAK = re.compile(r".*(?:[,;:(]|\b(?:that|and|but|while|when|as|because|after)\b)\s*")
_REPORTED_VERBS = frozenset(
    [
        "said",
        "says",
        "told",
        "added",
        "stated",
        "noted",
        "argued",
        "claimed",
        "insisted",
        "warned",
        "announced",
        "confirmed",
        "revealed",
        "explained",
        "acknowledged",
        "admitted",
        "contended",
        "asserted",
        "predicted",
    ]
)
_REPORTED = re.compile(
    r"\b(?P<verb>said|says|told|added|stated|noted|argued|claimed|insisted|warned|announced|"
    r"confirmed|revealed|explained|acknowledged|admitted|contended|asserted|predicted)\b"
    r"(?P<object>(?: (?!that\b)[a-z][\w’']*){0,3}?)?(?: on \w+day)?,? (?P<that>that )?"
)
_TRAILING_REPORT = re.compile(
    rf", (?:(?P<subj1>{_SUBJECT}) (?:{_ADVERBS} )?(?P<verb1>said|says|added|noted|argued|"
    r"claimed|warned|explained)|(?P<verb2>said|says|added) (?P<subj2>[^,.;:!?]{1,60}?))"
    r"(?:,? (?:in|on|at|during|after|before|according|citing|via|who)\b[^\"“”]*)?[.!?]?$"
)
# "Anna Berg, the mayor of the town, said ...": a name, its role in apposition, then the verb.
_APPOSED_SUBJECT = re.compile(
    r"(?:^|, )(?P<subj>[A-Z][\w.’'-]*(?: (?:(?:de|da|del|della|van|von|der|den|bin|al|la|le|du) )?"
    r"[A-Z][\w.’'-]*){0,4}), (?P<appos>(?:(?:the|a|an|[A-Z][\w.]*[’']s) "
    r"|(?!who\b|which\b)(?=[a-z]))[^,;:“”\"]{2,80}?),\s*$"
)
_PRONOUN_SUBJECTS = frozenset({"he", "she"})
_APPOSED_NAME = re.compile(r", [A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,3}(?=[,.;]|$)")
# "Smith's lawyer", "the mayor's spokeswoman, Ann Lee": someone of a named person, not them.
_POSSESSED = re.compile(
    r"^(?:the )?[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}[’']s (?:[a-z][\w-]* ){0,2}[a-z][\w-]*"
    r"(?:, (?P<name>[A-Z][^,]*?))?,?$"
)
# A speaker named by role alone: "the mayor", "the former senator", "the group's president".
_NOMINAL = re.compile(r"^(?:the|this|that) (?:[a-z][\w’'-]* ){0,2}?(?P<role>[a-z][\w-]*)$")
# A sentence that opens with a full name, an optional apposition and a finite verb.
_APPOSED_OPENER = re.compile(
    r"^(?P<subj>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,3})(?:, [^,“”\"]{1,90},)? [a-z]+(?:ed|s)\b"
)
# A quote shorter than this that starts in lower case and does not end a sentence is a fragment.
_CLAUSE_WORDS = 4
# Closing punctuation that belongs to the attribution ('"..., " she said'), not to the words.
_ATTRIBUTION_PUNCTUATION = ", ;"
_UNNAMED_SUBJECT = re.compile(
    r"^(?:a|an|the|one|two|three|several|many|some|other|another|senior|top|[a-z]+)\b[a-z ’'-]*$"
)


# A transcript turn: an upper-case name label at the start of a paragraph ("MR. SMITH: ...").
_TRANSCRIPT_LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][A-Z'’-]+\.? ){0,3}[A-Z][A-Z'’-]+): (?P<body>\S.*)$"
)
# Transcript roles: the turn is a quote, but the label names no one.
_ROLE_LABELS = frozenset(
    [
        "HOST",
        "MODERATOR",
        "ANCHOR",
        "REPORTER",
        "QUESTION",
        "ANSWER",
        "AUDIENCE",
        "UNIDENTIFIED",
        "CROWD",
        "INTERVIEWER",
        "PANELIST",
        "CALLER",
        "PROTESTER",
        "SPEAKER",
        "VOICE",
    ]
)
# Upper-case labels that head a paragraph but name no speaker.
_NOT_SPEAKER_LABELS = frozenset(
    [
        "UPDATE", "UPDATED", "CORRECTION", "CLARIFICATION", "NOTE", "EDITOR'S NOTE",
        "EDITOR’S NOTE", "WATCH", "VIDEO", "PHOTOS", "READ MORE", "RELATED", "ADVERTISEMENT",
        "Q", "A", "SOURCE", "SOURCES", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "ANALYSIS",
        "OPINION", "LIVE", "FACT CHECK", "WARNING", "DISCLAIMER", "TRANSCRIPT", "ALSO READ",
        "SEE ALSO", "MORE", "FILE", "PHOTO", "CAPTION", "NEWS", "TOPICS", "TAGS",
    ]
)  # fmt: skip


def _transcript_turns(paragraphs: Sequence[Span]) -> list[tuple[Span, re.Match[str]]]:
    """Return the paragraphs that are transcript turns, with their label match.

    A transcript has turns: one labelled paragraph alone is a dateline or a kicker
    ("SINGAPORE: Two sisters ..."), not a speaker, and so is a place name as label.
    """
    turns = []
    for para in paragraphs:
        m = _TRANSCRIPT_LABEL.match(para.text)
        label = m.group("label").rstrip(".") if m else ""
        if m and label.upper() not in _NOT_SPEAKER_LABELS and label.title() not in COUNTRIES:
            turns.append((para, m))
    return turns if len(turns) >= 2 else []


# How a speaker was found (the briefing's quotes[].attribution).
Attribution = Literal["name", "alias", "pronoun", "continuation", "transcript"]


@dataclass(slots=True)
class RawQuote:
    """A quotation found by the mark scanner, before it is judged to be speech."""

    open_at: int
    close_at: int
    closed: bool
    family: str
    para: int
    end_para: int

    @property
    def content(self) -> tuple[int, int]:
        """Return the start and end of the text between the marks."""
        return self.open_at + 1, self.close_at


@dataclass(slots=True)
class FoundQuote:
    """A quote ready for the briefing: verbatim text, kind, speaker and evidence."""

    start: int
    end: int
    text: str
    kind: str
    speaker: Entity | None
    sentence: Span
    how: Attribution | None = None


def _context(text: str, i: int) -> tuple[bool, bool, str, str]:
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    opens = (prev.isspace() or prev in _OPEN_CONTEXT) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    return opens, closes, prev, nxt


def _scan_paragraph(text: str, para: Span, index: int) -> list[RawQuote]:
    """Return the top-level quotations of one paragraph (the last may be left open)."""
    stack: list[tuple[int, str, str]] = []
    found: list[RawQuote] = []

    def close(family: str, at: int) -> None:
        j = max(k for k, entry in enumerate(stack) if entry[1] == family)
        opener = stack[j]
        del stack[j:]
        if all(entry[1] == _SINGLE for entry in stack) and (family != _SINGLE or not stack):
            found.append(RawQuote(opener[0], at, True, family, index, index))

    def has(family: str, char: str | None = None) -> bool:
        return any(e[1] == family and (char is None or e[2] == char) for e in stack)

    for i in range(para.start, para.end):
        ch = text[i]
        if ch not in "\"“”„«»‘’'":
            continue
        opens, closes, prev, nxt = _context(text, i)
        if ch in "“„":
            stack.append((i, _DOUBLE, ch))
        elif ch == "”":
            if has(_DOUBLE):
                close(_DOUBLE, i)
            elif opens:
                stack.append((i, _DOUBLE, ch))
        elif ch == '"':
            if has(_DOUBLE) and (closes or not opens):
                close(_DOUBLE, i)
            elif opens:
                stack.append((i, _DOUBLE, ch))
        elif ch == "«":
            if has("guillemet", "»"):
                close("guillemet", i)
            else:
                stack.append((i, "guillemet", ch))
        elif ch == "»":
            if has("guillemet", "«"):
                close("guillemet", i)
            elif opens:
                stack.append((i, "guillemet", ch))
        elif ch == "‘":
            if not prev.isalnum():
                stack.append((i, _SINGLE, ch))
        elif prev.isalnum() and nxt.isalnum():
            continue  # an apostrophe inside a word
        elif has(_SINGLE) and not prev.isspace() and not nxt.isalnum():
            close(_SINGLE, i)
        elif ch == "'" and opens and nxt.isalpha():
            stack.append((i, _SINGLE, ch))
    for opener in stack:
        if opener[1] != _SINGLE:
            found.append(RawQuote(opener[0], para.end, False, opener[1], index, index))
            break
    found.sort(key=lambda q: q.open_at)
    kept: list[RawQuote] = []
    for quote in found:
        if kept and quote.open_at < kept[-1].close_at:
            continue  # nested inside a quote we already have
        kept.append(quote)
    return kept


def scan_quotes(text: str, paragraphs: list[Span]) -> list[RawQuote]:
    """Return the article's quotations, joining a quote that runs over several paragraphs."""
    per_para = [_scan_paragraph(text, para, i) for i, para in enumerate(paragraphs)]
    merged: list[RawQuote] = []
    skip: set[int] = set()
    for i, quotes in enumerate(per_para):
        for quote in quotes:
            if id(quote) in skip:
                continue
            current = quote
            j = i
            while not current.closed and j + 1 < len(per_para):
                nxt = per_para[j + 1]
                if not nxt or nxt[0].open_at != paragraphs[j + 1].start:
                    break
                skip.add(id(nxt[0]))
                current = RawQuote(
                    current.open_at, nxt[0].close_at, nxt[0].closed, current.family, i, j + 1
                )
                j += 1
            merged.append(current)
    return merged


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_at(sentences: list[Span], pos: int) -> Span:
    for sentence in sentences:
        if sentence.start <= pos < sentence.end:
            return sentence
    return min(sentences, key=lambda s: abs(s.start - pos))


class _Article:
    """The article's paragraphs, sentences and quotations, shared by the quote passes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = split_paragraphs(text)
        self.sentences = [split_sentences(p.text, p.start) for p in self.paragraphs]
        self.raw = scan_quotes(text, self.paragraphs)


def _subject_left_of(text: str) -> str:
    """Return the subject phrase that ends ``text`` (the words before a speech verb)."""
    text = _TRAILING_ADVERBS.sub("", text.rstrip())
    text = _TRAILING_APPOSITION.sub("", text).rstrip(" ,")
    text = _CLAUSE_BREAK.sub("", text, count=1)
    words = text.split()
    return " ".join(words[-7:])


def _speaker_after(after: str) -> tuple[str, int] | None:
    """Return the speaker phrase of an attribution that follows the quote, and its offset."""
    m = _AFTER_VERB_FIRST.match(after)
    if m:
        subject = _SUBJECT_END.sub("", m.group("subj"))
        named = _APPOSED_NAME.match(after, m.end("subj"))
        if named and _POSSESSED.match(subject):
            subject += named.group()  # "said Smith's lawyer, Mary Jones"
        return subject, m.start("subj")
    m = _AFTER_SUBJECT_FIRST.match(after)
    if m and len(m.group("subj").split()) <= 8:
        if _POSSESSED.match(m.group("subj")) and m.group("appos"):
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


def _speaker_before(before: str) -> tuple[str, int, int] | None:
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
    subject = _subject_left_of(left)
    return subject, max(0, left.rfind(subject)), verb.end()


def attribution_of(phrase: str, speaker: Entity | None) -> Attribution | None:
    """Return how a speaker phrase names its speaker: "name", "alias" or "pronoun"."""
    if speaker is None:
        return None
    words = [w.casefold() for w in phrase.split()]
    if any(w in _PRONOUN_SUBJECTS for w in words[-2:]):
        return "pronoun"
    folded = set(fold(phrase).replace(",", " ").split())
    return "name" if all(t in folded for t in fold(speaker.name).split()) else "alias"


def _credit_before(before: str) -> tuple[str, int] | None:
    """Return the speaker credited by a sentence ending in '..., Name said.' right before."""
    stripped = before.rstrip()
    if not stripped.endswith(".") or stripped.count('"') % 2 or "“" in stripped:
        return None
    m = _TRAILING_REPORT.search(stripped)
    if m is None:
        return None
    phrase = m.group("subj1") or m.group("subj2") or ""
    if not _names_someone(phrase):
        return None
    return phrase, m.start("subj1") if m.group("subj1") else m.start("subj2")


def _names_someone(phrase: str) -> bool:
    """Tell whether a phrase holds a name beyond titles ("Tom Smith", not "U.S. Secretary")."""
    return any(is_name_word(w) for w in phrase.split())


def _label_cue_before(before: str) -> bool:
    words = before.casefold().split()[-3:]
    return any(w.strip(",") in LABEL_CUES for w in words)


def _title_like(content: str) -> bool:
    stripped = content.rstrip(".,")
    words = [w for w in stripped.split() if w[:1].isalpha()]
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with", "or"}
    big = [w for w in words if w not in small]
    if not big or not all(w[0].isupper() for w in big) or stripped[-1:] in "?!":
        return False
    return len(words) >= 2 or stripped == content


class QuoteFinder:
    """Find the direct and reported quotes of one article and attribute them."""

    def __init__(self, text: str, people: PeopleIndex | None = None) -> None:
        self.article = _Article(text)
        self.text = text
        excluded = [(q.open_at, q.close_at) for q in self.article.raw]
        # Transcript labels are upper-case names; the label itself must not become a person.
        turns = _transcript_turns(self.article.paragraphs)
        excluded += [(p.start, p.start + m.end("label")) for p, m in turns]
        headline = find_headline(self.article.paragraphs)
        if headline is not None:
            excluded.append((headline.start, headline.end))  # a title-case headline names no one
        self.people = people or PeopleIndex(text, sorted(excluded))
        self.people.set_layout(
            [s.start for sentences in self.article.sentences for s in sentences],
            [p.start for p in self.article.paragraphs],
        )

    def _resolve(self, phrase: str, position: int) -> Entity | None:
        phrase = re.sub(r"\s*\([^)]*\)?", "", phrase)
        possessed = _POSSESSED.match(phrase)
        if possessed is not None:
            # "Smith's lawyer, Mary Jones": Jones speaks; "Roe's spokesman": not Roe, no one named.
            phrase = possessed.group("name") or ""
        head = re.split(r" (?:of|from|at|with)\b", phrase)[0]
        if _names_someone(head):
            phrase = head  # "Tom Smith of the Sierra Club": Tom Smith speaks, not the club
        words = phrase.split()
        if not words:
            return None
        last = words[-1].casefold()
        if last in _PRONOUN_SUBJECTS:
            return self.people.resolve_pronoun(last, position)
        if len(words) > 1 and words[-2].casefold() in _PRONOUN_SUBJECTS:
            return self.people.resolve_pronoun(words[-2].casefold(), position)
        nominal = _NOMINAL.match(phrase)
        if nominal is not None:
            # "the mayor said": the one person in the story whose role says so.
            entity = self.people.resolve_role(nominal.group("role"), position)
        else:
            entity = self.people.resolve(phrase, position)
        if entity is not None:
            self.people.note_mention(entity, position)
        return entity

    def find(self) -> list[FoundQuote]:
        """Return every quote in article order."""
        direct = self._direct_quotes()
        direct += self._transcript_quotes(direct)
        covered = {id(q.sentence) for q in direct}
        reported = self._reported_quotes(covered, [(q.start, q.end) for q in direct])
        found = sorted(direct + reported, key=lambda q: q.start)
        for quote in found:
            if quote.speaker is not None:
                quote.speaker = self.people.full_person(quote.speaker)
        return found

    def _direct_quotes(self) -> list[FoundQuote]:
        art = self.article
        text = self.text
        out: list[FoundQuote] = []
        last_speaker_by_para: dict[int, Entity | None] = {}
        raw = art.raw
        for n, quote in enumerate(raw):
            start, end = _trim(text, *quote.content)
            if start >= end:
                continue
            para = art.paragraphs[quote.para]
            end_para = art.paragraphs[quote.end_para]
            first_sentence = _sentence_at(art.sentences[quote.para], quote.open_at)
            last_sentence = _sentence_at(art.sentences[quote.end_para], max(start, end - 1))
            prev_close = raw[n - 1].close_at + 1 if n and raw[n - 1].end_para == quote.para else 0
            next_open = (
                raw[n + 1].open_at
                if n + 1 < len(raw) and raw[n + 1].para == quote.end_para
                else end_para.end
            )
            before = text[max(para.start, prev_close, first_sentence.start) : quote.open_at]
            after_end = min(next_open, end_para.end)
            after = text[min(quote.close_at + 1, after_end) : after_end]
            before = _PARENTHETICAL.sub(lambda m: " " * len(m.group()), before)
            after = _PARENTHETICAL.sub(lambda m: " " * len(m.group()), after)
            content = text[start:end]
            speaker_phrase: tuple[str, int] | None = None
            attributed = False
            tail = content.rstrip("’'\"”»)]")[-1:]
            ends_clause = tail in ",?!—–-…" or (tail == "." and after.strip()[:1].islower())
            if quote.closed and (ends_clause or after.lstrip()[:1] in ",―—–") and after.strip():
                found = _speaker_after(after)
                if found:
                    speaker_phrase = (found[0], quote.close_at + 1 + found[1])
                    attributed = True
            before_found = None
            if speaker_phrase is None and before.strip():
                before_found = _speaker_before(before)
                if before_found:
                    between = before[before_found[2] :]
                    if len(between.split()) <= 14 and not _label_cue_before(before):
                        pos = quote.open_at - len(before) + before_found[1]
                        speaker_phrase = (before_found[0], pos)
                        attributed = True
                elif re.search(rf"\b{_VERB},?\s*$", before):
                    attributed = True  # "..., tweeting, "...": speech, speaker unknown
            if speaker_phrase is None and quote.open_at == para.start and quote.para > 0:
                prev_para = art.paragraphs[quote.para - 1]
                if prev_para.text.rstrip().endswith(":"):
                    intro = _speaker_before(prev_para.text.rstrip()[:-1] + " ")
                    if intro:
                        speaker_phrase = (intro[0], prev_para.start + intro[1])
                        attributed = True
            if not self._is_speech(quote, content, before, after, attributed, first_sentence):
                continue
            speaker: Entity | None = None
            how: Attribution | None = None
            run = False
            if speaker_phrase is not None:
                speaker = self._resolve(*speaker_phrase)
                how = attribution_of(speaker_phrase[0], speaker)
            elif out and out[-1].end > para.start - 1 and out[-1].start >= para.start:
                speaker, how, run = out[-1].speaker, "continuation", True  # "A," he said. "B."
            elif (credit := _credit_before(text[para.start : quote.open_at])) is not None:
                # 'The talks may stall, Schiff said. "The other factor is ..."'
                speaker = self._resolve(credit[0], para.start + credit[1])
                how = "continuation"
            elif quote.open_at == para.start and quote.para - 1 in last_speaker_by_para:
                speaker, how, run = last_speaker_by_para[quote.para - 1], "continuation", True
            last_speaker_by_para[quote.end_para] = speaker
            if first_sentence.start == last_sentence.start:
                sentence = first_sentence
            else:
                sentence = Span(
                    first_sentence.start,
                    last_sentence.end,
                    text[first_sentence.start : last_sentence.end],
                )
            end = start + len(content.rstrip(_ATTRIBUTION_PUNCTUATION))
            if run and speaker is not None and self._introduces_other(out[-1], quote, speaker):
                speaker = None  # a run continues only while nobody else is introduced
            how = how if speaker is not None else None
            out.append(FoundQuote(start, end, text[start:end], "direct", speaker, sentence, how))
        return out

    def _introduces_other(self, last: FoundQuote, quote: RawQuote, speaker: Entity) -> bool:
        """Tell whether another person is made a subject between the last quote and this one.

        Only sentences after the last quote's attribution sentence count: then the run of
        quotes has changed hands.
        """
        paragraph = self.article.sentences[quote.para]
        after = next((s.end for s in paragraph if s.start <= last.end < s.end), last.end)
        if after >= quote.open_at:
            after = max(last.end, self.article.paragraphs[quote.para].start)
        surname = fold(speaker.surname)
        return any(
            fold(p.surname) != surname
            for p in self.people.people_between(after, quote.open_at, subjects_only=True)
        )

    def _transcript_quotes(self, direct: list[FoundQuote]) -> list[FoundQuote]:
        """Read transcript turns ("SMITH: We will win.") as the labelled speaker's words."""
        out: list[FoundQuote] = []
        turns = dict(_transcript_turns(self.article.paragraphs))
        for para, sentences in zip(self.article.paragraphs, self.article.sentences, strict=True):
            if (m := turns.get(para)) is None:
                continue
            start = para.start + m.start("body")
            end = para.start + len(para.text.rstrip())
            if any(start <= q.start < end for q in direct) or end <= start:
                continue  # the turn holds its own quotation marks: the scanner has it
            label = " ".join(w.capitalize() for w in m.group("label").split())
            role_only = m.group("label").upper() in _ROLE_LABELS
            speaker = None if role_only else self._resolve(label, para.start)
            sentence = _sentence_at(sentences, start)
            if sentence.end < end:
                sentence = Span(sentence.start, end, self.text[sentence.start : end])
            how: Attribution | None = "transcript" if speaker is not None else None
            out.append(
                FoundQuote(start, end, self.text[start:end], "direct", speaker, sentence, how)
            )
        return out

    def _is_speech(
        self,
        quote: RawQuote,
        content: str,
        before: str,
        after: str,
        attributed: bool,
        sentence: Span,
    ) -> bool:
        """Tell speech from scare quotes, labels and titles."""
        words = len(word_tokens(content))
        if words == 0:
            return False
        if words < _CLAUSE_WORDS and content[:1].islower() and content.rstrip()[-1:] not in ".?!":
            return False  # "within weeks": a fragment woven into the writer's sentence
        if _label_cue_before(before) and words <= 12:
            return False
        starts_sentence = not before.strip() or before.rstrip()[-1:] in ":"
        if _title_like(content) and not starts_sentence and words <= 10:
            return False
        if quote.family == _SINGLE and not attributed and words <= 6:
            return False
        if attributed:
            if words <= 4 and not starts_sentence:
                found = _speaker_before(before)
                between = before[found[2] :] if found else before
                if re.search(r"\b(?:that|is|was|are|were|be|been|it|as|a|an|the)\s*$", between):
                    return False
            return True
        if starts_sentence and (words >= 3 or content[-1:] in ".?!,"):
            return True
        return (words >= 8 and not quote.closed) or (words >= 10 and content[-1:] in ".?!,")

    def _reported_quotes(
        self, covered: set[int], direct_spans: list[tuple[int, int]]
    ) -> list[FoundQuote]:
        out: list[FoundQuote] = []
        text = self.text
        for sentences in self.article.sentences:
            for sentence in sentences:
                if any(sentence.start <= s < sentence.end for s, _ in direct_spans):
                    continue
                if any(ch in sentence.text for ch in '"“”«»'):
                    continue
                found = self._reported_in(sentence)
                if found is not None:
                    start, end, phrase, pos = found
                    speaker = self._resolve(phrase, pos) if phrase else None
                    how = attribution_of(phrase, speaker)
                    out.append(
                        FoundQuote(start, end, text[start:end], "reported", speaker, sentence, how)
                    )
        return out

    def _reported_in(self, sentence: Span) -> tuple[int, int, str, int] | None:
        """Return (start, end, speaker phrase, position) of reported speech in a sentence."""
        s = sentence.text
        found = self._apposed_report(sentence)
        if found is not None:
            return found
        m = _TRAILING_REPORT.search(s)
        if m and len(s[: m.start()].split()) >= 5:
            phrase = m.group("subj1") or m.group("subj2") or ""
            if self._plausible_subject(phrase):
                start, end = _trim(s, 0, m.start())
                return (
                    sentence.start + start,
                    sentence.start + end,
                    phrase,
                    sentence.start + m.start(),
                )
        m = _REPORTED.search(s)
        if not m:
            return None
        left = s[: m.start()]
        if m.group("verb") not in ("said", "says", "told") and not m.group("that"):
            return None
        phrase = _subject_left_of(left)
        if not self._plausible_subject(phrase) or left.rstrip().endswith(","):
            return None
        start, end = _trim(s, m.end(), len(s))
        while end > start and s[end - 1] in ".!?":
            end -= 1
        if len(s[start:end].split()) < 4:
            return None
        return sentence.start + start, sentence.start + end, phrase, sentence.start + m.start()

    @staticmethod
    def _apposed_report(sentence: Span) -> tuple[int, int, str, int] | None:
        """Return reported speech whose named speaker carries a role in apposition."""
        s = sentence.text
        m = _REPORTED.search(s)
        if not m or (m.group("verb") not in ("said", "says", "told") and not m.group("that")):
            return None
        subject = _APPOSED_SUBJECT.search(s[: m.start()])
        if subject is None or subject.group("subj").split()[0] in NON_NAME_WORDS:
            return None
        if not any(w.casefold() in ROLE_NOUNS for w in subject.group("appos").split()):
            return None
        content_at = m.end()
        if not m.group("that"):
            # "told reporters that ...": the lazy object stopped before the listener.
            listener = re.match(r"(?:[a-z][\w’']* ){1,3}?that ", s[content_at:])
            content_at += listener.end() if listener else 0
        start, end = _trim(s, content_at, len(s))
        while end > start and s[end - 1] in ".!?":
            end -= 1
        if len(s[start:end].split()) < 4:
            return None
        position = sentence.start + subject.start("subj")
        return sentence.start + start, sentence.start + end, subject.group("subj"), position

    @staticmethod
    def _plausible_subject(phrase: str) -> bool:
        words = phrase.split()
        if not words or len(words) > 6:
            return False
        if words[-1].casefold() in _PRONOUN_SUBJECTS:
            return True
        if any(w[:1].isupper() for w in words):
            return True
        return bool(_UNNAMED_SUBJECT.match(phrase)) and len(words) <= 4


def find_quotes(
    text: str, people: PeopleIndex | None = None
) -> tuple[list[FoundQuote], PeopleIndex]:
    """Return the quotes of a normalised article and the people index used to attribute them."""
    finder = QuoteFinder(text, people)
    return finder.find(), finder.people
