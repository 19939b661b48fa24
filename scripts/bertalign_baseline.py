"""Bertalign's default algorithm, re-implemented on termalign's encoder.

    python scripts/bertalign_baseline.py ZH_FILE EN_FILE [--model use-m3] > beads

The side-by-side baseline of scripts/bench_align.py (Liu & Zhu, "Bertalign",
DSH 2022; defaults max_align=5, top_k=3, win=5, skip=-0.1, margin and length
penalty on). Written from the paper and the algorithm's description:

1. embed every run of 1..4 consecutive sentences on both sides (joined by a
   space), before aligning;
2. first pass: faiss top-3 target sentences of each source sentence inside a
   diagonal window of max(250, 6% of the longer side); the 1-1 path with the
   largest sum of candidate similarities (skips free) gives anchors;
3. second pass: a DP over all bead types with at most 5 sentences in total,
   in the rectangles between consecutive anchors widened by 5 columns; a bead
   scores (cosine − neighbour margin) × log2(1 + shorter/longer) of the two
   sides' UTF-8 lengths (target lengths scaled by the document's byte ratio);
   1-0 and 0-1 beads score −0.1.

The search and DP machinery is termalign's (`align.search`, `align.aligner`),
which computes the same optimum; only the scoring and the up-front embedding
are Bertalign's, so the comparison isolates what termalign's scoring and
selective embedding change.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from termalign.align import scoring, search  # noqa: E402
from termalign.align.aligner import best_path  # noqa: E402
from termalign.align.lattice import Band, Segments, bead_types  # noqa: E402

MAX_ALIGN = 5
TOP_K = 3
WIN = 5
SKIP = -0.1


class LengthPenalty:
    """Bertalign's multiplicative length penalty on the margin-corrected cosine."""

    def __init__(self, src: list[str], tgt: list[str]) -> None:
        def prefix(texts: list[str]) -> np.ndarray:
            return np.concatenate([[0.0], np.cumsum([len(t.encode("utf-8")) for t in texts])])
        self.src, self.tgt = prefix(src), prefix(tgt)
        self.ratio = self.src[-1] / max(self.tgt[-1], 1.0)
        self.similarity = scoring.Similarity(margin=True)

    def __call__(self, cells: scoring.Cells) -> np.ndarray:
        # a run of k sentences joined by spaces is k - 1 bytes longer than its sentences
        s_end = np.clip(cells.src_end, cells.a, len(self.src) - 1)
        t_end = np.clip(cells.tgt_end, cells.b, len(self.tgt) - 1)
        s = (self.src[s_end] - self.src[s_end - cells.a] + cells.a - 1)[:, None]
        t = (self.tgt[t_end] - self.tgt[t_end - cells.b] + cells.b - 1) * self.ratio
        penalty = np.log2(1 + np.minimum(s, t) / np.maximum(np.maximum(s, t), 1e-9))
        return self.similarity(cells) * penalty


def all_runs(texts: list[str], encode) -> dict[str, np.ndarray]:
    """Bertalign's step 1: every run of 1..MAX_ALIGN-1 sentences, embedded up front."""
    joined = [" ".join(texts[e - size:e]) for size in range(1, MAX_ALIGN) for e in range(size, len(texts) + 1)]
    unique = list(dict.fromkeys(joined))
    return dict(zip(unique, encode(unique)))


def bertalign(src_texts: list[str], tgt_texts: list[str], encode) -> list[tuple[list[int], list[int]]]:
    """Beads (source indices, target indices) as Bertalign would output them."""
    return align_with_runs(src_texts, tgt_texts, all_runs(src_texts, encode), all_runs(tgt_texts, encode))


def align_with_runs(src_texts: list[str], tgt_texts: list[str], src_runs: dict[str, np.ndarray],
                    tgt_runs: dict[str, np.ndarray]) -> list[tuple[list[int], list[int]]]:
    """Steps 2 and 3, with every run's vector given (the "vectors given" timing)."""
    def table(runs: dict[str, np.ndarray]):
        return lambda texts: np.stack([runs[t] for t in texts])

    src = Segments(src_texts, table(src_runs)(src_texts))
    tgt = Segments(tgt_texts, table(tgt_runs)(tgt_texts))
    points = search.anchors(*search.top_k(src.vectors, tgt.vectors, TOP_K))
    band = Band(*search.band(points, len(src), len(tgt), WIN))
    src_w = scoring.Windows(src, table(src_runs), joiner=" ")
    tgt_w = scoring.Windows(tgt, table(tgt_runs), joiner=" ")
    scorer = scoring.BeadScorer(src_w, tgt_w, [LengthPenalty(src_texts, tgt_texts)], SKIP)
    path = best_path(band, bead_types(MAX_ALIGN), scorer)
    return [(list(range(i0, i1)), list(range(j0, j1))) for i0, i1, j0, j1 in path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zh_file")
    parser.add_argument("en_file")
    parser.add_argument("--model", default="use-m3")
    args = parser.parse_args(argv)
    from termalign.models import load_encoder

    encoder = load_encoder(args.model)
    src = Path(args.zh_file).read_text(encoding="utf-8-sig").splitlines()
    tgt = Path(args.en_file).read_text(encoding="utf-8-sig").splitlines()
    for zh, en in bertalign(src, tgt, encoder.encode):
        print(f"{zh}:{en}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
