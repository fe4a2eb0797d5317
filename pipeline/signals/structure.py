"""Sentence structure a signal's head reads beside the extractors' features.

The guideline judges structure more than words: *who* is credited (a role, a
pronoun, a hedge, a passive "is believed"), *what* is specific (a number, a
date, a weekday, a place after "in"), and *how* it is said (an exclamation,
capitals, scare quotes, superlatives). Each function gives a small dict of
named features for one sentence; :class:`.head.SignalHead` vectorizes them.
Chosen by grouped 5-fold CV on the ``signals_gold`` train part (F1 with and
without them: anonymous 0.58 -> 0.64, sensational 0.52 -> 0.54, specifics
0.67 -> 0.72).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .attribution import NAMED_CUES, attribution_lexicon, find_sources
from .attributions import WEEKDAYS

#: Words, numbers with their separators, and currency/percent signs.
TOKEN = re.compile(r"\w+(?:['’\-.,]\w+)*|[$%£€]")

MONTHS = frozenset("january february march april may june july august september october november december "
                   "jan feb mar apr aug sep sept oct nov dec".split())
DAYS = WEEKDAYS | frozenset("today yesterday tomorrow tonight weekend".split())
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                         "fifteen twenty thirty forty fifty hundred thousand million billion trillion "
                         "dozen".split())
ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth".split())
#: Words that open a figure's phrase ("in 2008", "over 10,000 troops", "within 15 days", "more than
#: 100", "last March"): the guideline's evidence takes them with the figure.
FIGURE_LEADS = frozenset("""
    in on since by at from until till during within for over about nearly around after before than
    last next this
""".split())
#: Words that never go on a figure's phrase after its number ("10,000 troops to Ukraine": the
#: phrase is "10,000 troops"; "59 were killed": it is "59").
FIGURE_PHRASE_STOPS = FIGURE_LEADS | frozenset("""
    to of and or the a as that who which is are was were have has had will would per
