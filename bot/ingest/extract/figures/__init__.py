"""Figures: numbers with their unit, scale, qualifier, range and rate, but not dates or ids.

The steps, one module each (every module imports only those above it):

- :mod:`.model`: :class:`~.model.FoundFigure`, the figure the readers fill in;
- :mod:`.words`: word lists (verbs, time words, unit words, qualifiers, sentence openers);
- :mod:`.phrases`: the grammar around a figure (clauses, verbs, noun phrases, subjects);
- :mod:`.label`: what a number measures ("fare for a single ride"), never a bare unit;
- :mod:`.masking`: a sentence with phone numbers, addresses and spans already read masked;
- :mod:`.filters`: numbers that are no figures (years, dates, clock times, ids, codes);
- :mod:`.shares`: shares in words ("a quarter of residents", "half the seats");
- :mod:`.special`: scientific notation, scores, ratios, vague amounts and "N out of M";
- :mod:`.numerals`: numbers in digits with currency, sign, unit or scale ("$1.2bn");
- :mod:`.worded`: numbers in words ("three hundred", "one soldier", "a century");
- :mod:`.ranges`: ranges ("between 10 and 12") and a unit or scale written once;
- :mod:`.describe`: percent, age, unit, rate and qualifier from the words around a number;
- :mod:`.sentence`: the figures of one sentence, running the steps above;
- :mod:`.rank`: key figures (quoted and headline numbers dropped, repeats merged, capped);
- :mod:`.finder`: :func:`~.finder.find_figures` and :func:`~.finder.find_all_figures`.
"""

from __future__ import annotations

from .finder import find_all_figures, find_figures
from .model import FoundFigure
from .rank import MAX_KEY_FIGURES, rank_figures

__all__ = ["MAX_KEY_FIGURES", "FoundFigure", "find_all_figures", "find_figures", "rank_figures"]
