"""Word lists for figure labels: verbs, pronouns, time words and clause boundaries."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that news uses around amounts, in the forms that are not plain "-ed" words.
VERBS = _words(
    """
    is are was were be been being am has have had do does did will would can could should may
    might must shall rise rises rose risen falls fell fallen grow grows grew grown costs reach
    reaches stand stands stood totalled climb climbs dropped slip slips slipped dip dips dipped
    jump jumps soar soars surge surges gain lose loses lost win wins won make makes made take
    takes took taken get gets got give gives gave given pay pays paid spend spends spent sell
    sells sold buy buys bought earn earns keep keeps kept hold holds held leave leaves left say
    says said tell tells told showed shown carry carries see sees saw seen come comes came go
    goes went gone ran put puts bring brings brought spoke speak speaks wrote write writes sat
    sit sits meet meets met become becomes became remain remains employ employs serve serves
    expect expects include includes attend attends represent represents exceed exceeds approve
    approves receive receives drew drawn
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
    evening night weekend season today yesterday tomorrow spring summer autumn fall
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
