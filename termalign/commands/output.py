"""Where a command's result goes: stdout, or a file written atomically."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from typing import IO

from termalign.atomic import atomic_write

# C0 and C1 controls and DEL: an ESC or CSI in a note would reach the terminal as a command.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """TEXT safe for a terminal: each control character shown as its escape (\\x1b), never sent raw."""
    return _CONTROLS.sub(lambda m: ascii(m.group())[1:-1], text)


@contextlib.contextmanager
def output_stream(path: str | os.PathLike | None, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Stdout when PATH is None or '-', else an atomic text file."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with atomic_write(path, "w", encoding=encoding) as handle:
            yield handle
