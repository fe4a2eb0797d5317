"""The pattern index finds exactly what one ``finditer`` per lexicon pattern finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.signals.base import SEPARATOR, load_patterns
from pipeline.signals.pattern_index import DIGIT, PatternIndex, match_heads, sentence_anchor

LEXICONS = ["attribution_patterns.tsv", "sensational_patterns.tsv", "specifics_patterns.tsv"]


def per_pattern_finditer(patterns, text: str, lowered: str) -> list[tuple[int, int, int]]:
    """The plain way: every pattern scans the whole text."""
    found = []
    for j, p in enumerate(patterns):
        found.extend((j, *m.span()) for m in p.regex.finditer(lowered if p.lowered else text))
    return sorted(found)


def lowered_same_length(text: str) -> str:
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def index_for(name: str) -> tuple[list, PatternIndex]:
    patterns = load_patterns(name)
    return patterns, PatternIndex([p.regex for p in patterns], [p.lowered for p in patterns])


def assert_same_matches(name: str, texts: list[str]) -> None:
    patterns, index = index_for(name)
    joined = SEPARATOR.join(texts)
    lowered = lowered_same_length(joined)
    assert index.finditer_spans(joined, lowered) == per_pattern_finditer(patterns, joined, lowered)


@pytest.mark.parametrize("name", LEXICONS)
def test_pattern_index_matches_finditer_on_seed_sentences(name, seed_sentences):
    texts = [*seed_sentences, *(s.upper() for s in seed_sentences)]
    assert_same_matches(name, texts)


@pytest.mark.parametrize("name", LEXICONS)
def test_pattern_index_matches_finditer_on_corpora(name, data_dir):
    from pipeline.datasets import load_claimbuster, load_clickbait, load_ptc_sentences, load_weasel

    texts: list[str] = []
    for loader in (load_ptc_sentences, load_weasel, load_clickbait, load_claimbuster):
        texts += list(loader(data_dir, "train").texts)[:3000]
    for first in range(0, len(texts), 1000):
        assert_same_matches(name, texts[first:first + 1000])


@pytest.mark.parametrize("name", LEXICONS)
@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.lists(st.sampled_from(
    list("abcdeimnorstuvwy ,.!?$%'-\x00\nİſK0123456789")
    + ["the ", "over ", "10,000 ", "never been ", "sources close to ", "reportedly ", "January "]),
    max_size=40).map("".join), max_size=6))
def test_pattern_index_matches_finditer_on_any_text(name, texts):
    assert_same_matches(name, texts)


def test_pattern_index_heads_of_word_lists_and_numbers():
    patterns = {p.key: p for p in load_patterns("attribution_patterns.tsv") + load_patterns("specifics_patterns.tsv")}
    reportedly = patterns["attribution_patterns.tsv:3"]
    assert "reportedly" in match_heads(reportedly.regex, text_lowered=reportedly.lowered)
    troops = patterns["specifics_patterns.tsv:4"]  # \b\d+ ... troops
    assert match_heads(troops.regex, text_lowered=troops.lowered) == {DIGIT}
    months = patterns["specifics_patterns.tsv:7"]  # (?-i:...January...): case-sensitive, text as given
    assert "january" in match_heads(months.regex, text_lowered=months.lowered)


@pytest.mark.parametrize("pattern,flags", [
    (r"(?:!{2,}|\?!|!\?)", 0),            # no word boundary: may start anywhere
    (r"ing\b", 0),                         # may start inside a word
    (r"\bsecret", re.IGNORECASE),          # case folding ('ſ' ~ 's') is not lower()
    (r"\b(?:about)?", 0),                  # may match nothing
    (r"\bsecret", re.ASCII),               # another \b
])
def test_pattern_index_scans_in_full_what_it_cannot_read(pattern, flags):
    assert match_heads(re.compile(pattern, flags), text_lowered=False) is None


def test_pattern_index_sentence_anchors():
    (clickbait_list,) = [p for p in load_patterns("sensational_patterns.tsv") if p.regex.pattern.startswith("(?:^|")]
    assert sentence_anchor(clickbait_list.regex) == SEPARATOR
    assert sentence_anchor(re.compile(r"^\d+ things")) == ""
    assert sentence_anchor(re.compile(r"^\d+ things", re.MULTILINE)) is None
    assert sentence_anchor(re.compile(r"\bthings")) is None


def test_pattern_index_scanned_together_equals_separate_scans(seed_sentences):
    """One walk for the three lexicons gives each lexicon the matches of its own scan."""
    from pipeline.signals.base import _SCANNED, pattern_priors, scan_patterns, scanned_together

    lexicons = [load_patterns(name) for name in LEXICONS]
    texts = [*seed_sentences, "In 2019, 12 officials reportedly said it was SHOCKING!", "", "x²"]
    alone = [scan_patterns(p, texts, pattern_priors(p)) for p in lexicons]
    with scanned_together(lexicons, texts):
        assert len(_SCANNED) == len(lexicons)
        together = [scan_patterns(p, list(texts), pattern_priors(p)) for p in lexicons]
        other = scan_patterns(lexicons[0], texts[1:], pattern_priors(lexicons[0]))  # other texts: scanned anew
    assert together == alone and any(together)
    assert other == scan_patterns(lexicons[0], texts[1:], pattern_priors(lexicons[0]))
    assert not _SCANNED
