"""Any sentence-transformers model folder, loaded offline (extra `[st]`)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from termalign.models.base import Encoder
from termalign.errors import ModelError


def _offline() -> None:
    # The model hub is unreachable on our machines: without these, a hub name
    # that is not cached retries the network for minutes instead of failing.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class SentenceTransformerEncoder(Encoder):
    batch_size = 32

    def __init__(self, name_or_path: str) -> None:
        if name_or_path.startswith(("/", ".")) and not Path(name_or_path).exists():
            # a path, not a hub name: say so before importing torch and before
            # the library logs its guesses about hub names
            raise ModelError(f"no model folder {name_or_path}; give st:/path/to/a/sentence-transformers-folder")
        _offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelError("the st: encoders need sentence-transformers: "
                            "pip install 'termalign[st]' (install torch==2.13.0 first)") from None
        self.spec = f"st:{name_or_path}"
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:  # the library raises many types for "not there"
            where = "folder" if Path(name_or_path).exists() else "model (not a local folder, and the hub is offline)"
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot load sentence-transformers {where} {name_or_path!r}: {first[:200]}") from None
        # renamed in sentence-transformers 6; keep working with 3.x-5.x
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, batch_size=len(texts), convert_to_numpy=True,
                                  normalize_embeddings=True, show_progress_bar=False)
