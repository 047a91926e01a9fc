"""Runs of quotes: a quote continuing the last speaker's words, and transcript turns."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.models import Attribution, fold

from ..lexicon import COUNTRIES, IRREGULAR_PAST
from ..people import Entity, PeopleIndex
from ..text import Span
from .epithets import resolve_epithet
from .found import FoundQuote
from .marks import Article, RawQuote, sentence_at
from .resolve import resolve_speaker
from .speakers import credit_before, sentence_subject
from .subjects import PRONOUN_SUBJECTS, names_someone

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


def transcript_turns(paragraphs: Sequence[Span]) -> list[tuple[Span, re.Match[str]]]:
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


def transcript_quotes(
    article: Article, people: PeopleIndex, direct: list[FoundQuote]
) -> list[FoundQuote]:
    """Read transcript turns ("SMITH: We will win.") as the labelled speaker's words."""
    out: list[FoundQuote] = []
    text = article.text
    turns = dict(transcript_turns(article.paragraphs))
    for para, sentences in zip(article.paragraphs, article.sentences, strict=True):
        if (m := turns.get(para)) is None:
            continue
        start = para.start + m.start("body")
        end = para.start + len(para.text.rstrip())
        if any(start <= q.start < end for q in direct) or end <= start:
            continue  # the turn holds its own quotation marks: the scanner has it
        label = " ".join(w.capitalize() for w in m.group("label").split())
        role_only = m.group("label").upper() in _ROLE_LABELS
        speaker = None if role_only else resolve_speaker(people, label, para.start)
        sentence = sentence_at(sentences, start)
        if sentence.end < end:
            sentence = Span(sentence.start, end, text[sentence.start : end])
        how: Attribution | None = "transcript" if speaker is not None else None
        out.append(FoundQuote(start, end, text[start:end], "direct", speaker, sentence, how))
    return out


def continued_speaker(
    people: PeopleIndex,
    article: Article,
    quote: RawQuote,
    out: list[FoundQuote],
    last_speaker_by_para: dict[int, Entity | None],
) -> tuple[Entity | None, Attribution | None, bool]:
    """Return the speaker an unattributed quote continues, how, and whether it runs on.

    A quote running on from the last one (same paragraph, or opening the next paragraph)
    keeps its speaker while nobody else is introduced; see :func:`introduces_other`.
    """
    para = article.paragraphs[quote.para]
    if out and out[-1].end > para.start - 1 and out[-1].start >= para.start:
        return out[-1].speaker, "continuation", True  # "A," he said. "B."
    if (credit := credit_before(article.text[para.start : quote.open_at])) is not None:
        # 'The talks may stall, Schiff said. "The other factor is ..."'
        return resolve_speaker(people, credit[0], para.start + credit[1]), "continuation", False
    if quote.open_at == para.start and (named := _named_after(article, people, quote)):
        return named, "introduced", False
    if quote.open_at == para.start and quote.para - 1 in last_speaker_by_para:
        return last_speaker_by_para[quote.para - 1], "continuation", True
    if quote.open_at == para.start and (introduced := lead_in_speaker(article, people, quote)):
        return introduced, "introduced", False
    if quote.open_at > para.start and (introduced := _sentence_before(article, people, quote)):
        return introduced, "introduced", False
    return None, None, False


# "That's how X feels", "That was the message from X": a paragraph naming who said the quote
# just before it.
_NAMES_THE_QUOTE = re.compile(r"(?:That|This|Those|These|Such)(?:[’']s| is| was| were| are)\b")


# The holder of a view: a full name right before "feels", "thinks", "sees it" and the like.
_HOLDER = re.compile(
    r"\b([A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,2}) (?:feels|felt|thinks|thought|believes|believed"
    r"|sees|saw|puts|put|describes|described)\b"
)


def _named_after(article: Article, people: PeopleIndex, quote: RawQuote) -> Entity | None:
    """Return the one person the paragraph after a quoted paragraph names as its source.

    '"If they shut it, they might as well close the town."' then "That's how mother-of-three
    Shanelle Parata feels about the plan.": the quote opens its paragraph, and the sentence
    after it (in its paragraph, or opening the next) starts with "That's", "That was" or the
    like and names exactly one person, by full name, with no quotation of its own.
    """
    paragraphs = article.paragraphs
    if article.text[quote.close_at + 1 : paragraphs[quote.end_para].end].strip():
        # '"He calls it checking on his investment." That is how Kirsty McAlister ...'
        after = [s for s in article.sentences[quote.end_para] if s.start > quote.close_at]
        if not after:
            return None
        sentence = after[0]
    elif quote.end_para + 1 < len(paragraphs):
        sentence = article.sentences[quote.end_para + 1][0]
    else:
        return None
    if not _NAMES_THE_QUOTE.match(sentence.text) or any(m in sentence.text for m in '"“”'):
        return None
    named = {id(p): p for p in people.people_between(sentence.start, sentence.end)}
    if not named and (holder := _HOLDER.search(sentence.text)) is not None:
        # A name the story gives no other context: "... Shanelle Parata feels about ...".
        found = resolve_speaker(people, holder.group(1), sentence.start + holder.start(1))
        named = {id(found): found} if found is not None else {}
    if len(named) != 1:
        return None
    person = next(iter(named.values()))
    return person if person.kind == "person" and len(person.name.split()) >= 2 else None


