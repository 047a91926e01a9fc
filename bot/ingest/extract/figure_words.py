"""Word lists for figure labels: verbs, pronouns, time words and clause boundaries."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that news uses around amounts, in the forms that are not plain "-ed" words.
VERBS = _words(
    """
    is are was were be been being am has have had do does did will would can could should may
    might must shall rise rises rose risen fall falls fell fallen grow grows grew grown cost costs
    reach reaches hit hits stand stands stood total totals totalled top tops climb climbs drop
    drops dropped slip slips slipped dip dips dipped jump jumps soar soars surge surges gain gains
    lose loses lost win wins won make makes made take takes took taken get gets got give gives
    gave given pay pays paid spend spends spent sell sells sold buy buys bought earn earns keep
    keeps kept hold holds held leave leaves left say says said tell tells told show shows showed
    shown carry carries see sees saw seen come comes came go goes went gone run runs ran set sets
    put puts cut cuts raise raises bring brings brought spoke speak speaks wrote write writes
    sat sit sits meet meets met become becomes became remain remains employ employs serve serves
    count counts number numbers need needs want wants expect expects plan plans estimate
    estimates include includes attend attends vote votes live lives work works face faces
    represent represents account accounts amount amounts average averages exceed exceeds
    approve approves receive receives draw draws drew drawn
    """
)
PRONOUNS = _words("he she it they we i you this that these those there who which what one")
DETERMINERS = _words(
    "the a an its their his her our my your this that these those such some any each every"
)
MONTHS = _words(
    """
    january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday
    """
)
TIME_NOUNS = _words(
    """
    day days week weeks month months year years quarter decade century morning afternoon
    evening night weekend season today yesterday tomorrow time period spring summer autumn fall
    winter
    """
)
TIME_LEADS = _words("last next this that the each every same previous coming past end start")
# Words that open a new clause: a label never runs across them.
CLAUSE_WORDS = _words(
    """
    and but which who whom that while whereas because after before when if although though
    since until so or nor where whether unless
    """
)
# Prepositions that can attach what a figure measures: "passengers per hour", "fare for a ride".
TAIL_PREPOSITIONS = _words("of in for per at on from with across among into between to by")
BOUNDARY = re.compile(r",(?!\d)|[;:!?()\[\]\"“”—–]|\.(?!\d)|\s-\s")
