"""Term candidates: n-grams, names, titles, acronyms, folding, termhood."""

from __future__ import annotations

import pytest

from termalign.glossary.candidates import EnCandidates, ZhCandidates, c_values, en_key, is_acronym, nested_keys


@pytest.fixture(scope="module")
def zh() -> ZhCandidates:
    return ZhCandidates()


def keys(occurrences) -> set[str]:
    return {o.key for o in occurrences}


def test_zh_ngrams_never_start_or_end_with_a_function_word(zh):
    found = keys(zh.extract("委员会审议了最不发达国家的问题和小岛屿发展中国家的需要。"))
    assert "最不发达国家" in found
    assert "小岛屿发展中国家" in found
    assert not any(k.startswith(("的", "和")) or k.endswith(("的", "和")) for k in found)


def test_zh_candidates_do_not_cross_punctuation_numbers_or_dates(zh):
    found = keys(zh.extract("2015年12月21日，大会通过了第70/125号决议，审查信息社会世界峰会成果。"))
    assert "信息社会世界峰会" in found
    assert not any(any(c.isdigit() for c in k) for k in found)
    assert not any("，" in k or "年" == k for k in found)


def test_zh_titles_and_quoted_names_are_candidates_whatever_their_length(zh):
    text = "会议回顾了《联合国气候变化框架公约京都议定书》、《2030年可持续发展议程》和“一个联合国”倡议。"
    found = keys(zh.extract(text))
    assert "联合国气候变化框架公约京都议定书" in found
    assert "2030年可持续发展议程" in found         # a title is a name, year and all
    assert "一个联合国" in found


def test_zh_organisation_name_longer_than_six_tokens_is_kept(zh):
    found = keys(zh.extract("联合国人权事务高级专员办事处驻柬埔寨办事处提交了报告。"))
    assert any(k.endswith("办事处") and len(k) > 10 for k in found)


def test_accepted_term_is_not_split_again():
    name = "科学和技术促进发展委员会"
    default = ZhCandidates()
    assert len(default.tokens(name)) > 1          # jieba's own dictionary cuts the name
    with_dictionary = ZhCandidates(accepted_terms=[name])
    assert [t for t, _, _ in with_dictionary.tokens(f"{name}审议了报告")][0] == name


def test_zh_occurrence_records_spans_and_content_neighbours(zh):
    text = "因特网治理论坛的任务"
    occurrence = next(o for o in zh.extract(text) if o.key == "因特网治理论坛")
    assert text[occurrence.start:occurrence.end] == "因特网治理论坛"
    assert occurrence.left is None             # text start
    assert occurrence.right is None            # 的 is a function word: an open boundary


def test_en_ngrams_have_no_stop_word_at_either_edge():
    found = keys(EnCandidates().extract("The Commission reviewed the needs of the least developed countries."))
    assert "least developed country" in found
    assert not any(k.split()[0] in ("the", "of") or k.split()[-1] in ("the", "of") for k in found)


def test_an_acronym_spelled_like_a_stop_word_is_a_candidate():
    found = keys(EnCandidates().extract("WHO delivered medicines, and who paid for them?"))
    assert "who" in found                      # from WHO; the lower-case "who" is a stop word
    assert "who paid" not in found


def test_en_long_capitalised_name_is_one_candidate():
    text = "States parties to the Convention on the Rights of Persons with Disabilities met in New York."
    found = {o.text for o in EnCandidates().extract(text)}
    assert "Convention on the Rights of Persons with Disabilities" in found


def test_en_numbers_months_and_ordinals_are_never_candidates():
    found = keys(EnCandidates().extract("On 21 January 2015, at its sixty-ninth session, 193 Member States voted."))
    assert "member state" in found
    assert not any(w in k for k in found for w in ("january", "2015", "sixty", "193"))


def test_en_document_symbols_and_percentages_are_never_candidates():
    found = keys(EnCandidates().extract("Recalling resolution A/RES/70/1, which 17 per cent of Member States cited"))
    assert "member state" in found
    assert not any(w in k.split() for k in found for w in ("re", "res", "cent", "per"))


def test_zh_classifiers_after_numbers_never_edge_a_candidate(zh):
    found = keys(zh.extract("回顾第70/125号决议和第六十九届会议的工作。"))
    assert "决议" in found and "会议" in found
    assert not any(k.startswith(("号", "届")) for k in found)


def test_en_folding_merges_plural_hyphen_and_case():
    assert en_key("Non-governmental Organizations") == en_key("non governmental organization")
    assert en_key("least developed countries") == en_key("Least Developed Country")
    assert en_key("analysis") == "analysis"          # not a plural


def test_acronym_expansions_are_found_by_their_initials():
    text = ("The Internet Governance Forum (IGF) and the United Nations Development Programme (UNDP) "
            "met with non-governmental organizations (NGOs) and the press (AP).")
    pairs = EnCandidates().acronyms(text)
    assert ("Internet Governance Forum", "IGF") in pairs
    assert ("United Nations Development Programme", "UNDP") in pairs
    assert ("non-governmental organizations", "NGOs") in pairs
    assert not any(acronym == "AP" for _, acronym in pairs)


def test_is_acronym():
    assert is_acronym("UNICEF") and is_acronym("UN-Women") and is_acronym("NGOs")
    assert not is_acronym("Forum") and not is_acronym("A")


def test_c_value_drops_a_fragment_that_only_occurs_inside_a_longer_term():
    frequency = {"信息社会世界峰会": 6, "信息社会世界峰会成果文件": 4, "峰会成果文件": 4, "峰会": 9}
    scores = c_values(frequency, "zh")
    assert scores["峰会成果文件"] <= 0             # never seen outside the longer name
    assert scores["信息社会世界峰会"] > 0
    assert scores["峰会"] > 0                     # also stands on its own


def test_nested_keys():
    assert nested_keys("united nation development programme", "en") >= {"united nation", "development programme"}
    assert "united nation development programme" not in nested_keys("united nation development programme", "en")
    assert "开发计划署" in nested_keys("联合国开发计划署", "zh")
