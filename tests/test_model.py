"""Thresholds, calibration error, card verification and byte-identical training."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipeline import artifact, model, thresholds, training


def test_model_best_f1_threshold_separates():
    risk = np.array([0.9, 0.8, 0.7, 0.2, 0.1])
    labels = np.array([1, 1, 0, 0, 0])
    cut, f1 = thresholds.best_f1_threshold(risk, labels)
    assert 0.7 < cut < 0.8 and f1 == 1.0


def test_model_threshold_is_the_middle_of_the_f1_plateau():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 4000)
    risk = np.clip(labels * 0.2 + rng.normal(0.4, 0.2, 4000), 0, 1)
    cut, best = thresholds.best_f1_threshold(risk, labels)
    nudged, _ = thresholds.best_f1_threshold(np.clip(risk + rng.normal(0, 1e-4, 4000), 0, 1), labels)
    assert abs(cut - nudged) < 0.02  # tiny changes in the scores barely move it
    flagged = risk > cut
    tp = (flagged & (labels == 1)).sum()
    assert 2 * tp / (flagged.sum() + labels.sum()) >= best - 0.005


def test_model_ece():
    assert thresholds.expected_calibration_error(np.array([0.05, 0.95]), np.array([0, 1])) == pytest.approx(0.05)
    assert thresholds.expected_calibration_error(np.array([]), np.array([])) == 0.0


def test_model_shipped_card_matches_artifact():
    from pipeline.scorer import default_model_path

    folder = default_model_path()
    card = artifact.verify_model(folder)
    assert card["artifact"]["sha256"] == artifact.file_sha256(folder / "model.joblib")
    assert (folder / "model.joblib").stat().st_size < 25 * 1024 * 1024
    for key in ("version", "created", "library_versions", "training_data", "feature_names", "thresholds",
                "dev_metrics", "terms_of_use"):
        assert key in card
    dev = {f["figure"]: f["value"] for f in card["dev_metrics"]}
    assert dev["sentence F1 (flagged vs official label)"] >= 0.56  # issue 11
    # issue 11's goal is 0.70; the signal-bounded classifier reached 0.699, then 0.696 with the
    # gated heads and a signal floor of 0.75, 0.694 with the parser's new typing of sources (a
    # bootstrap standard error of this AUC is 0.012 over sentences, 0.019 over articles): 0.69 stays a floor
    assert dev["ROC AUC of 1 - credibility"] >= 0.69
    # issue 10's guards: the proxies each signal was first taught by
    by_corpus = {(f["corpus"], f["figure"]): f["value"] for f in card["dev_metrics"]}
    assert by_corpus["clickbait", "sensational_wording F1 (score >= 0.5)"] >= 0.98
    assert by_corpus["conll2010_wiki", "anonymous_attribution ROC AUC"] >= 0.80


def test_model_labels_follow_thresholds(scorer):
    m = scorer.model
    assert m.label_for(m.flag_threshold - 1e-6) == "low"
    assert m.label_for(m.flag_threshold) == "uncertain"
    assert m.label_for(m.credible_threshold) == "credible"


def test_model_card_records_corpus_checksums(data_dir):
    from pipeline.datasets import corpus_checksums
    from pipeline.scorer import default_model_path

    card = artifact.read_card(default_model_path())
    assert card["training_data"]["sha256"] == corpus_checksums(data_dir)


@pytest.mark.slow
def test_model_training_is_byte_identical(data_dir, tmp_path):
    cards = []
    for name in ("a", "b"):
        m, report = training.train_model(data_dir, limit=600)
        cards.append(artifact.save_model(m, tmp_path / name, {"report": report}))
    assert cards[0]["artifact"]["sha256"] == cards[1]["artifact"]["sha256"]
    assert json.dumps(cards[0]["report"]) == json.dumps(cards[1]["report"])


def test_model_dependency_pins_admit_the_shipped_model():
    """pyproject's version ranges must include the versions the shipped model was trained with."""
    import tomllib
    from pathlib import Path

    from packaging.requirements import Requirement

    from pipeline.scorer import default_model_path

    root = Path(__file__).resolve().parent.parent
    deps = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {Requirement(d).name: Requirement(d).specifier for d in deps}
    trained = artifact.read_card(default_model_path())["library_versions"]
    for lib, _ in artifact.CHECKED_LIBRARIES:
        assert pins[lib].contains(trained[lib]), (lib, str(pins[lib]), trained[lib])


def test_model_vocabularies_hold_plain_ints(scorer):
    # numpy scalars in a vocabulary made the model file slow to load; plain_vocabulary removes them
    for vectorizer in scorer.model.vectorizers():
        assert all(type(column) is int for column in vectorizer.vocabulary_.values())


def test_training_sensational_sentences_take_the_gold_label_where_there_is_one(data_dir):
    # the sensational extractor learns PTC train's technique labels, and the guideline's label for
    # the sentences of signals_gold train (which the two often disagree on)
    from pipeline import datasets

    gold = datasets.load_signals_gold(data_dir, "train")
    ptc = training._ptc_sensational(data_dir, gold)
    sens = datasets.load_ptc_sentences(data_dir, "train", label="sensational")
    said = dict(zip(zip(gold.groups, gold.texts), gold.labels["sensational_wording"]))
    rows = [i for i, key in enumerate(zip(sens.groups, sens.texts)) if key in said]
    assert len(rows) >= 2000
    assert all(ptc.labels[i] == said[(sens.groups[i], sens.texts[i])] for i in rows)
    assert any(ptc.labels[i] != sens.labels[i] for i in rows)
    gold_rows = set(rows)
    others = [i for i in range(len(sens.texts)) if i not in gold_rows]
    assert all(ptc.labels[i] == sens.labels[i] for i in others)
