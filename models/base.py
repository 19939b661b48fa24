"""The encoder interface: texts in, L2-normalised float32 rows out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from termalign import progress


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
        size = batch_size or self.batch_size
        starts = range(0, len(texts), size)
        batches = progress.track(starts, total=len(starts), desc=f"embedding ({self.spec})", unit="batch") \
            if len(starts) > 2 else starts
        return np.vstack([normalise(self._encode_batch(texts[i:i + size])) for i in batches])

    @abstractmethod
    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        """Vectors for one batch (any float dtype; normalised by the caller)."""
