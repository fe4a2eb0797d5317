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


@pytest.mark.parametrize("loader", [datasets.load_weasel, datasets.load_clickbait, datasets.load_claimbuster])
def test_datasets_splits_disjoint(data_dir, loader):
    train, dev = loader(data_dir, "train"), loader(data_dir, "dev")
    assert len(train) > len(dev) > 0
    assert not set(train.groups) & set(dev.groups)
    assert set(train.labels) == {0, 1}


def test_datasets_bad_split(data_dir):
    with pytest.raises(ValueError):
        datasets.load_clickbait(data_dir, "test")
