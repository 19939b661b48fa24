"""The drift report as JSON (for tools) and as one self-contained HTML page (for people).

The HTML page loads nothing from the network and escapes every text it shows.
"""

from __future__ import annotations

import html
from collections import Counter

from termalign.glossary.drift import SeriesReport
from termalign.glossary.drift.correspondence import STATUSES, ParagraphChange
from termalign.glossary.drift.substitutions import FormPair

# --- JSON

def _form_json(form: FormPair, report: SeriesReport) -> dict:
    labels = [v.label for v in report.versions]
    return {
        "old": form.old, "new": form.new, "status": form.status,
        "changed_in": labels[form.changed_in] if form.changed_in is not None else None,
        "observed": form.observed,
        "timeline": [{"version": label, "old": a, "new": b} for label, (a, b) in zip(labels, form.counts)],
        "inconsistent_in": [labels[i] for i in form.inconsistent_in],
    }


def _change_json(change: ParagraphChange) -> dict:
    return {
        "status": change.status, "old_ids": change.old_ids, "new_ids": change.new_ids,
        "old_number": change.old_number, "new_number": change.new_number, "renumbered": change.renumbered,
        "similarity": round(change.similarity, 3), "old_text": change.old_text, "new_text": change.new_text,
        "diff": [{"op": op.tag, "old": op.old, "new": op.new} for op in change.diff],
    }


def series_json(report: SeriesReport) -> dict:
    labels = [v.label for v in report.versions]
    findings = report.findings
    return {
        "language": report.lang,
        "versions": [{"label": v.label, "source": v.doc.source, "symbol": v.doc.symbol, "date": v.date,
                      "paragraphs": len(v.paragraphs)} for v in report.versions],
        "notes": report.notes,
        "comparisons": [{
            "old": c.old.label, "new": c.new.label,
            "summary": {**{s: c.counts()[s] for s in STATUSES}, "renumbered": c.renumbered()},
            "paragraphs": [_change_json(ch) for ch in c.changes],
        } for c in report.comparisons],
        "convention_changes": [{
            "old": ch.old, "new": ch.new, "since": labels[ch.since], "source": ch.source, "concept": ch.concept,
            "forms": [_form_json(f, report) for f in ch.forms],
        } for ch in findings.changes],
        "inconsistencies": [{
            "version": labels[inc.version], "source": inc.source, "concept": inc.concept,
            "variants": [[{"text": w.text, "count": w.count, "paragraphs": w.where} for w in variant]
                         for variant in inc.variants],
        } for inc in findings.inconsistencies],
        "substitutions": [{
            "old": s.old, "new": s.new, "count": len(s.occurrences), "term_like": s.term_like,
            "seen": [{"old_version": labels[o.old_version], "new_version": labels[o.new_version],
                      "old_paragraph": o.old_paragraph, "new_paragraph": o.new_paragraph,
                      "old": o.old, "new": o.new} for o in s.occurrences],
            "forms": [_form_json(f, report) for f in s.forms],
        } for s in report.substitutions.substitutions],
        "updated_references": [{
            "kind": r.kind, "old": r.occurrence.old, "new": r.occurrence.new,
            "old_version": labels[r.occurrence.old_version], "new_version": labels[r.occurrence.new_version],
            "old_paragraph": r.occurrence.old_paragraph, "new_paragraph": r.occurrence.new_paragraph,
        } for r in report.substitutions.references],
        "termbase": {
            "used": report.used_termbase,
            "proposals": [{"concept": p.concept, "lang": p.lang, "term": p.term, "status": p.status,
                           "current": p.current, "reason": p.reason} for p in findings.proposals],
            "conflicts": findings.conflicts,
            "written_version": report.termbase_version,
        },
    }


def to_json(reports: list[SeriesReport]) -> dict:
    return {"report": "termalign drift", "series": [series_json(r) for r in reports]}


# --- text summary

def summary_lines(report: SeriesReport) -> list[str]:
    """A few lines for the terminal: the versions, the findings, the paragraph counts."""
    labels = [v.label for v in report.versions]
    lines = [f"series ({report.lang}): " + " → ".join(labels)]
    for c in report.comparisons:
        counts = c.counts()
        lines.append(f"  {c.old.label} → {c.new.label}: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES)
                     + f", {c.renumbered()} renumbered")
    for ch in report.findings.changes:
        lines.append(f"convention change: {ch.old} → {ch.new} from {labels[ch.since]} ({ch.source})")
    for inc in report.findings.inconsistencies:
        forms = "; ".join(" / ".join(f"{w.text} ×{w.count}" for w in v) for v in inc.variants)
        lines.append(f"inconsistent in {labels[inc.version]}: {forms}")
    subs = report.substitutions
    lines.append(f"{len(subs.substitutions)} substitutions ({sum(s.term_like for s in subs.substitutions)} "
                 f"term-like), {len(subs.references)} updated references")
    for p in report.findings.proposals:
        lines.append(f"termbase: {p.concept} {p.term}: {p.current or 'new'} → {p.status}")
    if report.termbase_version is not None:
        lines.append(f"termbase: written as version {report.termbase_version}")
    return lines


