"""Figures: values, units, scales, ranges, rates and what is not a figure."""

import pytest

from bot.ingest.extract.figures import FoundFigure, find_all_figures
from bot.ingest.extract.text import Span


def _figures(sentence: str) -> list[FoundFigure]:
    return find_all_figures([Span(0, len(sentence), sentence)])


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


def _ranges(sentence: str) -> list[tuple[float, float | None, str | None]]:
    return [(f.value, f.high, f.unit) for f in _figures(sentence)]


def test_vague_amounts_are_order_of_magnitude_ranges() -> None:
    """Read "hundreds of", "dozens of" and "tens of millions" as one-decade ranges."""
    assert _ranges("Hundreds of volunteers cleared the beach.") == [(100.0, 1000.0, "volunteers")]
    assert _ranges("Dozens of ferries were cancelled.") == [(12.0, 120.0, "ferries")]
    assert _ranges("The fund lost tens of millions of dollars.") == [(1e7, 1e8, "dollars")]


def test_test_scores_are_not_vague_amounts() -> None:
    """Leave "test scores" alone: only "scores of" is an amount."""
    assert _figures("Pupils improved their test scores.") == []


def test_match_score_gives_both_numbers() -> None:
    """Read a match score "3-1" as two numbers, and an ascending pair as a range."""
    assert _values("The visitors won 3-1 on Sunday.") == [(3.0, None), (1.0, None)]
    assert _ranges("Gusts reached 40-55 miles per hour.") == [(40.0, 55.0, "miles per hour")]


def test_a_pair_in_brackets_after_a_team_is_its_record() -> None:
    """Label "Memphis (2-8)" as wins and losses, not a score or a range; "91-88" stays a score."""
    found = [(f.value, f.label) for f in _figures("Memphis (2-8) lost 91-88 to Arizona.")]
    assert found == [
        (2.0, "wins (2-8 record)"),
        (8.0, "losses (2-8 record)"),
        (91.0, "winning side's score (91-88)"),
        (88.0, "losing side's score (91-88)"),
    ]


def test_currency_prefixes_codes_and_scales() -> None:
    """Read "$US40 million", "A$12", "EUR5bn", "RM3.50" and "45k" with their currency and scale."""
    assert _values("It cost $US40 million, or A$12 each.") == [
        (4e7, "dollars"),
        (12.0, "australian dollars"),
    ]
    assert _values("The deal was worth EUR5bn and RM3.50 a share.")[0] == (5e9, "euros")
    assert _values("The deal was worth EUR5bn and RM3.50 a share.")[1] == (3.5, "ringgit")
    assert _values("Rents rose to 45k a year.")[0][0] == 45000.0


def test_african_and_south_asian_currencies_and_scales() -> None:
    """Read "R300 million" (rand), "KSh 40 billion", "Sh18" and "Rs 500 crore"; not "the R5"."""
    assert _values("The strike could cost R300 million and KSh 40 billion.") == [
        (3e8, "rand"),
        (4e10, "kenyan shillings"),
    ]
    assert _values("Factories paid Sh18 a kilo.")[0] == (18.0, "shillings")
    assert _values("The scheme costs Rs 500 crore and Rs 3 lakh a year.")[:2] == [
        (5e9, "rupees"),
        (3e5, "rupees"),
    ]
    assert all(unit != "rand" for _, unit in _values("The R5 road and the R2-D2 toy were shut."))


def test_million_suffix_versus_metres() -> None:
    """Read "4.2m viewers" as millions but "a 400m sprint" as metres."""
    assert _values("The final drew 4.2m viewers.") == [(4.2e6, "viewers")]
    assert _values("She won the 400m sprint.") == [(400.0, "m")]


def test_multi_word_and_spaced_units() -> None:
    """Read "barrels of oil", "sq ft", "HP" and "ppm" as units."""
    assert _values("The field yields 900 barrels of crude oil a day.")[0] == (
        900.0,
        "barrels of crude oil",
    )
    assert _values("Flats start at 650 sq ft.") == [(650.0, "square feet")]
    assert _values("The engine makes 510 HP.") == [(510.0, "horsepower")]
    assert _values("Ozone hit 90 ppm downtown.") == [(90.0, "ppm")]


