"""Units of figures: currencies, measures, abbreviations, and the counted noun after a number."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CURRENCY_SYMBOLS = {
    "$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees", "₩": "won",
    "₽": "rubles", "₱": "pesos",
}  # fmt: skip
# Codes and prefixes written before the amount ("USD10m", "RM2.70", "$US113", "A$5").
CURRENCY_CODES = {
    "usd": "dollars", "us$": "dollars", "$us": "dollars", "eur": "euros", "gbp": "pounds",
    "jpy": "yen", "cny": "yuan", "rmb": "yuan", "inr": "rupees", "rs": "rupees", "rs.": "rupees",
    "rm": "ringgit", "chf": "francs", "aud": "australian dollars", "a$": "australian dollars",
    "$a": "australian dollars", "au$": "australian dollars", "cad": "canadian dollars",
    "c$": "canadian dollars", "$c": "canadian dollars", "nz$": "new zealand dollars",
    "$nz": "new zealand dollars", "hk$": "hong kong dollars", "s$": "singapore dollars",
    "r$": "reais", "r": "rand", "zar": "rand", "ksh": "kenyan shillings",
    "kes": "kenyan shillings", "sh": "shillings", "ngn": "naira", "₦": "naira", "n": "naira",
    "php": "pesos", "p": "pesos", "mxn": "pesos", "brl": "reais", "krw": "won",
    "sgd": "singapore dollars", "hkd": "hong kong dollars", "nzd": "new zealand dollars",
}  # fmt: skip
CURRENCY_WORDS = _words(
    """
    dollar dollars euro euros pound pounds yen yuan renminbi rupee rupees ruble rubles rouble
    roubles peso pesos shekel shekels crown crowns krona kronor krone kroner franc francs real
    reais rand lira lire won dinar dinars riyal riyals dirham dirhams cent cents pence ringgit
    baht rupiah naira hryvnia zloty zlotys forint sen shilling shillings cedi cedis kwacha
    """
)
_CURRENCY_ADJECTIVES = (
    "australian ", "canadian ", "hong kong ", "singapore ", "new zealand ", "us ", "u.s. ",
    "danish ", "swedish ", "norwegian ", "swiss ", "taiwan ", "malaysian ", "mexican ",
)  # fmt: skip
# Measure words, singular and plural, in both spellings; CANONICAL picks one spelling.
MEASURES = _words(
    """
    percent mile miles kilometre kilometres kilometer kilometers metre metres meter meters
    centimetre centimetres centimeter centimeters millimetre millimetres millimeter millimeters
    micrometre micrometres micrometer micrometers micron microns nanometre nanometres nanometer
    nanometers foot feet inch inches yard yards kilogram kilograms gram grams milligram milligrams
    pound pounds ton tons tonne tonnes ounce ounces gallon gallons litre litres liter liters
    millilitre millilitres milliliter milliliters barrel barrels acre acres hectare hectares
    mph kph degree degrees celsius fahrenheit second seconds minute minutes hour hours day days
    week weeks month months year years decade decades century centuries point points vote votes
    seat seats watt watts kilowatt kilowatts megawatt megawatts gigawatt gigawatts volt volts
    byte bytes gigabyte gigabytes terabyte terabytes megabyte megabytes calorie calories
    horsepower knot knots bushel bushels carat carats ppm ppb hertz
    """
)
CANONICAL = {
    "liter": "litre", "liters": "litres", "meter": "metre", "meters": "metres",
    "kilometer": "kilometre", "kilometers": "kilometres", "centimeter": "centimetre",
    "centimeters": "centimetres", "millimeter": "millimetre", "millimeters": "millimetres",
    "micrometer": "micrometre", "micrometers": "micrometres", "nanometer": "nanometre",
    "nanometers": "nanometres", "milliliter": "millilitre", "milliliters": "millilitres",
}  # fmt: skip
# Abbreviations written directly after the digits ("5km", "120Hz", "164p").
ATTACHED = {
    "km": "km", "kg": "kg", "mph": "mph", "khz": "kHz", "mhz": "MHz", "ghz": "GHz",
    "km/h": "km/h", "mm": "mm", "cm": "cm", "ft": "ft", "lb": "lb", "lbs": "lbs", "gb": "GB",
    "tb": "TB", "mb": "MB", "mw": "MW", "gw": "GW", "kw": "kW", "kwh": "kWh", "m": "m",
    "g": "g", "l": "l", "ml": "ml", "in": "in", "kph": "kph", "c": "degrees Celsius",
    "f": "degrees Fahrenheit", "mg": "mg", "w": "W", "hz": "Hz", "km/hr": "km/h", "v": "V",
    "gw/h": "GWh", "bhp": "bhp", "hp": "horsepower", "ppm": "ppm", "ppb": "ppb", "rpm": "rpm",
    "μm": "micrometres", "nm": "nanometres", "mah": "mAh", "p": "pence", "mwh": "MWh",
    "gwh": "GWh", "twh": "TWh", "mi": "miles", "sqm": "square metres", "sqft": "square feet",
}  # fmt: skip
# Abbreviations after a space ("784 HP", "15 ppb", "12 C"), matched case-sensitively.
SPACED = {
    "km": "km", "kg": "kg", "mph": "mph", "kph": "kph", "km/h": "km/h", "rpm": "rpm",
    "hp": "horsepower", "HP": "horsepower", "bhp": "bhp", "ppm": "ppm", "ppb": "ppb",
    "μm": "micrometres", "nm": "nanometres", "mm": "mm", "cm": "cm", "ft": "ft", "lb": "lb",
    "lbs": "lbs", "GB": "GB", "TB": "TB", "MB": "MB", "MW": "MW", "GW": "GW", "kW": "kW",
    "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "mg": "mg", "ml": "ml",
    "Hz": "Hz", "kHz": "kHz", "MHz": "MHz", "GHz": "GHz", "C": "degrees Celsius",
    "F": "degrees Fahrenheit", "°C": "degrees Celsius", "°F": "degrees Fahrenheit",
    "mAh": "mAh", "m": "m", "″": "inches", '"': "inches", "′": "feet",
}  # fmt: skip
COMPOUND = (
    ("square miles", "square miles"), ("square mile", "square miles"),
    ("square kilometres", "square kilometres"), ("square kilometers", "square kilometres"),
    ("square feet", "square feet"), ("square foot", "square feet"),
    ("square metres", "square metres"), ("square meters", "square metres"),
    ("sq ft", "square feet"), ("sq m", "square metres"), ("sq km", "square kilometres"),
    ("sq mi", "square miles"), ("cubic feet", "cubic feet"), ("cubic metres", "cubic metres"),
    ("cubic meters", "cubic metres"), ("miles per hour", "miles per hour"),
    ("kilometres per hour", "kilometres per hour"),
    ("kilometers per hour", "kilometres per hour"), ("meters per second", "metres per second"),
    ("metres per second", "metres per second"), ("percentage points", "percentage points"),
    ("percentage point", "percentage points"), ("basis points", "basis points"),
    ("basis point", "basis points"), ("metric tons", "metric tons"),
    ("metric tonnes", "metric tonnes"), ("light years", "light years"),
    ("light-years", "light years"), ("per cent", "percent"),
)  # fmt: skip
STOPS = _words(
    """
    a an the of in on at to for from with by and or but nor as than that which who whom whose
    is are was were be been being will would can could should may might must has have had do
    does did not no per each every this these those it its they them their he she his her we
    our you your i me my more less fewer most least over under about around into onto out up
    down off after before since until while when where why how what if so such then there here
    now ago later earlier today yesterday tomorrow apiece last next also only just still even
    already both all some any many much several other another same said says according against
    between among during through across toward towards within without behind beyond above below
    near outside inside along amid beside via
    """
)
IRREGULAR_PLURALS = _words(
    "people children men women police staff personnel cattle feet teeth mice geese troops"
)
# Adjectives between a count and its noun that say how many more, not what is counted.
_COUNT_ADJECTIVES = _words("more new additional extra further fewer other")
# Adjectives in "-ly" that stand inside a counted noun phrase ("14 weekly flights").
_LY_ADJ = _words("weekly daily monthly yearly quarterly hourly nightly elderly")
# Verbs that often follow a bare count ("200 attended", "five rose"), so are not its noun.
_VERBS = _words(
    """
    rose fell went came took got made saw won lost left ran grew died became remained stood
    voted attended gathered joined signed fled arrived spent paid gave sold bought held met
    spoke said told wrote sat stayed testified applied responded replied agreed refused
    """
)
_NOT_MILLION = _words("tall long wide high deep away above below under over from")
# Measures of a substance, which news names with "of": "barrels of oil", "tonnes of coal".
_MEASURES_OF = _words(
    """
    barrel barrels ton tons tonne tonnes gallon gallons litre litres liter liters ounce ounces
    kilogram kilograms acres hectares bushel bushels cubic
    """
)
_OF_TAIL = re.compile(r"^ of ((?:[a-z][\w-]*)(?: [a-z][\w-]*)?)")


def canonical(unit: str) -> str:
    """Return the canonical spelling of a unit word ("liters" -> "litres")."""
    return CANONICAL.get(unit.casefold(), unit)


def is_measure(word: str) -> bool:
    """Return whether a word names a unit of measure or a currency, in any number."""
    low = word.casefold()
    return (
        low in MEASURES
        or low in CURRENCY_WORDS
        or (low.endswith("s") and (low[:-1] in MEASURES or low[:-1] in CURRENCY_WORDS))
    )


def million_suffix(next_word: str, decimal: bool) -> bool:
    """Return whether a bare "m" after digits means million rather than metres."""
    low = next_word.casefold()
    if low in _NOT_MILLION:
        return False
    plural = low.endswith("s") and not low.endswith(("ss", "us", "is"))
    return decimal or is_measure(low) or plural or low in IRREGULAR_PLURALS


def _is_plural(word: str) -> bool:
    low = word.casefold()
    return low in IRREGULAR_PLURALS or (
        low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 2
    )


def _compound_head(following: list[str]) -> bool:
    """Tell whether the word after a plural-looking one is the head noun of a compound.

    "87 new measles cases": after a number and a plural, a second plural is the noun
    ("measles" qualifies it); a verb would not take an "-s" after a plural subject.
    """
    if not following:
        return False
    word = following[0]
    low = word.casefold()
    return (
        word.isalpha()
        and word.islower()
        and _is_plural(word)
        and low not in STOPS
        and low not in _VERBS
    )


def currency_phrase(low_after: str) -> str | None:
    """Return "dollars" or "canadian dollars" when the text after a number names a currency."""
    m = re.match(
        r"^\s?((?:[a-z.]+ ){0,2})?(dollars|euros|pounds|crowns|francs|ringgit|yen|yuan|won"
        r"|rupees|pesos|reais|rand|naira|shillings|dirhams|riyals|roubles|rubles|baht|rupiah)\b",
        low_after,
    )
    if not m:
        return None
    adjective = m.group(1) or ""
    if not adjective:
        return m.group(2)
    for known in _CURRENCY_ADJECTIVES:
        if adjective.endswith(known):
            return known + m.group(2)
    return None


def measure_with_of(word: str, rest: str) -> str:
    """Return a measure with what it measures: "barrels of oil", "tonnes of jet fuel"."""
    m = _OF_TAIL.match(rest) if word.casefold() in _MEASURES_OF else None
    kept: list[str] = []
    for tail_word in m.group(1).split() if m else []:
        if tail_word in STOPS:
            break
        kept.append(tail_word)
    return f"{canonical(word)} of {' '.join(kept)}" if kept else canonical(word)


def counted_noun(after: str, value: float) -> str | None:
    """Return the unit or counted noun written after a number, e.g. "troops", "barrels of oil"."""
    low_after = after.casefold()
    stripped = low_after.lstrip()
    for surface, unit in COMPOUND:
        if stripped.startswith(surface) and not stripped[len(surface) : len(surface) + 1].isalpha():
            return unit
    first = after.split(None, 1)[:1]
    if first:
        abbrev = first[0].rstrip(".,;:)")
        if abbrev in SPACED and (abbrev != "m" or value < 1000):
            return SPACED[abbrev]
        if abbrev.casefold() in CURRENCY_CODES and abbrev.isupper() and len(abbrev) > 1:
            return CURRENCY_CODES[abbrev.casefold()]
        if "-" in abbrev and is_measure(abbrev.split("-")[0]):
            return abbrev  # "pound-feet", "barrel-a-day"
    money = currency_phrase(low_after)
    if money and not (money == "won" and value < 1000):  # "5 won prizes": the verb
        return money
    words = re.findall(r"[A-Za-z][\w’'/-]*|\S", after[:80])
    # "250 more transit officers", "120 new care staff": the amount's adjective is no unit.
    while len(words) > 1 and words[0].casefold() in _COUNT_ADJECTIVES:
        words = words[1:]
    collected: list[str] = []
    for i, word in enumerate(words[:5]):
        low = word.casefold()
        if low in STOPS or not word[0].isalpha() or (low.endswith("ly") and low not in _LY_ADJ):
            break
        if i == 0 and low in _VERBS:
            return None
        if is_measure(low):
            if not collected:
                rest = after[after.find(word) + len(word) :]
                return measure_with_of(word, rest)
            collected.append(word)
            break
        if i > 0 and word[0].isupper() and not collected[-1][0].isupper() and not word.isupper():
            break  # "784 HP bySergiu Tudose": a name starts, the noun phrase has ended
        collected.append(word)
        if len(collected) == 4:
            break
        if _is_plural(word) and not _compound_head(words[i + 1 : i + 2]):
            break
    while collected and collected[-1].casefold().endswith(("ed", "ing")):
        collected.pop()
    # "North Korean troops": a proper adjective in front of the noun is not part of the unit.
    while len(collected) > 1 and collected[0][0].isupper():
        collected.pop(0)
    if not collected:
        return None
    if value == 1:
        # "one proposal asks": the noun is singular, so a following "-s" word is its verb.
        head = [collected[0]]
        for word in collected[1:]:
            if _is_plural(word):
                break
            head.append(word)
        return " ".join(head)
    for i, word in enumerate(collected):
        if _is_plural(word) and not _compound_head(collected[i + 1 : i + 2]):
            return " ".join(collected[: i + 1])
    return " ".join(collected)
