"""Paging splits long replies within a budget and keeps every section."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.reply import Reply, Section, paginate, plain, section_size, select_page, truncate


def make_reply(lengths: list[int]) -> Reply:
    """Return a reply with one section per given text length."""
    sections = tuple(Section(lines=(plain("x" * n),)) for n in lengths)
    return Reply("Title", sections=sections, intro=(plain("intro"),))


@given(
    st.lists(st.integers(min_value=1, max_value=500), max_size=60),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=50, max_value=2000),
)
def test_paginate_keeps_order_and_respects_budget(
    lengths: list[int], max_sections: int, max_chars: int
) -> None:
    """Pages hold every section in order; a page over budget holds a single section."""
    reply = make_reply(lengths)
    pages = paginate(reply, max_sections=max_sections, max_chars=max_chars)
    flat = [s for page in pages for s in page.sections]
    assert flat == list(reply.sections)
    for number, page in enumerate(pages, start=1):
        assert page.page == number
        assert page.pages == len(pages)
        assert len(page.sections) <= max_sections
        size = sum(section_size(s) for s in page.sections)
        assert size <= max_chars or len(page.sections) == 1 or number == 1
    assert pages[0].intro == reply.intro
    assert all(page.intro == () for page in pages[1:])


def test_select_page_clamps_stale_page_numbers() -> None:
    """A button for page 9 of a reply that now has 2 pages shows the last page."""
    pages = paginate(make_reply([100] * 4), max_sections=2, max_chars=10_000)
    assert select_page(pages, 9).page == 2
    assert select_page(pages, 0).page == 1


def test_truncate_adds_an_ellipsis_only_when_cut() -> None:
    """Text within the limit is unchanged; longer text ends with an ellipsis."""
    assert truncate("short", 10) == "short"
    cut = truncate("a" * 20, 10)
    assert len(cut) == 10
    assert cut.endswith("…")
