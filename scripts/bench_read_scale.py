"""Measure `termalign read` on large files: seconds and peak memory per size (issue 13).

Each input is built by repeating realistic extractions, page after page
(form feeds between the copies), until it reaches the size asked for:

- English: the fictional resolutions of tests/fixtures/documents (*_E.txt),
  laid out as PDF extraction leaves them: running headers, page numbers, job
  numbers, barcodes, footnote blocks at the page foot, paragraphs cut by a
  page break;
- Chinese: the five seed extractions in ../shared/seeds (footnote blocks
  between paragraphs, plain-digit and superscript markers, hard-wrapped
  lines) and the Chinese fixtures (*_C.txt).

So a 50 MB file holds thousands of title blocks, pages and footnote blocks:
the case that was quadratic. Every size is read by a fresh
`termalign read FILE --format jsonl -o OUT` process; the figures are its
wall-clock and CPU seconds and its peak resident memory (os.wait4).

Usage: .venv/bin/python scripts/bench_read_scale.py [--sizes 1 2 4 8 16 50] [--langs en zh]
           [--timeout 600] [--shared ../shared] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = REPO / "tests" / "fixtures" / "documents"


def pieces(lang: str, shared: Path) -> list[str]:
    """The extractions a LANG input repeats."""
    if lang == "en":
        files = sorted(DOCUMENTS.glob("*_E.txt"))
    else:
        files = sorted((shared / "seeds").glob("*.txt")) + sorted(DOCUMENTS.glob("*_C.txt"))
    if not files:
        sys.exit(f"no {lang} extractions found (seeds under {shared / 'seeds'}?)")
    return [f.read_text(encoding="utf-8") for f in files]


def build(path: Path, megabytes: float, texts: list[str]) -> int:
    """Write the extractions one after another (a form feed between them) until PATH holds MEGABYTES."""
    limit = int(megabytes * 1_000_000)
    size = k = 0
    with path.open("w", encoding="utf-8") as out:
        while size < limit:
            text = texts[k % len(texts)]
            chunk = ("\f" if k else "") + text
            out.write(chunk)
            size += len(chunk.encode("utf-8"))
            k += 1
    return size


def measure(path: Path, out: Path, timeout: float) -> tuple[float, float, int, int | None]:
    """(wall s, CPU s, peak RSS KiB, paragraphs) of one `termalign read`; paragraphs None on a timeout."""
    command = [sys.executable, "-c", "from termalign.cli import main; main()",
               "read", str(path), "--format", "jsonl", "-o", str(out)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, None
        time.sleep(0.05)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"termalign read failed on {path}: {child.stderr.read().decode(errors='replace')}")
    with out.open(encoding="utf-8") as f:
        paragraphs = sum(1 for _ in f)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, paragraphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8, 16, 50], help="megabytes")
    parser.add_argument("--langs", nargs="+", choices=["en", "zh"], default=["en", "zh"])
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed for one read")
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("TERMALIGN_SHARED", REPO.parent / "shared")))
    parser.add_argument("--work", type=Path, default=None, help="folder for the inputs (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench_read_scale."))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'lang':<5}{'MB':>6}{'wall s':>9}{'CPU s':>9}{'CPU s/MB':>10}{'peak RSS MB':>13}{'paragraphs':>12}")
    try:
        for lang in args.langs:
            texts = pieces(lang, args.shared)
            for megabytes in args.sizes:
                path = work / f"{lang}_{megabytes:g}MB.txt"
                size = build(path, megabytes, texts)
                wall, cpu, rss, paragraphs = measure(path, work / "out.jsonl", args.timeout)
                mb = size / 1e6
                found = f"{paragraphs:>12}" if paragraphs is not None else f"{'timed out':>12}"
                print(f"{lang:<5}{mb:>6.1f}{wall:>9.1f}{cpu:>9.1f}{cpu / mb:>10.2f}{rss / 1024:>13.0f}{found}",
                      flush=True)
                path.unlink()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
