"""The shapes the aligner's dynamic programme works on, shared by the aligner and its scoring terms.

A side of an alignment (`Segments`), the bead types (m source segments with
n target segments), the band of cells searched, and the signature of a scorer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

# A bead type: (source segments, target segments).
BeadType = tuple[int, int]

@dataclass
class Segments:
    """One side of an alignment: texts, their vectors, and ids for the beads."""

    texts: Sequence[str]
    vectors: np.ndarray                 # (n, d), L2-normalised rows
    ids: Sequence[str] = ()             # default: "0", "1", …
    lang: str = ""

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.vectors):
            raise ValueError(f"{len(self.texts)} texts but {len(self.vectors)} vectors")
        if not self.ids:
            self.ids = [str(i) for i in range(len(self.texts))]

    def __len__(self) -> int:
        return len(self.texts)


def bead_types(max_total: int = 5) -> list[BeadType]:
    """Every m-n type with m, n >= 1 and m + n <= max_total, then 1-0 and 0-1."""
    types = [(a, b) for a in range(1, max_total) for b in range(1, max_total) if a + b <= max_total]
    return types + [(1, 0), (0, 1)]


@dataclass
class Band:
    """The DP cells searched: row i (source prefix length) spans columns lo[i]..hi[i]."""

    lo: np.ndarray
    hi: np.ndarray
    width: int = field(init=False)
    cols: np.ndarray = field(init=False)    # (rows, width) target prefix length of each cell
    inside: np.ndarray = field(init=False)  # (rows, width) whether the cell is in the band

    def __post_init__(self) -> None:
        self.width = int((self.hi - self.lo).max()) + 1
        self.cols = self.lo[:, None] + np.arange(self.width)[None, :]
        self.inside = self.cols <= self.hi[:, None]

    @property
    def rows(self) -> int:
        return len(self.lo)


# scorer(band, a, b) -> (rows, width) float array: the score of a bead of type
# (a, b) ending at each cell; -inf where the bead cannot end there.
Scorer = Callable[[Band, int, int], np.ndarray]
