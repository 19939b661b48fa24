"""Score sentence alignments against gold: strict and lax precision, recall, F1.

    python scripts/score_alignment.py GOLD_DIR TEST_DIR

Both folders hold one bead file per document, one bead per line in the
Bertalign/Vecalign format `[0, 1]:[2]` (0-based line indices, `[]` for an
empty side); files are paired by name. The definitions follow Vecalign's
score.py as used by Bertalign's evaluation (Sennrich & Volk 2010):

- precision is measured over the test beads, omissions (1-0, 0-1) included:
  a test bead is a strict hit if the gold has exactly the same bead, a lax hit
  if some gold bead shares a source sentence with it and also a target one;
- recall is the same measure with gold and test swapped, omissions excluded
  on both sides (a missed omission is not a missed alignment);
- counts are summed over all documents before dividing (micro-average).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def parse_beads(text: str, name: str = "<beads>") -> list[Bead]:
    """Parse bead lines `[0]:[0, 1]`; blank lines are skipped."""
    beads = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        left, sep, right = line.partition(":")
        try:
            if not sep:
                raise ValueError("no ':'")
            src, tgt = ast.literal_eval(left.strip()), ast.literal_eval(right.strip())
            beads.append((tuple(int(i) for i in src), tuple(int(i) for i in tgt)))
        except (ValueError, SyntaxError, TypeError) as exc:
            raise ValueError(f"{name}:{lineno}: not a bead line like [0]:[0, 1] ({exc})") from None
    return beads


def read_beads(path: str | Path) -> list[Bead]:
    return parse_beads(Path(path).read_text(encoding="utf-8-sig"), str(path))


def _hits(reference: list[Bead], candidate: list[Bead]) -> tuple[int, int, int]:
    """(strict hits, lax hits, total) of CANDIDATE beads judged against REFERENCE."""
    ref = {bead for bead in reference if bead[0] or bead[1]}
    linked = defaultdict(set)  # source index -> target indices it is aligned to
    for src, tgt in ref:
        for s in src:
            linked[s].update(tgt)
    strict = lax = total = 0
    for src, tgt in {bead for bead in candidate if bead[0] or bead[1]}:
        total += 1
        if (src, tgt) in ref:
            strict += 1
            lax += 1
        elif any(t in linked[s] for s in src for t in tgt):
            lax += 1
    return strict, lax, total


def score(pairs: list[tuple[list[Bead], list[Bead]]]) -> dict[str, float]:
    """Micro-averaged strict/lax P/R/F1 over (gold, test) bead lists."""
    p = [0, 0, 0]
    r = [0, 0, 0]
    for gold, test in pairs:
        p = [a + b for a, b in zip(p, _hits(gold, test))]
        both = [b for b in gold if b[0] and b[1]], [b for b in test if b[0] and b[1]]
        r = [a + b for a, b in zip(r, _hits(both[1], both[0]))]

    def ratio(hits: int, total: int) -> float:
        return hits / total if total else 0.0

    def f1(prec: float, rec: float) -> float:
        return 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    result = {"precision_strict": ratio(p[0], p[2]), "precision_lax": ratio(p[1], p[2]),
              "recall_strict": ratio(r[0], r[2]), "recall_lax": ratio(r[1], r[2])}
    result["f1_strict"] = f1(result["precision_strict"], result["recall_strict"])
    result["f1_lax"] = f1(result["precision_lax"], result["recall_lax"])
    return result


def score_dirs(gold_dir: str | Path, test_dir: str | Path) -> dict[str, float]:
    gold_files = sorted(p for p in Path(gold_dir).iterdir() if p.is_file())
    if not gold_files:
        raise ValueError(f"no gold files in {gold_dir}")
    pairs = []
    for gold in gold_files:
        test = Path(test_dir) / gold.name
        if not test.is_file():
            raise ValueError(f"{test} is missing (every gold file needs a test file of the same name)")
        pairs.append((read_beads(gold), read_beads(test)))
    return score(pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_dir")
    parser.add_argument("test_dir")
    args = parser.parse_args(argv)
    try:
        res = score_dirs(args.gold_dir, args.test_dir)
    except (OSError, ValueError) as exc:
        print(f"score_alignment: error: {exc}", file=sys.stderr)
        return 2
    print("            strict    lax")
    print(f"precision   {res['precision_strict']:.4f}   {res['precision_lax']:.4f}")
    print(f"recall      {res['recall_strict']:.4f}   {res['recall_lax']:.4f}")
    print(f"F1          {res['f1_strict']:.4f}   {res['f1_lax']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
