"""Person and organisation mentions: names, roles, surname and pronoun coreference."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.core.models import Person, fold

from .affiliation import affiliation_around, state_in
from .lexicon import (
    COUNTRIES,
    FEMALE_NAMES,
    FEMALE_ROLE_NOUNS,
    FIRST_NAMES,
    HONORIFICS,
    IRREGULAR_PAST,
    KNOWN_ORG_PHRASES,
    KNOWN_ORGS,
    MALE_NAMES,
    MALE_ROLE_NOUNS,
    NON_NAME_WORDS,
    ORG_WORDS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    TITLE_WORDS,
)
from .text import slugify

_ABBR = (
    r"(?:Sen|Sens|Gov|Rep|Reps|Lt|Gen|Col|Maj|Capt|Adm|Sgt|Cmdr|Dr|Mr|Mrs|Ms|Mx|Prof|Rev|Sr|Jr"
    r"|St|Ft|Mt|Del|Amb|Supt|Gens|Govs|Det|Insp|Const|Cpl|Pte|Cllr|Hon|Fr|Msgr|Atty)\."
)
# Capitals with accents open names too: "Élise Thibodeau", "Łukasz", "Ömer", "Şule".
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_TOKEN = rf"(?:{_ABBR}|[A-Z]\.(?:[A-Z]\.)+|[A-Z]\.|[{_UPPER}][\w’'\-]*\w|[A-Z])"
_PARTICLE = r"(?:of|de|da|del|della|van|von|der|den|bin|ibn|al|la|le|du|dos|das|y|the)"
# "Ursula von der Leyen", "Lula da Silva": one or two particles may stand inside a name.
_JOINER = rf"(?: {_PARTICLE}(?: (?:der|den|la|las|los|le))? | )"
# 'Robert C. "Bobby" Scott': a nickname in quote marks inside a name is part of it.
_NICKNAME = r" [\"“][A-Z][\w’'-]*[\"”] "
_SEQUENCE = re.compile(rf"(?<![\w’'-]){_TOKEN}(?:(?:{_JOINER}|{_NICKNAME}){_TOKEN})*")
_POSSESSIVE = re.compile(r"[’']s?$")
_APPOSITION = re.compile(
    r"^, (?P<role>(?:(?:the|a|an|his|her|its|[A-Z][\w.]*[’']s) |(?!who\b|which\b|whose\b|and\b"
    r"|but\b|said\b|says\b|told\b)(?=[a-z]))[^,.;:“”\"]{2,70}?)(?=,| said| says|\.)"
)
_CLAUSE_BREAK = re.compile(r"\n|[.!?][\"”’]?\s")
_CLOSES_APPOSITION = re.compile(r"^(?:,| said\b| says\b| told\b)")
_POSSESSIVE_WORD = re.compile(r"^[A-Za-z][\w-]*(?:['’]s|s['’])$")
# Titles that say how to address a person, not what they do.
_COURTESY_TITLES = frozenset({"Dr.", "Dr", "Prof.", "Prof", "Professor", "Sir", "Dame", "Rev."})
_FUNCTION = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "with",
        "by",
        "from",
        "said",
        "says",
        "that",
        "who",
        "which",
        "his",
        "her",
        "their",
        "its",
        "is",
        "was",
        "are",
        "were",
        "has",
        "had",
        "have",
        "be",
        "as",
        "than",
        "while",
        "when",
        "after",
        "before",
        "but",
    ]
)
_GENDERED_PRONOUN = re.compile(r"\b(he|his|him|himself|she|her|hers|herself)\b", re.IGNORECASE)
_MALE_FORMS = frozenset({"he", "his", "him", "himself"})
_PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_UNNAMED_PREFIX = re.compile(r"\b(?:for|of|at|with|from|to|by|in|on)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(slots=True)
class Entity:
    """A person or organisation found in the article, with every way it is named."""

    name: str
    kind: str = "person"
    role: str | None = None
    gender: str | None = None
    aliases: set[str] = field(default_factory=set)
    party: str | None = None  # "democrat", from "(D-Ohio)" or ", a Democrat"
    state: str | None = None  # "Ohio", from "(D-Ohio)" or "Ohio Gov."

    @property
    def surname(self) -> str:
        """Return the last token of the name."""
        return self.name.split()[-1]

    def to_person(self) -> Person:
        """Return the schema model for this entity."""
        aliases = sorted(a for a in self.aliases if fold(a) != fold(self.name))
        return Person(
            id=slugify(self.name, 128) or "unknown",
            name=self.name,
            role=self.role if self.kind == "person" else None,
            aliases=aliases,
            kind="organization" if self.kind == "organization" else "person",
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """A name as written, split into its role part and its name part."""

    start: int
    end: int
    surface: str
    role: str | None
    name: str
    honorific_gender: str | None
    after_the: bool
    after_org_noun: bool = False


# The role nouns a title stands for: "Rep. Laura Whitcomb" is "the congresswoman".
# Role initials a story may use after writing the role out: "the CFO said".
_ROLE_ACRONYMS = frozenset({"ceo", "cfo", "coo", "cto", "cio", "cmo"})
# Roles of several words another noun stands for.
_ROLE_PHRASES = {
    "prosecutor": (
        "district attorney", "state's attorney", "prosecuting attorney", "u s attorney",
        "crown counsel", "commonwealth's attorney", "procurator fiscal",
    ),
}  # fmt: skip
_ROLE_SYNONYMS = {
    "rep": {"representative", "congressman", "congresswoman", "lawmaker", "legislator"},
    "representative": {"congressman", "congresswoman", "lawmaker", "legislator"},
    "sen": {"senator", "lawmaker", "legislator"},
    "senator": {"lawmaker", "legislator"},
    "gov": {"governor"},
    "dr": {"doctor"},
    "prof": {"professor", "academic"},
    "professor": {"academic"},
    "det": {"detective", "officer"},
    "detective": {"officer"},
    "insp": {"inspector", "officer"},
    "sgt": {"sergeant", "officer"},
    "cllr": {"councillor", "councilor"},
    "cr": {"councillor", "councilor"},
    "mp": {"lawmaker", "legislator"},
    "ceo": {"executive", "chief"},
    "coach": {"manager"},
    "manager": {"coach"},
    "chairman": {"chair", "chairperson"},
    "chairwoman": {"chair", "chairperson"},
    "justice": {"judge"},
    "magistrate": {"judge"},
    "rev": {"vicar", "priest", "pastor", "reverend"},
    "reverend": {"vicar", "priest", "pastor"},
    "attorney": {"lawyer"},
    "solicitor": {"lawyer"},
    "barrister": {"lawyer"},
    "counsel": {"lawyer"},
}
_RELATIVE_AGE = re.compile(r"\b(?:younger|elder|older)\s+$", re.IGNORECASE)
_DETERMINER_END = re.compile(r"(?:^|\s)(?:the|a|an|one|some|several|another)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:who|which|that|now|then|also|later|has|have|had|is|was|this|last|on|in)\b)"
    r"[a-z][a-z-]+(?<!ly)\b"
)


def role_gender(role: str) -> str | None:
    """Return the gender a role noun states ("widow", "congressman"), else None."""
    words = {fold(w) for w in re.findall(r"[\w’'-]+", role)}
    male, female = bool(words & MALE_ROLE_NOUNS), bool(words & FEMALE_ROLE_NOUNS)
    if male == female:
        return None
    return "m" if male else "f"


def gender_fits(entity: Entity, gender: str | None) -> bool:
    """Return whether a person of ``gender`` (None: unknown) can be this entity."""
    return gender is None or entity.gender is None or entity.gender == gender


def _gender_of(first: str) -> str | None:
    male, female = first in MALE_NAMES, first in FEMALE_NAMES
    if male == female:
        return None
    return "m" if male else "f"


# A sentence opening with a noun phrase: "Delaney's wife", "The woman", "His mother".
_NOMINAL_OPENING = re.compile(
    r"\s*(?:(?:The|A|An|His|Her|Their|Its|One|[A-Z][\w’'-]*[’']s?) )"
    r"(?P<words>(?:[a-z][\w-]* ){0,2}[a-z]+)\b(?![’'])"
)
# "The woman’s enthusiasm for Trump ...": the unnamed woman is who the sentence is about.
_NOMINAL_POSSESSOR = re.compile(r"\s*The (?:[a-z][\w-]* )?(?P<noun>[a-z]+)[’']s ")
_MALE_NOUNS = MALE_ROLE_NOUNS | {"man", "boy", "gentleman"}
_FEMALE_NOUNS = FEMALE_ROLE_NOUNS | {"woman", "girl", "lady"}


def _nominal_subject_gender(sentence: str) -> str | None:
    """Return the gender of a sentence's unnamed subject ("Delaney's wife", "The woman's ...").

    A person introduced unnamed ("At the station, a retired bus driver said ...") whose noun
    tells no gender is "" (either), unless the sentence calls them only by the other
    gender's pronouns; anything else is None.
    """
    m = _NOMINAL_POSSESSOR.match(sentence)
    words = [m.group("noun")] if m else []
    if m is None and (m := _NOMINAL_OPENING.match(sentence)) is not None:
        words = m.group("words").split()  # "Arceneaux's older sister"
    for noun in words:
        if noun in _MALE_NOUNS:
            return "m"
        if noun in _FEMALE_NOUNS:
            return "f"
    unnamed = _UNNAMED_PERSON.match(sentence)
    phrase = (
        re.split(r" (?:of|from|by|for|with|who|that|at|in|on|to)\b", unnamed.group("words"))[0]
        if unnamed
        else ""
    )
    if any(w in ROLE_NOUNS for w in phrase.split()):
        his = _HIS.search(sentence) is not None
        her = _HER.search(sentence) is not None
        return "m" if his and not her else "f" if her and not his else ""
    return None


# "A retired bus driver who declined to give his name said", also after an opening phrase
# ("At a polling station, a voter ..."): someone new, never the person named before.
_UNNAMED_PERSON = re.compile(
    r"\s*(?:(?:At|In|On|Outside|Inside|Near|Nearby|Elsewhere|Across|Back|Later)\b[^,]{0,60}, )?"
    r"(?:A|An|One|Another|a|an|one|another) (?P<words>(?:[a-z][\w-]* ){0,3}[a-z]+)\b(?![’'])"
)
_HIS = re.compile(r"\b(?:his|him|he)\b")
_HER = re.compile(r"\b(?:her|hers|she)\b")


def _verdict(votes: list[int]) -> str | None:
    """Return the gender the pronoun votes [male, female] agree on, at least three to one."""
    male, female = votes
    if male >= 3 * female and male:
        return "m"
    if female >= 3 * male and female:
        return "f"
    return None


# Ranks written without a full stop that are also first names ("Col" for Colin).
_NAME_LIKE_TITLES = frozenset({"Col"})


def parse_mention(
    surface: str, start: int = 0, *, after_the: bool = False, after_org_noun: bool = False
) -> Mention | None:
    """Split a capitalised sequence into role and name, or return None if it names no one."""
    tokens = surface.split(" ")
    offset = 0
    while tokens and (tokens[0] in NON_NAME_WORDS or tokens[0].islower()):
        if tokens[0] in HONORIFICS and len(tokens) > 1:
            break  # "Mrs Patel": the honorific gives the gender
        if tokens[0] == "The":
            after_the = True
        offset += len(tokens[0]) + 1
        tokens = tokens[1:]
    while tokens and tokens[-1].islower():
        tokens = tokens[:-1]
    if not tokens:
        return None
    tokens[-1] = _POSSESSIVE.sub("", tokens[-1]) or tokens[-1]
    honorific = None
    last_title = -1
    for i, tok in enumerate(tokens):
        if i and tokens[i - 1] in HONORIFICS and tok not in HONORIFICS:
            break  # "Mr. King", "Ms. Prince": the word after an honorific is a name
        # A capitalised role noun with a full name after it is a title too ("Engineer Tomas
        # Eze"); with one word after, it may be a first name ("Dean Smith").
        role_title = tok.casefold() in ROLE_NOUNS and len(tokens) - i >= 3 and last_title == i - 1
        if tok in _NAME_LIKE_TITLES and len(tokens) - i == 2 and (i == 0 or last_title != i - 1):
            continue  # "Col Hennessy" is Colin Hennessy; "Col. Hennessy", "Lt Col Hennessy" ranks
        if (
            tok in TITLE_WORDS
            or tok in HONORIFICS
            or role_title
            or (tok == "of" and i and last_title == i - 1)
        ):
            last_title = i
            honorific = HONORIFICS.get(tok, honorific)
    name_tokens = tokens[last_title + 1 :]
    role_tokens = [t for t in tokens[: last_title + 1] if t not in HONORIFICS]
    first = _first_name_at(name_tokens)
    if first > 1 or (first == 1 and _not_a_first_name(name_tokens[0])):
        # "Crown-Indigenous Relations Carolyn Bennett": the words before a known first name
        # are the role, never part of the name; one plain word before it is a first name the
        # lexicon lacks ("Cornell William Brooks").
        role_tokens += name_tokens[:first]
        name_tokens = name_tokens[first:]
    text = " ".join(tokens)
    if not name_tokens and all(t in HONORIFICS for t in tokens):
        return None  # "Chief (Mrs.) Morenike Ogunleye": an honorific alone names no one
    if not name_tokens:
        # A bare title ("the Senate", "the Pentagon") may still be an organisation.
        name_tokens, role_tokens = tokens, []
    role = " ".join(role_tokens) or None
    if role and role.endswith(" of"):
        role = role[:-3]
    if "of" in name_tokens[1:]:
        # "Alexander of Tennessee", "Smith of the Sierra Club": the name stops before "of".
        name_tokens = name_tokens[: name_tokens.index("of", 1)]
    name = " ".join(name_tokens)
    return Mention(
        start=start + offset,
        end=start + offset + len(text),
        surface=text,
        role=role,
        name=name,
        honorific_gender=honorific,
        after_the=after_the,
        after_org_noun=after_org_noun and offset == 0,
    )


# A sentence opening with a capitalised name and a finite verb: "McLenney said ...".
_NAMED_SUBJECT = re.compile(
    r"\s*(?:[A-Z][\w’',-]*(?: [\w’',-]+){0,6}, )?([A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2})"
    r" (?:(?:first|also|then|later|now|still|once|never|[a-z]+ly) )?"
    rf"(?:[a-z]+ed|says|adds|thinks|believes|{IRREGULAR_PAST})\b"
)
# A sentence whose subject is a role: "The chief executive declined ...".
_ROLE_SUBJECT = re.compile(
    r"\s*The (?:[a-z][\w-]* ){0,2}?(?P<role>[a-z]+) (?:(?:also|then|later|[a-z]+ly) )?"
    rf"(?:[a-z]+ed|says|adds|is|was|has|had|will|would|{IRREGULAR_PAST})\b"
)
# An opening subordinate clause, up to its comma: "While Obama had ..., ".
_SUBORDINATE_OPENING = re.compile(
    r"\s*(?:While|Although|Though|Because|Whereas|Unless|If|When|As|Since)\b[^,.;]{0,160},"
)
_PRONOUN_SENTENCES = 4
_MAX_NAME_TOKENS = 5
_SUBJECT_PRONOUN = re.compile(r"(He|She)\b")
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|to|for|with|against|by|about|from|at|on|in|into|toward|towards|than|like|"
    r"between|among|over|under|after|before|including|and|or|nor|versus|vs\.)\s+"
    r"(?:(?:the|a|an|his|her|their|its|our|my|your)\s+)?$",
    re.IGNORECASE,
)


_CONTEXT_AFTER = re.compile(
    r"^(?:,? (?:said|says|told|added|argued|insisted|warned|explained|wrote)\b"
    # "Fenella Oduya, defending, said", "Anjali Rao, a GP at the surgery, said"
    r"|, [^,.;:\"“”()]{1,40}, (?:said|says|told|added|argued|insisted|warned|explained)\b"
    r"|, (?:\d{1,3}, )?(?:the |a |an |[A-Z][\w.]*[’']s )?(?:\d[\w-]* |[A-Z]\w*-[a-z]+ )?"
    r"(?P<role>[a-z][\w-]*(?: [a-z][\w-]*){0,2}))"
)


def _named_by_context(text: str, mention: Mention) -> bool:
    """Tell whether the words around an unknown name show it is a person's.

    A name of two or three name words is a person's when a speech verb follows it ("Rakeyia
    Scott said", also past a short aside: "Fenella Oduya, defending, said"), a role noun
    opens the apposition after it ("Keron Blair, an organizer"), or a role noun stands right
    before it ("organizer Keron Blair", "the governor, Marta Ilves").
    """
    tokens = _capitalised(mention.name)
    if not 2 <= len(tokens) <= 3 or not all(is_name_word(t) and t not in ORG_WORDS for t in tokens):
        return False
    m = _CONTEXT_AFTER.match(text[mention.end : mention.end + 60])
    if m is not None and (not m.group("role") or _has_role_noun(m.group("role"))):
        return True
    before = text[max(0, mention.start - 30) : mention.start].split()
    # "organizer Keron Blair", and the apposition "the governor, Marta Ilves,".
    return bool(before) and before[-1].removesuffix(",").casefold() in ROLE_NOUNS


def _capitalised(name: str) -> list[str]:
    """Return the words of a name without its particles ("Kobus van der Merwe": two)."""
    return [t for t in name.split() if t[:1].isupper()]


def _may_name_later(mention: Mention) -> bool:
    """Tell whether an unclassified mention can name a person found later ("Varga said")."""
    tokens = _capitalised(mention.name)
    return (
        len(tokens) <= 3
        and not mention.role
        and all(is_name_word(t) and t not in ORG_WORDS for t in tokens)
        and not _is_plain_noun(mention.name)
    )


def _has_role_noun(phrase: str) -> bool:
    return any(w.casefold() in ROLE_NOUNS for w in phrase.split())


def _subject_like(text: str, mention: Mention) -> bool:
    """Tell whether a mention stands where a subject stands: no preposition, no possessive.

    The role words before a name are skipped first: in "overseen by former U.N. secretary
    general Kofi Annan" the preposition before the role makes Annan no subject.
    """
    after = text[mention.end : mention.end + 2]
    if after[:1] in "’'" and after[1:2] in ("s", " ", ""):
        return False
    modifier = _MODIFIES_ROLE.match(text, mention.end)
    if (
        modifier is not None
        and modifier.group(1).casefold() in ROLE_NOUNS
        and not _verb_after(text, mention.end)
    ):
        return False  # "Clinton communication director Jennifer Palmieri": Palmieri is subject
    start = mention.start
    for _ in range(6):
        word = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if word is None or not _is_role_word(word.group(1)):
            break
        start = word.start(1)
    before = text[max(0, start - 24) : start]
    if _ACCORDING_TO.search(before):
        return True  # "According to Ham, ...": the source is who the sentence speaks for
    apposed = _ROLE_APPOSED.search(text, max(0, start - 60), start)
    if apposed is not None and apposed.group(2).casefold() in ROLE_NOUNS:
        # "opened by their grandfather, Walter Pennington": the role's preposition counts
        return not _PREPOSITION_BEFORE.search(apposed.group(1) + " ")
    return not _PREPOSITION_BEFORE.search(before)


# A past-tense verb right after a name makes it the subject of a clause ("Mayor John Park met
# police chief Dan Webb"), not a modifier of the role that follows.
_PAST_VERB_AFTER = re.compile(
    r"\s+(?:[a-z]{2,}ed|met|told|said|saw|took|gave|made|led|sent|won|beat|hit|lost|left|"
    r"brought|thought|fought|kept|held|chose|spoke|wrote|rang|sought|taught|put|let|set|"
    r"named|hired|fired)\b"
)


def _verb_after(text: str, end: int) -> bool:
    """Tell whether a past-tense verb follows the name ending at ``end``."""
    return _PAST_VERB_AFTER.match(text, end) is not None


_ACCORDING_TO = re.compile(r"\baccording to\s+(?:the\s+)?$", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([\w.’'-]+)\s+$")
# A role set off before a name: "(by their) grandfather, " (the words before it, the role).
_ROLE_APPOSED = re.compile(r"(\b[\w’'-]+(?: [\w’'-]+)?) (?:[a-z][\w-]* )?([a-z][\w-]*), $")
_MODIFIES_ROLE = re.compile(r"(?:\s+[a-z][\w-]*){0,2}\s+([a-z][\w-]*)\s+[A-Z]")


def _is_role_word(word: str) -> bool:
    """Tell whether a word belongs to a role standing before a name ("former U.N. envoy")."""
    key = word.casefold()
    return (
        word in TITLE_WORDS
        or key in ROLE_NOUNS
        or key in ROLE_MODIFIERS
        or bool(_INITIALISM.match(word))
    )


_INITIALISM = re.compile(r"^(?:[A-Z]\.){2,}$|^(?:US|UK|EU|UN)$")
# Initials that stand for a first name ("C.J."), unlike a country's ("U.S.").
_INITIALS = re.compile(r"^(?!U\.[SKN]\.|E\.U\.)(?:[A-Z]\.){2}$")


def _is_plain_noun(name: str) -> bool:
    """Tell whether a one-word "name" is a role noun opening a sentence ("Officials")."""
    word = name.casefold()
    return " " not in word and (word in ROLE_NOUNS or word.removesuffix("s") in ROLE_NOUNS)


def is_name_word(token: str) -> bool:
    """Tell whether a capitalised token can be part of a person's name (not a title or place)."""
    return not (
        token in TITLE_WORDS
        or token in NON_NAME_WORDS
        or token in COUNTRIES
        or _INITIALISM.match(token)
        or not token[:1].isupper()
    )


