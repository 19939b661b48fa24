"""The QA report as one self-contained HTML file: readable offline, printable, filterable.

Every piece of document text is escaped (the report shows untrusted
documents); the only script is the small inline filter below, which reads
check ids from data attributes and never touches document text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timezone
from html import escape

from termalign.align.document import LANGS
from termalign.align.bitext import BeadRecord
from termalign.glossary.qa.base import SEVERITIES, Check, Finding, paragraph_labels
from termalign.glossary.qa.run import counts
from termalign import __version__

LANG_NAMES = {"zh": "Chinese", "en": "English"}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
 margin:1.5rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.meta{color:#555;margin:0}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f1f3f5}
table.summary{width:auto}table.summary td.n{text-align:right;font-variant-numeric:tabular-nums}
td.zero{color:#aaa}
.bitext td.para{white-space:nowrap;color:#555;width:4rem}
.bitext td.text{width:48%}
.bitext tr.unit.none td.text{color:#777}
mark.hl{background:#ffe08a;border-bottom:2px solid #d9480f;padding:0 1px}
mark.hl.off{background:none;border-bottom:none}
tr.findings td{background:#fafafa;border-top:none}
ul.found{margin:0;padding-left:1.1rem}
li.finding{margin:.15rem 0}
.badge{display:inline-block;font-size:.75rem;font-weight:600;border-radius:.25rem;padding:0 .35rem;
 margin-right:.3rem;color:#fff;text-transform:uppercase}
.sev-error .badge,.badge.sev-error{background:#c92a2a}.sev-warning .badge,.badge.sev-warning{background:#e67700}
.sev-info .badge,.badge.sev-info{background:#1971c2}
.check-id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
.filters{margin:.6rem 0;padding:.5rem .7rem;border:1px solid #ddd;background:#f8f9fa}
.filters label{margin-right:1rem;white-space:nowrap}
.empty{color:#2b8a3e;font-weight:600}
@media print{.filters{display:none}body{margin:0}tr{break-inside:avoid}
 mark.hl{background:none;border-bottom:2px solid #000;-webkit-print-color-adjust:exact}}
"""

# Hides findings (and their highlights) of unchecked checks, and optionally units without findings.
_JS = """
(function(){
 var boxes=document.querySelectorAll('.filters input[data-check]');
 var only=document.getElementById('only-findings');
 function apply(){
  var on={};boxes.forEach(function(b){if(b.checked)on[b.dataset.check]=1;});
  document.querySelectorAll('li.finding').forEach(function(li){li.hidden=!on[li.dataset.check];});
  document.querySelectorAll('mark.hl').forEach(function(m){
   var any=m.dataset.checks.split(' ').some(function(c){return on[c];});m.classList.toggle('off',!any);});
  document.querySelectorAll('tr.unit').forEach(function(tr){
   var next=tr.nextElementSibling,shown=0;
   if(next&&next.classList.contains('findings')){
    shown=next.querySelectorAll('li.finding:not([hidden])').length;next.hidden=!shown;}
   tr.hidden=only.checked&&!shown;});
 }
 boxes.forEach(function(b){b.addEventListener('change',apply);});
 only.addEventListener('change',apply);
 document.getElementById('all-checks').addEventListener('click',function(e){
  e.preventDefault();boxes.forEach(function(b){b.checked=true;});apply();});
 apply();
})();
"""


