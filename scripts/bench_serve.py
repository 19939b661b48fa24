"""Load test of `termalign serve`: lookup page and JSON API under 20 concurrent clients, and one review action.

For each size it builds (once; cached under --cache) a synthetic termbase with
scripts/make_termbase.py, starts `termalign serve` on 127.0.0.1 on a free port as
a subprocess, and talks only to that server:

- lookup: for the HTML page (/lookup) and the JSON API (/api/lookup), exact,
  substring and fuzzy queries drawn from the termbase's own terms in both
  languages (a whole term; one part of a term; a term with one part changed or
  a character dropped), sent by --clients threads, each with its own keep-alive
  connection. Prints median and p95 latency and requests per second per case.
- review: the queue page, then Approve through the form with the page's CSRF
  token (one new version, checked), then the queue page again and one lookup
  at the new version. Repeated --actions times; prints each step's time. The
  server works on a copy of the cached termbase, which stays as built.

  .venv/bin/python scripts/bench_serve.py                           # 50,000 and 500,000 concepts
  .venv/bin/python scripts/bench_serve.py --concepts 2000 --requests 100   # a quick trial
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from termalign.glossary.termbase import Termbase  # noqa: E402

MODES = ("exact", "substring", "fuzzy")


# ---------------------------------------------------------------- the termbase


def termbase_for(concepts: int, seed: int, cache: Path) -> Path:
    """The cached synthetic termbase of CONCEPTS concepts, built first when missing.

    Built under a temporary name and renamed when complete, so an interrupted build is never reused."""
    path = cache / f"tb{concepts}-s{seed}.db"
    if path.exists():
        print(f"termbase: {path} (cached)")
        return path
    cache.mkdir(parents=True, exist_ok=True)
    part = cache / f"tb{concepts}-s{seed}.building-{os.getpid()}.db"
    print(f"termbase: building {path} with scripts/make_termbase.py ({concepts:,} concepts) ...", flush=True)
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_termbase.py"), str(part),
                        "--concepts", str(concepts), "--seed", str(seed)], check=True)
        os.replace(part, path)
    finally:
        for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
            leftover.unlink(missing_ok=True)
    print(f"termbase: built in {time.perf_counter() - started:.0f} s wall")
    return path


def draw_queries(path: Path, count: int, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """(query, lang) per mode, COUNT each, from the termbase's own terms, half Chinese and half English."""
    with Termbase.open(path) as base:
        rows = base.term_rows()
    by_lang = {lang: [r.text for r in rows if r.lang == lang] for lang in ("zh", "en")}
    queries: dict[str, list[tuple[str, str]]] = {mode: [] for mode in MODES}
    for i in range(count):
        lang = "zh" if i % 2 == 0 else "en"
        queries["exact"].append((rng.choice(by_lang[lang]), lang))
        queries["substring"].append((_part_of(rng.choice(by_lang[lang]), lang, rng), lang))
        queries["fuzzy"].append((_misspelt(rng.choice(by_lang[lang]), lang, rng), lang))
    return queries


def _part_of(term: str, lang: str, rng: random.Random) -> str:
    """A piece of TERM a translator might look up: two words, or four characters."""
    if lang == "en":
        words = term.split()
        if len(words) <= 2:
            return words[-1]
        start = rng.randrange(len(words) - 1)
        return " ".join(words[start:start + 2])
    if len(term) <= 4:
        return term[:2]
    start = rng.randrange(len(term) - 3)
    return term[start:start + 4]


