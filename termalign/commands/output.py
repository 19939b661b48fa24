"""Where a command's result goes: stdout, or a file written atomically."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO

from termalign.atomic import atomic_write


@contextlib.contextmanager
def output_stream(path: str | os.PathLike | None, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Stdout when PATH is None or '-', else an atomic text file."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with atomic_write(path, "w", encoding=encoding) as handle:
            yield handle
