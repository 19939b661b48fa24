"""Word documents in the TMX: units carry the inline codes a CAT tool shows as tags (issue 15).

OmegaT's Word filter shows a run boundary or a footnote reference inside a
paragraph as a tag (`Recalling<t0/> its resolution…`), so a unit of plain text
is never an exact match there. These tests check the segments we compute from
the .docx against what OmegaT 3.6 cut from the same fixtures, the <ph> markup
in the TMX (valid TMX 1.4b), and that our own reader gets the plain text back.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from termalign.align.bitext import BeadRecord
from termalign.align.docx import CODE, read_docx
from termalign.align.reader import read_document
from termalign.align.sourceview import WordSegments, add_word_codes
from termalign.align.tmx import CODE as TMX_CODE, SEGMENT_BREAK, read_tmx, write_tmx

DOCS = Path(__file__).resolve().parent / "fixtures" / "documents"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")     # carries the TMX 1.4b DTD (schemas/tmx14.dtd)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body: str, footnotes: str | None = None) -> bytes:
    """A minimal .docx whose body is BODY (WordprocessingML paragraphs)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", f'<w:document {W}><w:body>{body}</w:body></w:document>')
        if footnotes is not None:
            z.writestr("word/footnotes.xml", f'<w:footnotes {W}>{footnotes}</w:footnotes>')
    return buffer.getvalue()


def bead(zh: str, en: str, zh_source: str | None = None, en_source: str | None = None, pid: str = "p1") -> BeadRecord:
    return BeadRecord(doc="A/RES/81/240", level="sentence", zh_ids=[f"{pid}.s1"], en_ids=[f"{pid}.s1"], zh=zh, en=en,
                      type="1-1", score=0.9, zh_paragraphs=["1"], en_paragraphs=["1"],
                      zh_source=zh_source, en_source=en_source)


def test_the_code_mark_is_the_same_in_the_reader_and_the_writer():
    assert CODE == TMX_CODE == "\ufffc"


def test_segments_of_the_word_fixtures_are_the_ones_omegat_cuts():
    # What OmegaT 3.6 showed for these paragraphs of the fixtures (console mode, project segments),
    # with <tN/> written as CODE.
    en = read_docx((DOCS / "dpi_E.docx").read_bytes()).segments
    zh = read_docx((DOCS / "dpi_C.docx").read_bytes()).segments
    assert ("Recalling\ufffc its resolution 70/1 of 25 September 2015, entitled “Transforming our world: "
            "the 2030 Agenda for Sustainable Development”,") in en
    # a footnote reference between two runs is one tag
    assert ("Taking note\ufffc of the report of the Secretary-General on digital public infrastructure,\ufffc "
            "which reviews the progress made in 35 countries,") in en
    # the Latin digits of a Chinese paragraph are runs of their own
    assert ("回顾其\ufffc2015\ufffc年\ufffc9\ufffc月\ufffc25\ufffc日题为“变革我们的世界：\ufffc2030\ufffc"
            "年可持续发展议程”的第\ufffc70/1\ufffc号决议，") in zh
    # a tab cuts the title line; the footnotes are segments too, their reference mark left outside
    assert {"81/240.", "Digital public infrastructure for sustainable development", "See A/81/98, annex."} <= set(en)
    assert "见\ufffcA/81/98\ufffc，附件。" in zh
    # automatic paragraph numbers are no text to the tool
    assert "Welcomes the report of the Secretary-General on digital public infrastructure;" in en


