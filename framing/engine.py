"""Execution engines: ``pandas`` (this process) and ``dask`` (a local or existing Dask cluster).

This module knows nothing of the pipeline's steps: it gives a cluster (:func:`dask_client`) and
one way to run a step's batches on it (:func:`in_order`). Ingest (:mod:`framing.ingest.run`) and
analysis (:mod:`framing.analysis.output`) stream their inputs in partitions through it, so peak
memory depends on the partition size, not on the corpus, and both engines write the same files.

With Dask the driver (the process that runs ``framing``) reads the inputs and writes the outputs;
workers do the expensive part on the batches it sends them and return Arrow tables or encoded
text. Workers therefore need neither the input files nor a shared filesystem, only the
``framing`` package (with its resource files, installed as package data) and the same versions
of its dependencies. Batches are submitted with back-pressure (a few per worker in flight) and
their results handed back in input order.

    framing ingest CORPUS --engine dask --workers 4          # local cluster, 4 processes
    framing analyze data/processed --engine dask --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator

ENGINES = ("pandas", "dask")
DEFAULT_PARTITION = 100  # records (ingest) or articles (analyze) per partition


def check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


@contextlib.contextmanager
def dask_client(*, scheduler: str | None = None, workers: int | None = None, threads_per_worker: int = 1):
    """A ``distributed.Client``: connected to ``scheduler`` (an existing cluster) or to a local
    cluster of ``workers`` processes (default: one per core). Closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    import os

    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=True,
                      dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:
        yield client


@contextlib.contextmanager
def client_for(client=None, *, scheduler: str | None = None, workers: int | None = None):
    """``client`` itself when given, else a new one (closed on exit)."""
    if client is not None:
        yield client
        return
    with dask_client(scheduler=scheduler, workers=workers) as new:
        yield new


def n_workers(client) -> int:
    try:
        return max(1, len(client.scheduler_info()["workers"]))
    except Exception:  # pragma: no cover - scheduler without info
        return 1


def in_order(client, task: Callable, jobs: Iterable[tuple[object, tuple]], *shared) -> Iterator[tuple[object, object]]:
    """Run ``task(*args, *shared)`` on the cluster for each ``(tag, args)`` of ``jobs`` and yield
    ``(tag, result)`` in the order of ``jobs``. ``jobs`` is consumed lazily, with at most two
    batches per worker (plus one) in flight, so the driver never holds the whole input."""
    limit = 2 * n_workers(client) + 1
    inflight: deque = deque()
    for tag, args in jobs:
        inflight.append((tag, client.submit(task, *args, *shared, pure=False)))
        while len(inflight) > limit:
            t, fut = inflight.popleft()
            yield t, fut.result()
    while inflight:
        t, fut = inflight.popleft()
        yield t, fut.result()