def _not_a_first_name(token: str) -> bool:
    """Tell whether a word before a known first name is a role ("NBC’s", "Crown-Indigenous")."""
    return "-" in token or bool(_POSSESSIVE.search(token)) or token.isupper()


def _first_name_at(tokens: list[str]) -> int:
    """Return where a known first name starts a person name inside ``tokens`` (or -1).

    Only a first name followed by at least one more capitalised token counts, and only when
    no token before it is itself a first name ("Mary Ann Smith" stays whole).
    """
    for i, token in enumerate(tokens[:-1]):
        if token in FIRST_NAMES:
            return i
        if not token[:1].isupper() or token in ORG_WORDS or token in COUNTRIES:
            return -1
    return -1


def classify(mention: Mention) -> str | None:
    """Return "person", "organization", or None when the mention is neither for sure."""
    name_tokens = mention.name.split()
    surface_tokens = mention.surface.split()
    if mention.name in KNOWN_ORG_PHRASES or mention.surface in KNOWN_ORG_PHRASES:
        return "organization"
    if mention.after_org_noun and not mention.role and not mention.honorific_gender:
        return "organization"  # "farmers' group Coldiretti", "the agency Frontex"
    if name_tokens[0] in FIRST_NAMES and len(name_tokens) >= 2 and not _orgish(name_tokens[1:]):
        return "person"
    if (mention.role or mention.honorific_gender) and not _orgish(name_tokens):
        return "person"
    if _orgish(surface_tokens) or mention.name in KNOWN_ORGS or mention.name in COUNTRIES:
        return "organization"
    if len(name_tokens) == 1 and name_tokens[0].isupper() and len(name_tokens[0]) >= 2:
        return "organization"
    if mention.after_the and len(name_tokens) <= 4:
        return "organization"
    return None


