"""The batch driver: every pair of a manifest aligned into OUTDIR, resumably, on any executor.

OUTDIR holds

    pairs/NAME.jsonl, pairs/NAME.tmx   each aligned pair (NAME: the document id as a file name)
    pairs/NAME.done.json               the pair's content hash, summary row and output digests
    combined.tmx                       every aligned pair in one memory, in manifest order
    summary.csv, index.html            one row per pair: beads, low-confidence share, verdict, error
    batch.json                         the TMX creation date of this batch, kept for reruns

A pair is done when its `.done.json` names the content hash of its inputs and
settings and its outputs still have the recorded digests; a rerun skips such
pairs. The record is written last, each file atomically, so a killed batch
loses only the pairs in flight. Outputs depend only on the inputs and the
settings, never on the worker or the time.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from termalign import progress
from termalign.atomic import atomic_write
from termalign.batch.manifest import Pair
from termalign.batch.task import ERROR, OK, UNRELATED, PairResult, PairTask, Settings, align_pair, tmx_date
from termalign.errors import UserError

SUMMARY_COLUMNS = ("doc_id", "zh", "en", "status", "beads", "units", "low_confidence", "low_confidence_share",
                   "unrelated", "error", "jsonl", "tmx")


@dataclass
class BatchOutcome:
    rows: list[dict]
    done_before: int = 0            # pairs a previous run had finished (skipped)
    ran: int = 0                    # pairs aligned (or failed) in this run
    seconds: float = 0.0
    tmx_units: int = 0
    counts: dict[str, int] = field(default_factory=dict)    # status -> pairs

    @property
    def aligned_docs(self) -> list[str]:
        return [row["doc_id"] for row in self.rows if row["status"] == OK]


def batch_date(outdir: Path, given: str | None) -> str:
    """The TMX date of the batch: GIVEN, else the one a previous run recorded, else today (UTC)."""
    record = outdir / "batch.json"
    stored = None
    if record.exists():
        try:
            stored = json.loads(record.read_text(encoding="utf-8")).get("date")
        except (ValueError, OSError):
            stored = None
    day = given or stored or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    tmx_date(day)       # a malformed date fails before any work
    if day != stored:
        with atomic_write(record) as out:
            json.dump({"date": day}, out)
    return day


def run_batch(pairs: list[Pair], outdir: Path, settings: Settings, executor) -> BatchOutcome:
    """Align every pair into OUTDIR (see the module doc); bad pairs become rows with an error."""
    started = time.monotonic()
    folder = outdir / "pairs"
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, dict] = {}
    todo: list[tuple[Pair, PairTask | None, str]] = []
    outcome = BatchOutcome(rows=[])
    for pair in pairs:
        task, problem = _load(pair)
        if task is None:
            rows[pair.doc_id] = _row(pair, PairResult(pair.doc_id, ERROR, error=problem))
            continue
        digest = task.content_hash(settings)
        done = _finished(folder, pair, digest)
        if done is not None:
            rows[pair.doc_id] = {**done, "zh": str(pair.zh), "en": str(pair.en)}
            outcome.done_before += 1
        else:
            todo.append((pair, None, digest))       # read again when submitted: bounded memory
    for pair, result, digest in _align_all(todo, settings, executor):
        rows[pair.doc_id] = _save(folder, pair, result, digest)
        outcome.ran += 1
    outcome.rows = [rows[pair.doc_id] for pair in pairs]
    for row in outcome.rows:
        outcome.counts[row["status"]] = outcome.counts.get(row["status"], 0) + 1
    outcome.tmx_units = _write_combined(outdir, outcome, settings)
    _write_summary(outdir / "summary.csv", outcome.rows)
    _write_index(outdir / "index.html", outcome)
    outcome.seconds = time.monotonic() - started
    return outcome


def _load(pair: Pair) -> tuple[PairTask | None, str]:
    if pair.zh is None or pair.en is None:
        return None, f"no {'Chinese' if pair.zh is None else 'English'} file found for this document"
    data = []
    for path in (pair.zh, pair.en):
        try:
            data.append(path.read_bytes())
        except FileNotFoundError:
            return None, f"{path} does not exist"
        except IsADirectoryError:
            return None, f"{path} is a folder, not a document"
        except OSError as exc:
            return None, f"cannot read {path}: {exc.strerror}"
    return PairTask(pair.doc_id, pair.zh.name, pair.en.name, data[0], data[1], str(pair.zh), str(pair.en)), ""


def _align_all(todo, settings: Settings, executor) -> Iterator[tuple[Pair, PairResult, str]]:
    """Results as they complete, with a bounded number of pairs in flight (so the client holds few documents)."""
    window = max(4, 4 * executor.workers)
    meter = _Meter(len(todo), executor.description)
    pending: dict = {}
    queue = iter(todo)

    def top_up() -> None:
        while len(pending) < window:
            item = next(queue, None)
            if item is None:
                return
            pair, _, digest = item
            task, problem = _load(pair)
            if task is None:                    # vanished or unreadable since the first look
                done = executor.submit(_failed, pair.doc_id, problem, key=f"align-pair-{digest[:16]}")
            else:
                done = executor.submit(align_pair, task, settings, key=f"align-pair-{digest[:16]}")
            pending[done] = (pair, digest)

    top_up()
    while pending:
        for handle in executor.completed(list(pending)):
            pair, digest = pending.pop(handle)
            try:
                result = executor.result(handle)
            except Exception as exc:  # noqa: BLE001 — a lost worker fails one pair, not the batch
                result = PairResult(pair.doc_id, ERROR, error=f"{type(exc).__name__}: {exc}", final=False)
            meter.step()
            yield pair, result, digest
            top_up()
            break           # re-enter completed() with the topped-up set


def _failed(doc_id: str, problem: str) -> PairResult:
    return PairResult(doc_id, ERROR, error=problem, final=False)


def _record_path(folder: Path, pair: Pair) -> Path:
    return folder / f"{pair.safe_name}.done.json"


def _finished(folder: Path, pair: Pair, digest: str) -> dict | None:
    """The saved row of a pair done with these very inputs and settings whose outputs are intact."""
    try:
        record = json.loads(_record_path(folder, pair).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("hash") != digest:
        return None
    for name, expected in record.get("outputs", {}).items():
        try:
            if _sha256((folder / name).read_bytes()) != expected:
                return None
        except OSError:
            return None
    return record.get("row")


def _save(folder: Path, pair: Pair, result: PairResult, digest: str) -> dict:
    """Write a pair's outputs, then its record (last, so a record always means complete outputs)."""
    row = _row(pair, result)
    outputs = {}
    jsonl, tmx = folder / f"{pair.safe_name}.jsonl", folder / f"{pair.safe_name}.tmx"
    if result.status == OK:
        for path, data in ((jsonl, result.jsonl), (tmx, result.tmx)):
            with atomic_write(path, "wb") as out:
                out.write(data)
            outputs[path.name] = _sha256(data)
    else:
        for stale in (jsonl, tmx):      # outputs of an earlier version of these inputs
            stale.unlink(missing_ok=True)
    record = _record_path(folder, pair)
    if result.final:
        with atomic_write(record) as out:
            json.dump({"doc_id": pair.doc_id, "hash": digest, "row": row, "outputs": outputs}, out,
                      ensure_ascii=False, indent=1, sort_keys=True)
    else:
        record.unlink(missing_ok=True)  # retried on the next run
    return row


