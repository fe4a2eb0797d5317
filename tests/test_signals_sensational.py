"""sensational_wording: loaded language on the seed, clickbait headlines and PTC spans."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


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
                if e.cue in {"loaded_term", "loaded_word", "clickbait_term"}:  # learned: see the tagger's test
                    continue
                fired += 1
                hits += inside(sent["start"] + e.start, sent["start"] + e.end, gold)
    assert fired > 0 and words > 0
    assert hits / fired >= 2.5 * words_in / words


def test_sensational_tagged_evidence_lands_on_gold_spans(data_dir):
    """Words the tagger (taught by PTC train spans) shows, and the words loaded by their meaning shown
    beside them, land inside PTC dev gold spans far above chance."""
    import re

    from pipeline.datasets import EVIDENCE_TECHNIQUES, load_ptc_sentences, ptc_sentence_spans
    from pipeline.signals import SensationalWording

    train = load_ptc_sentences(data_dir, "train", label="sensational")
    ext = SensationalWording().fit(train.texts, train.labels,
                                   spans=ptc_sentence_spans(data_dir, "train", EVIDENCE_TECHNIQUES))
    dev = load_ptc_sentences(data_dir, "dev", label="sensational")
    gold = ptc_sentence_spans(data_dir, "dev", EVIDENCE_TECHNIQUES)
    hits = shown = hits_words = shown_words = words_in = words = 0
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
            elif c.cue == "loaded_word":  # loaded by meaning, where no tagged word shows (4.5x)
                shown_words += 1
                hits_words += any(a < c.end and b > c.start for a, b in spans)
    assert shown > 100 and shown_words > 20
    assert hits / shown >= 3 * words_in / words
    assert hits_words / shown_words >= 3 * words_in / words


def test_sensational_fit_without_spans_has_no_tagger(seed_sentences):
    from pipeline.signals import SensationalWording

    ext = SensationalWording().fit(seed_sentences)
    assert ext.tagger_ is None and ext.loaded_words_ is None
    assert all(c.cue != "loaded_term" for r in ext.analyze(seed_sentences) for c in r.cues)


def test_the_learned_model_reads_the_loaded_words(scorer):
    from pipeline.signals.loaded_words import FEATURES

    ext = scorer.model.signals["sensational_wording"]
    n_terms = len(ext.vectorizer_.get_feature_names_out())
    assert ext.classifier_.coef_.shape[1] == n_terms + len(FEATURES)
    assert (ext.classifier_.coef_[0][n_terms:] > 0).all()  # a more loaded word never calms a sentence


@pytest.mark.parametrize("word", ["maniacal", "heartless", "shambles"])
def test_a_word_no_training_sentence_holds_still_reads_as_loaded(scorer, seed_sentences, data_dir, word):
    # the word is in no PTC train sentence, so no span taught it: its meaning does
    from pipeline.datasets import load_ptc_sentences

    assert not any(word in text.lower() for text in load_ptc_sentences(data_dir, "train").texts)
    ext = scorer.model.signals["sensational_wording"]
    table = ext.loaded_words_.table_
    assert table[word] > 10 * table["quarterly"]
    plain = seed_sentences[16]  # "Adding another layer of complexity, the plan includes provisions ..."
    edited = plain.replace("the plan", f"the {word} plan")
    assert ext.analyze([plain])[0].learned < ext.analyze([edited])[0].learned


def test_a_model_fitted_before_the_word_model_still_scores(scorer, seed_sentences):
    import copy

    old = copy.deepcopy(scorer.model.signals["sensational_wording"])
    del old.loaded_words_  # as an extractor pickled before the word model existed
    old.classifier_.coef_ = old.classifier_.coef_[:, :-2]
    old.classifier_.n_features_in_ -= 2
    scores = [r.score for r in old.analyze(seed_sentences)]
    assert len(scores) == len(seed_sentences) and all(0 <= s <= 1 for s in scores)


# common words in capitals for emphasis, and an all-caps headline (the guideline counts both)
@pytest.mark.parametrize("article_id,index,shouted", [
    ("795689901", 5, ["CLOSE OUR SOUTHERN BORDER"]),
    ("789121265", 31, ["FRAUD"]),
    ("694327499", 2, ["MISTRANSLATION"]),
])
def test_capitals_cue_marks_shouted_words(scorer, train_sentences, article_id, index, shouted):
    from pipeline.signals.sensational import shouted_runs

    text = train_sentences(article_id, index)
    assert [text[a:b] for a, b in shouted_runs(text)] == shouted
    sig = scorer.score_sentences([text])[0].signals["sensational_wording"]
    assert sig.score >= 0.5
    # each shouted run is the capitals evidence, or the core of the phrase it widened to
    shown = [e.text for e in sig.evidence if e.cue == "capitals"]
    assert len(shown) == len(shouted) and all(s in e for s, e in zip(shouted, shown))


def test_capitals_cue_takes_a_whole_all_caps_headline(train_sentences):
    from pipeline.signals.sensational import shouted_runs

    text = train_sentences("776345502", 9)  # "BREAKING NEWS: TRUMP TELLS JEFF SESSIONS ..."
    assert shouted_runs(text) == [(0, len(text.rstrip()))]


# capitals that are news style: a dateline, a lede's opening words, a tweet's signature
@pytest.mark.parametrize("article_id,index", [("718312499", 3), ("771655795", 5), ("696246189", 13)])
def test_capitals_cue_skips_news_conventions(train_sentences, article_id, index):
    from pipeline.signals.sensational import shouted_runs

    assert shouted_runs(train_sentences(article_id, index)) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "THE", "WOMEN", "women", "FBI", "WHO", "Close", "OUR", "border", " ",
                                 ", ", "“", "’S", "(@", "—", "\n", "!"]), max_size=30).map("".join))
def test_shouted_runs_are_capitals_inside_the_text(text):
    from pipeline.signals.sensational import shouted_runs

    runs = shouted_runs(text)
    for a, b in runs:  # a run of capital words, or a whole all-caps line: capitals at both ends
        assert 0 <= a < b <= len(text)
        assert text[a].isupper() and text[b - 1].isupper()
        assert a == 0 or not text[a - 1].isalnum()
        assert b == len(text) or not text[b].isalnum()
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(runs, runs[1:]))
    assert shouted_runs(text.lower()) == []


def test_a_model_fitted_before_the_capitals_cue_keeps_its_columns(seed_sentences):
    import pickle

    from pipeline.signals import SensationalWording
    from pipeline.signals.sensational import SENSATIONAL_CUES

    ext = SensationalWording(learned=False).fit(seed_sentences)
    assert ext.transform(seed_sentences).shape[1] == len(SENSATIONAL_CUES) + 2
    del ext.cue_confidence_["capitals"]  # as an extractor fitted before the cue existed
    old = pickle.loads(pickle.dumps(ext))
    assert old.transform(seed_sentences).shape[1] == len(SENSATIONAL_CUES) + 1
    assert "capitals" not in old.get_feature_names_out()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_widened_evidence_keeps_its_cue_and_crosses_only_likely_neighbours(seed_sentences, data):
    import re

    from pipeline.signals.base import Cue
    from pipeline.signals.sensational import PHRASE_THRESHOLD, PHRASE_WORDS, widen_to_phrases

    text = data.draw(st.sampled_from(seed_sentences))
    spans = [m.span() for m in re.finditer(r"\w+", text)]
    probabilities = data.draw(st.lists(st.floats(0, 1), min_size=len(spans), max_size=len(spans)))
    words = [(a, b, p) for (a, b), p in zip(spans, probabilities)]
    chosen = sorted(data.draw(st.sets(st.integers(0, len(spans) - 1), max_size=4)))
    cues = tuple(Cue(*spans[k], "loaded_term", 0.5) for k in chosen)
    widened = widen_to_phrases(text, cues, words)
    assert len(widened) == len(cues)
    for old, new in zip(cues, widened):
        assert (new.cue, new.confidence) == (old.cue, old.confidence)
        assert new.start <= old.start and old.end <= new.end
        added = [w for w in words if new.start <= w[0] and w[1] <= new.end and not (old.start <= w[0] < old.end)]
        assert all(p >= PHRASE_THRESHOLD for _, _, p in added)
        assert len([w for w in added if w[0] < old.start]) <= PHRASE_WORDS
        assert len([w for w in added if w[0] >= old.end]) <= PHRASE_WORDS
        # white space between its words only
        assert re.fullmatch(r"[\w\s]*", text[new.start:old.start]) and re.fullmatch(r"[\w\s]*", text[old.end:new.end])
        assert not any(o is not old and o.start < new.end and new.start < o.end for o in cues)


@pytest.mark.parametrize("article_id,index,phrase,cue", [
    ("701553469", 25, "utterly unacceptable", "intensifier"),  # "This episode is utterly unacceptable, ..."
    ("702077783", 15, "covert terrorism financing", "loaded_adjective"),  # "... possible covert terrorism financing."
])
def test_evidence_widens_a_loaded_word_to_the_phrase_a_reader_marks(scorer, train_sentences, article_id, index,
                                                                    phrase, cue):
    # the lexicon matches the one word ("utterly", "covert"); the tagger carries it on to the phrase
    text = train_sentences(article_id, index)
    sig = scorer.score_sentences([text])[0].signals["sensational_wording"]
    assert sig.score >= 0.5 and (phrase, cue) in [(e.text, e.cue) for e in sig.evidence]


@pytest.mark.parametrize("article_id,index,word", [
    ("732708002", 30, "toothless"),  # "He said the group was a toothless, paper-shuffling exercise."
    ("765385479", 42, "craven"),     # "... its personal, petty, inhuman and craven attacks at a man ..."
])
def test_words_that_deride_weakness_are_loaded(scorer, train_sentences, article_id, index, word):
    # the lexicon's scorn for the weak or cowardly ("milquetoast", "spineless", "toothless"): rare words that
    # the word model cannot read (no vector for "milquetoast")
    text = train_sentences(article_id, index)
    sig = scorer.score_sentences([text])[0].signals["sensational_wording"]
    assert sig.score >= 0.5
    assert any(word in e.text and e.cue == "loaded_adjective" for e in sig.evidence)


def test_sensational_learned_evidence_shows_words_not_function_words(scorer, data_dir):
    """Where the signal fires, a learned cue made of stop words alone ("the", "and", "'s") is shown
    only when nothing else is (PTC dev sentences, read at test time)."""
    from pipeline.datasets import load_ptc_sentences
    from pipeline.signals.sensational import _has_content

    texts = list(load_ptc_sentences(data_dir, "dev").texts)[:1500]
    learned = scorer.model.signals["sensational_wording"]._learned_cues
    fired = 0
    for report in scorer.score_sentences(texts):
        sig = report.signals["sensational_wording"]
        if sig.score < 0.5:
            continue
        fired += 1
        empty = [e for e in sig.evidence if e.cue in learned and not _has_content(e.text)]
        assert not empty or len(empty) == len(sig.evidence), (report.text, sig.evidence)
    assert fired > 100


@pytest.mark.parametrize("span,content", [("the", False), ("and", False), ("'s", False), ("s", False),
                                          ("all-out", True), ("very thin", True), ("being cruel", True)])
def test_sensational_has_content(span, content):
    from pipeline.signals.sensational import _has_content

    assert _has_content(span) is content
