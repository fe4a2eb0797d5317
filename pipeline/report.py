"""Report types: Evidence, SignalReport, SentenceReport, DocumentReport.

All offsets are character offsets into the document text as read, so that
``document[start:end] == text`` for every sentence and every evidence span.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .signals.attributions import lexicon_scanned
from .sources import DocumentSource, SourceBuilder, SourcingFigures

#: Sentences shown in a document summary's ``lowest`` list.
SUMMARY_LOWEST = 3


def _round(x: float) -> float:
    # 4 decimals keep the JSON small and byte-stable across processes
    return round(float(x), 4)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the document that made a signal fire, with a machine-readable cue."""

    start: int
    end: int
    text: str
    cue: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"start": self.start, "end": self.end, "text": self.text, "cue": self.cue}


@dataclass(frozen=True, slots=True)
class SignalReport:
    """One signal on one sentence: score in [0, 1] (>= 0.5 means present) and evidence."""

    score: float
    evidence: tuple[Evidence, ...] = ()

    @property
    def present(self) -> bool:
        """True when the signal fires (score >= 0.5)."""
        return self.score >= 0.5

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"score": round(float(self.score), 4),
                "evidence": [e.to_dict() for e in self.evidence] if self.evidence else []}


#: Name of the reason that sums the classifier's word weights.
WORDING = "wording"


