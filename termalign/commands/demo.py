"""`termalign demo`: the whole pipeline on the bundled example, step by step.

Each step is a real `termalign` command run in this process (so the encoder is
loaded once); the demo prints each command line so a user can rerun any step
on their own documents.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import click

from termalign import progress
from termalign.errors import UserError

EXAMPLES = ("resolution.zh.txt", "resolution.en.txt", "draft.en.txt", "resolution-2025.zh.txt")
# Another fictional resolution, laid out as the UN publishes it (running headers, page numbers, job
# numbers, footnotes at the page foot): the reader keeps that furniture out of the alignment.
PDF_PAIR = ("A_RES_81_240_C.pdf", "A_RES_81_240_E.pdf")
# Terms a terminologist would approve after reading the mining report: the QA
# step checks the draft translation against these.
APPROVE = ("数字鸿沟", "早期预警系统", "互联网治理论坛")


@click.command("demo")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("demo-out"), show_default=True, help="Folder for everything the demo writes.")
@click.option("--model", default="use-m3", show_default=True, help="Encoder spec (see `termalign models`).")
def demo(out_dir: Path, model: str) -> None:
    """Run read → align (text, PDF, a batch) → TMX → mine → approve → lookup → export → QA → drift
    on the bundled fictional resolution, and list what was written.

    \b
    Example:
      termalign demo -o demo-out
    """
    from termalign.models import load_encoder
    from termalign.cli import cli

    load_encoder(model)  # a wrong --model fails before the first step writes anything
    example = out_dir / "example"
    try:
        example.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot make the folder {example}: {exc.strerror}; choose another -o folder") from None
    source = resources.files("termalign") / "examples"
    for name in EXAMPLES + PDF_PAIR:
        with resources.as_file(source / name) as path:
            shutil.copyfile(path, example / name)
    zh, en, draft, last_year = (example / name for name in EXAMPLES)
    pdf_zh, pdf_en = (example / name for name in PDF_PAIR)
    manifest = example / "pairs.csv"
    manifest.write_text(f"zh,en,id\n{zh.name},{en.name},A/RES/81/236\n{pdf_zh.name},{pdf_en.name},A/RES/81/240\n",
                        encoding="utf-8")
    tb = out_dir / "termbase.sqlite"
    if tb.exists():  # a rerun starts a fresh termbase so version numbers read 1, 2, 3…
        tb.unlink()

    running = contextlib.ExitStack()    # what a step starts for itself (the workbench), stopped at the end
    steps: list[tuple[str, Any]] = [
        ("Read the Chinese text into typed paragraphs",
         ["read", zh, "--format", "jsonl", "-o", out_dir / "resolution.zh.paragraphs.jsonl"]),
        ("Align the Chinese and English texts (paragraphs, then sentences)",
         ["align", zh, en, "--model", model, "--format", "jsonl", "-o", out_dir / "aligned.jsonl"]),
        ("Export the alignment as a TMX translation memory for CAT tools",
         ["tmx", out_dir / "aligned.jsonl", "-o", out_dir / "aligned.tmx"]),
        ("Align a resolution as the UN publishes it: the Chinese and English PDF files",
         ["align", pdf_zh, pdf_en, "--model", model, "--format", "tmx", "-o", out_dir / "A_RES_81_240.tmx"]),
        ("Align a corpus listed in a manifest (resumable; more --workers, or a Dask cluster, for thousands)",
         ["batch", manifest, "-o", out_dir / "batch", "--workers", "1", "--model", model]),
        ("Mine consistently translated term pairs into a new termbase (version 1)",
         ["mine", out_dir / "aligned.jsonl", "--termbase", tb, "--model", model, "--min-count", "2",
          "--note", "demo: mined from A/RES/81/236"]),
        *[(f"A terminologist approves the concept of {term}, both languages (a new version)",
           lambda term=term: ["termbase", "approve", tb, _concept_of(tb, term),
                              "--note", "checked against the English original"])
          for term in APPROVE],
        ("List the termbase versions", ["termbase", "versions", tb]),
        ("Look up a term", ["lookup", "数字鸿沟", "--termbase", tb]),
        ("Look up an older form: fuzzy matching finds the current one",
         ["lookup", "因特网治理论坛", "--termbase", tb, "--fuzzy"]),
        ("Look up a misspelt English name: a variant holds all its words but one",
         ["lookup", "Internet Govrenance Forum", "--termbase", tb]),
        ("A translator of the team looks up through the workbench (`termalign serve`, here on a free local port)",
         lambda: ["lookup", "early warning systems", "--termbase", running.enter_context(_workbench(tb))]),
        ("Export the termbase as TBX-Basic (with candidates)",
         ["termbase", "export", tb, "--format", "tbx", "--include-candidates", "-o", out_dir / "termbase.tbx"]),
        ("Export an Excel glossary", ["termbase", "export", tb, "--format", "xlsx", "--include-candidates",
                                      "-o", out_dir / "termbase.xlsx"]),
        ("Check a draft English translation against the original and the termbase",
         ["qa", zh, draft, "--termbase", tb, "--model", model, "-o", out_dir / "qa-report.html",
          "--json", out_dir / "qa-report.json"]),
        ("Compare last year's resolution with this year's: paragraph changes and term drift",
         ["drift", last_year, zh, "--termbase", tb, "--model", model, "-o", out_dir / "drift-report.html",
          "--json", out_dir / "drift-report.json"]),
    ]
    with running:
        for number, (title, args) in enumerate(steps, 1):
            args = [str(a) for a in (args() if callable(args) else args)]
            click.secho(f"\n[{number}/{len(steps)}] {title}", bold=True)
            click.echo("$ termalign " + " ".join(shlex.quote(a) for a in args))
            code = cli.main(args=args, prog_name="termalign", standalone_mode=False)
            if code not in (None, 0, 1):  # 1 = findings (QA) or a warning, which the demo shows on purpose
                raise UserError(f"demo step {number} failed with exit code {code}")

    click.secho("\nWritten:", bold=True)
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        click.echo(f"  {path}  ({path.stat().st_size:,} bytes)")
    progress.info("Open qa-report.html and drift-report.html in a browser; load aligned.tmx "
                  "and termbase.tbx into a CAT tool.")
    # Printed, not started: the demo ends, and the reviewer starts the workbench when they want it.
    click.echo(f"\nReview the remaining candidates in a browser (http://127.0.0.1:8000/review):\n"
               f"$ termalign serve --termbase {shlex.quote(str(tb))}")


@contextlib.contextmanager
def _workbench(tb: Path) -> Iterator[str]:
    """The workbench on TB at a free port of 127.0.0.1, in a thread of this process, for one step; its address."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    from termalign.glossary.termbase import default_user
    from termalign.web import Settings, create_app
    from termalign.web.access import Access

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args: Any) -> None:  # the demo prints the answer, not the request log
            pass

    app = create_app(Settings(tb, Access("local", local_user=default_user())))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, name="termalign-demo-workbench", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _concept_of(tb: Path, term: str) -> str:
    """The concept id mining gave TERM (the demo approves whole concepts)."""
    from termalign.glossary.termbase import Termbase

    with Termbase.open(tb) as base:
        rows = base.find(term, "zh")
    if not rows:
        raise UserError(f"the demo expected mining to find {term}; it did not (see `termalign lookup`)")
    return rows[0].concept_id
