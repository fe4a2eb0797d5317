"""Sentence splitting: shipped Punkt parameters, news abbreviations, headlines, offsets."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import segment
from pipeline.segment import Segmenter, default_segmenter


def test_segment_shipped_params_are_plain_json():
    raw = (segment.resources.files("pipeline") / "resources" / segment.PARAMS_RESOURCE).read_text("utf-8")
    data = json.loads(raw)
    assert {"abbrev_types", "collocations", "sent_starters", "ortho_context"} <= set(data)
    assert "u.s" in data["abbrev_types"] and "gen" in data["abbrev_types"]


def test_segment_params_round_trip():
    params = segment.shipped_params()
    again = segment.params_from_dict(segment.params_to_dict(params))
    assert again.abbrev_types == params.abbrev_types
    assert again.collocations == params.collocations
    assert dict(again.ortho_context) == dict(params.ortho_context)


def test_segment_seed_headline_and_paragraphs(seed_text, seed_sentences):
    # the seed's headline has no final period and is followed by a blank line
    assert seed_sentences[0].endswith("Since Cold War")
    assert seed_sentences[2].startswith("Behind closed doors")
    # "U.S." inside sentences never ends one
    assert not any(s.endswith("U.S.") for s in seed_sentences[:-1])
    assert len(seed_sentences) == seed_text.count("\n\n") + 1


@pytest.mark.parametrize("index", range(28))
def test_segment_seed_offsets_slice_back(seed_text, index):
    spans = default_segmenter().spans(seed_text)
    start, end = spans[index]
    assert seed_text[start:end] == seed_text[start:end].strip()
    assert seed_text[start:end] in seed_text.split("\n\n")


def test_segment_joined_seed_sentences_split_again(seed_sentences):
    # the body sentences run together in one paragraph still split where they did
    body = seed_sentences[2:]
    joined = " ".join(body)
    assert default_segmenter().split(joined) == body


def test_segment_empty_and_whitespace():
    seg = default_segmenter()
    assert seg.spans("") == []
    assert seg.spans(" \n\t\n ") == []


def test_segment_long_run_without_punctuation_is_cut(seed_sentences):
    words = " ".join(seed_sentences).replace(".", "").split()
    text = " ".join(words * 20)
    spans = Segmenter(max_sentence_chars=500).spans(text)
    assert all(e - s <= 500 for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_segment_offsets_property(text):
    spans = default_segmenter().spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        previous_end = end


def test_segment_boundary_f1_on_ptc_dev(data_dir):
    from pipeline.datasets import load_ptc_articles

    tp = gold = pred = 0
    for art in load_ptc_articles(data_dir, "dev"):
        ref = [(s["start"], s["end"]) for s in art.sentences]
        m = segment.boundary_f1(ref, default_segmenter().spans(art.text))
        gold, pred = gold + m["gold"], pred + m["predicted"]
        tp += round(m["recall"] * m["gold"])
    precision, recall = tp / pred, tp / gold
    assert 2 * precision * recall / (precision + recall) >= 0.97


def test_segment_boundary_f1_counts():
    m = segment.boundary_f1([(0, 5), (6, 10), (11, 15)], [(0, 5), (6, 15)])
    assert m["precision"] == 1.0 and m["recall"] == 0.5


def test_segment_huge_single_line_in_windows(seed_sentences):
    body = " ".join(seed_sentences[2:])
    text = " ".join([body] * 40)  # ~190k characters on one line
    assert len(text) > 3 * segment.PUNKT_WINDOW
    spans = default_segmenter().spans(text)
    got = [text[s:e] for s, e in spans]
    assert got == seed_sentences[2:] * 40


@settings(max_examples=300, deadline=None)
@given(line=st.text(alphabet=st.sampled_from(list("ab .!?:;…\"'”’)]\t\u00a0\u2003\r\x1c,")), max_size=30))
def test_segment_line_end_test_equals_its_regex_definition(line):
    from pipeline.segment import _ends_sentence

    assert _ends_sentence(line) == bool(re.search(r"""[.!?:;…]["'”’)\]]*\s*$""", line))


def test_segment_lowercase_words_tell_common_words_from_names(seed_text):
    # the seed's names never appear in lower case in news text; its role words do
    words = set(re.findall(r"[A-Za-z]+", seed_text))
    common = segment.lowercase_words()
    assert {"Andriy", "Yermak"} <= words and not {"andriy", "yermak"} & common
    assert {"diplomat", "officials", "negotiations"} <= words & common
    assert all(w == w.lower() for w in common)
