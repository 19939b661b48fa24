"""Issue 14: paragraph accuracy and read time per input kind, and `align` of a long PDF pair end to end.

    python scripts/bench_inputs.py [--repeat 12]

Accuracy is on tests/fixtures/documents (exact text + kind + number + notes
against the gold, page furniture lines aside); read times are per page of
the PDF; the end-to-end run builds a long pair (the water resolution's
measures reviewed REPEAT*2 times, made by scripts/make_document_fixtures.py)
and times `termalign align` on it in a fresh process, model load included.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

from termalign.align.reader import _is_furniture, read_document

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "tests" / "fixtures" / "documents"


def accuracy(name: str, ext: str) -> tuple[int, int]:
    gold = [(g["kind"], g["number"], g["text"], g.get("notes", []))
            for g in json.loads((DOCS / f"{name}.gold.json").read_text(encoding="utf-8"))]
    doc = read_document(DOCS / f"{name}.{ext}", "zh" if name.endswith("_C") else "en")
    got = [(p.kind, p.number, p.text, p.notes if p.kind != "footnote" else []) for p in doc.paragraphs
           if not (p.kind == "meta" and _is_furniture(p.raw.strip()))]
    return sum(1 for g in gold if g in got), len(gold)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=12)
    args = parser.parse_args()
    print("paragraph accuracy (exact kind + number + text + notes), per input kind:")
    for ext in ("pdf", "docx", "txt"):
        hit = total = 0
        for name in ("dpi_C", "dpi_E", "water_C", "water_E"):
            h, t = accuracy(name, ext)
            hit, total = hit + h, total + t
        print(f"  {ext:5} {hit}/{total} = {hit / total:.1%}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(REPO / "scripts" / "make_document_fixtures.py"), tmp,
                        "--repeat", str(args.repeat)], check=True, capture_output=True)
        for code in ("C", "E"):
            pdf, docx = Path(tmp) / f"water_x{args.repeat}_{code}.pdf", Path(tmp) / f"water_x{args.repeat}_{code}.docx"
            pages = len(pdfplumber.open(pdf).pages)
            for path in (pdf, docx):
                start = time.perf_counter()
                doc = read_document(path, "zh" if code == "C" else "en")
                took = time.perf_counter() - start
                print(f"read {path.suffix[1:]:4} {code}: {pages} pages, {len(doc.paragraphs)} paragraphs, "
                      f"{took:.2f} s = {took / pages * 1000:.0f} ms/page")
        zh, en = (Path(tmp) / f"water_x{args.repeat}_{c}.pdf" for c in "CE")
        start = time.perf_counter()
        done = subprocess.run([str(Path(sys.executable).parent / "termalign"), "align", str(zh), str(en),
                               "--no-cache", "-o", str(Path(tmp) / "out.tsv")], capture_output=True, text=True)
        took = time.perf_counter() - start
        print(f"align {pages}-page PDF pair end to end (fresh process, model load, no cache): {took:.1f} s; "
              f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")


if __name__ == "__main__":
    main()
