"""Corpus loaders and the deterministic splits."""

from __future__ import annotations

import pytest

from pipeline import datasets


def test_datasets_missing_dir_is_clear(tmp_path, monkeypatch):
    monkeypatch.delenv(datasets.DATA_DIR_ENV, raising=False)
    with pytest.raises(datasets.DataDirError, match="--data-dir"):
        datasets.resolve_data_dir()
    with pytest.raises(datasets.DataDirError, match="ptc"):
        datasets.resolve_data_dir(tmp_path)


def test_datasets_hash_split_is_stable():
    keys = [f"id{i}" for i in range(5000)]
    first = [datasets.in_dev(k) for k in keys]
    assert first == [datasets.in_dev(k) for k in keys]
    assert 0.17 < sum(first) / len(first) < 0.23


def test_datasets_ptc_counts(data_dir):
    train = datasets.load_ptc_sentences(data_dir, "train")
    dev = datasets.load_ptc_sentences(data_dir, "dev")
    assert (len(train), len(dev)) == (14256, 2033)
    assert (sum(train.labels), sum(dev.labels)) == (3938, 783)
    assert not set(train.groups) & set(dev.groups)


def test_datasets_ptc_articles_rebuild_offsets(data_dir):
    for art in datasets.load_ptc_articles(data_dir, "dev"):
        for s in art.sentences:
            assert art.text[s["start"]:s["end"]] == s["text"]


def test_datasets_ptc_articles_take_a_string_folder(data_dir):
    by_path = datasets.load_ptc_articles(data_dir, "dev")
    by_str = datasets.load_ptc_articles(str(data_dir), "dev")
    assert [(a.article_id, a.text) for a in by_str] == [(a.article_id, a.text) for a in by_path]


def test_datasets_copied_articles_are_dev_articles_with_a_train_twin(data_dir):
    # the ids differ, the texts do not: dev 7634408719 is train 763440871 (found by reading)
    copied = datasets.copied_articles(data_dir, "dev")
    assert len(copied) == 8 and "7634408719" in copied
    train_texts = {a.text for a in datasets.load_ptc_articles(data_dir, "train")}
    for art in datasets.load_ptc_articles(data_dir, "dev"):
        assert (art.text in train_texts) == (art.article_id in copied)


@pytest.mark.parametrize("loader", [datasets.load_weasel, datasets.load_clickbait, datasets.load_claimbuster])
def test_datasets_splits_disjoint(data_dir, loader):
    train, dev = loader(data_dir, "train"), loader(data_dir, "dev")
    assert len(train) > len(dev) > 0
    assert not set(train.groups) & set(dev.groups)
    assert set(train.labels) == {0, 1}


def test_datasets_bad_split(data_dir):
    with pytest.raises(ValueError):
        datasets.load_clickbait(data_dir, "test")


@pytest.mark.parametrize("split, n, positives", [
    ("train", 2500, {"anonymous_attribution": 295, "sensational_wording": 566, "unverifiable_specifics": 722}),
    ("dev", 672, {"anonymous_attribution": 65, "sensational_wording": 192, "unverifiable_specifics": 200}),
])
def test_datasets_signals_gold_counts_and_evidence(data_dir, split, n, positives):
    gold = datasets.load_signals_gold(data_dir, split)
    assert len(gold) == n
    assert {name: sum(v) for name, v in gold.labels.items()} == positives
    for name, spans in gold.spans.items():
        for text, label, pieces in zip(gold.texts, gold.labels[name], spans):
            assert bool(pieces) == bool(label)  # evidence exactly where the signal is present
            assert all(0 <= a < b <= len(text) for a, b in pieces)


def test_datasets_signals_gold_rows_are_ptc_sentences(data_dir):
    # the gold's train sentences are PTC train rows (the heads reuse their cross-fitted features)
    gold = datasets.load_signals_gold(data_dir, "train")
    ptc = datasets.load_ptc_sentences(data_dir, "train")
    rows = set(zip(ptc.groups, ptc.texts))
    assert all((g, t) in rows for g, t in zip(gold.groups, gold.texts))


def test_datasets_signals_extra_are_train_sentences_outside_the_gold(data_dir):
    extra = datasets.load_signals_extra(data_dir)
    assert len(extra) > 1000 and extra.split == "train"
    for name, spans in extra.spans.items():
        assert 0 < sum(extra.labels[name]) < len(extra)
        for text, label, pieces in zip(extra.texts, extra.labels[name], spans):
            assert bool(pieces) == bool(label)  # evidence exactly where the signal is present
            assert all(0 <= a < b <= len(text) for a, b in pieces)
    gold = {text for split in ("train", "dev") for text in datasets.load_signals_gold(data_dir, split).texts}
    assert not gold & set(extra.texts)  # never a sentence the gold labels, so never one CV scores
    ptc = datasets.load_ptc_sentences(data_dir, "train")
    assert set(zip(extra.groups, extra.texts)) <= set(zip(ptc.groups, ptc.texts))
    assert len(set(extra.keys)) == len(extra)


def test_datasets_signals_extra_refuses_another_corpus_version(data_dir, tmp_path):
    rows = datasets.SIGNALS_EXTRA.read_text(encoding="utf-8").splitlines()
    header, first = rows[0], rows[1].split("\t")
    first[2] = "00000000" if first[2] != "00000000" else "11111111"  # the labelled text's fingerprint
    changed = tmp_path / "signals_extra.tsv"
    changed.write_text("\n".join([header, "\t".join(first), *rows[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(datasets.DataDirError, match="differs from the labelled text"):
        datasets.load_signals_extra(data_dir, changed)
