"""The fast feature path equals the plain scikit-learn FeatureUnion."""

from __future__ import annotations

import numpy as np

from pipeline.features import build_feature_union


def test_features_builder_matches_feature_union(scorer, seed_sentences):
    m = scorer.model
    union = build_feature_union(m.signals, m.text_vectorizer)
    expected = union.transform(seed_sentences)
    builder = m.builder
    got = builder.matrix(seed_sentences, builder.analyze(seed_sentences))
    np.testing.assert_allclose(got.toarray(), expected.toarray())
    assert list(union.get_feature_names_out()) == builder.feature_names()


def test_features_union_fit_keeps_fitted_signals(scorer, seed_sentences):
    m = scorer.model
    union = build_feature_union(m.signals, m.text_vectorizer)
    before = union.transform(seed_sentences).toarray()
    union.fit(seed_sentences[:3], [0, 1, 0])  # frozen: fitting changes nothing
    np.testing.assert_allclose(union.transform(seed_sentences).toarray(), before)
