"""Each sentence as the source document has it (the TMX unit text CAT tools match exactly)."""

from __future__ import annotations

from termalign.align.document import Paragraph
from termalign.align.sourceview import sentence_sources, unwrapped


def paragraph(raw: str, text: str, lang: str) -> Paragraph:
    return Paragraph(id="p9", kind="operative", number="3", text=text, raw=raw, lang=lang)


def test_numbers_markers_and_emphasis_stay_with_their_sentences():
    raw = "3. **促请**会员国加强数字合作；¹并请秘书长提交报告。"
    par = paragraph(raw, "促请会员国加强数字合作；并请秘书长提交报告。", "zh")
    assert sentence_sources(par, ["促请会员国加强数字合作；", "并请秘书长提交报告。"]) == [
        "3. **促请**会员国加强数字合作；¹", "并请秘书长提交报告。"]


def test_a_sentence_that_cannot_be_traced_gives_no_source():
    par = paragraph("3. 促请会员国加强合作。", "促请会员国加强数字合作。", "zh")
    assert sentence_sources(par, ["促请会员国加强数字合作。"]) is None


def test_pdf_hard_wraps_are_joined_as_the_document_has_them():
    zh = "回顾其 2015 年 9 月 25 日题为“变革我们的世界：2030 年可持续发展议\n         程”的第 70/1 号决议，"
    assert unwrapped(zh) == "回顾其 2015 年 9 月 25 日题为“变革我们的世界：2030 年可持续发展议程”的第 70/1 号决议，"
    en = ("Recognizing that open, secure and inclusive digital systems can support\n"
          "         public services, and that multi-\n         stakeholder cooperation is essential,")
    assert unwrapped(en) == ("Recognizing that open, secure and inclusive digital systems can support public "
                             "services, and that multi-stakeholder cooperation is essential,")


def test_spacing_within_a_line_is_kept():
    # The gap after an operative number is what the document has; a CAT tool's segment keeps it too.
    assert unwrapped("1.     Welcomes the report of the Secretary-General;   ") == \
        "1.     Welcomes the report of the Secretary-General;"


def test_wrapped_pdf_paragraph_gives_one_line_sentences():
    raw = ("2.     Encourages Member States to develop open standards for digital\n"
           "       identity, payments and data exchange. It also invites them to share\n"
           "       their experience.")
    text = ("Encourages Member States to develop open standards for digital identity, payments and data "
            "exchange. It also invites them to share their experience.")
    sentences = ["Encourages Member States to develop open standards for digital identity, payments and data "
                 "exchange.", "It also invites them to share their experience."]
    spans = sentence_sources(paragraph(raw, text, "en"), sentences, unwrap=True)
    assert spans == ["2.     Encourages Member States to develop open standards for digital identity, payments "
                     "and data exchange.", "It also invites them to share their experience."]


def test_a_word_broken_at_a_line_end_is_whole_again():
    raw = "1. Urges Member States to integrate them into disaster risk reduction strate-\ngies and plans;"
    text = "Urges Member States to integrate them into disaster risk reduction strategies and plans;"
    assert sentence_sources(paragraph(raw, text, "en"), [text], unwrap=True) == [
        "1. Urges Member States to integrate them into disaster risk reduction strategies and plans;"]


def test_a_text_file_keeps_its_line_breaks():
    # A CAT tool's plain-text filter keeps a wrapped paragraph's line breaks inside its segment,
    # so an exact match needs them in the TMX too.
    raw = "1. Urges Member States to integrate them into disaster risk reduction strate-\ngies and plans;"
    text = "Urges Member States to integrate them into disaster risk reduction strategies and plans;"
    assert sentence_sources(paragraph(raw, text, "en"), [text]) == [raw]