def test_counted_noun_stops_before_a_verb() -> None:
    """Take "plan" as the noun of "one plan calls", and skip a verb right after a count."""
    assert _values("One plan calls for new tolls.") == [(1.0, "plan")]
    assert _values("Only 40 attended the hearing.") == [(40.0, None)]


def test_ages() -> None:
    """Read "Okafor, 52," and "a 7-year-old" as ages."""
    assert _values("Okafor, 52, runs the bakery.") == [(52.0, "year of age")]
    assert _values("A 7-year-old boy won.") == [(7.0, "year of age")]


def test_an_age_after_a_name_or_a_person_noun_is_labelled_with_whose_it_is() -> None:
    """Read "Sarah Kemp, 52." and "the mayor, 61," as ages, but not a list or a group."""
    kemp = _figures("The seat went to local MP Sarah Kemp, 52.")
    assert [(f.value, f.unit, f.label) for f in kemp] == [
        (52.0, "year of age", "age of Sarah Kemp")
    ]
    mayor = _figures("The mayor, 61, said the plan had support.")
    assert [(f.unit, f.label) for f in mayor] == [("year of age", "age of the mayor")]
    assert _values("In Texas, 40, 50 and 60 votes were counted.")[0] == (40.0, None)
    assert _values("Of the 300 residents, 52, or a sixth, came.")[1] == (52.0, None)
    assert _values("On Monday, 12, perhaps 13, arrived.")[0] == (12.0, None)


def test_a_change_by_a_fraction_is_a_percent_change_of_what_changed() -> None:
    """Read "fell by a quarter" as 25 percent, labelled by what fell; "by thirds" is no amount."""
    fell = _figures("Output at the plant fell by a quarter last year.")
    assert [(f.value, f.unit, f.label) for f in fell] == [(25.0, "percent", "Output at the plant")]
    assert _values("Prices rose by half in a month.") == [(50.0, "percent")]
    assert _values("Sales grew by two thirds.") == [(pytest.approx(200 / 3), "percent")]
    assert _figures("The land was divided by thirds among the heirs.") == []


def test_fractions_need_a_count() -> None:
    """Read "two-thirds of" and "nine out of ten" as percent shares, but not "the final third"."""
    assert _values("Two-thirds of members agreed.") == [(pytest.approx(200 / 3), "percent")]
    assert _values("Nine out of ten dentists agree.") == [(pytest.approx(90.0), "percent")]
    assert _figures("They struggled in the final third of the field.") == []
    assert _figures("He scored in the second half of the match.") == []


def test_hyphen_range_with_attached_unit_and_shared_scale() -> None:
    """Read "3-5kW" as a range and share "billion" across "from 12.5 to 14 billion"."""
    assert _ranges("The heater draws 3-5kW.") == [(3.0, 5.0, "kW")]
    values = _values("Sales grew from 12.5 to 14 billion euros.")
    assert values == [(12.5e9, "euros"), (14e9, "euros")]


def test_unit_written_once_after_from() -> None:
    """Give "from 180 pounds to 170" the unit on both ends."""
    assert _values("He went from 180 pounds to 170 by spring.") == [
        (180.0, "pounds"),
        (170.0, "pounds"),
    ]


def test_dates_addresses_timestamps_are_not_figures() -> None:
    """Skip "Oct. 3-5", "12 Elm Street" and ISO timestamps."""
    assert _figures("The fair runs Oct. 3-5 at 12 Elm Street.") == []
    assert _figures("Updated 2021-04-05T09:15:00Z by staff.") == []


def test_scientific_notation() -> None:
    """Read "6.02×10^23" as one number."""
    assert _values("That is 6.02×10^23 atoms.") == [(6.02e23, "atoms")]


def test_number_word_after_article() -> None:
    """Read "a five per cent rise" as 5 percent."""
    assert _values("Analysts expect a five per cent rise.") == [(5.0, "percent")]


