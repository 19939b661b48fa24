"""The table that CSV and XLSX glossaries share: one row per term pair.

Columns (source language first): the two terms, their statuses and term
types, the concept id, how often the pair was seen and in how many
documents, one example in both languages with its document, the
concept note, and each term's own note. memoQ, Phrase and MultiTerm Convert map such columns to
languages and fields in their import wizards; the status columns let our
own import give every term back the status it had.

On import the header decides what each column holds, so a list from
elsewhere works too (e.g. `en,zh_CN,pos,description`): language columns
are recognised by their code or name, `<lang>_status` / `<lang>_type` by
their suffix, and unknown columns are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from termalign.glossary.formats.base import ConceptBuilder, ExportOptions, ImportOptions, clean_text, other_lang, \
    parse_status, parse_term_type, term_pairs
from termalign.glossary.concepts import MINING_NOTE, Concept, Term, without_mining_note
from termalign.errors import InputError

_LANG_NAMES = {
    "en": regex.compile(r"(?:en|eng|english|英文|英语)(?:_[a-z]{2,4})?"),
    "zh": regex.compile(r"(?:zh|chi|zho|chinese|中文|汉语)(?:_[a-z]{2,4})?"),
}
_ID_NAMES = {"concept_id", "concept", "id", "entry_id", "termbase_id"}
_NOTE_NAMES = {"note", "notes", "description", "definition", "comment", "comments"}


def header(src_lang: str) -> list[str]:
    src, tgt = src_lang, other_lang(src_lang)
    return [src, tgt, f"{src}_status", f"{tgt}_status", f"{src}_type", f"{tgt}_type", "concept_id",
            "frequency", "documents", f"example_{src}", f"example_{tgt}", "example_doc", "note",
            f"{src}_note", f"{tgt}_note"]


def rows(concepts: Iterable[Concept], options: ExportOptions) -> Iterable[list]:
    """Data rows under `header(options.src_lang)`; numbers stay numbers (XLSX keeps them), and text
    has no control characters (the writer still has to keep formulas out: `base.escape_cell`)."""
    for concept in concepts:
        for en, zh, pair in term_pairs(concept):
            side = {"en": en, "zh": zh}
            src, tgt = side[options.src_lang], side[options.tgt_lang]
            example = pair.examples[0] if pair and pair.examples else None
            example_text = {"en": example.en if example else "", "zh": example.zh if example else ""}
            yield [clean_text(value) if isinstance(value, str) else value for value in (
                src.text if src else "", tgt.text if tgt else "",
                src.status if src else "", tgt.status if tgt else "",
                src.term_type if src else "", tgt.term_type if tgt else "",
                concept.id or "",
                pair.frequency if pair else "", pair.documents if pair else "",
                example_text[options.src_lang], example_text[options.tgt_lang],
                example.doc if example else "",
                _note(concept),
                src.note if src else "", tgt.note if tgt else "",
            )]


def _note(concept: Concept) -> str:
    """The concept's note, then what mining said of it (UN phraseology; tier and reason)."""
    mined = concept.evidence_note()
    return "; ".join(n for n in (concept.note, MINING_NOTE + mined if mined else "") if n)


def _lang_of(name: str) -> str | None:
    for lang, pattern in _LANG_NAMES.items():
        if pattern.fullmatch(name):
            return lang
    return None


def _column_roles(names: list[str], where: str) -> dict[tuple[str, str | None], int]:
    """(role, lang) -> column index, for the columns we use."""
    roles: dict[tuple[str, str | None], int] = {}
    for index, raw in enumerate(names):
        name = regex.sub(r"[\s\-.]+", "_", str(raw or "").strip().lower())
        role: tuple[str, str | None] | None = None
        for suffix in ("status", "type", "note"):
            lang = _lang_of(name.removesuffix(f"_{suffix}")) if name.endswith(f"_{suffix}") else None
            if lang:
                role = (suffix, lang)
        if role is None and (lang := _lang_of(name)):
            role = ("term", lang)
        elif role is None and name in _ID_NAMES:
            role = ("concept_id", None)
        elif role is None and name in _NOTE_NAMES:
            role = ("note", None)
        if role is None:
            continue
        if role in roles:
            raise InputError(f"{where}: header has two columns for {role[0]} {role[1] or ''}".rstrip()
                            + f" ({names[roles[role]]!r} and {raw!r}); keep one")
        roles[role] = index
    if ("term", "en") not in roles or ("term", "zh") not in roles:
        raise InputError(f"{where}: the header {names!r} names no English and Chinese term columns; "
                        "call them en and zh (or en-US, zh-CN, English, Chinese)")
    return roles


def concepts_from_rows(names: list[str], numbered_rows: Iterable[tuple[int, list]], options: ImportOptions,
                       label: str, unit: str = "line") -> list[Concept]:
    """Concepts from header NAMES and (line or row number, cells) pairs; UserError names the bad one."""
    roles = _column_roles(names, f"{label}: {unit} 1")
    builder = ConceptBuilder(options.src_lang)
    width = len(names)
    for number, cells in numbered_rows:
        where = f"{label}: {unit} {number}"
        if len(cells) > width and any(str(c).strip() for c in cells[width:] if c is not None):
            raise InputError(f"{where}: {len(cells)} fields but the header has {width}; "
                            "quote cells that contain the separator")

        def cell(role: str, lang: str | None = None) -> str:
            index = roles.get((role, lang))
            value = cells[index] if index is not None and index < len(cells) else None
            return "" if value is None else str(value)

        terms = [Term(lang=lang, text=cell("term", lang), note=cell("note", lang),
                      status=parse_status(cell("status", lang), options.status, f"{where}, {lang}_status"),
                      term_type=parse_term_type(cell("type", lang), f"{where}, {lang}_type"))
                 for lang in ("en", "zh")]
        builder.add(terms, where, group=cell("concept_id"), note=without_mining_note(cell("note").strip()))
    return builder.concepts()
