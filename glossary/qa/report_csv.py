"""The findings as CSV: one row per finding, ready for `pandas.read_csv` or a spreadsheet."""

from __future__ import annotations

import csv

from termalign.glossary.qa.base import Finding

COLUMNS = ("check", "severity", "doc", "bead", "position", "zh_paragraphs", "en_paragraphs", "message",
           "zh_marked", "en_marked", "zh", "en", "zh_spans", "en_spans")


def _spans(spans: list[tuple[int, int]]) -> str:
    return " ".join(f"{a}-{b}" for a, b in spans)


def write_csv(findings: list[Finding], handle) -> None:
    """UTF-8 CSV with a header; paragraph lists joined by spaces, spans as "start-end start-end",
    and *_marked the offending text excerpts joined by " | "."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in findings:
        writer.writerow([f.check, f.severity, f.doc, f.bead, f.position, " ".join(f.zh_paragraphs), " ".join(f.en_paragraphs),
                         f.message, " | ".join(f.excerpts("zh")), " | ".join(f.excerpts("en")), f.zh, f.en,
                         _spans(f.zh_spans), _spans(f.en_spans)])
