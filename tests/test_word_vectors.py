"""The shipped word vectors: their file, the vocabulary rule and the 8-bit codes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pipeline.word_vectors import (
    EXTENSION_DIMENSIONS,
    RESOURCE,
    WordVectors,
    _names,
    corpus_vocabulary,
    load_word_vectors,
    principal_components,
    quantise,
)


def test_shipped_vectors_are_unit_rows_of_a_sorted_lower_case_vocabulary():
    vectors = load_word_vectors()
    assert len(vectors.words) > 10_000
    assert vectors.words == sorted(vectors.words)
    assert all(w.islower() for w in vectors.words)
    norms = np.linalg.norm(vectors.vectors, axis=1)
    assert np.allclose(norms, 1, atol=1e-5)


def test_shipped_vectors_put_loaded_words_near_each_other():
    # the seed's own loaded words: meaning, not spelling, brings them close
    vectors = load_word_vectors()

    def vec(word):
        return vectors.vectors[vectors.index[word]]

    assert vec("horrific") @ vec("terrifying") > vec("horrific") @ vec("quarterly")
    assert vec("slammed") @ vec("blasted") > vec("slammed") @ vec("announced")


def test_added_words_no_corpus_writes_are_near_words_of_like_meaning():
    # "harrowing" and "melodramatic" are written by no training corpus (they come from wordfreq's
    # list, kept in principal components) and still land next to the corpus words they mean
    with np.load(RESOURCE, allow_pickle=False) as data:
        corpus, added = set(data["words"].tolist()), set(data["added_words"].tolist())
        assert data["added_codes"].shape == (len(added), EXTENSION_DIMENSIONS)
    assert len(added) > 50_000 and not corpus & added
    assert {"harrowing", "melodramatic"} <= added and {"horrific", "dramatic", "quarterly"} <= corpus
    vectors = load_word_vectors()

    def vec(word):
        return vectors.vectors[vectors.index[word]]

    assert vec("harrowing") @ vec("horrific") > vec("harrowing") @ vec("quarterly")
    assert vec("melodramatic") @ vec("dramatic") > vec("melodramatic") @ vec("quarterly")


def test_names_are_capitalised_words_inside_a_sentence_but_not_in_a_title_case_headline(seed_sentences):
    headline, body = seed_sentences[0], next(s for s in seed_sentences if "Andriy Yermak" in s)
    assert _names(headline) == []  # "Behind Closed Doors: European and U.S. Officials Work on ..."
    names = _names(body)  # "As the plan moves closer ..., the role of Ukrainian President ..."
    assert {"Andriy", "Yermak", "Volodymyr"} <= set(names) and "As" not in names
    assert all(w[0].isupper() for w in names)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (9, 4), elements=st.floats(-1, 1)), st.integers(1, 4))
def test_principal_components_are_orthonormal_and_rebuild_the_rows_at_full_rank(matrix, k):
    scores, components, mean = principal_components(matrix, k)
    assert scores.shape == (9, k) and components.shape == (k, 4)
    rank = np.linalg.matrix_rank(matrix - matrix.mean(axis=0))
    if rank >= k:  # a component of a rank-deficient matrix may be any unit vector
        assert np.allclose(components @ components.T, np.eye(k), atol=1e-4)
        assert np.all(components[np.arange(k), np.abs(components).argmax(axis=1)] > 0)
    if k == 4:
        assert np.allclose(scores @ components + mean, matrix, atol=1e-4)


def test_vocabulary_keeps_words_written_in_lower_case(seed_text):
    words = corpus_vocabulary([seed_text])
    assert "diplomat" in words and "troops" in words
    assert "ukraine" not in words and "Ukraine" not in words  # a name, never written in lower case
    assert words == sorted(set(words))


@settings(max_examples=50, deadline=None)
@given(arrays(np.float32, (7, 5), elements=st.floats(-1, 1, width=32)))
def test_quantised_codes_are_within_half_a_step(matrix):
    codes, scale = quantise(matrix)
    assert codes.dtype == np.int8 and scale.shape == (5,)
    assert np.all(np.abs(codes.astype(np.float32) * scale - matrix) <= scale / 2 + 1e-6)


def test_a_missing_file_says_how_to_rebuild_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m pipeline.word_vectors"):
        load_word_vectors.__wrapped__(tmp_path / "word_vectors.npz")


def test_duplicate_words_are_refused():
    with pytest.raises(ValueError):
        WordVectors(["a", "a"], np.ones((2, 3), dtype=np.float32))


def test_the_resource_is_package_data():
    assert RESOURCE.parent.name == "resources" and RESOURCE.exists()
