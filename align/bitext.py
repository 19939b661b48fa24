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

from termalign.errors import BitextError


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
    # The same segments as the source files have them (numbers, labels, markers, spacing:
    # what a CAT tool segments, see align.sourceview); None when not known.
    zh_source: str | None = None
    en_source: str | None = None

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
        raise BitextError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        try:
            for lineno, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = BeadRecord.from_dict(json.loads(line))
                    _check_types(record)
                except (json.JSONDecodeError, TypeError) as exc:
                    raise BitextError(f"{path}:{lineno}: not an alignment record written by termalign as jsonl ({exc})") from None
                yield record
        except UnicodeDecodeError:
            # (no line number: the file is decoded in blocks, ahead of the line being parsed)
            raise BitextError(f"{path}: not UTF-8 text; give an alignment saved by termalign as jsonl") from None


_FIELD_TYPES: dict[str, tuple[type | tuple[type, ...], str]] = {"doc": (str, "text"), "level": (str, "text"), "zh": (str, "text"), "en": (str, "text"),
                "type": (str, "text"), "score": ((int, float), "a number"),
                "low_confidence": (bool, "true or false")}
_LIST_FIELDS = ("zh_ids", "en_ids", "zh_paragraphs", "en_paragraphs")


def _check_types(record: BeadRecord) -> None:
    """TypeError naming the first field of the wrong type: a hand-edited file must not crash later steps."""
    for name, (kind, label) in _FIELD_TYPES.items():
        value = getattr(record, name)
        if not isinstance(value, kind) or (name == "score" and isinstance(value, bool)):
            raise TypeError(f"field {name!r} should be {label}, not {value!r}")
    for name in _LIST_FIELDS:
        value = getattr(record, name)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise TypeError(f"field {name!r} should be a list of strings, not {value!r}")
    if record.kind is not None and not isinstance(record.kind, str):
        raise TypeError(f"field 'kind' should be text, not {record.kind!r}")
