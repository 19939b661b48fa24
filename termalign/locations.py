"""Where termalign keeps files that can be rebuilt at any time (embedding and lookup caches)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """$TERMALIGN_CACHE_DIR, else $XDG_CACHE_HOME/termalign, else ~/.cache/termalign.

    One variable for every cache, so a test or a benchmark redirects them all at once.
    """
    if os.environ.get("TERMALIGN_CACHE_DIR"):
        return Path(os.environ["TERMALIGN_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "termalign"
