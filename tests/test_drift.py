"""The series drift report: paragraph correspondence, substitutions, findings, termbase, CLI."""

from __future__ import annotations

import json

import pytest

from termalign.align.document import Document, Paragraph

# --- a small series written for these tests: a fictional resolution on rural connectivity,
# re-negotiated three times. Planted: 移动通信网络 → 移动通讯网络 (both forms in 2021, only the
# new one in 2022); 农村数字服务中心 → 乡村数字服务中心 from 2022; yearly dates, symbols and
# session numbers; a paragraph added in 2021 (renumbering the ones after it), dropped in
# 2022, and one operative paragraph moved to the front in 2022.

PREAMBLE_2020 = [
    "回顾其 2019 年 12 月 19 日关于数字技术促进农村发展的第 74/250 号决议，",
    "注意到农村地区的移动通信网络覆盖仍然不足，许多家庭负担不起移动通信网络的费用，",
    "认识到农村数字服务中心在向农民提供培训和市场信息方面发挥的作用，",
    "关切地注意到妇女和老年人在使用数字服务方面仍面临障碍，",
]
OPERATIVE_2020 = [
    "鼓励会员国扩大农村地区的移动通信网络，降低接入费用，并为偏远社区提供公共上网点；",
    "请农村数字服务中心与地方政府合作，为妇女和青年举办数字技能培训；",
    "邀请国际电信联盟在 2021 年报告农村连通方面的进展情况；",
    "吁请发展伙伴为农村地区的数字基础设施提供资金和技术援助；",
    "决定在第七十六届会议上继续审议这一项目。",
]

PREAMBLE_2021 = [
    "回顾其 2020 年 12 月 21 日关于数字技术促进农村发展的第 75/310 号决议，",
    "注意到农村地区的移动通讯网络覆盖仍然不足，许多家庭负担不起移动通讯网络的费用，",
    "认识到农村数字服务中心在向农民提供培训和市场信息方面发挥的作用，",
    "关切地注意到妇女和老年人在使用数字服务方面仍面临障碍，",
]
OPERATIVE_2021 = [
    "鼓励会员国扩大农村地区的移动通信网络，降低接入费用，并为偏远社区提供公共上网点；",
    "欢迎各区域委员会为分享农村数字化经验而举办的区域讲习班；",
    "请农村数字服务中心与地方政府合作，为妇女和青年举办数字技能培训；",
    "邀请国际电信联盟在 2022 年报告农村连通方面的进展情况；",
    "吁请发展伙伴为农村地区的数字基础设施提供资金和技术援助；",
    "决定在第七十七届会议上继续审议这一项目。",
]

PREAMBLE_2022 = [
    "回顾其 2021 年 12 月 20 日关于数字技术促进农村发展的第 76/288 号决议，",
    "注意到农村地区的移动通讯网络覆盖仍然不足，许多家庭负担不起移动通讯网络的费用，",
    "认识到乡村数字服务中心在向农民提供培训和市场信息方面发挥的作用，",
    "关切地注意到妇女和老年人在使用数字服务方面仍面临障碍，",
]
OPERATIVE_2022 = [
    "邀请国际电信联盟在 2023 年报告农村连通方面的进展情况；",
    "鼓励会员国扩大农村地区的移动通讯网络，降低接入费用，并为偏远社区提供公共上网点；",
    "请乡村数字服务中心与地方政府合作，为妇女和青年举办数字技能培训；",
    "吁请发展伙伴为农村地区的数字基础设施提供资金和技术援助；",
    "强调需要收集按性别和年龄分列的农村数字接入数据；",
    "决定在第七十八届会议上继续审议这一项目。",
]

SERIES = {
    2020: ("A/RES/75/310", "2020-12-21", PREAMBLE_2020, OPERATIVE_2020),
    2021: ("A/RES/76/288", "2021-12-20", PREAMBLE_2021, OPERATIVE_2021),
    2022: ("A/RES/77/301", "2022-12-19", PREAMBLE_2022, OPERATIVE_2022),
}
TITLE = "数字技术促进农村发展"


def document(year: int) -> Document:
    symbol, date, preamble, operative = SERIES[year]
    paragraphs = [Paragraph("p1", "title", None, TITLE, TITLE)]
    for text in preamble:
        paragraphs.append(Paragraph(f"p{len(paragraphs) + 1}", "preamble", None, text, text))
    for n, text in enumerate(operative, 1):
        paragraphs.append(Paragraph(f"p{len(paragraphs) + 1}", "operative", str(n), f"{n}. {text}", f"{n}. {text}"))
    return Document("zh", paragraphs, source=f"res{year}.zh.txt", symbol=symbol, date=date)