def test_a_place_after_a_measure_is_not_what_it_measures() -> None:
    """Label "400 acres near Des Moines" by the farm or the words around it, never by the place."""
    for sentence in (
        "Ortiz grows corn on 400 acres near Des Moines.",
        "The farm covers 400 acres near the river.",
        "The fire burned 2,000 hectares outside Athens.",
    ):
        (figure,) = _figures(sentence)
        assert not figure.label.startswith(("near", "outside")), figure.label


def test_a_bare_number_beside_figures_of_one_unit_takes_that_unit() -> None:
    """Read "fell to 7,425.81" after "lost 162.31 points" as points; never across two units."""
    assert _values("The index lost 162.31 points, or 2.14%, to close at 7,425.81.") == [
        (162.31, "points"),
        (2.14, "percent"),
        (7425.81, "points"),
    ]
    assert _values("The highest forecast is 84.75 cents, while the lowest is 74.07.")[1] == (
        74.07,
        "cents",
    )
    # Two units in the sentence, or nothing that sets the number beside them: left bare.
    two = _values("It lost 12.5 points and 3.2 kilograms of weight, ending at 1,204.50.")
    assert two[-1] == (1204.5, None)
    assert _values("The ship, 300 meters long, carried 40.")[-1] == (40.0, None)


def test_x_to_y_followed_by_a_measure_is_a_range_of_it_not_a_ratio() -> None:
    """Read "0-to-60-mph" and "2-to-3 metres" as ranges of the measure; "3-to-1" stays a ratio."""
    for sentence, unit in (
        ("It does the 0-to-60-mph sprint fast.", "mph"),
        ("Waves of 2-to-3 metres hit.", "metres"),
    ):
        (figure,) = _figures(sentence)
        assert (figure.unit, figure.high) == (unit, 60.0 if unit == "mph" else 3.0)
    (ratio,) = _figures("The bill passed by a 3-to-1 margin.")
    assert (ratio.kind, ratio.unit) == ("ratio", "to 1")


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("The plant will close next year, cutting 1,200 jobs.", "jobs cut"),
        ("The storm killed 12 people.", "people killed by the storm"),
        ("Rebels freed 12 hostages on Sunday.", "hostages freed by Rebels"),
        ("The company plans to add 500 jobs.", "jobs to be added"),
        ("The flood displaced 20,000 residents.", "residents displaced by the flood"),
        ("He served 6 years on the council.", "years served on the council"),
        ("She ran 42 kilometres in the rain.", "kilometres run in the rain"),
    ],
)
def test_a_count_after_a_verb_is_labelled_by_what_was_done_to_it(sentence: str, label: str) -> None:
    """Say "jobs cut", not "cutting 1,200 jobs": the number is shown beside the label already."""
    assert [f.label for f in _figures(sentence)] == [label]


def test_a_count_that_is_no_object_keeps_its_words() -> None:
    """Keep the words of "an estimated 300 people" (an adjective) and "has 300 members"."""
    assert _figures("An estimated 300 people attended.")[0].label == "people who attended"
    assert _figures("The club has 300 members.")[0].label == "has 300 members"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The city will hire 250 more transit enforcement officers.",
            [(250.0, "transit enforcement officers")],
        ),
        ("The budget pays for 120 new social care staff.", [(120.0, "social care staff")]),
        ("Police credit 5,000 new CCTV cameras.", [(5000.0, "cameras")]),
        ("The airline will add 14 weekly flights.", [(14.0, "weekly flights")]),
    ],
)
def test_a_count_keeps_its_whole_noun_past_more_new_and_acronyms(
    sentence: str, expected: list[tuple[float, str]]
) -> None:
    """'250 more transit enforcement officers' counts officers, not 'more'."""
    assert _values(sentence) == expected


