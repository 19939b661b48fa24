"""`termalign termbase export` and `termalign termbase import`: glossary files for CAT tools."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from termalign.glossary.formats.base import FORMATS
from termalign.glossary.concepts import HUMAN_STATUSES, STATUSES
from termalign import progress
from termalign.atomic import check_output
from termalign.commands.lookup import parse_statuses
from termalign.commands.termbase_option import USER, shown
from termalign.errors import UserError

_SUFFIXES = {".tbx": "tbx", ".tsv": "tsv", ".txt": "tsv", ".utf8": "tsv", ".csv": "csv", ".xlsx": "xlsx"}
FORMAT_HELP = "tbx: TBX-Basic (TBX v3); tsv: OmegaT glossary; csv; xlsx. Default: from the file name."


def _format_name(fmt: str | None, path: str | None) -> str:
    if fmt:
        return fmt
    name = _SUFFIXES.get(Path(path).suffix.lower()) if path and path != "-" else None
    if name is None:
        raise UserError(f"cannot tell the format from {path or 'stdout'!r}; give --format {'|'.join(FORMATS)}")
    return name


@click.command("export")
@click.argument("tb", metavar="TB", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), help=FORMAT_HELP)
@click.option("--version", "version", type=int, help="Export the termbase as it stood at this version.")
@click.option("--status", "statuses", metavar="LIST",
              help="Terms with these statuses (default: preferred,admitted,deprecated,superseded).")
@click.option("--include-candidates", is_flag=True, help="Add the terms nobody has reviewed yet.")
@click.option("--src-lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="The CAT project's source language: first column, TSV source, TBX default language.")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 BOM (Excel needs it to show Chinese).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write to FILE (atomically) instead of stdout.")
def export_cmd(tb: str, fmt: str | None, version: int | None, statuses: str | None, include_candidates: bool,
               src_lang: str, bom: bool, output: str) -> None:
    """Export a termbase version as a glossary for CAT tools.

    Each term keeps its status (TBX administrativeStatus; status columns in
    CSV/XLSX); terms to avoid are never offered as OmegaT targets.

    \b
    Examples:
      termalign termbase export un-terms.db -o un-terms.tbx
      termalign termbase export un-terms.db --format tsv --version 4 -o glossary.txt
      termalign termbase export un-terms.db --status preferred --bom -o terms.csv
    """
    from termalign.glossary.formats.base import ExportOptions, get_format
    from termalign.glossary.termbase import Termbase

    name = _format_name(fmt, output)
    check_output(output, [tb])
    if output == "-" and name == "xlsx" and sys.stdout.isatty():
        raise UserError("an XLSX workbook is binary and cannot be shown on a terminal; give -o FILE.xlsx")
    wanted = parse_statuses(statuses) or HUMAN_STATUSES
    if include_candidates:
        wanted = (*wanted, "candidate")
    with Termbase.open(tb) as base:
        versions = base.versions()
        concepts = base.concepts(version, wanted)
    number = version if version is not None else (versions[-1].number if versions else 0)
    if not concepts:
        raise UserError(f"nothing to export: {shown(tb)} has no terms with status {','.join(wanted)} at version {number}; "
                        "widen --status or add --include-candidates")
    current = next(v for v in versions if v.number == number)
    options = ExportOptions(src_lang=src_lang, bom=bom, source=base.name, version=number,
                            version_created=current.created, version_note=current.note,
                            version_author=current.author,
                            version_dates={v.number: v.created for v in versions})
    writer = get_format(name)
    if output == "-":
        # The writers write files atomically; stdout gets the finished file.
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder) / f"export.{name}"
            rows = writer.write(concepts, tmp, options)
            with open(tmp, "rb") as handle:
                shutil.copyfileobj(handle, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    else:
        rows = writer.write(concepts, output, options)
    progress.info(f"exported {len(concepts):,} concepts ({rows:,} {'entries' if name == 'tbx' else 'rows'}) "
                  f"of {shown(tb)} version {number} as {name} to {'stdout' if output == '-' else output}")


@click.command("import")
@click.argument("tb", metavar="TB", type=click.Path(dir_okay=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), help=FORMAT_HELP)
@click.option("--status", type=click.Choice(STATUSES), default="preferred", show_default=True,
              help="Status of terms whose file gives none (statuses in the file are kept).")
@click.option("--src-lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the source column of a TSV file; rows sharing a source term are one concept.")
@click.option("--note", default="", help="Note recorded with the new version (default: the file name).")
@USER
def import_cmd(tb: str, file: str, fmt: str | None, status: str, src_lang: str, note: str,
               user: str | None) -> None:
    """Import a glossary FILE into TB (created when missing) as one new version.

    Terms that are already in the termbase merge into their concept; a
    malformed file is refused with the line or entry at fault, and nothing
    is imported from it.

    \b
    Examples:
      termalign termbase import un-terms.db unterm-ict.tbx
      termalign termbase import un-terms.db omegat-glossary.txt --format tsv --status admitted
      termalign termbase import un-terms.db vendor-terms.csv --status candidate --note "vendor list 2026"
    """
    from termalign.glossary.formats.base import ImportOptions, get_format
    from termalign.glossary.termbase import Termbase

    name = _format_name(fmt, file)
    concepts = get_format(name).read(file, ImportOptions(status=status, src_lang=src_lang))
    if not concepts:
        raise UserError(f"{file}: no English or Chinese terms found; check --format and the file's languages")
    with Termbase.open(tb, create=True, user=user) as base:
        version = base.commit_import(concepts, note=note or f"import {Path(file).name}")
    counts = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in version.counts.items() if v)
    progress.info(f"imported {len(concepts):,} concepts from {file} into {shown(tb)} as version {version.number}"
                  f"{': ' + counts if counts else ''}")


@click.command("copy")
@click.argument("src", metavar="SRC", type=click.Path(dir_okay=False))
@click.argument("dst", metavar="DST", type=click.Path(dir_okay=False))
def copy_cmd(src: str, dst: str) -> None:
    """Copy the termbase SRC, with every version, into DST (a new file or an empty
    database), between SQLite files and PostgreSQL servers in either direction.

    Concept ids, version numbers, dates and authors are kept: a lookup or an
    export of any version gives the same result from DST as from SRC.

    \b
    Examples:
      termalign termbase copy un-terms.db postgresql://terminology@db.example.org/unterm
      termalign termbase copy postgresql://terminology@db.example.org/unterm backup-2026-12.db
    """
    from termalign.glossary.termbase import Termbase

    with Termbase.open(src) as source, Termbase.open(dst, create=True) as target:
        copied = source.copy_to(target)
    progress.info(f"copied {shown(src)} into {shown(dst)}: {copied} version(s)")