""".split())
TIME_UNITS = frozenset("week weeks month months year years day days hour hours minute minutes decade decades "
                       "century weekend morning afternoon evening night".split())
#: Words before a time unit that make it a time frame ("last week", "a few months").
TIME_FRAME_LEADS = frozenset("last next this past coming few several a the earlier later".split())
PLACE_LEADS = frozenset({"in", "at", "from", "near"})

HEDGES = frozenset("reportedly allegedly apparently supposedly purportedly ostensibly rumored rumoured "
                   "seemingly".split())
#: Participles of a passive attribution ("is believed", "was reported").
PASSIVE_REPORTING = frozenset("said reported believed suspected alleged described thought rumored rumoured "
                              "claimed accused understood estimated expected feared considered seen known "
                              "told".split())
BE = frozenset("is was were are been being be".split())
PASSIVE_ADVERBS = frozenset({"widely", "also", "often", "now", "long"})
#: Nouns that, as the subject of a reporting verb, name nobody (added to the parser's classes).
UNNAMED_HEADS = frozenset(
    "official officials source sources spokesman spokeswoman spokesperson aide aides insider insiders lawyer "
    "lawyers attorney attorneys family relatives friend friends witness witnesses neighbor neighbors neighbours "
    "residents authorities prosecutors investigators staff staffer staffers employee employees member members "
    "officer officers critics experts analysts observers people someone others some many several reports "
    "media rumors rumours estimates".split())
PRONOUNS = frozenset("he she they i we it his her".split())
#: Words of exaggeration and absolutes.
INTENSIFIERS = frozenset("very extremely totally absolutely utterly completely incredibly truly so even never "
                         "ever always all every nothing everyone nobody".split())
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_DAY_OF_MONTH = re.compile(r"\d{1,2}")
_MONEY = frozenset("$£€")
SCARE_QUOTES = re.compile(r"[‘'“\"]\w+[’'”\"]")
_NAMED = frozenset(NAMED_CUES)
FIRST_PERSON = re.compile(r"\b(?:I|we|my|our)\b")
#: :data:`FIRST_PERSON` without its leading ``\b``, which keeps the regex engine from
#: skipping ahead to the letters I, w, m, o (:func:`_first_person` checks the word start).
_FIRST_PERSON_TAIL = re.compile(r"(?:I|we|my|our)\b")
_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=2048)
def _words(text: str) -> tuple[list[str], list[str]]:
    """A sentence's :data:`TOKEN` words as written and lower-cased.

    Cached (callers must not change the lists): two heads read the same
    sentence's words, one after the other over a batch (the CLI's batches of
    16 documents fit; the size bounds the memory, a few MB).
    """
    words = TOKEN.findall(text)
    return words, list(map(str.lower, words))


def _digit_word_candidates(words: list[str]) -> list[int]:
    """Positions of the words that may hold a digit: not all letters.

    A letter is never a digit (``isalpha`` and ``isdigit``/``\\d`` have no character in
    common), so the other words need no digit test.
    """
    return [i for i, word in enumerate(words) if not word.isalpha()]


def _may_hold_digits(text: str) -> bool:
    """False only when no word of ``text`` can hold a digit (most sentences).

    In ASCII text ``str.isdigit`` and ``\\d`` agree, so one search decides; other
    text (superscripts are ``isdigit`` but not ``\\d``) is looked at word by word.
    """
    return not text.isascii() or _DIGIT.search(text) is not None


def _first_person(text: str) -> bool:
    """Whether :data:`FIRST_PERSON` finds a match in ``text`` (twice as fast).

    A match of the tail that starts inside a word is no match, and no match can
    start inside it (its letters are all word characters).
    """
    for m in _FIRST_PERSON_TAIL.finditer(text):
        start = m.start()
        if start == 0 or not _WORD_CHAR.match(text, start - 1):
            return True
    return False


def _place_after_lead(words: list[str], low: list[str], present: set[str]) -> bool:
    """A capitalised word that is no month right after a :data:`PLACE_LEADS` word ("in Kyiv").

    Only the positions of the leads in ``present`` are looked at (found by
    ``list.index``), not every word.
    """
    last = len(low) - 1
    for lead in PLACE_LEADS.intersection(present):
        i = low.index(lead)
        while i < last:
            if words[i + 1][0].isupper() and low[i + 1] not in MONTHS:
                return True
            try:
                i = low.index(lead, i + 1)
            except ValueError:
                break
    return False


@lru_cache(maxsize=1)
def _attribution_words() -> tuple[frozenset, frozenset]:
    """Nouns that name nobody (ours and the parser's role and group classes), and the words that
    open an attribution (reporting verbs, "according", hedges, passive participles)."""
    lex = attribution_lexicon()
    unnamed = UNNAMED_HEADS | lex.role | lex.group
    return unnamed, lex.reporting | {"according"} | HEDGES | PASSIVE_REPORTING


def anonymous_features(text: str) -> dict[str, float]:
    """Hedges, passive attribution, and who stands next to a reporting verb."""
    out: dict[str, float] = {f"source={source.kind}": 1.0 for source in find_sources(text)}
    words, low = _words(text)
    unnamed, openers = _attribution_words()
    if openers.isdisjoint(low):  # most sentences: nothing more to look at
        return out
    reporting = attribution_lexicon().reporting
    for i, word in enumerate(low):
        if word not in openers:
            continue
        if word in HEDGES:
            out["hedge"] = 1.0
            out[f"hedge={word}"] = 1.0
        if word in PASSIVE_REPORTING and i and (low[i - 1] in BE or (
                i > 1 and low[i - 1] in PASSIVE_ADVERBS and low[i - 2] in BE)):
            out["passive"] = 1.0
        if word in reporting or word == "according":
            out["reporting"] = 1.0
            window = low[i + 1:i + 6] if word == "according" else low[max(0, i - 6):i]
            for near in window:
                if near in unnamed:
                    out["unnamed_near_reporting"] = 1.0
                    out[f"unnamed_near_reporting={near}"] = 1.0
            if i and low[i - 1] in PRONOUNS:
                out["pronoun_reporting"] = 1.0
            if i + 1 < len(low) and low[i + 1] in PRONOUNS and word not in ("told", "tell", "tells"):
                out["reporting_pronoun"] = 1.0
            if any(w[0].isupper() for w in words[max(0, i - 4):i]):
                out["capital_before_reporting"] = 1.0
    return out


def sensational_features(text: str) -> dict[str, float]:
    """Exclamations, questions, capitals, scare quotes, superlatives and absolutes."""
    words = TOKEN.findall(text)
    out: dict[str, float] = {"length": min(len(words), 60) / 60}
    if "!" in text:
        out["exclamation"] = 1.0
    if "?" in text:
        out["question"] = 1.0
    capitals = sum(1 for w in words if len(w) > 2 and w.isalpha() and w.isupper())
    if capitals:
        out["capitals"] = float(min(capitals, 3))
    if SCARE_QUOTES.search(text):
        out["scare_quotes"] = 1.0
    for word in (w.lower() for w in words):
        if len(word) > 5 and word.endswith("est"):
            out["superlative"] = 1.0
        if word in INTENSIFIERS:
            out[f"intensifier={word}"] = 1.0
    return out


def specifics_features(text: str) -> dict[str, float]:
    """Numbers, years, dates, weekdays, time frames, money, places, and who carries them."""
    words, low = _words(text)
    present = set(low)
    out: dict[str, float] = {}
    digits = 0
    for i in _digit_word_candidates(words) if _may_hold_digits(text) else ():
        word = words[i]
        if word[0].isdigit() or word[-1].isdigit() or _DIGIT.search(word):
            digits += 1
            if _YEAR.fullmatch(word):
                out["year"] = 1.0
            elif _DAY_OF_MONTH.fullmatch(word) and i and low[i - 1] in MONTHS:
                out["month_day"] = 1.0
            else:
                out["number"] = 1.0
    if digits:
        out["digits"] = float(min(digits, 3))
    if not MONTHS.isdisjoint(present) and any(w in MONTHS and word[0].isupper() for w, word in zip(low, words)):
        out["month"] = 1.0
    if not DAYS.isdisjoint(present):
        out["day"] = 1.0
    if not NUMBER_WORDS.isdisjoint(present):
        out["number_word"] = 1.0
    if not ORDINALS.isdisjoint(present):
        out["ordinal"] = 1.0
    if "%" in present or "percent" in present:
        out["percent"] = 1.0
    if not _MONEY.isdisjoint(present):
        out["money"] = 1.0
    if not TIME_UNITS.isdisjoint(present) and any(
            w in TIME_UNITS and low[i - 1] in TIME_FRAME_LEADS for i, w in enumerate(low) if i):
        out["time_frame"] = 1.0
    if not PLACE_LEADS.isdisjoint(present) and _place_after_lead(words, low, present):
        out["place"] = 1.0
    kinds = {s.kind for s in find_sources(text)}
    named, unnamed = kinds & _NAMED, kinds - _NAMED
    if named:
        out["named_source"] = 1.0
    if unnamed:
        out["unnamed_source"] = 1.0
    if named and not unnamed and any(k in out for k in ("number", "year", "month", "money", "percent", "day")):
        out["specific_with_named_source"] = 1.0
    if "“" in text or '"' in text:
        out["quote"] = 1.0
    if _first_person(text):
        out["first_person"] = 1.0
    return out


#: Each signal's structure features.
STRUCTURE: dict[str, Callable[[str], dict[str, float]]] = {
    "anonymous_attribution": anonymous_features,
    "sensational_wording": sensational_features,
    "unverifiable_specifics": specifics_features,
}
