"""sensational_wording: loaded language on the seed, clickbait headlines and PTC spans."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.mark.parametrize("index,cue,words", [
    (2, "loaded_phrase", "Behind closed doors"),
    (2, "loaded_adjective", "clandestine"),
    (26, "superlative", "never been higher"),
    (27, "fear_appeal", "looms"),
])
def test_sensational_seed_cues(scorer, seed_sentences, index, cue, words):
    sig = scorer.score_sentences([seed_sentences[index]])[0].signals["sensational_wording"]
    assert sig.score >= 0.5
    assert any(e.cue == cue and words in e.text for e in sig.evidence), sig.evidence


@pytest.mark.parametrize("index", [5, 7, 9, 18, 19])
def test_sensational_seed_plain_sentences_stay_low(scorer, seed_sentences, index):
    assert scorer.score_sentences([seed_sentences[index]])[0].signals["sensational_wording"].score < 0.5


@pytest.mark.parametrize("phrase", ["You Won't Believe", "Will Make You", "Things You", "Here's Why"])
def test_sensational_clickbait_formulas(scorer, data_dir, phrase):
    from pipeline.datasets import load_clickbait

    ds = load_clickbait(data_dir, "dev")
    heads = [t for t, y in zip(ds.texts, ds.labels) if y == 1 and phrase.lower() in t.lower()][:5]
    assert heads, f"no clickbait headline contains {phrase!r}"
    for report in scorer.score_sentences(heads):
        sig = report.signals["sensational_wording"]
        assert sig.score >= 0.5, report.text
        assert sig.evidence, report.text


def test_sensational_separates_clickbait_dev(scorer, data_dir):
    from sklearn.metrics import f1_score

    from pipeline.datasets import load_clickbait

    ds = load_clickbait(data_dir, "dev")
    scores = np.asarray([r.signals["sensational_wording"].score for r in scorer.score_sentences(ds.texts)])
    assert f1_score(ds.labels, scores >= 0.5) >= 0.93


def test_sensational_evidence_lands_on_gold_spans(scorer, data_dir):
    """Where the signal fires on a PTC dev sentence, its lexicon evidence falls inside a gold
    span of the sensational techniques far more often (2.5x) than a random word of that sentence.

    Read over every dev article: on the first 20 alone (a few dozen cues) the ratio swung from
    3.3 to 2.7 between two retrains whose ratio over all 57 articles was 2.96 and 2.88."""
    import re

    from pipeline.datasets import SENSATIONAL_TECHNIQUES, load_ptc_articles

    def inside(a: int, b: int, gold: list[tuple[int, int]]) -> bool:
        return any(a < ge and b > gs for gs, ge in gold)

    hits = fired = words_in = words = 0
    for art in load_ptc_articles(data_dir, "dev"):
        gold = [(s["start"], s["end"]) for s in art.spans if s["technique"] in SENSATIONAL_TECHNIQUES]
        reports = scorer.score_sentences([s["text"] for s in art.sentences])
        for sent, report in zip(art.sentences, reports):
            sig = report.signals["sensational_wording"]
            if not sig.present:
                continue
            for m in re.finditer(r"\w+", sent["text"]):
                words += 1
                words_in += inside(sent["start"] + m.start(), sent["start"] + m.end(), gold)
            for e in sig.evidence:
                if e.cue in {"loaded_term", "clickbait_term"}:  # learned: see the span-lexicon test
                    continue
                fired += 1
                hits += inside(sent["start"] + e.start, sent["start"] + e.end, gold)
    assert fired > 0 and words > 0
    assert hits / fired >= 2.5 * words_in / words


def test_sensational_tagged_evidence_lands_on_gold_spans(data_dir):
    """Words the tagger (taught by PTC train spans) shows land inside PTC dev gold spans far above chance."""
    import re

    from pipeline.datasets import EVIDENCE_TECHNIQUES, load_ptc_sentences, ptc_sentence_spans
    from pipeline.signals import SensationalWording

    train = load_ptc_sentences(data_dir, "train", label="sensational")
    ext = SensationalWording().fit(train.texts, train.labels,
                                   spans=ptc_sentence_spans(data_dir, "train", EVIDENCE_TECHNIQUES))
    dev = load_ptc_sentences(data_dir, "dev", label="sensational")
    gold = ptc_sentence_spans(data_dir, "dev", EVIDENCE_TECHNIQUES)
    hits = shown = words_in = words = 0
    for text, spans, result in zip(dev.texts, gold, ext.analyze(dev.texts)):
        if result.score < 0.5:
            continue
        for m in re.finditer(r"\w+", text):
            words += 1
            words_in += any(a < m.end() and b > m.start() for a, b in spans)
        for c in result.cues:
            if c.cue == "loaded_term":
                shown += 1
                hits += any(a < c.end and b > c.start for a, b in spans)
    assert shown > 100
    assert hits / shown >= 3 * words_in / words


def test_sensational_fit_without_spans_has_no_tagger(seed_sentences):
    from pipeline.signals import SensationalWording

    ext = SensationalWording().fit(seed_sentences)
    assert ext.tagger_ is None
    assert all(c.cue != "loaded_term" for r in ext.analyze(seed_sentences) for c in r.cues)
