"""Precision of what a terminologist reviews (issue 19): general words and wrong pairs leave the
proposals, every proposal has a tier and a reason, and UN phraseology is a kind of its own — in
mining, the termbase, `termbase show`, lookup and the exports."""

from __future__ import annotations

import sqlite3

import pytest

from termalign.align.bitext import BeadRecord
from termalign.glossary import phraseology, termhood
from termalign.glossary import termbase as termbase_module
from termalign.glossary.mining import MiningOptions, TermMiner
from termalign.glossary.termbase import Termbase
from termalign.glossary.validation import assess, convention, support

# A short resolution written for these tests: broadband and Internet governance are its terms;
# use, ensure and rural its general words; 第七十届会议 pairs 会议 with "session" though UN usage
# renders session as 届会; and every paragraph opens with a clause starter.
PARAGRAPHS = [
    ("preamble", "回顾其关于宽带连通的各项决议，", "Recalling its resolutions on broadband connectivity,"),
    ("preamble", "又回顾大会第七十届会议关于因特网治理的讨论，",
     "Recalling also the discussions on Internet governance at the seventieth session of the General Assembly,"),
    ("preamble", "确认宽带对于使用数字服务至关重要，", "Recognizing that broadband is essential for the use of digital services,"),
    ("preamble", "深信农村发展需要可靠的能源供应，", "Convinced that rural development requires a reliable supply of energy,"),
    ("preamble", "注意到许多国家的粮食价格仍然很高，", "Noting that food prices remain high in many countries,"),
    ("preamble", "关切地注意到气候变化对沿海城市的影响，", "Noting with concern the effects of climate change on coastal cities,"),
    ("operative", "鼓励会员国扩大宽带覆盖，并确保农村社区能够使用因特网；",
     "Encourages Member States to extend broadband coverage and to ensure that rural communities can use the Internet;"),
    ("operative", "请秘书长在第七十二届会议上报告因特网治理方面的进展；",
     "Requests the Secretary-General to report on progress in Internet governance at the seventy-second session;"),
    ("operative", "鼓励各方确保妇女能够使用宽带服务；", "Encourages all parties to ensure that women can use broadband services;"),
    ("operative", "吁请捐助方增加对教育的投资；", "Calls upon donors to increase investment in education;"),
    ("operative", "邀请各区域委员会分享水资源管理的经验；", "Invites the regional commissions to share their experience of water management;"),
    ("operative", "强调必须保护难民儿童；", "Stresses the need to protect refugee children;"),
    ("operative", "决定在第七十三届会议上继续审议这一项目。",
     "Decides to continue its consideration of the item at its seventy-third session."),
]


def records() -> list[BeadRecord]:
    return [BeadRecord(doc="A/RES/99/1", level="sentence", zh_ids=[f"p{i}.s1"], en_ids=[f"p{i}.s1"], zh=zh, en=en,
                       type="1-1", score=0.9, zh_paragraphs=[f"p{i}"], en_paragraphs=[f"p{i}"], kind=kind)
            for i, (kind, zh, en) in enumerate(PARAGRAPHS, 1)]


@pytest.fixture(scope="module")
def mined():
    miner = TermMiner(options=MiningOptions(min_count=2, similarity=False))
    miner.add(records())
    return miner.mine()


def test_terms_stay_and_general_words_and_wrong_pairs_leave(mined):
    proposed = {(p.evidence.zh, p.evidence.en): p.evidence for p in mined.pairs}
    assert set(proposed) == {("宽带", "broadband"), ("因特网治理", "Internet governance")}
    assert all(e.tier == "likely" and e.kind == "term" for e in proposed.values())
    assert "宽带→broadband" in proposed[("宽带", "broadband")].reason
    refused = {(p.evidence.zh, p.evidence.en): p.evidence.reason for p in mined.refused}
    assert refused[("使用", "use")].startswith("general word")
    assert refused[("会议", "session")].startswith("contradicts UN usage")
    assert "届会" in refused[("会议", "session")]


def test_clause_starters_are_phraseology_concepts(mined):
    phrases = {(p.zh, p.en): p for c in mined.concepts if c.kind == "phraseology" for p in c.pairs}
    assert {("回顾", "Recalling"), ("又回顾", "Recalling also"), ("关切地注意到", "Noting with concern"),
            ("鼓励", "Encourages"), ("决定", "Decides")} <= set(phrases)
    encourages = phrases[("鼓励", "Encourages")]
    assert (encourages.frequency, encourages.tier, encourages.kind) == (2, "likely", "phraseology")
    assert encourages.reason.startswith("standard operative clause starter")
    assert phrases[("回顾", "Recalling")].reason.startswith("standard preambular clause starter")
    # the starters never reach the term proposals
    assert not any(phraseology.is_phraseology(p.evidence.zh, p.evidence.en) for p in mined.pairs)
    terms = [t for c in mined.concepts if c.kind == "phraseology" for t in c.terms]
    assert terms and all(t.term_type == "phrase" for t in terms)


@pytest.mark.parametrize("zh, en, tier, why", [
    ("减少灾害风险", "disaster risk reduction", "likely", "UN usage"),
    ("互联网治理论坛", "Internet Governance Forum", "likely", "互联网→Internet"),
    ("宽带", "broadband", "likely", "宽带→broadband"),
    ("连通", "connectivity", "likely", "UN usage"),
    ("因特网", "Internet", "likely", "UN usage"),
    ("确保", "ensure", None, "general word"),
    ("作用", "role", None, "general word"),
    ("加强", "share", None, "general word"),
    ("会议", "session", None, "contradicts UN usage"),
    ("最不发达国家和小岛屿发展中国家", "countries", None, "the Chinese has words the other side lacks"),
    ("特别是最不发达国家", "particular least developed countries", None, "begins clauses"),
    ("妇女和女童", "women and girls", None, "coordination"),
    ("疾病", "communicable diseases", None, "the English has words"),
    ("遗产", "ownership and control", None, "do not include"),
])
def test_single_document_assessment(zh, en, tier, why):
    """Two occurrences in one document: only evidence independent of counts decides."""
    verdict = assess(zh, en, frequency=2, documents=1, consistency=1.0, similarity=0.7)
    assert verdict.tier == tier and why in verdict.reason, verdict


