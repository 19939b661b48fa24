"""False positives of `termalign qa` on correct translations, and its speed.

The UN Parallel Corpus v1.0 dev set (4,000 zh-en sentence pairs that are
official translations) is cut into pseudo-documents of --group consecutive
lines and checked as aligned 1-1 beads. Every finding on this data is counted
as a false positive (a few are real slips in the corpus: --show prints them
for inspection). The number, date and symbol checks must stay under 1 per 100
segments.

Scores for the low-score check are the encoder cosines of each pair (as the
aligner would give), unless --no-scores.

Terminology: the term-* checks run against a small termbase of common UN
terms written for this benchmark (UN_TERMS below: the first term of each
language preferred, the others admitted), made in a temporary file, or
against --termbase (for timing with a large base).

Timing: checks alone on one 100-line document (median of 5 runs), and the
whole `termalign qa SOURCE TARGET` path (read, align with the encoder, check,
HTML) on a 100-paragraph document made of the first 100 line pairs.

  .venv/bin/python scripts/bench_qa.py
  .venv/bin/python scripts/bench_qa.py --show numbers,dates
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from termalign.align.bitext import BeadRecord  # noqa: E402
from termalign.glossary.qa import REGISTRY, run_checks  # noqa: E402
from termalign.glossary.qa.report_html import render_html  # noqa: E402
from termalign.glossary.qa.run import counts  # noqa: E402

TARGET_CHECKS = ("numbers", "dates", "symbols")

# (zh terms, en terms): frequent UN terms, hand-written for this benchmark.
UN_TERMS = [
    (["会员国"], ["Member State"]),
    (["安全理事会", "安理会"], ["Security Council", "Council"]),
    (["秘书长"], ["Secretary-General"]),
    (["大会"], ["General Assembly", "Assembly"]),
    (["联合国"], ["United Nations", "UN"]),
    (["千年发展目标"], ["Millennium Development Goals"]),
    (["开发署"], ["UNDP"]),
    (["儿基会"], ["UNICEF"]),
    (["信息和通信技术", "信通技术"], ["information and communications technology", "ICT"]),
    (["非政府组织"], ["non-governmental organization", "NGO"]),
    (["缔约国"], ["State party"]),
    (["人权理事会"], ["Human Rights Council"]),
    (["可持续发展目标"], ["Sustainable Development Goal", "SDG"]),
    (["因特网", "互联网"], ["Internet"]),
    (["维持和平行动", "维和行动"], ["peacekeeping operation"]),
]


def load_pairs(shared: Path) -> tuple[list[str], list[str]]:
    folder = shared / "data" / "unpc-v1.0-testsets"
    zh = (folder / "derived" / "UNv1.0.devset.zh.detok").read_text(encoding="utf-8").splitlines()
    en = (folder / "original" / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    if len(zh) != len(en):
        sys.exit(f"line counts differ: {len(zh)} zh, {len(en)} en")
    return zh, en


def make_records(zh: list[str], en: list[str], group: int, scores: list[float] | None) -> list[BeadRecord]:
    records = []
    for i, (z, e) in enumerate(zip(zh, en)):
        doc = f"UNv1.0-dev-{i // group + 1:03d}"
        records.append(BeadRecord(doc=doc, level="sentence", zh_ids=[f"l{i + 1}"], en_ids=[f"l{i + 1}"], zh=z, en=e,
                                  type="1-1", score=scores[i] if scores else 1.0,
                                  zh_paragraphs=[str(i + 1)], en_paragraphs=[str(i + 1)]))
    return records


def cosine_scores(zh: list[str], en: list[str]) -> list[float]:
    import numpy as np

    from termalign.models import load_encoder

    encoder = load_encoder("use-m3")   # cached on disk: a rerun skips the encoding
    a, b = encoder.encode(zh), encoder.encode(en)
    return [float(x) for x in np.einsum("ij,ij->i", a, b)]


def make_termbase(path: Path):
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.termbase import Termbase

    def terms(lang: str, texts: list[str]) -> list[Term]:
        return [Term(lang, t, "preferred" if i == 0 else "admitted") for i, t in enumerate(texts)]

    tb = Termbase.open(path, create=True)
    tb.commit_import([Concept(id=None, terms=terms("zh", zh) + terms("en", en)) for zh, en in UN_TERMS],
                     note="bench_qa UN terms")
    return tb


def time_documents(zh: list[str], en: list[str], n: int) -> dict[str, float]:
    """Seconds for each step of `termalign qa SOURCE TARGET` on an N-paragraph document."""
    from termalign.align.pipeline import align_documents
    from termalign.align.reader import read_document
    from termalign.models import load_encoder

    with tempfile.TemporaryDirectory() as tmp:
        zp, ep = Path(tmp) / "doc.zh.txt", Path(tmp) / "doc.en.txt"
        zp.write_text("\n\n".join(zh[:n]) + "\n", encoding="utf-8")
        ep.write_text("\n\n".join(en[:n]) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        zh_doc, en_doc = read_document(zp, "zh"), read_document(ep, "en")
        t1 = time.perf_counter()
        encoder = load_encoder("use-m3", cache=False)
        records = align_documents(zh_doc, en_doc, encoder, "sentence")
        t2 = time.perf_counter()
        findings = run_checks(records, None)
        t3 = time.perf_counter()
        render_html(records, findings, REGISTRY.values(), "zh", {})
        t4 = time.perf_counter()
    return {"paragraphs": len(zh_doc.body()), "aligned units": len(records), "read": t1 - t0,
            "align": t2 - t1, "checks": t3 - t2, "html": t4 - t3, "total": t4 - t0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder")
    parser.add_argument("--group", type=int, default=100, help="lines per pseudo-document")
    parser.add_argument("--no-scores", action="store_true", help="skip the encoder (low-score check inert)")
    parser.add_argument("--show", default="", help="print the findings of these checks (comma-separated)")
    parser.add_argument("--termbase", type=Path,
                        help="check against this termbase instead of UN_TERMS (e.g. one from make_termbase.py)")
    args = parser.parse_args()

    zh, en = load_pairs(args.shared)
    t = time.perf_counter()
    scores = None if args.no_scores else cosine_scores(zh, en)
    encode_s = time.perf_counter() - t
    records = make_records(zh, en, args.group, scores)

    with tempfile.TemporaryDirectory() as tmp:
        if args.termbase:
            from termalign.glossary.termbase import Termbase
            termbase = Termbase.open(args.termbase)
        else:
            termbase = make_termbase(Path(tmp) / "un-terms.tb")
        terms = len(termbase.term_rows())
        t = time.perf_counter()
        findings = run_checks(records, termbase)
        check_s = time.perf_counter() - t
        termbase.close()

    n = len(records)
    table = counts(findings)
    print(f"UNv1.0 dev set: {n} segment pairs in {len({r.doc for r in records})} documents of {args.group} lines")
    if scores:
        print(f"encoder scores: {encode_s:.1f} s")
    print(f"\n{'check':<18}{'findings':>9}{'per 100':>9}{'error':>7}{'warning':>9}{'info':>6}")
    for c in REGISTRY.values():
        row = table.get(c.id, {"error": 0, "warning": 0, "info": 0})
        total = sum(row.values())
        print(f"{c.id:<18}{total:>9}{100 * total / n:>9.2f}{row['error']:>7}{row['warning']:>9}{row['info']:>6}")
    print(f"{'all':<18}{len(findings):>9}{100 * len(findings) / n:>9.2f}")
    for check in TARGET_CHECKS:
        rate = 100 * sum(table.get(check, {}).values()) / n
        print(f"target {check}: {rate:.2f} per 100 segments — {'PASS' if rate < 1 else 'FAIL'} (< 1)")

    missing_terms = Counter(f.excerpts("zh")[0] for f in findings if f.check == "term-missing")
    print("term-missing by source term: " + ", ".join(f"{t} {k}" for t, k in missing_terms.most_common()))

    print(f"\nchecks on all {n} segments (termbase of {terms} terms): {check_s:.2f} s")
    one_doc = [r for r in records if r.doc == records[0].doc]
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        run_checks(one_doc, None)
        runs.append(time.perf_counter() - t)
    print(f"checks on one {len(one_doc)}-segment document: {statistics.median(runs) * 1000:.0f} ms (median of 5)")
    from termalign.align.anchors import extract
    for lang, lines in (("zh", zh), ("en", en)):
        t = time.perf_counter()
        for line in lines:
            extract(line, lang)
        elapsed = time.perf_counter() - t
        print(f"anchors.extract ({lang}): {len(lines) / elapsed:,.0f} segments/s")
    steps = time_documents(zh, en, 100)
    print("qa SOURCE TARGET on a 100-paragraph document: "
          + ", ".join(f"{k} {v:.2f} s" if isinstance(v, float) else f"{k} {v}" for k, v in steps.items()))

    for check in filter(None, args.show.split(",")):
        print(f"\n--- {check}")
        for f in findings:
            if f.check == check:
                line = f.zh_paragraphs[0] if f.zh_paragraphs else "-"
                print(f"[{line}] {f.severity}: {f.message}\n  zh: {f.zh}\n  en: {f.en}")


if __name__ == "__main__":
    main()
