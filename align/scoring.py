"""How a candidate bead is scored: separate terms, added up by `BeadScorer`.

A bead of type (a, b) ending at DP cell (i, j) pairs the source run i-a..i-1
with the target run j-b..j-1. Each term looks at a batch of such cells (one
bead type, a block of rows, every column of the band) and returns one number
per cell; `BeadScorer` sums the terms and gives omissions (1-0, 0-1) a fixed
cost. The terms:

- `Similarity`: cosine of the two runs' vectors, less a margin (the mean
  similarity of each run to the segments just outside the other run), so a
  vague "hub" segment similar to everything does not win;
- `LengthPrior`: how likely the runs' length ratio is under a normal law
  fitted on the document's own anchor pairs (capped);
- `Evidence`: numbers, dates and symbols shared (or not) by the two runs,
  from precomputed per-segment features (`align.pipeline` builds them from
  `align.anchors` and the operative numbers).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
import numpy as np

from termalign.align.lattice import Band, Segments

# embed(list of texts) -> (n, d) L2-normalised vectors
Embed = Callable[[list[str]], np.ndarray]


class Windows:
    """Vectors and lengths of runs of consecutive segments, made on demand.

    `vectors(size, ends)` is the vector of segments end-size..end-1. With an
    `embed` function a run is embedded as its joined text (only the runs asked
    for, each once); without one it is the length-weighted mean of its
    segments' vectors, normalised, which costs nothing.
    """

    def __init__(self, segments: Segments, embed: Embed | None = None, joiner: str | None = None,
                 length_power: float = 1.0) -> None:
        self.segments = segments
        self.embed = embed
        self.joiner = ("" if segments.lang == "zh" else " ") if joiner is None else joiner
        self.n = len(segments)
        vecs = np.asarray(segments.vectors, dtype=np.float32)
        self.dim = vecs.shape[1] if vecs.ndim == 2 else 0
        chars = np.array([len(t) for t in segments.texts], dtype=np.float64)
        # weighting by length approximates embedding the joined text far better than
        # a plain mean (MAC-Dev strict F1 0.871 against 0.849, docs/BENCHMARKS.md); with
        # `embed` it stands in for the runs not worth embedding. `length_power` above 1
        # leans the mean further towards the run's longer segments, whose meaning an
        # encoder of the joined text would weigh most (issue 20: 1.2, docs/BENCHMARKS.md)
        weights = np.maximum(chars, 1) ** length_power
        weighted = vecs * weights.astype(np.float32)[:, None]
        self._sum = np.vstack([np.zeros((1, self.dim), np.float32), np.cumsum(weighted, axis=0)])
        self._chars = np.concatenate([[0.0], np.cumsum(chars)])
        padded = np.zeros((self.n + 2, self.dim), np.float32)   # row 0 and row n+1: no segment
        padded[1:self.n + 1] = vecs
        self._single = padded
        self._cache: dict[int, np.ndarray] = {1: padded[:self.n + 1]}
        self._known: dict[int, np.ndarray] = {1: np.ones(self.n + 1, bool)}

    def vectors(self, size: int, ends: np.ndarray, need: np.ndarray | None = None) -> np.ndarray:
        """Vectors of the runs of `size` segments ending before each of `ends` (any shape).

        Only the runs where `need` is true are embedded; the others get their
        length-weighted mean vector unless they were embedded before.
        """
        ends = np.clip(ends, size, self.n)
        if size == 1:
            return self._cache[1][ends]
        if self.embed is None:
            return self.mean(size, ends)
        if size not in self._cache:
            self._cache[size] = np.zeros((self.n + 1, self.dim), np.float32)
            self._known[size] = np.zeros(self.n + 1, bool)
        wanted = ends if need is None else ends[np.broadcast_to(need, ends.shape)]
        missing = np.unique(wanted[~self._known[size][wanted]])
        if len(missing):
            texts = [self.joiner.join(self.segments.texts[e - size:e]) for e in missing]
            self._cache[size][missing] = self.embed(texts)
            self._known[size][missing] = True
        known = self._known[size][ends]
        if known.all():
            return self._cache[size][ends]
        return np.where(known[..., None], self._cache[size][ends], self.mean(size, ends))

    def mean(self, size: int, ends: np.ndarray) -> np.ndarray:
        """The length-weighted mean vector of each run, normalised: costs no embedding."""
        ends = np.clip(ends, size, self.n)
        v = self._sum[ends] - self._sum[ends - size]
        return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)

    def neighbour(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vector of segment `index` (0-based) and whether it exists (zero row if not)."""
        index = np.asarray(index)
        exists = (index >= 0) & (index < self.n)
        return self._single[np.clip(index + 1, 0, self.n + 1)], exists

    def chars(self, size: int, ends: np.ndarray) -> np.ndarray:
        ends = np.clip(ends, size, self.n)
        return self._chars[ends] - self._chars[ends - size]


