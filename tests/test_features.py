"""The fast feature path equals the plain scikit-learn FeatureUnion; the wording reads no names."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.features import build_feature_union


def test_features_builder_matches_feature_union(scorer, seed_sentences):
    m = scorer.model
    union = build_feature_union(m.signals, m.text_vectorizer, m.heads)
    expected = union.transform(seed_sentences)
    builder = m.builder
    got = builder.matrix(*builder.analyze(seed_sentences))
    np.testing.assert_allclose(got.toarray(), expected.toarray(), rtol=1e-5, atol=1e-6)
    assert list(union.get_feature_names_out()) == builder.feature_names()


def test_features_union_fit_keeps_fitted_signals(scorer, seed_sentences):
    m = scorer.model
    union = build_feature_union(m.signals, m.text_vectorizer)
    before = union.transform(seed_sentences).toarray()
    union.fit(seed_sentences[:3], [0, 1, 0])  # frozen: fitting changes nothing
    np.testing.assert_allclose(union.transform(seed_sentences).toarray(), before)


def test_features_builder_tfidf_equals_each_vectorizer(scorer, seed_sentences):
    # every text model, counted with the others of its token scheme, equals its own transform
    m = scorer.model
    builder = m.builder
    vectorizers = {name: ext.vectorizer_ for name, ext in m.signals.items()}
    vectorizers["text"] = m.text_vectorizer
    vectorizers.update({f"head:{name}": head.vectorizer_ for name, head in m.heads.items()})
    computed = {}
    for names, shared in builder.shared:
        computed.update(zip(names, shared.transform(seed_sentences)))
    assert set(computed) == set(vectorizers)  # no model falls back to its own transform
    for name, vec in vectorizers.items():
        np.testing.assert_allclose(computed[name].toarray(), vec.transform(seed_sentences).toarray(),
                                   rtol=1e-5, atol=1e-6)


def test_features_shared_counts_equal_count_vectorizer(scorer, data_dir):
    from sklearn.feature_extraction.text import CountVectorizer

    from pipeline.datasets import load_clickbait, load_ptc_sentences
    from pipeline.tokens import cased_tokens, text_tokens

    texts = list(load_ptc_sentences(data_dir, "dev").texts)[:2000] + list(load_clickbait(data_dir, "dev").texts)[:500]
    texts += ["", "   ", texts[0] * 5]
    analyzers = {"words": text_tokens, "cased": cased_tokens}
    for _, shared in scorer.model.builder.shared:
        want = CountVectorizer(analyzer=analyzers[shared.scheme.name], vocabulary=shared.vocabulary).transform(texts)
        got = shared.counts(texts)
        assert got.has_canonical_format
        assert (got != want).nnz == 0
        np.testing.assert_array_equal(got.indptr, want.indptr)


def test_features_text_tokens_extend_sklearn_words(seed_sentences):
    from sklearn.feature_extraction.text import CountVectorizer

    from pipeline.features import text_tokens

    analyzer = CountVectorizer(ngram_range=(1, 2)).build_analyzer()
    for sentence in seed_sentences:
        tokens = text_tokens(sentence)
        words = [t for t in tokens if not t.startswith(("p:", "s:"))]
        assert sorted(words) == sorted(analyzer(sentence))
        assert any(t.startswith("p:") for t in tokens)


def test_features_builder_transforms_alone_what_no_scheme_counts(seed_sentences):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.features import FeatureBuilder

    trigrams = TfidfVectorizer(ngram_range=(1, 3)).fit(seed_sentences)
    builder = FeatureBuilder({}, trigrams)
    assert builder.shared == []
    results, matrix = builder.analyze(seed_sentences)
    assert results == {}
    np.testing.assert_allclose(matrix.toarray(), trigrams.transform(seed_sentences).toarray())


def _same_csr(got, want) -> None:
    assert got.has_canonical_format and want.has_canonical_format
    assert got.shape == want.shape
    np.testing.assert_array_equal(got.indptr, want.indptr)
    np.testing.assert_array_equal(got.indices, want.indices)
    np.testing.assert_array_equal(got.data, want.data)
    assert got.dtype == want.dtype


def test_features_batch_counts_equal_sentence_by_sentence(scorer, data_dir, seed_sentences, monkeypatch):
    # the one-pass count of a batch (token numbers gathered in numpy, bigrams as integer keys)
    # equals the plain per-sentence lookups, batch by batch as the CLI gives them, also when the
    # token table empties itself between batches and for batches with empty sentences
    import pipeline.features as features
    from pipeline.datasets import load_ptc_sentences

    texts = list(load_ptc_sentences(data_dir, "dev").texts)[:1500]
    batches = [texts[i:i + 300] for i in range(0, len(texts), 300)]
    batches += [seed_sentences, [], [""], ["", seed_sentences[0], "", "   "], [seed_sentences[1]]]
    for _, shared in scorer.model.builder.shared:
        for batch in batches:
            _same_csr(shared.counts(batch), shared.counts_by_sentence(batch))
        monkeypatch.setattr(features, "MAX_CACHED_WORDS", 50)
        for batch in batches[:2] + batches[-3:]:
            _same_csr(shared.counts(batch), shared.counts_by_sentence(batch))
        monkeypatch.undo()


def test_features_transform_equals_the_plain_coo_form(scorer, data_dir, seed_sentences):
    # CSR arrays cut from the counts (every vectorizer keeps the sorted union's column order)
    # equal the matrices built from COO triples and normalised by sklearn's normalize, bit for bit
    from pipeline.datasets import load_clickbait, load_ptc_sentences

    texts = list(load_ptc_sentences(data_dir, "dev").texts)[:1200] + list(load_clickbait(data_dir, "dev").texts)[:300]
    batches = [texts[i:i + 250] for i in range(0, len(texts), 250)]
    batches += [seed_sentences, [""], ["", seed_sentences[0], "   "]]
    for _, shared in scorer.model.builder.shared:
        assert all(shared._in_order)
        for batch in batches:
            for got, want in zip(shared.transform(batch), shared.transform_plain(batch), strict=True):
                _same_csr(got, want)


def test_features_batch_counts_from_threads_sharing_a_builder(scorer, data_dir):
    # new tokens are numbered and their columns stored under a lock: threads counting batches
    # at once on one (fresh) builder get what each batch alone gives
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.datasets import load_ptc_sentences
    from pipeline.features import FeatureBuilder

    m = scorer.model
    fresh = FeatureBuilder(m.signals, m.text_vectorizer, m.heads)
    texts = list(load_ptc_sentences(data_dir, "dev").texts)[:1600]
    batches = [texts[i:i + 100] for i in range(0, len(texts), 100)]
    for _, shared in fresh.shared:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(shared.counts, batches))
        for batch, counts in zip(batches, got):
            _same_csr(counts, shared.counts_by_sentence(batch))


def test_features_builder_pickles_with_its_token_tables(scorer, seed_sentences):
    import pickle

    builder = scorer.model.builder
    builder.analyze(seed_sentences)
    copy = pickle.loads(pickle.dumps(builder))
    for (_, a), (_, b) in zip(copy.shared, builder.shared):
        _same_csr(a.counts(seed_sentences), b.counts(seed_sentences))


@pytest.fixture(scope="module")
def ptc_train_texts(data_dir):
    from pipeline.datasets import load_ptc_sentences

    return list(load_ptc_sentences(data_dir, "train").texts)


def test_features_name_words_are_what_the_corpus_writes_capitalised(ptc_train_texts):
    from pipeline.features import name_words

    names = name_words(ptc_train_texts)
    assert {"russia", "obama", "muslim", "european"} <= names
    # written in lower case as often as not, or never capitalised inside a sentence
    assert not {"president", "said", "the", "government", "police"} & names


def test_features_without_names_drops_their_terms_and_keeps_the_rest(ptc_train_texts):
    from pipeline.features import make_text_vectorizer, name_words, without_names

    texts = ptc_train_texts[:3000]
    full = make_text_vectorizer().fit(texts)
    kept = without_names(full, texts)
    names = name_words(texts)
    terms = list(map(str, kept.get_feature_names_out()))
    assert not [t for t in terms if t[:2] not in ("p:", "s:") and set(t.split()) & names]
    assert 0 < len(terms) < len(full.vocabulary_)
    # a kept term's idf is what the full fit gave it, and a sentence's row is l2-normalised over them
    for term in terms[:: max(1, len(terms) // 200)]:
        assert kept.idf_[kept.vocabulary_[term]] == pytest.approx(full.idf_[full.vocabulary_[term]])
    row = kept.transform(texts[:50])
    np.testing.assert_allclose(np.sqrt(row.multiply(row).sum(axis=1)).A.ravel()[row.getnnz(axis=1) > 0], 1.0,
                               rtol=1e-5)


def test_features_shipped_wording_reads_no_names(scorer):
    vocabulary = scorer.model.text_vectorizer.vocabulary_
    assert not {"russia", "european", "muslim", "obama", "russia said"} & set(vocabulary)
