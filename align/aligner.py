"""The aligner core: two sequences of segments in, monotonic beads out.

Language-neutral: the segments may be zh/en sentences, zh/en paragraphs, or
two English drafts of the same resolution (drift). The caller gives texts and
vectors; the aligner

1. finds anchor pairs with a faiss top-k search in a fixed window that
   follows the diagonal, and the heaviest monotonic chain of candidates
   (`align.search`),
2. runs a dynamic programme over every bead type with up to `max_total`
   segments (1-1, 1-2, 2-1, 2-2, …) plus 1-0 / 0-1 omissions, inside a band
   around the anchors, so time and memory grow linearly with the document;
   runs of several segments are scored with the length-weighted mean of their
   vectors, then, if an encoder is given, the path is refined in a narrow band
   with the joined texts embedded — only around its uncertain beads,
3. gives every bead a confidence on a fixed scale (the cosine of the two
   sides' vectors, 0 for an omission) and flags the weak ones.

How a candidate bead is scored is not decided here: a `Scorer`
(`align.scoring`) adds up separate terms (similarity with a margin
correction, a length prior fitted on the document, structural evidence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from termalign.align import scoring, search
from termalign.align.bitext import Bead
from termalign.align.lattice import Band, BeadType, Scorer, Segments, bead_types

# The cosine under which a bead is flagged for a person to check: on MAC-Dev
# (freely translated novels, the hardest case measured) 95% of correctly
# aligned beads score above it; UN translations score far higher.
LOW_CONFIDENCE = 0.3

# A bead is also flagged when a segment just outside it resembles it within
# this much of its own cosine: on the tune side of the issue-20 split (MAC-Dev
# 001-003) this flags 32% of beads and finds 64% of the wrong ones, where the
# cosine alone, raised to flag as many, finds 53% (docs/BENCHMARKS.md).
RIVAL_MARGIN = 0.1

# The refine pass may always embed this many runs, however short the pair: a
# paragraph group of a few sentences would otherwise get a budget of one or two.
EMBED_FLOOR = 32

# Source segments per faiss search block: 128 rather than 512 loses fewer
# candidates to the neighbouring rows' windows (5,000-sentence Bible document:
# strict F1 0.9127 against 0.9069, docs/BENCHMARKS.md) and searches fewer targets.
SEARCH_BLOCK = 128


def best_path(band: Band, types: Sequence[BeadType], scorer: Scorer) -> list[tuple[int, int, int, int]]:
    """The highest-scoring monotonic path from (0, 0) to the band's last cell.

    Returns beads as (i0, i1, j0, j1): source segments i0..i1-1 with target
    segments j0..j1-1. Rows are computed one at a time, each as a few numpy
    operations over all its columns and bead types; 0-1 beads, which chain
    inside a row, are solved with a running maximum.
    """
    rows, width = band.rows, band.width
    ins = (0, 1) in types
    steps = [t for t in types if t[0] > 0]
    sentinel = rows * width                      # index of a -inf cell
    cost = np.full(rows * width + 1, -np.inf)
    pointer = np.full((rows, width), -1, dtype=np.int8)   # index into steps, or -2 for 0-1
    # flat index of each step's previous cell, and its score; row-major, so that
    # the loop below reads one contiguous slice per row
    prev = np.full((rows, len(steps), width), sentinel, dtype=np.int32)
    gain = np.full((rows, len(steps), width), -np.inf, dtype=np.float32)
    for s, (a, b) in enumerate(steps):
        score = scorer(band, a, b)
        r = np.arange(a, rows)
        pj = band.cols[a:] - b
        off = pj - band.lo[r - a][:, None]
        ok = band.inside[a:] & (pj >= 0) & (off >= 0) & (pj <= band.hi[r - a][:, None])
        prev[a:, s] = np.where(ok, (r - a)[:, None] * width + off, sentinel)
        gain[a:, s] = np.where(ok, score[a:], -np.inf)
    ins_gain = scorer(band, 0, 1) if ins else None

    for i in range(rows):
        cand = cost[prev[i]] + gain[i]
        arg = cand.argmax(axis=0)
        best = cand[arg, np.arange(width)]
        if i == 0:
            best[0] = 0.0                        # the origin: nothing aligned yet
            arg[0] = -1
        if ins and ins_gain is not None:
            # a chain of 0-1 beads ending at column j: best[j'] plus the gains of j'+1..j;
            # the band's columns of a row are contiguous, so the chain never leaves it
            g = np.where(band.inside[i], ins_gain[i], 0.0)
            g[0] = 0.0
            run = np.cumsum(g)
            chained = np.maximum.accumulate(best - run) + run
            via_ins = chained > best + 1e-9
            best = np.where(via_ins, chained, best)
            arg = np.where(via_ins, -2, arg)
        best[~band.inside[i]] = -np.inf
        cost[i * width:(i + 1) * width] = best
        pointer[i] = arg

    i, j = rows - 1, int(band.hi[-1])
    if not np.isfinite(cost[i * width + j - band.lo[i]]):
        raise ValueError("no path through the band")
    path = []
    while i > 0 or j > 0:
        p = pointer[i, j - band.lo[i]]
        a, b = (0, 1) if p == -2 else steps[p]
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    return path[::-1]


@dataclass
class AlignConfig:
    """The aligner's knobs; the defaults are the ones measured in docs/BENCHMARKS.md."""

    max_total: int = 5          # most segments in one bead, both sides together
    top_k: int = 3              # faiss neighbours per source segment for the anchors
    window: int = 250           # half-width of the search window that follows the diagonal
    band_width: int = 5         # columns searched on each side of the anchor rectangle
    skip: float = -0.1          # score of a 1-0 or 0-1 bead (see `lone`)
    margin: bool = False        # subtract Bertalign's neighbour margin from the cosine
    length_weight: float = 0.05  # weight of the fitted length prior (0: off)
    evidence_weight: float = 0.2  # weight of shared numbers/symbols (used when features are given)
    punctuation_weight: float = 0.1  # weight of shared sentence punctuation (? ! quotes : ;)
    lone: float = 0.3           # omitting a segment whose best match is under this is cheaper
    refine_width: int = 2       # band around the first path for the embedded second pass
    settled: float = 0.3        # a 1-1 bead of the first path this similar is not re-examined
    promising: float = 0.0      # a run pair whose mean-vector cosine is under this is not embedded
    embed_budget: float = 0.3   # runs embedded in the refine pass, per segment of both sides (at most)
    lexical_weight: float = 0.125  # weight of the dictionary words two runs share (when a lexicon is given)
    length_power: float = 1.2   # a run's mean vector weighs each segment by (its characters) ** this
    use_lexicon: bool = True    # the pipeline gives the default lexicon's features (align.lexicon), when present
    low_confidence: float = LOW_CONFIDENCE
    rival_margin: float = RIVAL_MARGIN


