"""Writes that never leave a half-written file behind: temporary file, then rename.

Only a regular file is replaced that way. An output that names a device or a
FIFO (`-o /dev/null`, a named pipe another program reads) is written through,
as `cp` does: renaming a file over it would replace the device node. An output
that names a symbolic link replaces the file the link points to, and the link
stays a link.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import os
import re
import shutil
import stat
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from termalign.errors import OutputError

# Errors that mean "the disk (or the device) is full", whoever raised them.
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
# A hidden temporary file of a killed run is removed by the next run once it is this old and no
# process holds its lock; the age only covers the instant between making a file and locking it.
STALE_AFTER_S = 5.0


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, allow_empty: bool = False) -> Iterator[Path]:
    """Yield a temporary path; what the block writes there replaces PATH only if the block succeeds.

    For libraries that write by file name (openpyxl, lxml). When PATH is a device
    or a FIFO, the finished file is copied into it instead (the temporary file is
    then made in the system's temporary folder, never beside the device).

    Unless ALLOW_EMPTY, a block that leaves the file empty fails: lxml writing by
    name ignores the error of its last flush, so on a full disk a small document
    comes out empty, without an error, and would replace a good file.
    """
    import tempfile     # on first use: `termalign lookup` imports this module but seldom writes a file

    target = destination(path)
    if _is_special(target):
        with tempfile.TemporaryDirectory(prefix="termalign-") as folder:
            staged = Path(folder) / target.name
            with _full_disk_is_an_output_error(target):
                yield staged
            if not allow_empty and staged.stat().st_size == 0:
                raise OutputError(f"cannot write {target}: nothing could be written (is the disk full?); "
                                  "free some space or choose another output path")
            try:
                with open(staged, "rb") as source, open(target, "wb") as sink:
                    shutil.copyfileobj(source, sink)
            except OSError as exc:
                raise _cannot_write(target, exc) from None
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target.parent, target.name, ".tmp")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        # Locked while this run lives: a later run removes the file only once nobody holds it.
        fcntl.flock(fd, fcntl.LOCK_EX)
        # mkstemp makes the file private; the result gets the mode of the file it
        # replaces, or that of any new file, so that colleagues can still read it.
        os.chmod(tmp, _mode_for(target))
        with _full_disk_is_an_output_error(target):
            yield Path(tmp)
        if not allow_empty and os.path.getsize(tmp) == 0:
            raise OutputError(f"cannot write {target}: nothing could be written (is the disk full?); "
                              "free some space or choose another output path")
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _cannot_write(target, exc) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file for writing; rename it onto PATH when the block succeeds.

    A device or a FIFO is opened and written directly, so that a reader of a
    pipe gets each line as it is flushed.
    """
    kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": encoding, "newline": newline}
    target = destination(path)
    if _is_special(target):
        with _full_disk_is_an_output_error(target):
            try:
                handle = open(target, mode, **kwargs)
            except OSError as exc:
                raise _cannot_write(target, exc) from None
            try:
                yield handle
                handle.flush()
            finally:
                with contextlib.suppress(OSError):
                    handle.close()
        return
    # Python reports every failed write itself, and an empty text output can be right.
    with atomic_path(target, allow_empty=True) as tmp:
        with open(tmp, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


def destination(path: str | os.PathLike) -> Path:
    """The file that writing to PATH really changes: PATH, or the file a symbolic link PATH points to.

    A link through /proc (`/dev/stdout`, `/dev/fd/3`) stays as it is: it names an open file of
    this process (a pipe, a terminal, the file the shell redirected to), which is written through.
    """
    target = Path(path)
    if target.is_symlink() and not _through_proc(target):
        # realpath follows a chain of links, and names the missing file a dangling link points to.
        return Path(os.path.realpath(target))
    return target


def _through_proc(link: Path) -> bool:
    """True when the chain of links from LINK passes through /proc or /dev/fd (an open file's alias)."""
    current = str(link.absolute())
    for _ in range(40):
        if current.startswith(("/proc/", "/dev/fd/")):
            return True
        try:
            hop = os.readlink(current)
        except OSError:
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), hop))
    return False


def _is_special(target: Path) -> bool:
    """True for a character or block device, a FIFO, or an alias of an open file (/dev/stdout):
    written through, never replaced."""
    if target.is_symlink() and _through_proc(target):
        return True
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode)


