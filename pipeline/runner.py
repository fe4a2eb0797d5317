"""Where documents are scored: in this process, on local processes, or on Dask.

The one entry point of the three ways (:func:`score_documents`); the data flows
one way: ``scorer`` -> ``runner`` -> ``parallel`` / ``distributed``, none of
which imports the scorer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .distributed import score_on_dask
from .parallel import Render, _identity, batches, score_batch, score_locally


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
        yield from score_on_dask(scorer, docs, scheduler=scheduler, render=render, n_workers=n_jobs)
        return
    if n_jobs == 1:
        for batch in batches(docs):
            yield from score_batch(scorer, batch, render, lazy=True)
        return
    yield from score_locally(scorer, docs, n_jobs, render)
