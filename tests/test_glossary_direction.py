"""Glossaries follow the direction the translator works in, zh→en or en→zh (issue 15).

A termbase remembers the project's source language (from `--src-lang`, or from
its first import); TSV and CSV exports put that language first; a TSV whose
columns are the other way round is recognised by its script and read correctly.
"""

from __future__ import annotations

import csv
import io

import pytest

from termalign.glossary.formats.direction import file_src_lang
from termalign.glossary.formats.tsv import column_langs

ZH_EN = ("因特网治理论坛\tInternet Governance Forum\t\n"
         "可持续发展目标\tSustainable Development Goals\tA/RES/70/1\n"
         "最不发达国家\tleast developed countries\t\n"
         "信通技术\tICT\t\n")
EN_ZH = "".join(f"{line.split(chr(9))[1]}\t{line.split(chr(9))[0]}\t\n" for line in ZH_EN.splitlines())


def tsv_rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line]


@pytest.mark.parametrize("text, langs", [(ZH_EN, ("zh", "en")), (EN_ZH, ("en", "zh")),
                                         ("UNESCO\tUNESCO\n会员国\t会员国\n", None)])
def test_tsv_columns_are_told_by_their_script(tmp_path, text, langs):
    path = tmp_path / "g.txt"
    path.write_text(text, encoding="utf-8")
    assert column_langs(path) == langs
    assert file_src_lang("tsv", path) == (langs[0] if langs else None)


@pytest.mark.parametrize("text, src", [(ZH_EN, "zh"), (EN_ZH, "en")])
def test_first_import_sets_the_direction_of_later_exports(tmp_path, run_cli, text, src):
    glossary, tb = tmp_path / "omegat-glossary.txt", tmp_path / "un.db"
    glossary.write_text(text, encoding="utf-8")
    result = run_cli("termbase", "import", tb, glossary)
    assert result.exit_code == 0, result.output
    assert f"read as a {src}→" in result.stderr
    exported = run_cli("termbase", "export", tb, "--format", "tsv")
    assert exported.exit_code == 0 and f"{src}→" in exported.stderr
    rows = tsv_rows(exported.stdout)
    first = {"zh": "因特网治理论坛", "en": "Internet Governance Forum"}[src]
    second = {"zh": "Internet Governance Forum", "en": "因特网治理论坛"}[src]
    assert [first, second] in [r[:2] for r in rows]
    assert len(rows) == 4 and all(r[2].startswith("C0000") for r in rows)
    # CSV too: the header names the source language first.
    table = list(csv.reader(io.StringIO(run_cli("termbase", "export", tb, "--format", "csv").stdout)))
    assert table[0][:2] == [src, "en" if src == "zh" else "zh"]
    assert [first, second] in [r[:2] for r in table[1:]]


def test_swapped_tsv_columns_are_read_correctly_with_a_notice(tmp_path, run_cli):
    glossary, tb = tmp_path / "g.txt", tmp_path / "un.db"
    glossary.write_text(ZH_EN, encoding="utf-8")
    # The user says en, the file is zh-first: the script wins, and the user is told.
    result = run_cli("termbase", "import", tb, glossary, "--src-lang", "en")
    assert result.exit_code == 0, result.output
    assert "the first column is Chinese" in result.stderr and "read it as a zh→en" in result.stderr
    found = run_cli("lookup", "-t", tb, "因特网治理论坛", "--format", "json")
    assert "Internet Governance Forum" in found.stdout
    rows = tsv_rows(run_cli("termbase", "export", tb, "--format", "tsv").stdout)
    assert ["因特网治理论坛", "Internet Governance Forum"] in [r[:2] for r in rows]


def test_an_explicit_src_lang_is_remembered_and_the_default_is_zh(tmp_path, run_cli):
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.termbase import Termbase

    tb = tmp_path / "mined.db"
    with Termbase.open(tb, create=True) as base:
        base.commit_import([Concept(id=None, terms=[Term("zh", "会员国", "preferred"), Term("en", "Member States", "preferred")])])
    # Nothing remembered (made by mining or the library): zh first, as `termalign tmx --source zh`.
    assert tsv_rows(run_cli("termbase", "export", tb, "--format", "tsv").stdout)[0][:2] == ["会员国", "Member States"]
    assert tsv_rows(run_cli("termbase", "export", tb, "--format", "tsv", "--src-lang", "en").stdout)[0][:2] == \
        ["Member States", "会员国"]
    # Remembered for the next export, which gives no flag.
    assert tsv_rows(run_cli("termbase", "export", tb, "--format", "tsv").stdout)[0][:2] == ["Member States", "会员国"]
    with Termbase.open(tb) as base:
        assert base.setting("src_lang") == "en"


@pytest.mark.parametrize("src", ["zh", "en"])
def test_csv_for_omegat_has_no_header_and_three_columns(tmp_path, run_cli, src):
    glossary, tb = tmp_path / "g.txt", tmp_path / "un.db"
    glossary.write_text(ZH_EN, encoding="utf-8")
    assert run_cli("termbase", "import", tb, glossary).exit_code == 0
    out = tmp_path / "glossary.csv"
    result = run_cli("termbase", "export", tb, "--for", "omegat", "--src-lang", src, "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 4 and all(len(r) == 3 for r in rows)
    pair = ["因特网治理论坛", "Internet Governance Forum"]
    assert (pair if src == "zh" else pair[::-1]) in [r[:2] for r in rows]
    assert not any(cell in ("zh", "en", "zh_status") for r in rows for cell in r)     # no header row


@pytest.mark.parametrize("fmt", ["tbx3", "xlsx"])
def test_for_omegat_refuses_formats_omegat_cannot_read(tmp_path, run_cli, fmt):
    glossary, tb = tmp_path / "g.txt", tmp_path / "un.db"
    glossary.write_text(ZH_EN, encoding="utf-8")
    assert run_cli("termbase", "import", tb, glossary).exit_code == 0
    result = run_cli("termbase", "export", tb, "--for", "omegat", "--format", fmt, "-o", tmp_path / f"x.{fmt}")
    assert result.exit_code == 2 and "OmegaT does not read" in result.stderr


def test_tbx_and_csv_files_say_their_direction(tmp_path, run_cli):
    tb = tmp_path / "un.db"
    glossary = tmp_path / "g.txt"
    glossary.write_text(EN_ZH, encoding="utf-8")
    assert run_cli("termbase", "import", tb, glossary).exit_code == 0
    tbx, table, sheet = tmp_path / "g.tbx", tmp_path / "g.csv", tmp_path / "g.xlsx"
    for out in (tbx, table, sheet):
        assert run_cli("termbase", "export", tb, "-o", out).exit_code == 0
    assert file_src_lang("tbx", tbx) == file_src_lang("csv", table) == file_src_lang("xlsx", sheet) == "en"
    assert file_src_lang("xlsx", glossary) is None          # not a workbook: the import's reader says so
    # A new termbase made from that TBX remembers en→zh.
    copy = tmp_path / "copy.db"
    assert run_cli("termbase", "import", copy, tbx).exit_code == 0
    assert tsv_rows(run_cli("termbase", "export", copy, "--format", "tsv").stdout)[0][1] in \
        {"因特网治理论坛", "可持续发展目标", "最不发达国家", "信通技术"}