def test_a_change_then_a_level_in_another_unit_is_no_range() -> None:
    """'jumped 14% to $92.50' is a 14 percent rise and a $92.50 price."""
    assert _ranges("Shares jumped 14% to $92.50 on Monday.") == [
        (14.0, None, "percent"),
        (92.5, None, "dollars"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The court set a fine of 2 billion won.", [(2e9, "won")]),
        ("The studio costs ₱3.5 million.", [(3.5e6, "pesos")]),
        ("The state sold a N45 billion bond.", [(45e9, "naira")]),
        ("The developer will invest P12 billion.", [(12e9, "pesos")]),
        ("Of the 40 pupils, 5 won prizes.", [(40.0, "pupils"), (5.0, None)]),
    ],
)
def test_won_pesos_and_naira_are_currencies(
    sentence: str, expected: list[tuple[float, str | None]]
) -> None:
    """The won after a large amount, the peso sign, and N or P before a scaled amount."""
    assert _values(sentence) == expected


def test_aged_before_a_number_or_a_range_is_years_of_age() -> None:
    """'adults aged 50 to 70' is a range of ages, not of adults."""
    assert _ranges("The trial enrolled 2,400 adults aged 50 to 70.") == [
        (2400.0, None, "adults"),
        (50.0, 70.0, "year of age"),
    ]
    assert _values("She began racing at age 12.") == [(12.0, "year of age")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The team signed him to a US$110-million contract.", [(110e6, "dollars")]),
        ("A $5 fee applies to every ticket.", [(5.0, "dollars")]),
        ("It costs A$5 in Sydney.", [(5.0, "australian dollars")]),
        ("Its 50-megapixel camera is new.", [(50.0, "megapixel")]),
        ("The Premier League's 20 clubs voted.", [(20.0, "clubs")]),
    ],
)
def test_written_forms_of_scale_currency_and_count(
    sentence: str, expected: list[tuple[float, str]]
) -> None:
    """A hyphenated scale, "A $5" (an article, not Australia), a count after a possessive."""
    assert _values(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("About 1 in 4 adults has high blood pressure.", [(25.0, "percent")]),
        ("One in every five pupils was absent.", [(20.0, "percent")]),
        ("He scored 3 in 5 games.", [(3.0, None), (5.0, "games")]),
        ("Strikes cut power to a quarter of a million homes.", [(250000.0, "homes")]),
        ("Half a million people marched.", [(500000.0, "people")]),
        ("The journey takes about four and a half hours.", [(4.5, "hours")]),
    ],
)
def test_shares_with_in_and_amounts_with_a_fraction(
    sentence: str, expected: list[tuple[float, str | None]]
) -> None:
    """'1 in 4' is a share (but '3 in 5 games' is not), and fractions of amounts are read."""
    assert _values(sentence) == expected


def test_a_part_of_a_counted_whole_is_counted_alike() -> None:
    """Count "26 of the 30 board members" in members, both the part and the whole."""
    assert sorted(_values("Only 26 of the 30 board members voted for the plan.")) == [
        (26.0, "board members"),
        (30.0, "board members"),
    ]


def test_a_height_in_feet_and_inches_is_two_figures() -> None:
    """Read "6ft 2in" and "5 feet 10 inches" as feet and inches, not one bare number."""
    assert sorted(_values("The centre-back, who stands 6ft 2in, joined in May.")) == [
        (2.0, "inches"),
        (6.0, "feet"),
    ]
    assert sorted(_values("The wall is 5 feet 10 inches high.")) == [
        (5.0, "feet"),
        (10.0, "inches"),
    ]


def test_half_a_measure_and_a_margin_of_error() -> None:
    """Read "half a tonne" as 0.5 tonne; "plus or minus 2.2" is a margin, not negative."""
    assert _values("The crane lifted half a tonne of steel.") == [(0.5, "tonne")]
    assert _values("Half a dozen people came.") == []
    assert _values("The margin of error is plus or minus 2.2 percentage points.") == [
        (2.2, "percentage points")
    ]
    assert _values("Temperatures fell to minus 5C.") == [(-5.0, "degrees Celsius")]