def file_text(year: int) -> str:
    """The same version as a text file, laid out as a resolution is."""
    symbol, date, preamble, operative = SERIES[year]
    y, m, d = date.split("-")
    session = symbol.split("/")[2]
    lines = [f"议程项目 20", f"{y} 年 {int(m)} 月 {int(d)} 日大会决议", f"{session}/{symbol.split('/')[3]}. {TITLE}",
             "大会，", *preamble, *[f"{n}. {text}" for n, text in enumerate(operative, 1)]]
    return "\n\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def encoder():
    from termalign.models import load_encoder

    return load_encoder("use-m3", cache=False)


@pytest.fixture(scope="module")
def report(encoder):
    from termalign.glossary.drift import analyse

    # given out of order on purpose: the series is ordered by date
    return analyse([document(2022), document(2020), document(2021)], encoder)


def _changes(report, k: int):
    return report.comparisons[k].changes


def _by_new_number(changes, number: str):
    return next(c for c in changes if c.new_number == number)


# --- ordering and paragraph correspondence

def test_versions_are_ordered_by_date_not_argument_order(report):
    assert [v.date for v in report.versions] == ["2020-12-21", "2021-12-20", "2022-12-19"]
    assert report.versions[0].label == "2020 A/RES/75/310"


def test_unchanged_and_edited_paragraphs(report):
    changes = _changes(report, 0)
    concern = next(c for c in changes if c.new_text.startswith("关切地注意到"))
    assert concern.status == "unchanged" and not concern.diff
    invite = next(c for c in changes if c.new_text.startswith("邀请国际电信联盟"))
    assert invite.status == "edited"
    replaced = [(op.old.strip(), op.new.strip()) for op in invite.diff if op.tag == "replace"]
    assert ("2021", "2022") in replaced


def test_new_paragraph_renumbers_the_following_ones(report):
    changes = _changes(report, 0)
    welcome = next(c for c in changes if c.new_text.startswith("欢迎各区域委员会"))
    assert welcome.status == "new" and welcome.old_ids == []
    training = _by_new_number(changes, "3")
    assert training.status == "unchanged" and training.old_number == "2" and training.renumbered


def test_dropped_and_moved_paragraphs(report):
    changes = _changes(report, 1)
    welcome = next(c for c in changes if c.old_text.startswith("欢迎各区域委员会"))
    assert welcome.status == "dropped" and welcome.new_ids == []
    invite = _by_new_number(changes, "1")
    assert invite.status == "moved" and invite.old_number == "4"
    assert any(op.tag == "replace" and (op.old.strip(), op.new.strip()) == ("2022", "2023") for op in invite.diff)
    added = next(c for c in changes if c.new_text.startswith("强调需要"))
    assert added.status == "new"


def test_character_diff_covers_both_texts(report):
    diffs = [change for comparison in report.comparisons for change in comparison.changes if change.diff]
    assert len(diffs) >= 3
    for change in diffs:
        assert "".join(op.old for op in change.diff) == change.old_text
        assert "".join(op.new for op in change.diff) == change.new_text
        assert change.old_text != change.new_text


# --- substitutions, references, findings

def test_yearly_updates_are_references_not_terms(report):
    references = {(r.occurrence.old, r.occurrence.new) for r in report.substitutions.references}
    assert ("2021", "2022") in references and ("2022", "2023") in references
    assert any("七十六" in old and "七十七" in new for old, new in references)
    terms = {(s.old, s.new) for s in report.substitutions.substitutions}
    assert not any(any(ch.isdigit() for ch in old + new) for old, new in terms)


def test_term_substitutions_are_counted_with_their_versions(report):
    subs = {(s.old, s.new): s for s in report.substitutions.substitutions}
    mobile = subs[("通信", "通讯")]
    assert len(mobile.occurrences) == 3          # 2 in the 2021 preamble, 1 in the 2022 operative paragraph
    assert {(o.old_version, o.new_version) for o in mobile.occurrences} == {(0, 1), (1, 2)}
    assert mobile.term_like
    widest = mobile.forms[0]
    assert (widest.old, widest.new) == ("移动通信网络", "移动通讯网络")
    assert widest.counts == [(3, 0), (1, 2), (0, 3)]


