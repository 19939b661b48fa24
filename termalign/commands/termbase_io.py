"""`termalign termbase export` and `termalign termbase import`: glossary files for CAT tools."""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from termalign.glossary.formats.base import FORMATS
from termalign.glossary.concepts import HUMAN_STATUSES, STATUSES, parse_statuses
from termalign import progress
from termalign.atomic import check_output
from termalign.commands.termbase_option import USER, shown
from termalign.errors import UserError

if TYPE_CHECKING:
    from termalign.glossary.termbase import Termbase

_SUFFIXES = {".tbx": "tbx", ".tsv": "tsv", ".txt": "tsv", ".utf8": "tsv", ".csv": "csv", ".xlsx": "xlsx"}
FORMAT_HELP = ("tbx (= tbx2): TBX-Basic, TBX v2 (martif), what CAT tools read; tbx3: TBX-Basic, TBX v3 "
               "(ISO 30042:2019); tsv: OmegaT glossary; csv; xlsx. Default: from the file name (.tbx: tbx2).")


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
@click.option("--src-lang", type=click.Choice(["en", "zh"]),
              help="The CAT project's source language: first column, TSV source, TBX default language. "
                   "Remembered by the termbase; default: what it remembers (set by an earlier "
                   "--src-lang or by its first import), else zh.")
@click.option("--for", "for_tool", type=click.Choice(["omegat"]),
              help="omegat: the layout OmegaT reads (CSV: source, target, comment, no header row; "
                   "TSV and TBX v2 already are).")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 BOM (Excel needs it to show Chinese).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write to FILE (atomically) instead of stdout.")
