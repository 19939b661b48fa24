"""The encoder interface: texts in, L2-normalised float32 rows out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from termalign import progress

# The longest text one encoder call is given, in characters. A longer text (a
# whole paragraph of a file without sentence ends, a 1 MB line) is embedded
# in pieces of at most this size and its vector is their length-weighted mean,
# the way the aligner scores a run of segments: time and memory stay linear
# (a 1 MB line once took 49 s and 3.9 GB). The sentence segmenter cuts at the
# same length (align.segment.MAX_SEGMENT_CHARS), so sentences are never cut here.
MAX_ENCODE_CHARS = 1000


def _pieces(text: str, limit: int = MAX_ENCODE_CHARS) -> list[str]:
    """TEXT in consecutive pieces of at most LIMIT characters, cut at a space where one is near."""
    pieces, pos = [], 0
    while len(text) - pos > limit:
        space = text.rfind(" ", pos + limit // 2, pos + limit)
        cut = space + 1 if space > 0 else pos + limit
        pieces.append(text[pos:cut])
        pos = cut
    pieces.append(text[pos:])
    return pieces


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Encoder(ABC):
    """Turns texts into vectors; subclasses implement `_encode_batch` only."""

    spec: str
    dim: int
    batch_size: int = 64

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> np.ndarray:
        """Encode TEXTS in batches, with a progress bar when there are many."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if any(len(t) > MAX_ENCODE_CHARS for t in texts):
            return self._encode_long(texts, batch_size)
        size = batch_size or self.batch_size
        starts = range(0, len(texts), size)
        batches = progress.track(starts, total=len(starts), desc=f"embedding ({self.spec})", unit="batch") \
            if len(starts) > 2 else starts
        return np.vstack([normalise(self._encode_batch(texts[i:i + size])) for i in batches])

    def _encode_long(self, texts: list[str], batch_size: int | None) -> np.ndarray:
        """Vectors for TEXTS, some longer than MAX_ENCODE_CHARS: each the length-weighted mean of its pieces'."""
        pieces = [_pieces(t) for t in texts]
        flat = [p for ps in pieces for p in ps]
        vectors = self.encode(flat, batch_size=batch_size)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        k = 0
        for i, ps in enumerate(pieces):
            weights = np.array([max(len(p), 1) for p in ps], dtype=np.float32)
            out[i] = weights @ vectors[k:k + len(ps)] / weights.sum()
            k += len(ps)
        return normalise(out)

    @abstractmethod
    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        """Vectors for one batch (any float dtype; normalised by the caller)."""