def test_convention_changes(report):
    changes = {(c.old, c.new): report.versions[c.since].label for c in report.findings.changes}
    assert changes[("移动通信网络", "移动通讯网络")] == "2022 A/RES/77/301"
    assert changes[("农村数字服务中心", "乡村数字服务中心")] == "2022 A/RES/77/301"


def test_inconsistency_inside_one_version(report):
    found = [(report.versions[i.version].date[:4], [[w.text for w in v] for v in i.variants])
             for i in report.findings.inconsistencies]
    assert ("2021", [["移动通信网络", "移动通讯网络"]]) in found
    inc = next(i for i in report.findings.inconsistencies if i.version == 1)
    old, new = inc.variants[0]
    assert (old.count, old.where) == (1, ["para 1"])
    assert new.count == 2
    assert all(i.version == 1 for i in report.findings.inconsistencies)


def test_english_series(encoder):
    from termalign.glossary.drift import analyse

    def en(date: str, symbol: str, texts: list[str]) -> Document:
        return Document("en", [Paragraph(f"p{i}", "preamble", None, t, t, lang="en") for i, t in enumerate(texts, 1)],
                        source=f"{symbol}.en.txt", symbol=symbol, date=date)

    old = en("2020-12-21", "A/RES/75/310", [
        "Recalling its resolution 75/310 of 21 December 2020 on digital technologies for rural development,",
        "Noting that mobile telecommunication networks still do not reach many rural areas, and that the cost "
        "of mobile telecommunication networks remains high for many households,",
        "Encourages Member States to extend mobile telecommunication networks in rural areas;",
        "Invites the International Telecommunication Union to report on rural connectivity in 2022;"])
    new = en("2021-12-20", "A/RES/76/288", [
        "Recalling its resolution 76/288 of 20 December 2021 on digital technologies for rural development,",
        "Noting that mobile communication networks still do not reach many rural areas, and that the cost "
        "of mobile communication networks remains high for many households,",
        "Encourages Member States to extend mobile communication networks in rural areas;",
        "Invites the International Telecommunication Union to report on rural connectivity in 2023;",
        "Stresses the need for rural connectivity data disaggregated by sex and age;"])
    report = analyse([new, old], encoder)
    statuses = [c.status for c in report.comparisons[0].changes]
    assert statuses == ["edited", "edited", "edited", "edited", "new"]
    assert [(c.old, c.new) for c in report.findings.changes] == [
        ("mobile telecommunication networks", "mobile communication networks")]
    kinds = {(r.kind, r.occurrence.old, r.occurrence.new) for r in report.substitutions.references}
    assert ("date", "21 December 2020", "20 December 2021") in kinds and ("number", "2022", "2023") in kinds


def _zh_series(texts_by_year: dict[int, list[str]]) -> list[Document]:
    return [Document("zh", [Paragraph(f"p{i}", "preamble", None, t, t) for i, t in enumerate(texts, 1)],
                     source=f"{year}.zh.txt", symbol=f"A/RES/{year - 1945}/1", date=f"{year}-12-20")
            for year, texts in texts_by_year.items()]


def test_an_insertion_is_not_a_substitution(encoder):
    """能力建设和技术转让 → 能力建设、技术转让和可负担的连通 keeps 技术转让 and adds 可负担的连通 (issue 19);
    a real replacement in the same series is still found."""
    from termalign.glossary.drift import analyse

    report = analyse(_zh_series({
        2025: ["认识到能力建设和技术转让对于发展中国家有效利用早期预警系统至关重要，",
               "关切地注意到全世界仍有许多人无法使用因特网，",
               "欢迎因特网治理论坛所做的工作，"],
        2026: ["认识到能力建设、技术转让和可负担的连通对于发展中国家有效利用早期预警系统至关重要，",
               "关切地注意到全世界仍有许多人无法使用互联网，",
               "欢迎互联网治理论坛所做的工作，"],
    }), encoder)
    pairs = {(s.old, s.new) for s in report.substitutions.substitutions}
    assert ("因特网", "互联网") in pairs
    assert not any("可负担" in new or "技术转让" in old for old, new in pairs)


