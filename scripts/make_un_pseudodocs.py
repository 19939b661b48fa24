"""Build UN-domain pseudo-documents with known gold alignments.

    python scripts/make_un_pseudodocs.py OUT_DIR [--shared ../shared] [--docs 12] [--seed 4]

From the UN Parallel Corpus v1.0 dev set (4,000 zh–en sentence pairs, 1-1 by
construction) it cuts runs of 150–250 consecutive lines, then, with a fixed
seed so the result is always the same: merges some adjacent lines on one side
(giving 2-1 / 1-2 beads, and now and then 3-1 / 1-3) and drops a few lines from
one side (1-0 / 0-1 beads). Writes OUT_DIR/zh/NNN.zh, OUT_DIR/en/NNN.en
(one segment per line) and OUT_DIR/gold/NNN.align (Bertalign bead format).
The data is the UN's: keep OUT_DIR outside the repository.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

MERGE_RATE = 0.06   # share of positions where a merge starts
DROP_RATE = 0.01    # share of lines dropped from one side


def load_devset(shared: Path) -> list[tuple[str, str]]:
    base = shared / "data" / "unpc-v1.0-testsets"
    zh = (base / "derived" / "UNv1.0.devset.zh.detok").read_text(encoding="utf-8").splitlines()
    en = (base / "original" / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    if len(zh) != len(en):
        raise SystemExit(f"dev set sides differ: {len(zh)} zh lines, {len(en)} en lines")
    return [(z.strip(), e.strip()) for z, e in zip(zh, en) if z.strip() and e.strip()]


def pseudo_document(pairs: list[tuple[str, str]], rng: random.Random):
    """(zh lines, en lines, gold beads) for one run of consecutive pairs."""
    zh, en, gold = [], [], []
    k = 0
    while k < len(pairs):
        r = rng.random()
        if r < DROP_RATE:
            if rng.random() < 0.5:
                gold.append(([len(zh)], []))
                zh.append(pairs[k][0])
            else:
                gold.append(([], [len(en)]))
                en.append(pairs[k][1])
            k += 1
            continue
        if r < DROP_RATE + MERGE_RATE and k + 1 < len(pairs):
            size = 3 if rng.random() < 0.15 and k + 2 < len(pairs) else 2
            group = pairs[k:k + size]
            if rng.random() < 0.5:   # merged on the zh side
                gold.append(([len(zh)], list(range(len(en), len(en) + size))))
                zh.append("".join(z for z, _ in group))
                en.extend(e for _, e in group)
            else:
                gold.append((list(range(len(zh), len(zh) + size)), [len(en)]))
                zh.extend(z for z, _ in group)
                en.append(" ".join(e for _, e in group))
            k += size
            continue
        gold.append(([len(zh)], [len(en)]))
        zh.append(pairs[k][0])
        en.append(pairs[k][1])
        k += 1
    return zh, en, gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--docs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    pairs = load_devset(args.shared)
    rng = random.Random(args.seed)
    for sub in ("zh", "en", "gold"):
        (args.out_dir / sub).mkdir(parents=True, exist_ok=True)
    start = 0
    for d in range(1, args.docs + 1):
        length = rng.randint(150, 250)
        if start + length > len(pairs):
            break
        zh, en, gold = pseudo_document(pairs[start:start + length], rng)
        start += length
        name = f"{d:03d}"
        (args.out_dir / "zh" / f"{name}.zh").write_text("\n".join(zh) + "\n", encoding="utf-8")
        (args.out_dir / "en" / f"{name}.en").write_text("\n".join(en) + "\n", encoding="utf-8")
        (args.out_dir / "gold" / f"{name}.align").write_text(
            "".join(f"{list(s)}:{list(t)}\n" for s, t in gold), encoding="utf-8")
        print(f"{name}: {len(zh)} zh, {len(en)} en lines, {len(gold)} beads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
