"""Shared fixtures: the corpora (skipped without a data dir), the seeds and the shipped scorer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

#: Set (as .ci/run does) to turn "no corpora" skips into failures.
REQUIRE_DATA_ENV = "MISINFO_REQUIRE_DATA"


def seed_documents() -> list[Path]:
    """The seed documents shipped in ``seeds/``."""
    return sorted(SEEDS.glob("*.txt"))


def seed_expectations(doc: Path) -> list[dict]:
    """Per-sentence expectations of a seed document."""
    path = doc.with_suffix(".expected.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The corpora folder, or a skip (a failure when MISINFO_REQUIRE_DATA is set)."""
    from pipeline.datasets import DataDirError, resolve_data_dir

    try:
        return resolve_data_dir()
    except DataDirError as exc:
        if os.environ.get(REQUIRE_DATA_ENV):
            pytest.fail(f"corpora required ({REQUIRE_DATA_ENV} is set) but unavailable: {exc}")
        pytest.skip(f"needs the labelled corpora: {exc}")


@pytest.fixture(scope="session")
def scorer():
    """The shipped model's scorer."""
    from pipeline import load_scorer

    return load_scorer()


@pytest.fixture(scope="session")
def wording_weights(scorer):
    """The shipped wording's terms and the classifier's weight of each (the signals' columns left out)."""
    terms = [str(t) for t in scorer.model.text_terms()]
    return terms, scorer.model.classifier.coef_[0][len(scorer.signal_names):]


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The first seed document's text."""
    return seed_documents()[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_sentences(seed_text) -> list[str]:
    """The first seed document split into sentences."""
    from pipeline.segment import default_segmenter

    return default_segmenter().split(seed_text)


@pytest.fixture(scope="session")
def train_sentences(data_dir):
    """A PTC train sentence by article id and index (the default segmenter's spans), read from the
    corpus at test time, so that no corpus text is written into the tests."""
    from pipeline.datasets import load_ptc_articles
    from pipeline.segment import default_segmenter

    seg = default_segmenter()
    texts = {a.article_id: a.text for a in load_ptc_articles(data_dir, "train")}

    def sentence(article_id: str, index: int) -> str:
        text = texts[article_id]
        s, e = seg.spans(text)[index]
        return text[s:e]

    return sentence
