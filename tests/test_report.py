"""Report types: JSON forms and the undiluted document summary."""

from __future__ import annotations

from pipeline.report import DocumentReport, Evidence, SentenceReport, SignalReport, summarize


def _sentence(index: int, credibility: float, flagged: bool, text: str) -> SentenceReport:
    sig = SignalReport(0.7 if flagged else 0.1, (Evidence(0, 3, text[:3], "quantity"),) if flagged else ())
    return SentenceReport(index, 0, len(text), text, credibility, "low" if flagged else "credible", flagged,
                          {"unverifiable_specifics": sig})


def test_report_summary_keeps_one_bad_sentence(seed_sentences):
    sentences = [_sentence(i, 0.95, False, s) for i, s in enumerate(seed_sentences[:20])]
    sentences.append(_sentence(20, 0.05, True, seed_sentences[2]))
    summary = summarize(sentences, ["unverifiable_specifics"])
    assert summary.n_flagged == 1 and summary.min_credibility == 0.05
    assert summary.lowest[0] == 20
    assert summary.signal_counts == {"unverifiable_specifics": 1}
    as_dict = summary.to_dict(sentences)
    assert as_dict["lowest"][0]["text"] == seed_sentences[2]


def test_report_empty_and_error_documents():
    summary = summarize([], ["x"])
    assert summary.n_sentences == 0 and summary.min_credibility is None and summary.share_flagged == 0
    err = DocumentReport("d", "", error="binary file, not text")
    assert not err.ok and err.records() == [{"doc_id": "d", "error": "binary file, not text"}]
    assert err.to_dict() == {"doc_id": "d", "error": "binary file, not text"}


def test_report_to_dict_rounds(seed_sentences):
    s = _sentence(0, 0.123456789, True, seed_sentences[0])
    record = s.to_dict("a1")
    assert record["credibility"] == 0.1235
    assert record["signals"]["unverifiable_specifics"]["evidence"][0] == {
        "start": 0, "end": 3, "text": seed_sentences[0][:3], "cue": "quantity"}


def test_report_summary_accumulator_matches_a_sort_of_every_sentence(seed_sentences):
    from pipeline.report import SUMMARY_LOWEST, SummaryAccumulator

    # ties in credibility must keep the earlier sentence, as sorting by (credibility, index) does
    credibilities = [0.9, 0.2, 0.5, 0.2, 0.7, 0.1, 0.2, 0.95, 0.1, 0.6]
    sentences = [_sentence(i, c, c < 0.3, seed_sentences[i]) for i, c in enumerate(credibilities)]
    accumulator = SummaryAccumulator(["unverifiable_specifics"])
    for s in sentences:
        accumulator.add(s)
    expected = sorted(sentences, key=lambda s: (s.credibility, s.index))[:SUMMARY_LOWEST]
    summary = accumulator.summary()
    assert summary.lowest == tuple(s.index for s in expected) == (5, 8, 1)
    assert accumulator.lowest == expected
    assert (summary.n_sentences, summary.n_flagged, summary.min_credibility) == (10, 5, 0.1)
    assert summary == summarize(sentences, ["unverifiable_specifics"])


def test_report_shows_why_when_a_raising_reason_has_evidence(scorer, seed_sentences):
    # a reason that lowers credibility (positive contribution) with evidence in the text; falling
    # reasons, however much evidence they show, do not explain a flag
    from dataclasses import replace

    showing = 0
    for s in scorer.score_sentences(seed_sentences):
        raising = [r for r in s.reasons if r.contribution > 0]
        assert s.shows_why() == any(s.reason_evidence(r) for r in raising)
        assert s.shows_why() or not s.flagged  # a flag always shows why
        if s.shows_why():
            showing += 1
            falling = replace(s, reasons=tuple(replace(r, contribution=-abs(r.contribution)) for r in s.reasons))
            assert not falling.shows_why()  # the same evidence, every reason lowering risk
    # (the seed's "The Wall Street Journal reported ..." has no reason that raises its risk)
    assert showing >= len(seed_sentences) // 2
