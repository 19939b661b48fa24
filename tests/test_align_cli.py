"""`termalign align` end to end: presplit round trip, formats, errors, verdicts."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from align_fixtures import EN, GOLD, ZH

REPO = Path(__file__).resolve().parent.parent


def scorer():
    spec = importlib.util.spec_from_file_location("score_alignment", REPO / "scripts" / "score_alignment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def presplit(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    zh, en = tmp_path / "doc.zh", tmp_path / "doc.en"
    zh.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    # blank lines are not segments: the indices count non-blank lines
    en.write_text("\n\n".join(EN) + "\n", encoding="utf-8")
    return zh, en


@pytest.mark.slow
def test_presplit_beads_round_trip_scores_perfectly(run_cli, presplit, tmp_path):
    zh, en = presplit
    gold_dir, test_dir = tmp_path / "gold", tmp_path / "test"
    gold_dir.mkdir()
    (gold_dir / "doc.align").write_text(GOLD, encoding="utf-8")
    result = run_cli("align", zh, en, "--presplit", "--format", "beads", "--no-cache",
                     "-o", test_dir / "doc.align")
    assert result.exit_code == 0, result.output
    assert "1-1" in result.stderr and "low-confidence" in result.stderr
    res = scorer().score_dirs(gold_dir, test_dir)
    assert res["f1_strict"] == 1.0 and res["precision_strict"] == 1.0


def test_scorer_counts_omissions_in_precision_only():
    sa = scorer()
    gold = sa.parse_beads(GOLD)
    test = sa.parse_beads("[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3, 4]:[3]\n[]:[4]\n[5]:[5]\n")
    res = sa.score([(gold, test)])
    # test: 7 beads, 5 exact (0, 2-omission, 3-4, 4-omission, 5); [1]:[1] is lax; [] : [2] misses
    assert res["precision_strict"] == pytest.approx(5 / 7)
    assert res["precision_lax"] == pytest.approx(6 / 7)
    # recall over the 4 gold beads with both sides: [1]:[1, 2] is lax only
    assert res["recall_strict"] == pytest.approx(3 / 4)
    assert res["recall_lax"] == pytest.approx(1.0)


@pytest.mark.slow
def test_jsonl_and_tsv_carry_texts_types_and_scores(run_cli, presplit, tmp_path):
    zh, en = presplit
    out = tmp_path / "doc.jsonl"
    assert run_cli("align", zh, en, "--presplit", "--format", "jsonl", "-o", out).exit_code == 0
    from termalign.align.bitext import read_jsonl

    records = list(read_jsonl(out))
    assert [r.type for r in records] == ["1-1", "1-2", "1-0", "2-1", "0-1", "1-1"]
    assert records[1].en == f"{EN[1]} {EN[2]}" and records[3].zh == ZH[3] + ZH[4]
    tsv = run_cli("align", zh, en, "--presplit")
    header, *rows = tsv.stdout.splitlines()
    assert header.split("\t")[:4] == ["zh", "en", "type", "score"]
    assert rows[0].split("\t")[2] == "1-1" and float(rows[0].split("\t")[3]) > 0.6


@pytest.mark.slow
def test_the_output_name_chooses_the_format(run_cli, presplit, tmp_path):
    """`-o res.tmx` writes TMX and `-o res.jsonl` JSON lines, as a new user expects; --format still wins."""
    zh, en = presplit
    assert run_cli("align", zh, en, "--presplit", "-o", tmp_path / "doc.tmx").exit_code == 0
    tmx = (tmp_path / "doc.tmx").read_text(encoding="utf-8")
    assert tmx.startswith("<?xml") and "<tu" in tmx and ZH[0] in tmx
    assert run_cli("align", zh, en, "--presplit", "-o", tmp_path / "doc.jsonl").exit_code == 0
    first = json.loads((tmp_path / "doc.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["zh"] == ZH[0] and first["type"] == "1-1"
    assert run_cli("align", zh, en, "--presplit", "--format", "tsv", "-o", tmp_path / "doc.tmx").exit_code == 0
    assert (tmp_path / "doc.tmx").read_text(encoding="utf-8").startswith("zh\ten\ttype")


@pytest.mark.slow
def test_unrelated_texts_warn_and_exit_1(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    zh, en = tmp_path / "a.zh", tmp_path / "b.en"
    zh.write_text("今天早上下了一场大雨。\n孩子们在公园里放风筝。\n这家餐馆的面条很好吃。\n", encoding="utf-8")
    en.write_text("The Council adopted the budget.\nThe Committee approved the draft without a vote.\n"
                  "The report shall be submitted next year.\n", encoding="utf-8")
    result = run_cli("align", zh, en, "--presplit", "-o", tmp_path / "out.tsv")
    assert result.exit_code == 1
    assert "do not look like translations" in result.stderr


@pytest.mark.slow
def test_another_resolution_on_the_same_subject_is_reported(run_cli, shared_dir, tmp_path, monkeypatch):
    """The commonest wrong pair: last session's Chinese resolution with this session's English one."""
    from importlib import resources

    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    zh = shared_dir / "seeds" / "000_9a74de5be30c5b67.txt"
    with resources.as_file(resources.files("termalign") / "examples" / "resolution.en.txt") as en:
        result = run_cli("align", zh, en, "-o", tmp_path / "out.tsv")
    assert result.exit_code == 1
    assert "do not look like translations" in result.stderr


def test_user_mistakes_exit_2_with_one_line(run_cli, presplit, tmp_path):
    zh, en = presplit
    result = run_cli("align", zh, en, "--format", "beads")
    assert result.exit_code == 2 and "--presplit" in result.stderr
    result = run_cli("align", en, zh, "--presplit")      # languages swapped
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = run_cli("align", tmp_path / "missing.zh", en, "--presplit")
    assert result.exit_code == 2


@pytest.mark.slow
def test_example_resolution_aligns_by_paragraph_and_sentence(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    examples = REPO / "termalign" / "examples"
    out = tmp_path / "res.jsonl"
    result = run_cli("align", examples / "resolution.zh.txt", examples / "resolution.en.txt",
                     "--format", "jsonl", "-o", out)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    operative = [r for r in records if r["kind"] == "operative" and r["type"] == "1-1"]
    assert operative and all(r["zh_paragraphs"] == r["en_paragraphs"] for r in operative)
    assert sum(r["low_confidence"] for r in records) < len(records) / 5


@pytest.mark.slow
def test_long_pdf_pair_aligns_without_a_crash(run_cli, tmp_path, monkeypatch):
    """A 23/26-page resolution pair laid out by LibreOffice once stopped with
    "no path through the band": a run of unaligned paragraphs left the refine
    band cut in two (issue 14)."""
    import shutil

    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("LibreOffice (soffice) and pdftotext are needed to lay out the PDF pair")
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    spec = importlib.util.spec_from_file_location("make_document_fixtures",
                                                  REPO / "scripts" / "make_document_fixtures.py")
    make = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, make)     # its dataclasses look themselves up there
    spec.loader.exec_module(make)
    make.build(make.WATER, tmp_path, 26, "water_long")
    zh, en = tmp_path / "water_long_C.pdf", tmp_path / "water_long_E.pdf"
    out = tmp_path / "long.jsonl"
    result = run_cli("align", zh, en, "--format", "jsonl", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    one_one = [r for r in records if r["type"] == "1-1"]
    assert len(records) > 300 and len(one_one) > 0.6 * len(records)
    assert any("淡水生态系统" in r["zh"] and "freshwater ecosystems" in r["en"] for r in one_one)


@pytest.mark.slow
def test_two_different_resolutions_at_sentence_level_warn_instead_of_crashing(run_cli, tmp_path, monkeypatch):
    """Digital public infrastructure (zh) against freshwater ecosystems (en): once a traceback
    ("no path through the band"), now the unrelated-texts warning, exit 1, and a complete output."""
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    documents = REPO / "tests" / "fixtures" / "documents"
    out = tmp_path / "out.jsonl"
    result = run_cli("align", documents / "dpi_C.txt", documents / "water_E.txt", "--level", "sentence",
                     "--format", "jsonl", "-o", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "do not look like translations" in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and sum(r["low_confidence"] for r in records) > len(records) / 3
