"""The word model of loaded wording: fitted on the gold's marked words, read at test time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.signals.loaded_words import FEATURES, LoadedWords


@pytest.fixture(scope="module")
def gold_words(data_dir):
    from pipeline.datasets import load_signals_gold

    gold = load_signals_gold(data_dir, "train")
    return gold, LoadedWords().fit(gold.texts, gold.spans["sensational_wording"])


def test_marked_words_score_above_unmarked_ones(gold_words):
    gold, model = gold_words
    inside, outside = [], []
    for text, spans in zip(gold.texts, gold.spans["sensational_wording"]):
        for a, b, p in model.word_scores(text):
            (inside if any(s <= a < e for s, e in spans) else outside).append(p)
    assert len(inside) > 500
    assert np.median(inside) > 3 * np.median(outside)


def test_sensational_gold_sentences_have_stronger_words(gold_words):
    from sklearn.metrics import roc_auc_score

    gold, model = gold_words
    features = model.features(gold.texts)
    assert features.shape == (len(gold.texts), len(FEATURES))
    assert roc_auc_score(gold.labels["sensational_wording"], features[:, 0]) > 0.75


def test_every_vocabulary_word_has_a_score_in_the_unit_interval(gold_words):
    from pipeline.word_vectors import load_word_vectors

    _, model = gold_words
    assert set(model.table_) == set(load_word_vectors().words)
    assert all(0.0 < p < 1.0 for p in model.table_.values())


def test_a_sentence_without_known_words_has_zero_features(gold_words):
    _, model = gold_words
    assert model.features(["12:30 — 2018/11/13", ""]).tolist() == [[0.0, 0.0], [0.0, 0.0]]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_adding_a_word_never_lowers_the_strongest(gold_words, data):
    gold, model = gold_words
    text = gold.texts[data.draw(st.integers(0, len(gold.texts) - 1))]
    word = data.draw(st.sampled_from(["horrific", "quarterly", "said", "slammed", "the"]))
    before, after = model.features([text, f"{text} {word}"])
    assert after[0] >= before[0]
    assert 0.0 <= after[1] <= after[0] <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_compound_the_table_lacks_reads_as_its_most_loaded_part(gold_words, data):
    gold, model = gold_words
    words = sorted(w for w in model.table_ if w.isalpha())
    first, second = data.draw(st.sampled_from(words)), data.draw(st.sampled_from(words))
    compound = f"{first}-{second}"
    if compound in model.table_:
        return
    expected = max(model.table_[first], model.table_[second])
    assert model.score(compound) == expected
    # the sentence features read it as well: "... a flea-infested ..." with the compound unknown
    sentence = f"{gold.texts[0]} {compound}"
    assert model.features([sentence])[0, 0] >= expected


def test_a_possessive_the_table_lacks_reads_as_its_noun(gold_words):
    _, model = gold_words
    lacking = [(noun, possessive) for noun in ("informant", "lawyer", "mayor")
               for possessive in (f"{noun}’s", f"{noun}'s") if possessive not in model.table_]
    assert len(lacking) >= 3
    for noun, possessive in lacking:
        assert model.score(possessive) == model.table_[noun]
        start = len("The ")
        assert (start, start + len(possessive), model.table_[noun]) in model.word_scores(f"The {possessive} claim")


def test_an_unknown_word_without_known_parts_has_no_score(gold_words):
    _, model = gold_words
    assert model.score("zzqx-qqzz") is None and model.score("zzqx’s") is None
    assert model.word_scores("zzqx-qqzz zzqx’s") == []