@dataclass(frozen=True, slots=True)
class Reason:
    """One signed contribution to a sentence's log-odds of carrying a misinformation signal.

    ``name`` is a signal, or :data:`WORDING` for the classifier's learned word weights, whose
    ``terms`` are the words of the sentence that carried the most of it (as written there).
    A positive contribution lowers credibility. A sentence's contributions plus the model's
    bias add up to its log-odds before calibration.
    """

    name: str
    contribution: float
    terms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``terms`` only for the wording)."""
        record: dict[str, Any] = {"name": self.name, "contribution": _round(self.contribution)}
        if self.name == WORDING:
            record["terms"] = list(self.terms)
        return record


@dataclass(frozen=True, slots=True)
class SentenceReport:
    """Scores of one sentence, with offsets into the document."""

    index: int
    start: int
    end: int
    text: str
    credibility: float
    label: str
    flagged: bool
    signals: dict[str, SignalReport]
    #: ``"headline"`` for the sentence(s) of a web page's headline, else None.
    role: str | None = None
    #: signed contributions to the log-odds: one per signal, then the wording
    reasons: tuple[Reason, ...] = ()

    def strongest_reasons(self, n: int = 2) -> list[Reason]:
        """The ``n`` reasons that lower credibility most (positive contributions only), strongest first."""
        return sorted((r for r in self.reasons if r.contribution > 0), key=lambda r: -r.contribution)[:n]

    def shows_why(self) -> bool:
        """True when a reason that lowers credibility shows evidence in the text (a flag needs one)."""
        return any(r.contribution > 0 and self.reason_evidence(r) for r in self.reasons)

    def reason_evidence(self, reason: Reason) -> tuple[str, ...]:
        """What a reader sees of a reason in the sentence: a signal's evidence texts, the wording's terms."""
        if reason.name == WORDING:
            return reason.terms
        signal = self.signals.get(reason.name)
        return tuple(e.text for e in signal.evidence) if signal is not None else ()

    def to_dict(self, doc_id: str | None = None) -> dict[str, Any]:
        """The JSONL record of SPEC (``doc_id`` first when given; ``role`` only when set)."""
        record: dict[str, Any] = {
            "sentence": self.index, "start": self.start, "end": self.end, "text": self.text,
            "credibility": round(float(self.credibility), 4), "label": self.label, "flagged": self.flagged,
            "reasons": [r.to_dict() for r in self.reasons],
            "signals": {name: sig.to_dict() for name, sig in self.signals.items()},
        }
        if self.role is not None:
            # after the index, so that records without a role keep their bytes
            record = {"sentence": self.index, "role": self.role, **record}
        return record if doc_id is None else {"doc_id": doc_id, **record}


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """Per-document view that never averages a bad sentence away.

    ``share_flagged`` counts flagged sentences, ``min_credibility`` is the worst
    sentence, ``lowest`` lists the worst few, and ``signal_counts`` how many
    sentences each signal fired on.
    """

    n_sentences: int
    n_flagged: int
    share_flagged: float
    min_credibility: float | None
    lowest: tuple[int, ...]
    signal_counts: dict[str, int]
    sources: tuple[DocumentSource, ...] = ()
    sourcing: SourcingFigures | None = None

    def to_dict(self, sentences: list[SentenceReport]) -> dict[str, Any]:
        """JSON form; ``lowest`` lists sentence index, credibility and text."""
        by_index = {s.index: s for s in sentences}
        return {
            "n_sentences": self.n_sentences,
            "n_flagged": self.n_flagged,
            "share_flagged": _round(self.share_flagged),
            "min_credibility": None if self.min_credibility is None else _round(self.min_credibility),
            "lowest": [
                {"sentence": i, "credibility": _round(by_index[i].credibility), "text": by_index[i].text}
                for i in self.lowest
            ],
            "signal_counts": dict(self.signal_counts),
            "sources": [src.to_dict() for src in self.sources],
            "sourcing": self.sourcing.to_dict() if self.sourcing else None,
        }


class SummaryAccumulator:
    """A document's summary state, fed one sentence at a time.

    It holds counts and the :data:`SUMMARY_LOWEST` worst sentences (a bounded
    heap), never the sentences themselves, so a document can be scored and
    written as a stream while its summary is built beside it. A new summary
    field gets its state in ``__init__``, its update in :meth:`add` and its
    value in :meth:`summary`.

    Parameters
    ----------
    signal_names
        The signals to count, in report order.
    meta
        A web page's metadata (:attr:`DocumentReport.meta`), carried into :meth:`to_dict`.
    sources
        A :class:`~pipeline.sources.SourceBuilder` the caller feeds itself (it is then not
        fed here); by default the accumulator keeps one and feeds it every sentence, so a
        streamed summary carries the same ``sources`` and ``sourcing`` as a whole one.
    """

    def __init__(self, signal_names: list[str], meta: dict[str, Any] | None = None,
                 sources: SourceBuilder | None = None) -> None:
        self.signal_names = list(signal_names)
        self.meta = meta
        self._feed_sources = sources is None
        self.sources = SourceBuilder() if sources is None else sources
        self.n_sentences = 0
        self.n_flagged = 0
        self.min_credibility: float | None = None
        self.signal_counts = dict.fromkeys(self.signal_names, 0)
        # the worst sentences as a max-heap on (credibility, index): the root is the first to drop
        self._worst: list[tuple[float, int, SentenceReport]] = []

    def add(self, sentence: SentenceReport) -> None:
        """Count one sentence (in document order)."""
        self.n_sentences += 1
        self.n_flagged += sentence.flagged
        if self._feed_sources:
            self.sources.add(sentence.index, sentence.start, sentence.text)
        credibility = sentence.credibility
        if self.min_credibility is None or credibility < self.min_credibility:
            self.min_credibility = credibility
        counts, signals = self.signal_counts, sentence.signals
        for name in self.signal_names:
            if signals[name].present:
                counts[name] += 1
        entry = (-credibility, -sentence.index, sentence)
        if len(self._worst) < SUMMARY_LOWEST:
            heapq.heappush(self._worst, entry)
        elif entry[:2] > self._worst[0][:2]:
            heapq.heapreplace(self._worst, entry)

    @property
    def lowest(self) -> list[SentenceReport]:
        """The worst sentences so far, lowest credibility first (ties: earlier first)."""
        return [entry[2] for entry in sorted(self._worst, key=lambda e: (-e[0], -e[1]))]

    def summary(self) -> DocumentSummary:
        """The :class:`DocumentSummary` of the sentences added so far."""
        n = self.n_sentences
        return DocumentSummary(
            n_sentences=n,
            n_flagged=self.n_flagged,
            share_flagged=self.n_flagged / n if n else 0.0,
            min_credibility=self.min_credibility,
            lowest=tuple(s.index for s in self.lowest),
            signal_counts=dict(self.signal_counts),
            sources=self.sources.sources(),
            sourcing=self.sources.figures(),
        )

    def to_dict(self) -> dict[str, Any]:
        """The summary's JSON form, as in :meth:`DocumentReport.to_dict` (``meta`` when set)."""
        summary = self.summary().to_dict(self.lowest)
        if self.meta is not None:
            summary["meta"] = dict(self.meta)
        return summary

    def document_dict(self, doc_id: str, text: str) -> dict[str, Any]:
        """:meth:`DocumentReport.to_dict` of a streamed document without its ``sentences``
        (written as they came): id, ``text_length``, ``text_sha256`` and summary."""
        return {"doc_id": doc_id, **text_fingerprint(text), "summary": self.to_dict()}


