"""The contract every signal extractor keeps as a scikit-learn transformer."""

from __future__ import annotations

import io

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from pipeline.signals import SIGNALS
from pipeline.signals.base import Cue, drop_overlaps, noisy_or, strongest_per_cue

EXTRACTORS = list(SIGNALS.items())


@pytest.fixture(scope="module")
def labelled(seed_sentences):
    """Seed sentences with the labels the seed's expectation file gives each signal."""
    from conftest import seed_documents, seed_expectations

    expectations = seed_expectations(seed_documents()[0])
    return seed_sentences, {
        name: [int(name in e["present"]) for e in expectations] for name in SIGNALS
    }


@pytest.mark.parametrize("name,cls", EXTRACTORS)
def test_signals_base_clone_keeps_params(name, cls):
    ext = cls(C=2.0, prior_strength=5.0)
    copy = clone(ext)
    assert copy.get_params() == ext.get_params()
    assert copy is not ext


@pytest.mark.parametrize("name,cls", EXTRACTORS)
def test_signals_base_fit_returns_self(name, cls, labelled):
    texts, labels = labelled
    ext = cls()
    assert ext.fit(texts, labels[name]) is ext
    assert ext.fit(texts) is ext  # rules only, no labels


@pytest.mark.parametrize("name,cls", EXTRACTORS)
def test_signals_base_not_fitted_error(name, cls, seed_sentences):
    with pytest.raises(NotFittedError):
        cls().transform(seed_sentences)
    with pytest.raises(NotFittedError):
        cls().get_feature_names_out()


@pytest.mark.parametrize("name,cls", EXTRACTORS)
def test_signals_base_shapes_and_names(name, cls, labelled):
    texts, labels = labelled
    ext = cls().fit(texts, labels[name])
    out = ext.transform(texts)
    names = ext.get_feature_names_out()
    assert out.shape == (len(texts), len(names))
    assert list(names[-2:]) == ["learned", "score"]
    assert np.all((out[:, -1] >= 0) & (out[:, -1] <= 1))
    assert ext.transform([]).shape == (0, len(names))


@pytest.mark.parametrize("name,cls", EXTRACTORS)
def test_signals_base_joblib_round_trip(name, cls, labelled):
    texts, labels = labelled
    ext = cls().fit(texts, labels[name])
    buffer = io.BytesIO()
    joblib.dump(ext, buffer)
    buffer.seek(0)
    again = joblib.load(buffer)
    np.testing.assert_array_equal(again.transform(texts), ext.transform(texts))


def test_signals_base_feature_union_names(labelled):
    texts, labels = labelled
    union = FeatureUnion([(name, cls()) for name, cls in EXTRACTORS])
    union.fit(texts)
    names = list(union.get_feature_names_out())
    assert "anonymous_attribution__unnamed_source" in names
    assert "sensational_wording__score" in names
    assert union.transform(texts).shape == (len(texts), len(names))


def test_signals_base_in_pipeline(labelled):
    texts, labels = labelled
    y = labels["anonymous_attribution"]
    pipe = Pipeline([("attribution", SIGNALS["anonymous_attribution"]()),
                     ("clf", LogisticRegression())])
    pipe.fit(texts, y)
    assert pipe.predict_proba(texts).shape == (len(texts), 2)


@pytest.mark.parametrize("name,cls", EXTRACTORS)
def test_signals_base_rejects_bad_input(name, cls, seed_sentences):
    ext = cls().fit(seed_sentences)
    with pytest.raises(TypeError):
        ext.transform("one string, not a list")
    with pytest.raises(TypeError):
        ext.transform([seed_sentences[0], 3])
    with pytest.raises(ValueError):
        cls().fit(seed_sentences, [0, 1])


def test_signals_base_noisy_or_and_overlaps():
    assert noisy_or([]) == 0.0
    assert noisy_or([0.5, 0.5]) == pytest.approx(0.75)
    cues = [Cue(0, 10, "a", 0.5), Cue(5, 8, "b", 0.9), Cue(12, 14, "a", 0.7)]
    assert [c.cue for c in drop_overlaps(cues)] == ["b", "a"]
    assert sorted(strongest_per_cue(cues)) == [0.7, 0.9]


@pytest.mark.parametrize("name,cls", EXTRACTORS)
def test_signals_base_corpus_update_moves_confidence(name, cls, labelled):
    # a cue that fires only on negative sentences loses confidence; priors stay otherwise
    texts, labels = labelled
    ext = cls(prior_strength=1.0).fit(texts, [0] * len(texts))
    prior = cls().fit(texts)
    assert all(ext.cue_confidence_[k] <= prior.cue_confidence_[k] for k in prior.cue_confidence_)


def adversarial_texts(n: int) -> dict[str, str]:
    """Inputs that make badly written patterns backtrack: each grows linearly with ``n``."""
    return {
        "repeated_cues": "some analysts suggest reportedly according to " * n,
        "unclosed_quotes": "“He said " * n,
        "digit_run": "1" * (20 * n),
        "thousands_run": "1," * (10 * n) + "000 troops",
        "capitalised_run": "The Wall Street " * n + "said",
        "spaces": "over" + " " * (20 * n) + "10,000",
        "nested_words": "never been " * n + "higher",
        "time_frames": "within the next few " * n + "weeks",
    }


@pytest.mark.parametrize("name,cls", EXTRACTORS)
@pytest.mark.parametrize("kind", sorted(adversarial_texts(1)))
def test_signals_base_adversarial_inputs_finish_with_valid_spans(name, cls, kind, seed_sentences):
    # no timing here (benchmarks/bench_linear.py measures growth); this proves completion and spans
    text = adversarial_texts(400)[kind]
    ext = cls().fit(seed_sentences)
    (result,) = ext.analyze([text])
    assert 0.0 <= result.score <= 1.0
    for c in result.cues:
        assert 0 <= c.start < c.end <= len(text)


def test_signals_base_lowercased_scan_keeps_offsets(seed_sentences):
    # "İ" lower-cases to two characters: offsets must still point at the original text
    from pipeline.signals.base import load_patterns, pattern_priors, scan_patterns

    patterns = load_patterns("attribution_patterns.tsv")
    texts = ["İİ " + seed_sentences[15], seed_sentences[15].upper()]
    found = scan_patterns(patterns, texts, pattern_priors(patterns))
    for text, cues in zip(texts, found):
        assert any(text[c.start:c.end].lower() == "reportedly" for c in cues)


@pytest.mark.parametrize("name,cls", EXTRACTORS)
def test_signals_base_without_learned_evidence_keeps_the_rest(name, cls, labelled):
    """``learned_evidence=False`` drops only the learned part's cues; scores and counts stay."""
    texts, labels = labelled
    ext = cls().fit(texts, labels[name])
    full = ext.analyze(texts)
    lean = ext.analyze(texts, learned_evidence=False)
    for a, b in zip(full, lean):
        assert (a.score, a.learned, dict(a.counts)) == (b.score, b.learned, dict(b.counts))
        assert [c for c in a.cues if c.cue in ext.rule_cues] == [c for c in b.cues if c.cue in ext.rule_cues]
        assert all(c.cue in ext.rule_cues for c in b.cues)
