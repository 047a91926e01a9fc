"""A speaker inferred for words that talk about that very person is doubted, and dropped.

'"Ice bath, pasta, sleep," he said. "Ruben is the best player here."': people seldom speak of
themselves by name, so a quote that names the person a pronoun, a run or a lead-in gave it to
("Ruben", a bare "Acosta", "Mr Acosta") was most likely said by someone else. The whole run of
quotes given to that person by the same inference loses its speaker; a speaker named right
beside the quote ("Acosta said") is kept.
"""

from __future__ import annotations

import re

from ..people import Entity, is_name_word
from .found import FoundQuote

_INFERRED = frozenset({"pronoun", "continuation", "introduced"})
_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Miss)\.? $")


def _names(quote: str, person: Entity) -> bool:
    """Tell whether a quote names ``person`` by first name or by surname alone."""
    words = person.name.split()
    wanted = {words[-1]}
    if len(words) > 1 and is_name_word(words[0]):
        wanted.add(words[0])
    for m in re.finditer(r"\b[A-Z][\w’'-]*", quote):
        word = re.sub(r"[’']s$", "", m.group())
        if word not in wanted:
            continue
        before = quote[max(0, m.start() - 20) : m.start()]
        if (
            word == words[-1]
            and re.search(r"[A-Z][\w’'-]* $", before)
            and not _TITLE.search(before)
        ):
            continue  # "Ada Okafor" is a namesake of Tom Okafor, not Tom
        return True
    return False


def drop_self_named(quotes: list[FoundQuote]) -> None:
    """Clear the inferred speaker of every run of quotes in which a quote names that speaker."""
    run: list[FoundQuote] = []
    for quote in [*quotes, None]:
        continues = (
            quote is not None
            and run
            and quote.how == "continuation"
            and quote.speaker is run[0].speaker
        )
        if continues and quote is not None:
            run.append(quote)
            continue
        if run and run[0].how in _INFERRED and run[0].speaker is not None:
            speaker = run[0].speaker
            if any(_names(q.text, speaker) for q in run):
                for q in run:
                    q.speaker, q.how = None, None
        run = [quote] if quote is not None and quote.speaker is not None else []
