"""Pairs per second: `termalign batch` with 1 and 2 workers against a shell loop of `termalign align`.

    .venv/bin/python scripts/bench_batch.py [--pairs 20] [--shared ../shared] [--workdir /tmp/termalign-bench-batch]

The pairs are UN pseudo-documents (scripts/make_un_pseudodocs.py: 150–250 lines of the UN Parallel
Corpus dev set each, resolution-sized), listed in a CSV manifest. Every run starts with an empty
embedding cache of its own, so no run profits from another's vectors. Prints wall seconds and pairs/s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def termalign(*args: str, cache: Path) -> None:
    env = {**os.environ, "TERMALIGN_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-c", "from termalign.cli import main; main()", *args],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=20, help="at most 20: the dev set holds 20 such documents")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/termalign-bench-batch"))
    args = parser.parse_args()
    if not (args.shared / "data" / "unpc-v1.0-testsets").is_dir():
        sys.exit(f"the UN dev set is not in {args.shared}/data: give --shared")
    shutil.rmtree(args.workdir, ignore_errors=True)
    docs = args.workdir / "docs"
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_un_pseudodocs.py"), str(docs),
                    "--shared", str(args.shared), "--docs", str(args.pairs)], check=True, stdout=subprocess.DEVNULL)
    pairs = sorted((zh, docs / "en" / f"{zh.stem}.en") for zh in (docs / "zh").glob("*.zh"))
    manifest = args.workdir / "pairs.csv"
    manifest.write_text("zh,en,id\n" + "".join(f"{zh},{en},UN-{zh.stem}\n" for zh, en in pairs), encoding="utf-8")
    lines = sum(len(zh.read_text(encoding="utf-8").splitlines()) for zh, _ in pairs)
    print(f"{len(pairs)} pairs, {lines} Chinese lines; {os.cpu_count()} cores")
    print(f"{'run':34} {'wall s':>8} {'pairs/s':>8}")

    def timed(name: str, run) -> None:
        start = time.perf_counter()
        run(args.workdir / f"cache-{name.split()[0]}")
        wall = time.perf_counter() - start
        print(f"{name:34} {wall:8.1f} {len(pairs) / wall:8.2f}", flush=True)

    def loop(cache: Path) -> None:
        out = args.workdir / "loop"
        out.mkdir()
        for zh, en in pairs:
            termalign("align", str(zh), str(en), "--format", "jsonl", "-o", str(out / f"{zh.stem}.jsonl"), cache=cache)

    timed("loop of `termalign align`", loop)
    for workers in (1, 2):
        timed(f"batch{workers} --workers {workers}",
              lambda cache, w=workers: termalign("batch", str(manifest), "-o", str(args.workdir / f"out{w}"),
                                                 "--workers", str(w), "--date", "2026-12-04", cache=cache))


if __name__ == "__main__":
    main()
