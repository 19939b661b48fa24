"""`termalign qa`: check a translation against its source and the termbase."""

from __future__ import annotations

from pathlib import Path

import click

from termalign.commands.termbase_option import ENV_VAR, LOCATION, shown
from termalign import progress
from termalign.atomic import check_distinct_outputs, check_output
from termalign.errors import UserError

FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning")}


def _list_checks(ctx: click.Context, _param, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from termalign.glossary.qa import REGISTRY

    width = max(len(c.id) for c in REGISTRY.values())
    for c in REGISTRY.values():
        needs = " [needs --termbase]" if c.needs_termbase else ""
        click.echo(f"{c.id:<{width}}  {c.severity:<7}  {c.title}{needs}")
    ctx.exit(0)


@click.command("qa")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--bitext", type=click.Path(path_type=Path), metavar="FILE",
              help="Check an aligned file instead: jsonl from `termalign align --format jsonl`, or TMX.")
@click.option("--source-lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="With --bitext: which language is the source (SOURCE/TARGET documents are detected).")
@click.option("--termbase", type=LOCATION, metavar="TB", envvar=ENV_VAR,
              help="Termbase to check terminology against (enables the term-* checks).")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the HTML report (self-contained, printable) to FILE.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the findings as JSON to FILE.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the findings as CSV to FILE.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "html"]),
              help="What to print on stdout (default: a text list of findings, unless a file is written).")
@click.option("--fail-on", type=click.Choice(list(FAIL_LEVELS)),
              help="Exit with code 1 when a finding of this severity (or worse) exists.")
@click.option("--checks", "check_ids", metavar="ID,ID",
              help="Run only these checks (see --list-checks).")
@click.option("--list-checks", is_flag=True, is_eager=True, expose_value=False, callback=_list_checks,
              help="List the checks with their severity and exit.")
@click.option("--level", type=click.Choice(["paragraph", "sentence"]), default="sentence", show_default=True,
              help="For SOURCE/TARGET documents: align paragraphs only, or sentences inside paragraphs.")
@click.option("--model", default="use-m3", show_default=True, metavar="SPEC",
              help="Encoder for aligning SOURCE/TARGET (and for scoring a bitext that has no scores): "
                   "use-m3 or st:/path/to/model-folder.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the on-disk embedding cache.")
@click.pass_context
def qa(ctx: click.Context, source: Path | None, target: Path | None, bitext: Path | None, source_lang: str,
       termbase: Path | None, output: Path | None, json_path: Path | None, csv_path: Path | None,
       fmt: str | None, fail_on: str | None, check_ids: str | None, level: str, model: str,
       no_cache: bool) -> None:
    """Check the translation TARGET of the document SOURCE (Chinese → English or English →
    Chinese), or an aligned file given with --bitext, and report what a reviser would flag:
    missing or extra text, paragraph numbering, numbers, dates, document symbols, terminology
    (with --termbase), untranslated text, punctuation.

    \b
    Examples:
      termalign qa resolution.zh.txt draft.en.txt --termbase un.tb -o report.html
      termalign qa --bitext resolution.jsonl --json report.json --fail-on error
      termalign qa --list-checks
    """
    from termalign.glossary.qa.run import select_checks

    if bitext and (source or target):
        raise UserError("give either SOURCE and TARGET documents or --bitext FILE, not both")
    if not bitext and not (source and target):
        raise UserError("give SOURCE and TARGET documents (or --bitext FILE); see `termalign qa --help`")
    ids = check_ids.split(",") if check_ids else None
    checks = select_checks(ids, termbase is not None)     # fail on a bad --checks before any work
    for path in (output, json_path, csv_path):           # and on an output over an input
        check_output(path, [source, target, bitext, termbase])
    check_distinct_outputs(output, json_path, csv_path)   # or over another output
    if termbase is not None:                              # and on a wrong --termbase
        from termalign.glossary.termbase import Termbase

        Termbase.open(termbase).close()
    if bitext:
        records = _read_bitext(bitext)
        inputs = {"bitext": bitext.name}
        # read_tmx gives 1.0 to units that carry no score (a memory from another tool)
        if any(c.id == "low-score" for c in checks) and all(r.score == 1.0 for r in records):
            _score(records, model, not no_cache)
    else:
        assert source is not None and target is not None  # checked above
        records, source_lang = _align(source, target, level, model, not no_cache)
        inputs = {"source": source.name, "translation": target.name}
    if termbase:
        inputs["termbase"] = termbase.name if isinstance(termbase, Path) else shown(termbase)
    findings = _run(records, termbase, ids, source_lang)
    _write_outputs(records, findings, checks, source_lang, inputs, output, json_path, csv_path, fmt)
    by_severity = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    progress.info(f"qa: {len(findings)} findings ({by_severity['error']} errors, {by_severity['warning']} "
                  f"warnings, {by_severity['info']} info) in {len(records)} aligned units")
    if fail_on and any(f.severity in FAIL_LEVELS[fail_on] for f in findings):
        ctx.exit(1)


