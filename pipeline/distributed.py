"""Score on a Dask cluster: an existing scheduler (``tcp://HOST:PORT``) or a LocalCluster.

The scorer (model included) is pickled once and scattered to every worker with
``broadcast=True``, so workers need the ``misinfo-signals`` package installed
but no access to the model file. Batches are submitted with a bounded number in
flight and collected in input order, exactly as on local processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .parallel import AHEAD_PER_WORKER, Render, _ordered, score_batch


class DaskUnavailable(RuntimeError):
    """``dask.distributed`` is not installed, or the scheduler cannot be reached."""


def _client(scheduler: str, n_workers: int):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # an optional extra
        raise DaskUnavailable(
            "--scheduler needs Dask: pip install 'misinfo-signals[dask]'"
        ) from exc
    if scheduler == "local":
        cluster = LocalCluster(n_workers=max(1, n_workers), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=":0")
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="10s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def score_on_dask(scorer, docs: Iterable[Any], *, scheduler: str, render: Render,
                  n_workers: int = 2) -> Iterator[Any]:
    """Score documents on Dask, yielding rendered reports in input order."""
    client, cluster = _client(scheduler, n_workers)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        remote_scorer = client.scatter(scorer, broadcast=True)
        yield from _ordered(
            lambda batch: client.submit(score_batch, remote_scorer, batch, render, pure=False),
            docs, workers * AHEAD_PER_WORKER,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