def align(src: Segments, tgt: Segments, *, embed=None, config: AlignConfig | None = None,
          src_features=None, tgt_features=None, src_lexical=None, tgt_lexical=None) -> list[Bead]:
    """Align two sequences of segments; returns monotonic beads covering both sides.

    Zh/en sentences: `align(zh, en, embed=encoder.encode)`. Paragraphs, or two
    drafts in one language: `align(a, b)` (no encoder needed).

    Without `embed`, a run of several segments is scored with the
    length-weighted mean of its segments' vectors. With `embed` (texts -> L2-normalised
    vectors), that first path is refined: around its multi-segment and weak
    beads only, the joined texts of runs are embedded and the DP is run again
    in a narrow band, so the encoder sees a small fraction of the runs a
    Bertalign-style aligner embeds. `src_features` / `tgt_features`: one
    Counter of language-neutral values (numbers, dates, symbols) per segment,
    for the structural evidence term. `src_lexical` / `tgt_lexical`: one Counter
    of dictionary values per segment (`align.lexicon`), for the lexical term.
    """
    config = config or AlignConfig()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead([i], [], 0.0, True) for i in src.ids] + [Bead([], [j], 0.0, True) for j in tgt.ids]
    sims, idx = search.top_k(src.vectors, tgt.vectors, config.top_k, config.window,
                             follow=True, block=SEARCH_BLOCK)
    points = search.anchors(sims, idx)
    terms: list = [scoring.Similarity(margin=config.margin)]
    if config.length_weight:
        terms.append(scoring.LengthPrior.fit(src, tgt, points, config.length_weight))
    if src_features is not None and tgt_features is not None and config.evidence_weight:
        terms.append(scoring.Evidence(src_features, tgt_features, config.evidence_weight))
    if config.punctuation_weight:
        terms.append(scoring.Evidence(scoring.punctuation(src.texts), scoring.punctuation(tgt.texts),
                                      config.punctuation_weight))
    if src_lexical is not None and tgt_lexical is not None and config.lexical_weight:
        # a shared dictionary word is evidence; a word without its counterpart
        # is not counter-evidence (the dictionary knows a few thousand words)
        terms.append(scoring.Evidence(src_lexical, tgt_lexical, config.lexical_weight, penalise_unmatched=False))
    types = bead_types(config.max_total)
    skip: float | tuple[np.ndarray, np.ndarray] = config.skip
    if config.lone:
        reverse = search.top_k(tgt.vectors, src.vectors, 1, config.window, follow=True,
                                block=SEARCH_BLOCK)[0]
        skip = (_omission_costs(sims[:, 0], config), _omission_costs(reverse[:, 0], config))

    power = config.length_power
    src_w, tgt_w = scoring.Windows(src, length_power=power), scoring.Windows(tgt, length_power=power)
    band = Band(*search.band(points, n, m, config.band_width))
    path = best_path(band, types, scoring.BeadScorer(src_w, tgt_w, terms, skip))
    if embed is not None:
        approx = (src_w, tgt_w)
        src_w = scoring.Windows(src, embed, length_power=power)
        tgt_w = scoring.Windows(tgt, embed, length_power=power)
        ends = np.array([(i1 - 1, j1 - 1) for _, i1, _, j1 in path])
        band = Band(*search.band(ends, n, m, config.refine_width))
        allowed = _unsettled(path, src.vectors, tgt.vectors, config.settled)
        worth = _worth_embedding(band, types, allowed, *approx, config.promising,
                                 max(int(config.embed_budget * (n + m)), EMBED_FLOOR))
        path = best_path(band, types, scoring.BeadScorer(src_w, tgt_w, terms, skip, allowed, worth))
    return _beads(src, tgt, src_w, tgt_w, path, config.low_confidence, config.rival_margin)


