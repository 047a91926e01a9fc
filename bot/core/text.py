"""Words of a text as the index sees them: folded tokens, their stems, and stopwords."""

from __future__ import annotations

import re

from bot.core.models import fold

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def tokens(text: str) -> list[str]:
    """Return the folded word tokens of a text."""
    return _WORD.findall(fold(text))


def folded_tokens(folded: str) -> list[str]:
    """Return the word tokens of a text that is already folded."""
    return _WORD.findall(folded)


# Words whose final "s" is not a plural ending (and that would otherwise meet another word).
_NOT_PLURAL = frozenset(["news", "series", "species", "always", "perhaps", "besides"])
_VOWELS = frozenset("aeiouy")
_APOSTROPHES = ("'s", "’s")


def stem(word: str) -> str:
    """Return the light stem of a folded word, shared by its plural and -ing forms.

    "troops" and "troop" -> "troop", "casualties" and "casualty" -> "casualti", "movies" and
    "movie" -> "movi", "strikes", "strike" and "striking" -> "strik", "russia's" -> "russia".
    The stem is a search key, not always a word; short words, numbers and words it cannot
    read are returned unchanged.
    """
    if word.endswith(_APOSTROPHES):
        word = word[:-2]
    if len(word) <= 3 or not word.isalpha() or word in _NOT_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "i"  # "casualties", "movies": the y or ie of the singular
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 6 and _VOWELS.intersection(word[:-3]):
        word = word[:-3]
        if word[-1] == word[-2] and word[-1] not in _VOWELS and word[-1] not in "lsz":
            word = word[:-1]  # "running" -> "run", but "falling" -> "fall"
    elif word.endswith("e") and len(word) >= 4:
        word = word[:-1]  # "strike" meets "striking" ("strik"), "movie" meets "movies"
    if word.endswith("y") and len(word) >= 4 and word[-2] not in _VOWELS:
        word = word[:-1] + "i"  # "casualty" meets "casualties"; "plays" keeps its y
    return word


def stems(words: list[str]) -> set[str]:
    """Return the stems of folded words."""
    return {stem(word) for word in words}
