"""Read any saved alignment — jsonl records or a TMX memory — as bead records.

Above both formats: `align.bitext` (the records and their jsonl form) and
`align.tmx` (the memory format) know nothing of each other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from termalign.align.bitext import BeadRecord, read_jsonl
from termalign.align.tmx import read_tmx
from termalign.errors import BitextError


def read_bitext(path: str | os.PathLike) -> Iterator[BeadRecord]:
    """Any saved alignment: jsonl from `termalign align`, or a TMX memory (its zh and en units).

    TMX is told apart by its name or by content that opens like XML, so a memory
    saved as .xml or .txt is still read as one.
    """
    path = Path(path)
    if path.is_dir():
        raise BitextError(f"{path} is a folder; give an alignment file (jsonl or TMX)")
    if not path.exists():
        raise BitextError(f"cannot read {path}: no such file")
    if _opens_like_xml(path):
        return read_tmx(path, "zh", "en")
    return read_jsonl(path)


def _opens_like_xml(path: Path) -> bool:
    if path.suffix.lower() == ".tmx":
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return False                    # read_jsonl says what is wrong with the file
    return head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<")