def text_fingerprint(text: str) -> dict[str, Any]:
    """``text_length`` and ``text_sha256`` of the text scored, so a user can check it
    against their own reading of the input."""
    return {"text_length": len(text), "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def summarize(sentences: Iterable[SentenceReport], signal_names: list[str],
              sources: SourceBuilder | None = None) -> DocumentSummary:
    """Build the :class:`DocumentSummary` of a document's sentences.

    ``sources``: a :class:`~pipeline.sources.SourceBuilder` already fed the
    sentences (a streaming caller keeps one per document); by default one is
    fed here.
    """
    accumulator = SummaryAccumulator(signal_names, sources=sources)
    for sentence in sentences:
        accumulator.add(sentence)
    return accumulator.summary()


#: Sentences whose attribution lexicon is scanned together in :func:`sources_only_summary`.
SOURCES_CHUNK = 2048


def sources_only_summary(text: str, spans: Sequence[tuple[int, int]]) -> DocumentSummary:
    """The summary ``misinfo sources`` shows of a split document, read by the attribution parser
    alone: its sentence count, ``sources`` and ``sourcing``, equal to :func:`summarize`'s (which
    feeds the same :class:`~pipeline.sources.SourceBuilder` the same sentences). Nothing is
    scored, so the scoring fields stay empty: no sentence flagged or counted for a signal, no
    lowest credibility."""
    builder = SourceBuilder()
    for first in range(0, len(spans), SOURCES_CHUNK):  # a huge document: a chunk of sentences at a time
        chunk = spans[first:first + SOURCES_CHUNK]
        sentences = [text[start:end] for start, end in chunk]
        with lexicon_scanned(sentences):  # one scan of the lexicon for the chunk, not one a sentence
            for index, (start, _), sentence in zip(range(first, first + len(chunk)), chunk, sentences):
                builder.add(index, start, sentence)
    return DocumentSummary(n_sentences=len(spans), n_flagged=0, share_flagged=0.0, min_credibility=None,
                           lowest=(), signal_counts={}, sources=builder.sources(), sourcing=builder.figures())


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """All sentence reports of one document, or the error that stopped it."""

    doc_id: str
    text: str
    sentences: list[SentenceReport] = field(default_factory=list)
    summary: DocumentSummary | None = None
    error: str | None = None
    #: What a web page said about itself (headline, author, date, site, URL, mode); None for text.
    meta: dict[str, Any] | None = None
    #: A message for the user about how the document was read (a page that fell back to full text).
    notice: str | None = None

    @property
    def sources(self) -> tuple[DocumentSource, ...]:
        """The distinct sources the document credits (its summary's ``sources``)."""
        return self.summary.sources if self.summary else ()

    @property
    def ok(self) -> bool:
        """False when the document could not be read or scored."""
        return self.error is None

    def records(self) -> list[dict[str, Any]]:
        """The JSONL records: one per sentence, or one error record."""
        if self.error is not None:
            return [{"doc_id": self.doc_id, "error": self.error}]
        return [s.to_dict(self.doc_id) for s in self.sentences]

    def to_dict(self) -> dict[str, Any]:
        """The whole document: id, summary and the sentence records (or the error)."""
        if self.error is not None:
            return {"doc_id": self.doc_id, "error": self.error}
        summary = self.summary.to_dict(self.sentences) if self.summary else None
        if summary is not None and self.meta is not None:
            summary["meta"] = dict(self.meta)
        return {
            "doc_id": self.doc_id,
            # what was scored, so a user can check it against their own reading of the input
            **text_fingerprint(self.text),
            "summary": summary,
            "sentences": self.records(),
        }


def scoring_failed(doc_id: str, exc: Exception, what: str = "cannot score") -> DocumentReport:
    """The error report of a document whose reading (``what`` = "cannot read HTML"), splitting
    or scoring raised ``exc``."""
    return DocumentReport(doc_id=doc_id, text="", error=f"{what}: {type(exc).__name__}: {exc}")
