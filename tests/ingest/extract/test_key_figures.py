"""Key figures of whole articles: labels, ranking, the cap, and quoted or headline numbers."""

import pytest

from bot.core.models import Briefing, Figure
from bot.ingest.extract import extract_briefing
from bot.ingest.extract.figures import MAX_KEY_FIGURES

FARE_STORY = """Redfield council raises bus fare to $3.10

REDFIELD — The fare for a single ride will rise from $2.50 to $2.75 on July 1, the city council \
decided on Tuesday. A monthly pass will cost $95.

Councillor Tom Okafor said the increase would raise $1.2 million a year for the transit agency. \
"We lose 40 cents on every ride," Okafor said. "Ridership is down 12 percent since 2019."

About 43 residents spoke at the hearing, and the council voted 7-2 to approve the plan. In 2021, \
24 people had signed a petition against an earlier fare change.

The agency says buses carry 4,000 passengers per hour at peak times. A quarter of residents ride \
the bus at least once a week.
"""

TRANSIT_REPORT = """Transit report: trains late more often

The regional rail line ran 88% of its trains on time in March, down from 93% a year earlier, \
according to a report released Monday. Delays cost riders an estimated 14,000 hours.

The operator plans to buy 12 new trains for $310 million. Repairs on the Elm Street bridge will \
take six months.

A third of the line's 52 stations lack elevators. The report counted 2,400 complaints. Crews \
replaced 9 switches, 14 signals, 22 rails, 5 crossings, 3 platforms and 8 ticket machines.

The operator said the new trains would carry 310 passengers each. The trains will run 410 miles \
a day. The $310 million order is the largest since the line opened.
"""


@pytest.fixture(scope="module")
def fare() -> Briefing:
    return extract_briefing(FARE_STORY, source_name="Redfield Gazette")


@pytest.fixture(scope="module")
def transit() -> Briefing:
    return extract_briefing(TRANSIT_REPORT, source_name="Metro Desk")


def _by_value(briefing: Briefing, value: float) -> Figure:
    found = [f for f in briefing.figures if f.value == pytest.approx(value)]
    assert found, f"no figure {value} in {[f.value for f in briefing.figures]}"
    return found[0]


def test_labels_say_what_is_measured(fare: Briefing) -> None:
    """Label the fare, the counted people and the rate by what they measure."""
    assert _by_value(fare, 2.75).label == "fare for a single ride"
    assert _by_value(fare, 95.0).label == "monthly pass"
    assert _by_value(fare, 4000.0).label.startswith("passengers per hour")


def test_counts_followed_by_a_verb_say_who() -> None:
    """Label "43 residents spoke" and "24 people had signed" by who did what."""
    hearing = extract_briefing(
        "About 43 residents spoke at the hearing. In 2021, 24 people had signed a petition."
    )
    assert _by_value(hearing, 43.0).label == "residents who spoke at the hearing"
    assert _by_value(hearing, 24.0).label == "people who had signed a petition"
    assert _by_value(hearing, 43.0).qualifier == "about"


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "The city will spend €2.5bn on new flood defences over ten years.",
            "spending on new flood defences",
        ),
        ("The council invested £2m in a new library last year.", "investment in a new library"),
        ("The state pledged $40 million for school repairs.", "pledge for school repairs"),
    ],
)
def test_money_a_verb_commits_says_what_it_is_for(sentence: str, label: str) -> None:
    """Label spent, invested or pledged money by what it goes to, not by who spends it."""
    money = [f for f in extract_briefing(sentence).figures if f.value >= 1e6]
    assert [f.label for f in money] == [label]


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        (
            "The transit authority will raise the fare for a single bus ride to $2.75 in July.",
            2.75,
            "fare for a single bus ride",
        ),
        (
            "The bank cut its main interest rate to 4.5 percent on Thursday.",
            4.5,
            "main interest rate",
        ),
        ("Ministers slashed the road budget by £300m.", 300e6, "cut in road budget"),
        ("The regulator set the price cap at £1,928 for a typical household.", 1928.0, "price cap"),
    ],
)
def test_a_verb_of_change_labels_the_new_level_by_its_object(
    sentence: str, value: float, label: str
) -> None:
    """Label "raise the fare to $2.75" by the fare, not by who raises it."""
    assert _by_value(extract_briefing(sentence), value).label == label


