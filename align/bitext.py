"""The data contract between alignment and everything after it.

An alignment saved by `termalign align --format jsonl` is one `BeadRecord` per
line. `termalign mine`, `termalign tmx` and `termalign qa --bitext` read these
files (and TMX, converted to the same records by `align.tmx`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

from termalign.errors import UserError


@dataclass
class Bead:
    """One aligned group: segment ids on each side (either side may be empty)."""

    zh: list[str]
    en: list[str]
    score: float
    low_confidence: bool = False

    @property
    def type(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass
class BeadRecord:
    """A bead with its texts and provenance, as written to and read from jsonl."""

    doc: str                    # document symbol or file name
    level: str                  # "paragraph" or "sentence"
    zh_ids: list[str]
    en_ids: list[str]
    zh: str                     # texts of the zh segments joined (no separator in zh)
    en: str                     # texts of the en segments joined by one space
    type: str                   # "1-1", "2-1", "1-0", …
    score: float
    low_confidence: bool = False
    zh_paragraphs: list[str] = field(default_factory=list)  # operative numbers, else paragraph ids
    en_paragraphs: list[str] = field(default_factory=list)
    kind: str | None = None     # paragraph kind of the zh side ("operative", "footnote", …)

    @property
    def id(self) -> str:
        """A bead id stable within its document, used to cite examples."""
        side = self.zh_ids or self.en_ids
        return f"{self.doc}#{side[0]}" if side else self.doc

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> BeadRecord:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def write_jsonl(records: Iterable[BeadRecord], handle) -> int:
    n = 0
    for record in records:
        handle.write(record.to_json() + "\n")
        n += 1
    return n


def read_jsonl(path: str | os.PathLike) -> Iterator[BeadRecord]:
    """Read an alignment saved by `termalign align --format jsonl`."""
    try:
        handle = open(path, encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                yield BeadRecord.from_dict(data)
            except (json.JSONDecodeError, TypeError) as exc:
                raise UserError(f"{path}:{lineno}: not an alignment record written by "
                                f"`termalign align --format jsonl` ({exc})") from None
