"""Score a stream of documents in batches: in process, on local processes, or on Dask.

All three ways run the same :func:`score_batch` on the same batches and hand
results back in input order, so their output is identical. Only a bounded
number of batches is in flight at once, so memory stays flat on long inputs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

from .report import DocumentReport

#: Documents per batch.
BATCH_DOCS = 16
#: Batches in flight per worker.
AHEAD_PER_WORKER = 4
#: Documents longer than this (characters) are scored and rendered a chunk of sentences at a
#: time when the renderer can stream (see ``Renderer.stream``), so memory does not grow with them.
#: A web page counts its markup; it is read (its article extracted) before its text is streamed.
STREAM_CHARS = 1_000_000


@dataclass(frozen=True)
class InputDocument:
    """A document to score, or the reason it could not be read.

    A web page comes as ``html`` (with ``text`` None) and is reduced to its
    text where it is scored, so ``--jobs`` workers share the extraction too.
    """

    doc_id: str
    text: str | None
    error: str | None = None
    html: str | None = None
    html_mode: str = "main"


Render = Callable[[DocumentReport], Any]


def _identity(report: DocumentReport) -> DocumentReport:
    return report


def as_input(item: Any) -> InputDocument:
    """Accept an :class:`InputDocument`, a ``(doc_id, text)`` pair or a JSONL-like
    mapping ``{"id": ..., "text": ...}`` / ``{"id": ..., "html": ...}``."""
    if isinstance(item, InputDocument):
        return item
    if isinstance(item, Mapping):
        doc_id = str(item.get("id", "doc"))
        if isinstance(item.get("html"), str) and "text" not in item:
            return InputDocument(doc_id, None, html=item["html"], html_mode=item.get("html_mode", "main"))
        item = (doc_id, item.get("text"))
    try:
        doc_id, text = item
    except (TypeError, ValueError):
        raise TypeError("documents must be (doc_id, text) pairs") from None
    if not isinstance(text, str):
        return InputDocument(str(doc_id), None, f"text must be a string, not {type(text).__name__}")
    return InputDocument(str(doc_id), text)


def batches(docs: Iterable[Any], size: int = BATCH_DOCS) -> Iterator[list[InputDocument]]:
    """Group documents into lists of ``size`` (the last may be shorter)."""
    it = (as_input(d) for d in docs)
    while batch := list(islice(it, size)):
        yield batch


def _streamed(render: Render, doc: InputDocument) -> bool:
    if not getattr(render, "streams", False) or doc.error is not None:
        return False
    content = doc.html if doc.html is not None else doc.text
    return content is not None and len(content) > STREAM_CHARS


def score_batch(scorer, batch: list[InputDocument], render: Render = _identity, *,
                lazy: bool = False) -> list[Any]:
    """Score one batch; unreadable or unscorable documents become error reports.

    Documents longer than :data:`STREAM_CHARS` are rendered as a stream when
    ``render`` can (``render.stream``): with ``lazy`` the stream itself is
    returned, to be written while it is scored; otherwise it is gathered into
    one result (a worker process hands back text, never the reports).
    """
    big = [_streamed(render, doc) for doc in batch]
    if not any(big):
        return [render(report) for report in scorer.score_batch(batch)]
    rest = iter(scorer.score_batch([doc for doc, b in zip(batch, big) if not b]))
    out = []
    for doc, b in zip(batch, big):
        if not b:
            out.append(render(next(rest)))
            continue
        stream = render.stream(scorer, doc)
        out.append(stream if lazy else stream.materialize())
    return out


# -- local processes ---------------------------------------------------------
_WORKER_SCORER = None


def _init_worker(scorer) -> None:
    # each worker process receives the scorer once, not once per batch
    global _WORKER_SCORER
    _WORKER_SCORER = scorer
    from .scorer import settle_for_long_run

    settle_for_long_run(scorer)


def _worker_batch(batch: list[InputDocument], render: Render) -> list[Any]:
    return score_batch(_WORKER_SCORER, batch, render)


def _ordered(submit: Callable[[list[InputDocument]], Future], docs: Iterable[Any],
             ahead: int) -> Iterator[Any]:
    """Submit batches with at most ``ahead`` pending and yield their results in order."""
    pending: deque[Future] = deque()
    for batch in batches(docs):
        pending.append(submit(batch))
        if len(pending) >= ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def score_documents(scorer, docs: Iterable[Any], *, n_jobs: int = 1,
                    render: Render = _identity, scheduler: str | None = None) -> Iterator[Any]:
    """Score documents in input order, on ``n_jobs`` processes or a Dask scheduler.

    Parameters
    ----------
    scorer
        A :class:`pipeline.scorer.Scorer`.
    docs
        ``(doc_id, text)`` pairs or :class:`InputDocument`.
    n_jobs
        Local worker processes; 1 scores in this process.
    render
        Applied to each report where it is scored (e.g. to JSONL text), so
        workers hand back what the writer needs. In this process (``n_jobs``
        1) a huge document comes back as a lazy stream (see :func:`score_batch`).
    scheduler
        ``"local"`` or ``"tcp://HOST:PORT"`` to score on Dask instead.
    """
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be >= 1, not {n_jobs}")
    if scheduler:
        from .distributed import score_on_dask

        yield from score_on_dask(scorer, docs, scheduler=scheduler, render=render, n_workers=n_jobs)
        return
    if n_jobs == 1:
        for batch in batches(docs):
            yield from score_batch(scorer, batch, render, lazy=True)
        return
    with ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker, initargs=(scorer,)) as pool:
        yield from _ordered(lambda b: pool.submit(_worker_batch, b, render), docs, n_jobs * AHEAD_PER_WORKER)