def test_a_term_inside_a_longer_name_is_not_a_variant_use(encoder, tmp_path):
    """In 2026 the Chinese writes 因特网 once on its own and 互联网 only inside the name 互联网治理论坛:
    that is no inconsistency between 因特网 and 互联网, with or without a termbase (issue 19)."""
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.drift import analyse
    from termalign.glossary.termbase import Termbase

    series = _zh_series({
        2025: ["关切地注意到全世界仍有许多人无法使用因特网，", "欢迎因特网治理论坛所做的工作，",
               "邀请因特网治理论坛讨论网络连通问题；"],
        2026: ["关切地注意到全世界仍有许多人无法使用因特网，", "欢迎互联网治理论坛所做的工作，",
               "邀请互联网治理论坛讨论网络连通问题；"],
    })
    report = analyse(series, encoder)
    assert ("因特网治理论坛", "互联网治理论坛") in {(c.old, c.new) for c in report.findings.changes}
    assert report.findings.inconsistencies == []
    with Termbase.open(tmp_path / "terms.db", create=True) as base:
        base.commit_import([
            Concept(None, [Term("zh", "互联网", "preferred"), Term("zh", "因特网", "admitted"),
                           Term("en", "Internet", "preferred")]),
            Concept(None, [Term("zh", "互联网治理论坛", "preferred"), Term("en", "Internet Governance Forum", "preferred")]),
        ], note="test glossary")
        with_base = analyse(series, encoder, termbase=base)
    # 互联网 is used in 2026 only inside the approved name: no mixed usage to report
    assert not any("互联网" in [w.text for v in inc.variants for w in v] for inc in with_base.findings.inconsistencies)

@pytest.fixture
def termbase(tmp_path):
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.termbase import Termbase

    base = Termbase.open(tmp_path / "terms.db", create=True)
    base.commit_import([
        Concept(None, [Term("zh", "移动通信网络", "preferred"), Term("en", "mobile communication network", "preferred")]),
        Concept(None, [Term("zh", "农村数字服务中心", "preferred"), Term("en", "rural digital service centre", "preferred")]),
    ], note="test glossary")
    yield base
    base.close()


def test_termbase_proposals_are_not_written_without_update(encoder, termbase):
    from termalign.glossary.drift import analyse

    before = termbase.latest_version()
    report = analyse([document(y) for y in SERIES], encoder, termbase)
    proposed = {(p.term, p.status) for p in report.findings.proposals}
    assert {("移动通信网络", "superseded"), ("移动通讯网络", "preferred"),
            ("农村数字服务中心", "superseded"), ("乡村数字服务中心", "preferred")} <= proposed
    assert termbase.latest_version() == before and report.termbase_version is None


def test_update_termbase_writes_one_drift_version(encoder, termbase):
    from termalign.glossary.drift import analyse

    before = termbase.latest_version()
    report = analyse([document(y) for y in SERIES], encoder, termbase, update_termbase=True)
    assert report.termbase_version == before + 1 == termbase.latest_version()
    assert termbase.versions()[-1].kind == "drift"
    statuses = {r.text: r.status for r in termbase.term_rows() if r.lang == "zh"}
    assert statuses["移动通信网络"] == "superseded" and statuses["移动通讯网络"] == "preferred"
    assert statuses["乡村数字服务中心"] == "preferred"
    # the two forms now belong to one concept, so 2021 is inconsistent by the termbase too
    again = analyse([document(y) for y in SERIES], encoder, termbase)
    assert any(i.source == "termbase" and i.version == 1 for i in again.findings.inconsistencies)
    assert not again.findings.proposals


# --- reports and command line

def test_html_is_self_contained_and_escaped(report):
    from termalign.glossary.drift.report import to_html

    page = to_html([report])
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "移动通讯网络" in page and "<ins>" in page and "<del>" in page
    report.versions[0].doc.source = "<b>x</b>.txt"
    assert "&lt;b&gt;x&lt;/b&gt;.txt" in to_html([report])


