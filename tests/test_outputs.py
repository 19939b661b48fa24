"""-o into special files (devices, FIFOs, symbolic links), full disks, clashing outputs, bad inputs,
and the hidden temporary files a killed run leaves behind (issue 13, items 1, 4 and 8).

Devices are made with mknod in the test's own folder (a null and a full device): a test that
failed on a build which replaces its -o by rename must not replace the machine's /dev/null.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from importlib import resources
from pathlib import Path

import pytest

from termalign.align.bitext import BeadRecord, write_jsonl
from termalign.glossary.concepts import Concept, Term
from termalign.glossary.termbase import Termbase

TERMS = [("因特网治理论坛", "Internet Governance Forum"), ("数字鸿沟", "digital divide")]
PAIRS = [
    ("大会重申必须弥合各国之间和国家内部的数字鸿沟。",
     "The General Assembly reaffirms the need to bridge the digital divide between and within countries."),
    ("因特网治理论坛为多利益攸关方对话提供了平台。",
     "The Internet Governance Forum offers a platform for multi-stakeholder dialogue."),
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A resolution, an aligned file and a termbase, in the current directory."""
    with resources.as_file(resources.files("termalign") / "examples" / "resolution.en.txt") as path:
        shutil.copyfile(path, tmp_path / "resolution.en.txt")
    with open(tmp_path / "aligned.jsonl", "w", encoding="utf-8") as handle:
        write_jsonl([BeadRecord(doc="A/RES/81/999", level="sentence", zh_ids=[f"p{n}.s1"], en_ids=[f"p{n}.s1"],
                                zh=zh, en=en, type="1-1", score=0.82, zh_paragraphs=[str(n)],
                                en_paragraphs=[str(n)]) for n, (zh, en) in enumerate(PAIRS, 1)], handle)
    with Termbase.open(tmp_path / "terms.db", create=True) as tb:
        tb.commit_import([Concept(id=None, terms=[Term("zh", zh, "preferred"), Term("en", en, "preferred")])
                          for zh, en in TERMS], note="UNTERM extract")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _device(folder: Path, name: str, minor: int) -> Path:
    """A character device in FOLDER: minor 3 is a null device, 7 a full one (Linux's mem major 1)."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    return path


def _is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


def _hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _assert_one_line_error(result, expected: str) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("termalign: error: "), result.stderr
    assert expected in lines[0], lines[0]


class _FifoReader(threading.Thread):
    """Reads a FIFO to its end, as another program on the other side of a named pipe would."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path, self.data = path, b""

    def run(self) -> None:
        with open(self.path, "rb") as handle:
            self.data = handle.read()


# ------------------------------------------------------------------ devices, FIFOs, links


def test_a_null_device_given_as_output_stays_a_device(run_cli, workdir: Path) -> None:
    null = _device(workdir, "null", 3)
    result = run_cli("read", "resolution.en.txt", "-o", null)
    assert result.exit_code == 0, result.output
    assert _is_char_device(null)
    assert _hidden_leftovers(workdir) == []


