"""Where a batch's tasks run: in this process, in local worker processes, or on a Dask cluster.

All three offer the same three calls — `submit(fn, *args, key=…)`, `result(handle)`,
`completed(handles)` — so the batch is written once.

Local worker processes are a `distributed.LocalCluster`, so a local run and a
cluster run execute the very same code; with one worker nothing is started and
tasks run inline. Each local worker gets its share of the cores for its thread
pools (`worker_environment`): BLAS, faiss's OpenMP and the encoder would each
start one thread per core in every worker, and N workers on N cores then run
N² spinning threads (measured in docs/BENCHMARKS.md, issue 18).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from termalign.cores import available_cores
from termalign.errors import UserError
from termalign.glossary.executor import InProcess  # noqa: F401 — part of this module's API


class OnDask:
    """Tasks on a dask.distributed cluster: a LocalCluster of worker processes, or a scheduler address."""

    local = False       # workers share this machine's files (a LocalCluster)

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UserError("running on several workers needs dask.distributed: "
                            "pip install 'dask[distributed]'") from None
        import logging

        self._cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            self.description = f"on the Dask cluster at {scheduler}"
        else:
            # One single-threaded process per worker (jieba and the aligner hold the GIL;
            # each process loads the model once), its numeric thread pools sized to its
            # share of the cores, and without the nanny's MALLOC_TRIM_THRESHOLD_.
            import dask

            workers = workers or available_cores()
            environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
            environ.pop("MALLOC_TRIM_THRESHOLD_", None)
            environ.update(worker_environment(workers))
            # No work stealing: a mining step runs where its shard is, and a stolen step copied the
            # shard to the other worker, which then held both (measured in docs/BENCHMARKS.md, issue 18).
            with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,
                                  "distributed.scheduler.work-stealing": False}):
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self._cluster)
            self.description = f"in {workers} local worker processes"
            self.local = True
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def submit(self, fn: Callable, *args: Any, key: str = "", priority: int = 0) -> Any:
        """FN(*ARGS) on a worker; among the tasks ready to run, those of higher PRIORITY go first."""
        return self.client.submit(fn, *args, key=key or None, pure=False, priority=priority)

    def share(self, value: Any) -> Any:
        """VALUE sent once to every worker (the merged tables of a mining run), not once per task."""
        # wrapped in a list: scatter would send a list's or a dict's items one by one
        return self.client.scatter([value], broadcast=True, hash=False)[0]

    def result(self, handle: Any) -> Any:
        return handle.result()

    def completed(self, handles: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        yield from as_completed(list(handles))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TERMALIGN_THREADS")


def worker_environment(workers: int, cores: int | None = None) -> dict[str, str]:
    """Environment of a local worker process: its thread pools get cores/workers threads (at least 1).

    Read when the worker starts, before numpy, faiss (OpenMP) or the encoder load:
    OMP_NUM_THREADS for faiss and torch, OPENBLAS/MKL for numpy, TERMALIGN_THREADS
    for the use-m3 encoder, which otherwise sets its BLAS pool to every core."""
    share = max(1, (cores or available_cores()) // max(1, workers))
    return {name: str(share) for name in THREAD_VARIABLES}


def make_executor(workers: int | None = None, scheduler: str | None = None) -> InProcess | OnDask:
    """Dask at SCHEDULER; else WORKERS local processes (default: one per core); one worker runs inline."""
    if scheduler:
        return OnDask(scheduler=scheduler)
    workers = workers or available_cores()
    return InProcess() if workers == 1 else OnDask(workers=workers)
