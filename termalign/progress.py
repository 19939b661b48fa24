"""Progress reporting, passed in by whoever runs the work — part of the bottom layer.

Library code reports through `track` (a loop) and `info` (a one-line summary),
which go to the reporter of the current context. The default reporter is
silent, so a notebook or another program using the library sees nothing it
did not ask for; the command line installs a `TerminalReporter` for the whole
command (`with reporting(TerminalReporter(quiet=…)):`), and a caller may pass
any `Reporter` subclass of its own (a GUI, a log, a test).
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class Reporter:
    """Reports nothing: the default for library use."""

    def track(self, iterable: Iterable[T], *, total: int | None = None, desc: str = "",
              unit: str = "it") -> Iterable[T]:
        return iterable

    def info(self, message: str) -> None:
        pass


class TerminalReporter(Reporter):
    """Bars on stderr only when a person is watching (a terminal); summaries on stderr unless QUIET."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    def track(self, iterable: Iterable[T], *, total: int | None = None, desc: str = "",
              unit: str = "it") -> Iterable[T]:
        if self.quiet or not sys.stderr.isatty():
            return iterable
        from tqdm import tqdm

        return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr)


_current: contextvars.ContextVar[Reporter] = contextvars.ContextVar("termalign_progress", default=Reporter())


@contextlib.contextmanager
def reporting(reporter: Reporter) -> Iterator[Reporter]:
    """Send the progress of everything run inside the block to REPORTER."""
    token = _current.set(reporter)
    try:
        yield reporter
    finally:
        _current.reset(token)


def current() -> Reporter:
    return _current.get()


def track(iterable: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "it") -> Iterable[T]:
    """ITERABLE, reported as a loop by the current reporter."""
    return current().track(iterable, total=total, desc=desc, unit=unit)


def info(message: str) -> None:
    """A one-line summary for the current reporter."""
    current().info(message)
