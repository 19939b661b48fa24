"""Where a batch's tasks run: in this process, in local worker processes, or on a Dask cluster.

All three offer the same three calls — `submit(fn, *args, key=…)`, `result(handle)`,
`completed(handles)` — so the batch is written once.

Local worker processes are a `distributed.LocalCluster` (one single-threaded
worker process per core), so a local run and a cluster run execute the very
same code; with one worker nothing is started and tasks run inline.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from termalign.errors import UserError


class InProcess:
    """Runs each task at once, in this process."""

    workers = 1
    description = "in this process"

    def submit(self, fn: Callable, *args: Any, key: str = "") -> Any:
        try:
            return _Done(fn(*args), None)
        except Exception as exc:  # noqa: BLE001 — raised again by `result`, as Dask does
            return _Done(None, exc)

    def result(self, handle: Any) -> Any:
        if handle.error is not None:
            raise handle.error
        return handle.value

    def completed(self, handles: Iterable[Any]) -> Iterator[Any]:
        yield from handles

    def close(self) -> None:
        pass


class _Done:
    __slots__ = ("value", "error")

    def __init__(self, value: Any, error: BaseException | None) -> None:
        self.value, self.error = value, error



class OnDask:
    """Tasks on a dask.distributed cluster: a LocalCluster of worker processes, or a scheduler address."""

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
            # One single-threaded process per worker: the encoder and jieba are not worth
            # sharing threads over, and each process loads the model once.
            self._cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                         processes=True, dashboard_address=None,
                                         silence_logs=logging.ERROR)
            self.client = Client(self._cluster)
            self.description = f"in {workers} local worker processes"
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def submit(self, fn: Callable, *args: Any, key: str = "") -> Any:
        return self.client.submit(fn, *args, key=key or None, pure=False)

    def result(self, handle: Any) -> Any:
        return handle.result()

    def completed(self, handles: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        yield from as_completed(list(handles))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(workers: int | None = None, scheduler: str | None = None) -> InProcess | OnDask:
    """Dask at SCHEDULER; else WORKERS local processes (default: one per core); one worker runs inline."""
    if scheduler:
        return OnDask(scheduler=scheduler)
    workers = workers or os.cpu_count() or 1
    return InProcess() if workers == 1 else OnDask(workers=workers)