@pytest.mark.slow
def test_cli_json_and_html(tmp_path, run_cli):
    paths = []
    for year in (2022, 2020, 2021):
        path = tmp_path / f"res{year}.zh.txt"
        path.write_text(file_text(year), encoding="utf-8")
        paths.append(path)
    result = run_cli("drift", *paths, "-o", tmp_path / "drift.html", "--json", tmp_path / "drift.json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "drift.json").read_text(encoding="utf-8"))
    series = data["series"][0]
    assert [v["date"] for v in series["versions"]] == ["2020-12-21", "2021-12-20", "2022-12-19"]
    assert {"old": "移动通信网络", "new": "移动通讯网络", "since": "2022 A/RES/77/301"}.items() <= \
        next(c for c in series["convention_changes"] if c["old"] == "移动通信网络").items()
    assert series["comparisons"][0]["summary"]["new"] == 1
    assert (tmp_path / "drift.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


EN_FILES = {
    2020: ("Seventy-fifth session", "21 December 2020", "75/310", "telecommunication", "2021"),
    2021: ("Seventy-sixth session", "20 December 2021", "76/288", "communication", "2022"),
}


def en_file_text(year: int) -> str:
    session, date, number, word, next_year = EN_FILES[year]
    return "\n\n".join([
        session, "Agenda item 20", f"Resolution adopted by the General Assembly on {date}",
        f"{number}. Digital technologies for rural development", "The General Assembly,",
        f"Noting that mobile {word} networks still do not reach many rural areas, and that mobile {word} "
        "networks remain costly for many households,",
        f"1. Encourages Member States to extend mobile {word} networks in rural areas;",
        f"2. Invites the International Telecommunication Union to report on rural connectivity in {next_year};",
    ]) + "\n"


@pytest.mark.slow
def test_cli_groups_the_languages(tmp_path, run_cli):
    paths = []
    for year in (2021, 2020):
        paths += [tmp_path / f"res{year}.en.txt", tmp_path / f"res{year}.zh.txt"]
        paths[-2].write_text(en_file_text(year), encoding="utf-8")
        paths[-1].write_text(file_text(year), encoding="utf-8")
    result = run_cli("drift", *paths, "--json", tmp_path / "drift.json")
    assert result.exit_code == 0, result.output
    series = {s["language"]: s for s in json.loads((tmp_path / "drift.json").read_text(encoding="utf-8"))["series"]}
    assert set(series) == {"zh", "en"}
    assert [v["label"] for v in series["en"]["versions"]] == ["2020 A/RES/75/310", "2021 A/RES/76/288"]
    assert [(c["old"], c["new"]) for c in series["en"]["convention_changes"]] == [
        ("mobile telecommunication networks", "mobile communication networks")]
    result = run_cli("drift", *paths)
    assert "series (en)" in result.stdout and "series (zh)" in result.stdout


@pytest.mark.slow
def test_cli_update_termbase(tmp_path, run_cli, termbase):
    paths = []
    for year in SERIES:
        paths.append(tmp_path / f"res{year}.zh.txt")
        paths[-1].write_text(file_text(year), encoding="utf-8")
    before = termbase.latest_version()
    result = run_cli("drift", *paths, "--termbase", tmp_path / "terms.db")
    assert result.exit_code == 0 and "移动通信网络: preferred → superseded" in result.stdout
    assert termbase.latest_version() == before
    result = run_cli("drift", *paths, "--termbase", tmp_path / "terms.db", "--update-termbase")
    assert result.exit_code == 0 and f"written as version {before + 1}" in result.stdout
    assert termbase.latest_version() == before + 1


def test_cli_bad_input(tmp_path, run_cli):
    one = tmp_path / "res2020.zh.txt"
    one.write_text(file_text(2020), encoding="utf-8")
    result = run_cli("drift", one)
    assert result.exit_code == 2 and "two or more" in result.output
    result = run_cli("drift", one, one, "--update-termbase")
    assert result.exit_code == 2 and "--termbase" in result.output
    result = run_cli("drift", one, tmp_path / "missing.txt")
    assert result.exit_code == 2


# --- the five seed documents

@pytest.mark.slow
def test_seed_series(shared_dir, encoder):
    from termalign.align.reader import read_document
    from termalign.glossary.drift import analyse

    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    report = analyse([read_document(p) for p in seeds], encoder)
    years = [v.date[:4] for v in report.versions]
    assert years == ["2017", "2018", "2019", "2021", "2024"]
    changes = {(c.old, c.new): years[c.since] for c in report.findings.changes}
    assert changes[("信息社会世界首脑会议", "信息社会世界峰会")] == "2018"
    assert changes[("因特网治理论坛", "互联网治理论坛")] == "2024"
    in_2018 = [[w.text for w in v] for i in report.findings.inconsistencies if years[i.version] == "2018"
               for v in i.variants]
    assert ["因特网治理论坛", "互联网治理论坛"] in in_2018
