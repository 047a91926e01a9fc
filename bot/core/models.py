"""The briefing schema: one news story as a summary, developments, people, quotes and figures.

Every briefing file (YAML or JSON) validates against :class:`Briefing`. The models are strict
(unknown keys are errors, numbers are not parsed from strings) so that a typo in a hand-written
file is reported instead of silently ignored. ``briefings/schema.json`` is generated from them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import UTC, date, datetime, time
from typing import Annotated, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,127}$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
# Dates in YAML and JSON arrive as strings; parsing them is the one coercion we allow.
Lax = Field(strict=False)
PublishedAt = Annotated[AwareDatetime, Lax] | Annotated[date, Lax]


class StrictModel(BaseModel):
    """Base for every schema model: unknown keys and type coercion are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(StrictModel):
    """Where the story was published."""

    name: NonEmpty = Field(description="Publisher name, e.g. 'Fox News'.")
    url: Annotated[HttpUrl, Lax] | None = Field(
        default=None, description="Canonical URL of the article."
    )


class Evidence(StrictModel):
    """The source sentence a quote or figure was taken from.

    ``start`` and ``end`` are character offsets into ``sentence`` that mark the exact span
    (the quote text or the figure as written), so a reader can see it highlighted.
    """

    sentence: NonEmpty
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _span_inside_sentence(self) -> Evidence:
        if self.start > self.end:
            raise ValueError("evidence start must not be after end")
        if self.end > len(self.sentence):
            raise ValueError(
                f"evidence end {self.end} is past the sentence end ({len(self.sentence)})"
            )
        return self

    @property
    def span(self) -> str:
        """Return the highlighted part of the sentence."""
        return self.sentence[self.start : self.end]


class Person(StrictModel):
    """Someone (or an organisation) who speaks in the story."""

    id: Slug = Field(description="Slug used by quotes[].speaker, e.g. 'antony-blinken'.")
    name: NonEmpty = Field(description="Full name, e.g. 'Antony Blinken'.")
    role: str | None = Field(default=None, description="e.g. 'U.S. Secretary of State'.")
    aliases: list[NonEmpty] = Field(
        default_factory=list, description="Other ways the story names them, e.g. 'Blinken'."
    )
    kind: Literal["person", "organization"] = "person"


# How ingest found a quote's speaker (see Quote.attribution).
Attribution = Literal["name", "alias", "pronoun", "continuation", "introduced", "transcript"]


class Quote(StrictModel):
    """Something a person said, verbatim (direct) or paraphrased (reported)."""

    speaker: Slug | None = Field(description="A people[].id, or null when the speaker is unknown.")
    text: NonEmpty = Field(description="Verbatim words, without the surrounding quote marks.")
    kind: Literal["direct", "reported"] = "direct"
    context: str | None = Field(default=None, description="When, where or to whom it was said.")
    said_on: Annotated[date, Lax] | None = Field(
        default=None, description="Date of the statement when it differs from publication."
    )
    evidence: Evidence | None = None
    articles: list[Slug] = Field(
        default_factory=list,
        description="In a story: the articles[].id of every article that reported this quote.",
    )
    attribution: Attribution | None = Field(
        default=None,
        description=(
            "How ingest found the speaker: the full name next to the quote, another name of a"
            " person introduced earlier (surname, title), a pronoun, a run of quotes continuing"
            " the last speaker, the one person a short lead-in paragraph introduces ('Eze was"
            " less certain.' before a quoted paragraph), or a transcript label. Null in"
            " hand-written files."
        ),
    )


class Figure(StrictModel):
    """A number that matters, with its unit and what it measures."""

    value: float = Field(description="The number itself; 80 percent is 80 with unit 'percent'.")
    high: float | None = Field(default=None, description="Upper bound when the figure is a range.")
    unit: str | None = Field(default=None, description="The counted noun or unit, e.g. 'troops'.")
    label: NonEmpty = Field(description="What it measures, e.g. 'North Korean troops in Kursk'.")
    qualifier: str | None = Field(default=None, description="about, at least, more than, ...")
    per: str | None = Field(default=None, description="Rate denominator, e.g. 'day'.")
    article: Slug | None = Field(
        default=None, description="In a story: the articles[].id the figure was reported in."
    )
    # Strict floats still take ints (`value: 8000` becomes 8000.0) and reject strings and
    # booleans, inside pydantic-core: no Python validator runs per figure.
    evidence: Evidence | None = None


