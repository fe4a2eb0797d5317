"""The Scorer: documents and sentences in, reports out (the library API of SPEC)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from .artifact import ModelError, load_model
from .documents import InputDocument
from .model import LABELS, CredibilityModel, sentence_assessment
from .report import (DocumentReport, Evidence, Reason, SentenceReport, SignalReport, SummaryAccumulator,
                     scoring_failed, sources_only_summary, summarize)
from .runner import score_documents
from .segment import Segmenter, default_segmenter
from .signals import SignalResult
from .signals.base import as_texts
from .webpage import PageText, read_page

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
        return self._score_split([(doc_id, text, self.segmenter.spans(text), None)])[0]

    def score_html(self, html: str, doc_id: str = "doc", *, mode: str = "main") -> DocumentReport:
        """Score a web page as read in ``mode``: ``main`` (headline and article, the default)
        or ``full`` (all visible text). Offsets refer to the text read (``report.text``)."""
        if not isinstance(html, str):
            raise TypeError(f"html must be str, not {type(html).__name__}")
        page = read_page(html, mode)
        return self._score_split([(doc_id, page.text, self.segmenter.spans(page.text), page)])[0]

    def iter_score(self, text: str, summary: SummaryAccumulator | None = None, *,
                   headline_end: int = 0) -> Iterator[SentenceReport]:
        """Score a document lazily: the sentences of :meth:`score`, a chunk at a time.

        Only :data:`SENTENCE_CHUNK` sentences are scored and held at once, so
        memory does not grow with the document (beyond its text and sentence
        offsets). The writers use this for huge documents.

        Parameters
        ----------
        text
            The document.
        summary
            Fed every sentence as it is yielded; its :meth:`~SummaryAccumulator.summary`
            then equals ``score(text).summary``.
        headline_end
            For a web page's text (:func:`pipeline.webpage.read_page`), its
            :attr:`~pipeline.webpage.PageText.headline_end`: sentences starting
            before it get ``role="headline"``, as in :meth:`score_html`.

        A page is streamed as the text read from it, e.g.::

            page = read_page(html)
            summary = SummaryAccumulator(scorer.signal_names, meta=page.meta)
            for s in scorer.iter_score(page.text, summary, headline_end=page.headline_end):
                ...
            summary.document_dict(doc_id, page.text)  # score_html(html).to_dict() less "sentences"
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        spans = self.segmenter.spans(text)
        for first in range(0, len(spans), SENTENCE_CHUNK):
            chunk = spans[first:first + SENTENCE_CHUNK]
            texts = [text[s:e] for s, e in chunk]
            for index, (start, _), sentence, scored in zip(range(first, first + len(chunk)), chunk, texts,
                                                           self._score_texts(texts)):
                report = self._sentence_report(index, start, sentence, *scored,
                                               role="headline" if start < headline_end else None)
                if summary is not None:
                    summary.add(report)
                yield report

    def score_sentences(self, sentences: Sequence[str]) -> list[SentenceReport]:
        """Score each string as one sentence (no re-splitting); offsets are into that string."""
        texts = as_texts(sentences)
        return [self._sentence_report(i, 0, text, *scored)
                for i, (text, scored) in enumerate(zip(texts, self._score_texts(texts)))]

    def score_many(self, docs: Iterable[tuple[str, str]], n_jobs: int = 1, *,
                   scheduler: str | None = None) -> Iterator[DocumentReport]:
        """Score ``(doc_id, text)`` pairs, yielding reports in input order.

        A document may also be a mapping ``{"id": ..., "html": ...}`` (read as
        :meth:`score_html` in ``main`` mode, or in its ``"html_mode"``) or an
        :class:`~pipeline.parallel.InputDocument`.

        With ``n_jobs > 1`` the documents are scored on that many local
        processes, with ``scheduler`` (``"local"`` or ``"tcp://HOST:PORT"``) on
        Dask; the reports are the same every way. The CLI uses the same path.
        """
        yield from score_documents(self, docs, n_jobs=n_jobs, scheduler=scheduler)

    def score_document_safely(self, doc_id: str, text: str | None, error: str | None = None) -> DocumentReport:
        """Like :meth:`score`, but a failure becomes an error report instead of an exception."""
        return self.score_batch([InputDocument(doc_id, text, error)])[0]

    def read_document(self, doc: InputDocument
                      ) -> tuple[str, PageText | None, None] | tuple[None, None, DocumentReport]:
        """The text to score of ``doc`` and, for a web page, what was read with it.

        A page (``doc.html``) is reduced here, where it is scored, in its
        ``html_mode``. Returns ``(text, page, None)``, or ``(None, None, report)``
        with the error report of a document that was not read, whose page could
        not be read, or that is empty.
        """
        text, page = doc.text, None
        if doc.error is None and doc.html is not None:
            try:
                page = read_page(doc.html, doc.html_mode)
            except Exception as exc:  # noqa: BLE001 - one bad page must not stop a batch
                return None, None, scoring_failed(doc.doc_id, exc, "cannot read HTML")
            text = page.text
        if doc.error is not None:
            return None, None, DocumentReport(doc_id=doc.doc_id, text="", error=doc.error)
        if text is None or not text.strip():
            return None, None, DocumentReport(doc_id=doc.doc_id, text=text or "",
                                              error="empty document: no text to score")
        return text, page, None

    def score_batch(self, docs: Sequence[InputDocument]) -> list[DocumentReport]:
        """Score several documents together (their sentences share feature passes).

        A document that was not read, is empty, or fails to split or score
        becomes an error report; the others are scored as by :meth:`score`.
        """
        reports: list[DocumentReport | None] = [None] * len(docs)
        split: list[tuple[int, str, str, list[tuple[int, int]], PageText | None]] = []
        for i, doc in enumerate(docs):
            text, page, failed = self.read_document(doc)
            if failed is not None:
                reports[i] = failed
                continue
            try:
                split.append((i, doc.doc_id, text, self.segmenter.spans(text), page))
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
                reports[i] = scoring_failed(doc.doc_id, exc)
        try:
            scored = self._score_split([item[1:] for item in split])
        except Exception:  # noqa: BLE001 - find the document at fault, score the rest
            scored = []
            for item in split:
                try:
                    scored.extend(self._score_split([item[1:]]))
                except Exception as exc:  # noqa: BLE001
                    scored.append(scoring_failed(item[1], exc))
        for (i, *_), report in zip(split, scored):
            reports[i] = report
        return reports  # type: ignore[return-value]

    def read_sources(self, docs: Sequence[InputDocument]) -> list[DocumentReport]:
        """Each document's sources and sourcing figures, read without scoring its sentences.

        What ``misinfo sources`` prints: the reports carry no sentence records, and their
        summaries (:func:`~pipeline.report.sources_only_summary`) the same ``sources``,
        ``sourcing`` and sentence count as :meth:`score_batch`'s, at the parser's cost alone.
        Unread, empty or failing documents become error reports, as in :meth:`score_batch`.
        """
        reports = []
        for doc in docs:
            text, page, failed = self.read_document(doc)
            if failed is None:
                try:
                    summary = sources_only_summary(text, self.segmenter.spans(text))
                except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
                    failed = scoring_failed(doc.doc_id, exc)
            reports.append(failed if failed is not None else DocumentReport(
                doc_id=doc.doc_id, text=text, summary=summary, meta=page.meta if page is not None else None,
                notice=page.notice if page is not None else None))
        return reports

    # -- internals -------------------------------------------------------
    def _score_texts(self, texts: list[str]
                     ) -> Iterator[tuple[dict[str, SignalResult], float, tuple[Reason, ...]]]:
        """Signal results, credibility and reasons per sentence, computed a bounded slice at a time
        (a generator, so a huge document never holds every sentence's raw results at once)."""
        names = self.signal_names
        for first in range(0, len(texts), SENTENCE_CHUNK):
            chunk = texts[first:first + SENTENCE_CHUNK]
            results, assessment = sentence_assessment(self.model, chunk)
            for i in range(len(chunk)):
                yield ({n: results[n][i] for n in names}, 1.0 - float(assessment.risk[i]),
                       assessment.reasons[i])

    def _score_split(self, docs: list[tuple[str, str, list[tuple[int, int]], PageText | None]]
                     ) -> list[DocumentReport]:
        """Score already split documents ``(doc_id, text, spans, page)`` in one pass over their
        sentences; ``page`` (None for plain text) gives a web page's headline and metadata."""
        texts = [text[s:e] for _, text, spans, _ in docs for s, e in spans]
        scored = self._score_texts(texts)
        sentence_texts = iter(texts)
        reports = []
        for doc_id, text, spans, page in docs:
            headline_end = page.headline_end if page is not None else 0
            sentences = [
                self._sentence_report(i, start, next(sentence_texts), *next(scored),
                                      role="headline" if start < headline_end else None)
                for i, (start, _) in enumerate(spans)
            ]
            reports.append(DocumentReport(doc_id=doc_id, text=text, sentences=sentences,
                                          summary=summarize(sentences, self.signal_names),
                                          meta=page.meta if page is not None else None,
                                          notice=page.notice if page is not None else None))
        return reports

    def _sentence_report(self, index: int, start: int, text: str,
                         results: dict[str, SignalResult], credibility: float,
                         reasons: tuple[Reason, ...] = (), role: str | None = None) -> SentenceReport:
        signals = {
            name: SignalReport(res.score, tuple(
                Evidence(start + c.start, start + c.end, text[c.start:c.end], c.cue) for c in res.cues
            ) if res.cues else ())
            for name, res in results.items()
        }
        report = SentenceReport(
            index=index, start=start, end=start + len(text), text=text, credibility=credibility,
            label=self.model.label_for(credibility), flagged=credibility < self.flag_threshold,
            signals=signals, role=role, reasons=reasons,
        )
        if report.flagged and reasons and not report.shows_why():
            # below the flag threshold, yet nothing in the sentence raised its risk (every reason
            # lowers it): a flag the reader could not follow; "uncertain" (about 1 in 1,000 PTC
            # train sentences)
            report = replace(report, label=LABELS[1], flagged=False)
        return report


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