def test_codes_at_the_ends_of_a_paragraph_stay_outside_adjacent_codes_are_one_and_a_line_break_cuts():
    data = docx('<w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr>'
                '<w:r><w:rPr><w:i/></w:rPr><w:t>Urges</w:t></w:r>'
                '<w:r><w:t xml:space="preserve"> Member States to support the </w:t></w:r>'
                '<w:r><w:rPr><w:b/></w:rPr><w:t>Internet Governance Forum</w:t></w:r>'
                '<w:bookmarkStart w:id="0" w:name="x"/><w:bookmarkEnd w:id="0"/>'
                '<w:r><w:t>;</w:t></w:r><w:r><w:br/><w:t>It met twice.</w:t></w:r>'
                '<w:r><w:footnoteReference w:id="2"/></w:r></w:p>'
                '<w:p><w:r><w:t>因特网治理论坛</w:t></w:r></w:p>',
                footnotes='<w:footnote w:id="0" w:type="separator"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                          '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>'
                          '<w:r><w:t xml:space="preserve"> See A/RES/70/125.</w:t></w:r></w:p></w:footnote>')
    # as OmegaT 3.6 shows such a paragraph: "the <t1/>Internet Governance Forum<t2/>;" (two codes, not a
    # pair), a line break cuts the segment, the closing footnote reference stays outside
    assert read_docx(data).segments == ["Urges\ufffc Member States to support the \ufffcInternet Governance Forum\ufffc;",
                                   "It met twice.", "因特网治理论坛", "See A/RES/70/125."]


def test_a_unit_is_found_in_its_paragraph_with_the_codes_inside_it():
    segments = WordSegments(["注意到秘书长的报告，\ufffc其中审查了\ufffc35\ufffc个国家取得的进展。大会决定继续审议。",
                             "81/240.", "数字公共基础设施促进可持续发展"])
    # the second sentence starts after the footnote's code: the code before it is not in the unit
    assert segments.source("其中审查了35个国家取得的进展。") == "其中审查了\ufffc35\ufffc个国家取得的进展。"
    assert segments.source("大会决定继续审议。") == "大会决定继续审议。"
    # a line a tab cut: its parts, in order
    assert segments.source("81/240. 数字公共基础设施促进可持续发展") == \
        f"81/240.{SEGMENT_BREAK}数字公共基础设施促进可持续发展"
    assert segments.source("因特网治理论坛") is None
    assert segments.source("   ") is None


def test_units_of_a_word_pair_get_the_codes_of_both_documents():
    zh, en = read_document(DOCS / "dpi_C.docx").cat_segments, read_document(DOCS / "dpi_E.docx").cat_segments
    records = [bead("欢迎2025年在内罗毕举行的全球数字论坛的成果，",
                    "Welcoming the outcome of the Global Digital Forum held in Nairobi in 2025,"),
               bead("因特网治理论坛", "Internet Governance Forum")]       # in neither document
    assert add_word_codes(records, zh, en) == 2
    assert records[0].zh_source == "欢迎\ufffc2025\ufffc年在内罗毕举行的全球数字论坛的成果，"
    assert records[0].en_source == "Welcoming\ufffc the outcome of the Global Digital Forum held in Nairobi in 2025,"
    assert records[1].zh_source is None and records[1].en_source is None
    assert read_document(Path(__file__).resolve().parents[1] / "termalign/examples/resolution.zh.txt").cat_segments \
        is None


def word_records() -> list[BeadRecord]:
    return [
        bead("回顾其2015年9月25日第70/1号决议，", "Recalling its resolution 70/1 of 25 September 2015,",
             "回顾其\ufffc2015\ufffc年\ufffc9\ufffc月\ufffc25\ufffc日第\ufffc70/1\ufffc号决议，",
             "Recalling\ufffc its resolution 70/1 of 25 September 2015,", "p1"),
        bead("81/240.数字公共基础设施促进可持续发展",
             "81/240. Digital public infrastructure for sustainable development",
             f"81/240.{SEGMENT_BREAK}数字公共基础设施促进可持续发展",
             f"81/240.{SEGMENT_BREAK}Digital public infrastructure for sustainable development", "p2"),
        # cut in two on one side only: no part pairs with another, so the clean text is kept
        bead("联合国 A/RES/81/240", "United Nations A/RES/81/240", f"联合国{SEGMENT_BREAK}A/RES/81/240", None, "p3"),
        bead("大会，", "The General Assembly,", pid="p4"),        # text source: no codes, as before
    ]