@dataclass
class Cells:
    """A batch of candidate beads of one type: rows × band columns."""

    a: int
    b: int
    src: Windows
    tgt: Windows
    src_end: np.ndarray      # (R,)   source prefix length at each cell's row
    tgt_end: np.ndarray      # (R, W) target prefix length at each cell
    need: np.ndarray         # (R, W) cells whose score matters (others may use stand-in vectors)
    _cache: dict = field(default_factory=dict)

    @property
    def src_vec(self) -> np.ndarray:
        if "src_vec" not in self._cache:
            self._cache["src_vec"] = self.src.vectors(self.a, self.src_end, np.asarray(self.need.any(axis=1)))
        return self._cache["src_vec"]

    @property
    def tgt_vec(self) -> np.ndarray:
        if "tgt_vec" not in self._cache:
            self._cache["tgt_vec"] = self.tgt.vectors(self.b, self.tgt_end, self.need)
        return self._cache["tgt_vec"]

    @property
    def cosine(self) -> np.ndarray:
        if "cosine" not in self._cache:
            # the band is monotone, so a block of rows spans a narrow range of
            # columns: one dense product over that range, then pick the band's cells
            lo = int(self.tgt_end.min())
            span = np.arange(lo, int(self.tgt_end.max()) + 1)
            rows, width = self.tgt_end.shape
            if len(span) > 2 * rows + 4 * width:   # rows far apart: gather the cells instead
                self._cache["cosine"] = np.einsum("rd,rwd->rw", self.src_vec, self.tgt_vec)
            else:
                need = np.zeros(len(span), bool)
                need[self.tgt_end[self.need] - lo] = True
                dense = self.src_vec @ self.tgt.vectors(self.b, span, need).T
                self._cache["cosine"] = np.take_along_axis(dense, self.tgt_end - lo, axis=1)
        return self._cache["cosine"]


Term = Callable[[Cells], np.ndarray]


