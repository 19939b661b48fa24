"""Sentence splitting of Chinese and English UN paragraphs."""

from __future__ import annotations

from termalign.align.document import Paragraph
from termalign.align.segment import sentences, split_sentences


def test_chinese_sentence_ends_keep_their_closing_quotes():
    text = "会议通过了决议。秘书长说：“各国将继续努力。”随后散会！是否需要表决？"
    assert split_sentences(text, "zh") == ["会议通过了决议。", "秘书长说：“各国将继续努力。”", "随后散会！", "是否需要表决？"]


def test_chinese_semicolons_end_clause_list_items_but_not_inside_brackets():
    text = "(a) 加强国家能力；(b) 扩大宽带覆盖（包括农村地区；偏远地区）；(c) 培训地方官员；"
    assert split_sentences(text, "zh") == ["(a) 加强国家能力；", "(b) 扩大宽带覆盖（包括农村地区；偏远地区）；",
                                           "(c) 培训地方官员；"]


def test_preambular_paragraphs_are_one_sentence():
    assert split_sentences("回顾其第70/1号决议，其中大会通过了一套目标，", "zh") == ["回顾其第70/1号决议，其中大会通过了一套目标，"]
    text = "Recalling its resolution 70/1 of 25 September 2015, entitled \"Transforming our world\","
    assert split_sentences(text, "en") == [text]


def test_english_abbreviations_do_not_end_sentences():
    text = ("Mr. Ortiz of the U.S. delegation spoke on para. 5, i.e. on the budget, and on No. 3 of the list, "
            "e.g. the annex prepared by Lee et al. The Assembly then adopted resolution 70/1. It adjourned at 6 p.m.")
    assert split_sentences(text, "en") == [
        "Mr. Ortiz of the U.S. delegation spoke on para. 5, i.e. on the budget, and on No. 3 of the list, "
        "e.g. the annex prepared by Lee et al. The Assembly then adopted resolution 70/1.",
        "It adjourned at 6 p.m."]


def test_english_numbers_symbols_and_quotes():
    text = ("The report (see A/74/62, annex I.) was noted. Growth reached 2.6 per cent in 2019. "
            "\"Is the work done?\" asked the Chair. It is.")
    assert split_sentences(text, "en") == ["The report (see A/74/62, annex I.) was noted.",
                                           "Growth reached 2.6 per cent in 2019.",
                                           "\"Is the work done?\" asked the Chair.", "It is."]


def test_sentence_ids_follow_the_paragraph():
    paragraph = Paragraph(id="p12", kind="operative", number="3", text="欢迎各方的努力。请秘书长提交报告；",
                          raw="", lang="zh")
    result = sentences(paragraph)
    assert [(s.id, s.paragraph, s.text) for s in result] == [("p12.s1", "p12", "欢迎各方的努力。"),
                                                             ("p12.s2", "p12", "请秘书长提交报告；")]


def _without_space(text: str) -> str:
    return "".join(text.split())


def test_a_sentence_without_punctuation_is_cut_into_bounded_pieces_losing_nothing():
    from termalign.align.segment import MAX_SEGMENT_CHARS

    words = ["Internet", "Governance", "Forum", "multi-stakeholder", "cooperation", "capacity-building"]
    english = " ".join(words[i % len(words)] for i in range(40_000))          # ~450,000 characters, no stop
    chinese = "".join("因特网治理论坛会员国可持续发展数字公共基础设施"[i % 23] for i in range(150_000))
    clauses = "，".join(["各国政府、私营部门和民间社会在因特网治理论坛上的合作"] * 8_000) + "。"
    for text, lang in ((english, "en"), (chinese, "zh"), (clauses, "zh")):
        pieces = split_sentences(text, lang)
        assert len(pieces) >= len(text) // MAX_SEGMENT_CHARS
        assert all(0 < len(p) <= MAX_SEGMENT_CHARS for p in pieces)
        assert _without_space("".join(pieces)) == _without_space(text)
    # cut at the clause marks and spaces, not inside words, where the text has them
    assert all(p.endswith("，") or p.endswith("。") for p in split_sentences(clauses, "zh"))
    assert all(p.split()[-1] in words for p in split_sentences(english, "en"))


def test_bound_leaves_short_text_alone_and_cuts_at_the_limit_without_a_break():
    from termalign.align.segment import bound

    assert bound("Welcomes the report of the Secretary-General;", 1000) == [
        "Welcomes the report of the Secretary-General;"]
    assert bound("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert bound("aaa bbb ccc ddd", 8) == ["aaa bbb", "ccc ddd"]
    assert bound("  ", 10) == []


def test_long_paragraphs_keep_their_real_sentences():
    # a long operative paragraph made of ordinary sentences is split as before: no piece is cut
    sentence = "The Assembly welcomes the work of the Internet Governance Forum. "
    text = sentence * 3_000
    assert split_sentences(text, "en") == [sentence.strip()] * 3_000
