"""Structure features of the signal heads, on the seed's sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.signals.structure import STRUCTURE, anonymous_features, specifics_features


def _sentence(sentences, start):
    return next(s for s in sentences if s.startswith(start))


@pytest.mark.parametrize("start, feature", [
    ("According to a European diplomat", "unnamed_near_reporting=diplomat"),
    ("Sources close to the negotiations", "unnamed_near_reporting=sources"),
])
def test_signals_structure_sees_unnamed_sources(seed_sentences, start, feature):
    assert feature in anonymous_features(_sentence(seed_sentences, start))


@pytest.mark.parametrize("start, feature", [
    ("Behind closed doors, European defense ministers", "number"),
])
def test_signals_structure_sees_numbers(seed_sentences, start, feature):
    assert feature in specifics_features(_sentence(seed_sentences, start))


@given(st.text(max_size=200))
def test_signals_structure_any_text_gives_finite_features(text):
    for features in STRUCTURE.values():
        values = features(text).values()
        assert all(isinstance(v, float) and 0.0 <= v <= 3.0 for v in values)


@pytest.mark.parametrize("text, digits", [
    ("No numbers in this one.", None),
    ("It cost 12 dollars in 2019.", 2.0),
    ("The x² term and ① mark count as digits too.", 2.0),  # str.isdigit, not \d: the slow path
])
def test_signals_structure_digit_shortcut_keeps_counts(text, digits):
    assert specifics_features(text).get("digits") == digits


@given(st.lists(st.sampled_from(list("Iwemyourx'’ .,\n") + ["in ", "at ", "In ", "May", "Kyiv", "kyiv", " "]),
                max_size=30).map("".join))
def test_signals_structure_fast_checks_equal_the_plain_ones(text):
    """The first-person and place shortcuts answer what the plain regex and word walk answer."""
    from pipeline.signals.structure import (FIRST_PERSON, MONTHS, PLACE_LEADS, _first_person,
                                            _place_after_lead, _words)

    assert _first_person(text) == bool(FIRST_PERSON.search(text))
    words, low = _words(text)
    plain = any(low[i - 1] in PLACE_LEADS and words[i][0].isupper() and w not in MONTHS
                for i, w in enumerate(low) if i)
    assert _place_after_lead(words, low, set(low)) == plain


@given(st.lists(st.sampled_from(["12", "x2", "2x", "a1b", "May", "5", "1999", "²", "①", "word", "_", "-", " ", ","]),
                max_size=25).map(" ".join))
def test_signals_structure_digit_words_as_the_plain_walk_counts_them(text):
    """Only non-alphabetic words are tested for digits; the count is the plain walk's."""
    import re

    from pipeline.signals.structure import TOKEN

    plain = sum(1 for w in TOKEN.findall(text) if w[0].isdigit() or w[-1].isdigit() or re.search(r"\d", w))
    assert specifics_features(text).get("digits") == (float(min(plain, 3)) if plain else None)
