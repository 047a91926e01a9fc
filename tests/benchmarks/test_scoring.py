"""The benchmark's scoring rules on tiny hand-made examples."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.scoring import (
    GoldFigure,
    GoldQuote,
    SystemFigure,
    SystemQuote,
    bcubed,
    coverage,
    mention_name,
    score_figures,
    score_quotes,
    speaker_correct,
    tokens,
    units_agree,
    values_equal,
)


def test_tokens_are_folded_multisets() -> None:
    """Fold case and accents and count repeated words."""
    assert tokens("Café, café CAFE") == {"cafe": 3}


def test_coverage_counts_gold_tokens() -> None:
    """Measure how much of the gold the system text holds."""
    assert coverage(tokens("we will win the vote"), tokens("We will win")) == 0.6


def test_direct_quote_found_at_80_percent_only() -> None:
    """Count a quote found at 80 % coverage and another only at 30 %."""
    gold = [
        GoldQuote("one two three four five", True),
        GoldQuote("alpha beta gamma delta epsilon", True),
    ]
    system = [SystemQuote("one two three four", "direct"), SystemQuote("alpha beta", "direct")]
    scores = score_quotes(gold, system)
    assert (scores.direct80.tp, scores.direct80.system, scores.direct80.gold) == (1, 2, 2)
    assert scores.direct30.tp == 2


def test_matching_is_one_to_one() -> None:
    """Let one system quote match only one of two identical gold quotes."""
    gold = [GoldQuote("same words here", True), GoldQuote("same words here", True)]
    scores = score_quotes(gold, [SystemQuote("same words here", "direct")])
    assert scores.direct80.tp == 1
    assert scores.direct80.recall == 0.5


def test_system_quote_inside_indirect_gold_is_excused() -> None:
    """Do not count a direct quote inside a gold indirect quote against precision."""
    gold = [GoldQuote("he called it a total disaster for the city", False)]
    scores = score_quotes(gold, [SystemQuote("a total disaster", "direct")])
    assert scores.direct80.system == 0


def test_reported_system_quotes_are_ignored_for_direct_scores() -> None:
    """Compare only system quotes of kind direct."""
    gold = [GoldQuote("we will win", True)]
    scores = score_quotes(gold, [SystemQuote("we will win", "reported")])
    assert scores.direct80.tp == 0
    assert scores.direct80.system == 0


def test_speaker_full_name_rules() -> None:
    """Accept an equal or containing name, never a pronoun."""
    gold = GoldQuote("x", True, speaker="José Pérez")
    assert speaker_correct(gold, "Jose Perez") is True
    assert speaker_correct(gold, "Gen. José Pérez Ruiz") is True
    assert speaker_correct(gold, "he") is False
    assert speaker_correct(gold, None) is False


def test_mention_name_drops_titles_and_appositions() -> None:
    """Take the name from a mention like "veteran pollster Ann Lee, a Democrat"."""
    assert mention_name("veteran pollster Ann Lee, a Democrat") == ["ann", "lee"]
    assert mention_name("Sen. Bob Ray (D-Ore.)") == ["bob", "ray"]
    assert mention_name("she") == []
    assert mention_name("a source") == []


def test_pronoun_mentions_are_not_scored() -> None:
    """Leave quotes whose mention is a pronoun out of the joint score."""
    gold = [GoldQuote("we will win", True, speaker_mention="he")]
    scores = score_quotes(gold, [SystemQuote("we will win", "direct", "Bob Ray")])
    assert scores.joint.gold == 0
    assert scores.joint.system == 0
    assert scores.unscorable_speakers == 1


def test_joint_needs_quote_and_speaker() -> None:
    """Count a joint hit only when the matched quote has the right speaker."""
    gold = [
        GoldQuote("we will win", True, speaker_mention="Ann Lee"),
        GoldQuote("they will lose", True, speaker_mention="Bob Ray"),
    ]
    system = [
        SystemQuote("we will win", "direct", "Ann Lee"),
        SystemQuote("they will lose", "direct", "Ann Lee"),
    ]
    assert score_quotes(gold, system).joint.tp == 1


def test_percent_values_match_fractions() -> None:
    """Treat 80 percent and 0.8 as equal, within 1e-6 relative."""
    assert values_equal(0.8, 80.0, percent=True)
    assert values_equal(1200.0, 1200.0000001)
    assert not values_equal(1200.0, 1201.0)


def test_units_agree_rules() -> None:
    """Match units by plural, containment, surface form, or a missing gold unit."""
    assert units_agree(GoldFigure(1, "mile", "miles"), "miles")
    assert units_agree(GoldFigure(1, "dollar per barrel", "$"), "dollars")
    assert units_agree(GoldFigure(1, "percentage", "%"), "percent")
    assert units_agree(GoldFigure(1, None, None), "anything")
    assert not units_agree(GoldFigure(1, "troop", "troops"), None)


def test_figure_scores_split_ranges() -> None:
    """Count a system range as its low and high values."""
    gold = [GoldFigure(15, "mile", "miles"), GoldFigure(22, "mile", "miles")]
    value, both = score_figures(gold, [SystemFigure(15, "miles", high=22)])
    assert (value.tp, value.system, value.gold) == (2, 2, 2)
    assert both.f1 == 1.0


def test_bcubed_rewards_the_gold_clustering_and_penalises_merges_and_splits() -> None:
    """Perfect clusters score 1; one big cluster loses precision; singletons lose recall."""
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed(gold, {"a": "1", "b": "1", "c": "2", "d": "2"}) == (1.0, 1.0, 1.0)
    merged = bcubed(gold, dict.fromkeys(gold, "1"))
    assert merged[:2] == (0.5, 1.0)
    split = bcubed(gold, {item: item for item in gold})
    assert split[:2] == (1.0, 0.5)
    assert abs(split[2] - 2 / 3) < 1e-9


def test_bcubed_counts_an_item_the_system_lost_as_its_own_cluster() -> None:
    """A missing item cannot share a cluster with anything."""
    gold = {"a": "x", "b": "x"}
    assert bcubed(gold, {"a": "1"})[:2] == (1.0, 0.5)
    assert bcubed({}, {}) == (0.0, 0.0, 0.0)
