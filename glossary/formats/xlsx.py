"""XLSX glossaries: one sheet, a header row, one row per term pair (columns in table.py).

openpyxl's write-only mode streams rows, so a 50,000-concept termbase does
not build its whole sheet in memory; read-only mode does the same on import.

Every text is written as a text cell, never as a formula: openpyxl would make
a formula of any string that starts with `=` (`=HYPERLINK(…)` in a term from
a vendor's file would run in Excel, and read back as an empty cell). Text
cells need no quote escape, so XLSX keeps terms exactly as they are.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from termalign.align import safexml
from termalign.glossary.formats import table
from termalign.glossary.formats.base import ExportOptions, ImportOptions
from termalign.glossary.concepts import Concept
from termalign.atomic import atomic_path
from termalign.errors import InputError, UserError

SHEET = "Glossary"
# A 50,000-concept glossary unpacks to some 40 MB; far beyond that is an attack, not a glossary.
MAX_UNPACKED = 2 * 10**9
MAX_MEMBERS = 10_000
_WIDTHS = {"A": 36, "B": 36, "J": 60, "K": 60}


def write(concepts: Iterable[Concept], path: str | os.PathLike, options: ExportOptions) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.freeze_panes = "A2"
    for column, width in _WIDTHS.items():
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    head = []
    for name in table.header(options.src_lang):
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    for row in table.rows(concepts, options):
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return count


def _cell(sheet, value):
    """A cell for VALUE: empty for "", a number as a number, any other text as a text cell."""
    if value == "" or value is None:
        return None
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"    # after the value: openpyxl has just made "=…" a formula
    return cell


def _check_package(path: str | os.PathLike) -> None:
    """Refuse, before openpyxl unpacks anything, a zip bomb or an XML part that declares a DTD.

    The sizes checked are the ones the zip declares; Python's zipfile never
    inflates a member past its declared size, so a lying header cannot get
    round the limit. Every XML part's prolog goes through safexml, which
    refuses DOCTYPEs (Office Open XML packages never have one).
    """
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            if len(members) > MAX_MEMBERS:
                raise InputError(f"{path}: the workbook holds {len(members):,} parts; refused — "
                                "a glossary workbook has a few dozen")
            total = sum(m.file_size for m in members)
            if total > MAX_UNPACKED:
                raise InputError(f"{path}: the workbook would unpack to {total / 1e9:.1f} GB "
                                f"(limit {MAX_UNPACKED // 10**9} GB); refused as a possible zip bomb")
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    with package.open(member) as part:
                        safexml.check_prolog(part.read(safexml.PROLOG_LIMIT), f"{path} ({member.filename})",
                                             "XLSX", allow_doctype=False)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise _not_a_workbook(path, exc) from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an XLSX workbook") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _not_a_workbook(path: str | os.PathLike, exc: BaseException) -> InputError:
    # openpyxl's messages can run over several lines (lxml's parse errors do): one line for ours
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return InputError(f"{path}: not an XLSX workbook ({detail[:200]}); save it from Excel as .xlsx")


def read(path: str | os.PathLike, options: ImportOptions) -> list[Concept]:
    _check_package(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:    # noqa: BLE001 - openpyxl raises whatever a damaged part trips (TypeError, KeyError…)
        raise _not_a_workbook(path, exc) from None
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        names = next(values, None)
        if names is None:
            raise InputError(f"{path}: sheet {sheet.title!r} is empty")
        numbered = ((number, list(cells)) for number, cells in enumerate(values, start=2)
                    if any(c is not None and str(c).strip() for c in cells))
        return table.concepts_from_rows([str(n or "") for n in names], numbered, options,
                                        f"{path} sheet {sheet.title!r}", unit="row")
    except UserError:
        raise
    except Exception as exc:    # noqa: BLE001 - read-only mode parses the sheet lazily, row by row
        raise _not_a_workbook(path, exc) from None
    finally:
        workbook.close()