def _omission_costs(best: np.ndarray, config: AlignConfig) -> np.ndarray:
    """Per segment, the cost of leaving it unaligned: config.skip, scaled down for
    a segment nothing on the other side resembles (its best similarity `best`
    is low: a heading or a line one side lacks), so that it stands alone
    instead of slipping into a neighbour's bead."""
    best = np.nan_to_num(best, neginf=0.0)
    return (config.skip * np.clip(best / config.lone, 0.0, 1.0)).astype(np.float32)


def _unsettled(path: list[tuple[int, int, int, int]], src_vecs: np.ndarray, tgt_vecs: np.ndarray,
               settled: float):
    """Where the second pass may place multi-segment beads: around the first
    path's multi-segment, omitted and weak 1-1 beads (one segment of slack on
    each side); everywhere else the first path's confident 1-1 beads stand."""
    open_src = np.zeros(len(src_vecs) + 2, bool)
    open_tgt = np.zeros(len(tgt_vecs) + 2, bool)
    for i0, i1, j0, j1 in path:
        one_one = i1 - i0 == 1 and j1 - j0 == 1
        if not one_one or float(src_vecs[i0] @ tgt_vecs[j0]) < settled:
            open_src[max(i0 - 1, 0):i1 + 1] = True
            open_tgt[max(j0 - 1, 0):j1 + 1] = True
    # prefix counts: a run end-size..end-1 is open if all its segments are
    src_open = np.concatenate([[0], np.cumsum(open_src[:len(src_vecs)])])
    tgt_open = np.concatenate([[0], np.cumsum(open_tgt[:len(tgt_vecs)])])

    def allowed(band: Band, a: int, b: int) -> np.ndarray:
        rows = np.clip(np.arange(band.rows), a, len(src_vecs))
        cols = np.clip(band.cols, b, len(tgt_vecs))
        src_ok = (src_open[rows] - src_open[rows - a] == a) | (a == 1)
        tgt_ok = (tgt_open[cols] - tgt_open[cols - b] == b) | (b == 1)
        return src_ok[:, None] & tgt_ok
    return allowed


