"""Candidate search: which target segments each source segment may align with.

The aligner's first pass. faiss finds the top-k target neighbours of every
source segment inside a window of fixed size that follows the diagonal (so
time and memory grow linearly with the document), the heaviest monotonic
chain of those candidates gives anchor points, and the band around the
anchors bounds the dynamic programme of the second pass.
"""

from __future__ import annotations

import numpy as np


def diagonal_window(n_src: int, n_tgt: int, min_window: int = 250, fraction: float = 0.06) -> int:
    """Bertalign's half-width of the diagonal window: a share of the document, so
    the search grows quadratically with its length (the baseline uses it)."""
    return max(min_window, int(max(n_src, n_tgt) * fraction))


def top_k(src: np.ndarray, tgt: np.ndarray, k: int = 3, window: int | None = None, *,
          follow: bool = False, block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """Top-k inner products of each source row among the target rows near its diagonal.

    Returns (sims, idx), both (len(src), k); missing neighbours have idx -1.
    Source rows are searched in blocks with a faiss flat index over the
    targets within `window` of the length-ratio line (default: Bertalign's
    `diagonal_window`). With `follow`, each block also searches `window`
    around the path the previous blocks found (the line shifted by the median
    offset of their best matches), so a fixed window — linear time — still
    tracks a document whose sides drift apart by more than the window.
    A block keeps the top k over all its rows' windows, so smaller blocks
    lose fewer of a row's own candidates to its neighbours' windows.
    """
    import faiss

    n, m = len(src), len(tgt)
    if window is None:
        window = diagonal_window(n, m)
    k = max(1, min(k, m))
    sims = np.full((n, k), -np.inf, dtype=np.float32)
    idx = np.full((n, k), -1, dtype=np.int64)
    ratio = m / max(n, 1)
    line = ((np.arange(n) + 1) * ratio).astype(np.int64) - 1   # expected target of each row
    shift = np.zeros(n, dtype=np.int64)                        # the followed path's offset
    src = np.ascontiguousarray(src, dtype=np.float32)
    tgt = np.ascontiguousarray(tgt, dtype=np.float32)
    offset = 0
    for start in range(0, n, block):
        stop = min(n, start + block)
        shift[start:stop] = offset
        cols = _window_columns(line[start], line[stop - 1], {0, offset}, window, m)
        index = faiss.IndexFlatIP(tgt.shape[1])
        index.add(tgt[cols])
        kk = min(k, len(cols))
        d, i = index.search(src[start:stop], kk)
        sims[start:stop, :kk] = d
        idx[start:stop, :kk] = np.where(i >= 0, cols[np.maximum(i, 0)], -1)
        if follow:
            offset = _path_offset(sims[start:stop, 0], idx[start:stop, 0], line[start:stop], offset)
    # a block searches the union of its rows' windows; keep each row to its own
    near = np.abs(idx - line[:, None]) <= window
    if follow:
        near |= np.abs(idx - (line + shift)[:, None]) <= window
    outside = (idx < 0) | ~near
    sims[outside], idx[outside] = -np.inf, -1
    return sims, idx


def _window_columns(first: int, last: int, offsets: set[int], window: int, m: int) -> np.ndarray:
    """Target rows within `window` of the line from `first` to `last`, shifted by each offset."""
    spans = sorted((max(0, first + off - window), min(m, last + off + window + 1)) for off in offsets)
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        elif lo < hi:
            merged.append([lo, hi])
    return np.concatenate([np.arange(lo, hi) for lo, hi in merged] or [np.zeros(0, np.int64)])


def _path_offset(best: np.ndarray, match: np.ndarray, line: np.ndarray, previous: int) -> int:
    """Where the path runs relative to the length-ratio line: the median offset
    of the block's better half of best matches (the previous offset if none)."""
    found = match >= 0
    if not found.any():
        return previous
    confident = found & (best >= np.median(best[found]))
    return int(np.median(match[confident] - line[confident]))


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
        # Cells in one row (a path's run of 0-1 beads) leave no rows between them:
        # the row itself must reach the last, or the next row starts beyond its end
        # and no path crosses the gap ("no path through the band", issue 13).
        hi[i] = max(hi[i], min(n_tgt, j + width))
        prev_i, prev_j = i, j
    # row 0 keeps what the loop gave it: a path's run of 0-1 beads before the first source segment
    lo[0], hi[0] = 0, max(hi[0], min(n_tgt, (cells[0][1] if n_src else n_tgt) + width))
    if n_src == 0:
        hi[0] = n_tgt
    # every column must be reachable: rows are monotone in lo and hi
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    return lo, hi
