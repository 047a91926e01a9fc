"""Figures: values, units, scales, ranges, rates and what is not a figure."""

from bot.ingest.extract.figures import FoundFigure, find_figures
from bot.ingest.extract.text import Span


def _figures(sentence: str) -> list[FoundFigure]:
    return find_figures([Span(0, len(sentence), sentence)])


def _values(sentence: str) -> list[tuple[float, str | None]]:
    return [(f.value, f.unit) for f in _figures(sentence)]


def test_separators_decimals_and_counted_noun() -> None:
    """Read "12,500 Canadian workers" as 12500 with unit "workers"."""
    assert _values("The plant employs 12,500 Canadian workers.") == [(12500.0, "workers")]


def test_percent_forms() -> None:
    """Read "45%" and "12.5 percent" as percent values."""
    assert _values("Turnout rose 45% and costs 12.5 percent.") == [
        (45.0, "percent"),
        (12.5, "percent"),
    ]


def test_money_and_scales() -> None:
    """Read "$3bn", "€1.2 million" and "4 billion yuan" with their currency."""
    assert _values("It paid $3bn, then €1.2 million and 4 billion yuan.") == [
        (3e9, "dollars"),
        (1.2e6, "euros"),
        (4e9, "yuan"),
    ]


def test_number_words() -> None:
    """Read "ten thousand", "a dozen" and "a century"."""
    values = _values("Ten thousand fans and a dozen players waited a century for this.")
    assert values == [(10000.0, "fans"), (12.0, "players"), (100.0, "years")]


def test_range_has_high() -> None:
    """Read "between 40 and 60 boats" as a range."""
    figure = _figures("Between 40 and 60 boats sank.")[0]
    assert (figure.value, figure.high, figure.unit) == (40.0, 60.0, "boats")


def test_rate_and_qualifier() -> None:
    """Read "about 300 arrests a week" with qualifier and rate."""
    figure = _figures("Police made about 300 arrests a week.")[0]
    assert (figure.value, figure.unit, figure.qualifier, figure.per) == (
        300.0,
        "arrests",
        "about",
        "week",
    )


def test_distance_and_duration_are_two_figures() -> None:
    """Read "410 miles over 52 minutes" as two figures without a qualifier."""
    figures = _figures("The drone flew 410 miles over 52 minutes.")
    assert [(f.value, f.unit, f.qualifier) for f in figures] == [
        (410.0, "miles", None),
        (52.0, "minutes", None),
    ]


def test_at_least_and_more_than() -> None:
    """Keep "at least" and "more than" as qualifiers."""
    figures = _figures("At least 14 people died and more than 200 were hurt.")
    assert [(f.value, f.qualifier) for f in figures] == [(14.0, "at least"), (200.0, "more than")]


def test_negative_values() -> None:
    """Read "minus 40 degrees" as a negative value."""
    assert _values("It fell to minus 40 degrees.") == [(-40.0, "degrees")]


def test_evidence_span_is_figure_as_written() -> None:
    """Highlight "$3.5 million" exactly."""
    sentence = "The city paid $3.5 million for it."
    figure = _figures(sentence)[0]
    assert sentence[figure.start : figure.end] == "$3.5 million"


def test_years_dates_and_times_are_not_figures() -> None:
    """Skip "in 2024", "March 3", "Sept. 11" and "4:30 p.m."."""
    assert _values("In 2024, on March 3 and Sept. 11, the vote closed at 4:30 p.m.") == []


def test_ordinals_ids_and_phones_are_not_figures() -> None:
    """Skip ordinals, model numbers, page furniture and phone numbers."""
    text = "The 3rd iPhone 15 on Page 2 was sold; call 555-123-4567 today."
    assert _values(text) == []


def test_one_of_is_not_a_figure() -> None:
    """Skip "one of" and "no one"."""
    assert _values("One of them said no one came.") == []