def test_earthquake_magnitudes() -> None:
    """A number after "magnitude" or before "on the Richter scale" is a magnitude."""
    (fig,) = _figures("A magnitude 6.4 earthquake struck off the coast.")
    assert (fig.value, fig.unit, fig.label) == (6.4, "magnitude", "magnitude of the earthquake")
    assert _values("The quake measured 5.8 on the Richter scale.") == [(5.8, "magnitude")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Leave the motorway at junction 14 and follow the signs.",
        "The train leaves from platform 9 for the coast.",
        "Donations can be made by calling 0800 123 4567 or texting GIVE to 61016.",
        "Call 020 7946 0958 or 07700 900123 for details.",
    ],
)
def test_numbers_that_name_a_place_or_a_line_are_no_figures(sentence: str) -> None:
    """Junctions, platforms, UK phone numbers and text short codes are not amounts."""
    assert _values(sentence) == []


def test_units_written_once_for_two_numbers() -> None:
    """Read "$3-4 million" as one range; "40 more" and "votes to 198" share the unit."""
    assert _values("The repairs will cost $3-4 million.") == [(3e6, "dollars")]
    assert _figures("The repairs will cost $3-4 million.")[0].high == 4e6
    assert sorted(_values("Shelling killed 17 civilians and wounded 40 more.")) == [
        (17.0, "civilians"),
        (40.0, "civilians"),
    ]
    assert sorted(_values("The bill passed by 312 votes to 198.")) == [
        (198.0, "votes"),
        (312.0, "votes"),
    ]
    assert sorted(_values("The Lions have lost 7 of their last 10 games.")) == [
        (7.0, "games"),
        (10.0, "games"),
    ]
    assert sorted(_values("Cholera has spread to 9 of the country's 16 districts.")) == [
        (9.0, "districts"),
        (16.0, "districts"),
    ]


def test_hyphenated_fractions_rates_and_rand_prices() -> None:
    """Read "a two-thirds majority" as a share, "eight in 24 hours" as none, "R4.20" as rand."""
    (fig,) = _figures("Article 50 requires a two-thirds majority in both chambers.")
    assert (round(fig.value, 2), fig.unit, fig.label) == (66.67, "percent", "two-thirds majority")
    assert sorted(_values("Adults should take no more than eight in 24 hours.")) == [
        (8.0, None),
        (24.0, "hours"),
    ]
    assert _values("Kgosi Platinum cut its dividend to R4.20 a share.") == [(4.2, "rand")]
    assert _values("Buses on the number 9 route were cancelled.") == []


def test_an_age_after_now_is_an_age() -> None:
    """Read "the defendant, now 63," as the defendant's age."""
    (fig,) = _figures("Prosecutors say the defendant, now 63, laundered money.")
    assert (fig.value, fig.unit, fig.label) == (63.0, "year of age", "age of the defendant")


def test_index_levels_after_a_change_share_their_unit_beside_other_units() -> None:
    """Read "climbed 0.1% to 1,333.18" as points like the level before it, shekels about."""
    sentence = (
        "The TA-35 index edged down 0.03% to a close of 1,463.87 points, while the TA-125"
        " climbed 0.1% to 1,333.18, on turnover of 1.23 billion shekels."
    )
    assert (1333.18, "points") in _values(sentence)
    assert (1.23e9, "shekels") in _values(sentence)


def test_the_head_noun_of_a_compound_is_the_unit() -> None:
    """Count "87 new measles cases" in cases, "a 5,000-strong crowd" in people of a crowd."""
    assert _values("Officials reported 87 new measles cases in the province.") == [
        (87.0, "measles cases")
    ]
    assert _values("A 5,000-strong crowd greeted the first train.") == [(5000.0, "crowd")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mira Sokol, the world No 7, reached the final.",
        "Shortstop Leo Amari, who wears No 22, made the squad.",
        "The rocket will launch from Pad 39C next spring.",
        "The penthouse at 1 Marlin Quay sold last week.",
    ],
)
def test_ranks_pads_and_quays_are_no_figures(sentence: str) -> None:
    """Leave "No 7", "Pad 39C" (not 39 degrees) and "1 Marlin Quay" out."""
    assert _values(sentence) == []


def test_an_age_over_a_bound_is_an_age() -> None:
    """Read "people aged over 65" as an age in years."""
    assert _values("The jab reached people aged over 65.") == [(65.0, "year of age")]