_LEAD_IN_SENTENCES = 3  # a longer paragraph before a quote is no lead-in to it


def lead_in_speaker(article: Article, people: PeopleIndex, quote: RawQuote) -> Entity | None:
    """Return the one person a short lead-in paragraph right before a quoted paragraph names.

    'Engineer Tomas Eze was less certain.' then '"The girders are worse than we thought."':
    the paragraph before holds no quotation, is one sentence ending in a full stop, and names
    exactly one person, by full name, as its subject. Anything else (two people, a longer
    paragraph, a colon, a quote, one capitalised word) is no one.
    """
    if quote.para == 0 or len(article.sentences[quote.para - 1]) > _LEAD_IN_SENTENCES:
        return None
    return _lone_subject(people, article.sentences[quote.para - 1][-1])


def _sentence_before(article: Article, people: PeopleIndex, quote: RawQuote) -> Entity | None:
    """Return the one person the sentence right before a quote, in its paragraph, is about.

    'Sen. Bernie Sanders identified ... as one of the reasons. "The younger people are ..."':
    the same test as a lead-in paragraph (:func:`lead_in_speaker`), for the sentence before.
    """
    before = [s for s in article.sentences[quote.para] if s.end <= quote.open_at]
    return _lone_subject(people, before[-1]) if before else None


# A subject set off from its verb: "Maria Lopez, who beat Tom Hale, called ..." (the name,
# then a relative clause or apposition) or "His former partner, Lawrence Cummings, called ..."
# (a description, then the name; also "Another, Hector Villanueva, 71, said ...").
_VERB_NEXT = r"(?!(?:and|or|with|along|together|as well)\b)(?=[a-z])"  # not a second subject
_NAME_THEN_ASIDE = re.compile(
    r"(?P<subj>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,4})(?: \([^()]{1,30}\))?"
    rf"(?P<aside>, (?:who|whose|a|an|the|[A-Z][\w.&-]*[’']s)\b[^,;:]{{1,80}}), {_VERB_NEXT}"
)
_ASIDE_THEN_NAME = re.compile(
    r"(?P<aside>(?:His|Her|Their|The|A|An) [^,;:]{1,60}|Another|One), "
    rf"(?P<subj>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){{1,4}})(?:, \d{{1,3}})?, {_VERB_NEXT}"
)


_MARKS = re.compile(r'["“”]')


def _quotes_words(sentence: str) -> bool:
    """Tell whether a sentence quotes words, beyond a title of a few ("On "Face the Nation,"")."""
    pieces = _MARKS.split(sentence)
    if len(pieces) % 2 == 0:
        return True  # a mark left open: a quotation runs on
    return any(len(piece.split()) > 4 for piece in pieces[1::2])


# A phrase opening a sentence before its subject: "On \"Face the Nation,\" ", "Later, ".
_OPENER = re.compile(
    r"(?:(?:On|In|At|After|During|Before|Later|Earlier|Meanwhile|But|And|Yet|However|Still)\b"
    r"[^,.;:]{0,50}|(?:Though|Although|While|When|As|Because|Since|If)\b[^,.;:]{0,150}"
    r"|(?:Asked|Pressed|Reached|Speaking|Interviewed|Told)\b[^,.;:]{0,60}),[\"”]? "
)
# A lead-in whose subject is a role: "The councilman shrugged.", "The chief nurse was blunt."
_ROLE_LEAD = re.compile(
    r"[Tt]he (?:[a-z][\w-]* ){0,2}?(?P<role>[a-z]+) (?:(?:also|then|later|[a-z]+ly) )?"
    rf"(?:[a-z]+ed|was|is|had|{IRREGULAR_PAST})\b"
)


def _subject_and_aside(text: str) -> tuple[str | None, tuple[int, int]]:
    """Return a sentence's subject and the span of an aside set off beside it."""
    opener = _OPENER.match(text)
    lead = opener.end() if opener is not None else 0
    for pattern in (_NAME_THEN_ASIDE, _ASIDE_THEN_NAME):
        m = pattern.match(text, lead)
        if m is not None:
            return m.group("subj"), m.span("aside")
    return sentence_subject(text[lead:]), (0, 0)