def test_dev_null_stays_a_device(run_cli, workdir: Path) -> None:
    # The same write into a private twin first: a build that would replace the device fails there,
    # and never gets to replace the machine's /dev/null.
    twin = _device(workdir, "null", 3)
    assert run_cli("read", "resolution.en.txt", "-o", twin).exit_code == 0 and _is_char_device(twin)
    if not os.access("/dev/null", os.W_OK):
        pytest.skip("/dev/null is not writable here")
    result = run_cli("read", "resolution.en.txt", "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert _is_char_device(Path("/dev/null"))


@pytest.mark.parametrize("args, expected", [
    (["read", "resolution.en.txt"], b"Internet Governance Forum"),                 # a text stream
    (["termbase", "export", "terms.db", "--format", "tbx"], "因特网治理论坛".encode()),  # a file by name (lxml)
    (["lookup", "因特网治理论坛", "-t", "terms.db"], b"Internet Governance Forum"),
])
def test_a_fifo_receives_the_output_and_stays_a_fifo(run_cli, workdir: Path, args: list[str],
                                                      expected: bytes) -> None:
    fifo = workdir / "pipe"
    os.mkfifo(fifo)
    reader = _FifoReader(fifo)
    reader.start()
    result = run_cli(*args, "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert not reader.is_alive()
    assert expected in reader.data
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _hidden_leftovers(workdir) == []


@pytest.mark.parametrize("fmt, expected", [("tsv", "因特网治理论坛\tInternet Governance Forum"),
                                           ("tbx", "<term>因特网治理论坛</term>")])
def test_a_symlink_stays_a_link_and_its_target_gets_the_output(run_cli, workdir: Path, fmt: str,
                                                                expected: str) -> None:
    (workdir / "shared").mkdir()
    target = workdir / "shared" / f"glossary.{fmt}"
    target.write_text("last week's glossary\n", encoding="utf-8")
    link = workdir / f"current.{fmt}"
    link.symlink_to(os.path.join("shared", target.name))
    result = run_cli("termbase", "export", "terms.db", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == os.path.join("shared", target.name)
    assert expected in target.read_text(encoding="utf-8")
    assert _hidden_leftovers(workdir) == [] and _hidden_leftovers(workdir / "shared") == []


def test_a_dangling_symlink_creates_its_target(run_cli, workdir: Path) -> None:
    link = workdir / "paragraphs.txt"
    link.symlink_to("out/paragraphs.txt")
    (workdir / "out").mkdir()
    assert run_cli("read", "resolution.en.txt", "-o", link).exit_code == 0
    assert link.is_symlink()
    assert "Internet Governance Forum" in (workdir / "out" / "paragraphs.txt").read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_an_alias_of_standard_output_is_written_through(workdir: Path) -> None:
    # `-o /dev/stdout` in a script: /dev/stdout is a link to /proc/self/fd/1. A private link of the
    # same kind stands in for it, so that a build which replaces links cannot touch the system's.
    alias = workdir / "stdout"
    alias.symlink_to("/proc/self/fd/1")
    for args in (["read", "resolution.en.txt"], ["termbase", "export", "terms.db", "--format", "tbx"]):
        child = subprocess.run([sys.executable, "-c", "from termalign.cli import main; main()", *args, "-o", alias],
                               cwd=workdir, capture_output=True, timeout=120)
        assert child.returncode == 0, child.stderr
        assert b"Internet Governance Forum" in child.stdout
        assert alias.is_symlink() and os.readlink(alias) == "/proc/self/fd/1"


# ------------------------------------------------------------------ full disks


@pytest.mark.parametrize("args", [["read", "resolution.en.txt"],
                                  ["termbase", "export", "terms.db", "--format", "tsv"],
                                  ["termbase", "export", "terms.db", "--format", "tbx"],
                                  ["termbase", "export", "terms.db", "--format", "xlsx"],
                                  ["lookup", "数字鸿沟", "-t", "terms.db"],
                                  ["tmx", "aligned.jsonl"]])
def test_a_full_device_is_a_one_line_error(run_cli, workdir: Path, args: list[str]) -> None:
    full = _device(workdir, "full", 7)
    result = run_cli(*args, "-o", full)
    _assert_one_line_error(result, "no space left on the device")
    assert _is_char_device(full)
    assert _hidden_leftovers(workdir) == []


def test_dev_full_is_a_one_line_error_and_stays_a_device(run_cli, workdir: Path) -> None:
    twin = _device(workdir, "full", 7)       # first the private twin, as for /dev/null
    _assert_one_line_error(run_cli("read", "resolution.en.txt", "-o", twin), "no space left on the device")
    assert _is_char_device(twin)
    if not os.access("/dev/full", os.W_OK):
        pytest.skip("/dev/full is not writable here")
    _assert_one_line_error(run_cli("read", "resolution.en.txt", "-o", "/dev/full"), "no space left on the device")
    assert _is_char_device(Path("/dev/full"))


def test_a_full_disk_leaves_the_old_output_whole(run_cli, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import termalign.atomic as atomic

    out = workdir / "paragraphs.txt"
    out.write_text("yesterday's paragraphs\n", encoding="utf-8")

    def full(fd: int) -> None:      # the kernel reports the blocks it could not find at fsync
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)
    _assert_one_line_error(run_cli("read", "resolution.en.txt", "-o", out), "no space left on the device")
    assert out.read_text(encoding="utf-8") == "yesterday's paragraphs\n"
    assert _hidden_leftovers(workdir) == []


def test_lxml_s_full_disk_error_leaves_the_old_output_whole(workdir: Path) -> None:
    # lxml reports a full disk as SerialisationError('IO_ENOSPC'), without an errno.
    from lxml import etree

    from termalign.atomic import atomic_path
    from termalign.errors import OutputError

    full = _device(workdir, "full", 7)
    out = workdir / "terms.tbx"
    out.write_text("<tbx>last week</tbx>\n", encoding="utf-8")
    root = etree.Element("body")
    for n in range(5000):
        etree.SubElement(root, "term").text = f"因特网治理论坛第{n}届会议"
    with pytest.raises(OutputError, match="no space left"):
        with atomic_path(out):
            etree.ElementTree(root).write(str(full), encoding="UTF-8")
    assert out.read_text(encoding="utf-8") == "<tbx>last week</tbx>\n"
    assert _hidden_leftovers(workdir) == []


@pytest.fixture
def full_filesystem(tmp_path: Path):
    """A tiny tmpfs filled to the last block (needs root's right to mount; skipped elsewhere)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        (mount / "old.tbx").write_text("<tbx>last week</tbx>\n", encoding="utf-8")
        with contextlib.suppress(OSError), open(mount / "filler", "wb") as handle:
            while True:
                handle.write(b"\0" * 1024)
                handle.flush()
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.parametrize("fmt", ["tbx", "xlsx", "csv", "tsv"])
def test_a_full_file_system_keeps_the_old_export(run_cli, workdir: Path, full_filesystem: Path, fmt: str) -> None:
    # lxml, writing by name, loses a small document on a full disk without a word: the export
    # must still fail and keep last week's file
    old = full_filesystem / "old.tbx"
    result = run_cli("termbase", "export", "terms.db", "--format", fmt, "-o", old)
    _assert_one_line_error(result, "cannot write")
    assert "disk" in result.stderr or "device" in result.stderr
    assert old.read_text(encoding="utf-8") == "<tbx>last week</tbx>\n"
    assert _hidden_leftovers(full_filesystem) == []


def test_a_library_that_writes_nothing_does_not_replace_the_old_file(workdir: Path) -> None:
    from termalign.atomic import atomic_path
    from termalign.errors import OutputError

    out = workdir / "terms.tbx"
    out.write_text("<tbx>last week</tbx>\n", encoding="utf-8")
    with pytest.raises(OutputError, match="nothing could be written"):
        with atomic_path(out) as tmp:
            assert tmp.exists()      # what lxml leaves when its only buffer could not be flushed
    assert out.read_text(encoding="utf-8") == "<tbx>last week</tbx>\n"
    assert _hidden_leftovers(workdir) == []


# ------------------------------------------------------------------ clashing outputs, bad paths


@pytest.mark.parametrize("args", [["-o", "r.html", "--json", "r.html"],
                                  ["--json", "r.json", "--csv", "./r.json"],
                                  ["-o", "r.html", "--csv", "link.csv"]])
def test_two_outputs_to_one_file_are_refused(run_cli, workdir: Path, args: list[str]) -> None:
    (workdir / "link.csv").symlink_to("r.html")
    result = run_cli("qa", "--bitext", "aligned.jsonl", *args)
    _assert_one_line_error(result, "for two outputs; give each output its own file")
    assert not (workdir / "r.html").exists() and not (workdir / "r.json").exists()


@pytest.mark.parametrize("args, expected", [
    (["read", "folder"], "'folder' is a directory"),
    (["read", "resolution.en.txt", "-o", "folder"], "'folder' is a directory"),
    (["termbase", "export", "terms.db", "--format", "tsv", "-o", "folder"], "'folder' is a directory"),
    (["lookup", "数字鸿沟", "-t", "terms.db", "-o", "folder"], "'folder' is a directory"),
    (["termbase", "import", "terms.db", "folder", "--format", "tsv"], "'folder' is a directory"),
    (["mine", "folder", "-t", "terms.db", "--no-similarity"], "'folder' is a directory"),
    (["tmx", "folder"], "'folder' is a directory"),
    (["tmx", "missing.jsonl"], "'missing.jsonl' does not exist"),
])
def test_folders_and_missing_files_are_one_line_errors(run_cli, workdir: Path, args: list[str],
                                                       expected: str) -> None:
    (workdir / "folder").mkdir()
    _assert_one_line_error(run_cli(*args), expected)


def _without_permission_override() -> None:
    """In the child, before exec: drop root's power to read and write any file, so that file
    permissions apply to it as to anyone (PR_CAPBSET_DROP of CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_as_user(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess:
    """Run `termalign ARGS` in a child process to which file permissions apply (also when tests run as root)."""
    preexec = _without_permission_override if os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-c", "from termalign.cli import main; main()", *map(str, args)],
                          cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120, preexec_fn=preexec)


@pytest.fixture
def permissions_apply(tmp_path: Path) -> None:
    """Skip unless a child process really is refused a file it has no permission for."""
    probe = tmp_path / "probe.txt"
    probe.write_text("x", encoding="utf-8")
    probe.chmod(0)
    try:
        child = subprocess.run([sys.executable, "-c", f"open({str(probe)!r}).read()"], capture_output=True,
                               preexec_fn=_without_permission_override if os.geteuid() == 0 else None)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot start a child without root's permission override ({exc})")
    finally:
        probe.unlink()
    if child.returncode == 0:
        pytest.skip("file permissions do not apply to processes here")


@pytest.mark.parametrize("args", [["read", "secret.txt"], ["tmx", "secret.txt"],
                                  ["qa", "secret.txt", "resolution.en.txt"],
                                  ["termbase", "import", "terms.db", "secret.txt", "--format", "tsv"]])
def test_an_unreadable_input_is_a_one_line_error(workdir: Path, permissions_apply, args: list[str]) -> None:
    shutil.copyfile(workdir / "resolution.en.txt", workdir / "secret.txt")
    (workdir / "secret.txt").chmod(0)
    child = run_as_user(*args, cwd=workdir)
    assert child.returncode == 2, child.stderr
    lines = child.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("termalign: error: "), child.stderr
    assert "'secret.txt' is not readable" in lines[0] and "check its permissions" in lines[0]


# ------------------------------------------------------------------ leftovers of killed runs

_KILLED_CREATOR = """
import os, signal, sys
from termalign.glossary.termbase import Termbase

def killed(conn):           # the power goes (or kill -9 comes) while the new termbase is being made
    os.kill(os.getpid(), signal.SIGKILL)

Termbase._migrate = staticmethod(killed)
Termbase.open(sys.argv[1], create=True)
"""


def _age(folder: Path, seconds: float = 3600) -> None:
    """Make FOLDER's hidden files as old as those of a run killed an hour ago."""
    for path in folder.iterdir():
        if path.name.startswith("."):
            os.utime(path, (path.stat().st_atime - seconds, path.stat().st_mtime - seconds))


def test_a_killed_termbase_creation_leaves_nothing_for_good(run_cli, workdir: Path) -> None:
    child = subprocess.run([sys.executable, "-c", _KILLED_CREATOR, "new.db"], cwd=workdir)
    assert child.returncode == -signal.SIGKILL
    leftovers = _hidden_leftovers(workdir)
    assert leftovers and all(name.startswith(".new.db.") for name in leftovers)   # .new.db.XXXX.new, -wal, -shm
    assert not (workdir / "new.db").exists()
    _age(workdir)
    (workdir / "glossary.tsv").write_text("Internet Governance Forum\t因特网治理论坛\n", encoding="utf-8")
    result = run_cli("termbase", "import", "new.db", "glossary.tsv")
    assert result.exit_code == 0, result.output
    assert _hidden_leftovers(workdir) == []
    with Termbase.open(workdir / "new.db") as tb:
        assert sorted(t.text for c in tb.concepts() for t in c.terms) == ["Internet Governance Forum", "因特网治理论坛"]


def test_leftovers_are_also_cleared_when_the_termbase_exists(run_cli, workdir: Path) -> None:
    for suffix in ("", "-wal", "-shm"):      # as a creator killed earlier left them
        (workdir / f".terms.db.abcd1234.new{suffix}").write_bytes(b"")
    _age(workdir)
    assert run_cli("lookup", "数字鸿沟", "-t", "terms.db").exit_code == 0
    assert _hidden_leftovers(workdir) == []


def test_the_file_of_a_living_creator_is_left_alone(workdir: Path) -> None:
    import fcntl

    living = workdir / ".terms.db.abcd1234.new"
    with open(living, "wb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)        # what a creator holds while it works
        _age(workdir)
        Termbase.open(workdir / "terms.db").close()
        assert living.exists()
    Termbase.open(workdir / "terms.db").close()
    assert not living.exists()


def test_a_killed_atomic_write_leaves_nothing_for_good(run_cli, workdir: Path) -> None:
    stale = workdir / ".paragraphs.txt.k1ll3d00.tmp"       # what `read -o paragraphs.txt` left when killed
    stale.write_text("half a file", encoding="utf-8")
    _age(workdir)
    assert run_cli("read", "resolution.en.txt", "-o", "paragraphs.txt").exit_code == 0
    assert _hidden_leftovers(workdir) == []