# --- HTML

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;line-height:1.5;color:#222}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#f3f3f3;text-align:left}.num{text-align:right}
.old{color:#8a1c1c}.new{color:#1b5e20}.both{background:#fff3c4}.only-old{background:#fde2e2}.only-new{background:#e0f2e3}
del{background:#fbb;text-decoration:line-through}ins{background:#bfb;text-decoration:none}
.diff td{width:50%}.badge{font-size:.8em;padding:0 .4em;border-radius:.3em;background:#eee;white-space:nowrap}
.unchanged{color:#777}.edited .badge{background:#ffe7a8}.new .badge{background:#c9f0c9}.dropped .badge{background:#f6c0c0}
.moved .badge{background:#cfe0ff}.muted{color:#777}details{margin:.5em 0}summary{cursor:pointer}
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _timeline_rows(report: SeriesReport) -> list[FormPair]:
    """The form pairs behind the findings first, then the other term forms judged."""
    rows, seen = [], set()
    for form in [f for ch in report.findings.changes for f in ch.forms] + report.findings.forms:
        if (form.old, form.new) not in seen:
            seen.add((form.old, form.new))
            rows.append(form)
    return rows


def _timeline(report: SeriesReport) -> str:
    labels = [v.label for v in report.versions]
    out = ["<table><tr><th>old form</th><th>new form</th><th>status</th>"
           + "".join(f"<th>{_e(label)}</th>" for label in labels) + "</tr>"]
    for form in _timeline_rows(report):
        status = (f"changed from {_e(labels[form.changed_in])}" if form.status == "changed"
                  and form.changed_in is not None else _e(form.status))
        cells = []
        for a, b in form.counts:
            css = "both" if a and b else "only-old" if a else "only-new" if b else ""
            cells.append(f'<td class="num {css}"><span class="old">{a}</span> / <span class="new">{b}</span></td>')
        out.append(f'<tr><td class="old">{_e(form.old)}</td><td class="new">{_e(form.new)}</td>'
                   f"<td>{status}</td>{''.join(cells)}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _diff_cells(change: ParagraphChange) -> tuple[str, str]:
    if not change.diff:
        return _e(change.old_text), _e(change.new_text)
    old, new = [], []
    for op in change.diff:
        if op.tag == "equal":
            old.append(_e(op.old))
            new.append(_e(op.new))
            continue
        if op.old:
            old.append(f"<del>{_e(op.old)}</del>")
        if op.new:
            new.append(f"<ins>{_e(op.new)}</ins>")
    return "".join(old), "".join(new)


def _comparison(report: SeriesReport, k: int) -> str:
    c = report.comparisons[k]
    counts = c.counts()
    head = ", ".join(f"{counts[s]} {s}" for s in STATUSES) + f", {c.renumbered()} renumbered"
    rows = []
    for change in c.changes:
        old_cell, new_cell = _diff_cells(change)
        number = ""
        if change.renumbered:
            number = f" para {_e(change.old_number)} → {_e(change.new_number)}"
        ids = f"{_e(' + '.join(change.old_ids) or '—')} → {_e(' + '.join(change.new_ids) or '—')}"
        rows.append(f'<tr class="{change.status}"><td colspan="2"><span class="badge">{change.status}{number}'
                    f'</span> <span class="muted">{ids}</span></td></tr>'
                    f'<tr class="{change.status}"><td>{old_cell}</td><td>{new_cell}</td></tr>')
    return (f"<details><summary><b>{_e(c.old.label)} → {_e(c.new.label)}</b>: {_e(head)}</summary>"
            f'<table class="diff"><tr><th>{_e(c.old.label)}</th><th>{_e(c.new.label)}</th></tr>'
            + "".join(rows) + "</table></details>")


def _series_html(report: SeriesReport) -> str:
    labels = [v.label for v in report.versions]
    f = report.findings
    parts = [f"<h2>Series ({_e(report.lang)}): {len(report.versions)} versions</h2>",
             "<table><tr><th>version</th><th>date</th><th>file</th><th>paragraphs</th></tr>"]
    parts += [f"<tr><td>{_e(v.label)}</td><td>{_e(v.date)}</td><td>{_e(v.doc.source)}</td>"
              f'<td class="num">{len(v.paragraphs)}</td></tr>' for v in report.versions]
    parts.append("</table>")
    parts += [f'<p class="muted">{_e(n)}</p>' for n in report.notes]

    parts.append("<h3>Convention changes</h3>")
    if f.changes:
        parts.append("<table><tr><th>old</th><th>new</th><th>from</th><th>found by</th><th>also</th></tr>")
        parts += [f'<tr><td class="old">{_e(ch.old)}</td><td class="new">{_e(ch.new)}</td>'
                  f"<td>{_e(labels[ch.since])}</td><td>{_e(ch.source)} {_e(ch.concept or '')}</td>"
                  f"<td>{'<br>'.join(_e(x.old + ' → ' + x.new) for x in ch.forms[1:])}</td></tr>" for ch in f.changes]
        parts.append("</table>")
    else:
        parts.append('<p class="muted">none found</p>')

    parts.append("<h3>Timeline of term forms</h3><p class=\"muted\">occurrences per version: "
                 '<span class="old">old form</span> / <span class="new">new form</span></p>')
    parts.append(_timeline(report))

    parts.append("<h3>Inconsistencies inside one version</h3>")
    if f.inconsistencies:
        parts.append("<table><tr><th>version</th><th>wordings (occurrences: paragraphs)</th><th>found by</th></tr>")
        for inc in f.inconsistencies:
            variants = "<br>".join(" / ".join(f"<b>{_e(w.text)}</b> ×{w.count}: {_e(', '.join(w.where))}"
                                              for w in variant) for variant in inc.variants)
            parts.append(f"<tr><td>{_e(labels[inc.version])}</td><td>{variants}</td>"
                         f"<td>{_e(inc.source)} {_e(inc.concept or '')}</td></tr>")
        parts.append("</table>")
    else:
        parts.append('<p class="muted">none found</p>')

    if report.used_termbase:
        parts.append("<h3>Termbase</h3>")
        if f.proposals:
            verb = (f"written as version {report.termbase_version}" if report.termbase_version is not None
                    else "proposed (run with --update-termbase to write them)")
            parts.append(f"<p>Status updates {_e(verb)}:</p><table><tr><th>concept</th><th>term</th>"
                         "<th>now</th><th>becomes</th><th>why</th></tr>")
            parts += [f"<tr><td>{_e(p.concept)}</td><td>{_e(p.term)}</td><td>{_e(p.current or 'not in concept')}</td>"
                      f"<td>{_e(p.status)}</td><td>{_e(p.reason)}</td></tr>" for p in f.proposals]
            parts.append("</table>")
        else:
            parts.append('<p class="muted">no status updates to propose</p>')
        parts += [f'<p class="old">{_e(c)}</p>' for c in f.conflicts]

    subs = report.substitutions
    parts.append(f"<h3>Term substitutions ({len(subs.substitutions)})</h3>"
                 "<table><tr><th>old</th><th>new</th><th>seen</th><th>where</th><th>term-like</th></tr>")
    for s in subs.substitutions:
        pairs = Counter(f"{labels[o.old_version]} → {labels[o.new_version]}" for o in s.occurrences)
        where = "<br>".join(f"{_e(k)} ×{n}" for k, n in pairs.items())
        parts.append(f'<tr><td class="old">{_e(s.old)}</td><td class="new">{_e(s.new)}</td>'
                     f'<td class="num">{len(s.occurrences)}</td><td>{where}</td>'
                     f"<td>{'yes' if s.term_like else ''}</td></tr>")
    parts.append("</table>")

    parts.append(f"<details><summary><b>Updated references ({len(subs.references)})</b>: dates, numbers, "
                 "symbols and names replaced from one version to the next</summary>"
                 "<table><tr><th>kind</th><th>old</th><th>new</th><th>versions</th><th>paragraphs</th></tr>")
    for r in subs.references:
        o = r.occurrence
        parts.append(f"<tr><td>{_e(r.kind)}</td><td class=\"old\">{_e(o.old)}</td><td class=\"new\">{_e(o.new)}</td>"
                     f"<td>{_e(labels[o.old_version])} → {_e(labels[o.new_version])}</td>"
                     f"<td>{_e(o.old_paragraph)} → {_e(o.new_paragraph)}</td></tr>")
    parts.append("</table></details>")

    parts.append("<h3>Paragraphs, version to version</h3>")
    parts += [_comparison(report, k) for k in range(len(report.comparisons))]
    return "\n".join(parts)


def to_html(reports: list[SeriesReport]) -> str:
    title = "Series drift report"
    body = "\n".join(_series_html(r) for r in reports)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{_CSS}</style></head><body><h1>{title}</h1>\n{body}\n</body></html>\n")