def _row(pair: Pair, result: PairResult) -> dict:
    aligned = result.status == OK
    share = result.low_confidence / result.beads if result.beads else 0.0
    return {"doc_id": pair.doc_id, "zh": str(pair.zh or ""), "en": str(pair.en or ""),
            "status": result.status, "beads": result.beads, "units": result.units,
            "low_confidence": result.low_confidence,
            "low_confidence_share": f"{share:.3f}" if result.beads else "",
            "unrelated": "yes" if result.status == UNRELATED else ("no" if aligned else ""),
            "error": result.error,
            "jsonl": f"pairs/{pair.safe_name}.jsonl" if aligned else "",
            "tmx": f"pairs/{pair.safe_name}.tmx" if aligned else ""}


def aligned_files(outdir: Path, rows: list[dict]) -> list[Path]:
    """The alignment files (jsonl) of the pairs that aligned, in manifest order."""
    return [outdir / row["jsonl"] for row in rows if row["status"] == OK]


def aligned_records(outdir: Path, rows: list[dict]) -> Iterator:
    """The beads of the aligned pairs, read back from OUTDIR in manifest order."""
    from termalign.align.bitext import read_jsonl

    for path in aligned_files(outdir, rows):
        yield from read_jsonl(path)


def _write_combined(outdir: Path, outcome: BatchOutcome, settings: Settings) -> int:
    from termalign.align.tmx import write_tmx

    stats = write_tmx(aligned_records(outdir, outcome.rows), outdir / "combined.tmx", segtype=settings.level,
                      creation_date=tmx_date(settings.date))
    return stats.units