def _lone_subject(people: PeopleIndex, sentence: Span) -> Entity | None:
    """Return the full-name person a sentence names, alone and as its subject, or None.

    Another person may be named in an aside beside the subject ("Maria Lopez, who beat Tom
    Hale, called ...") or where no subject stands ("... lost the primaries to Clinton"); a
    quoted title of a few words may stand in it, a quotation may not.
    """
    lead_in = sentence.text.rstrip()
    if not lead_in.endswith(".") or _quotes_words(lead_in):
        return None
    subject, (aside_start, aside_end) = _subject_and_aside(sentence.text)
    end = sentence.start + len(sentence.text)
    if subject in ("He", "She", "he", "she") and not _other_subjects(people, sentence):
        # "He also pointed to the size of the effect.", "She turned to face Hollister." then a
        # quote: as "he said" would be (others may be named, not as subjects)
        person = people.resolve_pronoun(subject, sentence.start)
        return person if person is not None and len(person.name.split()) >= 2 else None
    if subject is None or not names_someone(subject) or subject.split()[0] in PRONOUN_SUBJECTS:
        return _role_lead(people, sentence)
    others = people.people_between(
        sentence.start, sentence.start + aside_start, subjects_only=True
    ) + people.people_between(sentence.start + aside_end, end, subjects_only=True)
    if people.namesakes(subject) > 1:
        return None  # "Ostrowski spoke briefly" beside Caleb and Dana Ostrowski: which is not said
    person = resolve_speaker(people, subject, sentence.start)
    if person is None or person.kind != "person" or any(p is not person for p in others):
        return None
    return person if len(person.name.split()) >= 2 else None  # a full name, not "Fill"


# "She then turned to face ": a pronoun subject and its verb; a name after them, in the same
# clause, is the verb's object ("face Hollister"), not a second subject.
_PRONOUN_AND_VERB = re.compile(
    r"(?:He|She) (?:(?:also|then|later|again|first|finally|[a-z]+ly) )?"
    rf"(?:[a-z]+ed|{IRREGULAR_PAST})\b"
)
_NEW_CLAUSE = re.compile(
    r"[,;:(]|\b(?:and|but|or|nor|while|as|when|after|before|because|until|who|that|if|said|says)\b"
)


def _other_subjects(people: PeopleIndex, sentence: Span) -> bool:
    """Tell whether a sentence opening with "he" or "she" has a person as another subject."""
    verb = _PRONOUN_AND_VERB.match(sentence.text)
    if verb is None:
        return bool(people.people_between(sentence.start, sentence.end, subjects_only=True))
    for at in people.mentions_at(sentence.start, sentence.end):
        offset = at - sentence.start
        if offset < verb.end() or _NEW_CLAUSE.search(sentence.text, verb.end(), offset):
            return True  # "She smiled and Hollister ...": a clause of its own
    return False


def _role_lead(people: PeopleIndex, sentence: Span) -> Entity | None:
    """Return the one holder of the role a lead-in sentence opens with, if it names no one else.

    "Asked about that afterward, the councilman shrugged." is the story's one councilman;
    a description no one holds as a role goes by :func:`resolve_epithet`.
    """
    opener = _OPENER.match(sentence.text)
    m = _ROLE_LEAD.match(sentence.text, opener.end() if opener is not None else 0)
    if m is None:
        return None
    if people.people_between(sentence.start, sentence.start + len(sentence.text)):
        return None  # "The mayor thanked Tom Hale.": whose words follow is not clear
    # The role's holder, or the one person in play a description means ("The redshirt
    # sophomore grew up near campus.").
    phrase = sentence.text[m.start() : m.end("role")]
    person = resolve_epithet(people, phrase[0].lower() + phrase[1:], sentence.start)
    return person if person is not None and len(person.name.split()) >= 2 else None


def introduces_other(
    article: Article, people: PeopleIndex, last: FoundQuote, quote: RawQuote, speaker: Entity
) -> bool:
    """Tell whether another person is made a subject between the last quote and this one.

    Only sentences after the last quote's attribution sentence count: then the run of
    quotes has changed hands.
    """
    paragraph = article.sentences[quote.para]
    after = next((s.end for s in paragraph if s.start <= last.end < s.end), last.end)
    if after >= quote.open_at:
        after = max(last.end, article.paragraphs[quote.para].start)
    surname = fold(speaker.surname)
    return any(
        fold(p.surname) != surname
        for p in people.people_between(after, quote.open_at, subjects_only=True)
    )
