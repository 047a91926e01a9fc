"""Direct and reported quotes: quotation-mark scanning, speech filtering and attribution.

The steps, one module each (every module imports only those above it):

- :mod:`.subjects`: the grammar of a speaker phrase (speech verbs, subjects, pronouns);
- :mod:`.marks`: the quoted spans of an article and the text around and inside them;
- :mod:`.found`: the quote handed to the briefing and how its speaker was found;
- :mod:`.speakers`: the attribution after a quote, before it or in the paragraph above;
- :mod:`.speech`: speech told from scare quotes, labels, titles and fragments;
- :mod:`.resolve`: a speaker phrase resolved to a person of the article;
- :mod:`.runs`: quotes continuing the last speaker's words, and transcript turns;
- :mod:`.reported`: reported speech without quotation marks;
- :mod:`.finder`: :class:`~.finder.QuoteFinder`, running the steps over one article.
"""

from __future__ import annotations

from .finder import find_quotes
from .found import FoundQuote

__all__ = ["FoundQuote", "find_quotes"]
