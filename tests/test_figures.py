"""Which terms of the shipped wording spell a figure or a date (their weights are bounded at 0)."""

from __future__ import annotations

import pytest

from pipeline.figures import figure_terms


@pytest.mark.parametrize(("term", "is_figure"), [
    # (month and weekday names are capitalised words: the wording reads them no more, see features.name_words)
    ("2017", True), ("000", True), ("in 2017", True), ("p:thous", True), ("thousands of", True),
    ("diplomat", False), ("according to", False), ("p:diplo", False),
    # a modal, a pronoun, an ordinal, and suffixes that number words share with common ones
    ("may", False), ("one", False), ("first", False), ("s:ber", False), ("s:ion", False),
])
def test_figures_terms_of_the_shipped_wording(wording_weights, term, is_figure):
    terms, _ = wording_weights
    assert term in terms  # a term the shipped model really has
    assert (terms.index(term) in set(figure_terms(terms))) == is_figure


def test_figures_wording_never_credits_a_figure(wording_weights):
    terms, weights = wording_weights
    assert all(weights[j] >= 0.0 for j in figure_terms(terms))