def _write_summary(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with atomic_write(path) as out:
        out.write(buffer.getvalue())


def _write_index(path: Path, outcome: BatchOutcome) -> None:
    def cell(value) -> str:
        return f"<td>{html.escape(str(value))}</td>"

    def link(target: str) -> str:
        return f'<td><a href="{html.escape(target)}">{html.escape(Path(target).suffix[1:])}</a></td>' \
            if target else "<td></td>"

    counts = ", ".join(f"{n} {status}" for status, n in sorted(outcome.counts.items()))
    lines = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>termalign batch</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}"
             ".error{background:#fdd}.unrelated{background:#ffd}</style></head><body>",
             "<h1>termalign batch</h1>",
             f"<p>{len(outcome.rows)} document pairs: {html.escape(counts)}; "
             f'{outcome.tmx_units:,} translation units in <a href="combined.tmx">combined.tmx</a>; '
             'the same table as <a href="summary.csv">summary.csv</a>.</p>',
             "<table><tr><th>document</th><th>status</th><th>beads</th><th>low-confidence share</th>"
             "<th>error</th><th>alignment</th><th>memory</th></tr>"]
    for row in outcome.rows:
        lines.append(f'<tr class="{html.escape(row["status"])}">' + cell(row["doc_id"]) + cell(row["status"])
                     + cell(row["beads"]) + cell(row["low_confidence_share"]) + cell(row["error"])
                     + link(row["jsonl"]) + link(row["tmx"]) + "</tr>")
    lines += ["</table></body></html>", ""]
    with atomic_write(path) as out:
        out.write("\n".join(lines))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Meter:
    """Pairs done, pairs/s and ETA, through the current progress reporter, every tenth of the batch."""

    def __init__(self, total: int, where: str) -> None:
        self.total, self.done = total, 0
        self.started = time.monotonic()
        self.every = max(1, total // 10)
        if total:
            progress.info(f"batch: aligning {total} pairs {where}")

    def step(self) -> None:
        self.done += 1
        if self.done % self.every == 0 or self.done == self.total:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            rate = self.done / elapsed
            eta = (self.total - self.done) / rate if rate else 0.0
            progress.info(f"batch: {self.done}/{self.total} pairs, {rate:.2f} pairs/s, ETA {eta:.0f} s")


def check_outdir(outdir: Path, inputs: list[Pair]) -> None:
    """OUTDIR must be a folder we can write, and must not hold the inputs' own files under pairs/."""
    if outdir.exists() and not outdir.is_dir():
        raise UserError(f"{outdir} is a file; give a folder for the batch's outputs")
    pairs_folder = (outdir / "pairs").resolve()
    for pair in inputs:
        for path in (pair.zh, pair.en):
            if path is not None and path.resolve().parent == pairs_folder:
                raise UserError(f"{path} is inside {outdir}/pairs, where the batch writes; move the inputs")
