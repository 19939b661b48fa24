"""Each QA check finds the error planted for it, and nothing in correct translations."""

from __future__ import annotations

import pytest
from qa_fixtures import CLEAN_PAIRS, make_termbase, records

from termalign.glossary.qa import REGISTRY, run_checks
from termalign.glossary.qa.base import Finding
from termalign.errors import UserError


def marked(finding: Finding, lang: str) -> list[str]:
    return finding.excerpts(lang)


@pytest.fixture
def termbase(tmp_path):
    tb = make_termbase(tmp_path / "terms.tb")
    yield tb
    tb.close()


def test_clean_translations_give_no_finding(termbase) -> None:
    assert run_checks(records(CLEAN_PAIRS), termbase) == []


def test_clean_translations_checked_english_to_chinese_give_no_finding(termbase) -> None:
    assert run_checks(records(CLEAN_PAIRS), termbase, source_lang="en") == []


# (check id, zh, en, offending zh excerpts, offending en excerpts)
PLANTED = [
    ("numbers", "有141项指控被认定查无实据。", "142 allegations were found to be unsubstantiated.", ["141"], ["142"]),
    ("numbers", "大会第七十四届会议", "the seventy-third session of the General Assembly", ["七十四"], ["seventy-third"]),
    ("numbers", "百分之十七的会员国", "71 per cent of Member States", ["百分之十七"], ["71 per cent"]),
    ("dates", "2019年12月19日通过", "adopted on 18 December 2019", ["2019年12月19日"], ["18 December 2019"]),
    ("dates", "2018 年 12 月 10 日至 14 日举行", "held from 10 to 15 December 2018",
     ["2018 年 12 月 10 日至 14 日"], ["from 10 to 15 December 2018"]),
    ("symbols", "见A/RES/74/197号决议", "see resolution A/RES/74/179", ["A/RES/74/197"], ["A/RES/74/179"]),
    ("symbols", "回顾其第 70/125 号决议", "Recalling its resolution 70/152", ["70/125"], ["70/152"]),
    ("untranslated", "加强区域合作", "Strengthening 区域 cooperation", [], ["区域"]),
    ("punct-width", "加强区域合作；", "Strengthening regional cooperation；", [], ["；"]),
    ("brackets", "报告（A/75/1）", "the report (A/75/1", [], ["("]),
    ("double-space", "加强区域合作", "Strengthening  regional cooperation", [], ["  "]),
    ("repeated-word", "请会员国提交报告", "Invites the the Member States to report", [], ["the the"]),
    ("end-punct", "2. 请秘书长提交报告；", "2. Requests the Secretary-General to report.", ["；"], ["."]),
    ("numbering", "3. 请秘书长提交报告；", "4. Requests the Secretary-General to report;", ["3. "], ["4. "]),
]


@pytest.mark.parametrize("check, zh, en, zh_marked, en_marked", PLANTED)
def test_planted_error_is_found_with_its_spans(check, zh, en, zh_marked, en_marked) -> None:
    findings = run_checks(records([(zh, en)]), None)
    assert [f.check for f in findings] == [check], [f.message for f in findings]
    f = findings[0]
    assert marked(f, "zh") == zh_marked and marked(f, "en") == en_marked
    assert f.severity == REGISTRY[check].severity
    assert f.zh == zh and f.en == en and f.doc == "A/RES/74/999"


def test_missing_and_extra_content() -> None:
    pairs = [("1. 欢迎报告；", "1. Welcomes the report;"), ("2. 请秘书长提交报告；", ""),
             ("", "Decides to remain seized of the matter.")]
    findings = run_checks(records(pairs), None)
    assert [(f.check, f.severity, f.zh_paragraphs, f.en_paragraphs) for f in findings] == [
        ("missing", "error", ["p2"], []), ("extra", "warning", [], ["p3"])]
    assert marked(findings[0], "zh") == ["2. 请秘书长提交报告；"]


