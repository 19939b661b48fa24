"""PDF and Word documents read into the same paragraphs as their extracted text (issue 14).

The fixtures are fictional resolutions laid out by LibreOffice
(scripts/make_document_fixtures.py): PDF, DOCX, the text pdftotext -layout
leaves, and the gold paragraphs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from termalign.align.inputs import kind
from termalign.align.reader import _is_furniture, read_document, read_text
from termalign.errors import InputError

DOCS = Path(__file__).parent / "fixtures" / "documents"
FIXTURES = ["dpi_C", "dpi_E", "water_C", "water_E"]
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (libreoffice-writer-nogui) is not installed")


def _paragraphs(path: Path) -> list[tuple]:
    """Kind, number, text and notes of each paragraph; page furniture (a meta line of its own) aside."""
    document = read_document(path, "zh" if path.stem.endswith("_C") else "en")
    return [(p.kind, p.number, p.text, p.notes) for p in document.paragraphs
            if not (p.kind == "meta" and _is_furniture(p.raw.strip()))]


def _gold(name: str) -> list[tuple]:
    return [(g["kind"], g["number"], g["text"], g.get("notes", []))
            for g in json.loads((DOCS / f"{name}.gold.json").read_text(encoding="utf-8"))]


@pytest.mark.parametrize("ext", ["pdf", "docx", "txt"])
@pytest.mark.parametrize("name", FIXTURES)
def test_each_input_kind_reads_into_the_gold_paragraphs(name: str, ext: str) -> None:
    got = _paragraphs(DOCS / f"{name}.{ext}")
    gold = _gold(name)
    # footnotes come where their page ends; the gold keeps them apart
    assert [p for p in got if p[0] != "footnote"] == [g for g in gold if g[0] != "footnote"]
    assert [p[:3] for p in got if p[0] == "footnote"] == [g[:3] for g in gold if g[0] == "footnote"]
    assert sum(p[0] == "operative" for p in got) >= 6


@pytest.mark.parametrize("name", FIXTURES)
def test_pdf_docx_and_text_read_alike(name: str) -> None:
    pdf, docx, txt = (_paragraphs(DOCS / f"{name}.{ext}") for ext in ("pdf", "docx", "txt"))
    body = [[p for p in r if p[0] != "footnote"] for r in (pdf, docx, txt)]
    assert body[0] == body[1] == body[2]
    assert len(body[0]) > 20


def test_pdf_furniture_and_markers_never_reach_the_text() -> None:
    document = read_document(DOCS / "dpi_E.pdf", "en")
    texts = [p.text for p in document.paragraphs]
    assert not any("26-23456" in t or "Please recycle" in t or "*2623456*" in t or t == "A/RES/81/240"
                   for t in texts)
    operative = {p.number: p for p in document.paragraphs if p.kind == "operative"}
    assert operative["3"].text.endswith("South-South and triangular cooperation;")
    assert operative["3"].notes == ["3"]
    assert operative["5"].text == "Stresses the importance of reviewing progress every 2 years at the regional level;"
    assert document.symbol == "A/RES/81/240"


def test_docx_numbering_and_footnotes() -> None:
    document = read_document(DOCS / "water_E.docx", "en")
    numbers = [p.number for p in document.paragraphs if p.kind in ("operative", "subparagraph")]
    assert numbers[:6] == ["1", "2", "(a)", "(b)", "(c)", "(d)"]
    assert numbers[-1] == "16"
    notes = {p.number: p.text for p in document.footnotes()}
    assert notes["2"] == "See IPBES/10/12, para. 12."


def test_format_is_told_by_content_not_name(tmp_path: Path) -> None:
    disguised = tmp_path / "resolution_C.txt"
    disguised.write_bytes((DOCS / "dpi_C.pdf").read_bytes())
    assert kind(disguised.read_bytes()) == "pdf"
    assert _paragraphs(disguised) == _paragraphs(DOCS / "dpi_C.pdf")
    word = tmp_path / "resolution_C.bin"
    word.write_bytes((DOCS / "dpi_C.docx").read_bytes())
    assert _paragraphs(word) == _paragraphs(DOCS / "dpi_C.docx")


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4\nthis is not a PDF body", "damaged PDF"),
    (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
     b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
     "without a text layer"),
    (b"PK\x03\x04 broken zip", "damaged Word file"),
])
def test_bad_documents_get_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_document(path, "en")
    assert "\n" not in str(info.value)


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a document")
    with pytest.raises(InputError, match="not a Word document"):
        read_document(path, "en")


def test_doc_without_libreoffice_names_the_package(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(InputError, match="libreoffice-writer-nogui"):
        read_document(path, "en")


@needs_soffice
def test_doc_and_password_protected_pdf_through_libreoffice(tmp_path: Path) -> None:
    shutil.copy(DOCS / "dpi_E.docx", tmp_path / "dpi_E.docx")
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "doc:MS Word 97", "--outdir",
                    str(tmp_path / "doc"), str(tmp_path / "dpi_E.docx")], check=True, capture_output=True)
    assert _paragraphs(tmp_path / "doc" / "dpi_E.doc") == _paragraphs(DOCS / "dpi_E.docx")
    encrypt = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    subprocess.run(["soffice", profile, "--headless", "--convert-to", encrypt, "--outdir", str(tmp_path / "pdf"),
                    str(tmp_path / "dpi_E.docx")], check=True, capture_output=True)
    with pytest.raises(InputError, match="password-protected"):
        read_document(tmp_path / "pdf" / "dpi_E.pdf", "en")


# ── English text as PDF extraction leaves it ─────────────────────────────────
PAGE = """\
                                                                              A/RES/81/250
          1.     Welcomes the report of the Secretary-General on digital public infrastructure;2
          2.     Notes the outcome of the Summit3 and of the Forum.4 It also notes that 35 per cent
     of the countries report every 2 years, as called for in resolution 70/1, para. 12, on the
     issue,5 and stresses the importance of multi-
     stakeholder partnerships and of capacity-
     building for the develop-
     ment of national statistical systems, in particular in the least developed countries and
     small island

     _______________
          2 A/81/215.
          3 See A/CONF.250/3.
          4 See A/81/98, annex.
          5 A/81/300.

     26-23470 (E)    040127
     *2623470*
     Please recycle
