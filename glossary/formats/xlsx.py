"""XLSX glossaries: one sheet, a header row, one row per term pair (columns in table.py).

openpyxl's write-only mode streams rows, so a 50,000-concept termbase does
not build its whole sheet in memory; read-only mode does the same on import.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from termalign.glossary.formats import table
from termalign.glossary.formats.base import ExportOptions, ImportOptions
from termalign.glossary.concepts import Concept
from termalign.atomic import atomic_path
from termalign.errors import InputError

SHEET = "Glossary"
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
        sheet.append([None if value == "" else value for value in row])
        count += 1
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return count


def read(path: str | os.PathLike, options: ImportOptions) -> list[Concept]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path}: not an XLSX workbook ({exc}); save it from Excel as .xlsx") from None
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
    finally:
        workbook.close()
