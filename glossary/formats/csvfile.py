"""CSV glossaries: a header row, one row per term pair (columns in table.py).

Excel opens a UTF-8 CSV as the local ANSI code page and garbles Chinese
unless the file starts with a BOM, while some importers read the BOM as part
of the first header name; so the BOM is an option (`bom=True`). Reading
accepts either, and also `;` or tab as the separator.

A cell that a spreadsheet would run as a formula (it starts with = + - @,
tab or CR) is written with a leading `'`, as OWASP recommends, and so is a
cell that starts with `'`; reading drops that quote again (docs/security.md).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable

from termalign.glossary.formats import table
from termalign.glossary.formats.base import ExportOptions, ImportOptions, escape_cell, read_text, unescape_cell
from termalign.glossary.concepts import Concept
from termalign.atomic import atomic_write
from termalign.errors import InputError


def write(concepts: Iterable[Concept], path: str | os.PathLike, options: ExportOptions) -> int:
    if options.for_tool == "omegat":
        return _write_omegat(concepts, path, options)
    count = 0
    with atomic_write(path, "w", encoding="utf-8-sig" if options.bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.header(options.src_lang))
        for row in table.rows(concepts, options):
            writer.writerow([escape_cell(v) if isinstance(v, str) else v for v in row])
            count += 1
    return count


def _write_omegat(concepts: Iterable[Concept], path: str | os.PathLike, options: ExportOptions) -> int:
    """OmegaT's CSV glossary: source term, target term, comment; no header row, which OmegaT
    would read as one more glossary entry."""
    from termalign.glossary.formats import tsv

    count = 0
    with atomic_write(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for fields in tsv.omegat_rows(concepts, options):
            writer.writerow([tsv.clean_field(f) for f in fields])
            count += 1
    return count


def read(path: str | os.PathLike, options: ImportOptions) -> list[Concept]:
    text = read_text(path)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        names = next(reader)
    except StopIteration:
        raise InputError(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise InputError(f"{path}: line 1: {exc}") from None

    def numbered() -> Iterable[tuple[int, list]]:
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(f"{path}: line {line}: {exc}; check the quotes on that line") from None
            if any(c.strip() for c in cells):
                yield line, [unescape_cell(c) for c in cells]
            line = reader.line_num + 1

    return table.concepts_from_rows(names, numbered(), options, str(path))
