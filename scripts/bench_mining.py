"""Mining at corpus scale (issue 18): time and peak memory, one process against shards on local workers.

    .venv/bin/python scripts/bench_mining.py [--units 8000 80000] [--modes single sharded] [--workers 2]
                                             [--shared ../shared] [--workdir /tmp/termalign-bench-mining]

The units are the UN Parallel Corpus dev set (4,000 zh–en lines aligned 1-1; the only part of the
corpus in ../shared), cut into documents of 100 lines and written as alignment files (jsonl), as
`termalign batch` leaves them; every size repeats it with distinct document ids (8,000 units = 2
copies), so every count scales and nothing is deduplicated.
Each measurement runs in a fresh process, without the encoder similarity (counting and ranking only):

- single: `TermMiner` reads every file and mines in this one process (`termalign mine`);
- sharded: `termalign.batch.mine.mine_batch` on a LocalCluster of WORKERS processes, shards of
  32 documents counted on the workers, merged in the client.

Prints wall and CPU seconds (client and workers), the client's peak RSS and the largest worker's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = Path("data/unpc-v1.0-testsets")
LINES_PER_DOC = 100


def write_units(shared: Path, units: int, folder: Path) -> int:
    """UNITS lines of the dev set (repeated, document ids varied) as jsonl files of 100 lines."""
    from termalign.align.bitext import BeadRecord, write_jsonl

    if (folder / "done").exists():
        return len(list(folder.glob("*.jsonl")))
    folder.mkdir(parents=True, exist_ok=True)
    zh = (shared / DEV / "derived/UNv1.0.devset.zh.detok").read_text(encoding="utf-8").splitlines()
    en = (shared / DEV / "original/UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    docs = 0
    for start in range(0, units, LINES_PER_DOC):
        doc = f"unpc-{start // LINES_PER_DOC:06d}"
        records = []
        for i in range(start, min(start + LINES_PER_DOC, units)):
            j = i % len(zh)
            records.append(BeadRecord(doc=doc, level="sentence", zh_ids=[f"s{j + 1}"], en_ids=[f"s{j + 1}"],
                                      zh=zh[j], en=en[j], type="1-1", score=1.0))
        with open(folder / f"{doc}.jsonl", "w", encoding="utf-8") as handle:
            write_jsonl(records, handle)
        docs += 1
    (folder / "done").write_text("", encoding="utf-8")
    return docs


def measure(mode: str, folder: Path, workers: int) -> dict:
    """Mine FOLDER's files one way, in this (fresh) process."""
    from termalign.glossary.mining import MiningOptions

    options = MiningOptions(similarity=False)
    files = sorted(folder.glob("*.jsonl"))
    wall = time.perf_counter()
    if mode == "single":
        from termalign.align.alignment_files import read_bitext
        from termalign.glossary.mining import TermMiner

        miner = TermMiner(options=options)
        for path in files:
            miner.add(read_bitext(path))
        result = miner.mine()
    else:
        from termalign.batch.executor import OnDask
        from termalign.batch.mine import mine_batch
        from termalign.batch.task import OK

        executor = OnDask(workers=workers)
        try:
            rows = [{"status": OK, "jsonl": path.name} for path in files]
            result = mine_batch(folder, rows, [], options, executor)
        finally:
            executor.close()
    wall = time.perf_counter() - wall
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"mode": mode, "units": result.units, "documents": result.documents, "pairs": len(result.pairs),
            "wall": wall, "cpu_client": me.ru_utime + me.ru_stime, "cpu_workers": kids.ru_utime + kids.ru_stime,
            "rss_client_mb": me.ru_maxrss / 1024, "rss_worker_mb": kids.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, nargs="+", default=[8000, 80000])
    parser.add_argument("--modes", nargs="+", choices=("single", "sharded"), default=["single", "sharded"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/termalign-bench-mining"))
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.folder, args.workers)))
        return
    if not (args.shared / DEV).is_dir():
        sys.exit(f"the UN dev set is not in {args.shared}/data: give --shared")
    print(f"{os.cpu_count()} cores; load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"{'units':>8} {'mode':8} {'wall s':>8} {'CPU client':>10} {'CPU workers':>11} {'RSS client MB':>13} "
          f"{'RSS worker MB':>13} {'pairs':>6}", flush=True)
    for units in args.units:
        folder = args.workdir / f"units-{units}"
        write_units(args.shared, units, folder)
        for mode in args.modes:
            out = subprocess.run([sys.executable, __file__, "--measure", mode, "--folder", str(folder),
                                  "--workers", str(args.workers)], check=True, capture_output=True, text=True)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{row['units']:8d} {mode:8} {row['wall']:8.1f} {row['cpu_client']:10.1f} {row['cpu_workers']:11.1f} "
                  f"{row['rss_client_mb']:13.0f} {row['rss_worker_mb']:13.0f} {row['pairs']:6d}   "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()
