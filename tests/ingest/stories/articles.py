"""Invented articles for the story tests: one event told by three outlets, and distractors."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ingest.sources import Article

BRIDGE_GAZETTE = (
    "Engineers closed the Kessling Bridge in Marlow on Monday after inspectors found cracks"
    " in two of its steel girders, diverting about 1,200 vehicles a day onto the ring road.\n\n"
    '"We will not reopen the bridge until every girder has been tested," said Mayor Ana Ruiz.'
    "\n\nThe council said repairs could take six weeks and would cost 2 million euros."
)
BRIDGE_METRO = (
    "The Kessling Bridge in Marlow will stay shut for at least six weeks, the council said on"
    " Tuesday, as the number of vehicles diverted through the ring road rose to 1,500 a day.\n\n"
    '"We will not reopen the bridge until every girder has been tested," said Mayor Ana Ruiz,'
    " who visited the cracked girders with engineers.\n\nShops on the bridge road said trade"
    " had fallen by a third since the closure."
)
BRIDGE_WIRE = (
    "Marlow's council approved emergency repairs to the cracked girders of the Kessling Bridge"
    " on Wednesday, with steel inspectors due to test every girder before traffic returns.\n\n"
    '"The girders are being replaced one by one," said Tomas Eze, the city engineer.'
)
LIBRARY_BUDGET = (
    "Mayor Ana Ruiz presented Marlow's library budget on Tuesday, promising longer opening"
    " hours at the central library and 40 new reading rooms in schools.\n\n"
    '"Every child should have a library within walking distance," Ruiz said.\n\n'
    "The budget adds 300,000 euros for books and digital lending."
)
BRIDGE_NEXT_YEAR = (
    "Engineers closed the Kessling Bridge in Marlow again on Monday after new cracks were found"
    " in its steel girders, sending traffic onto the ring road.\n\n"
    '"We will test every girder again," said Mayor Ana Ruiz.'
)


def article(
    text: str, title: str, source: str, slug: str, when: datetime, domain: str = ""
) -> Article:
    """Return an article as a feed or the push API would hand it over."""
    host = domain or source.lower().replace(" ", "") + ".example"
    url = f"https://{host}/news/{slug}"
    return Article(text=text, origin=url, title=title, published=when, source_name=source, url=url)


def day(n: int, hour: int = 9) -> datetime:
    """Return a publication time in March 2026."""
    return datetime(2026, 3, n, hour, tzinfo=UTC)


def bridge_reports() -> list[Article]:
    """Return the bridge story as three outlets reported it, in ingest order."""
    return [
        article(BRIDGE_GAZETTE, "Cracks close Kessling Bridge", "Harbor Gazette", "bridge", day(2)),
        article(
            BRIDGE_METRO, "Kessling Bridge shut for six weeks", "Metro Daily", "kessling", day(3)
        ),
        article(
            BRIDGE_WIRE, "Marlow approves Kessling Bridge repairs", "Northern Wire", "kb", day(4)
        ),
    ]
