"""What was done to what a count counts: "killed 12 people" is "people killed".

A label that repeats the number ("cutting 1,200 jobs") says less than the words around it
can: the verb before the count, as a past participle after the counted noun, and the subject
of the verb when the clause names one ("The storm killed 12 people" → "people killed by the
storm"; "plans to add 500 jobs" → "jobs to be added").
"""

from __future__ import annotations

from .phrases import clean, is_verb
from .words import CLAUSE_WORDS, DETERMINERS, PRONOUNS

# Past participles of the irregular verbs news uses before a count, by every form of them.
_IRREGULAR = {
    form: done
    for done, forms in {
        "cut": "cut cuts cutting",
        "lost": "lose loses losing lost",
        "shed": "shed sheds shedding",
        "sold": "sell sells selling sold",
        "built": "build builds building built",
        "sent": "send sends sending sent",
        "shot": "shoot shoots shooting shot",
        "hit": "hit hits hitting",
        "won": "win wins winning won",
        "taken": "take takes taking took",
        "given": "give gives giving gave",
        "made": "make makes making made",
        "held": "hold holds holding held",
        "brought": "bring brings bringing brought",
        "caught": "catch catches catching caught",
        "left": "leave leaves leaving left",
        "put": "put puts putting",
        "set": "set sets setting",
        "spent": "spend spends spending spent",
        "paid": "pay pays paying paid",
        "laid": "lay lays laying laid",
        "seen": "see sees seeing saw",
        "found": "find finds finding found",
        "kept": "keep keeps keeping kept",
        "drawn": "draw draws drawing drew",
        "thrown": "throw throws throwing threw",
        "freed": "free frees freeing freed",
        "run": "run runs running ran",
        "flown": "fly flies flying flew",
        "driven": "drive drives driving drove",
        "grown": "grow grows growing grew",
        "stolen": "steal steals stealing stole",
    }.items()
    for form in forms.split()
}
# Verbs whose count is no object of theirs ("has 300 staff", "were 40 people"): no label.
_NOT_DONE = frozenset(
    {
        *("is", "are", "was", "were", "be", "been", "being", "has", "have", "had"),
        *("do", "does", "did", "said", "says", "told", "become", "became"),
        *("includes", "included", "including", "counted", "numbered", "totalled", "reached"),
    }
)


def _participle(word: str, *, base: bool) -> str | None:
    """Return the past participle of a verb form, or None when it is none we can make."""
    low = clean(word)
    if low in _NOT_DONE:
        return None
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("ed") and is_verb(low):
        return low  # "killed", "hired", "displaced"
    if low.endswith("ing") and len(low) > 5:
        return low[:-3] + "ed"  # "adding" → "added", "creating" → "created"
    if base and low.isalpha() and len(low) > 2:
        return low + ("d" if low.endswith("e") else "ed")  # "to add" → "added"
    return None


def done_to(before: list[str], unit: str) -> list[str]:
    """Return "people killed by the storm" for "The storm killed 12 people", or [] if no verb."""
    if not before:
        return []
    infinitive = len(before) > 1 and clean(before[-2]) == "to"
    verb = before[-1]
    if not (
        infinitive or is_verb(verb) or clean(verb) in _IRREGULAR or clean(verb).endswith("ing")
    ):
        return []
    done = _participle(verb, base=infinitive)
    if done is None or (len(before) > 1 and clean(before[-2]) in DETERMINERS):
        return []  # "an estimated 300 people": an adjective, not a verb
    if infinitive:
        return [unit, "to", "be", done]
    subject: list[str] = []
    for word in reversed(before[-4:-1]):
        low = clean(word)
        if low in PRONOUNS or low in CLAUSE_WORDS or is_verb(word) or word.endswith(","):
            break
        subject.insert(0, word.strip('"“”()'))
    if subject and clean(subject[-1]) not in DETERMINERS:
        if clean(subject[0]) in DETERMINERS:
            subject[0] = subject[0].casefold()  # "The storm" opened the sentence
        return [unit, done, "by", *subject]
    return [unit, done]
