"""What every glossary file format offers, and the one registry that finds them.

A format module (tbx.py, tsv.py, csvfile.py, xlsx.py) has two functions:

    write(concepts, path, options: ExportOptions) -> int     # entries written, atomically
    read(path, options: ImportOptions) -> list[Concept]      # whole file or UserError

Format modules are imported only when used (they import lxml or openpyxl at
top level), so `termalign lookup` and `termalign --help` never pay for them.
"""

from __future__ import annotations

import codecs
import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from termalign.align.document import LANGS
from termalign.glossary.concepts import STATUSES, TERM_TYPES, Concept, PairEvidence, Term
# clean_text: every reader passes terms and notes through it, and so does every writer, so that a
# termbase made before control characters were refused still exports.
from termalign.glossary.normalize import clean_text, script_lang, term_key
from termalign.errors import InputError, SettingError

# name -> module; the CLI's --format choices come from here.
FORMATS = {
    # Plain `tbx` is TBX v2 (martif), the dialect CAT tools read; `tbx3` is ISO 30042:2019.
    "tbx": "termalign.glossary.formats.tbx2",
    "tbx2": "termalign.glossary.formats.tbx2",
    "tbx3": "termalign.glossary.formats.tbx",
    "tsv": "termalign.glossary.formats.tsv",
    "csv": "termalign.glossary.formats.csvfile",
    "xlsx": "termalign.glossary.formats.xlsx",
}
# Statuses that tell a translator not to use a term.
AVOID = ("deprecated", "superseded")
_CONCEPT_ID = re.compile(r"C\d{6,}")
_STATUS_ORDER = {status: rank for rank, status in
                 enumerate(("preferred", "admitted", "candidate", "deprecated", "superseded"))}
# What a spreadsheet reads as the start of a formula (OWASP's list), and the escape quote itself,
# so that the escape can be undone without ambiguity.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass
class ExportOptions:
    src_lang: str = "en"            # the CAT project's source language (first column, TBX xml:lang)
    bom: bool = False               # CSV only: a UTF-8 BOM so that Excel shows Chinese correctly
    source: str = ""                # where the concepts come from (termbase file name)
    version: int | None = None      # the termbase version exported
    version_created: str = ""       # its ISO 8601 timestamp
    version_note: str = ""
    version_author: str = ""        # who made that version (terminologists answer for approvals)
    # termbase version number -> ISO 8601 timestamp, for TBX origination dates
    version_dates: dict[int, str] = field(default_factory=dict)
    # "omegat": the layout OmegaT reads (CSV: source, target, comment, no header row)
    for_tool: str = ""

    @property
    def tgt_lang(self) -> str:
        return other_lang(self.src_lang)


@dataclass
class ImportOptions:
    status: str = "preferred"       # given to terms whose file does not state a status
    # TSV's source column; in files without concept ids, rows sharing a term of it are one concept
    src_lang: str = "en"


def escape_cell(text: str) -> str:
    """A CSV/TSV cell that no spreadsheet reads as a formula: OWASP's leading quote.

    Text that starts with = + - @ tab or CR gets a `'` in front; so does text that
    already starts with `'`, so that `unescape_cell` can always undo it.
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def unescape_cell(text: str) -> str:
    """The text `escape_cell` was given: one leading `'` dropped when it precedes a character
    `escape_cell` escapes. A lone leading quote (`'s-Hertogenbosch` from another tool) stays."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def get_format(name: str) -> ModuleType:
    """The module implementing format NAME (imported now, not before)."""
    if name not in FORMATS:
        raise SettingError("glossary format", f"unknown glossary format {name!r}; use one of: {', '.join(FORMATS)}")
    return importlib.import_module(FORMATS[name])


def other_lang(lang: str) -> str:
    if lang not in LANGS:
        raise SettingError("language", f"unknown language {lang!r}; use en or zh")
    return "zh" if lang == "en" else "en"


def ordered_terms(concept: Concept, lang: str) -> list[Term]:
    """Terms of LANG, preferred first, then admitted, candidates, and terms to avoid; frequent first."""
    return sorted(concept.terms_in(lang), key=lambda t: (_STATUS_ORDER.get(t.status, 9), -t.frequency))