def neighbour_margin(cells: Cells) -> np.ndarray:
    """Mean similarity of each run to the two segments just outside the other run.

    Bertalign's margin: a run that resembles its counterpart's neighbours as
    much as the counterpart itself is not evidence of alignment.
    """
    def side_mean(vec: np.ndarray, other: Windows, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        left, has_left = other.neighbour(start - 1)
        right, has_right = other.neighbour(end)
        dot = lambda v, u: np.einsum("...d,...d->...", v, u)   # noqa: E731
        total = dot(vec, left) * has_left + dot(vec, right) * has_right
        return total / np.maximum(has_left.astype(np.float32) + has_right, 1)

    src_end = np.broadcast_to(cells.src_end[:, None], cells.tgt_end.shape)
    src_vec = np.broadcast_to(cells.src_vec[:, None, :], cells.tgt_vec.shape)
    to_tgt = side_mean(src_vec, cells.tgt, cells.tgt_end - cells.b, cells.tgt_end)
    to_src = side_mean(cells.tgt_vec, cells.src, src_end - cells.a, src_end)
    return (to_tgt + to_src) / 2


@dataclass
class Similarity:
    """Cosine of the two runs, less the neighbour margin when `margin` is set."""

    margin: bool = True

    def __call__(self, cells: Cells) -> np.ndarray:
        return cells.cosine - neighbour_margin(cells) if self.margin else cells.cosine


@dataclass
class LengthPrior:
    """A normal law on log(source chars / target chars), fitted on the
    document's anchor pairs: −weight·min(z²/2, cap).

    Fitting per document matters: literary translation is loose, UN
    translation tight. The cap keeps segments whose ratio is naturally odd
    (names, dates, symbols written in Latin script on both sides) from being
    pushed into a neighbour's bead (docs/BENCHMARKS.md).
    """

    mean: float
    std: float
    weight: float = 0.05
    cap: float = 5.0

    @classmethod
    def fit(cls, src: Segments, tgt: Segments, pairs: np.ndarray, weight: float = 0.05) -> LengthPrior:
        """Fit on the anchor pairs (i, j) of this document, robustly (median, MAD)."""
        s = np.array([len(src.texts[i]) for i, _ in pairs], dtype=np.float64)
        t = np.array([len(tgt.texts[j]) for _, j in pairs], dtype=np.float64)
        keep = (s > 0) & (t > 0)
        if keep.sum() < 5:   # too few anchors: the whole texts' ratio, a loose spread
            total_s = max(sum(len(x) for x in src.texts), 1)
            total_t = max(sum(len(x) for x in tgt.texts), 1)
            return cls(float(np.log(total_s / total_t)), 0.5, weight)
        r = np.log(s[keep] / t[keep])
        mean = float(np.median(r))
        return cls(mean, max(float(1.4826 * np.median(np.abs(r - mean))), 0.05), weight)

    def __call__(self, cells: Cells) -> np.ndarray:
        s = np.maximum(cells.src.chars(cells.a, cells.src_end), 1)[:, None]
        t = np.maximum(cells.tgt.chars(cells.b, cells.tgt_end), 1)
        z = (np.log(s / t) - self.mean) / self.std
        return -self.weight * np.minimum(0.5 * z * z, self.cap)


class Evidence:
    """Agreement of per-segment features (numbers, dates, symbols, operative numbers).

    `src_features[i]` / `tgt_features[j]` are multisets of language-neutral
    values. For a bead, the score is weight × (shared − unmatched) / (total + 1)
    over the values of the two runs: positive when the runs carry the same
    numbers, negative when their numbers differ, 0 when neither has any.

    With `penalise_unmatched` false (a dictionary of known words, which covers
    only part of any sentence) the score is weight × 2 × shared / (total + 1):
    from 0 when nothing is shared to nearly `weight` when everything is.
    """

    def __init__(self, src_features: Sequence[Counter], tgt_features: Sequence[Counter],
                 weight: float = 0.2, penalise_unmatched: bool = True) -> None:
        self.penalise_unmatched = penalise_unmatched
        vocab = {v: k for k, v in enumerate(sorted({v for f in [*src_features, *tgt_features] for v in f}))}
        self.weight = weight
        self.size = len(vocab)
        self._src = self._prefix_counts(src_features, vocab)
        self._tgt = self._prefix_counts(tgt_features, vocab)
        self._src_total = self._src.sum(axis=1)
        self._tgt_total = self._tgt.sum(axis=1)

    @staticmethod
    def _prefix_counts(features: Sequence[Counter], vocab: dict[str, int]) -> np.ndarray:
        counts = np.zeros((len(features) + 1, len(vocab)), dtype=np.float32)
        for i, f in enumerate(features):
            for value, c in f.items():
                counts[i + 1, vocab[value]] = c
        return np.cumsum(counts, axis=0)

    def __call__(self, cells: Cells) -> np.ndarray:
        if self.size == 0:
            return np.zeros(cells.tgt_end.shape, np.float32)
        s_end = np.clip(cells.src_end, cells.a, len(self._src) - 1)[:, None]
        t_end = np.clip(cells.tgt_end, cells.b, len(self._tgt) - 1)
        s_total = np.broadcast_to(self._src_total[s_end] - self._src_total[s_end - cells.a], t_end.shape)
        t_total = self._tgt_total[t_end] - self._tgt_total[t_end - cells.b]
        total = s_total + t_total
        # most segments carry no value: where one run has none, nothing is shared
        # and every value is unmatched; only cells with values on both sides are compared
        if self.penalise_unmatched:
            out = (-self.weight * total / (total + 1)).astype(np.float32)
        else:
            out = np.zeros(total.shape, np.float32)
        rows, cols = np.nonzero((s_total > 0) & (t_total > 0))
        if len(rows):
            s_row, t_cell = s_end[rows, 0], t_end[rows, cols]
            shared = np.minimum(self._src[s_row] - self._src[s_row - cells.a],
                                self._tgt[t_cell] - self._tgt[t_cell - cells.b]).sum(axis=-1)
            both = total[rows, cols]
            if self.penalise_unmatched:   # shared − unmatched, where unmatched = total − 2 × shared
                out[rows, cols] = self.weight * (3 * shared - both) / (both + 1)
            else:
                out[rows, cols] = self.weight * 2 * shared / (both + 1)
        return out


# Sentence punctuation a translation tends to keep, in both scripts: a question
# stays a question, an exclamation an exclamation, a quoted utterance quoted, an
# aside in brackets or dashes. A run of the same mark ("……", "——", "...") is one.
_MARKS = {"?": "question", "？": "question", "!": "exclaim", "！": "exclaim",
          "“": "quote", "「": "quote", "『": "quote", ":": "colon", "：": "colon",
          ";": "semicolon", "；": "semicolon", "(": "bracket", "（": "bracket",
          "…": "ellipsis", ".": "ellipsis", "—": "dash"}
_MARK_RUN = re.compile(r"…+|\.{3,}|—+|[?？!！“「『:：;；(（]")


def punctuation(texts: Sequence[str]) -> list[Counter]:
    """Per segment, the marks of `_MARKS` it carries, as language-neutral values for
    an `Evidence` term. Straight double quotes count as one quote per pair."""
    out = []
    for text in texts:
        found = Counter(_MARKS[m[0]] for m in _MARK_RUN.findall(text))
        if '"' in text:
            found["quote"] += (text.count('"') + 1) // 2
        out.append(found)
    return out


# allowed(band, a, b) -> (rows, width) bool: where a bead of type (a, b) may end
Allowed = Callable[["Band", int, int], np.ndarray]


@dataclass
class BeadScorer:
    """Sums the terms for m-n beads; omissions cost `skip` per segment (one
    value, or one per source and per target segment).

    `allowed`, when given, restricts where multi-segment beads may end; runs
    are embedded only for the cells it allows.
    """

    src: Windows
    tgt: Windows
    terms: list[Term]
    skip: float | tuple[np.ndarray, np.ndarray] = -0.1   # or (per source, per target segment)
    allowed: Allowed | None = None
    worth: Allowed | None = None    # where runs are embedded (elsewhere: their mean vectors)
    block_rows: int = 128   # rows scored at once: bounds memory, and the columns a block's product spans

    def __call__(self, band: Band, a: int, b: int) -> np.ndarray:
        out = np.full((band.rows, band.width), -np.inf, dtype=np.float32)
        valid = band.inside & (band.cols >= b) & (np.arange(band.rows)[:, None] >= a)
        if a == 0 or b == 0:
            if isinstance(self.skip, tuple):
                src_skip, tgt_skip = self.skip
                rows = np.clip(np.arange(band.rows) - 1, 0, None)
                cost = (np.broadcast_to(src_skip[rows][:, None], out.shape) if a else
                        tgt_skip[np.clip(band.cols - 1, 0, len(tgt_skip) - 1)])
            else:
                cost = np.full(out.shape, self.skip, np.float32)
            out[valid] = cost[valid]
            return out
        if a > self.src.n or b > self.tgt.n:
            return out
        if self.allowed is not None and a + b > 2:
            valid &= self.allowed(band, a, b)
        need = valid & self.worth(band, a, b) if self.worth is not None and a + b > 2 else valid
        rows = np.flatnonzero(valid.any(axis=1))
        for k in range(0, len(rows), self.block_rows):
            r = rows[k:k + self.block_rows]
            cells = Cells(a, b, self.src, self.tgt, r, np.clip(band.cols[r], b, self.tgt.n), need[r])
            total = sum(term(cells) for term in self.terms)
            out[r] = np.where(valid[r], total, -np.inf)
        return out