class StoryArticle(StrictModel):
    """One article of a story: what it was, where and when it ran, and what it said first."""

    id: Slug = Field(description="The article's own id (what it would be alone).")
    title: NonEmpty
    source: Source
    published: PublishedAt
    added: Annotated[AwareDatetime, Lax] | None = Field(
        default=None, description="When ingest added the article to the story."
    )
    summary: str | None = Field(default=None, description="The article's own summary.")
    split: bool = Field(
        default=False,
        description="Set by an operator: the next ingest moves it into a story of its own.",
    )

    @property
    def published_at(self) -> datetime:
        """Return the publication time as an aware datetime (dates are midnight UTC)."""
        if isinstance(self.published, datetime):
            return self.published
        return datetime.combine(self.published, time(0, 0), tzinfo=UTC)


class Development(StrictModel):
    """One dated entry of a story's timeline."""

    on: PublishedAt = Field(description="When the development was reported.")
    text: NonEmpty
    article: Slug | None = Field(default=None, description="The articles[].id it came from.")


class Briefing(StrictModel):
    """One news story turned into a briefing."""

    id: Slug = Field(description="Stable slug, unique across the briefings directory.")
    title: NonEmpty
    published: PublishedAt = Field(description="ISO 8601 date or timezone-aware datetime.")
    updated: Annotated[AwareDatetime, Lax] | None = Field(
        default=None, description="When briefbot last changed this briefing (ingest)."
    )
    source: Source
    topics: list[NonEmpty] = Field(default_factory=list)
    summary: NonEmpty
    developments: list[NonEmpty] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    articles: list[StoryArticle] = Field(
        default_factory=list,
        description="A story's articles, oldest first; empty for a single-article briefing.",
    )
    timeline: list[Development] = Field(
        default_factory=list, description="A story's developments, dated, oldest first."
    )
    merge_into: Slug | None = Field(
        default=None,
        description="Set by an operator: the next ingest merges this story into that one.",
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> Briefing:
        ids = [p.id for p in self.people]
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1)  # linear: ids.count is not
        if dupes:
            raise ValueError(f"people ids must be unique; repeated: {', '.join(dupes)}")
        known = set(ids)
        for n, quote in enumerate(self.quotes):
            if quote.speaker is not None and quote.speaker not in known:
                raise ValueError(
                    f"quotes[{n}].speaker {quote.speaker!r} is not one of the people ids"
                    f" ({', '.join(sorted(known)) or 'none defined'})"
                )
        self._articles_resolve()
        return self

    def _articles_resolve(self) -> None:
        ids = [a.id for a in self.articles]
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
        if dupes:
            raise ValueError(f"articles ids must be unique; repeated: {', '.join(dupes)}")
        known = set(ids)
        refs: list[tuple[str, str | None]] = [
            (f"quotes[{n}].articles", a) for n, q in enumerate(self.quotes) for a in q.articles
        ]
        refs += [(f"figures[{n}].article", f.article) for n, f in enumerate(self.figures)]
        refs += [(f"timeline[{n}].article", d.article) for n, d in enumerate(self.timeline)]
        for where, ref in refs:
            if ref is not None and ref not in known:
                raise ValueError(
                    f"{where} {ref!r} is not one of the articles ids"
                    f" ({', '.join(sorted(known)) or 'none defined'})"
                )

    @property
    def published_at(self) -> datetime:
        """Return the publication time as an aware datetime (dates are midnight UTC)."""
        if isinstance(self.published, datetime):
            return self.published
        return datetime.combine(self.published, time(0, 0), tzinfo=UTC)

    @property
    def changed_at(self) -> datetime:
        """Return when the story was last published or updated, whichever is later."""
        return max(self.published_at, self.updated) if self.updated else self.published_at

    def person(self, person_id: str | None) -> Person | None:
        """Return the person with this id, if any."""
        return next((p for p in self.people if p.id == person_id), None)


_COMBINING = {
    code: None for code in range(0x300, 0x2000) if unicodedata.combining(chr(code))
} | dict.fromkeys(range(65056, 65072))
# Letters NFKD leaves whole (they are letters of their own, not a base letter plus an accent),
# spelt the way an English keyboard types them: "lukasz" finds Łukasz, "soren" Søren,
# "dokovic" Đoković. Casefold has already lowered them and turned ß into "ss".
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ĸ": "k",
        "ƒ": "f",
        # Typographic apostrophes are the keyboard's: "O’Neill" is "o'neill".
        "’": "'",
        "‘": "'",
        "ʼ": "'",
    }
)
_FOLD = _COMBINING | _LETTERS


def fold(text: str) -> str:
    """Return text case- and accent-folded for matching ("Zelenskyy" == "zelénskyy").

    Accents go (NFKD, then combining marks dropped), and letters with no decomposition are
    spelt out in ASCII ("Łukasz" -> "lukasz", "Straße" -> "strasse", "Þór" -> "thor").
    """
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).translate(_FOLD)


def briefing_json_schema() -> dict[str, object]:
    """Return the JSON Schema of a briefing file (written to briefings/schema.json)."""
    schema = Briefing.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://briefbot.invalid/schema/briefing.json"
    return schema