def test_missing_page_and_masthead_lines_are_only_info() -> None:
    recs = records([("25-01234 (C) 2/12", ""), ("1. 欢迎报告；", "1. Welcomes the report;"), ("", "25-01234 3/12")])
    recs[0].kind = recs[2].kind = "meta"
    findings = run_checks(recs, None)
    assert [(f.check, f.severity) for f in findings] == [("missing", "info"), ("extra", "info")]
    assert "title-block or page line" in findings[0].message


def test_score_abnormally_low_for_the_document() -> None:
    recs = records([(f"第{n}段案文", f"Text of paragraph {n}") for n in range(1, 13)])
    for n, r in enumerate(recs):
        r.score = 0.80 + 0.01 * (n % 5)
    recs[6].score = 0.21
    findings = run_checks(recs, None, checks=["low-score"])
    assert [f.zh_paragraphs for f in findings] == [["p7"]]
    assert "0.21" in findings[0].message


def test_numbering_recorded_by_the_reader() -> None:
    recs = records([("请秘书长提交报告；", "Requests the Secretary-General to report;")])
    recs[0].zh_paragraphs, recs[0].en_paragraphs = ["5"], ["6"]
    findings = run_checks(recs, None)
    assert [f.check for f in findings] == ["numbering"]
    assert "“5”" in findings[0].message and "“6”" in findings[0].message


def test_chinese_and_roman_chapter_numbers_match() -> None:
    assert run_checks(records([("三. 结论和建议", "III. Conclusions and recommendations")]), None) == []
    assert run_checks(records([("㈡ 加强合作；", "(ii) Strengthen cooperation;")]), None) == []


def test_source_copied_unchanged() -> None:
    findings = run_checks(records([("加强区域合作。", "加强区域合作。")]), None, checks=["untranslated"])
    assert [f.message for f in findings] == ["The translation is the source copied unchanged: translate it."]
    # a Latin-script line of a Chinese document may stay as it is
    assert run_checks(records([("Distr.: General", "Distr.: General")]), None) == []


def test_approved_term_missing(termbase) -> None:
    findings = run_checks(records([("欢迎因特网治理论坛的工作；", "Welcomes the work of the Internet forum;")]),
                          termbase)
    assert [f.check for f in findings] == ["term-missing"]
    assert marked(findings[0], "zh") == ["因特网治理论坛"]
    assert "Internet Governance Forum" in findings[0].message


def test_term_variants_are_accepted(termbase) -> None:
    pairs = [("会员国应加强能力建设。", "Member-States should strengthen capacity building."),
             ("所有会员国", "all member states")]
    assert run_checks(records(pairs), termbase) == []


def test_deprecated_term_is_an_error(termbase) -> None:
    findings = run_checks(records([("欢迎因特网治理论坛的工作；", "Welcomes the work of the Internet Government Forum;")]),
                          termbase)
    assert [(f.check, f.severity) for f in findings] == [("term-deprecated", "error")]
    assert marked(findings[0], "en") == ["Internet Government Forum"]
    assert "Internet Governance Forum" in findings[0].message


def test_same_source_term_rendered_two_ways(termbase) -> None:
    pairs = [("1. 加强能力建设；", "1. Strengthen capacity-building;"),
             ("2. 支持能力建设；", "2. Support capacity-building;"),
             ("3. 资助能力建设；", "3. Fund capacity development;")]
    findings = run_checks(records(pairs), termbase)
    assert [(f.check, f.en_paragraphs) for f in findings] == [("term-inconsistent", ["p3"])]
    assert "capacity-building" in findings[0].message and marked(findings[0], "en") == ["capacity development"]


def test_termbase_checks_are_skipped_without_a_termbase() -> None:
    assert run_checks(records([("欢迎因特网治理论坛的工作；", "Welcomes the work;")]), None) == []


def test_check_selection() -> None:
    pairs = [("有141项指控。", "142 allegations  were found.")]
    assert [f.check for f in run_checks(records(pairs), None, checks=["double-space"])] == ["double-space"]
    with pytest.raises(UserError, match="unknown check"):
        run_checks(records(pairs), None, checks=["spelling"])
    with pytest.raises(UserError, match="needs a termbase"):
        run_checks(records(pairs), None, checks=["term-missing"])


