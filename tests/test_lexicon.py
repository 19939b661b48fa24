"""`TERMALIGN_LEXICON`: a file the user names must be usable, or the command says so in one line."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from termalign.align import lexicon
from termalign.errors import InputError
from test_outputs import _without_permission_override as without_permission_override
from test_outputs import permissions_apply  # noqa: F401  (a fixture)

PAIRS = ("The Internet Governance Forum met in Kyoto.\t因特网治理论坛在京都举行会议。\n"
         "The forum discussed Internet governance.\t论坛讨论了因特网治理问题。\n")


@pytest.fixture
def named(monkeypatch):
    """Name a lexicon file for one test, with the process-wide lexicon forgotten before and after."""
    def name(path) -> None:
        monkeypatch.setenv("TERMALIGN_LEXICON", str(path))
        lexicon.default_lexicon.cache_clear()

    yield name
    lexicon.default_lexicon.cache_clear()


def bad_files(tmp_path):
    """(path, words the error must contain) for each way a named file can be unusable."""
    folder = tmp_path / "pairs"
    folder.mkdir()
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Forum\tcafé déjà\n".encode("latin-1") + b"\xff\xfe\n")
    no_tab = tmp_path / "no-tab.txt"
    no_tab.write_text("The Internet Governance Forum met in Kyoto. 因特网治理论坛在京都举行会议。\n", encoding="utf-8")
    return [(tmp_path / "absent.txt", "does not exist"), (folder, "is a directory"),
            (latin1, "not UTF-8"), (no_tab, "no English<TAB>Chinese line")]


def test_a_named_file_that_cannot_serve_is_an_input_error(named, tmp_path):
    for path, words in bad_files(tmp_path):
        named(path)
        with pytest.raises(InputError) as caught:
            lexicon.default_lexicon()
        message = str(caught.value)
        assert "TERMALIGN_LEXICON" in message and str(path) in message and words in message
        assert "\n" not in message


def test_an_unreadable_file_is_an_input_error(permissions_apply, tmp_path):
    # In a child process to which file permissions apply (root's override dropped, see test_outputs).
    path = tmp_path / "pairs.txt"
    path.write_text(PAIRS * 3, encoding="utf-8")
    path.chmod(0)
    probe = ("from termalign.align import lexicon\n"
             "from termalign.errors import InputError\n"
             "try:\n    lexicon.default_lexicon()\nexcept InputError as exc:\n    print(exc)\n")
    try:
        child = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                               env={**os.environ, "TERMALIGN_LEXICON": str(path)},
                               preexec_fn=without_permission_override if os.geteuid() == 0 else None)
    finally:
        path.chmod(0o600)
    assert child.returncode == 0, child.stderr
    assert "TERMALIGN_LEXICON" in child.stdout and "cannot be read" in child.stdout and str(path) in child.stdout


def test_a_good_file_gives_its_dictionary(named, tmp_path):
    path = tmp_path / "pairs.txt"
    path.write_text(PAIRS * 3, encoding="utf-8")     # every pair three times: the least count that pairs
    named(path)
    learnt = lexicon.default_lexicon()
    assert learnt is not None and ("forum", "论坛") in learnt.pairs


class _Encoder:
    """Stands in for USE-m3 so that the command runs in a moment: vectors by hash of the text."""

    def encode(self, texts):
        out = np.stack([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=16) for t in texts]
                       ) if texts else np.zeros((0, 16))
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32) if len(texts) else out


def test_align_with_a_bad_lexicon_exits_2_with_one_line_and_writes_nothing(run_cli, named, tmp_path,
                                                                          monkeypatch):
    import termalign.models

    monkeypatch.setattr(termalign.models, "load_encoder", lambda *a, **k: _Encoder())
    zh, en, out = tmp_path / "doc.zh", tmp_path / "doc.en", tmp_path / "doc.tsv"
    zh.write_text("注意到因特网治理论坛的工作。\n请秘书长提交一份报告。\n", encoding="utf-8")
    en.write_text("Takes note of the work of the Internet Governance Forum.\n"
                  "Requests the Secretary-General to submit a report.\n", encoding="utf-8")
    for path, words in bad_files(tmp_path):
        named(path)
        result = run_cli("align", zh, en, "--presplit", "-o", out)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("termalign: error: TERMALIGN_LEXICON")
        assert words in lines[0] and "Traceback" not in result.output
        assert not out.exists()
    # the same command with the variable unset aligns both sentences
    monkeypatch.delenv("TERMALIGN_LEXICON")
    lexicon.default_lexicon.cache_clear()
    result = run_cli("align", zh, en, "--presplit", "-o", out)
    assert result.exit_code in (0, 1) and out.read_text(encoding="utf-8").count("\n") >= 2