def test_corpus_counts_keep_what_one_document_cannot_prove():
    """Seen across documents, a common word is kept in the low `general` tier, and a pair the
    dictionary cannot confirm (an acronym's Chinese short name) is still proposed."""
    general = assess("教育", "education", frequency=40, documents=12, consistency=0.9, similarity=0.9)
    assert general.tier == "general" and "kept for its evidence: 40 units in 12 documents" in general.reason
    assert assess("教育", "education", frequency=2, documents=1, consistency=1.0, similarity=0.9).tier is None
    acronym = assess("开发署", "UNDP", frequency=9, documents=6, consistency=0.8, similarity=0.3, acronym=True)
    assert acronym.tier == "likely" and acronym.reason.startswith("acronym")


def test_internet_is_a_name_not_a_common_word():
    assert termhood.is_general("互联网", "Internet", en_is_name=False) is not None  # common in both languages…
    assert termhood.is_general("互联网", "Internet", en_is_name=True) is None       # …but written as a name
    occurrences = [("unable to use the Internet in 2025,", 11), ("Internet governance is", 0),
                   ("the Internet Governance Forum", 4)]
    assert termhood.is_name_form([(t, t.find("Internet")) for t, _ in occurrences])
    assert not termhood.is_name_form([("the provisional agenda", 16), ("the 2030 Agenda for", 9)])


def test_dictionary_and_conventions():
    found = support("早期预警系统", "early warning systems")
    assert found.cover == 1.0 and "早期→early" in found.shown()
    assert support("加强", "share").matches == []
    assert convention("届会", "session")[0] and not convention("会议", "session")[0]
    assert convention("安理会", "Council") == (False, "")       # a shorter reference, not a contradiction


def test_tier_reason_and_kind_are_stored_shown_and_exported(mined, tmp_path, run_cli):
    path = tmp_path / "terms.db"
    with Termbase.open(path, create=True) as base:
        base.commit_mining(mined.concepts, note="issue 19 test")
        concepts = base.concepts()
    broadband = next(c for c in concepts if any(t.text == "宽带" for t in c.terms))
    assert broadband.kind == "term" and broadband.tier == "likely"
    assert broadband.pairs[0].reason.startswith("dictionary: 宽带→broadband")
    recalling = next(c for c in concepts if any(t.text == "回顾" for t in c.terms))
    assert recalling.kind == "phraseology" and recalling.to_dict()["kind"] == "phraseology"

    shown = run_cli(*["termbase", "show", str(path), "宽带"])
    assert shown.exit_code == 0 and "tier likely: dictionary: 宽带→broadband" in shown.output
    shown = run_cli(*["termbase", "show", str(path), "回顾"])
    assert "kind: UN phraseology" in shown.output
    looked_up = run_cli(*["lookup", "回顾", "--termbase", str(path)])
    assert "UN phraseology" in looked_up.output and "tier likely: standard preambular" in looked_up.output

    tbx, csv = tmp_path / "terms.tbx", tmp_path / "terms.csv"
    for fmt, out in (("tbx", tbx), ("csv", csv)):
        assert run_cli(*["termbase", "export", str(path), "--format", fmt, "--include-candidates",
                        "-o", str(out)]).exit_code == 0
    text = tbx.read_text(encoding="utf-8")
    assert '<descrip type="subjectField">UN phraseology</descrip>' in text
    assert "mining: likely: dictionary: 宽带→broadband" in text
    table = csv.read_text(encoding="utf-8")
    assert "mining: UN phraseology; likely: standard preambular clause starter" in table
    # an export imported again keeps its own notes, not the mining evidence it no longer carries
    with Termbase.open(tmp_path / "copy.db", create=True) as copy:
        from termalign.glossary.formats.base import ImportOptions, get_format

        copy.commit_import(get_format("tbx").read(tbx, ImportOptions()), note="round trip")
        assert not any("mining:" in c.note for c in copy.concepts())


def test_a_schema_3_termbase_gains_the_columns(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(termbase_module, "MIGRATIONS", termbase_module.MIGRATIONS[:3])
    with Termbase.open(path, create=True) as old:
        assert old.schema_version() == 3
    monkeypatch.undo()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("""
        INSERT INTO versions VALUES (1, '2026-01-05T10:00:00Z', 'mine', '', '{}', 'someone');
        INSERT INTO concepts (num, created) VALUES (1, 1);
        INSERT INTO terms VALUES (1, 1, 'zh', '宽带', '宽带', 1);
        INSERT INTO terms VALUES (2, 1, 'en', 'broadband', 'broadband', 1);
        INSERT INTO term_states VALUES (1, 1, NULL, 'candidate', 'fullForm', 4, 1, '');
        INSERT INTO term_states VALUES (2, 1, NULL, 'candidate', 'fullForm', 4, 1, '');
        INSERT INTO pair_states VALUES (1, '宽带', 'broadband', 1, NULL, '宽带', 'broadband', 4, 1, 20.5, 1.0,
                                        NULL, '[]');
    """)
    conn.close()
    with Termbase.open(path) as base:
        assert base.schema_version() == len(termbase_module.MIGRATIONS) >= 4
        pair = base.concept("C000001").pairs[0]
        assert (pair.kind, pair.tier, pair.reason, pair.frequency) == ("term", "", "", 4)
