"""Figures and dates in a text model's terms.

Left free, the credibility classifier's wording learns from PTC that news which
gives figures and dates is calm and factual: it credited "2017", "in april" or
"000" (-0.07 .. -0.2 each), so dropping an unsourced figure made a sentence
*less* credible (9 of the 23 drop_figure counterfactual pairs; 3 with the bound). A figure's weight is the
``unverifiable_specifics`` signal's to give, so the wording gives these terms
weights of at least 0: they may add risk, never take it away.

(The same bound on the sensational extractor's own word model was tried: grouped
CV F1 of the classifier on PTC train fell 0.536 -> 0.533 and no pair was won, so
it was left out.)

Which words spell a figure is read with care, because the bound and the automatic
drop-figure pairs of PTC train (:func:`pipeline.counterfactuals.figure_pairs`,
which the classifier's objective weighs: ``training.FIGURE_PAIR_WEIGHT``) both
rest on it. Until 2026-11-27 "may" and "march" counted in any case, and so did
"one" and the ordinals and every affix a number word shares ("s:ion" of million
and opinion, "s:ber" of December and member): of PTC train's 3,944 pairs, 603
dropped only a modal "may", a pronoun "one" or a lower-case "march" ("It may be"
-> "It be") and 296 only an ordinal; weighed in the objective, those pairs taught
the wording that "may" adds risk (+1.03). Now 3,045 pairs remain.
"""

from __future__ import annotations

from collections.abc import Sequence

from .signals.attributions import WEEKDAYS
from .signals.structure import MONTHS, NUMBER_WORDS

#: Month and weekday names: a date's words only where a text writes them capitalised ("in May",
#: not "it may"; "last March", not "a march"). The wording's lower-cased terms never count them:
#: the names it read are gone from it (:func:`pipeline.features.name_words`), and the terms left
#: ("may", "march") are mostly the modal and the verb.
DATE_NAMES = MONTHS | WEEKDAYS | frozenset({"jun", "jul"})
#: Words that spell a number in any case: the structure features' number words but "one" (mostly
#: a pronoun: "no one", "one of them"), and the forms that table leaves out. Not the ordinals
#: ("the first group of troops" gives no checkable count; the guideline's specifics are numbers,
#: counts, amounts, percentages, dates and times).
_CARDINALS = (NUMBER_WORDS - {"one"}) | frozenset("""
    sixteen seventeen eighteen nineteen sixty seventy eighty ninety hundreds thousands millions
    billions dozens
""".split())
NUMBER_FIGURE_WORDS = _CARDINALS | frozenset({"percent", "cent", "half", "quarter"})
#: 5-letter prefixes (``p:``) of the cardinal number words: a word that starts so is a number
#: ("p:thous", "p:milli"). Suffixes are shared with common words ("s:ion": million and opinion,
#: "s:ber": December and member), so only one with a digit counts.
_NUMBER_PREFIXES = frozenset("p:" + w[:5] for w in _CARDINALS if len(w) >= 5)


def figure_terms(terms: Sequence[str]) -> list[int]:
    """Positions of the wording's terms (lower-cased word n-grams and ``p:``/``s:`` affixes) that
    spell a figure: a term with a digit, a word n-gram with a word of :data:`NUMBER_FIGURE_WORDS`,
    or the prefix of a cardinal number word."""
    found = []
    for j, term in enumerate(terms):
        if any(c.isdigit() for c in term):
            found.append(j)
        elif term[:2] in ("p:", "s:"):
            if term in _NUMBER_PREFIXES:
                found.append(j)
        elif any(w in NUMBER_FIGURE_WORDS for w in term.split()):
            found.append(j)
    return found


def is_figure_word(word: str) -> bool:
    """Whether a word of a text spells a figure or a date: it has a digit, is a number word
    (:data:`NUMBER_FIGURE_WORDS`, in any case), or a month or weekday name written capitalised."""
    low = word.lower()
    return (any(c.isdigit() for c in word) or low in NUMBER_FIGURE_WORDS
            or (low in DATE_NAMES and word[:1].isupper()))
