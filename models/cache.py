"""An on-disk embedding cache keyed by (model spec, text).

Re-running on the same documents (a new draft of last year's resolution, a
benchmark rerun) re-embeds only the texts it has not seen. One SQLite file,
safe for several processes at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from termalign import locations
from termalign.models.base import Encoder

_CHUNK = 500  # stay under SQLite's limit on bound parameters
_OPEN_PATIENCE_S = 30.0


class CachedEncoder(Encoder):
    """Wraps an encoder; vectors it has produced before come from disk."""

    def __init__(self, inner: Encoder, cache_dir: str | os.PathLike | None = None) -> None:
        self.inner = inner
        self.spec = inner.spec
        self.dim = inner.dim
        directory = Path(cache_dir) if cache_dir else locations.cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "embeddings.sqlite"
        # autocommit, so that a write takes the write lock at once (BEGIN IMMEDIATE) and never has to
        # upgrade a read: that upgrade fails at once, without waiting, when another process wrote meanwhile
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        deadline = time.monotonic() + _OPEN_PATIENCE_S
        while True:
            try:
                # switching a new file to WAL needs it to itself: processes starting together take turns
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL)")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(f"{self.spec}\x00{text}".encode()).digest()

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> np.ndarray:
        texts = list(texts)
        keys = [self._key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), _CHUNK):
            chunk = unique[i:i + _CHUNK]
            rows = self._db.execute(
                f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if missing:
            fresh = self.inner.encode(missing, batch_size=batch_size)
            new_rows = [(self._key(t), v.astype(np.float32).tobytes()) for t, v in zip(missing, fresh)]
            self._store(new_rows)
            for (key, _), vec in zip(new_rows, fresh):
                found[key] = vec
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out

    def _store(self, rows: list[tuple[bytes, bytes]]) -> None:
        """Keep ROWS for next time; a cache another process holds too long only costs speed."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.OperationalError:
            with contextlib.suppress(sqlite3.Error):
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        return self.inner._encode_batch(texts)
