"""Compare the SQLite and PostgreSQL termbase backends on the same synthetic termbase.

For each --concepts N (default 50,000), on both backends: the import of N
concepts (one version), a mining run touching a tenth of them (its commit
time), lookup latency through the Python API (a `Lookup` kept open, as an
editor plug-in or the web app would), through the CLI (a fresh `termalign
lookup` process) and through the CLI asking a workbench (`termalign serve`
on the same base, as translators of a team do), median and p95; then `termbase copy` from the file to the
server, and 8 processes writing 10 small versions each at once into one
PostgreSQL base (versions per second).

The PostgreSQL server is a throw-away cluster started like the tests' one
(tests/pg_fixtures.py: initdb in a temporary folder, a free local port) unless
--url names an existing empty database.

  .venv/bin/python scripts/bench_termbase_backends.py --concepts 50000 --queries 200 --cli-queries 15

Lookups alone on termbases built beforehand (e.g. the 500,000-concept ones, built without the benchmark
lock), the CLI being a non-editable install's:

  .venv/bin/python scripts/bench_termbase_backends.py --lookups-only --sqlite-base /tmp/tb500k.db \
      --pg-base postgresql://termalign@127.0.0.1:5432/tb500k --termalign /tmp/venv/bin/termalign
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from make_termbase import build_concepts, remined  # noqa: E402

from termalign.glossary.lookup import Lookup  # noqa: E402
from termalign.glossary.termbase import Termbase  # noqa: E402

TERMALIGN = str(Path(sys.executable).parent / "termalign")

WRITER = """
import sys
from termalign.glossary.concepts import Concept, Term
from termalign.glossary.termbase import Termbase
with Termbase.open(sys.argv[1], user=sys.argv[2]) as tb:
    for i in range(int(sys.argv[3])):
        tb.commit_mining([Concept(None, [Term("en", f"{sys.argv[2]} expert group {i}"),
                                         Term("zh", f"{sys.argv[2]}第{i}专家组")])])
