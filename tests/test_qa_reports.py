"""The QA report formats: HTML that parses and shows every finding, JSON that round-trips, CSV."""

from __future__ import annotations

import csv
import io
import json

import lxml.html
from qa_fixtures import CLEAN_PAIRS, records

from termalign.glossary.qa import REGISTRY, run_checks
from termalign.glossary.qa.report_csv import COLUMNS, write_csv
from termalign.glossary.qa.report_html import highlight, render_html
from termalign.glossary.qa.report_json import SCHEMA, read_json, write_json

PAIRS = CLEAN_PAIRS[:3] + [
    ("5. 请秘书长在2019年12月19日前提交A/RES/74/197号文件所述报告；",
     "5. Requests the Secretary-General to submit the report described in A/RES/74/179 by 18 December 2019；"),
    ("有141项指控<b>被认定</b>查无实据。", "142 allegations <script>alert('x')</script> were the the unfounded."),
    ("6. 决定继续处理此案。", ""),
]


def _findings():
    recs = records(PAIRS)
    return recs, run_checks(recs, None)


def test_html_parses_and_contains_every_finding() -> None:
    recs, findings = _findings()
    assert {f.check for f in findings} >= {"numbers", "dates", "symbols", "punct-width", "repeated-word", "missing"}
    page = render_html(recs, findings, REGISTRY.values(), "zh", {"source": "r.zh.txt", "translation": "r.en.txt"})
    tree = lxml.html.fromstring(page)
    items = tree.xpath('//li[contains(@class, "finding")]')
    assert len(items) == len(findings)
    assert [li.get("data-check") for li in items] == [f.check for f in findings]
    for li, f in zip(items, findings):
        assert f.message in li.text_content()
    # every offending excerpt is highlighted
    marks = [m.text_content() for m in tree.xpath("//mark")]
    for f in findings:
        for excerpt in f.excerpts("zh") + f.excerpts("en"):
            assert any(excerpt in m or m in excerpt for m in marks), excerpt
    # a summary row and a filter box for every check
    assert len(tree.xpath('//table[@class="summary"]/tbody/tr')) == len(REGISTRY)
    assert len(tree.xpath('//input[@data-check]')) == len(REGISTRY)


def test_html_escapes_document_text_and_loads_nothing_from_the_network() -> None:
    recs, findings = _findings()
    page = render_html(recs, findings, REGISTRY.values(), "zh", {"source": "<i>x</i>"})
    tree = lxml.html.fromstring(page)
    assert len(tree.xpath("//script")) == 1          # only the report's own filter script
    assert tree.xpath("//b") == [] and tree.xpath("//i") == []
    assert "<script>alert('x')</script>" in tree.text_content()
    assert "http://" not in page and "https://" not in page
    assert not tree.xpath("//link | //img | //iframe | //*[@src]")


def test_highlight_merges_overlapping_spans() -> None:
    html = highlight("a<b>c", [(0, 3, "numbers"), (2, 5, "dates")])
    tree = lxml.html.fromstring(f"<p>{html}</p>")
    assert tree.text_content() == "a<b>c"
    assert [(m.text_content(), m.get("data-checks")) for m in tree.xpath("//mark")] == [
        ("a<", "numbers"), ("b", "dates numbers"), (">c", "dates")]


def test_clean_report_says_so() -> None:
    recs = records(CLEAN_PAIRS)
    page = render_html(recs, [], REGISTRY.values(), "zh", {})
    assert "No findings." in lxml.html.fromstring(page).text_content()


def test_json_round_trips(tmp_path) -> None:
    _, findings = _findings()
    path = tmp_path / "report.json"
    with open(path, "w", encoding="utf-8") as handle:
        write_json(findings, REGISTRY.values(), "zh", {"bitext": "r.jsonl"}, handle)
    header, again = read_json(path)
    assert again == findings
    assert header["schema"] == SCHEMA and header["source_lang"] == "zh" and header["target_lang"] == "en"
    assert header["summary"]["findings"] == len(findings)
    assert header["summary"]["by_check"]["numbers"]["error"] == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    first = data["findings"][0]
    assert set(first) == {"check", "severity", "message", "doc", "bead", "position", "zh_paragraphs",
                          "en_paragraphs", "zh", "en", "zh_spans", "en_spans"}


def test_csv_has_one_row_per_finding_with_marked_text() -> None:
    _, findings = _findings()
    out = io.StringIO()
    write_csv(findings, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(findings)
    numbers = next(r for r in rows if r["check"] == "numbers")
    assert numbers["zh_marked"] == "141" and numbers["en_marked"] == "142"
    assert numbers["zh_spans"] == "1-4"


def test_each_finding_is_shown_under_its_own_unit() -> None:
    # a dropped paragraph and an added one: both beads are called "…#p2" (zh p2 and en p2)
    recs = records([("1. 欢迎报告；", "1. Welcomes the report;"), ("2. 请秘书长提交报告；", ""),
                    ("", "2. Decides to remain seized of the matter.")])
    recs[2].en_ids = ["p2"]
    assert recs[1].id == recs[2].id
    findings = run_checks(recs, None)
    tree = lxml.html.fromstring(render_html(recs, findings, REGISTRY.values(), "zh", {}))
    rows = tree.xpath('//tr[contains(@class, "findings")]')
    assert [[li.get("data-check") for li in row.xpath(".//li")] for row in rows] == [["missing"], ["extra"]]