def term_pairs(concept: Concept) -> list[tuple[Term | None, Term | None, PairEvidence | None]]:
    """The (en, zh) pairs a tabular export writes, one row each.

    Pairs the mining evidence attests come first, with their evidence; every
    term no such pair covers is then paired with the head term of the other
    language, so each term is written at least once and a one-language
    concept still gets its rows.
    """
    en_terms, zh_terms = ordered_terms(concept, "en"), ordered_terms(concept, "zh")
    en_by_key = {term_key(t.text, "en"): t for t in en_terms}
    zh_by_key = {term_key(t.text, "zh"): t for t in zh_terms}
    rows: list[tuple[Term | None, Term | None, PairEvidence | None]] = []
    covered: set[int] = set()
    for pair in sorted(concept.pairs, key=lambda p: -p.frequency):
        en = en_by_key.get(term_key(pair.en, "en"))
        zh = zh_by_key.get(term_key(pair.zh, "zh"))
        if en is not None and zh is not None and not {id(en), id(zh)} <= covered:
            rows.append((en, zh, pair))
            covered |= {id(en), id(zh)}
    en_head = en_terms[0] if en_terms else None
    zh_head = zh_terms[0] if zh_terms else None
    for term in en_terms:
        if id(term) not in covered:
            rows.append((term, zh_head, None))
            # The head now has a row too: without this, a concept with no evidence pairs wrote its
            # Chinese head twice, once beside each language's head.
            covered |= {id(term), id(zh_head)}
    for term in zh_terms:
        if id(term) not in covered:
            rows.append((en_head, term, None))
    return rows


def best_pair(concept: Concept, term: Term | None = None) -> PairEvidence | None:
    """The most frequent evidence pair of the concept (containing TERM when given)."""
    pairs = concept.pairs
    if term is not None:
        key = term_key(term.text, term.lang)
        pairs = [p for p in pairs if term_key(getattr(p, term.lang), term.lang) == key]
    return max(pairs, key=lambda p: p.frequency, default=None)


def parse_status(value: str, default: str, where: str) -> str:
    """A status from a file cell; empty means DEFAULT. Also accepts TBX's *Term-admn-sts values."""
    text = value.strip()
    if not text:
        return default
    status = text.lower().removesuffix("term-admn-sts")
    if status not in STATUSES:
        raise InputError(f"{where}: unknown status {value!r}; use one of: {', '.join(STATUSES)}")
    return status


def parse_term_type(value: str, where: str) -> str:
    text = value.strip()
    if not text:
        return "fullForm"
    for term_type in TERM_TYPES:
        if term_type.lower() == text.lower():
            return term_type
    raise InputError(f"{where}: unknown term type {value!r}; use one of: {', '.join(TERM_TYPES)}")


def read_text(path: str | os.PathLike) -> str:
    """A glossary file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    raw = Path(path).read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: looks like a binary file, not a text glossary")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: cannot decode the file; save it as UTF-8")


class ConceptBuilder:
    """Collects (en, zh) rows or entries of a glossary file into concepts.

    Rows that name the same group (a concept id column, a TBX entry) form one
    concept; without a group, rows that share the source-language term do
    (the way OmegaT lists several renderings of one source term). A group
    that is one of our concept ids ("C000042") is kept as the concept's id,
    so an export imported into a new termbase keeps its ids. A term repeated
    within a concept is kept once; the same term given two different
    statuses in one concept is an error.
    """

    def __init__(self, src_lang: str) -> None:
        self.src_lang = src_lang
        self._concepts: dict[str, Concept] = {}
        self._terms: dict[tuple[str, str, str], tuple[Term, str]] = {}

    def add(self, terms: list[Term], where: str, group: str = "", note: str = "") -> None:
        for term in terms:
            term.text, term.note = clean_text(term.text), clean_text(term.note)
        terms = [t for t in terms if t.text]
        if not terms:
            return
        note = clean_text(note)
        group = clean_text(group)
        if not group:
            head = next((t for t in terms if t.lang == self.src_lang), terms[0])
            group = f"{head.lang}:{term_key(head.text, head.lang)}"
        concept = self._concepts.get(group)
        if concept is None:
            concept = self._concepts[group] = Concept(id=group if _CONCEPT_ID.fullmatch(group) else None)
        if note and note not in concept.note:
            concept.note = f"{concept.note}; {note}" if concept.note else note
        for term in terms:
            if term.lang == "en" and script_lang(term.text) == "zh":
                raise InputError(f"{where}: the English term {term.text!r} is in Chinese characters; "
                                "are the language columns swapped?")
            slot = (group, term.lang, term_key(term.text, term.lang))
            if slot not in self._terms:
                self._terms[slot] = (term, where)
                concept.terms.append(term)
                continue
            seen, first = self._terms[slot]
            # A term a table repeats on several rows carries its note on each; keep the first one given.
            seen.note = seen.note or term.note
            if seen.status != term.status:
                raise InputError(f"{where}: {term.text!r} is {term.status} here but {seen.status} at {first}; "
                                "give one status per term within a concept")

    def concepts(self) -> list[Concept]:
        return list(self._concepts.values())
