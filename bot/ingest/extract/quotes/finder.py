"""QuoteFinder: one article's direct quotes, transcript turns and reported speech, attributed."""

from __future__ import annotations

import re
from typing import Literal

from bot.core.models import Attribution

from ..furniture import is_furniture
from ..people import Entity, PeopleIndex
from ..text import Span, find_headline
from .found import FoundQuote
from .marks import (
    ATTRIBUTION_PUNCTUATION,
    Article,
    RawQuote,
    blank_parentheticals,
    sentence_at,
    trim,
)
from .reported import reported_quotes
from .resolve import attribution_of, resolve_speaker
from .runs import continued_speaker, introduces_other, transcript_quotes, transcript_turns
from .selfnamed import drop_self_named
from .speakers import attribution_phrase
from .speech import is_speech, is_woven
from .subjects import names_someone

_REPLY = re.compile(
    r"\b(?:replied|replies|responded|responds|answered|answers|retorted|shot back)\b"
)
# A paragraph of a quoted passage that is a stage direction, not words: "(CROSSTALK.)".
_ASIDE_PIECE = re.compile(r"^[(\[][^()\[\]]*[)\]]\.?$")


class QuoteFinder:
    """Find the direct and reported quotes of one article and attribute them."""

    def __init__(self, text: str, people: PeopleIndex | None = None) -> None:
        self.article = Article(text)
        self.text = text
        excluded = [(q.open_at, q.close_at) for q in self.article.raw]
        # Transcript labels are upper-case names; the label itself must not become a person.
        turns = transcript_turns(self.article.paragraphs)
        excluded += [(p.start, p.start + m.end("label")) for p, m in turns]
        headline = find_headline(self.article.paragraphs)
        if headline is not None:
            excluded.append((headline.start, headline.end))  # a title-case headline names no one
        self.people = people or PeopleIndex(text, sorted(excluded))
        self.people.set_layout(
            [s.start for sentences in self.article.sentences for s in sentences],
            [p.start for p in self.article.paragraphs],
        )

    def find(self) -> list[FoundQuote]:
        """Return every quote in article order.

        Speakers are registered as their quotes are read, so a first reading can leave an early
        pronoun with no one ("Clinton leaned in ... she said" before "Hillary Clinton" is
        found as a speaker). When the first reading found new people, the article is read once
        more with everyone known.
        """
        known = len(self.people.entities)
        found = self._find_once()
        if len(self.people.entities) == known:
            return found
        return self._find_once()

    def _find_once(self) -> list[FoundQuote]:
        direct = self._direct_quotes()
        drop_self_named(direct)
        direct += transcript_quotes(self.article, self.people, direct)
        reported = reported_quotes(self.article, self.people, [(q.start, q.end) for q in direct])
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
            start, end = trim(text, *quote.content)
            if start >= end:
                continue
            para = art.paragraphs[quote.para]
            end_para = art.paragraphs[quote.end_para]
            first_sentence = sentence_at(art.sentences[quote.para], quote.open_at)
            last_sentence = sentence_at(art.sentences[quote.end_para], max(start, end - 1))
            prev_close = raw[n - 1].close_at + 1 if n and raw[n - 1].end_para == quote.para else 0
            next_open = (
                raw[n + 1].open_at
                if n + 1 < len(raw) and raw[n + 1].para == quote.end_para
                else end_para.end
            )
            before = text[max(para.start, prev_close, first_sentence.start) : quote.open_at]
            after_end = min(next_open, end_para.end)
            after = text[min(quote.close_at + 1, after_end) : after_end]
            before = blank_parentheticals(before)
            after = blank_parentheticals(after)
            content = text[start:end]
            speaker_phrase, attributed = attribution_phrase(
                art.paragraphs, quote, content, before, after
            )
            # A quote woven into the writer's clause ('said the state faced "one of the worst
            # days"') is the speaker's words reported, not a direct quote of its own.
            woven = is_woven(content, before)
            if woven and speaker_phrase is None:
                continue
            if not woven and not is_speech(quote, content, before, attributed):
                continue
            speaker: Entity | None
            how: Attribution | None
            if speaker_phrase is not None and quote.end_para > quote.para:
                # A quote over several paragraphs: "she said" at its end means whoever was
                # speaking where it opened, not someone paragraphs before its end.
                speaker_phrase = (speaker_phrase[0], min(speaker_phrase[1], quote.open_at))
            if speaker_phrase is not None:
                speaker = resolve_speaker(self.people, *speaker_phrase)
                how, run = attribution_of(speaker_phrase[0], speaker), False
                if (
                    out
                    and out[-1].speaker is speaker
                    and out[-1].text.rstrip().endswith("?")
                    and not names_someone(speaker_phrase[0])
                    and self._replies(*speaker_phrase)
                ):
                    speaker = None  # '"Angry?" Teague asked. "I was," the witness replied.'
            elif attributed:
                # Its own attribution names no one we know ("Jones recalled her father
                # saying"): no speaker from a run or a lead-in either.
                speaker, how, run = None, None, False
            else:
                speaker, how, run = continued_speaker(
                    self.people, art, quote, out, last_speaker_by_para
                )
            last_speaker_by_para[quote.end_para] = speaker
            if first_sentence.start == last_sentence.start:
                sentence = first_sentence
            else:
                sentence = Span(
                    first_sentence.start,
                    last_sentence.end,
                    text[first_sentence.start : last_sentence.end],
                )
            end = start + len(content.rstrip(ATTRIBUTION_PUNCTUATION))
            if (
                run
                and speaker is not None
                and introduces_other(art, self.people, out[-1], quote, speaker)
            ):
                speaker = None  # a run continues only while nobody else is introduced
            how = how if speaker is not None else None
            kind: Literal["direct", "reported"] = "reported" if woven else "direct"
            if quote.end_para == quote.para or woven:
                out.append(FoundQuote(start, end, text[start:end], kind, speaker, sentence, how))
                continue
            for piece_start, piece_end in self._pieces(quote, start, end):
                piece_sentence = self._sentence_of(quote, piece_start, piece_end)
                out.append(
                    FoundQuote(
                        piece_start,
                        piece_end,
                        text[piece_start:piece_end],
                        kind,
                        speaker,
                        piece_sentence,
                        how,
                    )
                )
        return out

    def _replies(self, phrase: str, position: int) -> bool:
        """Tell whether a speaker phrase at ``position`` answers ("the witness replied").

        A reply to a quoted question is someone else's than the question, so a speaker found
        for it by a role, a description or a pronoun (no name) must not be the asker.
        """
        window = self.text[max(0, position - 25) : position + len(phrase) + 25]
        return _REPLY.search(window) is not None

    def _pieces(self, quote: RawQuote, start: int, end: int) -> list[tuple[int, int]]:
        """Return a quote over several paragraphs as one piece per paragraph.

        Each paragraph after the first reopens the quote with a mark, which no piece holds;
        news corpora count each paragraph as a quote of its own.
        """
        pieces = []
        for k in range(quote.para, quote.end_para + 1):
            para = self.article.paragraphs[k]
            lo = start if k == quote.para else para.start + 1
            hi = end if k == quote.end_para else para.end
            lo, hi = trim(self.text, lo, hi)
            hi = lo + len(self.text[lo:hi].rstrip(ATTRIBUTION_PUNCTUATION))
            piece = self.text[lo:hi]
            if hi > lo and not _ASIDE_PIECE.match(piece) and not is_furniture(piece):
                pieces.append((lo, hi))
        return pieces

    def _sentence_of(self, quote: RawQuote, start: int, end: int) -> Span:
        """Return the sentences of a quote's paragraph that hold one of its pieces."""
        para = next(
            k
            for k in range(quote.para, quote.end_para + 1)
            if self.article.paragraphs[k].start <= start < self.article.paragraphs[k].end
        )
        first = sentence_at(self.article.sentences[para], start)
        last = sentence_at(self.article.sentences[para], max(start, end - 1))
        return Span(first.start, last.end, self.text[first.start : last.end])


def find_quotes(
    text: str, people: PeopleIndex | None = None
) -> tuple[list[FoundQuote], PeopleIndex]:
    """Return the quotes of a normalised article and the people index used to attribute them."""
    finder = QuoteFinder(text, people)
    return finder.find(), finder.people