def test_codes_are_written_as_tmx_placeholders_holding_omegats_tag(tmp_path):
    out = tmp_path / "memory.tmx"
    stats = write_tmx(word_records(), out)
    assert stats.units == 5
    segs = [tu.findall("tuv/seg") for tu in etree.parse(str(out)).getroot().iter("tu")]
    zh, en = segs[0]
    assert [ph.text for ph in zh.iter("ph")] == [f"<t{n}/>" for n in range(8)]
    assert zh.text == "回顾其" and zh[0].tail == "2015" and zh[-1].tail == "号决议，"
    assert [ph.text for ph in en.iter("ph")] == ["<t0/>"] and en.text == "Recalling"
    assert [(a.text, b.text) for a, b in segs[1:3]] == [
        ("81/240.", "81/240."), ("数字公共基础设施促进可持续发展", "Digital public infrastructure for sustainable development")]
    assert (segs[3][0].text, segs[3][1].text) == ("联合国 A/RES/81/240", "United Nations A/RES/81/240")
    assert all(len(seg) == 0 for pair in segs[1:] for seg in pair)
    assert "\ufffc" not in out.read_text(encoding="utf-8") and "\u2029" not in out.read_text(encoding="utf-8")


def test_clean_unit_text_has_no_placeholders(tmp_path):
    out = tmp_path / "clean.tmx"
    assert write_tmx(word_records(), out, text="clean").units == 4
    assert not list(etree.parse(str(out)).getroot().iter("ph"))


@pytest.mark.skipif(not OMEGAT_JAR.exists(), reason="the TMX 1.4b DTD is read from OmegaT's jar (apt-get install omegat)")
def test_memory_with_placeholders_is_valid_against_the_tmx_14b_dtd(tmp_path):
    out = tmp_path / "memory.tmx"
    for segtype in ("sentence", "paragraph"):
        write_tmx(word_records(), out, segtype=segtype)
        with zipfile.ZipFile(OMEGAT_JAR) as jar:
            dtd = etree.DTD(io.BytesIO(jar.read("schemas/tmx14.dtd")))
        tree = etree.parse(str(out))
        assert tree.getroot().find(".//ph") is not None
        assert dtd.validate(tree), dtd.error_log.filter_from_errors()


def test_our_reader_gets_the_plain_text_back(tmp_path):
    out = tmp_path / "memory.tmx"
    write_tmx(word_records(), out)
    back = [(r.zh, r.en) for r in read_tmx(out)]
    assert back[0] == ("回顾其2015年9月25日第70/1号决议，", "Recalling its resolution 70/1 of 25 September 2015,")
    assert back[1:3] == [("81/240.", "81/240."),
                         ("数字公共基础设施促进可持续发展", "Digital public infrastructure for sustainable development")]


def test_translate_toolkit_reads_the_memory_with_placeholders(tmp_path):
    from translate.storage.tmx import tmxfile

    out = tmp_path / "memory.tmx"
    write_tmx(word_records(), out, source="en")
    with open(out, "rb") as handle:
        store = tmxfile(handle, "en", "zh-CN")
    assert len(store.units) == 5
    assert store.units[0].source.startswith("Recalling") and "its resolution 70/1" in store.units[0].source


@pytest.mark.slow
def test_align_command_writes_word_codes_into_the_memory(tmp_path):
    from click.testing import CliRunner

    from termalign.cli import cli

    out = tmp_path / "dpi.tmx"
    result = CliRunner().invoke(cli, ["align", str(DOCS / "dpi_C.docx"), str(DOCS / "dpi_E.docx"),
                                       "--format", "tmx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    segs = {"".join(seg.itertext()): seg for seg in etree.parse(str(out)).getroot().iter("seg")}
    recalling = next(seg for text, seg in segs.items() if text.startswith("Recalling"))
    assert recalling.text == "Recalling" and [ph.text for ph in recalling] == ["<t0/>"]
    assert {"81/240.", "Digital public infrastructure for sustainable development"} <= set(segs)