def export_cmd(tb: str, fmt: str | None, version: int | None, statuses: str | None, include_candidates: bool,
               src_lang: str | None, for_tool: str | None, bom: bool, output: str) -> None:
    """Export a termbase version as a glossary for CAT tools.

    Each term keeps its status (TBX administrativeStatus; status columns in
    CSV/XLSX); terms to avoid are never offered as OmegaT targets.

    \b
    Examples:
      termalign termbase export un-terms.db -o un-terms.tbx
      termalign termbase export un-terms.db --format tbx3 -o un-terms-v3.tbx
      termalign termbase export un-terms.db --format tsv --src-lang en --version 4 -o glossary.txt
      termalign termbase export un-terms.db --for omegat -o omegat/glossary/un-terms.csv
      termalign termbase export un-terms.db --status preferred --bom -o terms.csv
    """
    from termalign.glossary.formats.base import ExportOptions, get_format
    from termalign.glossary.termbase import Termbase

    name = _format_name(fmt, output)
    if for_tool == "omegat" and name in ("tbx3", "xlsx"):
        raise UserError(f"OmegaT does not read {name} glossaries; use --format tsv, csv or tbx (TBX v2)")
    check_output(output, [tb])
    if output == "-" and name == "xlsx" and sys.stdout.isatty():
        raise UserError("an XLSX workbook is binary and cannot be shown on a terminal; give -o FILE.xlsx")
    wanted = parse_statuses(statuses) or HUMAN_STATUSES
    if include_candidates:
        wanted = (*wanted, "candidate")
    with Termbase.open(tb) as base:
        versions = base.versions()
        concepts = base.concepts(version, wanted)
        src_lang = _direction(base, src_lang, tb)
    number = version if version is not None else (versions[-1].number if versions else 0)
    if not concepts:
        raise UserError(f"nothing to export: {shown(tb)} has no terms with status {','.join(wanted)} at version {number}; "
                        "widen --status or add --include-candidates")
    current = next(v for v in versions if v.number == number)
    options = ExportOptions(src_lang=src_lang, bom=bom, for_tool=for_tool or "", source=base.name, version=number,
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
    progress.info(f"exported {len(concepts):,} concepts ({rows:,} {'entries' if name.startswith('tbx') else 'rows'}) "
                  f"of {shown(tb)} version {number} as {name}, {src_lang}→{options.tgt_lang}, to {'stdout' if output == '-' else output}")


def _direction(base, src_lang: str | None, tb: str) -> str:
    """The export's source language: SRC_LANG (remembered when new), else the termbase's, else zh."""
    from termalign.glossary.formats.direction import DEFAULT_SRC_LANG, SETTING
    from termalign.errors import TermbaseError

    remembered = base.setting(SETTING)
    if src_lang is None:
        return remembered or DEFAULT_SRC_LANG
    if src_lang != remembered:
        try:
            base.set_setting(SETTING, src_lang)
        except TermbaseError as exc:
            # Exporting needs no write access; only remembering does.
            progress.info(f"{shown(tb)}: --src-lang {src_lang} not remembered ({exc})")
    return src_lang


def _remembered(tb: str) -> str | None:
    """The source language TB remembers; None when it has none or does not exist yet."""
    from termalign.glossary.formats.direction import SETTING
    from termalign.glossary.termbase import Termbase
    from termalign.errors import TermbaseError

    try:
        with Termbase.open(tb) as base:
            return base.setting(SETTING)
    except TermbaseError:
        return None     # a missing termbase is created by the import; any other fault is reported there


@click.command("import")
@click.argument("tb", metavar="TB", type=click.Path(dir_okay=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), help=FORMAT_HELP)
@click.option("--status", type=click.Choice(STATUSES), default="preferred", show_default=True,
              help="Status of terms whose file gives none (statuses in the file are kept).")
@click.option("--src-lang", type=click.Choice(["en", "zh"]),
              help="The language of a TSV file's first column (default: told by its script, Han ⇒ zh); "
                   "rows sharing a source term are one concept. Remembered by the termbase for exports.")
@click.option("--note", default="", help="Note recorded with the new version (default: the file name).")
@USER
def import_cmd(tb: str, file: str, fmt: str | None, status: str, src_lang: str | None, note: str,
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
    from termalign.glossary.formats.base import ImportOptions, get_format, other_lang
    from termalign.glossary.formats.direction import DEFAULT_SRC_LANG, SETTING, file_src_lang
    from termalign.glossary.termbase import Termbase

    name = _format_name(fmt, file)
    found = file_src_lang(name, file)
    notice = ""     # told once the import has succeeded, so that an error stays one line
    if name == "tsv" and found and src_lang and found != src_lang:
        # A TSV has no header: its script tells which column is Chinese, whatever was said.
        notice = (f"{file}: the first column is {'Chinese' if found == 'zh' else 'English'} (told by its "
                  f"script), not {src_lang}; read it as a {found}→{other_lang(found)} glossary")
        src_lang = found
    elif name == "tsv" and found and not src_lang:
        notice = (f"{file}: read as a {found}→{other_lang(found)} glossary (its "
                  f"{'first' if found == 'zh' else 'second'} column holds the Chinese terms)")
    file_lang = src_lang or found or _remembered(tb) or DEFAULT_SRC_LANG
    concepts = get_format(name).read(file, ImportOptions(status=status, src_lang=file_lang))
    if not concepts:
        raise UserError(f"{file}: no English or Chinese terms found; check --format and the file's languages")
    with Termbase.open(tb, create=True, user=user) as base:
        remembered = base.setting(SETTING)
        version = base.commit_import(concepts, note=note or f"import {Path(file).name}")
        # The direction the user said, else the first import's, is what later exports follow.
        said = src_lang or found
        if said and (src_lang and src_lang != remembered or not remembered):
            base.set_setting(SETTING, said)
    if notice:
        progress.info(notice)
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

    with Termbase.open(src) as source, _new_termbase(dst) as target:
        copied = source.copy_to(target)
    progress.info(f"copied {shown(src)} into {shown(dst)}: {copied} version(s)")


@click.command("salvage")
@click.argument("damaged", metavar="DAMAGED", type=click.Path(dir_okay=False))
@click.argument("dst", metavar="DST", type=click.Path(dir_okay=False))
def salvage_cmd(damaged: str, dst: str) -> None:
    """Save what can still be read from the damaged termbase file DAMAGED into
    DST (a new file or an empty PostgreSQL database).

    Use it when a command reports the file damaged and there is no backup.
    Rows on damaged pages are lost, and so are rows that refer to them (a
    term whose concept is lost); everything else keeps its concept id,
    version, date and author. DAMAGED is only read.

    \b
    Example:
      termalign termbase salvage un-terms.db un-terms-saved.db
    """
    from termalign.glossary.pgstore import is_url
    from termalign.glossary.salvage import salvage

    if is_url(damaged):
        raise UserError("salvage reads a damaged SQLite file; a PostgreSQL database is restored with the "
                        "server's own tools (its backups, pg_dump)")
    if not is_url(dst) and Path(dst).resolve() == Path(damaged).resolve():
        raise UserError("give a new file as DST: salvage never writes into the damaged file")
    with _new_termbase(dst) as target:
        report = salvage(damaged, target)
    for table, counts in report.tables.items():
        lost = [f"{n:,} {what}" for n, what in ((counts.unreadable, "unreadable"),
                                                 (counts.orphaned, "whose references were lost")) if n]
        progress.info(f"  {table}: {counts.kept:,} rows kept" + (f", {', '.join(lost)}" if lost else ""))
    progress.info(f"saved {shown(damaged)} into {shown(dst)}: "
                  + (f"{report.lost:,} rows lost" if report.lost else "no damage met, nothing lost"))


@contextlib.contextmanager
def _new_termbase(location: str) -> Iterator[Termbase]:
    """The termbase at LOCATION, created when missing, to be filled (copy, salvage); a file this
    command created is removed again when filling it fails, so no empty termbase is left behind."""
    from termalign.glossary.pgstore import is_url
    from termalign.glossary.termbase import Termbase

    created = not is_url(location) and not Path(location).exists()
    try:
        with Termbase.open(location, create=True) as target:
            yield target
    except BaseException:
        if created:
            for suffix in ("", "-wal", "-shm"):
                Path(location + suffix).unlink(missing_ok=True)
        raise