def _misspelt(term: str, lang: str, rng: random.Random) -> str:
    """TERM with one character dropped (or, for Chinese, one character replaced by a near-synonym's)."""
    if lang == "zh" and rng.random() < 0.5 and "国际" in term:
        return term.replace("国际", "國際", 1)       # traditional forms: not the same key
    at = rng.randrange(len(term))
    return (term[:at] + term[at + 1:]).strip() or term


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`termalign serve` on 127.0.0.1, started as a subprocess with its own empty lookup cache."""

    def __init__(self, path: Path, threads: int) -> None:
        self.port = free_port()
        self.cache = tempfile.TemporaryDirectory(prefix="termalign-bench-cache-")
        env = {**os.environ, "TERMALIGN_CACHE_DIR": self.cache.name}
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from termalign.cli import main; main()", "serve", "--termbase", str(path), "--host", "127.0.0.1",
             "--port", str(self.port), "--threads", str(threads)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _, _ = request(http.client.HTTPConnection("127.0.0.1", self.port, timeout=10),
                                       "GET", "/api/versions")
                if status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                raise SystemExit(f"the server did not start:\n{self.log.read().decode(errors='replace')}")
            time.sleep(0.2)

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.cache.cleanup()


def request(conn: http.client.HTTPConnection, method: str, path: str, body: str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


# ---------------------------------------------------------------- measuring


def load(server: Server, paths: list[str], clients: int, check: Callable[[bytes], bool]) -> dict:
    """Send PATHS with CLIENTS threads, each on one keep-alive connection; latencies in ms."""
    latencies: list[float] = []
    failures, empty = [0], [0]
    lock = threading.Lock()
    queue = list(reversed(paths))

    def client() -> None:
        conn = server.connection()
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            started = time.perf_counter()
            try:
                status, _, data = request(conn, "GET", path)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = server.connection()
                status, data = 0, b""
            took = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(took)
                if status != 200:
                    failures[0] += 1
                elif not check(data):
                    empty[0] += 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {"n": len(latencies), "median": statistics.median(latencies),
            "p95": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))],
            "rps": len(latencies) / wall, "failed": failures[0], "no_hit": empty[0]}


def has_hits_json(data: bytes) -> bool:
    return bool(json.loads(data).get("hits"))


def has_hits_html(data: bytes) -> bool:
    return b'class="hit' in data


def review_action(server: Server, query: str) -> dict[str, float]:
    """Queue page, Approve of its first concept through the form (CSRF token, seen version), queue page
    again, then a lookup of QUERY at the new version."""
    conn = server.connection()
    started = time.perf_counter()
    status, headers, page = request(conn, "GET", "/review")
    queue_ms = (time.perf_counter() - started) * 1000
    if status != 200:
        raise SystemExit(f"/review answered {status}")
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    html = page.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    form = re.search(r'action="/concept/(C\d+)/decide".*?name="seen" value="(\d+)"', html, re.S)
    if not (cookie and token and form):
        raise SystemExit("the review page has no decide form with a CSRF token (empty queue?)")
    before = json.loads(request(conn, "GET", "/api/versions")[2])[-1]["number"]
    body = urlencode({"csrf_token": token.group(1), "seen": form.group(2), "next": "/review",
                      "action": "approve", "note": "bench_serve"})
    started = time.perf_counter()
    status, headers, _ = request(conn, "POST", f"/concept/{form.group(1)}/decide", body,
                                 {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    approve_ms = (time.perf_counter() - started) * 1000
    after = json.loads(request(conn, "GET", "/api/versions")[2])[-1]
    if status != 303 or after["number"] != before + 1 or after["kind"] != "approve":
        raise SystemExit(f"approve did not write one version: HTTP {status}, versions {before} -> {after}")
    started = time.perf_counter()
    status, _, _ = request(conn, "GET", "/review", headers={"Cookie": cookie})
    again_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    status, _, data = request(conn, "GET", "/api/lookup?" + urlencode({"q": query, "mode": "exact"}))
    lookup_ms = (time.perf_counter() - started) * 1000
    if status != 200 or json.loads(data)["version"] != after["number"]:
        raise SystemExit(f"the lookup after the approval did not answer at version {after['number']}")
    conn.close()
    return {"queue": queue_ms, "approve": approve_ms, "queue_after": again_ms, "lookup_after": lookup_ms}


def bench(size: int, args: argparse.Namespace) -> None:
    cached = termbase_for(size, args.seed, Path(args.cache))
    rng = random.Random(args.seed)
    queries = draw_queries(cached, args.requests, rng)
    # The review actions write versions: serve a copy, so that every run starts from the same termbase.
    work = tempfile.TemporaryDirectory(prefix="termalign-bench-serve-")
    path = Path(work.name) / cached.name
    shutil.copyfile(cached, path)
    print(f"\n== {size:,} concepts: {path.stat().st_size / 1e6:.0f} MB; "
          f"{args.clients} clients, {args.requests} requests per case, server threads {args.threads}")
    server = Server(path, args.threads)
    try:
        # The first lookup of a version builds its key index (then kept by the server process).
        conn = server.connection()
        started = time.perf_counter()
        first = request(conn, "GET", "/api/lookup?" + urlencode({"q": queries["exact"][0][0]}))
        conn.close()
        print(f"first lookup (builds the version's key index): {time.perf_counter() - started:.2f} s "
              f"(HTTP {first[0]})")
        print(f"{'case':<24}{'median ms':>10}{'p95 ms':>10}{'req/s':>8}{'failed':>8}{'no hit':>8}")
        for endpoint, check in (() if args.review_only else (("/lookup", has_hits_html),
                                                              ("/api/lookup", has_hits_json))):
            for mode in MODES:
                paths = [f"{endpoint}?" + urlencode({"q": q, "lang": lang, "mode": mode})
                         for q, lang in queries[mode]]
                r = load(server, paths, args.clients, check)
                print(f"{endpoint + ' ' + mode:<24}{r['median']:>10.1f}{r['p95']:>10.1f}{r['rps']:>8.1f}"
                      f"{r['failed']:>8}{r['no_hit']:>8}", flush=True)
        for i in range(args.actions):
            t = review_action(server, queries["exact"][i][0])
            print(f"review action {i + 1}: queue page {t['queue']:.0f} ms, approve (POST → new version) "
                  f"{t['approve']:.0f} ms, queue page after {t['queue_after']:.0f} ms, "
                  f"first lookup at the new version {t['lookup_after']:.0f} ms", flush=True)
    finally:
        server.stop()
        work.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concepts", type=int, nargs="+", default=[50_000, 500_000])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="requests per case (default 400)")
    parser.add_argument("--threads", type=int, default=8, help="the server's --threads (its default, 8)")
    parser.add_argument("--actions", type=int, default=3, help="review actions to time (default 3)")
    parser.add_argument("--review-only", action="store_true", help="time the review actions only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "termalign-bench"),
                        help="folder of the built termbases (default: TMPDIR/termalign-bench)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for size in args.concepts:
        bench(size, args)


if __name__ == "__main__":
    main()
