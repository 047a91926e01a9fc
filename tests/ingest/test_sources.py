"""Reading files, pages and feeds into articles: titles, front matter, metadata, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.errors import IngestError
from bot.ingest.sources import article_from_text, parse_feed, read_file

BODY = (
    "The harbour authority said on Monday that 40 new berths would open by spring.\n"
    '"We are ready for the season," said Mara Lindqvist, the harbour master.\n'
)

ARTICLE_HTML = """<!doctype html><html><head>
<title>Harbour expands | Coast Gazette</title>
<link rel="canonical" href="/news/harbour-expands">
<meta property="og:title" content="Harbour to open 40 new berths">
<meta property="og:site_name" content="Coast Gazette">
<meta property="article:published_time" content="2024-10-30T07:15:00+01:00">
<script>document.write("never run")</script>
</head><body><nav><a href="/">Home</a> | <a href="/sport">Sport</a></nav>
<article><h1>Harbour to open 40 new berths</h1>
<p>The harbour authority said on Monday that 40 new berths would open by spring,
doubling the space for visiting yachts after two years of building work.</p>
<p>"We are ready for the season," said Mara Lindqvist, the harbour master, who added that
bookings were already up by a third compared with last year.</p>
<p>Local traders welcomed the plan, though some residents worry about traffic on the
narrow coast road during the busy summer months.</p>
</article><footer>© Coast Gazette</footer></body></html>"""


def test_markdown_front_matter_and_formatting(tmp_path: Path) -> None:
    """Front matter supplies metadata and Markdown syntax is removed from the text."""
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: Harbour grows\nurl: https://gazette.example/harbour\n"
        "published: 2024-10-30\ntopics: [harbour, economy]\nsource: Coast Gazette\n---\n"
        "# Ignored heading\n\nThe **harbour** authority said [on Monday](https://x.example) "
        "that 40 new berths would open.\n\n> A quoted line.\n",
        encoding="utf-8",
    )
    article = read_file(path, max_bytes=10_000)
    assert article.title == "Harbour grows"
    assert article.url == "https://gazette.example/harbour"
    assert article.published == date(2024, 10, 30)
    assert article.topics == ("harbour", "economy")
    assert article.source_name == "Coast Gazette"
    assert "The harbour authority said on Monday that 40 new berths" in article.text
    assert "**" not in article.text
    assert "A quoted line." in article.text


def test_markdown_heading_becomes_the_title(tmp_path: Path) -> None:
    """Without front matter, the first heading is the title and leaves the body."""
    path = tmp_path / "story.md"
    path.write_text("# Harbour to open 40 berths\n\n" + BODY, encoding="utf-8")
    article = read_file(path, max_bytes=10_000)
    assert article.title == "Harbour to open 40 berths"
    assert article.text.startswith("The harbour authority")


def test_text_headline_line_is_the_title_but_a_paragraph_is_not() -> None:
    """A short first line is a headline; a first line that is a sentence stays in the text."""
    with_title = article_from_text("Harbour to open 40 berths\n\n" + BODY, origin="a.txt")
    assert with_title.title == "Harbour to open 40 berths"
    without = article_from_text(BODY, origin="b.txt")
    assert without.title is None
    assert without.text.startswith("The harbour authority said on Monday")


def test_html_file_metadata_from_the_page(tmp_path: Path) -> None:
    """Title, site name, publication time and canonical URL come from the page's metadata."""
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    article = read_file(path, max_bytes=100_000)
    assert article.title == "Harbour to open 40 new berths"
    assert article.source_name == "Coast Gazette"
    assert article.published == datetime(2024, 10, 30, 6, 15, tzinfo=UTC)
    assert "40 new berths would open by spring" in article.text
    assert "never run" not in article.text
    assert "Home" not in article.text
    assert not article.text.startswith("Harbour to open")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "no article text"),
        ("blank.html", b"   \n", "empty"),
        ("garbage.html", b"\x00\x01\x02<<<>>>\xff" * 50, "no article text|not readable"),
        ("scripts.html", b"<html><script>while(1){}</script></html>", "no article text"),
        ("bad.md", b"---\ntitle: [unclosed\n---\nText here.\n", "front matter"),
    ],
)
def test_broken_files_fail_with_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    """Empty, binary, script-only and malformed files give an IngestError, never a crash."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError, match=reason):
        read_file(path, max_bytes=100_000)


def test_oversized_and_missing_files_fail(tmp_path: Path) -> None:
    """A file over the limit or a missing path is a plain failure."""
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    with pytest.raises(IngestError, match="more than the limit"):
        read_file(path, max_bytes=100)
    with pytest.raises(IngestError, match="no such file"):
        read_file(tmp_path / "nope.txt", max_bytes=100)


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Gazette</title>
<item><title>Old</title><link>https://gazette.example/old</link><guid>old</guid>
<pubDate>Mon, 28 Oct 2024 08:00:00 GMT</pubDate><description>Old story.</description></item>
<item><title>New</title><link>https://gazette.example/new</link><guid>new</guid>
<pubDate>Wed, 30 Oct 2024 08:00:00 GMT</pubDate><description>New story.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Coast Atom</title><id>urn:coast</id><updated>2024-10-30T08:00:00Z</updated>
<entry><title>Berths</title><id>urn:1</id><link href="https://gazette.example/berths"/>
<updated>2024-10-30T08:00:00Z</updated><content type="html">&lt;p&gt;Text.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_and_atom_entries_newest_first() -> None:
    """Both feed formats parse, entries sorted newest first, with their content."""
    rss = parse_feed(RSS.encode(), "https://gazette.example/rss")
    assert rss.title == "Coast Gazette"
    assert [e.title for e in rss.entries] == ["New", "Old"]
    assert rss.entries[0].published == datetime(2024, 10, 30, 8, 0, tzinfo=UTC)
    atom = parse_feed(ATOM.encode(), "https://gazette.example/atom")
    assert atom.entries[0].link == "https://gazette.example/berths"
    assert "Text." in (atom.entries[0].content_html or "")


def test_non_feed_is_refused_without_fetching_anything() -> None:
    """HTML or a URL-looking string handed to the feed parser is an error, not a fetch."""
    with pytest.raises(IngestError, match="not a readable feed"):
        parse_feed(b"<html><body>hello</body></html>", "https://x.example/")
    with pytest.raises(IngestError, match="not a readable feed"):
        parse_feed(b"http://169.254.169.254/latest", "https://x.example/")