def test_dropped_details_are_the_least_important(fare: Briefing) -> None:
    """Drop the old petition count before the fare, the vote or the rider share."""
    values = {f.value for f in fare.figures}
    assert len(fare.figures) == MAX_KEY_FIGURES
    assert {2.75, 2.5, 7.0, 2.0, 25.0} <= values
    assert 24.0 not in values


def test_labels_are_never_a_bare_unit_a_date_or_a_verb(fare: Briefing, transit: Briefing) -> None:
    """Never label a figure with its own unit, a date fragment or a lone verb."""
    for figure in fare.figures + transit.figures:
        label = figure.label.casefold()
        assert label != (figure.unit or "").casefold()
        assert not label.startswith(("on ", "in 20", "since ", "last "))
        assert "july" not in label
        assert "2021" not in label
        assert len(label.split()) > 1 or label not in {"spoke", "said", "rose", "fell"}


def test_quoted_and_headline_numbers_are_not_key_figures(fare: Briefing) -> None:
    """Skip the headline's $3.10 and the 40 cents and 12 percent inside direct quotes."""
    values = {f.value for f in fare.figures}
    assert 3.10 not in values
    assert 40.0 not in values
    assert 12.0 not in values


def test_vote_score_gives_for_and_against(fare: Briefing) -> None:
    """Read "voted 7-2" as 7 votes in favour and 2 against."""
    scores = [f for f in fare.figures if f.unit == "votes"]
    assert [(f.value, f.label.split(" (")[0]) for f in scores] == [
        (7.0, "votes in favour"),
        (2.0, "votes against"),
    ]


def test_a_quarter_of_residents_is_a_share(fare: Briefing) -> None:
    """Read "a quarter of residents" as 25 percent of residents."""
    share = _by_value(fare, 25.0)
    assert (share.unit, share.label) == ("percent", "share of residents")


def test_cap_and_ranking(transit: Briefing) -> None:
    """Keep at most eight figures, money and shares from the lead first, details dropped."""
    assert len(transit.figures) <= MAX_KEY_FIGURES
    values = [f.value for f in transit.figures]
    assert values[0] == 310e6  # money, written twice: kept once, ranked first
    assert values.count(310e6) == 1
    assert {88.0, 93.0} <= set(values[:3])  # the shares in the lead come next
    assert not {9.0, 14.0, 22.0, 5.0, 3.0} & set(values)  # the list of spare parts


def test_comparison_shares_the_label(transit: Briefing) -> None:
    """Give "down from 93%" the label of the 88% it is compared with."""
    assert _by_value(transit, 93.0).label == _by_value(transit, 88.0).label
    assert "trains on time" in _by_value(transit, 88.0).label


def test_money_for_goods_is_their_cost(transit: Briefing) -> None:
    """Label "$310 million" after "buy 12 new trains for" as their cost."""
    assert _by_value(transit, 310e6).label == "cost of 12 new trains"


def test_single_sentence_keeps_every_figure() -> None:
    """Keep every figure of a one-sentence text, even past the cap: it is no headline."""
    sentence = (
        "Crews laid 9 km of track, 14 signals, 22 switches, 5 crossings, 3 platforms, 8 ticket "
        "machines, 11 shelters, 6 ramps and 4 lifts"
    )
    briefing = extract_briefing(sentence)
    assert sorted(f.value for f in briefing.figures) == sorted(
        [9.0, 14.0, 22.0, 5.0, 3.0, 8.0, 11.0, 6.0, 4.0]
    )


def test_sports_score_and_ratio() -> None:
    """Read "won 2-0" as the two sides' scores and "a 3-to-1 margin" as a ratio."""
    briefing = extract_briefing(
        "The Hawks won 2-0 on Saturday. Voters backed the levy by a 3-to-1 margin."
    )
    score = [(f.value, f.label) for f in briefing.figures if "score" in f.label]
    assert score == [(2.0, "winning side's score (2-0)"), (0.0, "losing side's score (2-0)")]
    ratio = [f for f in briefing.figures if f.unit == "to 1"]
    assert [(f.value, f.label) for f in ratio] == [(3.0, "margin")]