"""


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the server's own CPU is not counted)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, function):
    start, cpu = time.perf_counter(), _cpu()
    result = function()
    print(f"{label:<58} {time.perf_counter() - start:9.3f} s wall {_cpu() - cpu:9.3f} s cpu", flush=True)
    return result


KINDS = ("exact", "substring", "fuzzy")      # the order `queries` deals them in


def percentiles(label: str, seconds: list[float], cpu: float) -> None:
    if not seconds:
        return
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"{label:<58} median {statistics.median(ms):8.2f} ms   p95 {p95:8.2f} ms   "
          f"cpu {1000 * cpu / len(ms):7.2f} ms/query  ({len(ms)} queries)", flush=True)


def queries(base: Termbase, n: int, rng: random.Random) -> list[tuple[str, bool]]:
    """Exact terms, substrings of terms, and misspelt terms (fuzzy), in equal parts."""
    rows = rng.sample(base.term_rows(), n)
    chosen = []
    for i, row in enumerate(rows):
        if i % 3 == 0:
            chosen.append((row.text, False))
        elif i % 3 == 1:
            chosen.append((row.text[: max(2, len(row.text) // 2)], False))
        else:
            chosen.append((row.text[:-1] + ("x" if row.lang == "en" else "会"), True))
    return chosen


def bench_backend(name: str, location: str, concepts, again, args, rng: random.Random) -> None:
    with Termbase.open(location, create=True, user="bench") as base:
        if concepts is not None:
            timed(f"{name}: import of {len(concepts):,} concepts (v1)", lambda: base.commit_import(concepts))
            timed(f"{name}: mining run touching {len(again):,} concepts (v2)", lambda: base.commit_mining(again))
        asked = queries(base, args.queries, rng)
        finder = timed(f"{name}: open a Lookup (SQLite: builds the cached key index)", lambda: Lookup(base))
        for kind in ("exact", "substring", "fuzzy"):
            api, cpu = [], _cpu()
            for text, fuzzy in asked[KINDS.index(kind)::3]:
                start = time.perf_counter()
                finder.search(text, fuzzy=fuzzy)
                api.append(time.perf_counter() - start)
            percentiles(f"{name}: lookup {kind}, Python API", api, _cpu() - cpu)
    cli_lookups(f"{name}: lookup {{kind}}, CLI (a new process each)", location, asked, args)
    with workbench(args.termalign, location) as address:
        cli_lookups(f"{name}: lookup {{kind}}, CLI through the workbench", address, asked, args)


def cli_lookups(label: str, location: str, asked: list[tuple[str, bool]], args) -> None:
    """A new `termalign lookup` process for each of --cli-queries queries of each kind."""
    for kind in KINDS:
        cli, cpu = [], _cpu()
        for text, fuzzy in asked[KINDS.index(kind)::3][: args.cli_queries]:
            start = time.perf_counter()
            subprocess.run([args.termalign, "lookup", text, "--termbase", location, *(["--fuzzy"] if fuzzy else [])],
                           check=True, stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - start)
        percentiles(label.format(kind=kind), cli, _cpu() - cpu)


@contextlib.contextmanager
def workbench(termalign: str, location: str) -> Iterator[str]:
    """`termalign serve` on LOCATION at a free port of 127.0.0.1, once it answers; its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([termalign, "serve", "--termbase", location, "--port", str(port)],
                              stderr=subprocess.DEVNULL)
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                # every kind once: the workbench builds an SQLite base's key index on its first search
                for query in ("digital divide", "digital", "digital dvide"):
                    urllib.request.urlopen(f"{address}/api/lookup?q={urllib.parse.quote(query)}", timeout=120).read()
                # and the review queue, which it ranks in the background at start (two minutes at 500,000
                # concepts), slowing every request down meanwhile: a workbench in use has long done so
                urllib.request.urlopen(f"{address}/review", timeout=1800).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"termalign serve stopped with exit code {server.returncode}")
                time.sleep(0.1)
        yield address
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concepts", type=int, nargs="+", default=[50_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cli-queries", type=int, default=15)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--versions-per-writer", type=int, default=10)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--sqlite-base", type=Path,
                        help="an existing SQLite termbase (e.g. make_termbase.py's) to time lookups and `termbase "
                             "copy` on instead of importing into SQLite (copied first; the file is not changed)")
    parser.add_argument("--no-writers", action="store_true", help="skip the concurrent writers")
    parser.add_argument("--pg-base", help="an existing PostgreSQL termbase's URL to time lookups on (with "
                                          "--lookups-only; not changed)")
    parser.add_argument("--lookups-only", action="store_true",
                        help="time lookups on --sqlite-base and --pg-base only: no import, copy or writers")
    parser.add_argument("--import-only", action="store_true",
                        help="time the import of --concepts N into a new PostgreSQL database only")
    parser.add_argument("--termalign", default=TERMALIGN, help="the termalign executable the CLI figures run")
    parser.add_argument("--url", help="an existing PostgreSQL server's URL without the database name "
                                      "(postgresql://user@host:port); default: a throw-away cluster")
    args = parser.parse_args()

    if args.lookups_only:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["TERMALIGN_CACHE_DIR"] = folder
            for name, location in (("sqlite", args.sqlite_base), ("postgresql", args.pg_base)):
                if location and name in args.backends:
                    with Termbase.open(str(location)) as base:
                        size = base._conn.execute("SELECT count(*) FROM concepts").fetchone()[0]
                    bench_backend(f"{name} {size // 1000}k", str(location), None, None, args, random.Random(2))
        return
    server = None
    if args.url is None:
        import pg_fixtures

        fixture = pg_fixtures.pg_server.__wrapped__()
        server = next(fixture)
    try:
        if args.import_only:
            for n in args.concepts:
                concepts = build_concepts(n, random.Random(1))
                url = server.new_database() if server else f"{args.url}/termalign_import_{n}"
                with Termbase.open(url, create=True, user="bench") as base:
                    timed(f"postgresql: import of {len(concepts):,} concepts (v1)", lambda: base.commit_import(concepts))
            return
        with tempfile.TemporaryDirectory() as folder:
            os.environ["TERMALIGN_CACHE_DIR"] = folder
            for n in args.concepts:
                rng = random.Random(1)
                concepts = build_concepts(n, rng)
                again = remined(concepts, rng)
                file = str(Path(folder) / f"tb{n}.db")
                if args.sqlite_base:
                    shutil.copyfile(args.sqlite_base, file)
                if "sqlite" in args.backends:
                    bench_backend(f"sqlite {n // 1000}k", file, None if args.sqlite_base else concepts, again, args,
                                  random.Random(2))
                if "postgresql" in args.backends:
                    url = server.new_database() if server else f"{args.url}/termalign_bench_{n}"
                    bench_backend(f"postgresql {n // 1000}k", url, concepts, again, args, random.Random(2))
                if not Path(file).exists():
                    continue
                target = server.new_database() if server else f"{args.url}/termalign_copy_{n}"
                timed(f"termbase copy sqlite → postgresql, {n // 1000}k concepts",
                      lambda: subprocess.run([TERMALIGN, "termbase", "copy", file, target], check=True))
                back = str(Path(folder) / f"back{n}.db")
                timed(f"termbase copy postgresql → sqlite, {n // 1000}k concepts",
                      lambda: subprocess.run([TERMALIGN, "termbase", "copy", target, back], check=True))
            if args.no_writers:
                return
            url = server.new_database() if server else f"{args.url}/termalign_writers"
            Termbase.open(url, create=True).close()
            start = time.perf_counter()
            writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, f"w{i}", str(args.versions_per_writer)])
                       for i in range(args.writers)]
            assert all(w.wait() == 0 for w in writers)
            elapsed = time.perf_counter() - start
            with Termbase.open(url) as base:
                total = base.latest_version()
            print(f"{args.writers} concurrent writers: {total} versions in {elapsed:.2f} s "
                  f"= {total / elapsed:.1f} versions/s (process start included)", flush=True)
    finally:
        if server is not None:
            next(fixture, None)


if __name__ == "__main__":
    main()
