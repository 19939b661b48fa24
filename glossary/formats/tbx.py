"""TBX-Basic, TBX v3 (ISO 30042:2019), DCA style: the exchange format of termbases (`--format tbx3`).

The v2 dialect that CAT tools read (`martif`, `--format tbx2`, plain `tbx`)
is made from the same tree by tbx2.py.

Export writes one `conceptEntry` per concept, a `langSec` per language and a
`termSec` per term, with its administrative status, term type, an example
sentence as context, and origination dates from the termbase versions.
Candidates have no TBX status; when they are exported they carry none.

The RELAX NG schema of TBX-Basic checks structure but not the picklist
values (its Schematron rules do, in XPath 2, which lxml cannot run); so
`check_picklists` checks them, on every export before the file is written
and on every import.

Import reads TBX v3 and the older TBX v2 (`martif`, `termEntry`/`langSet`/
`tig`) that many CAT tools still export; languages other than en and zh are
skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from lxml import etree

from termalign.align import safexml
from termalign.glossary.formats.base import ConceptBuilder, ExportOptions, ImportOptions, best_pair, clean_text, \
    ordered_terms
from termalign.glossary.concepts import MINING_NOTE, TERM_TYPES, Concept, Term, without_mining_note
from termalign import __version__
from termalign.atomic import atomic_path
from termalign.errors import InputError, OutputError

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANG_TAGS = {"en": "en", "zh": "zh-CN"}
ADMIN_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "superseded": "supersededTerm-admn-sts",
}
PICKLISTS = {
    "administrativeStatus": frozenset(ADMIN_STATUS.values()),
    "termType": frozenset(TERM_TYPES),
    "partOfSpeech": frozenset({"noun", "verb", "adjective", "adverb", "other"}),
}
_STATUS_OF = {value: status for status, value in ADMIN_STATUS.items()}


def _el(parent, tag: str, text: str | None = None, **attrib: str):
    child = etree.SubElement(parent, f"{{{NS}}}{tag}", attrib)
    if text is not None:
        # XML cannot hold control characters: a termbase made before they were refused still exports.
        child.text = clean_text(text)
    return child


def _dates(terms: list[Term], options: ExportOptions) -> list[str]:
    return sorted(options.version_dates[t.valid_from][:10] for t in terms
                  if t.valid_from in options.version_dates)


def _transaction(parent, kind: str, date: str) -> None:
    group = _el(parent, "transacGrp")
    _el(group, "transac", kind, type="transactionType")
    _el(group, "date", date)


def _header(root, options: ExportOptions) -> None:
    header = _el(root, "tbxHeader")
    file_desc = _el(header, "fileDesc")
    title = f"termalign termbase {options.source}".rstrip()
    _el(_el(file_desc, "titleStmt"), "title", title)
    source = _el(file_desc, "sourceDesc")
    if options.version is not None:
        _el(source, "p", f"Version {options.version} of {options.source or 'the termbase'}, "
                         f"created {options.version_created}"
                         f"{' by ' + options.version_author if options.version_author else ''}.")
        if options.version_note:
            _el(source, "p", f"Version note: {options.version_note}")
    _el(source, "p", f"Exported by termalign {__version__}.")


def _concept_entry(body, concept: Concept, index: int, options: ExportOptions) -> None:
    entry = _el(body, "conceptEntry", id=concept.id or f"c{index}")
    dates = _dates(concept.terms, options)
    if dates:
        # The concept was created with its first term and last changed when its newest term came.
        _transaction(entry, "origination", dates[0])
        _transaction(entry, "modification", dates[-1])
    if concept.note:
        _el(entry, "note", concept.note)
    if concept.kind == "phraseology":
        # TBX-Basic's concept-level classification: phraseology is its own subject, so a CAT tool
        # can filter it apart from the terms.
        _el(entry, "descrip", "UN phraseology", type="subjectField")
    mined = concept.evidence_note()
    if mined:
        _el(entry, "note", MINING_NOTE + mined)
    for lang in (options.src_lang, options.tgt_lang):
        terms = ordered_terms(concept, lang)
        if not terms:
            continue
        lang_sec = _el(entry, "langSec", **{XML_LANG: LANG_TAGS[lang]})
        for term in terms:
            term_sec = _el(lang_sec, "termSec")
            _el(term_sec, "term", term.text)
            if term.status in ADMIN_STATUS:
                _el(term_sec, "termNote", ADMIN_STATUS[term.status], type="administrativeStatus")
            _el(term_sec, "termNote", term.term_type, type="termType")
            pair = best_pair(concept, term)
            example = pair.examples[0] if pair and pair.examples else None
            if example is not None and getattr(example, lang):
                group = _el(term_sec, "descripGrp")
                _el(group, "descrip", getattr(example, lang), type="context")
                _el(group, "admin", example.doc, type="source")
            # Only a term younger than its concept needs its own date.
            term_dates = _dates([term], options)
            if term_dates and term_dates[0] != dates[0]:
                _transaction(term_sec, "origination", term_dates[0])
            if term.note:
                _el(term_sec, "note", term.note)


def check_picklists(root, label: str) -> None:
    """UserError naming the entry whose termNote value is outside the TBX-Basic picklist."""
    for note in root.iter("{*}termNote"):
        allowed = PICKLISTS.get(note.get("type"))
        value = (note.text or "").strip()
        if allowed is not None and value not in allowed:
            entry = next((a for a in note.iterancestors() if a.get("id") and "Entry" in a.tag), None)
            where = [f"line {note.sourceline}"] if note.sourceline else []
            where.append(f"entry {entry.get('id')!r}" if entry is not None else "an entry")
            raise InputError(f"{label}: {', '.join(where)}: {note.get('type')} {value!r} "
                            f"is not a TBX-Basic value; use one of: {', '.join(sorted(allowed))}")


def build(concepts: Iterable[Concept], options: ExportOptions):
    """The TBX v3 document of CONCEPTS and the number of entries in it (tbx2.py converts it to v2)."""
    root = etree.Element(f"{{{NS}}}tbx", {"type": "TBX-Basic", "style": "dca",
                                          XML_LANG: LANG_TAGS[options.src_lang]}, nsmap={None: NS})
    _header(root, options)
    body = _el(_el(root, "text"), "body")
    count = 0
    for index, concept in enumerate(concepts, start=1):
        if concept.terms:
            _concept_entry(body, concept, index, options)
            count += 1
    if count == 0:
        raise OutputError("nothing to export: TBX needs at least one concept; check the statuses and version asked for")
    return root, count


def save(root, path: str | os.PathLike) -> None:
    """Check the picklist values of ROOT, then write it to PATH atomically."""
    check_picklists(root, str(path))
    # through a Python file, not a file name: libxml2 writing by name drops its last buffer silently
    # when the disk is full, while a Python file raises
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        etree.ElementTree(root).write(handle, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        handle.flush()
        os.fsync(handle.fileno())


def write(concepts: Iterable[Concept], path: str | os.PathLike, options: ExportOptions) -> int:
    root, count = build(concepts, options)
    save(root, path)
    return count


def _lang(tag: str | None) -> str | None:
    code = (tag or "").lower().replace("_", "-").split("-")[0]
    return code if code in LANG_TAGS else None


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _children(element, *names: str) -> list:
    return [child for child in element if _local(child) in names]


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _term(term_sec, lang: str, options: ImportOptions, where: str) -> Term:
    """A Term from a termSec (v3) or tig/ntig (v2)."""
    term_el = next(term_sec.iter("{*}term"), None)
    if term_el is None or not _text(term_el):
        raise InputError(f"{where}: a term section without a term")
    term = Term(lang=lang, text=_text(term_el), status=options.status)
    for note in term_sec.iter("{*}termNote"):
        value = _text(note)
        if note.get("type") == "administrativeStatus":
            term.status = _STATUS_OF[value]
        elif note.get("type") == "termType":
            term.term_type = value
    notes = [_text(n) for n in _children(term_sec, "note")]
    term.note = "; ".join(n for n in notes if n)
    return term


def read(path: str | os.PathLike, options: ImportOptions) -> list[Concept]:
    root = safexml.parse(path, str(path), "TBX")
    if _local(root) not in ("tbx", "martif"):
        raise InputError(f"{path}: the root element is <{_local(root)}>, not <tbx> (TBX v3) or <martif> (TBX v2)")
    check_picklists(root, str(path))
    builder = ConceptBuilder(options.src_lang)
    entries = [e for e in root.iter("{*}conceptEntry", "{*}termEntry")]
    if not entries:
        raise InputError(f"{path}: no conceptEntry (or termEntry) elements: nothing to import")
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: line {entry.sourceline}, entry {entry.get('id') or number}"
        terms = []
        for lang_sec in _children(entry, "langSec", "langSet"):
            lang = _lang(lang_sec.get(XML_LANG))
            if lang is None:
                continue
            for term_sec in _children(lang_sec, "termSec", "tig", "ntig"):
                terms.append(_term(term_sec, lang, options, where))
        note = "; ".join(without_mining_note(_text(n)) for n in _children(entry, "note")
                         if without_mining_note(_text(n)))
        # Entries are kept apart even when they share a term: each is its own concept in the file.
        builder.add(terms, where, group=entry.get("id") or f"#{number}", note=note)
    return builder.concepts()