def test_every_check_has_a_description_and_a_known_severity() -> None:
    for c in REGISTRY.values():
        assert c.severity in ("error", "warning", "info")
        assert len(c.description) > 40, c.id


def test_terminology_with_english_source(termbase) -> None:
    pairs = [("欢迎因特网论坛的工作；", "Welcomes the work of the Internet Governance Forum;"),
             ("会员国应当加强能力建设。", "Member States should strengthen capacity-building.")]
    findings = run_checks(records(pairs), termbase, source_lang="en")
    assert [(f.check, f.en_paragraphs) for f in findings] == [("term-missing", ["p1"])]
    assert marked(findings[0], "en") == ["Internet Governance Forum"] and "因特网治理论坛" in findings[0].message


def test_english_source_checks_the_chinese_side_for_form() -> None:
    findings = run_checks(records([("请会员国提交报告,并说明进展。", "Invites Member States to report, and to describe progress.")]),
                          None, source_lang="en")
    assert [(f.check, marked(f, "zh")) for f in findings] == [("punct-width", [","])]


def test_figures_are_judged_over_the_paragraph_when_sentences_are_aligned_differently() -> None:
    # paragraph 5 in two sentence beads; the English moved "in 2019" and a symbol into its second sentence
    recs = records([("2019年，委员会审议了A/74/62号文件所载的141项指控。", "The Committee considered 141 allegations."),
                    ("其中62项已结案。", "In 2019, 62 of them, described in A/74/62, were closed; 3 remain open.")],
                   level="sentence")
    for r in recs:
        r.zh_paragraphs, r.en_paragraphs = ["5"], ["5"]
    findings = run_checks(recs, None)
    assert [(f.check, marked(f, "en")) for f in findings] == [("numbers", ["3"])]


def test_clause_starter_follows_the_paragraph_kind() -> None:
    """A preambular 表示注意到 is "Taking note", an operative one "Takes note"; each is checked against
    its own kind, and the English-to-Chinese direction checks the Chinese starter (issue 19)."""
    preamble, operative = records([("表示注意到秘书长的报告，", "Takes note of the report of the Secretary-General,"),
                                   ("表示注意到秘书长的报告；", "Takes note of the report of the Secretary-General;")])
    preamble.kind, operative.kind = "preamble", "operative"
    findings = run_checks([preamble, operative], None, checks=["clause-starter"])
    assert [(f.bead, f.excerpts("zh")) for f in findings] == [(preamble.id, ["表示注意到"])]
    assert "“Taking note”" in findings[0].message
    unknown = records([("关切地注意到数字鸿沟依然存在，", "Noting with satisfaction that the digital divide persists,")])
    assert run_checks(unknown, None, checks=["clause-starter"]) == []     # no paragraph kind: not judged
    unknown[0].kind = "preamble"
    wrong = run_checks(unknown, None, checks=["clause-starter"])
    assert [f.excerpts("zh") for f in wrong] == [["关切地注意到"]] and "“Noting with concern”" in wrong[0].message
    reverse = records([("回顾其第74/197号决议，", "Recalling its resolution 74/197,"),
                       ("铭记其第74/197号决议，", "Recalling its resolution 74/197,")])
    for record in reverse:
        record.kind = "preamble"
    found = run_checks(reverse, None, source_lang="en", checks=["clause-starter"])
    assert [(f.bead, f.excerpts("en")) for f in found] == [(reverse[1].id, ["Recalling"])]


def test_footnote_rows_are_labelled_as_footnotes() -> None:
    """A footnote numbered 4 is "footnote 4" in findings, not paragraph 4 (issue 19)."""
    body, note = records([("4. 请秘书长提交报告；", "4. Requests the Secretary-General to report;"),
                          ("A/81/305。", "A/81/350.")])
    body.zh_paragraphs = body.en_paragraphs = ["4"]
    note.zh_paragraphs = note.en_paragraphs = ["4"]
    body.kind, note.kind = "operative", "footnote"
    findings = run_checks([body, note], None, checks=["symbols"])
    assert [(f.zh_paragraphs, f.en_paragraphs) for f in findings] == [(["footnote 4"], ["footnote 4"])]
