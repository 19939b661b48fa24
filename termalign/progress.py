"""Progress bars on stderr, silent when stderr is not a terminal or with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_quiet = False


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def enabled() -> bool:
    return not _quiet and sys.stderr.isatty()


def bar(iterable: Iterable[T] | None = None, *, total: int | None = None, desc: str = "", unit: str = "it"):
    """A tqdm bar on stderr, disabled unless a person is watching."""
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr,
                disable=not enabled(), leave=False, dynamic_ncols=True)


def track(iterable: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "it") -> Iterator[T]:
    yield from bar(iterable, total=total, desc=desc, unit=unit)


def info(message: str) -> None:
    """A one-line summary on stderr (suppressed by --quiet, shown in pipes)."""
    if not _quiet:
        print(message, file=sys.stderr)
