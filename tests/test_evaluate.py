"""Evaluation helpers: the report cache that lets `evaluate --plots` score each corpus once."""

from __future__ import annotations

from pipeline.evaluate import ReportCache, signal_scores


class CountingScorer:
    """The shipped scorer, counting how often sentences are scored."""

    def __init__(self, scorer) -> None:
        self.scorer = scorer
        self.calls = 0

    def score_sentences(self, sentences):
        self.calls += 1
        return self.scorer.score_sentences(sentences)

    def __getattr__(self, name):
        return getattr(self.scorer, name)


def test_evaluate_report_cache_scores_each_list_once(scorer, seed_sentences):
    counting = CountingScorer(scorer)
    cache = ReportCache(counting)
    first = cache.score_sentences(seed_sentences)
    assert cache.score_sentences(list(seed_sentences)) is first
    assert counting.calls == 1
    assert [r.credibility for r in first] == [r.credibility for r in scorer.score_sentences(seed_sentences)]
    cache.score_sentences(seed_sentences[:3])  # another list is scored
    assert counting.calls == 2


def test_evaluate_report_cache_is_a_scorer_otherwise(scorer, seed_sentences):
    cache = ReportCache(scorer)
    assert cache.flag_threshold == scorer.flag_threshold
    assert cache.signal_names == scorer.signal_names
    assert list(signal_scores(cache, seed_sentences, "sensational_wording")) == \
        list(signal_scores(scorer, seed_sentences, "sensational_wording"))
