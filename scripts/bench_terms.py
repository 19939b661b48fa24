"""Term-mining benchmark on the UN Parallel Corpus dev set (4,000 zh–en lines aligned 1-1).

Quality: the pairs `glossary.mining` proposes, best first, are scored against
scripts/gold_terms.tsv (pairs checked by hand) and scripts/judged_terms.tsv
(our verdicts on proposed pairs that are not in the gold list):
precision@100 and @300 (a pair counts when it is in the gold or judged "yes";
the two sources are reported separately, and pairs nobody has judged count
as wrong and are listed), and recall of the gold (a gold pair is found when one
mined concept holds both its terms).

Cost: mining time and peak memory (max RSS of a fresh process, with an empty
embedding cache) for the 4,000 units and for 40,000 units (the set repeated 10
times, document ids varied).

    .venv/bin/python scripts/bench_terms.py [--shared ../shared] [--no-similarity] [--skip-scale]
    .venv/bin/python scripts/bench_terms.py --unjudged 300   # list top-300 pairs without a verdict
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from termalign.align.bitext import BeadRecord  # noqa: E402
from termalign.glossary.candidates import en_key, zh_key  # noqa: E402
from termalign.glossary.mining import MiningOptions, TermMiner  # noqa: E402

DEV = Path("data/unpc-v1.0-testsets")
LINES_PER_DOC = 100     # the dev set has no document boundaries; blocks of lines stand in for documents


def dev_records(shared: Path, copies: int = 1) -> list[BeadRecord]:
    zh = (shared / DEV / "derived/UNv1.0.devset.zh.detok").read_text(encoding="utf-8").splitlines()
    en = (shared / DEV / "original/UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    records = []
    for copy in range(copies):
        for i, (z, e) in enumerate(zip(zh, en)):
            doc = f"unpc-dev-{copy}-{i // LINES_PER_DOC:02d}"
            records.append(BeadRecord(doc=doc, level="sentence", zh_ids=[f"s{i + 1}"], en_ids=[f"s{i + 1}"],
                                      zh=z, en=e, type="1-1", score=1.0))
    return records


def read_pairs(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def pair_key(zh: str, en: str) -> tuple[str, str]:
    return zh_key(zh), en_key(en)


def mine(records: list[BeadRecord], similarity: bool):
    """Mine RECORDS; returns the result and the seconds spent reading candidates and mining."""
    miner = TermMiner(options=MiningOptions(similarity=similarity))
    start = time.perf_counter()
    miner.add(records)
    added = time.perf_counter()
    result = miner.mine()
    return result, (added - start, time.perf_counter() - added)


def quality(result, gold: list[dict], judged: list[dict]) -> dict:
    gold_keys = {pair_key(g["zh"], g["en"]) for g in gold}
    verdicts = {pair_key(j["zh"], j["en"]): j["verdict"].strip().lower() for j in judged}
    ranked = [pair_key(p.evidence.zh, p.evidence.en) for p in result.pairs]
    report = {}
    for k in (100, 300):
        top = ranked[:k]
        in_gold = sum(key in gold_keys for key in top)
        judged_yes = sum(key not in gold_keys and verdicts.get(key) == "yes" for key in top)
        unjudged = [key for key in top if key not in gold_keys and key not in verdicts]
        report[f"p@{k}"] = {"precision": round((in_gold + judged_yes) / max(1, len(top)), 3),
                            "in_gold": in_gold, "judged_correct": judged_yes, "unjudged": len(unjudged),
                            "ranked": len(top)}
    if result.pairs and result.pairs[0].evidence.similarity is not None:
        # Does the encoder separate right from wrong among the pairs that reach the ranking?
        judged_top = [(p.evidence.similarity, key in gold_keys or verdicts.get(key) == "yes")
                      for p, key in zip(result.pairs[:300], ranked) if key in gold_keys or key in verdicts]
        report["similarity"] = {label: round(statistics.median(s for s, ok in judged_top if ok is want), 2)
                                for label, want in (("correct", True), ("wrong", False))
                                if any(ok is want for _, ok in judged_top)}
    concept_terms = [{(t.lang, zh_key(t.text) if t.lang == "zh" else en_key(t.text)) for t in c.terms}
                     for c in result.concepts]
    found = [g for g in gold
             if any(("zh", zh_key(g["zh"])) in terms and ("en", en_key(g["en"])) in terms
                    for terms in concept_terms)]
    report["recall"] = {"recall": round(len(found) / max(1, len(gold)), 3), "found": len(found), "gold": len(gold)}
    report["missed"] = [f"{g['zh']} / {g['en']}" for g in gold if g not in found]
    return report


def unjudged_pairs(result, gold: list[dict], judged: list[dict], k: int) -> list[tuple[int, str, str, int]]:
    known = {pair_key(g["zh"], g["en"]) for g in gold} | {pair_key(j["zh"], j["en"]) for j in judged}
    return [(rank, p.evidence.zh, p.evidence.en, p.evidence.frequency)
            for rank, p in enumerate(result.pairs[:k], 1) if pair_key(p.evidence.zh, p.evidence.en) not in known]


def scale_run(shared: Path, copies: int, similarity: bool) -> dict:
    """Mine COPIES × 4,000 units in this process; print time and peak memory as JSON."""
    records = dev_records(shared, copies)
    result, (extract, pairing) = mine(records, similarity)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024
    return {"units": result.units, "seconds": round(extract + pairing, 1), "extract_s": round(extract, 1),
            "mine_s": round(pairing, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_mb": round(peak_mb),
            "pairs": len(result.pairs), "concepts": len(result.concepts)}


def report_quality(shared: Path, similarity: bool, unjudged: int | None) -> None:
    gold = read_pairs(REPO / "scripts/gold_terms.tsv")
    judged = read_pairs(REPO / "scripts/judged_terms.tsv")
    result, _ = mine(dev_records(shared), similarity)
    if unjudged:
        for rank, zh, en, freq in unjudged_pairs(result, gold, judged, unjudged):
            print(f"{rank}\t{zh}\t{en}\t{freq}")
        return
    report = quality(result, gold, judged)
    print(f"dev set: {result.units} units, similarity feature {'on' if similarity else 'off'}")
    print(f"candidates kept: zh {result.candidates['zh']}, en {result.candidates['en']}; "
          f"pairs proposed: {len(result.pairs)}; concepts: {len(result.concepts)}")
    for k in (100, 300):
        r = report[f"p@{k}"]
        print(f"precision@{k}: {r['precision']:.3f}  ({r['in_gold']} in gold + {r['judged_correct']} judged "
              f"correct of {r['ranked']}; {r['unjudged']} not judged, counted wrong)")
    if "similarity" in report:
        sims = report["similarity"]
        print(f"median encoder similarity in the top 300: correct pairs {sims.get('correct')}, "
              f"wrong pairs {sims.get('wrong')}")
    rec = report["recall"]
    print(f"recall of gold: {rec['recall']:.3f}  ({rec['found']} of {rec['gold']} gold pairs in one concept)")
    print("missed gold pairs: " + "; ".join(report["missed"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--no-similarity", action="store_true", help="mine without the encoder feature")
    parser.add_argument("--skip-scale", action="store_true", help="quality only, no 4k/40k timing runs")
    parser.add_argument("--scale-only", action="store_true", help="only the 4k/40k timing runs")
    parser.add_argument("--unjudged", type=int, metavar="K", help="list top-K pairs that have no verdict yet")
    parser.add_argument("--scale-run", type=int, metavar="COPIES", help=argparse.SUPPRESS)
    args = parser.parse_args()
    similarity = not args.no_similarity
    if args.scale_run:
        print(json.dumps(scale_run(args.shared, args.scale_run, similarity)))
        return 0

    if not args.scale_only:
        report_quality(args.shared, similarity, args.unjudged)
    if not (args.skip_scale or args.unjudged):
        for copies in (1, 10):
            command = [sys.executable, __file__, "--shared", str(args.shared), "--scale-run", str(copies)]
            if not similarity:
                command.append("--no-similarity")
            # A fresh embedding cache, so the timing includes encoding every string.
            with tempfile.TemporaryDirectory() as cache:
                env = {**os.environ, "TERMALIGN_CACHE_DIR": cache}
                out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
            run = json.loads(out.strip().splitlines()[-1])
            print(f"scale: {run['units']} units mined in {run['seconds']} s wall (candidates {run['extract_s']} s, "
                  f"pairing and grouping {run['mine_s']} s; process CPU {run['cpu_s']} s), peak RSS "
                  f"{run['peak_rss_mb']} MB ({run['pairs']} pairs, {run['concepts']} concepts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
