"""Hand-written Chinese/English pairs for the QA tests, and helpers to turn them into records.

The texts are short UN-style paragraphs written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from termalign.align.bitext import BeadRecord
from termalign.glossary.concepts import Concept, Term

# Correct translations whose numbers, dates and symbols are written differently in the two
# languages: none of them may produce a finding.
CLEAN_PAIRS = [
    ("大会，", "The General Assembly,"),
    ("回顾其2019年12月19日第74/197号决议，",
     "Recalling its resolution 74/197 of 19 December 2019,"),
    ("又回顾经济及社会理事会第 2006/46 号决议和安全理事会第1970(2011)号决议，",
     "Recalling also Economic and Social Council resolution 2006/46 and Security Council resolution 1970 (2011),"),
    ("注意到秘书长关于因特网治理论坛的报告（A/74/62-E/2019/6），",
     "Taking note of the report of the Secretary-General on the Internet Governance Forum (A/74/62-E/2019/6),"),
    ("1. 欢迎因特网治理论坛第十四届会议于2019 年 11 月 25 日至 29 日在柏林举行；",
     "1. Welcomes the holding of the fourteenth meeting of the Internet Governance Forum in Berlin "
     "from 25 to 29 November 2019;"),
    ("2. 注意到百分之十七的会员国已提交国家报告，另有8个会员国表示将在二〇二〇年提交；",
     "2. Notes that 17 per cent of Member States have submitted national reports and that eight more "
     "intend to do so in 2020;"),
    ("3. 请秘书长向大会第七十五届会议提交报告，并参考会议室文件E/CN.16/2018/CRP.3；",
     "3. Requests the Secretary-General to report to the General Assembly at its seventy-fifth session, "
     "taking into account conference room paper E/CN.16/2018/CRP.3;"),
    ("4. 决定拨款350万美元，用于2020-2021两年期的能力建设活动；",
     "4. Decides to allocate $3.5 million to capacity-building activities in the biennium 2020-2021;"),
    ("(a) 会议定于2020年3月2日星期一下午3时举行；",
     "(a) The meeting will be held on Monday, 2 March 2020, at 3 p.m.;"),
    ("(b) 每100 000名居民中有211人受益，即2.5%的人口。",
     "(b) Some 211 per 100,000 inhabitants benefited, that is, 2.5 per cent of the population."),
]

TERMBASE_CONCEPTS = [
    Concept(id=None, terms=[Term("zh", "因特网治理论坛", "preferred"),
                            Term("en", "Internet Governance Forum", "preferred"),
                            Term("en", "Internet Government Forum", "deprecated")]),
    Concept(id=None, terms=[Term("zh", "会员国", "preferred"), Term("en", "Member State", "preferred")]),
    Concept(id=None, terms=[Term("zh", "能力建设", "preferred"), Term("en", "capacity-building", "preferred"),
                            Term("en", "capacity development", "admitted")]),
]


def records(pairs: list[tuple[str, str]], doc: str = "A/RES/74/999", score: float = 0.8,
            level: str = "paragraph") -> list[BeadRecord]:
    """One 1-1 record per pair (or 1-0 / 0-1 where a side is empty), numbered p1, p2 …"""
    out = []
    for n, (zh, en) in enumerate(pairs, 1):
        zh_ids, en_ids = ([f"p{n}"] if zh else []), ([f"p{n}"] if en else [])
        out.append(BeadRecord(doc=doc, level=level, zh_ids=zh_ids, en_ids=en_ids, zh=zh, en=en,
                              type=f"{len(zh_ids)}-{len(en_ids)}", score=score if zh and en else 0.0,
                              zh_paragraphs=[f"p{n}"] if zh else [], en_paragraphs=[f"p{n}"] if en else []))
    return out


def make_termbase(path: Path):
    """A small termbase with approved, admitted and deprecated terms; returns it open."""
    from termalign.glossary.termbase import Termbase

    tb = Termbase.open(path, create=True)
    tb.commit_import([Concept(id=None, terms=[Term(t.lang, t.text, t.status) for t in c.terms])
                      for c in TERMBASE_CONCEPTS], note="QA test terms")
    return tb
