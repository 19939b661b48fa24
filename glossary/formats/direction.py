"""Which language a glossary file puts first: the direction its CAT project translates in.

A glossary for OmegaT (and the first columns that memoQ and Trados map) has
the project's source language first. The commands use this to read a TSV
whose columns are the other way round correctly, and to let a termbase
remember, from its first import, the direction its users work in (zh→en or
en→zh), so that later exports follow it without a flag.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile

from lxml import etree

from termalign.errors import InputError

# The termbase setting that holds the CAT project's source language.
SETTING = "src_lang"
# Without any other clue: zh→en, as `termalign tmx` (whose --source defaults to zh).
DEFAULT_SRC_LANG = "zh"


def file_src_lang(fmt: str, path: str | os.PathLike) -> str | None:
    """The language of PATH's first term column (TSV by script, CSV and XLSX by header, TBX by the
    root's xml:lang), or None when the file does not say (an unreadable file: its reader reports)."""
    try:
        if fmt == "tsv":
            from termalign.glossary.formats import tsv

            langs = tsv.column_langs(path)
            return langs[0] if langs else None
        if fmt == "csv":
            return _first_lang(_csv_header(path))
        if fmt == "xlsx":
            return _first_lang(_xlsx_header(path))
        if fmt.startswith("tbx"):
            return _tbx_src_lang(path)
    except (InputError, OSError, UnicodeError, csv.Error, ValueError, KeyError, zipfile.BadZipFile):
        return None
    return None


def _first_lang(names: list[str]) -> str | None:
    """The language of the first term column a glossary table's header names."""
    from termalign.glossary.formats import table

    for name in names:
        lang = table._lang_of(str(name or "").strip().lower().replace("-", "_"))
        if lang:
            return lang
    return None


def _csv_header(path: str | os.PathLike) -> list[str]:
    from termalign.glossary.formats.base import read_text

    first_line = read_text(path).split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])


def _xlsx_header(path: str | os.PathLike) -> list[str]:
    from openpyxl import load_workbook

    from termalign.glossary.formats import xlsx

    xlsx._check_package(path)       # the same zip-bomb and DTD checks as the import
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[xlsx.SHEET] if xlsx.SHEET in workbook.sheetnames else workbook.worksheets[0]
        return [str(v or "") for v in next(sheet.iter_rows(values_only=True), ())]
    finally:
        workbook.close()


def _tbx_src_lang(path: str | os.PathLike) -> str | None:
    from termalign.align import safexml

    # Only the root's start tag is read, after the same prolog check as an import.
    safexml.check_file(path, str(path), "TBX")
    try:
        _, root = next(safexml.iterparse(path, events=("start",)))
    except (StopIteration, etree.XMLSyntaxError):
        return None
    code = (root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").lower().split("-")[0]
    return code if code in ("en", "zh") else None
