"""Writes that never leave a half-written file behind: temporary file, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from termalign.errors import OutputError


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside PATH; it replaces PATH only if the block succeeds.

    For libraries that write by file name (openpyxl, lxml).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    os.close(fd)
    try:
        # mkstemp makes the file private; the result gets the mode of the file it
        # replaces, or that of any new file, so that colleagues can still read it.
        os.chmod(tmp, _mode_for(target))
        yield Path(tmp)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _cannot_write(target, exc) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file for writing; rename it onto PATH when the block succeeds."""
    with atomic_path(path) as tmp:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with open(tmp, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


def check_output(path: str | os.PathLike | None, inputs: Iterable[str | os.PathLike | None] = ()) -> None:
    """Refuse, before any work is done, an output PATH that is a folder, one of INPUTS, or not writable.

    Writing a result over its own input would destroy the input (a termbase, a
    document) once the result is renamed into place.
    """
    if path is None or str(path) == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path} is a folder; give the name of a file to write")
    for source in inputs:
        if source is not None and _same_file(target, Path(source)):
            raise OutputError(f"{path} is also an input of this command; write the output to another file")
    folder = target.parent.absolute()
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: {folder} is not a folder you can write to; "
                        "choose another output path")


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _cannot_write(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {target}: {exc.strerror or exc}; choose another output path")
