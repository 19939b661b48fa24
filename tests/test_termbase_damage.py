"""A termbase whose pages are damaged, and one in a read-only folder or file (issue 13, items 4 and 6).

Damaged: every command says in one line that the file is damaged and how to recover, and
changes nothing. Read-only: reading works (lookup, show, versions, export); writers say the
folder or the file is read-only, before any work. Permissions are exercised for real, in a
child process to which they apply (see test_outputs.run_as_user).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from termalign.align.bitext import BeadRecord, write_jsonl
from termalign.glossary.concepts import Concept, Term
from termalign.glossary.termbase import Termbase
from test_outputs import permissions_apply, run_as_user  # noqa: F401  (a fixture and a helper)

PAGE = 4096
SESSIONS = 400     # enough concepts for a termbase of some sixty pages


def _build(path: Path) -> None:
    concepts = [Concept(id=None, terms=[Term("zh", "因特网治理论坛", "preferred"),
                                        Term("en", "Internet Governance Forum", "preferred")]),
                Concept(id=None, terms=[Term("zh", "数字鸿沟", "candidate"), Term("en", "digital divide", "candidate")])]
    concepts += [Concept(id=None, terms=[Term("zh", f"因特网治理论坛第{n}届会议", "preferred"),
                                         Term("en", f"session {n} of the Internet Governance Forum", "preferred")])
                 for n in range(1, SESSIONS)]
    with Termbase.open(path, create=True) as tb:
        tb.commit_import(concepts, note="UNTERM extract")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sound_termbase(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once; each test damages or locks away its own copy."""
    path = tmp_path_factory.mktemp("sound") / "terms.db"
    _build(path)
    return path


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sound_termbase: Path) -> Path:
    shutil.copyfile(sound_termbase, tmp_path / "terms.db")
    pairs = [("因特网治理论坛为多利益攸关方对话提供了平台。", "The Internet Governance Forum offers a platform for dialogue.")]
    with open(tmp_path / "aligned.jsonl", "w", encoding="utf-8") as handle:
        write_jsonl([BeadRecord(doc="A/RES/81/999", level="sentence", zh_ids=["p1.s1"], en_ids=["p1.s1"], zh=zh,
                                en=en, type="1-1", score=0.82, zh_paragraphs=["1"], en_paragraphs=["1"])
                     for zh, en in pairs], handle)
    (tmp_path / "glossary.tsv").write_text("early warning system\t预警系统\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _damage(path: Path, fill: bytes) -> None:
    """Overwrite two whole pages in the middle of PATH, as a failing disk or a cut copy would."""
    pages = path.stat().st_size // PAGE
    assert pages > 20, "the fixture termbase should span many pages"
    with open(path, "r+b") as handle:
        handle.seek(pages // 2 * PAGE)
        handle.write(fill * (2 * PAGE))


def _damage_table(path: Path, table: str) -> None:
    """Overwrite one leaf page in the middle of TABLE's rows, which every read of its rows meets."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        pages = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                                                "ORDER BY pageno", (table,))]
    except sqlite3.OperationalError as exc:
        pytest.skip(f"this SQLite has no dbstat table to find the pages of {table} ({exc})")
    finally:
        conn.close()
    assert len(pages) > 3
    with open(path, "r+b") as handle:
        handle.seek((pages[len(pages) // 2] - 1) * PAGE)
        handle.write(b"\xff" * PAGE)


def _assert_damage_reported(result) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("termalign: error: terms.db is damaged"), result.stderr
    assert "Restore an earlier copy" in lines[0] and "termalign termbase salvage terms.db NEW.db" in lines[0]
    assert "Traceback" not in result.output


COMMANDS = [
    ["termbase", "export", "terms.db", "--format", "tsv", "-o", "out.tsv"],
    ["termbase", "export", "terms.db", "--format", "tbx"],
    ["termbase", "approve", "terms.db", "数字鸿沟"],
    ["termbase", "import", "terms.db", "glossary.tsv"],
    ["mine", "aligned.jsonl", "-t", "terms.db", "--no-similarity", "--min-count", "1"],
    ["lookup", "因特网治理论坛", "-t", "terms.db"],
    ["termbase", "versions", "terms.db"],
]


@pytest.mark.parametrize("fill", [b"\xff", b"\x00"], ids=["ones", "zeros"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_damaged_pages_are_reported_and_nothing_is_changed(run_cli, workdir: Path, args: list[str],
                                                           fill: bytes) -> None:
    _damage(workdir / "terms.db", fill)
    before = _digest(workdir / "terms.db")
    _assert_damage_reported(run_cli(*args))
    assert _digest(workdir / "terms.db") == before
    assert not (workdir / "out.tsv").exists()


@pytest.mark.parametrize("args", [COMMANDS[0], COMMANDS[1], COMMANDS[5]], ids=lambda a: " ".join(a[:2]))
def test_damage_met_by_a_query_after_opening_is_reported_alike(run_cli, workdir: Path, args: list[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # A reader of a large termbase does not check every page on opening: the query meets the damage.
    import termalign.glossary.termbase as termbase

    monkeypatch.setattr(termbase, "CHECK_READERS_UP_TO", 0)
    _damage_table(workdir / "terms.db", "terms")
    _assert_damage_reported(run_cli(*args))


def test_a_sound_termbase_opens_as_before(run_cli, workdir: Path) -> None:
    result = run_cli("lookup", "因特网治理论坛", "-t", "terms.db")
    assert result.exit_code == 0 and "Internet Governance Forum" in result.stdout


# ------------------------------------------------------------------ salvage

def _export(run_cli, tb: str) -> str:
    result = run_cli("termbase", "export", tb, "--format", "tsv", "--include-candidates")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_salvage_keeps_every_readable_row_of_a_damaged_termbase(run_cli, workdir: Path) -> None:
    """What the damage message advises works: a leaf page of terms is lost, the rest is saved, and
    the saved termbase serves lookups and writes again."""
    original = _export(run_cli, "terms.db").splitlines()
    _damage_table(workdir / "terms.db", "terms")
    before = _digest(workdir / "terms.db")
    result = run_cli("termbase", "salvage", "terms.db", "saved.db")
    assert result.exit_code == 0, result.output
    assert _digest(workdir / "terms.db") == before                  # the damaged file is only read
    report = {line.split(":")[0].strip(): line for line in result.stderr.splitlines()}
    assert "unreadable" in report["terms"] and "whose references were lost" in report["term_states"]
    unreadable = int(report["terms"].split(", ")[1].split()[0])
    kept = int(report["terms"].split(":")[1].split()[0].replace(",", ""))
    assert kept + unreadable == 2 * (SESSIONS + 1) and 0 < unreadable < kept
    saved = _export(run_cli, "saved.db").splitlines()
    assert set(saved) < set(original) and len(saved) > len(original) // 2
    lookup = run_cli("lookup", "因特网治理论坛", "-t", "saved.db")
    assert lookup.exit_code == 0 and "Internet Governance Forum" in lookup.stdout
    assert run_cli("termbase", "approve", "saved.db", "数字鸿沟").exit_code == 0
    versions = run_cli("termbase", "versions", "saved.db").stdout
    assert "UNTERM extract" in versions and "v2" in versions


def test_salvage_of_a_sound_termbase_is_a_full_copy(run_cli, workdir: Path) -> None:
    result = run_cli("termbase", "salvage", "terms.db", "saved.db")
    assert result.exit_code == 0 and "no damage met, nothing lost" in result.stderr
    assert _export(run_cli, "saved.db") == _export(run_cli, "terms.db")
    shown = run_cli("termbase", "show", "saved.db", "C000401").stdout
    assert "session 399 of the Internet Governance Forum" in shown


@pytest.mark.parametrize("args, message", [
    (["termbase", "salvage", "terms.db", "terms.db"], "never writes into the damaged file"),
    (["termbase", "salvage", "glossary.tsv", "saved.db"], "not an SQLite file"),
    (["termbase", "salvage", "missing.db", "saved.db"], "does not exist"),
], ids=["same file", "not a termbase", "missing"])
def test_salvage_refuses_in_one_line_and_leaves_no_file(run_cli, workdir: Path, args: list[str],
                                                        message: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (workdir / "saved.db").exists()


# ------------------------------------------------------------------ read-only termbases

READERS = [
    (["lookup", "因特网治理论坛", "-t", "terms.db"], "Internet Governance Forum"),
    (["termbase", "show", "terms.db", "C000001"], "Internet Governance Forum"),
    (["termbase", "versions", "terms.db"], "UNTERM extract"),
    (["termbase", "export", "terms.db", "--format", "tsv"], "因特网治理论坛\tInternet Governance Forum"),
]
WRITERS = [
    ["termbase", "approve", "terms.db", "数字鸿沟"],
    ["termbase", "import", "terms.db", "glossary.tsv"],
    ["mine", "aligned.jsonl", "-t", "terms.db", "--no-similarity", "--min-count", "1"],
]


@pytest.fixture
def read_only_folder(workdir: Path, permissions_apply) -> Path:  # noqa: F811
    """terms.db in a folder this test's commands may read but not write."""
    folder = workdir / "library"
    folder.mkdir()
    shutil.move(workdir / "terms.db", folder / "terms.db")
    for name in ("aligned.jsonl", "glossary.tsv"):
        shutil.copyfile(workdir / name, folder / name)
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("args, expected", READERS, ids=lambda a: " ".join(a[:2]) if isinstance(a, list) else "")
def test_a_termbase_in_a_read_only_folder_can_be_read(read_only_folder: Path, args: list[str],
                                                      expected: str) -> None:
    before = sorted(os.listdir(read_only_folder))
    child = run_as_user(*args, cwd=read_only_folder)
    assert child.returncode == 0, child.stderr
    assert expected in child.stdout
    assert sorted(os.listdir(read_only_folder)) == before


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: " ".join(a[:2]))
def test_writers_say_the_folder_is_read_only(read_only_folder: Path, args: list[str]) -> None:
    line = _refused_write(read_only_folder, args)
    assert line.startswith("termalign: error: cannot change the termbase: ")
    assert "terms.db is in a read-only folder" in line


def _refused_write(folder: Path, args: list[str]) -> str:
    """The one-line error of a writer run in FOLDER, which must leave terms.db as it was."""
    before = _digest(folder / "terms.db")
    child = run_as_user(*args, cwd=folder)
    lines = child.stderr.splitlines()
    assert child.returncode == 2, child.stderr
    assert len(lines) == 1, child.stderr
    assert _digest(folder / "terms.db") == before
    return lines[0]


@pytest.fixture
def read_only_file(workdir: Path, permissions_apply) -> Path:  # noqa: F811
    (workdir / "terms.db").chmod(0o444)
    yield workdir
    (workdir / "terms.db").chmod(0o644)


@pytest.mark.parametrize("args, expected", READERS, ids=lambda a: " ".join(a[:2]) if isinstance(a, list) else "")
def test_a_read_only_termbase_file_can_be_read(read_only_file: Path, args: list[str], expected: str) -> None:
    child = run_as_user(*args, cwd=read_only_file)
    assert child.returncode == 0, child.stderr
    assert expected in child.stdout


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: " ".join(a[:2]))
def test_writers_say_the_file_is_read_only(read_only_file: Path, args: list[str]) -> None:
    assert "cannot change the termbase: terms.db is a read-only file" in _refused_write(read_only_file, args)
