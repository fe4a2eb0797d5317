"""Counterfactual pairs (seeds/counterfactual_pairs.jsonl): the weaker signal is never rated less credible."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS

from pipeline.counterfactuals import (KINDS, drop_figures, figure_pairs, pairs_that_fail, ptc_dev_sentences,
                                      read_pairs)

PAIRS = SEEDS / "counterfactual_pairs.jsonl"

#: Share of pairs that must hold (the issue's goal is 1.0). Held: 87 of 90; 86 after a retrain for the
#: parser's typing of sources split a tie of the isotonic calibration (ptc-999000184-8-name, 0.3643
#: both); 85 once the sensational extractor learned the gold's labels (sensational dev F1 0.515 ->
#: 0.577), which holds that pair again but breaks the tie of ptc-694356862-28-tone the other way
#: ("milquetoast" -> "cautious": neither word fires the signal; the wording weighs "cautious") and
#: fails ptc-999000133-11-tone ("WOMEN" -> "women": the cased word model knows "women", not
#: "WOMEN"); 86 once the parser's fixes (", told <outlet>", "the mainstream press") held
#: ptc-729368012-14-fig; 87 once common words in capitals ("WOMEN", "WHITE MEN") became a
#: sensational cue (``capitals``) and held ptc-999000133-11-tone; 86 once the sensational
#: extractor read word vectors (sensational dev F1 0.575 -> 0.611, PTC dev AUC 0.694 -> 0.704):
#: "That's what Columbia snowflakes thought ..." -> "Columbia students" now stays sensational on
#: "offensive" (0.86 -> 0.72) while the parser reads "Columbia students" as a vague group (anonymous
#: 0.15 -> 0.75). ptc-734265267-19-fig holds by a tie of the isotonic calibration (0.7673 both):
#: one retrain with more parser constructions moved it off (0.764 without the year and the
#: sentence length, 0.771 with them: the sensational extractor and the wording read dates as
#: calm), the next put it back. 87 once the word model scored words no training corpus writes
#: (wordfreq's, and compounds by their parts): "snowflakes" reads loaded (sensational 0.86 ->
#: 0.92, "students" 0.72 -> 0.63), which holds ptc-999001970-12-tone, again by a tie of the
#: calibration (0.5000 both). Then PTC train's drop-figure pairs weighed in the classifier's
#: objective (training.FIGURE_PAIR_WEIGHT) and its figure words were read with care (pipeline.figures:
#: not "may", "one", the ordinals or shared suffixes): every name_source and drop_figure pair now
#: holds in log-odds, not by a tie of the calibration (ptc-999000184-31-fig, "They officially
#: divorced in December 2017", fails no more), and three tone pairs fail, each on a word a signal
#: does not know: "milquetoast" (no vector; the wording weighs the plain "cautious"), "is all but
#: dead" read calmer than "has suffered a setback" (sensational), "Columbia snowflakes" not typed a
#: group while "Columbia students" is (anonymous). With the parser rules of the same day (lexicon
#: patterns, bare "police"), "milquetoast" holds again by a tie of the calibration (88 of 90). The
#: floor is what holds in log-odds (87 / 90 = 0.967), not what a tie adds. All 90 hold, in log-odds
#: too, once the lexicon knew words that deride the weak ("milquetoast") and "all but dead", a
#: vague group's belief after "what" ("what Columbia students thought was offensive") became a
#: stance, not a source, and the anonymous signal's weight floor rose to 1.5 (training.py). Since the
#: calibration is read between its blocks' centres (pipeline.calibration) no pair can hold by a tie:
#: credibility follows the log-odds.
REACHED = 1.0


@pytest.fixture(scope="module")
def pairs(data_dir, seed_sentences):
    return read_pairs(PAIRS, seed_sentences, ptc_dev_sentences(data_dir))


def test_counterfactuals_file_is_complete(pairs):
    assert len(pairs) >= 60
    kinds = {p.kind for p in pairs}
    assert kinds == set(KINDS)
    for p in pairs:
        assert p.weaker != p.stronger


def test_counterfactuals_store_no_corpus_text():
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["origin"] == "ptc_dev":
            assert "sentence" not in record and "text" not in record


def test_counterfactuals_weaker_signal_is_never_less_credible(scorer, pairs):
    failed = pairs_that_fail(scorer, pairs)
    held = 1 - len(failed) / len(pairs)
    print(f"\ncounterfactual pairs held: {held:.3f} ({len(pairs) - len(failed)} of {len(pairs)})")
    for p, weak, strong in failed:
        print(f"  {p.pair_id} ({p.kind}): weaker {weak:.3f} < stronger {strong:.3f}")
    assert held >= REACHED, [p.pair_id for p, *_ in failed]


def test_counterfactuals_bad_record_is_refused(tmp_path, seed_sentences):
    bad = tmp_path / "pairs.jsonl"
    bad.write_text(json.dumps({"id": "x", "kind": "name_source", "origin": "seed", "sentence": 3,
                               "replace": [["not in the sentence", "y"]], "weaker": "edited"}) + "\n")
    with pytest.raises(ValueError, match="occurs 0 times"):
        read_pairs(bad, seed_sentences, {})


def test_counterfactuals_share_in_evaluate(scorer, data_dir, pairs):
    from pipeline.evaluate import evaluate_counterfactuals

    (figure,) = evaluate_counterfactuals(scorer, data_dir, "dev")
    assert figure.n == len(pairs)
    assert figure.value == pytest.approx(1 - len(pairs_that_fail(scorer, pairs)) / len(pairs))
    assert evaluate_counterfactuals(scorer, data_dir, "train") == []


def _letter_words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def test_drop_figures_takes_the_seed_troop_count_with_its_lead_and_unit(seed_sentences):
    # seed sentence 2: "... plans to deploy over 10,000 troops to Ukraine ..."
    text = seed_sentences[2]
    dropped = drop_figures(text)
    assert "10,000" in text and not any(c.isdigit() for c in dropped)
    assert "over 10,000 troops" not in dropped and " troops " not in dropped
    assert drop_figures(seed_sentences[5]) == seed_sentences[5]  # no figure: the sentence itself


@pytest.mark.parametrize(("phrase", "kept"), [
    ("may be a critical step", True),          # the modal, not the month
    ("one focused on training", True),         # a pronoun, not a count
    ("The first group of troops", True),       # an ordinal gives no checkable count
    ("the first waves of troops could arrive within weeks", True),
    ("divided into two distinct phases", False),
])
def test_drop_figures_reads_modals_pronouns_and_ordinals_as_words(seed_sentences, phrase, kept):
    (text,) = [t for t in seed_sentences if phrase in t]
    assert (phrase in drop_figures(text)) == kept


def test_drop_figures_takes_a_capitalised_month_with_its_date():
    # the named-sources seed: "... 23 cars left the track at about 40 miles per hour on March 14, 2025"
    from pipeline.segment import default_segmenter

    sentences = default_segmenter().split((SEEDS / "001_wire_named_sources.txt").read_text(encoding="utf-8"))
    (text,) = [t for t in sentences if "on March 14, 2025" in t]
    dropped = drop_figures(text)
    assert "March" not in dropped and not any(c.isdigit() for c in dropped)


#: Pieces of text with figures, leads, units and punctuation, joined in any order.
_PIECES = ["in ", "over ", "May ", "four ", "days ", "troops ", "12", "3.5", "$40,000", "13%", "10:05 ",
           "the ", "plan ", "said ", ", ", ". ", "-", " "]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_drop_figures_leaves_no_digit_and_only_words_of_the_text(text):
    dropped = drop_figures(text)
    assert not any(c.isdigit() for c in dropped)
    assert drop_figures(dropped) == dropped
    # what is left is some of the text's words, in their order
    words = iter(_letter_words(text))
    assert all(w in words for w in _letter_words(dropped))


def test_figure_pairs_of_seed_sentences_are_the_ones_with_figures(seed_sentences):
    pairs = figure_pairs(seed_sentences)
    with_figures = [t for t in seed_sentences if drop_figures(t) != t and len(drop_figures(t).split()) >= 5]
    assert [p.stronger for p in pairs] == with_figures and pairs
    assert all(p.kind == "drop_figure" and not any(c.isdigit() for c in p.weaker) for p in pairs)
