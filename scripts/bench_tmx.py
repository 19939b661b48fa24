"""Speed of TMX export and import, and whether the import's memory grows with file size.

The memory is built from the UN Parallel Corpus v1.0 dev set (4,000 zh–en
sentence pairs, ../shared/data/unpc-v1.0-testsets): pair i of the 4,000 is
repeated with a paragraph label "r. " for the r-th repetition, so the
repetitions are distinct text, deterministically. The TMX files are written under
--workdir (default /tmp/termalign-bench-tmx), never into the repository.

Each import is measured in a fresh Python process, which reports its own
peak resident memory above what it held after importing the modules (Linux): a
streaming reader stays flat from 10,000 to 100,000 units; loading the whole
tree (shown for contrast) grows with the file.

    .venv/bin/python scripts/bench_tmx.py [--shared ../shared] [--units 100000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from termalign.align.bitext import BeadRecord  # noqa: E402
from termalign.align.tmx import write_tmx  # noqa: E402

DEV = "data/unpc-v1.0-testsets"
DOC_LINES = 200   # lines per pseudo-document, for realistic provenance


def load_pairs(shared: Path) -> list[tuple[str, str]]:
    zh = (shared / DEV / "derived/UNv1.0.devset.zh.detok").read_text(encoding="utf-8").splitlines()
    en = (shared / DEV / "original/UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    if len(zh) != len(en):
        sys.exit(f"dev set sides differ in length: {len(zh)} zh, {len(en)} en lines")
    return list(zip(zh, en))


def records(pairs: list[tuple[str, str]], n: int) -> Iterator[BeadRecord]:
    for i in range(n):
        rep, line = divmod(i, len(pairs))
        zh, en = pairs[line]
        label = f"{rep}. " if rep else ""
        sid = f"p{line % DOC_LINES + 1}.s1"
        number = str(line % DOC_LINES + 1)
        yield BeadRecord(doc=f"UNPC-dev/{rep:02d}/{line // DOC_LINES:02d}", level="sentence",
                         zh_ids=[sid], en_ids=[sid], zh=label + zh, en=label + en, type="1-1",
                         score=0.5 + (i * 37 % 50) / 100, zh_paragraphs=[number], en_paragraphs=[number])


# Run in a child process: prints JSON with the units read, seconds, and the
# peak resident memory above the resident memory after imports (KiB). The
# high-water mark is reset after the imports (Linux /proc/self/clear_refs) so
# a transient peak while importing cannot hide the reader's own.
_CHILD = """
import json, re, sys, time
sys.path.insert(0, sys.argv[3])
from lxml import etree
from termalign.align.tmx import read_tmx

def status(key):
    with open("/proc/self/status") as handle:
        return int(re.search(key + r":\\s+(\\d+)", handle.read()).group(1))

with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
base = status("VmRSS")
start = time.perf_counter()
if sys.argv[2] == "stream":
    n = sum(1 for _ in read_tmx(sys.argv[1], "zh", "en"))
else:
    n = len(etree.parse(sys.argv[1]).getroot().find("body"))
seconds = time.perf_counter() - start
print(json.dumps({"units": n, "seconds": seconds, "base_kb": base, "growth_kb": status("VmHWM") - base}))
"""


def measure_import(path: Path, mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode, str(REPO)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/termalign-bench-tmx"))
    parser.add_argument("--repeats", type=int, default=3, help="export runs of the large file (median)")
    args = parser.parse_args()

    pairs = load_pairs(args.shared)
    args.workdir.mkdir(parents=True, exist_ok=True)
    small_n = args.units // 10
    small, large = args.workdir / f"un-{small_n}.tmx", args.workdir / f"un-{args.units}.tmx"
    print(f"data: {len(pairs):,} UNPC v1.0 dev pairs repeated to {args.units:,} units")

    write_tmx(records(pairs, small_n), small)
    beads = list(records(pairs, args.units))   # made beforehand: the timing is write_tmx alone
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        stats = write_tmx(beads, large)
        times.append(time.perf_counter() - start)
    export_s = statistics.median(times)
    size_mb = large.stat().st_size / 1e6
    print(f"export (write_tmx): {len(beads):,} beads -> {stats.units:,} units ({stats.duplicates:,} "
          f"duplicate pair(s) skipped), {size_mb:.1f} MB, median {export_s:.2f} s of {args.repeats} runs "
          f"= {len(beads) / export_s:,.0f} beads/s")

    for label, path in (("small", small), ("large", large)):
        got = measure_import(path, "stream")
        print(f"import (read_tmx, streaming) {label}: {got['units']:,} units in {got['seconds']:.2f} s "
              f"= {got['units'] / got['seconds']:,.0f} units/s; peak memory growth "
              f"{got['growth_kb'] / 1024:.1f} MiB (process after imports: {got['base_kb'] / 1024:.0f} MiB)")
    for label, path in (("small", small), ("large", large)):
        got = measure_import(path, "tree")
        print(f"contrast (lxml parse of the whole tree) {label}: {got['units']:,} units, peak memory growth "
              f"{got['growth_kb'] / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
