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

from lxml import etree

from termalign.errors import InputError

# The termbase setting that holds the CAT project's source language.
SETTING = "src_lang"
# Without any other clue: zh→en, as `termalign tmx` (whose --source defaults to zh).
DEFAULT_SRC_LANG = "zh"


def file_src_lang(fmt: str, path: str | os.PathLike) -> str | None:
    """The language of PATH's first term column (TSV by script, CSV by header, TBX by the root's
    xml:lang), or None when the file does not say (an XLSX, an unreadable file: its reader reports)."""
    try:
        if fmt == "tsv":
            from termalign.glossary.formats import tsv

            langs = tsv.column_langs(path)
            return langs[0] if langs else None
        if fmt == "csv":
            return _csv_src_lang(path)
        if fmt.startswith("tbx"):
            return _tbx_src_lang(path)
    except (InputError, OSError, UnicodeError, csv.Error):
        return None
    return None


def _csv_src_lang(path: str | os.PathLike) -> str | None:
    from termalign.glossary.formats import table
    from termalign.glossary.formats.base import read_text

    first_line = read_text(path).split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    names = next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])
    for name in names:
        lang = table._lang_of(name.strip().lower().replace("-", "_"))
        if lang:
            return lang
    return None


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