@contextlib.contextmanager
def _full_disk_is_an_output_error(target: Path) -> Iterator[None]:
    """A full disk while the block writes becomes our one-line OutputError (the old TARGET stays)."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _FULL:
            _release_quietly(exc)
            raise _cannot_write(target, exc) from None
        raise
    except Exception as exc:
        # lxml reports a full disk as SerialisationError('IO_ENOSPC'), with no errno.
        if type(exc).__name__ == "SerialisationError" and "ENOSPC" in str(exc):
            _release_quietly(exc)
            raise OutputError(f"cannot write {target}: no space left on the device (IO_ENOSPC); free some "
                              "space or choose another output path") from None
        raise


def _release_quietly(exc: BaseException) -> None:
    """Keep what a writer left open when the disk filled (openpyxl's zip file and sheet writers)
    from printing tracebacks after our one-line error: each, freed later, fails to flush again
    ("Exception ignored in ..."). From the first full disk on, such leftovers pass in silence."""
    if not getattr(sys.unraisablehook, "hushes_full_disk", False):
        previous = sys.unraisablehook

        def hook(unraisable: Any) -> None:
            error = unraisable.exc_value
            if (isinstance(error, OSError) and error.errno in _FULL) or \
                    type(error).__name__ in ("LxmlSyntaxError", "SerialisationError"):
                return
            previous(unraisable)

        hook.hushes_full_disk = True  # type: ignore[attr-defined]
        sys.unraisablehook = hook
    traceback.clear_frames(exc.__traceback__)
    gc.collect()


def remove_stale(folder: Path, name: str, suffix: str) -> None:
    """Delete the hidden temporary files `.NAME.XXXXXXXX<SUFFIX>` (and SQLite's -wal, -shm, -journal
    beside them) that a killed run left in FOLDER: those no living process holds locked.

    Best effort: a file that cannot be examined or removed stays.
    """
    pattern = re.compile(rf"\.{re.escape(name)}\.[A-Za-z0-9_]{{8}}{re.escape(suffix)}(-wal|-shm|-journal)?")
    try:
        entries = [e for e in os.scandir(folder) if pattern.fullmatch(e.name)]
    except OSError:
        return
    now = time.time()
    # Sorted, a file comes before its -wal and -shm: those go with it, or stay with it.
    for entry in sorted(entries, key=lambda e: e.name):
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < STALE_AFTER_S:
                continue
            if _abandoned(Path(folder, re.sub(r"-(wal|shm|journal)$", "", entry.name))):
                os.unlink(entry.path)


def _abandoned(path: Path) -> bool:
    """True when no process holds PATH's lock (its writer died); the lock is not kept."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)   # closing releases a lock taken here
    return True


def check_output(path: str | os.PathLike | None, inputs: Iterable[str | os.PathLike | None] = ()) -> None:
    """Refuse, before any work is done, an output PATH that is a folder, one of INPUTS, or not writable.

    Writing a result over its own input would destroy the input (a termbase, a
    document) once the result is renamed into place.
    """
    if path is None or str(path) == "-":
        return
    target = destination(path)
    if target.is_dir():
        raise OutputError(f"{path} is a folder; give the name of a file to write")
    for source in inputs:
        if source is not None and _same_file(target, Path(source)):
            raise OutputError(f"{path} is also an input of this command; write the output to another file")
    if _is_special(target):
        if not os.access(target, os.W_OK):
            raise OutputError(f"cannot write {path}: permission denied; choose another output path")
        return
    if target.exists() and not target.is_file():
        raise OutputError(f"{path} is not a file, a device or a pipe; choose another output path")
    folder = target.parent.absolute()
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: {folder} is not a folder you can write to; "
                        "choose another output path")


def check_distinct_outputs(*paths: str | os.PathLike | None) -> None:
    """Refuse two outputs of one command that name the same file: the second would replace the first."""
    given = [p for p in paths if p is not None and str(p) != "-"]
    for i, first in enumerate(given):
        for second in given[i + 1:]:
            if _same_file(destination(first), destination(second)):
                both = f"{first} is given" if str(first) == str(second) else f"{first} and {second} are the same file,"
                raise OutputError(f"{both} for two outputs; give each output its own file")


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
    if exc.errno in _FULL:
        return OutputError(f"cannot write {target}: no space left on the device ({exc.strerror}); free some "
                           "space or choose another output path")
    return OutputError(f"cannot write {target}: {exc.strerror or exc}; choose another output path")
