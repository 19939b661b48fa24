"""Running tasks at once, in this process: the executor a mining run uses when no cluster is given.

The protocol (`submit(fn, *args, key=…, priority=…)`, `share`, `result`, `completed`, `close`)
is the one `termalign.batch.executor` offers for Dask; it lives here, in the
library, because `glossary.mining` needs it and the library does not import the
batch layer, which re-exports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any


class InProcess:
    """Runs each task at once, in this process."""

    workers = 1
    description = "in this process"
    local = True

    def submit(self, fn: Callable, *args: Any, key: str = "", priority: int = 0) -> Any:
        # A handle passed as an argument stands for its value, as a Dask future does.
        args = tuple(self.result(a) if isinstance(a, Done) else a for a in args)
        try:
            return Done(fn(*args), None)
        except Exception as exc:  # noqa: BLE001 — raised again by `result`, as Dask does
            return Done(None, exc)

    def share(self, value: Any) -> Any:
        """VALUE, to pass to many tasks."""
        return Done(value, None)

    def result(self, handle: Any) -> Any:
        if handle.error is not None:
            raise handle.error
        return handle.value

    def completed(self, handles: Iterable[Any]) -> Iterator[Any]:
        yield from handles

    def close(self) -> None:
        pass


class Done:
    """A finished task: its value, or the exception it raised."""

    __slots__ = ("value", "error")

    def __init__(self, value: Any, error: BaseException | None) -> None:
        self.value, self.error = value, error
