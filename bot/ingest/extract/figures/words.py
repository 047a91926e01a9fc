"""Word lists for figures: label verbs, pronouns, time words, clause boundaries and qualifiers."""

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
WORD = re.compile(r"[^\s]+")
MODALS = frozenset({"will", "would", "could", "may", "might", "can", "should", "must", "shall"})
# Words that belong to a unit as written ("square miles", "basis points", "per cent").
UNIT_WORDS = frozenset(
    {"square", "cubic", "metric", "per", "cent", "percentage", "basis", "light", "percent", "pct"}
)
# Words that open a rate after a figure ("a day", "per hour").
RATE_WORDS = frozenset({"a", "an", "per", "each", "every"})

# Words before a number that hedge or bound it ("more than 300", "about 12"). Tried in this order:
# the first that ends the text before the number wins.
QUALIFIERS = (
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as much as",
    "as few as",
    "as little as",
    "upwards of",
    "close to",
    "just over",
    "just under",
    "well over",
    "an estimated",
    "approximately",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "some",
    "over",
    "under",
    "estimated",
    "only",
    "just",
    "below",
    "above",
    "about",
    "approx.",
    "circa",
    "almost",
    "barely",
)
# Qualifiers that are also prepositions: "620 miles over 86 minutes" is no qualifier.
QUALIFIER_PREPOSITIONS = frozenset({"over", "under", "above", "below"})
# Stop words before such a preposition that still leave it a qualifier ("for over 20 years").
QUALIFIER_LEADS = frozenset({"for", "of", "by", "to", "has", "have", "had", "in"})
# Capitalised words that open a sentence before a number without making it an id ("About 40").
SENTENCE_START_WORDS = frozenset(
    [
        "About",
        "Around",
        "Approximately",
        "Nearly",
        "Almost",
        "Roughly",
        "Some",
        "Over",
        "Under",
        "More",
        "Less",
        "Fewer",
        "At",
        "Up",
        "Just",
        "Only",
        "An",
        "Estimated",
        "Between",
        "From",
        "In",
        "By",
        "Of",
        "To",
        "With",
        "Since",
        "For",
        "As",
        "Another",
        "Each",
        "Every",
        "Those",
        "These",
        "The",
        "A",
        "All",
        "Only",
        "Another",
        "Fully",
        "Just",
    ]
)
# Words after "one" that make it a pronoun or an idiom, not a count ("one another", "one day").
ONE_IDIOM_NEXT = frozenset({"another", "day", "time", "way", "thing", "side", "hand"})
# Words before "one" that make it a pronoun ("the one", "no one").
ONE_PRONOUN_BEFORE = frozenset({"no", "the", "this", "that", "any", "every", "each"})
# Words before "half" that make it a part of something, not a share ("the second half").
HALF_PART_BEFORE = frozenset(
    {"the", "first", "second", "other", "final", "last", "latter", "former"}
)
# Words dropped from the start of what a share is of ("a third of the voters").
SHARE_LEADS = ("the", "all", "those", "of")
# Units a label never repeats after the number (currencies and percent).
UNWRITTEN_UNITS = ("percent", "dollars", "euros", "pounds", "yen", "rupees")
# What may stand between two figures that share a unit or a scale ("4.8 to 4.7 percent").
SHARED_UNIT_JOINS = ("to", "and", "or", "-", "–", "from")
