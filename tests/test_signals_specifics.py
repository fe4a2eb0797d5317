"""unverifiable_specifics: quantities and time frames, discounted when a named source carries them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


@pytest.mark.parametrize("index,cue,words", [
    (2, "quantity", "over 10,000 troops"),
    (0, "quantity", "10,000 Troops"),
    (25, "time_frame", "within weeks"),
])
def test_specifics_seed_cues(scorer, seed_sentences, index, cue, words):
    # the rule's phrase is shown whole, with the tagged words it joins ("Deploy 10,000 Troops")
    sig = scorer.score_sentences([seed_sentences[index]])[0].signals["unverifiable_specifics"]
    assert sig.score >= 0.5
    assert any(e.cue == cue and words in e.text for e in sig.evidence), sig.evidence


@pytest.mark.parametrize("index", [9, 12, 19, 21])
def test_specifics_named_source_does_not_fire(scorer, seed_sentences, index):
    sig = scorer.score_sentences([seed_sentences[index]])[0].signals["unverifiable_specifics"]
    assert sig.score < 0.5
    assert "named_source" in {e.cue for e in sig.evidence}


def test_specifics_named_source_discount_on_corpus(scorer, data_dir):
    """PTC sentences with a number, credited to a named speaker, score below the same
    sentences with the attribution words cut out."""
    import re

    from pipeline.datasets import load_ptc_sentences
    from pipeline.signals import find_sources

    texts = load_ptc_sentences(data_dir, "train").texts
    pairs = []
    for t in texts:
        if not re.search(r"\d", t) or len(t) > 250:
            continue
        sources = find_sources(t)
        if len(sources) == 1 and sources[0].kind == "named_person":
            pairs.append((t, t[: sources[0].start] + t[sources[0].end:]))
        if len(pairs) == 15:
            break
    assert len(pairs) >= 5
    with_source = scorer.score_sentences([a for a, _ in pairs])
    without = scorer.score_sentences([b for _, b in pairs])
    for a, b in zip(with_source, without):
        assert a.signals["unverifiable_specifics"].score < b.signals["unverifiable_specifics"].score + 1e-9


def test_specifics_ranks_claimbuster_dev(scorer, data_dir):
    from sklearn.metrics import roc_auc_score

    from pipeline.datasets import load_claimbuster

    ds = load_claimbuster(data_dir, "dev")
    scores = np.asarray([r.signals["unverifiable_specifics"].score for r in scorer.score_sentences(ds.texts)])
    assert roc_auc_score(ds.labels, scores) >= 0.8


@pytest.mark.parametrize("phrase", ["in late October", "on Thursday"])
def test_specifics_evidence_takes_the_word_that_opens_a_date(scorer, phrase):
    # seeds/002: "... talks ... stalled in late October.", "... his economic advisers on Thursday."
    from pipeline.segment import default_segmenter

    seed = Path(__file__).resolve().parent.parent / "seeds" / "002_anonymous_sources.txt"
    text = seed.read_text(encoding="utf-8")
    sentence = next(s for s in default_segmenter().split(text) if phrase in s)
    sig = scorer.score_sentences([sentence])[0].signals["unverifiable_specifics"]
    assert sig.score >= 0.5
    assert phrase in [e.text for e in sig.evidence], sig.evidence


def test_specifics_lead_word_is_taken_only_when_it_opens_a_figure_phrase(seed_sentences):
    from pipeline.signals.head import _with_lead

    # seed sentence 2: "... plans to deploy over 10,000 troops to Ukraine ..."
    text = seed_sentences[2]
    assert _with_lead(text, text.index("10,000")) == text.index("over 10,000")
    assert _with_lead(text, text.index("troops")) == text.index("troops")  # "10,000" opens nothing
    assert _with_lead(text, text.index("Ukraine")) == text.index("Ukraine")  # "to" opens no figure
    assert _with_lead(text, 0) == 0


def test_specifics_number_takes_the_word_it_counts(seed_sentences):
    from pipeline.signals.head import _with_unit

    # seed sentence 2: "... deploy over 10,000 troops to Ukraine ...": the phrase ends after "troops"
    text = seed_sentences[2]
    after_number = text.index("10,000") + len("10,000")
    assert _with_unit(text, after_number) == text.index(" to Ukraine")
    assert _with_unit(text, text.index(" to Ukraine")) == text.index(" to Ukraine")  # not after a number
    assert _with_unit(text, 0) == 0