def _worth_embedding(band: Band, types: Sequence[BeadType], allowed, src_w, tgt_w, floor: float,
                     budget: int):
    """Where the refine pass embeds runs: the cells `allowed` whose cheap
    (length-weighted mean vector) cosine reaches a floor, the floor raised
    until at most `budget` runs would be embedded. Every other cell keeps its
    mean-vector score. A run is embedded when one of its cells clears the
    floor, so counting each run's best cell gives the exact number embedded."""
    cheap: dict[BeadType, np.ndarray] = {}
    src_best: dict[int, np.ndarray] = {}
    tgt_best: dict[int, np.ndarray] = {}
    for a, b in types:
        if a == 0 or b == 0 or a + b <= 2 or a > src_w.n or b > tgt_w.n:
            continue
        ok = allowed(band, a, b) & band.inside & (band.cols >= b) & (np.arange(band.rows)[:, None] >= a)
        cos = np.full(ok.shape, -np.inf, np.float32)
        rows = np.flatnonzero(ok.any(axis=1))
        for k in range(0, len(rows), 512):       # bounded memory: 512 rows × band × dim at most
            r = rows[k:k + 512]
            sv = src_w.vectors(a, r)
            tv = tgt_w.vectors(b, np.clip(band.cols[r], b, tgt_w.n))
            cos[r] = np.where(ok[r], np.einsum("rd,rwd->rw", sv, tv), -np.inf)
        cheap[(a, b)] = cos
        if a > 1:   # best cell of each source run (a, row)
            src_best[a] = np.maximum(src_best.get(a, -np.inf), cos.max(axis=1))
        if b > 1:   # best cell of each target run (b, column)
            per_run = tgt_best.setdefault(b, np.full(tgt_w.n + 1, -np.inf, np.float32))
            np.maximum.at(per_run, band.cols[band.inside], cos[band.inside])
    runs = np.concatenate([*src_best.values(), *tgt_best.values(), np.zeros(0, np.float32)])
    runs = runs[runs >= floor]
    if len(runs) > budget:
        floor = max(floor, float(np.partition(runs, len(runs) - budget - 1)[len(runs) - budget - 1]) + 1e-6)
    none = np.zeros((band.rows, band.width), bool)
    return lambda band, a, b: cheap[(a, b)] >= floor if (a, b) in cheap else none


def _beads(src: Segments, tgt: Segments, src_w, tgt_w, path: list[tuple[int, int, int, int]],
           threshold: float, rival_margin: float) -> list[Bead]:
    """The path's beads with their confidence: the cosine of the two sides' run
    vectors (0 for an omission), computed for all beads of one size at once.
    A bead is flagged when its cosine is under `threshold`, or when a segment
    just outside it on either side is within `rival_margin` of that cosine."""
    steps = np.array(path, dtype=np.int64).reshape(-1, 4)
    a, b = steps[:, 1] - steps[:, 0], steps[:, 3] - steps[:, 2]
    confidence = np.zeros(len(steps))
    rival = np.full(len(steps), -1.0)
    for size_a, size_b in {(int(x), int(y)) for x, y in zip(a, b) if x and y}:
        of_size = np.flatnonzero((a == size_a) & (b == size_b))
        for k in range(0, len(of_size), 1024):      # bounded memory, like the DP's blocks
            rows = of_size[k:k + 1024]
            # no new embedding here: a run the refine pass did not embed keeps its mean vector
            sv = src_w.vectors(size_a, steps[rows, 1], np.zeros(len(rows), bool))
            tv = tgt_w.vectors(size_b, steps[rows, 3], np.zeros(len(rows), bool))
            confidence[rows] = np.einsum("rd,rd->r", sv, tv)
            # a neighbour just outside the bead that resembles it nearly as much:
            # the boundary may be wrong (the commonest error on free translation)
            for vec, other, outside in ((sv, tgt_w, (steps[rows, 2] - 1, steps[rows, 3])),
                                        (tv, src_w, (steps[rows, 0] - 1, steps[rows, 1]))):
                for index in outside:
                    near, exists = other.neighbour(index)
                    rival[rows] = np.maximum(rival[rows], np.where(exists, np.einsum("rd,rd->r", vec, near), -1.0))
    weak = (confidence < threshold) | (confidence - rival < rival_margin)
    return [Bead(list(src.ids[i0:i1]), list(tgt.ids[j0:j1]), round(float(c), 4), bool(w))
            for (i0, i1, j0, j1), c, w in zip(path, confidence, weak)]
