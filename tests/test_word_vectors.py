"""The shipped word vectors: their file, the vocabulary rule and the 8-bit codes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pipeline.word_vectors import RESOURCE, WordVectors, corpus_vocabulary, load_word_vectors, quantise


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
