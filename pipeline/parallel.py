"""Score a stream of documents in batches, in this process or on local worker processes.

All three ways run the same :func:`score_batch` on the same batches and hand
results back in input order, so their output is identical. Only a bounded
number of batches is in flight at once, so memory stays flat on long inputs.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from .documents import InputDocument, as_input
from .report import DocumentReport

#: Documents per batch.
BATCH_DOCS = 16
#: Batches in flight per worker.
AHEAD_PER_WORKER = 4
#: Documents longer than this (characters) are scored and rendered a chunk of sentences at a
#: time when the renderer can stream (see ``Renderer.stream``), so memory does not grow with them.
#: A web page counts its markup; it is read (its article extracted) before its text is streamed.
STREAM_CHARS = 1_000_000


Render = Callable[[DocumentReport], Any]


def _identity(report: DocumentReport) -> DocumentReport:
    return report


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
    if getattr(render, "view", None) == "sources":
        # the sources view shows no scores: the parser alone reads each document, a huge one too
        # (a chunk of sentences at a time: report.sources_only_summary), so nothing is streamed
        return [render(report) for report in scorer.read_sources(batch)]
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


def score_locally(scorer, docs: Iterable[Any], n_jobs: int, render: Render) -> Iterator[Any]:
    """Score on ``n_jobs`` local worker processes, yielding rendered results in input order."""
    with ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker, initargs=(scorer,)) as pool:
        yield from _ordered(lambda b: pool.submit(_worker_batch, b, render), docs, n_jobs * AHEAD_PER_WORKER)


def settle_for_long_run(scorer) -> None:
    """Prepare a process that will score until it exits: build the lazy parts and
    take the model's objects out of the garbage collector's passes.

    Scoring allocates many short-lived report objects, so full collections run
    often, and each walked the model's vocabularies again (about 15 % of a run's
    time). ``gc.freeze`` affects the whole process; the CLI and ``--jobs``
    workers call this, a library user may.
    """
    scorer.model.builder  # noqa: B018 - cached properties: build them before freezing
    scorer.model.explainer  # noqa: B018
    gc.freeze()
