"""Reported speech: sentences that say what someone said without quotation marks."""

from __future__ import annotations

import re

from ..furniture import dateline_length
from ..lexicon import NON_NAME_WORDS, ROLE_NOUNS
from ..people import PeopleIndex
from ..text import Span
from .found import FoundQuote
from .marks import Article, trim
from .resolve import attribution_of, resolve_speaker
from .subjects import NAME_SET_OFF, PRONOUN_SUBJECTS, TRAILING_REPORT, subject_left_of

_REPORTED = re.compile(
    r"\b(?P<verb>said|says|told|added|stated|noted|argued|claimed|insisted|warned|announced|"
    r"confirmed|revealed|explained|acknowledged|admitted|contended|asserted|predicted)\b"
    r"(?P<object>(?: (?!that\b)[a-z][\w’']*){0,3}?)?(?: on \w+day)?,? (?P<that>that )?"
)
# "Anna Berg, the mayor of the town, said ...": a name, its role in apposition, then the verb
# ("Maria Santos, 34, a teacher, said": an age may come first).
_APPOSED_SUBJECT = re.compile(
    r"(?:^|, )(?P<subj>[A-Z][\w.’'-]*(?: (?:(?:de|da|del|della|van|von|der|den|bin|al|la|le|du) )?"
    r"[A-Z][\w.’'-]*){0,4}), (?:\d{1,3}, )?(?P<appos>(?:(?:the|a|an|[A-Z][\w.]*[’']s) "
    r"|(?!who\b|which\b)(?=[a-z]))[^,;:“”\"]{2,110}?),\s*$"
)
# "Sipho Ndlovu, who heads the union's branch, said ...": a full name and a relative clause.
_RELATIVE_SUBJECT = re.compile(
    r"(?:^|, )(?P<subj>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,3}),"
    r" (?P<appos>who [^,;:“”\"]{2,110}?),\s*$"
)
_UNNAMED_SUBJECT = re.compile(
    r"^(?:a|an|the|one|two|three|several|many|some|other|another|senior|top|[a-z]+)\b[a-z ’'-]*$"
)
# "Ian Reed, of Northumbria Police, said": the apposition names where the speaker works.
_AFFILIATION = re.compile(r"(?:of|from|at|with) (?:the )?[A-Z]")
# "said Friday, after ...": a day, not what was said, follows the verb.
_WHEN_AFTER = re.compile(
    r"(?:on )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday"
    r"|tonight|this week|last week|last night|this morning)\b,"
)
# "said in a statement that", "said on Twitter that": where it was said, then the words.
_SETTING = re.compile(r"(?:in|on|at|during|via|through) [^,.;:]{1,40}? that ")
# "The offer was fair, she said, and the door remained open": the credit interrupts.
_AND_AFTER = re.compile(r"(?:and|but)\b")
# "told reporters that ...": the listener between the verb and what was said.
_LISTENER = re.compile(r"(?:[a-z][\w’']* ){1,4}?that ")


def reported_quotes(
    article: Article, people: PeopleIndex, direct_spans: list[tuple[int, int]]
) -> list[FoundQuote]:
    """Return the reported speech of the sentences that hold no quotation marks."""
    out: list[FoundQuote] = []
    text = article.text
    for sentences in article.sentences:
        for sentence in sentences:
            if any(sentence.start <= s < sentence.end for s, _ in direct_spans):
                continue
            if any(ch in sentence.text for ch in '"“”«»'):
                continue
            found = _reported_in(sentence)
            if found is not None:
                start, end, phrase, pos = found
                # "BERLIN (Reuters) - Germany will ..., X said": the dateline is no one's words.
                start += dateline_length(text[start:end])
                speaker = resolve_speaker(people, phrase, pos) if phrase else None
                how = attribution_of(phrase, speaker)
                out.append(
                    FoundQuote(start, end, text[start:end], "reported", speaker, sentence, how)
                )
    return out