def _orgish(tokens: list[str]) -> bool:
    return any(t in ORG_WORDS for t in tokens)


# Lower-case nouns after "the <Name>" that make the name a modifier, not someone named.
_ATTRIBUTIVE_HEAD = re.compile(
    r" (?:administration|campaign|camp|family|foundation|government|team|era|presidency|aides?"
    r"|staff|transition|doctrine|agenda|rally|rallies|supporters|voters|surrogates|allies"
    r"|ticket|victory|win|loss|defeat|plan|proposal|years)\b"
)


# Lower-case nouns that, right before a name, say the name is an organisation's.
_ORG_NOUNS = frozenset(
    [
        "group",
        "agency",
        "company",
        "union",
        "party",
        "association",
        "federation",
        "firm",
        "network",
        "council",
        "committee",
        "organisation",
        "organization",
    ]
)
_LAST_WORD = re.compile(r"(\w+) $")


def _after_org_noun(before: str) -> bool:
    """Tell whether ``before`` ends with an organisation noun and one space."""
    m = _LAST_WORD.search(before)
    return m is not None and m.group(1) in _ORG_NOUNS


class PeopleIndex:
    """Every person and organisation the article names, in order, for coreference."""

    def __init__(self, text: str, excluded: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.entities: dict[str, Entity] = {}
        self._positions: list[int] = []
        self._mentioned: list[Entity] = []
        # Whether each mention stands where a sentence's subject stands (not after a
        # preposition, not a possessive), or is a speaker noted at its attribution.
        self._subject: list[bool] = []
        self._sentence_starts: list[int] = []
        self._paragraph_starts: list[int] = []
        excluded = sorted(excluded or [])
        self._excluded = excluded
        # Names no one was known by when the text was read ("Varga said" before "Ilse Varga"
        # is found as a speaker): they become mentions once that person is registered.
        self._pending: dict[str, list[Mention]] = {}
        self._lower_words = frozenset(re.findall(r"\b[a-z][\w’'-]*", text))
        ex_starts = [s for s, _ in excluded]
        for match in _SEQUENCE.finditer(text):
            i = bisect.bisect_right(ex_starts, match.start()) - 1
            if i >= 0 and excluded[i][0] <= match.start() < excluded[i][1]:
                continue
            before = text[max(0, match.start() - 14) : match.start()]
            determined = before[-4:] == "the " or match.group().startswith("The ")
            if determined and _ATTRIBUTIVE_HEAD.match(text, match.end()):
                continue  # "the Obama administration", "the Clinton campaign": no one by name
            mention = parse_mention(
                match.group(),
                match.start(),
                after_the=before[-4:] == "the ",
                after_org_noun=_after_org_noun(before),
            )
            if mention is None:
                continue
            entity = self.register(
                mention, speaker=_named_by_context(text, mention), position=mention.start
            )
            if entity is not None:
                self._positions.append(mention.start)
                self._mentioned.append(entity)
                self._subject.append(_subject_like(text, mention))
            elif _may_name_later(mention):
                key = fold(mention.name.split()[-1])
                self._pending.setdefault(key, []).append(mention)

    def register(
        self, mention: Mention, *, speaker: bool = False, position: int | None = None
    ) -> Entity | None:
        """Add a mention to the index and return its entity, or None if it names no one.

        ``position`` (where a speaker phrase stands) lets a bare surname pick the person of
        that surname named most recently before it, so two people sharing a surname stay apart.
        """
        kind = classify(mention)
        existing = self._find_existing(
            mention.name, position, mention.role, mention.honorific_gender
        )
        if (
            existing is not None
            and mention.honorific_gender
            and existing.gender is None
            and self._unknown_namesake(mention.name, existing)
        ):
            return None  # "Mrs Hennessy" after "Bev Hennessy" (no person yet) and Col Hennessy
        if existing is not None and (kind is None or kind == existing.kind):
            self._enrich(existing, mention)
            return existing
        if existing is None and self.namesakes(mention.name) > 1:
            return None  # "Hill added" after Tom Hill and Sara Hill: either, so neither
        if existing is None and mention.honorific_gender and " " not in mention.name:
            introduced = self._person_behind_honorific(mention)
            if introduced is not None:
                return introduced
        if kind is None and self._namesake_of_known(mention.name):
            kind = "person"  # "Rakeyia Scott" after "Keith Lamont Scott": a relative, a person
        if kind is None and not speaker:
            return None
        if kind is None:
            if _is_plain_noun(mention.name):
                return None  # "Officials said", "Residents told": a capitalised noun, no one
            kind = "person"
        name = mention.name if kind == "person" else mention.surface
        if kind == "person" and len(mention.name.split()) == 1 and mention.name in COUNTRIES:
            return None
        if kind == "person" and len(mention.name.split()) > _MAX_NAME_TOKENS:
            return None  # a run of capitalised words this long is a title or a heading
        named = mention.honorific_gender or any(is_name_word(t) for t in mention.name.split())
        if kind == "person" and not named:
            return None  # "U.S. Secretary", "the Senator": a role with no name is no one
        entity = Entity(name=name, kind=kind)
        if kind == "person":
            first = name.split()[0]
            # A one-word name is a first name ("Melanie") only when it is no word or surname
            # too: "Clinton" gives no man.
            given = _gender_of(first) if " " in name or first in FIRST_NAMES else None
            entity.gender = mention.honorific_gender or given
        self._adopt_surname_entity(entity)
        self.entities[fold(entity.name)] = entity
        self._enrich(entity, mention)
        if kind == "person":
            self._claim_pending(entity)
        return entity

    def _person_behind_honorific(self, mention: Mention) -> Entity | None:
        """Return the person an honorific and surname show an earlier unknown name to be.

        "Priya Raman" with a first name the lexicon lacks stays unclassified until "Ms Raman":
        then she is a person, a woman. Two such names with that surname: neither.
        """
        key = fold(mention.name)
        earlier = [m for m in self._pending.get(key, []) if " " in m.name]
        if not earlier and mention.name not in FIRST_NAMES:
            # "Ms Lim" after "Lim Shu Fen": a name written surname first
            earlier = [
                m
                for pending in self._pending.values()
                for m in pending
                if len(m.name.split()) in (2, 3) and fold(m.name.split()[0]) == key
            ]
        if len({fold(m.name) for m in earlier}) != 1:
            return None
        entity = self.register(earlier[0], speaker=True)
        if entity is None or entity.kind != "person":
            return None
        entity.gender = entity.gender or mention.honorific_gender
        self._enrich(entity, mention)
        return entity

    def _unknown_namesake(self, name: str, entity: Entity) -> bool:
        """Tell whether a full name not known as a person shares this surname with ``entity``.

        "Outgoing publicans Bev Hennessy and her husband, Col, ..." leaves "Bev Hennessy"
        unclassified; a later "Mrs Hennessy" may be her as well as Col Hennessy, whose gender
        is not known.
        """
        if " " in name or entity.kind != "person":
            return False
        known = {fold(a) for a in entity.aliases} | {fold(entity.name)}
        return any(
            " " in m.name and fold(m.name) not in known for m in self._pending.get(fold(name), [])
        )

    def _claim_pending(self, entity: Entity) -> None:
        """Make the earlier unknown mentions of a new person's surname or name theirs."""
        pending = self._pending.get(fold(entity.surname))
        if not pending:
            return
        name = fold(entity.name)
        for mention in [m for m in pending if " " not in m.name or fold(m.name) == name]:
            pending.remove(mention)
            i = bisect.bisect_left(self._positions, mention.start)
            self._positions.insert(i, mention.start)
            self._mentioned.insert(i, entity)
            self._subject.insert(i, _subject_like(self.text, mention))
            entity.aliases.add(mention.name)

    def namesakes(self, name: str) -> int:
        """Return how many known people with full names have this one-word name as surname."""
        if len(name.split()) != 1:
            return 0
        key = fold(name)
        return sum(
            1
            for e in self.entities.values()
            if e.kind == "person" and len(e.name.split()) > 1 and fold(e.surname) == key
        )

    def _namesake_of_known(self, name: str) -> bool:
        """Tell whether a two- or three-word name ends in the surname of a known person."""
        tokens = name.split()
        if not 2 <= len(tokens) <= 3 or not all(is_name_word(t) for t in tokens):
            return False
        if any(t.casefold() in self._lower_words for t in tokens[:-1]):
            return False  # "Officer Scott", "Young Scott": a word the text also writes lower-case
        surname = fold(tokens[-1])
        return any(
            e.kind == "person" and len(e.name.split()) > 1 and fold(e.surname) == surname
            for e in self.entities.values()
        )

    def _adopt_surname_entity(self, entity: Entity) -> None:
        """Merge an earlier surname-only entity ("Secretary Blinken") into a new full name."""
        if entity.kind != "person" or len(entity.name.split()) < 2:
            return
        old = self.entities.pop(fold(entity.surname), None)
        if old is None or old.kind != "person" or not gender_fits(old, entity.gender):
            if old is not None:
                self.entities[fold(entity.surname)] = old
            return
        entity.aliases |= old.aliases | {old.name}
        entity.role = entity.role or old.role
        entity.gender = entity.gender or old.gender
        self._mentioned = [entity if e is old else e for e in self._mentioned]

    def _find_existing(
        self,
        name: str,
        position: int | None = None,
        role: str | None = None,
        gender: str | None = None,
    ) -> Entity | None:
        key = fold(name)
        tokens = key.split()
        if key in self.entities:
            found = self.entities[key]
            if found.kind != "person" and len(tokens) == 1:
                # "The Clinton campaign" once made "Clinton" an organisation; the person wins.
                person = [
                    e
                    for e in self.entities.values()
                    if e.kind == "person" and len(e.name.split()) > 1 and fold(e.surname) == key
                ]
                if len(person) == 1 and gender_fits(person[0], gender):
                    return person[0]
            if found.kind == "person" and len(tokens) == 1 and gender is not None:
                namesakes = self._with_surname(key)
                if len(namesakes) > 1:
                    return self._by_gender(namesakes, gender, position, role)
            return found if gender_fits(found, gender) else None
        if len(tokens) == 1:
            # "Mr. Obama" is not Michelle Obama: an honorific's gender must fit the person's.
            matches = [e for e in self._with_surname(key) if gender_fits(e, gender)]
            if len(matches) > 1 and gender is not None:
                return self._by_gender(matches, gender, position, role)
            if len(matches) > 1:
                return self._pick_namesake(matches, position, role)
            if matches:
                return matches[-1]
            # "Colmenares" for "Andres Colmenares Rivas": the first of two surnames.
            paternal = [
                e
                for e in self.entities.values()
                if e.kind == "person"
                and len(e.name.split()) >= 3
                and fold(e.name.split()[-2]) == key
                and e.name.split()[-2] not in FIRST_NAMES
                and gender_fits(e, gender)
            ]
            if len(paternal) == 1:
                return paternal[0]
            firsts = [
                e
                for e in self.entities.values()
                if e.kind == "person" and len(e.name.split()) > 1 and fold(e.name.split()[0]) == key
            ]
            if len(firsts) == 1:
                return firsts[0]
            return None
        # "Gonzalez Ruiz", "von der Leyen": the last words of one known person's longer name.
        longer = [
            e
            for e in self.entities.values()
            if e.kind == "person" and fold(e.name).endswith(" " + key) and gender_fits(e, gender)
        ]
        return longer[0] if len(longer) == 1 else None

    def _with_surname(self, key: str) -> list[Entity]:
        """Return the people whose surname folds to ``key``, without repeats."""
        people = {
            id(e): e
            for e in self.entities.values()
            if e.kind == "person" and fold(e.surname) == key
        }
        return list(people.values())

    def _by_gender(
        self, namesakes: list[Entity], gender: str, position: int | None, role: str | None
    ) -> Entity | None:
        """Return the namesake an honorific's gender points to ("Mrs Patel"), else no one.

        Only the namesakes introduced before ``position`` count. Their genders must be known
        (from a first name, a role or the pronouns after their names): one of unknown gender
        could be the one meant. Of several that fit, the one the current or previous paragraph
        names as a subject ("His son, Neil Fairclough, said ..." then "Mr Fairclough said"),
        not after a preposition ("opened by their grandfather, Walter Pennington").
        """
        if position is not None:
            introduced = {
                id(e)
                for e, at in zip(self._mentioned, self._positions, strict=True)
                if at < position
            }
            namesakes = [e for e in namesakes if id(e) in introduced] or namesakes
        genders = [self._learned_gender(e) for e in namesakes]
        if None in genders:
            return None
        fitting = [e for e, g in zip(namesakes, genders, strict=True) if g == gender]
        if len(fitting) > 1:
            if position is None:
                return None
            return self._only_recent(fitting, position, subjects_only=True)
        return fitting[0] if fitting else None

    def _pick_namesake(
        self, matches: list[Entity], position: int | None, role: str | None
    ) -> Entity | None:
        """Choose among people sharing a surname for a bare surname at ``position``.

        A role decides first ("Mayor Okafor"). Otherwise the bare surname is the person of
        that name introduced first, as news style keeps the surname alone for the principal
        and names the others in full ("Clinton" vs "Bill Clinton"); before any of them is
        introduced, or when the first two are introduced in one sentence, there is no answer.
        """
        if role:
            word = fold(role.split()[-1])
            by_role = [e for e in matches if e.role and word in fold(e.role).split()]
            if len(by_role) == 1:
                return by_role[0]
        if position is None:
            return matches[0]
        first_at: dict[int, int] = {}
        for e, at in zip(self._mentioned, self._positions, strict=True):
            if at < position:
                first_at.setdefault(id(e), at)
        introduced = sorted(
            (first_at[id(e)], i) for i, e in enumerate(matches) if id(e) in first_at
        )
        if not introduced:
            return None
        if len(introduced) > 1 and self._same_sentence(introduced[0][0], introduced[1][0]):
            return None  # "Mayor Dana Okafor and her brother, Tom Okafor": no principal
        principal = matches[introduced[0][1]]
        if len(introduced) > 1 and self._always_titled(principal, position):
            # "Dr. Whitcombe" throughout, then "Tessa Whitcombe knows that hallway." and
            # "said Whitcombe": the bare surname is the namesake the story now is about.
            # Or the one the story already called by the bare surname ("said Whitcombe").
            in_play = self.people_between(self.recent_start(position), position, subjects_only=True)
            others = [matches[i] for _, i in introduced[1:]]
            for fits in (
                [e for e in others if e in in_play and principal not in in_play],
                [e for e in others if self._bare_surname_before(e, position)],
            ):
                if len(fits) == 1:
                    return fits[0]
        return principal

    def _mentions_before(self, entity: Entity, position: int) -> list[int]:
        return [
            at
            for e, at in zip(self._mentioned, self._positions, strict=True)
            if e is entity and at < position
        ]

    def _bare_surname_before(self, entity: Entity, position: int) -> bool:
        """Tell whether a person was called by the bare surname before ``position``."""
        return any(
            self.text.startswith(entity.surname, at)
            for at in self._mentions_before(entity, position)
        )

    def _always_titled(self, entity: Entity, position: int) -> bool:
        """Tell whether a person was called only by title ("Dr. Whitcombe") since the first.

        Every mention after the first, before ``position``, has a title or honorific: none
        is the bare surname or the full name.
        """
        later = self._mentions_before(entity, position)[1:]
        first = entity.name.split()[0]
        return bool(later) and not any(
            self.text.startswith((entity.surname, first), at) for at in later
        )

    def _first_mention(self, entity: Entity) -> int:
        """Return where an entity is first mentioned (-1 when it never is)."""
        return next(
            (at for e, at in zip(self._mentioned, self._positions, strict=True) if e is entity), -1
        )

    def _same_sentence(self, a: int, b: int) -> bool:
        """Tell whether two offsets fall in one sentence (False before the layout is known)."""
        if not self._sentence_starts:
            return False
        starts = self._sentence_starts
        return bisect.bisect_right(starts, a) == bisect.bisect_right(starts, b)

    def _enrich(self, entity: Entity, mention: Mention) -> None:
        entity.aliases.add(mention.name)
        if mention.role and entity.kind == "person":
            if len(mention.name.split()) == 1:
                entity.aliases.add(mention.surface)
            if entity.role is None or (
                len(mention.role) > len(entity.role) and fold(mention.name) == fold(entity.name)
            ):
                entity.role = mention.role
        located = self.text[mention.start : mention.end] == mention.surface
        courtesy = entity.role in _COURTESY_TITLES
        if entity.kind == "person" and (entity.role is None or courtesy) and located:
            # "Dr. Peter Lang, the hospital's medical director": the apposition says more.
            entity.role = self._role_around(mention) or entity.role
        if mention.honorific_gender and entity.gender is None:
            entity.gender = mention.honorific_gender
        if entity.kind == "person" and located:
            party, state = affiliation_around(self.text, mention.start, mention.end)
            entity.party = entity.party or party
            entity.state = entity.state or state or state_in(mention.role or "")
        stated = None
        if entity.kind == "person":
            # "Her son, Liam Fenwick, a volunteer ...": the role before says more than "Liam".
            stated = role_gender(entity.role or "")
            if stated is None and located:
                stated = role_gender(self._role_before(mention) or "")
        if stated is not None and not mention.honorific_gender:
            entity.gender = stated  # "widow Terry Strand": the role says more than "Terry"

    def _role_around(self, mention: Mention) -> str | None:
        """Return a role from an apposition after the name or a role noun right before it."""
        after = self.text[mention.end : mention.end + 90]
        m = _APPOSITION.match(after)
        if m:
            role = re.sub(r"^(?:the|a|an) ", "", m.group("role")).strip()
            if any(w.casefold() in ROLE_NOUNS for w in role.split()) and len(role.split()) <= 10:
                return role
        return self._role_before(mention)

    def _role_before(self, mention: Mention) -> str | None:
        """Return the role noun phrase right before a name ("Her son, Liam Fenwick")."""
        # Only the words of the mention's own sentence: a headline or the sentence before is
        # no role ("... second week" + "Health minister Laura Brandt").
        before = _CLAUSE_BREAK.split(self.text[max(0, mention.start - 60) : mention.start])[-1]
        set_off = before.endswith(", ") and _CLOSES_APPOSITION.match(self.text[mention.end :])
        if set_off:
            before = before[:-2]  # "the doctors' union leader, Karim Aziz,"
        words = before.split()
        if not words or words[-1].casefold() not in ROLE_NOUNS:
            return None
        role_words: list[str] = []
        for word in reversed(words):
            fits = word.isalpha() or (set_off and _POSSESSIVE_WORD.match(word))
            if word.casefold() in _FUNCTION or not fits or len(role_words) == 4:
                break
            role_words.insert(0, word)
        return " ".join(role_words) or None

    def resolve(self, phrase: str, position: int) -> Entity | None:
        """Return the entity a speaker phrase ("he", "Secretary Blinken", "the Pentagon") names."""
        phrase = phrase.strip(" ,")
        low = phrase.casefold()
        if low in _PERSON_PRONOUNS:
            return self.resolve_pronoun(low, position)
        matches = list(_SEQUENCE.finditer(phrase))
        if not matches:
            return None
        match = matches[-1]
        prefix = phrase[: match.start()]
        opens_with_the = re.match(r"(?:The|A|An|One) [A-Z]", match.group()) is not None
        determined = opens_with_the or _DETERMINER_END.search(prefix) is not None
        if determined and _NOUN_AFTER.match(phrase[match.end() :]):
            # "the New York businessman", "a Texas senator": the capitals only qualify a noun.
            return None
        if _RELATIVE_AGE.search(prefix) and self.namesakes(match.group()) > 1:
            return None  # "the younger Akinwande" beside his father: which is not said
        if _UNNAMED_PREFIX.search(prefix):
            # "a spokesman for the Pentagon": the speaker is someone unnamed.
            return None
        after_the = prefix.casefold().endswith("the ")
        # Place the name in the article, so an apposition after it can give the role.
        window = self.text[max(0, position - 2) : position + len(phrase) + 40]
        at = window.find(match.group())
        start = max(0, position - 2) + at if at >= 0 else -1
        mention = parse_mention(
            match.group(),
            start,
            after_the=after_the,
            after_org_noun=_after_org_noun(prefix),
        )
        if mention is None:
            return None
        return self.register(mention, speaker=True, position=position)

    def resolve_role(self, noun: str, position: int, *, state: str | None = None) -> Entity | None:
        """Return the one person introduced before ``position`` whose role holds ``noun``.

        With a ``state`` ("the Vermont senator"), a holder known to be from another state is
        not meant, and one known to be from that state is preferred.
        """
        key = fold(noun)
        acronym = key in _ROLE_ACRONYMS
        if key not in ROLE_NOUNS and not acronym:
            return None
        gender = role_gender(key)
        found: list[Entity] = []
        for entity, at in zip(self._mentioned, self._positions, strict=True):
            if at >= position:
                break
            words = fold(entity.role or "").replace(".", " ").split()
            held = {key for w in words if key == w or key in _ROLE_SYNONYMS.get(w, ())}
            if any(
                phrase in " ".join(words).replace("’", "'") for phrase in _ROLE_PHRASES.get(key, ())
            ):
                held.add(key)  # "the prosecutor" is the "deputy district attorney"
            if acronym and "".join(w[0] for w in words if w not in ("of", "and")).endswith(key):
                held.add(key)  # "the CFO" is the one "chief financial officer"
            if (
                entity.kind == "person"
                and held
                and gender_fits(entity, gender)
                and entity not in found
            ):
                found.append(entity)
        if state is not None:
            local = [e for e in found if e.state == state]
            found = local or [e for e in found if e.state is None]
        if len(found) > 1:
            return self._only_recent(found, position)
        return found[0] if found else None

    def _only_recent(
        self, people: list[Entity], position: int, *, subjects_only: bool = False
    ) -> Entity | None:
        """Return the one of several people mentioned in this paragraph or the one before.

        "the minister added" with two ministers in the story is the minister the last two
        paragraphs name, when they name only one of them.
        """
        lo = bisect.bisect_left(self._positions, self.recent_start(position))
        hi = bisect.bisect_left(self._positions, position)
        recent = {
            id(e): e
            for e, subject in zip(self._mentioned[lo:hi], self._subject[lo:hi], strict=True)
            if any(e is p for p in people) and (subject or not subjects_only)
        }
        return next(iter(recent.values())) if len(recent) == 1 else None

    def paragraph_start(self, position: int) -> int:
        """Return where the paragraph holding ``position`` starts."""
        paragraph = bisect.bisect_right(self._paragraph_starts, position) - 1
        return self._paragraph_starts[max(0, paragraph)] if self._paragraph_starts else 0

    def recent_start(self, position: int) -> int:
        """Return where the paragraph before the one holding ``position`` starts."""
        paragraph = bisect.bisect_right(self._paragraph_starts, position) - 1
        return self._paragraph_starts[max(0, paragraph - 1)] if self._paragraph_starts else 0

    def mentions_of(self, entity: Entity) -> list[int]:
        """Return where the article names ``entity`` (outside quotes), in order."""
        return [at for e, at in zip(self._mentioned, self._positions, strict=True) if e is entity]

    def full_person(self, entity: Entity) -> Entity:
        """Return the full-name person a surname-only speaker is, when the article says so.

        The article's one person whose surname it is wins ("Okafor" -> "Tom Okafor"); with no
        such person in the index, a known first name written right before the surname anywhere
        in the text completes it, when only one does. Otherwise the entity stays as it is.
        """
        if entity.kind != "person" or len(entity.name.split()) != 1:
            return entity
        key = fold(entity.name)
        namesakes = [
            e
            for e in self.entities.values()
            if e is not entity
            and e.kind == "person"
            and len(e.name.split()) > 1
            and fold(e.surname) == key
            and gender_fits(e, entity.gender)
        ]
        if namesakes:
            # The first person introduced with this surname is the one it names alone, unless
            # two were introduced together ("Dana Okafor and her brother, Tom Okafor").
            if len(namesakes) > 1 and self._same_sentence(
                *(self._first_mention(e) for e in namesakes[:2])
            ):
                return entity
            namesakes[0].aliases |= entity.aliases | {entity.name}
            return namesakes[0]
        # The first name may be initials ("PJ Haggerty", "C.J. Stroud").
        first = r"[A-Z][a-z][\w’'-]*|[A-Z]{2}|(?:[A-Z]\.){2}"
        pattern = re.compile(rf"(?<![\w.’'-])({first}) {re.escape(entity.name)}\b")
        firsts = {
            m.group(1)
            for m in pattern.finditer(self.text)
            if entity.gender is None or _gender_of(m.group(1)) in (None, entity.gender)
            if (is_name_word(m.group(1)) or _INITIALS.match(m.group(1)))
            and m.group(1) not in ORG_WORDS
        }
        if len(firsts) == 1:
            entity.aliases.add(entity.name)
            entity.name = f"{firsts.pop()} {entity.name}"
            entity.gender = entity.gender or _gender_of(entity.name.split()[0])
        return entity

    def set_layout(self, sentence_starts: list[int], paragraph_starts: list[int]) -> None:
        """Tell the index where sentences and paragraphs start, for pronoun resolution."""
        self._sentence_starts = sorted(sentence_starts)
        self._paragraph_starts = sorted(paragraph_starts)
        self._rechoose_namesakes()
        self._learn_genders()

    def _rechoose_namesakes(self) -> None:
        """Choose again, now that paragraphs are known, whom each bare shared surname means.

        The first reading could not tell which paragraph a person is in play in, so a bare
        "Whitcombe" went to the first Whitcombe introduced (see :meth:`_pick_namesake`).
        """
        for i, (entity, at) in enumerate(zip(self._mentioned, self._positions, strict=True)):
            surname = entity.surname
            if entity.kind != "person" or not self.text.startswith(surname, at):
                continue
            matches = self._with_surname(fold(surname))
            if len(matches) > 1 and (choice := self._pick_namesake(matches, at, None)):
                self._mentioned[i] = choice

    def _learn_genders(self) -> None:
        """Give a gender to people whose name does not tell it, from the pronouns after them."""
        votes = self._gender_votes(range(len(self._sentence_starts)))
        for entity in {id(e): e for e in self._mentioned}.values():
            entity.gender = entity.gender or _verdict(votes.get(id(entity), [0, 0]))

    def _learned_gender(self, entity: Entity) -> str | None:
        """Return the gender of a person noted after the layout was set (a speaker found late)."""
        if entity.gender is None:
            sentences = {
                bisect.bisect_right(self._sentence_starts, at) - 1
                for e, at in zip(self._mentioned, self._positions, strict=True)
                if e is entity
            }
            votes = self._gender_votes(sorted(i for i in sentences if i >= 0))
            entity.gender = _verdict(votes.get(id(entity), [0, 0]))
        return entity.gender

    def _gender_votes(self, sentences: Iterable[int]) -> dict[int, list[int]]:
        """Count the pronouns after people's names, sentence by sentence: [male, female].

        In a sentence that mentions one person only, as its subject, the first personal pronoun
        after the name (in that sentence or the next, outside quotes, before anyone else is
        named) is a vote.
        """
        votes: dict[int, list[int]] = {}
        bounds = [*self._sentence_starts[1:], len(self.text)]
        for i in sentences:
            start = self._sentence_starts[i]
            lo = bisect.bisect_left(self._positions, start)
            hi = bisect.bisect_left(self._positions, bounds[i])
            mentions = [k for k in range(lo, hi) if self._mentioned[k].kind == "person"]
            people = {id(self._mentioned[k]) for k in mentions}
            if len(people) != 1 or self._mentioned[mentions[0]].gender is not None:
                continue
            if not any(self._subject[k] for k in mentions):
                continue  # "overseen by Kofi Annan. She said": the pronoun is someone else's
            stop = bounds[min(i + 1, len(bounds) - 1)]
            if hi < len(self._positions):
                stop = min(stop, self._positions[hi])
            pronoun = self._first_pronoun(self._positions[mentions[-1]], stop)
            if pronoun is not None:
                votes.setdefault(id(self._mentioned[mentions[0]]), [0, 0])[pronoun == "f"] += 1
        return votes

    def _first_pronoun(self, start: int, end: int) -> str | None:
        """Return the gender of the first personal pronoun between two offsets, outside quotes."""
        found = self._pronoun_at(start, end)
        return found[0] if found else None

    def _pronoun_at(self, start: int, end: int) -> tuple[str, int] | None:
        """Return the first personal pronoun outside quotes: (gender, offset)."""
        for m in _GENDERED_PRONOUN.finditer(self.text, start, end):
            if not any(a <= m.start() < b for a, b in self._excluded):
                return "m" if m.group(1).casefold() in _MALE_FORMS else "f", m.start()
        return None

    def resolve_pronoun(self, pronoun: str, position: int, depth: int = 0) -> Entity | None:
        """Return the person "he" or "she" at ``position`` refers to, or None when unsure.

        Salience decides, sentence by sentence going back from the pronoun (at most
        :data:`_PRONOUN_SENTENCES` sentences and one paragraph break): the sentence's subject
        (or a speaker noted there) when the gender fits or is unknown, else the last person in
        that sentence whose known gender fits. Nobody found is None, never a distant guess.
        """
        wanted = _PERSON_PRONOUNS.get(pronoun.casefold())
        if wanted is None:
            return None
        if not self._sentence_starts:
            return self._nearest_person(wanted, position)
        sentence = bisect.bisect_right(self._sentence_starts, position) - 1
        paragraph = bisect.bisect_right(self._paragraph_starts, position) - 1
        end = position
        for back in range(_PRONOUN_SENTENCES):
            index = sentence - back
            start = self._sentence_starts[index] if index >= 0 else 0
            breaks = paragraph - bisect.bisect_right(self._paragraph_starts, start) + 1
            if breaks > 2:
                break
            # Past one paragraph break, only a person whose gender is known to fit will do.
            strict = breaks > 1 or depth > 0
            chained = _SUBJECT_PRONOUN.match(self.text, start, position)
            if (
                chained
                and chained.start() < position  # not the very pronoun being resolved
                and _PERSON_PRONOUNS[chained.group(1).casefold()] == wanted
                and depth < 3
            ):
                # "She started off ... She then said ...": the sentence's subject is the same
                # pronoun, not a person it names later ("She says tweets accusing Julia
                # Brandt ..."): follow the chain of subject pronouns, to a person whose gender
                # is known (learned) to fit, as the chain runs far.
                return self.resolve_pronoun(chained.group(1), start, depth + 1)
            if self._unknown_subject(start, end):
                return None  # "Clinton criticized officer Betty Shelby", Clinton unresolved
            found = self._role_subject(start, end)
            if found is not None:
                # "The chief executive declined ...": the holder of the role is the subject.
                gender = self._learned_gender(found) if strict else found.gender
                if gender in ((wanted,) if strict else (None, wanted)):
                    return found
            found = self._subject_in(start, end, wanted, strict=strict)
            if found is not None:
                return found
            if _nominal_subject_gender(self.text[start:end]) in (wanted, ""):
                return None  # "Delaney's wife, Karen, also signed": she, and she has no name
            if strict and self._genderless_subject(start, end):
                return None  # a nearer subject who may be the one meant: no farther guess
            inner = self._pronoun_at(start, end)
            if inner is not None and inner[0] == wanted and depth < 3:
                # "That's why, he argued, ... Joe Biden": the sentence is about someone it
                # calls "he" already, not about the people it names after a preposition.
                return self.resolve_pronoun("he" if wanted == "m" else "she", inner[1], depth + 1)
            found = self._known_in(start, end, wanted)
            if found is not None:
                return found
            if index <= 0:
                break
            end = start
        return None

    def _people_in(self, start: int, end: int) -> list[tuple[Entity, bool]]:
        """Return the people mentioned between two offsets, each with whether it is a subject."""
        lo = bisect.bisect_left(self._positions, start)
        hi = bisect.bisect_left(self._positions, end)
        return [
            (self._mentioned[i], self._subject[i])
            for i in range(lo, hi)
            if self._mentioned[i].kind == "person"
        ]

    def _unknown_subject(self, start: int, end: int) -> bool:
        """Tell whether a sentence opens with a name we know no person by, then a verb.

        "Clinton criticized officer Betty Shelby" with "Clinton" unresolved (two Clintons): the
        sentence is about someone the index cannot name, so its other people are not who a
        pronoun after it means ("McLenney said Clinton ...", a spelling no person has).
        """
        m = _NAMED_SUBJECT.match(self.text, start, end)
        if m is None:
            return False
        name = m.group(1)
        words = name.split()
        if words[0] in NON_NAME_WORDS or _is_plain_noun(name) or not is_name_word(words[-1]):
            return False  # "Delegates questioned ...", "The ..."
        i = bisect.bisect_left(self._positions, m.start(1))
        if i < len(self._positions) and self._positions[i] < m.end(1):
            return False  # a known person (or organisation) is named there
        return not any(w in ORG_WORDS or w in KNOWN_ORGS for w in words)

    def _subject_in(
        self, start: int, end: int, wanted: str, *, strict: bool = False
    ) -> Entity | None:
        """Return the first subject person between two offsets when its gender can fit.

        A person inside an opening subordinate clause ("While Obama had ..., that concerns
        Henry Crespo") is not the sentence's subject.
        """
        subjects = self._subjects(start, end)
        if not subjects:
            return None
        gender = self._learned_gender(subjects[0]) if strict else subjects[0].gender
        return subjects[0] if gender in ((wanted,) if strict else (None, wanted)) else None

    def _role_subject(self, start: int, end: int) -> Entity | None:
        """Return the one person a sentence opening "The chief executive declined" means."""
        m = _ROLE_SUBJECT.match(self.text, start, end)
        return self.resolve_role(m.group("role"), start) if m is not None else None

    def _genderless_subject(self, start: int, end: int) -> bool:
        """Tell whether the first subject person between two offsets has no known gender."""
        subjects = self._subjects(start, end)
        return bool(subjects) and self._learned_gender(subjects[0]) is None

    def _subjects(self, start: int, end: int) -> list[Entity]:
        """Return the subject people between two offsets, past an opening subordinate clause."""
        opening = _SUBORDINATE_OPENING.match(self.text, start, end)
        start = opening.end() if opening is not None else start
        return [e for e, subject in self._people_in(start, end) if subject]

    def _known_in(self, start: int, end: int, wanted: str) -> Entity | None:
        """Return the last person between two offsets whose known gender is the wanted one."""
        known = [e for e, _ in self._people_in(start, end) if e.gender == wanted]
        return known[-1] if known else None

    def people_before(self, position: int) -> list[Entity]:
        """Return every person mentioned before ``position``, once each, in order."""
        seen: dict[int, Entity] = {}
        for entity in self._mentioned[: bisect.bisect_left(self._positions, position)]:
            if entity.kind == "person":
                seen.setdefault(id(entity), entity)
        return list(seen.values())

    def mentions_at(self, start: int, end: int) -> list[int]:
        """Return the offsets of the person mentions between two offsets."""
        lo = bisect.bisect_left(self._positions, start)
        hi = bisect.bisect_left(self._positions, end)
        return [self._positions[i] for i in range(lo, hi) if self._mentioned[i].kind == "person"]

    def people_between(self, start: int, end: int, *, subjects_only: bool = False) -> list[Entity]:
        """Return the people mentioned (outside quotes) between two offsets, in order."""
        lo = bisect.bisect_left(self._positions, start)
        hi = bisect.bisect_left(self._positions, end)
        return [
            self._mentioned[i]
            for i in range(lo, hi)
            if self._mentioned[i].kind == "person" and (self._subject[i] or not subjects_only)
        ]

    def _nearest_person(self, wanted: str, position: int) -> Entity | None:
        """Return the most recent person of a fitting gender (used without a sentence layout)."""
        i = bisect.bisect_left(self._positions, position) - 1
        while i >= 0:
            entity = self._mentioned[i]
            if entity.kind == "person" and entity.gender in (None, wanted):
                return entity
            i -= 1
        return None

    def note_pronoun(self, entity: Entity, pronoun: str, position: int) -> None:
        """Record that "he" or "she" at ``position`` was found to be ``entity``.

        The pronoun stands where the sentence's subject stands, and it tells the gender of a
        person whose name did not.
        """
        entity.gender = entity.gender or _PERSON_PRONOUNS[pronoun]
        self.note_mention(entity, position)

    def note_mention(self, entity: Entity, position: int) -> None:
        """Record that a speaker was named at ``position`` so later pronouns can find them."""
        i = bisect.bisect_left(self._positions, position)
        if any(
            e is entity for e in self._mentioned[i : bisect.bisect_right(self._positions, position)]
        ):
            return  # noted already (the article is read twice)
        self._positions.insert(i, position)
        self._mentioned.insert(i, entity)
        self._subject.insert(i, True)
