"""anonymous_attribution: source typing on the seed and on corpus sentences."""

from __future__ import annotations

import pytest

from pipeline.signals.attribution import ANONYMOUS_CUES, find_sources

# (seed sentence index, source kind the parser must report, words inside that source's span)
SEED_SOURCES = [
    (3, "unnamed_source", "According to a European diplomat"),
    (4, "named_outlet", "The Wall Street Journal"),
    (4, "unnamed_source", "citing the source"),
    (9, "named_outlet", "The Wall Street Journal reported"),
    (10, "unnamed_source", "The European diplomat emphasized"),
    (12, "named_outlet", "The New York Times revealed"),
    (13, "vague_group", "Several governments"),
    (15, "vague_group", "Some analysts suggest"),
    (17, "unnamed_source", "according to the European diplomat"),
    (19, "named_outlet", "The Wall Street Journal noted"),
    (21, "named_person", "Yermak"),
    (22, "named_person", "His recent statements"),  # a pronoun speaker: Yermak (GUIDELINE)
    (24, "unnamed_source", "Sources close to the negotiations"),
    (25, "vague_group", "some experts suggesting"),
]


@pytest.mark.parametrize("index,kind,words", SEED_SOURCES)
def test_attribution_seed_source_kinds(seed_sentences, index, kind, words):
    sentence = seed_sentences[index]
    found = [(s.kind, sentence[s.start:s.end]) for s in find_sources(sentence)]
    assert any(k == kind and words in text for k, text in found), found


@pytest.mark.parametrize("index", [5, 7, 11, 18, 23])
def test_attribution_seed_no_source_in_plain_sentences(seed_sentences, index):
    assert find_sources(seed_sentences[index]) == ()


def test_attribution_named_scores_below_anonymous(scorer, seed_sentences):
    reports = scorer.score_sentences(seed_sentences)
    score = [r.signals["anonymous_attribution"].score for r in reports]
    anonymous = [score[i] for i in (3, 15, 24)]
    named = [score[i] for i in (9, 12)]
    assert min(anonymous) > max(named)
    # the report says which kind of source it saw on the named sentences
    cues = {e.cue for e in reports[9].signals["anonymous_attribution"].evidence}
    assert cues == {"named_outlet"}


def _corpus_sentences_with(data_dir, phrase: str, n: int = 5) -> list[str]:
    from pipeline.datasets import load_ptc_sentences

    texts = load_ptc_sentences(data_dir, "train").texts + load_ptc_sentences(data_dir, "dev").texts
    found = [t for t in texts if phrase in t and len(t) < 300][:n]
    assert found, f"no PTC sentence contains {phrase!r}"
    return found


@pytest.mark.parametrize("phrase,cue", [
    ("officials said", "unnamed_source"),
    ("reportedly", "hedge_reporting"),
    ("it is believed", "passive_attribution"),
    ("is said to", "passive_attribution"),
    ("allegedly", "hedge_reporting"),
    ("sources said", "unnamed_source"),
    ("people familiar with", "unnamed_source"),
    ("experts say", "vague_group"),
    ("some say", "vague_group"),
])
def test_attribution_fires_on_corpus_phrases(scorer, data_dir, phrase, cue):
    for report in scorer.score_sentences(_corpus_sentences_with(data_dir, phrase)):
        sig = report.signals["anonymous_attribution"]
        assert sig.score >= 0.5, report.text
        assert cue in {e.cue for e in sig.evidence}, (report.text, sig.evidence)


def test_attribution_ranks_weasel_dev(scorer, data_dir):
    from sklearn.metrics import roc_auc_score

    from pipeline.datasets import load_weasel

    dev = load_weasel(data_dir, "dev")
    scores = [r.signals["anonymous_attribution"].score for r in scorer.score_sentences(dev.texts)]
    assert roc_auc_score(dev.labels, scores) >= 0.75


def test_attribution_cues_are_documented():
    assert set(ANONYMOUS_CUES) >= {"unnamed_source", "vague_group", "hedge_reporting"}


@pytest.mark.parametrize(("term", "bounded"), [
    ("reportedly", True), ("source", True), ("familiar with", True), ("sources say", True),
    ("according to", False), ("said", False), ("officials", False),  # named sources write them too
    ("p:sourc", False),  # affixes stay free (models/README: bounding "p:sourc" was measured and left)
])
def test_attribution_anonymity_terms_of_the_shipped_wording(wording_weights, term, bounded):
    from pipeline.signals.attribution import anonymity_terms

    terms, _ = wording_weights
    assert term in terms  # a term the shipped model really has
    assert (terms.index(term) in set(anonymity_terms(terms))) == bounded


def test_attribution_wording_never_speaks_for_an_anonymous_word(wording_weights):
    # the words that make a claim anonymous may not argue for its credibility: fitted freely on PTC
    # they did ("reportedly" -0.86, "familiar" -0.72) against the signal they raise
    from pipeline.signals.attribution import anonymity_terms

    terms, weights = wording_weights
    bounded = anonymity_terms(terms)
    assert len(bounded) > 50 and all(weights[j] >= 0.0 for j in bounded)