def _reported_in(sentence: Span) -> tuple[int, int, str, int] | None:
    """Return (start, end, speaker phrase, position) of reported speech in a sentence."""
    s = sentence.text
    found = _apposed_report(sentence)
    if found is not None:
        return found
    m = TRAILING_REPORT.search(s)
    if m and len(s[: m.start()].split()) >= 5:
        phrase = m.group("subj1") or m.group("subj2") or ""
        if _plausible_subject(phrase):
            start, end = trim(s, 0, m.start())
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
    interrupted = s[m.end() - 2 : m.end()] == ", " and _AND_AFTER.match(s, m.end()) is not None
    if (interrupted or _WHEN_AFTER.match(s, m.end())) and ", " in left:
        # "Cho will face a recall in March, election officials said Friday, after ...", "The
        # offer was fair, she said, and ...": what was said comes before the credit.
        cut = left.rindex(", ")
        start, end = trim(s, 0, cut)
        phrase = left[cut + 2 :]
        if not _plausible_subject(phrase) or len(s[start:end].split()) < 4:
            return None
        return sentence.start + start, sentence.start + end, phrase, sentence.start + cut + 2
    named = NAME_SET_OFF.search(left)
    if named is not None:
        # "The lawyer for Anna Kowal, Peter Brandt, said ...": the name in apposition speaks.
        phrase, at = named.group("name"), named.start("name")
    else:
        phrase = subject_left_of(left)
        if not _plausible_subject(phrase) or left.rstrip().endswith(","):
            return None
        # The phrase's own place: a pronoun resolved from the verb would find itself first.
        found_at = left.rfind(phrase)
        at = found_at if found_at >= 0 else m.start()
    content_at = _content_start(s, m)
    if content_at is None:
        return None
    start, end = trim(s, content_at, len(s))
    while end > start and s[end - 1] in ".!?":
        end -= 1
    if len(s[start:end].split()) < 4:
        return None
    return sentence.start + start, sentence.start + end, phrase, sentence.start + at


def _content_start(s: str, m: re.Match[str]) -> int | None:
    """Return where the words reported after the verb begin, past a listener ("told X that").

    After "told" with no "that", the listener cannot be told from the words: None.
    """
    if not m.group("that") and (setting := _SETTING.match(s, m.end())) is not None:
        return setting.end()  # "said in a statement that ...": the setting is not the words
    if m.group("that") or m.group("verb") != "told":
        return m.end()
    # "told the local radio station that ...": the lazy object stopped before the listener.
    listener = _LISTENER.match(s[m.end() :])
    return m.end() + listener.end() if listener is not None else None


def _apposed_report(sentence: Span) -> tuple[int, int, str, int] | None:
    """Return reported speech whose named speaker carries a role in apposition."""
    s = sentence.text
    m = _REPORTED.search(s)
    if not m or (m.group("verb") not in ("said", "says", "told") and not m.group("that")):
        return None
    subject = _APPOSED_SUBJECT.search(s[: m.start()]) or _RELATIVE_SUBJECT.search(s[: m.start()])
    if subject is None or subject.group("subj").split()[0] in NON_NAME_WORDS:
        return None
    appos = subject.group("appos")
    described = appos.startswith("who ") or _AFFILIATION.match(appos)
    if not described and not any(w.casefold() in ROLE_NOUNS for w in appos.split()):
        return None
    content_at = _content_start(s, m)
    if content_at is None:
        return None
    start, end = trim(s, content_at, len(s))
    while end > start and s[end - 1] in ".!?":
        end -= 1
    if len(s[start:end].split()) < 4:
        return None
    position = sentence.start + subject.start("subj")
    return sentence.start + start, sentence.start + end, subject.group("subj"), position


def _plausible_subject(phrase: str) -> bool:
    words = phrase.split()
    if not words or len(words) > 6:
        return False
    if words[-1].casefold() in PRONOUN_SUBJECTS:
        return True
    if any(w[:1].isupper() for w in words):
        return True
    return bool(_UNNAMED_SUBJECT.match(phrase)) and len(words) <= 4
