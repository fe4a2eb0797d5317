"""Report types: Evidence, SignalReport, SentenceReport, DocumentReport.

All offsets are character offsets into the document text as read, so that
``document[start:end] == text`` for every sentence and every evidence span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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

    def to_dict(self, doc_id: str | None = None) -> dict[str, Any]:
        """The JSONL record of SPEC (``doc_id`` first when given)."""
        record: dict[str, Any] = {
            "sentence": self.index, "start": self.start, "end": self.end, "text": self.text,
            "credibility": round(float(self.credibility), 4), "label": self.label, "flagged": self.flagged,
            "signals": {name: sig.to_dict() for name, sig in self.signals.items()},
        }
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


def summarize(sentences: list[SentenceReport], signal_names: list[str],
              sources: SourceBuilder | None = None) -> DocumentSummary:
    """Build the :class:`DocumentSummary` of a document's sentences.

    ``sources``: a :class:`~pipeline.sources.SourceBuilder` already fed the
    sentences (a streaming caller keeps one per document); by default one is
    fed here.
    """
    if sources is None:
        sources = SourceBuilder()
        for s in sentences:
            sources.add(s.index, s.start, s.text)
    n = len(sentences)
    flagged = sum(s.flagged for s in sentences)
    ranked = sorted(sentences, key=lambda s: (s.credibility, s.index))[:SUMMARY_LOWEST]
    return DocumentSummary(
        n_sentences=n,
        n_flagged=flagged,
        share_flagged=flagged / n if n else 0.0,
        min_credibility=min((s.credibility for s in sentences), default=None),
        lowest=tuple(s.index for s in ranked),
        signal_counts={name: sum(s.signals[name].present for s in sentences) for name in signal_names},
        sources=sources.sources(),
        sourcing=sources.figures(),
    )


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """All sentence reports of one document, or the error that stopped it."""

    doc_id: str
    text: str
    sentences: list[SentenceReport] = field(default_factory=list)
    summary: DocumentSummary | None = None
    error: str | None = None

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
        return {
            "doc_id": self.doc_id,
            "summary": self.summary.to_dict(self.sentences) if self.summary else None,
            "sentences": self.records(),
        }
