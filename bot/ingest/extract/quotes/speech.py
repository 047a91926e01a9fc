"""Telling speech from scare quotes, labels, titles and fragments woven into a sentence."""

from __future__ import annotations

import re

from ..lexicon import SPEECH_VERBS
from ..text import word_tokens
from .marks import SINGLE, RawQuote
from .speakers import label_cue_before, speaker_before

# A quote shorter than this that starts in lower case and does not end a sentence is a fragment.
_CLAUSE_WORDS = 4
_WEAK_ENDING = re.compile(r"\b(?:that|is|was|are|were|be|been|it|as|a|an|the)\s*$")
_SMALL_WORDS = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with", "or"}


def _title_like(content: str) -> bool:
    stripped = content.rstrip(".,")
    words = [w for w in stripped.split() if w[:1].isalpha()]
    big = [w for w in words if w not in _SMALL_WORDS]
    if not big or not all(w[0].isupper() for w in big) or stripped[-1:] in "?!":
        return False
    return len(words) >= 2 or stripped == content


# The last word before an opening mark, when the quote is woven into the writer's clause.
_WORD_BEFORE = re.compile(r"([A-Za-z][\w’'-]*)\s+$")


def is_woven(content: str, before: str) -> bool:
    """Tell a quote that continues the writer's own clause ('said the state faced "one of ..."').

    It opens in lower case right after a word of the sentence that is neither a speech verb
    nor "that" (after those, the quoted words are the whole of what was said).
    """
    m = _WORD_BEFORE.search(before)
    if m is None or not content[:1].islower() or len(word_tokens(content)) < _CLAUSE_WORDS:
        return False  # too short to report: a fragment ("within weeks"), see is_speech
    word = m.group(1).casefold()
    return word not in SPEECH_VERBS and word not in ("that", "saying", "asking")


def is_speech(quote: RawQuote, content: str, before: str, attributed: bool) -> bool:
    """Tell speech from scare quotes, labels and titles."""
    words = len(word_tokens(content))
    if words == 0:
        return False
    if words < _CLAUSE_WORDS and content[:1].islower() and content.rstrip()[-1:] not in ".?!":
        return False  # "within weeks": a fragment woven into the writer's sentence
    if label_cue_before(before) and words <= 12:
        return False
    starts_sentence = not before.strip() or before.rstrip()[-1:] in ":"
    if _title_like(content) and not starts_sentence and words <= 10:
        return False
    if quote.family == SINGLE and not attributed and words <= 6:
        return False
    if attributed:
        if words <= 4 and not starts_sentence:
            found = speaker_before(before)
            between = before[found[2] :] if found else before
            if _WEAK_ENDING.search(between):
                return False
        return True
    if starts_sentence and (words >= 3 or content[-1:] in ".?!,"):
        return True
    return (words >= 8 and not quote.closed) or (words >= 10 and content[-1:] in ".?!,")
