"""Candidate search: which target segments each source segment may align with.

The aligner's first pass. faiss finds the top-k target neighbours of every
source segment inside a diagonal window (so time and memory grow linearly with
the document), the heaviest monotonic chain of those candidates gives anchor
points, and the band around the anchors bounds the dynamic programme of the
second pass.
"""

from __future__ import annotations

import numpy as np


def diagonal_window(n_src: int, n_tgt: int, min_window: int = 250, fraction: float = 0.06) -> int:
    """Half-width of the diagonal window searched around the length-ratio line.

    The defaults are Bertalign's: wide enough for any omission a real document has.
    """
    return max(min_window, int(max(n_src, n_tgt) * fraction))


def top_k(src: np.ndarray, tgt: np.ndarray, k: int = 3, window: int | None = None,
          block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """Top-k inner products of each source row among the target rows near its diagonal.

    Returns (sims, idx), both (len(src), k); missing neighbours have idx -1.
    Source rows are searched in blocks, each against the slice of targets
    within `window` of the block's diagonal, with a faiss flat index.
    """
    import faiss

    n, m = len(src), len(tgt)
    if window is None:
        window = diagonal_window(n, m)
    k = max(1, min(k, m))
    sims = np.full((n, k), -np.inf, dtype=np.float32)
    idx = np.full((n, k), -1, dtype=np.int64)
    ratio = m / max(n, 1)
    src = np.ascontiguousarray(src, dtype=np.float32)
    tgt = np.ascontiguousarray(tgt, dtype=np.float32)
    for start in range(0, n, block):
        stop = min(n, start + block)
        lo = max(0, int(start * ratio) - window)
        hi = min(m, int(stop * ratio) + window + 1)
        index = faiss.IndexFlatIP(tgt.shape[1])
        index.add(tgt[lo:hi])
        kk = min(k, hi - lo)
        d, i = index.search(src[start:stop], kk)
        sims[start:stop, :kk] = d
        idx[start:stop, :kk] = np.where(i >= 0, i + lo, -1)
    # the blocks overlap the window generously; keep each row to its own diagonal window
    centre = ((np.arange(n) + 1) * ratio).astype(np.int64)[:, None] - 1
    outside = (idx < 0) | (np.abs(idx - centre) > window)
    sims[outside], idx[outside] = -np.inf, -1
    return sims, idx


def heaviest_chain(points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The strictly increasing chain of (i, j) points with the largest total weight.

    This is Bertalign's first-pass 1-1 alignment (a DP where only candidate
    cells score and skips are free) computed over the candidates alone:
    O(P log P) instead of a DP over the whole window.
    """
    if len(points) == 0:
        return points.reshape(0, 2)
    order = np.lexsort((points[:, 1], points[:, 0]))
    pts, w = points[order], weights[order]
    m = int(pts[:, 1].max()) + 2
    tree_val = np.zeros(m + 1)          # Fenwick tree of (best total, point) over j
    tree_arg = np.full(m + 1, -1, dtype=np.int64)
    best = np.zeros(len(pts))
    back = np.full(len(pts), -1, dtype=np.int64)
    start = 0
    while start < len(pts):
        stop = start
        while stop < len(pts) and pts[stop, 0] == pts[start, 0]:
            stop += 1
        # query every point of row i before inserting any of them: the chain is strict in i
        for p in range(start, stop):
            pos, val, arg = int(pts[p, 1]), 0.0, -1   # prefix max over j' < j
            while pos > 0:
                if tree_val[pos] > val:
                    val, arg = tree_val[pos], tree_arg[pos]
                pos -= pos & -pos
            best[p], back[p] = val + w[p], arg
        for p in range(start, stop):
            pos = int(pts[p, 1]) + 1
            while pos <= m:
                if best[p] > tree_val[pos]:
                    tree_val[pos], tree_arg[pos] = best[p], p
                pos += pos & -pos
        start = stop
    chain = []
    p = int(np.argmax(best))
    while p >= 0:
        chain.append(pts[p])
        p = back[p]
    return np.array(chain[::-1]).reshape(-1, 2)


def anchors(sims: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Anchor points (i, j) of likely 1-1 pairs, monotonic, from `top_k`'s candidates."""
    rows = np.repeat(np.arange(len(idx)), idx.shape[1])
    cols = idx.ravel()
    keep = (cols >= 0) & (sims.ravel() > 0)
    points = np.stack([rows[keep], cols[keep]], axis=1)
    return heaviest_chain(points, sims.ravel()[keep].astype(np.float64))


def band(anchor_points: np.ndarray, n_src: int, n_tgt: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Per DP row i (0..n_src), the inclusive column range [lo, hi] to search.

    DP cell (i, j) means "the first i source and j target segments are
    aligned". The rows between two anchors get the rectangle spanned by the
    anchors widened by `width` columns, as in Bertalign's second pass; the
    corners (0, 0) and (n_src, n_tgt) are always inside.
    """
    # anchors as DP cells: source/target segment counts after the matched pair
    cells = [(int(i) + 1, int(j) + 1) for i, j in anchor_points]
    cells = [c for c in cells if c[0] < n_src and c[1] < n_tgt] + [(n_src, n_tgt)]
    lo = np.zeros(n_src + 1, dtype=np.int64)
    hi = np.zeros(n_src + 1, dtype=np.int64)
    prev_i, prev_j = 0, 0
    for i, j in cells:
        lo[prev_i + 1:i + 1] = max(0, prev_j - width)
        hi[prev_i + 1:i + 1] = min(n_tgt, j + width)
        prev_i, prev_j = i, j
    lo[0], hi[0] = 0, min(n_tgt, (cells[0][1] if n_src else n_tgt) + width)
    if n_src == 0:
        hi[0] = n_tgt
    # every column must be reachable: rows are monotone in lo and hi
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    return lo, hi
