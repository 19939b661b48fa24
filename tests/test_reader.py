"""The reader on short UN-style texts written for these tests, in both languages.

Four fixtures under tests/fixtures/reader/ reproduce what PDF extraction does
to a resolution: one line per paragraph with superscript markers and a
paragraph cut by a footnote block and a page footer (zh_one_line,
en_one_line), and hard-wrapped text with plain-digit markers, `____`
separators and a starred note (zh_wrapped, en_wrapped).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from termalign.align.document import KINDS
from termalign.align.reader import read_document, read_text
from termalign.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "reader"


def doc(name: str):
    return read_document(FIXTURES / f"{name}.txt")


def shape(document):
    return [(p.kind, p.number, p.notes) for p in document.paragraphs]


@pytest.mark.parametrize("name", ["zh_one_line", "en_one_line", "zh_wrapped", "en_wrapped", "en_layout"])
def test_invariants(name):
    document = doc(name)
    assert [p.id for p in document.paragraphs] == [f"p{i}" for i in range(1, len(document.paragraphs) + 1)]
    assert all(p.kind in KINDS and p.text == p.text.strip() and p.text for p in document.paragraphs)
    footnotes = {p.number: p.text for p in document.footnotes()}
    for p in document.body():
        assert all(n in footnotes for n in p.notes)
        assert not any(text in p.text for text in footnotes.values())
        assert not any(ch in p.text for ch in "¹²³⁴⁵⁶⁷⁸⁹⁰*")
        assert "\n" not in p.text and "  " not in p.text


def test_one_line_per_paragraph_chinese():
    document = doc("zh_one_line")
    assert (document.lang, document.symbol, document.date) == ("zh", "A/RES/79/210", "2024-12-17")
    assert [p.kind for p in document.paragraphs[:7]] == ["meta", "meta", "meta", "meta", "meta", "title", "preamble"]
    split = document.paragraph("p10")
    # cut by a page break with a footnote block and a page footer in between
    assert split.text == "确认许多最不发达国家的家庭仍然无法负担宽带服务，并注意到城乡之间的差距继续扩大，每100人中只有12人使用移动宽带，"
    assert split.notes == ["3"]
    assert "³" in split.raw and "差距继续扩大" in split.raw and "A/C.2/75/4" not in split.raw
    # the page footer "19-22433 (C)   2/12" is page furniture: it never becomes a paragraph
    assert not any("19-22433" in p.raw for p in document.paragraphs)
    assert (document.paragraph("p14").kind, document.paragraph("p14").text) == ("heading", "因特网接入")
    operative = document.paragraph("p15")
    assert (operative.number, operative.text) == ("1", "欢迎会员国所作的努力；")
    assert operative.raw == "1. **欢迎**会员国所作的努力；"                # Markdown stays in raw
    assert document.paragraph("p20").text == "在这方面请秘书长提交报告。"
    assert [(p.kind, p.number) for p in document.paragraphs if p.kind == "subparagraph"] == [
        ("subparagraph", "(a)"), ("subparagraph", "(b)")]
    assert document.paragraph("p18").notes == ["4"]
    assert [p.text for p in document.paragraphs if p.kind == "closing"] == ["第52次全体会议", "2024年12月17日"]


def test_one_line_per_paragraph_english_matches_its_chinese():
    zh, en = doc("zh_one_line"), doc("en_one_line")
    assert shape(en) == shape(zh)
    assert (en.lang, en.symbol, en.date) == ("en", "A/RES/79/210", "2024-12-17")
    assert en.paragraph("p10").text == (
        "Recognizing that broadband remains unaffordable for many households in the least developed countries, "
        "and noting that the gap between urban and rural areas continues to widen, with only 12 mobile broadband "
        "users per 100 people,")
    assert en.paragraph("p9").text.startswith("Taking note of the report of the Secretary-General on digital "
                                              "connectivity, which describes")
    assert en.paragraph("p19").text == "See A/79/88, para. 12."
    assert en.paragraph("p20").text == "In this regard, requests the Secretary-General to submit a report."


def test_hard_wrapped_chinese():
    document = doc("zh_wrapped")
    assert (document.symbol, document.date) == (None, "2017")      # a draft: the session's year
    sponsor = document.paragraph("p4")
    assert (sponsor.kind, sponsor.text, sponsor.notes) == ("meta", "多米尼加共和国：", ["*"])
    texts = {p.id: p.text for p in document.paragraphs}
    # a paragraph wrapped on blank-separated lines and cut by a starred note
    assert texts["p8"] == "回顾其2015年9月25日第70/1号决议，强调各国应加倍努力，争取在2030年以前让农村居民普遍用上宽带，"
    assert document.paragraph("p9").kind == "footnote" and document.paragraph("p9").number == "*"
    # plain-digit markers go; real numbers stay, even those equal to a footnote number
    assert texts["p10"] == ("又回顾2003年12月在内罗毕召开的首次部长级会议核准并经大会赞同的行动纲要，"
                            "注意到经济及社会理事会第2006/46号决议第2段，并回顾第3次专家会议讨论的全部17个可持续发展目标，")
    assert document.paragraph("p10").notes == ["1", "2"]
    # a comma at a line end does not end a paragraph that goes on unindented
    assert texts["p11"] == "关切地注意到每100名农村居民中仅有12人能使用宽带，城乡之间的差距在边远山区更为突出，"
    # the marker on a line of its own: the text after it continues the paragraph
    assert texts["p12"] == "欢迎秘书长关于农村连通的报告，该报告列举了各区域的良好做法，"
    assert document.paragraph("p12").notes == ["3"]
    assert [p.number for p in document.footnotes()] == ["*", "1", "2", "3"]
    operative = document.paragraph("p16")
    assert operative.text == "强调如《农村连通行动纲要》第15段所指出，地方合作社可发挥关键作用，并赞赏第一阶段和第二阶段的贡献；"
    assert operative.notes == ["1", "2"]
    assert [p.number for p in document.paragraphs if p.kind == "operative"] == ["1", "2"]


def test_hard_wrapped_english():
    document = doc("en_wrapped")
    assert (document.lang, document.symbol, document.date) == ("en", None, "2017")
    assert [p.kind for p in document.paragraphs[:8]] == ["meta", "meta", "meta", "title", "meta", "meta", "title",
                                                         "preamble"]
    assert document.paragraph("p5").notes == ["*"]
    recalling = document.paragraph("p10")
    assert recalling.notes == ["1", "2", "3"]
    assert recalling.text == (
        "Recalling also the outcome of the World Summit on the Information Society, adopted by its first phase and "
        "endorsed by the General Assembly, and paragraph 2 of resolution 70/125, which calls for multi-stakeholder "
        "cooperation, web-based services and the follow-up of the Summit, with at least 3 per cent of budgets "
        "devoted to development, including by non-State actors and web-based platforms,")
    assert document.paragraph("p11").text == ("Taking note of the report of the Secretary-General, and of the "
                                              "follow-up work of the Commission on Science and Technology for "
                                              "Development,")
    star = document.paragraph("p12")
    assert (star.kind, star.number) == ("footnote", "*")
    assert star.text.endswith("members of the Group of 77 and China.")
    assert not any("17-18326" in p.raw for p in document.paragraphs)       # the page footer
    assert document.paragraph("p17").text.startswith("Urges Member States to close the gender digital divide "
                                                     "in information and communications")


def test_layout_extraction_with_indented_paragraph_starts():
    """pdftotext -layout: a left margin, paragraphs opened by an indent, no blank lines between them."""
    document = doc("en_layout")
    assert (document.symbol, document.date) == ("A/RES/79/210", "2024-12-17")
    assert [(p.kind, p.number, p.notes) for p in document.paragraphs] == [
        ("meta", None, []), ("meta", None, []), ("meta", None, []), ("meta", None, []), ("meta", None, []),
        ("title", None, []), ("preamble", None, []), ("preamble", None, ["1"]), ("preamble", None, ["2"]),
        ("preamble", None, []), ("footnote", "1", []), ("footnote", "2", []),
        ("operative", "1", []), ("operative", "2", []), ("subparagraph", "(a)", []), ("subparagraph", "(b)", []),
        ("operative", "3", []), ("closing", None, []), ("closing", None, [])]
    assert document.paragraph("p6").text == "79/210. Digital connectivity for rural communities"
    assert document.paragraph("p9").text == ("Taking note of the report of the Secretary-General on digital "
                                             "connectivity, which describes the progress made in 17 regions,")
    assert document.paragraph("p10").text.endswith("the gap between urban and rural areas continues to widen,")


def test_markdown_links_word_errors_and_units():
    text = ("大会，\n\n回顾其第 [70/299](#) 号决议和日内瓦阶段错误！未定义书签。的成果，¹\n\n"
            "¹ 第 [71/256](#) 号决议，附件。\n")
    document = read_text(text)
    assert document.paragraph("p2").text == "回顾其第70/299号决议和日内瓦阶段的成果，"
    assert document.paragraph("p3").text == "第71/256号决议，附件。"
    english = read_text("The General Assembly,\n\nNoting that the park covers 40 km² of *protected* land,¹\n\n"
                        "¹ See A/74/62.\n")
    assert english.paragraph("p2").text == "Noting that the park covers 40 km² of protected land,"
    assert english.paragraph("p2").notes == ["1"]


def test_plain_footnotes_without_separator_and_clause_breaks_at_page_ends():
    english = read_text(
        "The General Assembly,\n\nRecalling the Tunis Agenda for the Information Society,1\n\n"
        "Stressing the role of the Forum in building capacity,2\n\n1 See A/60/687.\n\n2 A/74/62.\n\n"
        "and the need for 2 more years of work,\n\nNoting paragraph 2 of the report,\n")
    assert [(p.kind, p.number, p.notes, p.text) for p in english.paragraphs] == [
        ("preamble", None, [], "The General Assembly,"),
        ("preamble", None, ["1"], "Recalling the Tunis Agenda for the Information Society,"),
        ("preamble", None, ["2"], "Stressing the role of the Forum in building capacity, and the need for 2 more "
                                  "years of work,"),
        ("footnote", "1", [], "See A/60/687."),
        ("footnote", "2", [], "A/74/62."),
        ("preamble", None, [], "Noting paragraph 2 of the report,"),
    ]
    chinese = read_text("大会，\n\n强调论坛在能力建设方面的作用，¹\n\n¹ 见 A/74/62。\n\n并注意到还需两年的工作，\n\n"
                        "注意到报告，\n")
    assert [p.text for p in chinese.body()] == ["大会，", "强调论坛在能力建设方面的作用，并注意到还需两年的工作，", "注意到报告，"]


def test_short_line_at_a_page_foot_is_not_a_heading():
    text = ("大会，\n\n回顾其关于数字连通问题的\n\n¹ 见 A/74/62。\n\n各项决议，¹\n\n因特网治理\n\n"
            "1. 欢迎各方的努力；\n")
    assert [(p.kind, p.text) for p in read_text(text).paragraphs] == [
        ("preamble", "大会，"), ("preamble", "回顾其关于数字连通问题的各项决议，"), ("footnote", "见A/74/62。"),
        ("heading", "因特网治理"), ("operative", "欢迎各方的努力；")]
    english = read_text("The General Assembly,\n\nRecalling its resolutions on the\n\n1 See A/74/62.\n\n"
                        "Internet Governance Forum,1\n\nEnhanced cooperation\n\n1. Welcomes the efforts made;\n")
    assert [p.kind for p in english.paragraphs] == ["preamble", "preamble", "footnote", "heading", "operative"]
    assert english.paragraph("p2").text == "Recalling its resolutions on the Internet Governance Forum,"


def test_invisible_characters_and_no_break_spaces():
    english = read_text("The General Assembly,\n\nRecalling the devel\u00ad\nopment of the Forum,\n")
    assert english.paragraph("p2").text == "Recalling the development of the Forum,"
    chinese = read_text("大会，\n\n回顾其\u00a02015\u00a0年的决议\u200b，\n")
    assert chinese.paragraph("p2").text == "回顾其2015年的决议，"


def test_starred_lines_are_notes_only_when_a_star_cites_them():
    bullets = read_text("The General Assembly,\n\n* Requests the Secretary-General to report;\n\n"
                        "* Decides to remain seized of the matter.\n")
    assert not bullets.footnotes()
    cited = read_text("Ecuador:*\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n"
                      "* On behalf of the Group of 77 and China.\n")
    assert [(p.kind, p.number) for p in cited.footnotes()] == [("footnote", "*")]
    assert cited.paragraph("p1").notes == ["*"]


def test_annex_footnotes_may_start_again_at_one():
    text = ("The General Assembly,\n\nRecalling its resolution 70/1,¹\n\n¹ See A/70/L.1.\n\n"
            "1. Adopts the declaration annexed to the present resolution;\n\nAnnex\n\n"
            "We, the Heads of State, meet in New York,¹\n\n¹ See A/70/684.\n")
    document = read_text(text)
    assert [p.text for p in document.footnotes()] == ["See A/70/L.1.", "See A/70/684."]
    assert all(p.notes == ["1"] for p in document.body() if p.text.endswith(("70/1,", "New York,")))


def test_form_feed_is_a_page_break():
    text = "The General Assembly,\n\nRecognizing the role of the Forum in\f\n2/3\n\nbuilding capacity,\n"
    document = read_text(text)
    assert [p.text for p in document.body()] == ["The General Assembly,", "Recognizing the role of the Forum in "
                                                 "building capacity,"]


def test_closing_on_one_line_gives_the_date():
    text = ("The General Assembly,\n\n1. Decides to remain seized of the matter.\n\n"
            "52nd plenary meeting 19 December 2019\n")
    document = read_text(text)
    assert document.paragraphs[-1].kind == "closing"
    assert document.date == "2019-12-19"


def test_ecosoc_symbol_and_session_year():
    text = "2024 年届会\n\n2024/13. 评估进展情况\n\n经济及社会理事会，\n\n1. 欢迎各方的努力；\n"
    document = read_text(text)
    assert (document.symbol, document.date) == ("E/RES/2024/13", "2024")


def test_read_text_checks_the_declared_language():
    with pytest.raises(UserError, match="looks Chinese"):
        read_text("大会，\n\n回顾其各项决议，\n", lang="en")


def test_read_command_formats(run_cli, tmp_path):
    path = FIXTURES / "zh_one_line.txt"
    result = run_cli("read", path, "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(set(row) == {"id", "kind", "number", "text", "raw", "notes", "lang"} for row in rows)
    assert rows[9]["notes"] == ["3"] and rows[9]["lang"] == "zh"

    result = run_cli("read", path, "--format", "tsv")
    lines = result.stdout.splitlines()
    assert lines[0] == "id\tkind\tnumber\tnotes\ttext"
    assert lines[15].split("\t") == ["p15", "operative", "1", "", "欢迎会员国所作的努力；"]

    out = tmp_path / "read.txt"
    result = run_cli("read", path, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert "p15   operative 1" in out.read_text(encoding="utf-8")


def test_read_command_bad_input_exits_2(run_cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for args in ([empty], [FIXTURES / "zh_one_line.txt", "--lang", "en"], [tmp_path / "missing.txt"]):
        result = run_cli("read", *args)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_read_command_reads_utf16_and_gb18030(run_cli, tmp_path):
    text = (FIXTURES / "zh_one_line.txt").read_text(encoding="utf-8")
    expected = run_cli("read", FIXTURES / "zh_one_line.txt", "--format", "jsonl").stdout
    for encoding in ("utf-16", "gb18030"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert run_cli("read", path, "--format", "jsonl").stdout == expected