def highlight(text: str, marks: list[tuple[int, int, str]]) -> str:
    """TEXT escaped, with each (start, end, check id) span wrapped in <mark>; overlaps are merged."""
    n = len(text)
    marks = [(max(0, a), min(n, b), c) for a, b, c in marks if min(n, b) > max(0, a)]
    if not marks:
        return escape(text)
    cuts = sorted({0, n, *(a for a, _, _ in marks), *(b for _, b, _ in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        checks = sorted({c for s, e, c in marks if s <= a and b <= e})
        if checks:
            ids = " ".join(checks)
            out.append(f'<mark class="hl" data-checks="{escape(ids)}" title="{escape(ids)}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _paragraph_cell(record: BeadRecord, source_lang: str) -> str:
    target_lang = "en" if source_lang == "zh" else "zh"
    src, tgt = paragraph_labels(record, source_lang), paragraph_labels(record, target_lang)
    left, right = " ".join(src), " ".join(tgt)
    return escape(left if left == right else f"{left or '–'} / {right or '–'}")


def _finding_item(f: Finding) -> str:
    return (f'<li class="finding sev-{escape(f.severity)}" data-check="{escape(f.check)}">'
            f'<span class="badge">{escape(f.severity)}</span><span class="check-id">{escape(f.check)}</span> '
            f"{escape(f.message)}</li>")


def _summary(findings: list[Finding], checks: list[Check]) -> str:
    table = counts(findings)
    rows = []
    for c in checks:
        cells = []
        for s in SEVERITIES:
            n = table.get(c.id, {}).get(s, 0)
            cells.append(f'<td class="n{" zero" if not n else ""}">{n}</td>')
        rows.append(f'<tr><td class="check-id">{escape(c.id)}</td><td>{escape(c.title)}</td>{"".join(cells)}</tr>')
    totals = "".join(f'<td class="n">{sum(f.severity == s for f in findings)}</td>' for s in SEVERITIES)
    head = "".join(f'<th><span class="badge sev-{s}">{s}</span></th>' for s in SEVERITIES)
    return (f'<table class="summary"><thead><tr><th>Check</th><th>What it flags</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody><tfoot><tr><th colspan="2">All checks</th>{totals}</tr></tfoot></table>')


def _filters(checks: list[Check]) -> str:
    boxes = "".join(f'<label><input type="checkbox" checked data-check="{escape(c.id)}"> '
                    f'<span class="check-id">{escape(c.id)}</span></label>' for c in checks)
    return (f'<form class="filters" onsubmit="return false"><strong>Show checks:</strong> {boxes}'
            '<a href="#" id="all-checks">all</a><br><label><input type="checkbox" id="only-findings"> '
            'only units with findings</label></form>')


def _document(number: int, doc: str, records: list[BeadRecord], by_unit: dict[tuple[str, int], list[Finding]],
              source_lang: str) -> str:
    target_lang = "en" if source_lang == "zh" else "zh"
    rows = []
    for n, record in enumerate(records):
        found = by_unit.get((doc, n), [])
        marks = {lang: [(a, b, f.check) for f in found for a, b in f.spans(lang)] for lang in LANGS}
        texts = {"zh": record.zh, "en": record.en}
        cells = "".join(f'<td class="text" lang="{lang}">{highlight(texts[lang], marks[lang])}</td>'
                        for lang in (source_lang, target_lang))
        checks = " ".join(sorted({f.check for f in found}))
        rows.append(f'<tr class="unit{" none" if not found else ""}" id="u{number}-{n}" '
                    f'data-checks="{escape(checks)}"><td class="para">{_paragraph_cell(record, source_lang)}</td>'
                    f"{cells}</tr>")
        if found:
            items = "".join(_finding_item(f) for f in found)
            rows.append(f'<tr class="findings"><td></td><td colspan="2"><ul class="found">{items}</ul></td></tr>')
    return (f"<h2>Document: {escape(doc)}</h2>"
            f'<table class="bitext"><thead><tr><th>¶</th><th>Source ({LANG_NAMES[source_lang]})</th>'
            f'<th>Translation ({LANG_NAMES[target_lang]})</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def render_html(records: Iterable[BeadRecord], findings: list[Finding], checks: Iterable[Check],
                source_lang: str, inputs: dict[str, str]) -> str:
    """The whole report: summary by check and severity, filters, then each document side by side."""
    checks = list(checks)
    records = list(records)
    by_unit: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for f in findings:
        by_unit[(f.doc, f.position)].append(f)
    docs: dict[str, list[BeadRecord]] = defaultdict(list)
    for r in records:
        docs[r.doc].append(r)
    orphans = [f for f in findings if not 0 <= f.position < len(docs.get(f.doc, ()))]
    title = ", ".join(docs) or "QA report"
    created = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    described = " · ".join(f"{escape(k)}: {escape(v)}" for k, v in inputs.items())
    verdict = ("" if findings else '<p class="empty">No findings.</p>')
    body = "".join(_document(n, doc, recs, by_unit, source_lang) for n, (doc, recs) in enumerate(docs.items(), 1))
    if orphans:
        body += ("<h2>Findings outside the aligned text</h2><ul class=\"found\">"
                 + "".join(_finding_item(f) for f in orphans) + "</ul>")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>QA report — {escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<h1>Translation QA report</h1>"
            f'<p class="meta">{described}<br>Source language: {LANG_NAMES[source_lang]} · '
            f"{len(records)} aligned units · {len(findings)} findings · termalign {escape(__version__)} · "
            f"{created}</p>"
            f"<h2>Summary</h2>{_summary(findings, checks)}{verdict}{_filters(checks)}{body}"
            f"<script>{_JS}</script></body></html>\n")
