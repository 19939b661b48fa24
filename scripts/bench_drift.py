"""Runtime of `termalign drift` on the five seed resolutions (../shared/seeds).

    .venv/bin/python scripts/bench_drift.py [SHARED_DIR] [--runs N]

Prints, for N runs (median), the time to read the five documents, to embed
their paragraphs, to run the whole analysis (alignment of each consecutive
pair, substitutions, findings; embedding included, no embedding cache), and
to render the HTML and JSON reports; then what the report found.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shared", nargs="?", default=str(REPO.parent / "shared"), help="the shared data folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from termalign.align.reader import read_document
    from termalign.glossary.drift import analyse
    from termalign.glossary.drift.report import to_html, to_json
    from termalign.models import load_encoder

    seeds = sorted((Path(args.shared) / "seeds").glob("*.txt"))
    if len(seeds) != 5:
        raise SystemExit(f"expected the five seed documents in {args.shared}/seeds, found {len(seeds)}")
    encoder = load_encoder("use-m3", cache=False)
    timings: dict[str, list[float]] = {"read": [], "embed": [], "analyse": [], "render": []}
    for _ in range(args.runs):
        start = time.perf_counter()
        documents = [read_document(p) for p in seeds]
        timings["read"].append(time.perf_counter() - start)

        texts = [p.text for d in documents for p in d.paragraphs if p.kind != "footnote"]
        start = time.perf_counter()
        encoder.encode(texts)
        timings["embed"].append(time.perf_counter() - start)

        start = time.perf_counter()
        report = analyse(documents, encoder)
        timings["analyse"].append(time.perf_counter() - start)

        start = time.perf_counter()
        page = to_html([report])
        data = json.dumps(to_json([report]), ensure_ascii=False)
        timings["render"].append(time.perf_counter() - start)

    paragraphs = sum(len(v.paragraphs) for v in report.versions)
    print(f"seeds: {len(seeds)} documents, {paragraphs} compared paragraphs, "
          f"{sum(len(d.paragraphs) for d in documents)} paragraphs read")
    for name, values in timings.items():
        print(f"{name:8s} median {statistics.median(values):6.2f} s   (runs: "
              + ", ".join(f"{v:.2f}" for v in values) + ")")
    total = statistics.median(r + a + g for r, a, g in zip(timings["read"], timings["analyse"], timings["render"]))
    print(f"total    median {total:6.2f} s   (read + analyse + render; embed is inside analyse)")
    print(f"report: HTML {len(page.encode()) // 1024} KiB, JSON {len(data.encode()) // 1024} KiB")
    for c in report.comparisons:
        counts = c.counts()
        print(f"  {c.old.label} → {c.new.label}: " + ", ".join(f"{counts[s]} {s}" for s in
              ("unchanged", "edited", "moved", "new", "dropped")) + f", {c.renumbered()} renumbered")
    labels = [v.label for v in report.versions]
    for ch in report.findings.changes:
        print(f"  convention change: {ch.old} → {ch.new} from {labels[ch.since]}")
    for inc in report.findings.inconsistencies:
        print(f"  inconsistent in {labels[inc.version]}: "
              + "; ".join(" / ".join(f"{w.text} ×{w.count}" for w in v) for v in inc.variants))
    subs = report.substitutions
    print(f"  {len(subs.substitutions)} substitutions ({sum(s.term_like for s in subs.substitutions)} term-like), "
          f"{len(subs.references)} updated references")


if __name__ == "__main__":
    main()