def _run(records: list, termbase: Path | None, ids: list[str] | None, source_lang: str) -> list:
    from termalign.glossary.qa.run import run_checks

    if termbase is None:
        return run_checks(records, None, ids, source_lang)
    from termalign.glossary.termbase import Termbase

    with Termbase.open(termbase) as tb:
        return run_checks(records, tb, ids, source_lang)


def _read_bitext(path: Path) -> list:
    from termalign.align.alignment_files import read_bitext

    records = list(read_bitext(path))
    if not records:
        raise UserError(f"{path} holds no aligned units")
    return records


def _score(records: list, model: str, cache: bool) -> None:
    """Give each record the encoder cosine of its two sides, for a bitext that carries no
    alignment scores (a TMX from another tool): without them the low-score check sees nothing."""
    from termalign.align.pipeline import score_records
    from termalign.models import load_encoder

    progress.info(f"qa: the bitext has no alignment scores; scoring {len(records)} units with {model}")
    score_records(records, load_encoder(model, cache=cache))


def _align(source: Path, target: Path, level: str, model: str, cache: bool) -> tuple[list, str]:
    from termalign.align.pipeline import align_documents, unrelated
    from termalign.align.reader import read_document
    from termalign.models import load_encoder

    src_doc, tgt_doc = read_document(source), read_document(target)
    if src_doc.lang == tgt_doc.lang:
        raise UserError(f"{source} and {target} are both in {'Chinese' if src_doc.lang == 'zh' else 'English'}; "
                        "give a Chinese document and its English translation (or the reverse)")
    zh_doc, en_doc = (src_doc, tgt_doc) if src_doc.lang == "zh" else (tgt_doc, src_doc)
    encoder = load_encoder(model, cache=cache)
    records = align_documents(zh_doc, en_doc, encoder, level)
    if unrelated(records):
        raise UserError(f"{source} and {target} do not look like translations of each other (few "
                        "confident aligned units); check that these are the right files")
    return records, src_doc.lang


def _write_outputs(records, findings, checks, source_lang: str, inputs: dict, output: Path | None,
                   json_path: Path | None, csv_path: Path | None, fmt: str | None) -> None:
    from termalign.glossary.qa.report_csv import write_csv
    from termalign.glossary.qa.report_html import render_html
    from termalign.glossary.qa.report_json import write_json
    from termalign.commands.output import output_stream

    def write(kind: str, path: Path | str | None) -> None:
        with output_stream(path) as handle:
            if kind == "html":
                handle.write(render_html(records, findings, checks, source_lang, inputs))
            elif kind == "json":
                write_json(findings, checks, source_lang, inputs, handle)
            elif kind == "csv":
                write_csv(findings, handle)
            else:
                _write_text(findings, source_lang, handle)

    for kind, path in (("html", output), ("json", json_path), ("csv", csv_path)):
        if path is not None:
            write(kind, path)
    if fmt is not None or not (output or json_path or csv_path):
        write(fmt or "text", None)


def _write_text(findings, source_lang: str, handle) -> None:
    for f in findings:
        src = f.zh_paragraphs if source_lang == "zh" else f.en_paragraphs
        tgt = f.en_paragraphs if source_lang == "zh" else f.zh_paragraphs
        where = " ".join(src) + (f" / {' '.join(tgt)}" if tgt != src else "")
        handle.write(f"{f.doc} ¶{where or '–'}\t{f.severity}\t{f.check}\t{f.message}\n")
