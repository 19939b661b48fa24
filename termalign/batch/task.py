"""One pair of a batch: a pure function from the two files' bytes and the settings to the outputs.

`align_pair` runs wherever the executor puts it — this process, a local worker
process, a Dask worker on another machine — so it takes the documents' bytes
(not paths the worker may not see) and returns the outputs' bytes (the client
writes them). Nothing in the result depends on the worker, the time or the
order of the pairs, which is what makes a cluster run byte-identical to a
local one.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from termalign import __version__
from termalign.errors import UserError

OK, UNRELATED, ERROR = "aligned", "unrelated", "error"
_NAMES = {"zh": "Chinese", "en": "English"}


@dataclass(frozen=True)
class Settings:
    """Everything besides the two documents that decides a pair's outputs."""

    model: str = "use-m3"
    level: str = "sentence"
    cache: bool = True
    date: str = "2000-01-01"        # creation date written into the TMX files (YYYY-MM-DD)

    def fingerprint(self) -> dict:
        """What the content hash covers: the cache only changes speed, never the result."""
        return {"model": self.model, "level": self.level, "date": self.date, "termalign": __version__}


@dataclass(frozen=True)
class PairTask:
    doc_id: str
    zh_name: str
    en_name: str
    zh_bytes: bytes
    en_bytes: bytes
    zh_label: str = ""              # how messages name the files (their paths on the client); not hashed
    en_label: str = ""

    def content_hash(self, settings: Settings) -> str:
        """sha256 of the document id, both files' names and bytes, and the settings."""
        digest = hashlib.sha256()
        head = json.dumps([self.doc_id, self.zh_name, self.en_name, settings.fingerprint()], sort_keys=True)
        for part in (head.encode(), self.zh_bytes, self.en_bytes):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()


@dataclass
class PairResult:
    """What came of one pair: the summary row, and the outputs when it aligned."""

    doc_id: str
    status: str                     # OK, UNRELATED or ERROR
    beads: int = 0
    units: int = 0                  # beads with text on both sides (TMX units before de-duplication)
    low_confidence: int = 0
    error: str = ""
    final: bool = True              # False: a failure worth retrying on the next run (not the input's fault)
    jsonl: bytes = field(default=b"", repr=False)
    tmx: bytes = field(default=b"", repr=False)

    def row(self) -> dict:
        data = asdict(self)
        for name in ("jsonl", "tmx", "final"):
            del data[name]
        return data


def align_pair(task: PairTask, settings: Settings) -> PairResult:
    """Read, align and serialise one pair; a bad pair becomes an ERROR or UNRELATED result, never an exception."""
    try:
        return _align(task, settings)
    except UserError as exc:
        return PairResult(task.doc_id, ERROR, error=_relabel(str(exc), task))
    except Exception as exc:  # noqa: BLE001 — one broken pair must not stop a batch of thousands
        return PairResult(task.doc_id, ERROR, error=f"{type(exc).__name__}: {exc}", final=False)


def _align(task: PairTask, settings: Settings) -> PairResult:
    from termalign.align.pipeline import align_documents, unrelated
    from termalign.align.reader import read_document
    from termalign.models import load_encoder

    with tempfile.TemporaryDirectory(prefix="termalign-batch-") as tmp:
        # The reader dispatches on the file name (text now; PDF and Word once that reader lands),
        # so each side is written under its own name and read exactly as `termalign align` reads it.
        zh_path, en_path = Path(tmp, "zh", task.zh_name), Path(tmp, "en", task.en_name)
        for path, data in ((zh_path, task.zh_bytes), (en_path, task.en_bytes)):
            path.parent.mkdir()
            path.write_bytes(data)
        zh, en = read_document(zh_path), read_document(en_path)
    langs = (zh.lang, en.lang)
    if langs == ("en", "zh"):
        raise UserError(f"{task.zh_label or task.zh_name} looks English and {task.en_label or task.en_name} "
                        "looks Chinese: the two files of the pair are swapped")
    for doc, want, label in ((zh, "zh", task.zh_label or task.zh_name), (en, "en", task.en_label or task.en_name)):
        if doc.lang != want:
            raise UserError(f"{label} should be the {_NAMES[want]} text of the pair but looks {_NAMES[doc.lang]}")
        if not doc.paragraphs:
            raise UserError(f"{label} holds no paragraphs of text")
    records = align_documents(zh, en, load_encoder(settings.model, cache=settings.cache), settings.level)
    for record in records:
        record.doc = task.doc_id
    low = sum(r.low_confidence for r in records)
    units = sum(1 for r in records if r.zh_ids and r.en_ids)
    if unrelated(records):
        return PairResult(task.doc_id, UNRELATED, len(records), units, low,
                          error="the two texts do not look like translations of each other")
    jsonl = "".join(r.to_json() + "\n" for r in records).encode("utf-8")
    return PairResult(task.doc_id, OK, len(records), units, low, jsonl=jsonl,
                      tmx=tmx_bytes(records, settings))


def _relabel(message: str, task: PairTask) -> str:
    """A reader's message names the worker's temporary copy; name the file the user gave instead."""
    import re

    for side, name, label in (("zh", task.zh_name, task.zh_label), ("en", task.en_name, task.en_label)):
        message = re.sub(r"\S*termalign-batch-[^/\\\s]+[/\\]" + side + r"[/\\]" + re.escape(name),
                         lambda _: label or name, message)
    return message


def tmx_bytes(records, settings: Settings) -> bytes:
    """The records as a TMX memory dated `settings.date`."""
    from termalign.align.tmx import write_tmx

    with tempfile.TemporaryDirectory(prefix="termalign-batch-") as tmp:
        path = Path(tmp, "pair.tmx")
        write_tmx(records, path, segtype=settings.level, creation_date=tmx_date(settings.date))
        return path.read_bytes()


def tmx_date(day: str) -> datetime:
    try:
        return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        raise UserError(f"{day!r} is not a date; give it as YYYY-MM-DD") from None
