"""Time `termalign lookup` as an editor macro sees it (whole process, start included),
and the glossary imports and exports.

  .venv/bin/python scripts/make_termbase.py .bench/tb50k.db          # once: 50,000 concepts
  .venv/bin/python scripts/bench_lookup.py .bench/tb50k.db --runs 25

Every figure is the wall time of a fresh `termalign` process (subprocess), so it
includes Python's start, imports and opening the termbase. Lookups report the
median, min and max of --runs runs, and the median CPU time, which other jobs
on a shared machine do not inflate; a control process that only burns 110 ms
of CPU shows how much they stretch wall times. The first lookup of a version,
which builds that version's cached index, is timed on its own. Then the
termbase is exported in every format and, with the shared data folder present,
the Microsoft terminology list (28,620 rows of CSV) is imported into a new
termbase (--lookup-only skips both). The lookup cache and the bytecode cache of
these runs live in a temporary folder."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from termalign.glossary.termbase import Termbase  # noqa: E402

TERMALIGN = str(Path(sys.executable).parent / "termalign")
BUSY = "import time\nstart = time.process_time()\nwhile time.process_time() - start < 0.11:\n    pass"


def run(args: list[str], env: dict, stdin: str | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, env=env, input=stdin, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed(label: str, args: list[str], env: dict, runs: int, stdin: str | None = None) -> float:
    """Median wall time of RUNS processes (also printed: min, max, median CPU time)."""
    walls, cpus = zip(*(run(args, env, stdin) for _ in range(runs)))
    median = statistics.median(walls)
    print(f"{label[:50]:<50} wall median {median * 1000:5.0f} ms  min {min(walls) * 1000:5.0f}  "
          f"max {max(walls) * 1000:5.0f}  cpu median {statistics.median(cpus) * 1000:5.0f} ms  ({runs} runs)")
    return median


def queries(path: Path) -> dict[str, str]:
    """Realistic queries drawn from the termbase itself, one per kind of match."""
    with Termbase.open(path) as base:
        rows = base.term_rows()
    zh = [r for r in rows if r.lang == "zh"]
    en = [r for r in rows if r.lang == "en"]
    zh_term, en_term = zh[len(zh) // 3].text, en[len(en) // 2].text
    # one character changed: not in the termbase, so the fuzzy search runs
    variant = zh_term[:-1] + ("会" if zh_term[-1] != "会" else "坛")
    return {
        f"exact zh ({zh_term})": zh_term,
        f"exact en, other case ({en_term.upper()})": en_term.upper(),
        "substring, 2 Han characters (论坛)": "论坛",
        f"fuzzy zh variant ({variant})": variant,
        "fuzzy en misspelling (Sustainible Developmnet)": "Sustainible Developmnet",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("termbase", type=Path, help="termbase to look up in (scripts/make_termbase.py builds one)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder")
    parser.add_argument("--lookup-only", action="store_true", help="skip the exports and the import")
    args = parser.parse_args()
    if not args.termbase.exists():
        sys.exit(f"{args.termbase} not found; build it with scripts/make_termbase.py {args.termbase}")

    with tempfile.TemporaryDirectory() as folder:
        # As installed: bytecode cached (here in the temporary folder, even where
        # PYTHONDONTWRITEBYTECODE is set), so no run pays for compiling the sources.
        env = {**os.environ, "TERMALIGN_CACHE_DIR": str(Path(folder) / "cache"),
               "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        run([TERMALIGN, "lookup", "--help"], env)
        tb = str(args.termbase)
        asked = queries(args.termbase)
        with Termbase.open(args.termbase) as base:
            rows, concepts = len(base.term_rows()), base.latest_version()
        print(f"termbase {tb}: {rows:,} terms, {concepts} versions; machine: {os.cpu_count()} cores")
        timed("python -c pass (interpreter start)", [sys.executable, "-c", "pass"], env, args.runs)
        # A control: a process that only burns 110 ms of CPU. Its wall time shows how much
        # the other jobs on the machine stretch any process of the size of a lookup.
        timed("control: python burning 110 ms of CPU", [sys.executable, "-c", BUSY], env, args.runs)
        timed("termalign lookup --help (CLI start, no termbase)", [TERMALIGN, "lookup", "--help"], env, args.runs)
        first = next(iter(asked.values()))
        cold, _ = run([TERMALIGN, "lookup", first, "-t", tb], env)
        print(f"{'first lookup of a version (builds its index)':<50} wall {cold * 1000:12.0f} ms")
        for label, query in asked.items():
            timed(f"lookup {label}"[:52], [TERMALIGN, "lookup", query, "-t", tb], env, args.runs)
        timed("lookup --format json, exact zh", [TERMALIGN, "lookup", first, "-t", tb, "--format", "json"],
              env, args.runs)
        timed("lookup --version 1, exact zh", [TERMALIGN, "lookup", first, "-t", tb, "--version", "1"],
              env, args.runs)
        batch = "\n".join(list(asked.values()) * 20) + "\n"
        seconds = timed("lookup - (100 queries on stdin, one process)", [TERMALIGN, "lookup", "-", "-t", tb],
                        env, 3, stdin=batch)
        print(f"{'  per query':<50} wall {seconds * 10:12.1f} ms")

        if args.lookup_only:
            return
        for name in ("tbx", "tsv", "csv", "xlsx"):
            out = Path(folder) / f"export.{name}"
            seconds, _ = run([TERMALIGN, "termbase", "export", tb, "--format", name, "-o", str(out)], env)
            size = out.stat().st_size / 1e6
            print(f"{f'export {name} (default statuses)':<50} wall {seconds:10.2f} s  {size:6.1f} MB")

        microsoft = args.shared / "data" / "terms-microsoft-en-zhcn" / "Termbase.csv"
        if microsoft.exists():
            target = Path(folder) / "microsoft.db"
            seconds, _ = run([TERMALIGN, "termbase", "import", str(target), str(microsoft), "--status", "admitted"],
                             env)
            with Termbase.open(target) as base:
                version = base.versions()[-1]
            print(f"{'import Microsoft terminology CSV (28,620 rows)':<50} wall {seconds:10.2f} s  "
                  f"{version.counts.get('concepts_added', 0):,} concepts, "
                  f"{version.counts.get('terms_added', 0):,} terms")
            run([TERMALIGN, "lookup", "cloud computing", "-t", str(target)], env)
            timed("lookup in the Microsoft termbase (cloud computing)",
                  [TERMALIGN, "lookup", "cloud computing", "-t", str(target)], env, args.runs)
        else:
            print(f"(Microsoft terminology list not found under {args.shared}: import not measured)")


if __name__ == "__main__":
    main()
