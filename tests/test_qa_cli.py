"""`termalign qa` end to end: bitext and document inputs, report files, exit codes."""

from __future__ import annotations

import json

import lxml.html
import pytest
from qa_fixtures import CLEAN_PAIRS, make_termbase, records

from termalign.align.bitext import write_jsonl

PLANTED = CLEAN_PAIRS[:4] + [
    ("5. 请秘书长在2019年12月19日前就因特网治理论坛提交报告；",
     "5. Requests the Secretary-General to report on the Internet Government Forum by 18 December 2019;"),
]


def _jsonl(path, pairs):
    with open(path, "w", encoding="utf-8") as handle:
        write_jsonl(records(pairs), handle)
    return path


def test_list_checks(run_cli) -> None:
    result = run_cli("qa", "--list-checks")
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert ids[:3] == ["missing", "extra", "low-score"]
    assert {"numbers", "dates", "symbols", "term-deprecated", "end-punct"} <= set(ids)


def test_bitext_writes_html_json_and_csv(run_cli, tmp_path) -> None:
    bitext = _jsonl(tmp_path / "draft.jsonl", PLANTED)
    tb = make_termbase(tmp_path / "terms.tb")
    tb.close()
    html, js, csv_path = tmp_path / "r.html", tmp_path / "r.json", tmp_path / "r.csv"
    result = run_cli("qa", "--bitext", bitext, "--termbase", tmp_path / "terms.tb", "-o", html,
                     "--json", js, "--csv", csv_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""                       # reports went to files
    data = json.loads(js.read_text(encoding="utf-8"))
    assert sorted(f["check"] for f in data["findings"]) == ["dates", "term-deprecated"]
    assert data["inputs"] == {"bitext": "draft.jsonl", "termbase": "terms.tb"}
    tree = lxml.html.fromstring(html.read_text(encoding="utf-8"))
    assert len(tree.xpath('//li[contains(@class, "finding")]')) == 2
    assert len(csv_path.read_text(encoding="utf-8").splitlines()) == 3


def test_text_listing_on_stdout(run_cli, tmp_path) -> None:
    result = run_cli("qa", "--bitext", _jsonl(tmp_path / "d.jsonl", PLANTED))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and "\terror\tdates\t" in lines[0]


def test_fail_on_sets_the_exit_code(run_cli, tmp_path) -> None:
    planted = _jsonl(tmp_path / "planted.jsonl", PLANTED)
    clean = _jsonl(tmp_path / "clean.jsonl", CLEAN_PAIRS)
    assert run_cli("qa", "--bitext", planted, "--fail-on", "error").exit_code == 1
    assert run_cli("qa", "--bitext", planted, "--fail-on", "warning").exit_code == 1
    assert run_cli("qa", "--bitext", clean, "--fail-on", "warning").exit_code == 0
    # only warnings: --fail-on error passes
    warn = _jsonl(tmp_path / "warn.jsonl", [("请会员国提交报告", "Invites the the Member States to report")])
    assert run_cli("qa", "--bitext", warn, "--fail-on", "error").exit_code == 0


def test_checks_option_and_json_on_stdout(run_cli, tmp_path) -> None:
    result = run_cli("qa", "--bitext", _jsonl(tmp_path / "d.jsonl", PLANTED), "--checks", "numbers,symbols",
                     "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["checks"]] == ["numbers", "symbols"] and data["findings"] == []


def test_tmx_bitext(run_cli, tmp_path) -> None:
    from termalign.align.tmx import write_tmx

    path = tmp_path / "draft.tmx"
    write_tmx(records(PLANTED), path, segtype="paragraph")
    result = run_cli("qa", "--bitext", path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [f["check"] for f in json.loads(result.stdout)["findings"]] == ["dates"]


@pytest.mark.parametrize("args, message", [
    (["qa"], "give SOURCE and TARGET"),
    (["qa", "a.txt", "b.txt", "--bitext", "c.jsonl"], "not both"),
    (["qa", "--bitext", "nowhere.jsonl"], "no such file"),
    (["qa", "--bitext", "{bitext}", "--checks", "spelling"], "unknown check spelling"),
    (["qa", "--bitext", "{bitext}", "--checks", "term-missing"], "needs a termbase"),
    (["qa", "--bitext", "{bitext}", "--termbase", "missing.tb"], "not found"),
    (["qa", "--bitext", "{garbage}"], "not an alignment record"),
])
def test_bad_input_is_a_one_line_error(run_cli, tmp_path, monkeypatch, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    bitext = _jsonl(tmp_path / "d.jsonl", PLANTED)
    garbage = tmp_path / "g.jsonl"
    garbage.write_text('{"nothing": 1}\n', encoding="utf-8")
    result = run_cli(*[a.format(bitext=bitext, garbage=garbage) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


ZH_DOC = """大会，

回顾其2019年12月19日第74/197号决议，

1. 欢迎因特网治理论坛第十四届会议于2019年11月25日至29日在柏林举行；

2. 注意到百分之十七的会员国已提交国家报告；

3. 请秘书长向大会第七十五届会议提交报告。
"""

EN_DOC = """The General Assembly,

Recalling its resolution 74/197 of 19 December 2019,

1. Welcomes the holding of the fourteenth meeting of the Internet Governance Forum in Berlin from 25 to 28 November 2019;

2. Notes that 17 per cent of Member States have submitted national reports;

4. Requests the Secretary-General to report to the General Assembly at its seventy-fifth session.
"""


@pytest.mark.slow
def test_documents_are_read_aligned_and_checked(run_cli, tmp_path) -> None:
    (tmp_path / "r.zh.txt").write_text(ZH_DOC, encoding="utf-8")
    (tmp_path / "r.en.txt").write_text(EN_DOC, encoding="utf-8")
    result = run_cli("qa", tmp_path / "r.zh.txt", tmp_path / "r.en.txt", "--format", "json",
                     "--fail-on", "error")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert sorted(f["check"] for f in findings) == ["dates", "numbering"]
    # the reverse direction: the English is the source
    result = run_cli("qa", tmp_path / "r.en.txt", tmp_path / "r.zh.txt", "--format", "json")
    data = json.loads(result.stdout)
    assert data["source_lang"] == "en" and sorted(f["check"] for f in data["findings"]) == ["dates", "numbering"]


def test_two_documents_in_the_same_language_are_refused(run_cli, tmp_path) -> None:
    (tmp_path / "a.txt").write_text(EN_DOC, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN_DOC, encoding="utf-8")
    result = run_cli("qa", tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.exit_code == 2 and "both in English" in result.output


@pytest.mark.slow
def test_a_memory_without_scores_is_scored_for_the_low_score_check(run_cli, tmp_path) -> None:
    units = [(f"第{n}次会议讨论了预算问题。", f"The {n}th meeting discussed the budget.") for n in range(1, 11)]
    units.append(("委员会建议大会核准该项目。", "Heavy rain fell across the northern provinces overnight."))
    body = "".join(f'<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
                   for zh, en in units)
    path = tmp_path / "memory.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="x" '
                    'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="zh-CN" '
                    f'datatype="plaintext"/><body>{body}</body></tmx>', encoding="utf-8")
    result = run_cli("qa", "--bitext", path, "--checks", "low-score", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [f["en"] for f in findings] == [units[-1][1]]