\f                                                                              A/RES/81/250
     developing States;
          3.     Decides to remain seized of the matter.
"""


def test_english_markers_hyphens_and_cut_paragraphs() -> None:
    document = read_text(PAGE, "en")
    operative = {p.number: p for p in document.paragraphs if p.kind == "operative"}
    assert operative["1"].text.endswith("digital public infrastructure;")
    assert operative["1"].notes == ["2"]
    two = operative["2"]
    assert two.notes == ["3", "4", "5"]
    assert "Summit and of the Forum. It also notes that 35 per cent" in two.text
    assert "every 2 years, as called for in resolution 70/1, para. 12, on the issue, and" in two.text
    assert "multi-stakeholder partnerships and of capacity-building for the development of" in two.text
    assert two.text.endswith("small island developing States;")
    assert operative["3"].text == "Decides to remain seized of the matter."
    assert not any("26-23470" in p.text or "Please recycle" in p.text for p in document.body()
                   if p.kind != "meta")


# ── end to end ───────────────────────────────────────────────────────────────
@pytest.mark.slow
@pytest.mark.parametrize("name", ["dpi", "water"])
def test_align_pdf_docx_and_text_pairs_alike(run_cli, tmp_path: Path, name: str) -> None:
    beads = {}
    for ext in ("pdf", "docx", "txt"):
        out = tmp_path / f"{name}.{ext}.tsv"
        result = run_cli("align", DOCS / f"{name}_C.{ext}", DOCS / f"{name}_E.{ext}", "-o", out)
        assert result.exit_code == 0, result.output
        beads[ext] = [line.split("\t")[:3] for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    # the same alignment whatever the translator downloaded: PDF, Word, or the text extracted from the PDF
    assert beads["pdf"] == beads["docx"] == beads["txt"]
    assert len(beads["pdf"]) > 25 and sum(b[2] == "1-1" for b in beads["pdf"]) > 20
    assert not any("Please recycle" in b[1] or "26-234" in b[1] for b in beads["pdf"])
    if name == "water":
        assert ["吁请会员国将保护和恢复淡水生态系统纳入本国发展计划；",
                "Calls upon Member States to integrate the protection and restoration of freshwater ecosystems into "
                "their national development plans;", "1-1"] in beads["pdf"]


def _tmx_segments(run_cli, tmp_path: Path, ext: str) -> list[str]:
    """The <seg> texts of the TMX that `align` writes for the dpi pair read from its EXT files."""
    out = tmp_path / "dpi.tmx"
    result = run_cli("align", DOCS / f"dpi_C.{ext}", DOCS / f"dpi_E.{ext}", "--format", "tmx", "-o", out)
    assert result.exit_code == 0, result.output
    return re.findall(r"<seg>(.*?)</seg>", out.read_text(encoding="utf-8"), re.S)


@pytest.mark.slow
def test_tmx_from_pdfs_has_the_paragraphs_not_the_page_lines(run_cli, tmp_path: Path) -> None:
    # A CAT tool never sees a PDF's line ends inside a segment (it works on a Word conversion), so
    # the unit text joins them, mending the words the page broke ("multi-\nstakeholder").
    segs = _tmx_segments(run_cli, tmp_path, "pdf")
    assert len(segs) > 40 and not any("\n" in seg for seg in segs)
    assert ("Recognizing that open, secure and inclusive digital systems can support the delivery of public "
            "services to people in rural and remote areas, and that multi-stakeholder cooperation is essential "
            "to their design and governance,") in segs
    assert "回顾其 2015 年 9 月 25 日题为“变革我们的世界：2030 年可持续发展议程”的第 70/1 号决议，" in segs


@pytest.mark.slow
def test_tmx_from_word_files_has_the_text_word_holds(run_cli, tmp_path: Path) -> None:
    # Word's automatic numbers are not in the paragraph's text, and a run boundary or a footnote reference
    # is a tag to a CAT tool: the unit is the sentence with a <ph> where the tool shows a tag (issue 15).
    segs = _tmx_segments(run_cli, tmp_path, "docx")
    assert "Welcomes the report of the Secretary-General on digital public infrastructure;" in segs
    assert "Developing open standards for digital identity, payments and data exchange;" in segs
    assert ("Taking note<ph>&lt;t0/&gt;</ph> of the report of the Secretary-General on digital public "
            "infrastructure,<ph>&lt;t1/&gt;</ph> which reviews the progress made in 35 countries,") in segs
    assert not any(seg.startswith(("1.", "(a)")) for seg in segs)


@pytest.mark.slow
@needs_soffice
def test_a_long_repetitive_pdf_loses_no_line_to_the_running_header_filter(tmp_path: Path) -> None:
    # Twelve times the operative part: the same body lines come back at the top of several of the 24
    # pages, where only running headers should be dropped.
    subprocess.run([sys.executable, str(Path(__file__).parents[1] / "scripts" / "make_document_fixtures.py"),
                    str(tmp_path), "--repeat", "12"], check=True, capture_output=True, timeout=600)
    for lang in "CE":
        gold = [(g["kind"], g["number"], g["text"], g.get("notes", []))
                for g in json.loads((tmp_path / f"dpi_x12_{lang}.gold.json").read_text(encoding="utf-8"))]
        got = _paragraphs(tmp_path / f"dpi_x12_{lang}.pdf")
        assert len(gold) > 120
        assert [p for p in got if p[0] != "footnote"] == [g for g in gold if g[0] != "footnote"]
