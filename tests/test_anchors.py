"""Anchors: the same numbers, dates and symbols in Chinese and English compare equal."""

from __future__ import annotations

import pytest

from termalign.align.anchors import extract, leading_label, zh_numeral


def values(text: str, lang: str, kind: str | None = None) -> dict[str, int]:
    return dict(extract(text, lang).values(kind))


@pytest.mark.parametrize("zh, en", [
    ("大会第七十四届会议", "the seventy-fourth session of the General Assembly"),
    ("大会第七十四届会议", "the 74th session of the General Assembly"),
    ("百分之十七的会员国", "17 per cent of Member States"),
    ("17%的会员国", "seventeen per cent of Member States"),
    ("二〇一九年通过的战略", "the strategy adopted in 2019"),
    ("每100 000活产儿死亡211人", "211 per 100,000 live births"),
    ("捐款3.5亿美元", "a contribution of $350 million"),
    ("分别实现了45%和46%的指标", "with 45 and 46 per cent of indicators achieved respectively"),
    ("定于下午3时至6时举行", "to be held from 3 p.m. to 6 p.m."),
    ("定于下午12时40分举行", "to be held at 12.40 p.m."),
    ("后续措施将在2015年后发展议程中落实", "follow-up in the post-2015 development agenda"),
])
def test_numbers_in_both_languages_compare_equal(zh: str, en: str) -> None:
    assert values(zh, "zh", "number") == values(en, "en", "number")


def test_chinese_numerals() -> None:
    assert zh_numeral("七十四") == 74
    assert zh_numeral("二〇一九") == 2019
    assert zh_numeral("一百零五") == 105
    assert zh_numeral("三十五万") == 350_000
    assert zh_numeral("一亿二千万") == 120_000_000


@pytest.mark.parametrize("zh, en, expected", [
    ("2019 年 12 月 19 日", "19 December 2019", ["2019-12-19"]),
    ("2019年12月19日", "19 Dec. 2019", ["2019-12-19"]),
    ("二〇一九年十二月十九日", "December 19, 2019", ["2019-12-19"]),
    ("2018 年 12 月 10 日至 14 日", "10 to 14 December 2018", ["2018-12-10/2018-12-14"]),
    ("2018年11月28日至12月2日", "28 November to 2 December 2018", ["2018-11-28/2018-12-02"]),
    ("2018年12月10日和11日", "10 and 11 December 2018", ["2018-12-10", "2018-12-11"]),
    ("2014年7-8月", "July-August 2014", ["2014-07/2014-08"]),
    ("2014年3月和4月", "March and April 2014", ["2014-03", "2014-04"]),
    ("2015年5月", "May 2015", ["2015-05"]),
    ("12月3日", "3 December", ["--12-03"]),
])
def test_dates_in_both_languages_compare_equal(zh: str, en: str, expected: list[str]) -> None:
    assert sorted(a.value for a in extract(zh, "zh").of_kind("date")) == expected
    assert sorted(a.value for a in extract(en, "en").of_kind("date")) == expected


@pytest.mark.parametrize("zh, en, expected", [
    ("见A/RES/74/197号文件", "see A/RES/74/197.", "A/RES/74/197"),
    ("联合报告(A/74/62-E/2019/6)", "the joint report (A/74/62-E/2019/6)", "A/74/62-E/2019/6"),
    ("会议室文件E/CN.16/2018/CRP.3", "conference room paper E/CN.16/2018/CRP.3", "E/CN.16/2018/CRP.3"),
    ("回顾其第 70/125 号决议", "Recalling its resolution 70/125", "res:70/125"),
    ("回顾理事会第 2006/46 号决议", "Recalling Council resolution 2006/46", "res:2006/46"),
    ("安全理事会第1970(2011)号决议", "Security Council resolution 1970 (2011)", "res:1970"),
    ("第2118(2013)号决议", "resolution 2118", "res:2118"),
])
def test_symbols_reappear_exactly(zh: str, en: str, expected: str) -> None:
    assert values(zh, "zh") == values(en, "en") == {f"symbol:{expected}": 1}


def test_numbers_inside_dates_and_symbols_are_not_counted_again() -> None:
    text = "2019年12月19日大会通过了A/RES/74/197号决议，回顾第70/125号决议。"
    kinds = [a.kind for a in extract(text, "zh").items]
    assert kinds == ["date", "symbol", "symbol"]
    english = "On 19 December 2019 the Assembly adopted A/RES/74/197, recalling resolution 70/125."
    assert [a.kind for a in extract(english, "en").items] == ["date", "symbol", "symbol"]


def test_spans_point_at_the_original_text() -> None:
    text = "截至２０１９年１２月１９日，百分之十七"
    found = extract(text, "zh").items
    assert [text[a.start:a.end] for a in found] == ["２０１９年１２月１９日", "百分之十七"]


def test_paragraph_labels_are_not_numbers() -> None:
    assert values("12. 请秘书长提交报告；", "zh") == {}
    assert values("12. Requests the Secretary-General to report;", "en") == {}
    assert leading_label("12. 请秘书长提交报告；", "zh").value == "12"
    assert leading_label("(a) 加强合作；", "zh").value == "(a)"
    assert leading_label("三. 结论和建议", "zh").value == leading_label("III. Conclusions", "en").value == "3"
    assert leading_label("The Assembly", "en") is None


def test_small_spelled_counts_are_weak_and_written_numbers_strong() -> None:
    zh = {a.value: a.weak for a in extract("在8个领域举行了五场讨论", "zh").items}
    en = {a.value: a.weak for a in extract("eight sectors, five discussions, 12 meetings", "en").items}
    assert zh == {"8": False, "5": True}
    assert en == {"8": True, "5": True, "12": False}


def test_words_that_only_look_numeric_are_ignored() -> None:
    assert values("各方一致认为应进一步加强统一行动", "zh") == {}
    assert values("COVID-19 and G20 and GEF-5", "en") == {}


@pytest.mark.parametrize("zh, en", [
    ("13时10分", "at 1310"),
    ("2015年2月15日零时起", "as from 0000 hours on 15 February 2015"),
    ("上午10时至下午1时", "from 10 a.m. to 1 p.m."),
])
def test_clock_times(zh: str, en: str) -> None:
    assert values(zh, "zh") == values(en, "en")
    assert any(a.value.count(":") == 1 for a in extract(zh, "zh").items)
