"""The Scorer: documents and sentences in, reports out (the library API of SPEC)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .model import CredibilityModel, ModelError, load_model, sentence_results_to_features
from .parallel import score_documents
from .report import DocumentReport, Evidence, SentenceReport, SignalReport, summarize
from .segment import Segmenter, default_segmenter
from .signals import SignalResult

#: Sentences scored together inside one document (bounds memory on huge documents).
SENTENCE_CHUNK = 2048

#: Folder name of the shipped model inside ``models/``.
DEFAULT_MODEL_NAME = "default"


def default_model_path() -> Path:
    """The shipped model folder (installed package data, or ``models/`` in a checkout)."""
    try:
        shipped = Path(str(resources.files("pipeline.shipped_models").joinpath(DEFAULT_MODEL_NAME)))
        if (shipped / "model.joblib").is_file():
            return shipped
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME


class Scorer:
    """Score documents or sentences with a credibility model.

    Use :func:`load_scorer` to build one from a model folder.
    """

    def __init__(self, model: CredibilityModel, card: dict[str, Any] | None = None, *,
                 segmenter: Segmenter | None = None, model_path: Path | None = None,
                 trusted: bool = False) -> None:
        self.model = model
        self.card = card or {}
        self.segmenter = segmenter or default_segmenter()
        self.model_path = model_path
        self.trusted = trusted

    @property
    def flag_threshold(self) -> float:
        """Credibility below which a sentence is flagged (chosen by cross-validation)."""
        return self.model.flag_threshold

    @property
    def signal_names(self) -> list[str]:
        """The signals in report order."""
        return list(self.model.signals)

    def score(self, text: str, doc_id: str = "doc") -> DocumentReport:
        """Split a document into sentences and score each one."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        spans = self.segmenter.spans(text)
        sentences = self._score_spans(text, spans)
        return DocumentReport(doc_id=doc_id, text=text, sentences=sentences,
                              summary=summarize(sentences, self.signal_names))

    def score_sentences(self, sentences: Sequence[str]) -> list[SentenceReport]:
        """Score each string as one sentence (no re-splitting); offsets are into that string."""
        if isinstance(sentences, str):
            raise TypeError("score_sentences takes a sequence of sentences, not one string")
        texts = list(sentences)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"sentences must be str, not {type(t).__name__}")
        reports = []
        for i, (text, report) in enumerate(zip(texts, self._score_texts(texts))):
            reports.append(self._sentence_report(i, 0, text, *report))
        return reports

    def score_many(self, docs: Iterable[tuple[str, str]], n_jobs: int = 1, *,
                   scheduler: str | None = None) -> Iterator[DocumentReport]:
        """Score ``(doc_id, text)`` pairs, yielding reports in input order.

        With ``n_jobs > 1`` the documents are scored on that many local
        processes, with ``scheduler`` (``"local"`` or ``"tcp://HOST:PORT"``) on
        Dask; the reports are the same every way. The CLI uses the same path.
        """
        yield from score_documents(self, docs, n_jobs=n_jobs, scheduler=scheduler)

    def score_document_safely(self, doc_id: str, text: str | None, error: str | None = None) -> DocumentReport:
        """Like :meth:`score`, but a failure becomes an error report instead of an exception."""
        if error is not None:
            return DocumentReport(doc_id=doc_id, text="", error=error)
        if text is None or not text.strip():
            return DocumentReport(doc_id=doc_id, text=text or "",
                                  error="empty document: no text to score")
        try:
            return self.score(text, doc_id=doc_id)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
            return DocumentReport(doc_id=doc_id, text="", error=f"cannot score: {type(exc).__name__}: {exc}")

    # -- internals -------------------------------------------------------
    def _score_texts(self, texts: list[str]) -> list[tuple[dict[str, SignalResult], float]]:
        if not texts:
            return []
        results, matrix = sentence_results_to_features(self.model, texts)
        risks = self.model.risk(matrix)
        names = self.signal_names
        return [({n: results[n][i] for n in names}, 1.0 - float(risks[i])) for i in range(len(texts))]

    def _score_spans(self, text: str, spans: list[tuple[int, int]]) -> list[SentenceReport]:
        reports: list[SentenceReport] = []
        # long documents are scored a slice of sentences at a time to bound feature-matrix memory
        for first in range(0, len(spans), SENTENCE_CHUNK):
            chunk = spans[first:first + SENTENCE_CHUNK]
            texts = [text[s:e] for s, e in chunk]
            reports.extend(
                self._sentence_report(first + i, start, texts[i], *scored)
                for i, ((start, _), scored) in enumerate(zip(chunk, self._score_texts(texts)))
            )
        return reports

    def _sentence_report(self, index: int, start: int, text: str,
                         results: dict[str, SignalResult], credibility: float) -> SentenceReport:
        signals = {
            name: SignalReport(
                score=res.score,
                evidence=tuple(
                    Evidence(start + c.start, start + c.end, text[c.start:c.end], c.cue) for c in res.cues
                ),
            )
            for name, res in results.items()
        }
        return SentenceReport(
            index=index, start=start, end=start + len(text), text=text, credibility=credibility,
            label=self.model.label_for(credibility), flagged=credibility < self.flag_threshold,
            signals=signals,
        )


def load_scorer(path: str | os.PathLike | None = None, *, trust: bool = False) -> Scorer:
    """Load a model folder (the shipped model by default) into a :class:`Scorer`.

    Parameters
    ----------
    path
        Model folder holding ``model.joblib`` and ``model_card.json``.
    trust
        Load even when the card's sha256 or library versions do not match.

    Raises
    ------
    ModelError
        When the model is missing, does not verify, or cannot be loaded.
    """
    folder = Path(path) if path is not None else default_model_path()
    if not folder.exists():
        raise ModelError(f"no model at {folder}")
    model, card = load_model(folder, trust=trust)
    return Scorer(model, card, model_path=folder, trusted=trust)
