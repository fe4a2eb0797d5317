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
"""

from __future__ import annotations

from collections.abc import Sequence

from .signals.attributions import WEEKDAYS
from .signals.structure import MONTHS, NUMBER_WORDS
from .tokens import word_affixes

#: Words of figures and dates (lower case): the structure features' months, weekdays and number
#: words, the first five ordinals, and the forms those tables leave out.
FIGURE_WORDS = (MONTHS | WEEKDAYS | NUMBER_WORDS | {"first", "second", "third", "fourth", "fifth"}
                | frozenset("""
    jun jul sixteen seventeen eighteen nineteen sixty seventy eighty ninety hundreds thousands millions
    billions dozens percent per cent half quarter
""".split()))


def figure_terms(terms: Sequence[str]) -> list[int]:
    """Positions of the word n-grams (and ``p:``/``s:`` affixes) that spell a figure or a date:
    a digit, or a word of :data:`FIGURE_WORDS` (in any case)."""
    affixes = {a for word in FIGURE_WORDS for a in word_affixes(word)}
    found = []
    for j, term in enumerate(terms):
        if term[:2] in ("p:", "s:"):
            hit = term in affixes or any(c.isdigit() for c in term)
        else:
            hit = any(map(is_figure_word, term.split()))
        if hit:
            found.append(j)
    return found


def is_figure_word(word: str) -> bool:
    """Whether a word spells a figure or a date: it has a digit, or is a word of
    :data:`FIGURE_WORDS` (in any case)."""
    return any(c.isdigit() for c in word) or word.lower() in FIGURE_WORDS
