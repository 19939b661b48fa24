"""`termalign batch`: align (and mine) thousands of document pairs, locally or on a Dask cluster."""

from __future__ import annotations

from pathlib import Path

import click

from termalign import progress
from termalign.errors import UserError


@click.command("batch")
@click.argument("manifest", metavar="MANIFEST", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the alignments, combined.tmx, summary.csv and index.html.")
@click.option("-t", "--termbase", metavar="TB", type=click.Path(dir_okay=False, path_type=Path),
              help="Also mine the whole batch into this termbase, as one new version.")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Local worker processes (default: one per core this process may use; 1 runs in this process).")
@click.option("--scheduler", metavar="ADDR", help="Run on the Dask cluster at ADDR (tcp://host:8786) instead.")
@click.option("--model", default="use-m3", show_default=True, metavar="SPEC",
              help="Encoder: use-m3 or st:/path/to/model-folder (see `termalign models`).")
@click.option("--level", type=click.Choice(["paragraph", "sentence"]), default="sentence", show_default=True,
              help="Stop at paragraphs, or align the sentences inside each aligned paragraph group.")
@click.option("--date", metavar="YYYY-MM-DD",
              help="Creation date written into the TMX files (default: the day OUTDIR's first run started).")
@click.option("--min-count", type=click.IntRange(min=1), default=3, show_default=True, metavar="N",
              help="With --termbase: aligned units a pair must be linked in to be proposed.")
@click.option("--note", default="", metavar="TEXT", help="With --termbase: a note stored with the new version.")
@click.option("--no-similarity", is_flag=True, help="With --termbase: rank pairs without the encoder's similarity.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the on-disk embedding cache.")
@click.pass_context
def batch(ctx: click.Context, manifest: Path, outdir: Path, termbase: Path | None, workers: int | None, scheduler: str | None,
          model: str, level: str, date: str | None, min_count: int, note: str, no_similarity: bool,
          no_cache: bool) -> None:
    """Align every document pair of MANIFEST into OUTDIR; with --termbase, mine them all.

    MANIFEST is a CSV or TSV file (ZH file, EN file, optional document id per
    row), or a folder whose files carry their language in the name:
    A_RES_74_197_C.pdf / A_RES_74_197_E.pdf (UN ODS), report-ZH.txt /
    report-EN.txt, doc.zh.txt / doc.en.txt, 001.zh / 001.en.

    Each pair's alignment is written as jsonl and TMX into OUTDIR/pairs, then
    one combined.tmx, summary.csv (beads, low-confidence share, unrelated
    verdict, error per document) and index.html. A pair that cannot be read,
    is empty, is in the wrong language or is not a translation of its partner
    is reported and skipped (exit code 1 when any was). A rerun skips pairs already done with the same
    inputs and settings, so a killed batch resumes where it stopped. With
    --termbase the aligned pairs are mined together as one termbase version:
    the workers count shards of documents and this process merges the counts.

    \b
    Examples:
      termalign batch pairs.csv -o ict-2000-2025 --termbase ict.db
      termalign batch ods-downloads/ -o out --workers 2
      termalign batch pairs.tsv -o out --scheduler tcp://10.0.0.5:8786
    """
    from termalign.batch.executor import make_executor
    from termalign.batch.manifest import read_manifest
    from termalign.batch.run import batch_date, check_outdir, run_batch
    from termalign.batch.task import OK, Settings

    if scheduler and workers:
        raise UserError("--workers sets local processes; a --scheduler cluster has its own workers: give one")
    if not model.startswith("st:") and model != "use-m3" or model == "st:":
        raise UserError(f"unknown model spec {model!r}: use 'use-m3' or 'st:/path/to/model-folder' "
                        "(see `termalign models`)")
    pairs = read_manifest(manifest)
    check_outdir(outdir, pairs)
    if termbase is not None:
        _check_termbase(termbase)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot make the folder {outdir}: {exc.strerror}; choose another -o folder") from None
    settings = Settings(model=model, level=level, cache=not no_cache, date=batch_date(outdir, date))
    executor = make_executor(workers, scheduler)
    try:
        outcome = run_batch(pairs, outdir, settings, executor)
        progress.info(_summary(outcome, outdir))
        for row in outcome.rows:
            if row["status"] != OK:
                progress.info(f"batch: {row['doc_id']}: {row['status']}: {row['error']}")
        if termbase is not None:
            _mine(outdir, outcome, termbase, min_count, note, model, not no_similarity, not no_cache, executor)
    finally:
        executor.close()
    if any(row["status"] != OK for row in outcome.rows):
        ctx.exit(1)     # finished, but some pairs were reported and skipped


def _summary(outcome, outdir: Path) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(outcome.counts.items()))
    rate = f" ({outcome.ran / outcome.seconds:.2f} pairs/s)" if outcome.ran and outcome.seconds else ""
    return (f"batch: {len(outcome.rows)} pairs: {counts}; {outcome.done_before} done by an earlier run, "
            f"{outcome.ran} run now{rate}; {outcome.tmx_units:,} units in {outdir / 'combined.tmx'}; "
            f"summary in {outdir / 'summary.csv'}")


def _check_termbase(termbase: Path) -> None:
    """A file that is not a termbase is refused before hours of aligning."""
    from termalign.glossary.termbase import Termbase

    if termbase.exists():
        with Termbase.open(termbase, write=True):
            pass


def _mine(outdir: Path, outcome, termbase: Path, min_count: int, note: str, model: str,
          similarity: bool, cache: bool, executor) -> None:
    from termalign.batch.mine import mine_batch
    from termalign.glossary.mining import MiningOptions
    from termalign.glossary.termbase import Termbase

    if not outcome.aligned_docs:
        raise UserError("no pair of the batch was aligned, so there is nothing to mine; see summary.csv")
    accepted: list[str] = []
    if termbase.exists():
        with Termbase.open(termbase) as tb:
            accepted = tb.accepted_terms("zh")
    options = MiningOptions(min_count=min_count, similarity=similarity, model=model, cache=cache)
    result = mine_batch(outdir, outcome.rows, accepted, options, executor)
    stats = {"units": result.units, "documents": result.documents,
             "candidates_zh": result.candidates["zh"], "candidates_en": result.candidates["en"],
             "pairs_proposed": len(result.pairs)}
    with Termbase.open(termbase, create=True) as tb:
        version = tb.commit_mining(result.concepts, note=note or f"termalign batch {outdir.name}", stats=stats)
    progress.info(f"mined {result.units} units from {result.documents} document(s): candidates "
                  f"zh {result.candidates['zh']}, en {result.candidates['en']}; {len(result.pairs)} pairs "
                  f"proposed in {len(result.concepts)} concepts")
    progress.info(f"{termbase}: version {version.number}: {version.counts.get('concepts_added', 0)} new "
                  f"concepts, {version.counts.get('concepts_changed', 0)} changed concepts")
