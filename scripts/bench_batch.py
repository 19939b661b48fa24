"""Pairs per second: `termalign batch` with 1 and 2 workers against a shell loop of `termalign align`.

    .venv/bin/python scripts/bench_batch.py [--pairs 20] [--shared ../shared] [--workdir /tmp/termalign-bench-batch]
                                            [--runs loop batch1 batch2] [--no-cache] [--keep]
    .venv/bin/python scripts/bench_batch.py --pairs 200 --no-cache --runs loop --keep   # one run of the 200
    .venv/bin/python scripts/bench_batch.py --pairs 6 --worker-settings   # why 2 workers were slow (issue 18)

`--worker-settings` runs the same pairs four ways, each in a fresh process with an
empty cache: in this process, and 2 local workers with Dask's defaults (every
thread pool one thread per core, MALLOC_TRIM_THRESHOLD_=65536), with only the
malloc setting removed, and as `termalign batch` starts them (both fixed: each
worker's BLAS, OpenMP and encoder pools get cores/workers threads). Prints wall
and CPU seconds (this process and its worker processes).

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


def make_pairs(shared: Path, docs: Path, count: int) -> list[tuple[Path, Path]]:
    """COUNT pseudo-document pairs under DOCS, in rounds of at most 20 (one generator seed per round)."""
    pairs: list[tuple[Path, Path]] = []
    round_ = 0
    while len(pairs) < count:       # a round holds 19 or 20 documents (the cuts are random lengths)
        folder = docs / f"round{round_:02d}"
        if not (folder / "zh").is_dir():
            subprocess.run([sys.executable, str(REPO / "scripts" / "make_un_pseudodocs.py"), str(folder),
                            "--shared", str(shared), "--docs", "20", "--seed", str(4 + round_)],
                           check=True, stdout=subprocess.DEVNULL)
        found = sorted((zh, folder / "en" / f"{zh.stem}.en") for zh in (folder / "zh").glob("*.zh"))
        pairs += found[:count - len(pairs)]
        round_ += 1
    return pairs


def termalign(*args: str, cache: Path) -> int:
    """Exit code of one termalign command: 0, or 1 when a batch finished but reported some pairs; 2 (a
    user error, e.g. one pair the aligner refused) counts in a loop as a reported pair, not a failure."""
    env = {**os.environ, "TERMALIGN_CACHE_DIR": str(cache)}
    code = subprocess.run([sys.executable, "-c", "from termalign.cli import main; main()", *args],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if code not in (0, 1, 2) or (code == 2 and args[0] == "batch"):
        raise SystemExit(f"termalign {' '.join(args)} failed with exit code {code}")
    return code


VARIANTS = ("inprocess", "dask-defaults", "no-malloc-trim", "fixed")


def run_variant(variant: str, manifest: Path, outdir: Path) -> None:
    """One batch of MANIFEST into OUTDIR with the given worker settings; prints wall and CPU seconds."""
    import resource

    from termalign.batch import executor as executors
    from termalign.batch.manifest import read_manifest
    from termalign.batch.run import run_batch
    from termalign.batch.task import Settings

    pairs = read_manifest(manifest)
    if variant == "dask-defaults":       # the nanny's own setting, put back after the executor drops it
        executors.worker_environment = lambda workers, cores=None: {"MALLOC_TRIM_THRESHOLD_": "65536"}
    elif variant == "no-malloc-trim":
        executors.worker_environment = lambda workers, cores=None: {}
    start, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    executor = executors.InProcess() if variant == "inprocess" else executors.OnDask(workers=2)
    if variant == "dask-defaults":
        environ = executor.client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
        assert set(environ.values()) == {"65536"}, environ
    try:
        outcome = run_batch(pairs, outdir, Settings(date="2026-12-04"), executor)
    finally:
        executor.close()
    wall = time.perf_counter() - wall
    cpu = sum(getattr(resource.getrusage(who), f) - (getattr(start, f) if who == resource.RUSAGE_SELF else 0)
              for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) for f in ("ru_utime", "ru_stime"))
    print(f"{variant:16} {len(pairs):5d} {wall:8.1f} {cpu:8.1f} {outcome.counts}", flush=True)


def worker_settings(manifest: Path, workdir: Path) -> None:
    print(f"{'variant':16} {'pairs':>5} {'wall s':>8} {'CPU s':>8}")
    for variant in VARIANTS:
        cache = workdir / f"cache-{variant}"
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(workdir / f"out-{variant}", ignore_errors=True)
        subprocess.run([sys.executable, __file__, "--variant", variant, "--manifest", str(manifest),
                        "--workdir", str(workdir)], check=True, stderr=subprocess.DEVNULL,
                       env={**os.environ, "TERMALIGN_CACHE_DIR": str(cache)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=20, help="pairs; beyond 20, cut in rounds (see above)")
    parser.add_argument("--runs", nargs="+", choices=("loop", "batch1", "batch2"), default=["loop", "batch1", "batch2"])
    parser.add_argument("--no-cache", action="store_true", help="no embedding cache in any run")
    parser.add_argument("--keep", action="store_true", help="keep the documents already made in WORKDIR")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/termalign-bench-batch"))
    parser.add_argument("--worker-settings", action="store_true", help="compare worker thread/malloc settings")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        run_variant(args.variant, args.manifest, args.workdir / f"out-{args.variant}")
        return
    if not (args.shared / "data" / "unpc-v1.0-testsets").is_dir():
        sys.exit(f"the UN dev set is not in {args.shared}/data: give --shared")
    if not args.keep:
        shutil.rmtree(args.workdir, ignore_errors=True)
    pairs = make_pairs(args.shared, args.workdir / "docs", args.pairs)
    manifest = args.workdir / "pairs.csv"
    manifest.write_text("zh,en,id\n" + "".join(f"{zh},{en},UN-{zh.parent.parent.name}-{zh.stem}\n"
                                                for zh, en in pairs), encoding="utf-8")
    cache_flag = ["--no-cache"] if args.no_cache else []
    lines = sum(len(zh.read_text(encoding="utf-8").splitlines()) for zh, _ in pairs)
    print(f"{len(pairs)} pairs, {lines} Chinese lines; {os.cpu_count()} cores; load average "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    if args.worker_settings:
        worker_settings(manifest, args.workdir)
        return
    print(f"{'run':34} {'wall s':>8} {'pairs/s':>8}")

    def timed(name: str, run) -> None:
        import resource

        shutil.rmtree(args.workdir / f"cache-{name.split()[0]}", ignore_errors=True)
        start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        run(args.workdir / f"cache-{name.split()[0]}")
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
        print(f"{name:34} {wall:8.1f} {len(pairs) / wall:8.2f}  CPU {used:.0f} s  "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)

    def loop(cache: Path) -> None:
        out = args.workdir / "loop"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        failed = 0
        for zh, en in pairs:
            name = f"{zh.parent.parent.name}-{zh.stem}.jsonl"
            failed += termalign("align", str(zh), str(en), "--format", "jsonl", "-o", str(out / name), *cache_flag,
                                cache=cache) != 0
        print(f"  loop: {failed} of {len(pairs)} pairs refused with an error", flush=True)

    if "loop" in args.runs:
        timed("loop of `termalign align`", loop)
    for workers in (1, 2):
        if f"batch{workers}" in args.runs:
            shutil.rmtree(args.workdir / f"out{workers}", ignore_errors=True)
            timed(f"batch{workers} --workers {workers}",
                  lambda cache, w=workers: termalign("batch", str(manifest), "-o", str(args.workdir / f"out{w}"),
                                                     "--workers", str(w), "--date", "2026-12-04", *cache_flag,
                                                     cache=cache))


if __name__ == "__main__":
    main()
