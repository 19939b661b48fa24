"""Bad input on the command line: exit code 2, one line on stderr, and nothing written or lost.

Each case is a mistake a translator makes (a wrong file, a folder, a Latin-1 or
binary file, a hand-edited alignment, `-o` naming an input, an output where
nothing can be written). The files are made fresh in a temporary folder; the
folder must hold exactly the same files, with the same content, afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from termalign.align.bitext import BeadRecord, write_jsonl
from termalign.glossary.concepts import Concept, Term

PAIRS = [
    ("大会重申必须弥合各国之间和国家内部的数字鸿沟。",
     "The General Assembly reaffirms the need to bridge the digital divide between and within countries."),
    ("会员国应加强覆盖所有人的早期预警系统。",
     "Member States should strengthen early warning systems that reach everyone."),
    ("互联网治理论坛为多利益攸关方对话提供了平台。",
     "The Internet Governance Forum offers a platform for multi-stakeholder dialogue."),
]


def _record(zh: str, en: str, n: int) -> dict:
    return json.loads(BeadRecord(doc="A/RES/81/999", level="sentence", zh_ids=[f"p{n}.s1"], en_ids=[f"p{n}.s1"],
                                 zh=zh, en=en, type="1-1", score=0.82,
                                 zh_paragraphs=[str(n)], en_paragraphs=[str(n)]).to_json())


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of good and bad inputs, made the current directory."""
    from termalign.glossary.termbase import Termbase

    examples = resources.files("termalign") / "examples"
    for name in ("resolution.zh.txt", "resolution.en.txt", "resolution-2025.zh.txt"):
        with resources.as_file(examples / name) as path:
            shutil.copyfile(path, tmp_path / name)
    (tmp_path / "notes.txt").write_text("Notes for the meeting of the Second Committee.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("Résolution adoptée par l'Assemblée générale\n".encode("latin-1"))
    (tmp_path / "program.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "folder").mkdir()
    with open(tmp_path / "good.jsonl", "w", encoding="utf-8") as handle:
        write_jsonl([BeadRecord.from_dict(_record(zh, en, n)) for n, (zh, en) in enumerate(PAIRS, 1)], handle)
    (tmp_path / "broken.jsonl").write_text('{"doc": "A/RES/81/999", "zh": \n', encoding="utf-8")
    bad_score = _record(*PAIRS[0], 1) | {"score": "high"}
    (tmp_path / "edited.jsonl").write_text(json.dumps(bad_score, ensure_ascii=False) + "\n", encoding="utf-8")
    bad_ids = _record(*PAIRS[0], 1) | {"zh_ids": "p1.s1"}
    (tmp_path / "ids.jsonl").write_text(json.dumps(bad_ids, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "frde.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="fr"/><body>'
        '<tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="de"><seg>Guten Tag</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    (tmp_path / "glossary.tsv").write_text("digital divide\t数字鸿沟\n", encoding="utf-8")
    with Termbase.open(tmp_path / "terms.db", create=True) as tb:
        tb.commit_import([Concept(id=None, terms=[Term("zh", "数字鸿沟", "preferred"),
                                                  Term("en", "digital divide", "preferred")])], note="test")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def _assert_one_line_error(result, expected: str) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("termalign: error: "), result.stderr
    assert expected in lines[0]


CASES = [
    # -o naming an input would replace the input by the result
    (["read", "notes.txt", "-o", "notes.txt"], "notes.txt is also an input"),
    (["read", "notes.txt", "-o", "./notes.txt"], "is also an input"),
    (["tmx", "good.jsonl", "-o", "good.jsonl"], "good.jsonl is also an input"),
    (["lookup", "数字鸿沟", "-t", "terms.db", "-o", "terms.db"], "terms.db is also an input"),
    (["termbase", "versions", "terms.db", "-o", "terms.db"], "terms.db is also an input"),
    (["termbase", "diff", "terms.db", "0", "1", "-o", "terms.db"], "terms.db is also an input"),
    (["termbase", "show", "terms.db", "C000001", "-o", "terms.db"], "terms.db is also an input"),
    (["termbase", "export", "terms.db", "--format", "tsv", "-o", "terms.db"], "terms.db is also an input"),
    (["qa", "--bitext", "good.jsonl", "--json", "good.jsonl"], "good.jsonl is also an input"),
    (["qa", "--bitext", "good.jsonl", "--termbase", "terms.db", "-o", "terms.db"], "terms.db is also an input"),
    (["qa", "resolution.zh.txt", "resolution.en.txt", "--csv", "resolution.en.txt"], "is also an input"),
    (["drift", "resolution-2025.zh.txt", "resolution.zh.txt", "--termbase", "terms.db", "-o", "terms.db"],
     "terms.db is also an input"),
    (["drift", "resolution-2025.zh.txt", "resolution.zh.txt", "--json", "resolution.zh.txt"], "is also an input"),
    (["align", "resolution.zh.txt", "resolution.en.txt", "-o", "resolution.en.txt"], "is also an input"),
    # the two documents the wrong way round
    (["align", "resolution.en.txt", "resolution.zh.txt"], "give the Chinese file first"),
    (["align", "resolution.zh.txt", "resolution-2025.zh.txt"], "both files look Chinese"),
    (["align", "notes.txt", "resolution.en.txt"], "both files look English"),
    (["align", "resolution.zh.txt", "resolution.en.txt", "--min-score", "0.5"], "apply to --format tmx only"),
    # outputs that cannot be written: a folder, or a path under a plain file
    (["align", "resolution.zh.txt", "resolution.en.txt", "-o", "folder"], "folder is a folder"),
    (["tmx", "good.jsonl", "-o", "folder"], "folder is a folder"),
    (["qa", "--bitext", "good.jsonl", "-o", "folder"], "folder is a folder"),
    (["drift", "resolution-2025.zh.txt", "resolution.zh.txt", "-o", "folder"], "folder is a folder"),
    (["read", "notes.txt", "-o", "notes.txt/out.txt"], "cannot write notes.txt/out.txt"),
    (["lookup", "数字鸿沟", "-t", "terms.db", "-o", "notes.txt/out.txt"], "cannot write"),
    (["termbase", "export", "terms.db", "-o", "notes.txt/terms.tbx"], "cannot write"),
    (["qa", "--bitext", "good.jsonl", "-o", "report.html", "--json", "notes.txt/r.json"], "cannot write"),
    (["mine", "good.jsonl", "-t", "notes.txt/terms.db", "--no-similarity"], "cannot create termbase"),
    (["termbase", "import", "notes.txt/terms.db", "glossary.tsv"], "cannot create termbase"),
    # alignments that are not UTF-8, or were edited by hand
    (["tmx", "latin1.txt"], "latin1.txt: not UTF-8 text"),
    (["tmx", "program.bin"], "program.bin: not UTF-8 text"),
    (["mine", "latin1.txt", "-t", "new.db", "--no-similarity"], "not UTF-8 text"),
    (["qa", "--bitext", "program.bin"], "not UTF-8 text"),
    (["tmx", "edited.jsonl"], "field 'score' should be a number"),
    (["tmx", "edited.jsonl", "--min-score", "0.5"], "field 'score' should be a number"),
    (["qa", "--bitext", "edited.jsonl"], "field 'score' should be a number"),
    (["qa", "--bitext", "ids.jsonl"], "field 'zh_ids' should be a list of strings"),
    (["mine", "ids.jsonl", "-t", "new.db", "--no-similarity"], "field 'zh_ids'"),
    (["tmx", "broken.jsonl"], "broken.jsonl:1: not an alignment record"),
    (["qa", "--bitext", "folder"], "folder is a folder"),
    # a memory in other languages: no option exists to choose them, so none may be suggested
    (["mine", "frde.tmx", "-t", "new.db", "--no-similarity"], "give a memory with zh and en units"),
    # the same input twice would count its evidence twice
    (["mine", "good.jsonl", "./good.jsonl", "-t", "new.db", "--no-similarity"], "good.jsonl is given twice"),
    (["drift", "resolution.zh.txt", "resolution.zh.txt"], "resolution.zh.txt is given twice"),
    # nothing to mine: one line, not a "skipped" note followed by the error
    (["mine", "empty.txt", "-t", "new.db", "--no-similarity"], "no aligned units to mine in empty.txt"),
    # a wrong termbase is refused before the documents are aligned (so before the encoder is loaded)
    (["qa", "resolution.zh.txt", "resolution.en.txt", "--termbase", "missing.db", "--model", "no-such-encoder"],
     "termbase missing.db not found"),
    (["qa", "resolution.zh.txt", "resolution.en.txt", "--termbase", "notes.txt", "--model", "no-such-encoder"],
     "notes.txt is not a termbase"),
    # suggested commands must work when pasted: quote a term of several words
    (["termbase", "show", "terms.db", "digital gap"], "`termalign lookup 'digital gap' --fuzzy --termbase terms.db`"),
    # a wrong encoder is refused before any work is done or written
    (["mine", "good.jsonl", "-t", "new.db", "--model", "no-such-encoder"], "unknown model spec"),
    (["mine", "good.jsonl", "-t", "new.db", "--model", "st:/no/such/folder"], "no model folder /no/such/folder"),
    (["models", "--check", "st:./no-such-folder"], "no model folder ./no-such-folder"),
    (["demo", "-o", "demo", "--model", "no-such-encoder"], "unknown model spec"),
]


@pytest.mark.parametrize("args, expected", CASES, ids=[" ".join(args) for args, _ in CASES])
def test_bad_input_is_one_line_and_writes_nothing(run_cli, workdir: Path, args: list[str], expected: str) -> None:
    before = _snapshot(workdir)
    _assert_one_line_error(run_cli(*args), expected)
    assert _snapshot(workdir) == before


def test_lookup_refuses_stdin_that_is_not_utf8(run_cli, workdir: Path) -> None:
    result = run_cli("lookup", "-", "-t", "terms.db", input="digital divide\ncafé\n".encode("latin-1"))
    _assert_one_line_error(result, "line 2 of stdin is not UTF-8 text")


def test_lookup_reads_utf8_stdin_with_a_bom(run_cli, workdir: Path) -> None:
    result = run_cli("lookup", "-", "-t", "terms.db", input="\ufeff数字鸿沟\n\ndigital divide\n".encode("utf-8"))
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query"].strip() for a in answers] == ["数字鸿沟", "digital divide"]
    assert all(a["hits"] for a in answers)


@pytest.mark.slow
def test_demo_into_an_unwritable_folder(run_cli, workdir: Path) -> None:
    before = _snapshot(workdir)
    _assert_one_line_error(run_cli("demo", "-o", "notes.txt/demo"), "cannot make the folder")
    assert _snapshot(workdir) == before


def test_outputs_are_readable_like_any_new_file(run_cli, workdir: Path) -> None:
    # the temporary file of an atomic write is private; the result must not stay so
    umask = os.umask(0o022)
    try:
        assert run_cli("read", "notes.txt", "-o", "notes.paragraphs.txt").exit_code == 0
        assert (workdir / "notes.paragraphs.txt").stat().st_mode & 0o777 == 0o644
        os.chmod("notes.paragraphs.txt", 0o664)
        assert run_cli("read", "notes.txt", "-o", "notes.paragraphs.txt").exit_code == 0
        assert (workdir / "notes.paragraphs.txt").stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(umask)


def test_read_only_folder_is_refused_before_any_output(run_cli, workdir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # tests may run as root, for whom every folder is writable: play a read-only "reports" folder
    (workdir / "reports").mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path).name != "reports" and real_access(path, mode))
    before = _snapshot(workdir)
    result = run_cli("qa", "--bitext", "good.jsonl", "-o", "report.html", "--json", "reports/qa.json")
    _assert_one_line_error(result, "reports is not a folder you can write to")
    assert _snapshot(workdir) == before


@pytest.mark.skipif(sys.platform == "win32", reason="select() on pipes is POSIX")
def test_lookup_answers_each_stdin_query_at_once(workdir: Path) -> None:
    # an editor macro keeps one `lookup -` running and waits for each answer: a block-buffered
    # stdout would keep the answer back until the macro closed the pipe
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    process = subprocess.Popen([sys.executable, "-c", "from termalign.cli import main; main()",
                                "lookup", "-", "-t", "terms.db"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        process.stdin.write("数字鸿沟\n".encode("utf-8"))
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "no answer while stdin was still open"
        assert json.loads(process.stdout.readline())["hits"]
    finally:
        process.stdin.close()
        process.wait(timeout=60)


def test_library_errors_are_told_in_the_command_line_s_own_flags(tmp_path, run_cli):
    zh = tmp_path / "res.zh.txt"
    zh.write_text("大会，\n回顾其关于信息和通信技术促进可持续发展的各项决议，\n1. 鼓励会员国加强数字合作。\n", encoding="utf-8")
    result = run_cli("read", zh, "--lang", "en")
    assert result.exit_code == 2
    assert "looks Chinese but English was expected" in result.stderr
    assert "pass --lang zh" in result.stderr
    result = run_cli("read", zh, "--lang", "fr")
    assert result.exit_code == 2
