"""Clause starters: a paragraph opening with a standard UN formula keeps its standard rendering."""

from __future__ import annotations

from collections.abc import Iterator

from termalign.glossary import phraseology
from termalign.glossary.qa.base import Context, Finding, Unit, check, finding

# The reader's paragraph kinds and the clause each calls for; other kinds take either.
_CLAUSE_OF_KIND = {"preamble": "preambular", "operative": "operative"}


@check("clause-starter", severity="warning", title="Clause starter not rendered with its standard formula")
def clause_starter(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """A preambular or operative paragraph (as the reader typed it) opens with a standard UN clause starter (回顾, 表示注意到,
    又决定 …; the list in glossary/data/phraseology.tsv) but the translation does not open with its
    standard rendering for that kind of paragraph (Recalling, Taking note, Also decides …), or an
    English starter's standard Chinese is not the one the translation opens with."""
    record = unit.record
    if not (record.zh.strip() and record.en.strip()) or not phraseology.opens_paragraph(record):
        return
    clause = _CLAUSE_OF_KIND.get(record.kind or "")
    if clause is None:
        return      # without the reader's paragraph kind (a TMX, a pre-split text) the clause is unknown
    if ctx.source_lang == "zh":
        entry = phraseology.zh_starter(record.zh)
        if entry is None:
            return
        expected = entry.english.get(clause, ())
        if not expected:
            return
        found = phraseology.en_starter(record.en, entry)
        if found is not None and found[0] == clause:
            return
        kind = f"{clause} "
        shown = " / ".join(f"“{form}”" for form in expected)
        opening = record.en.split(",")[0].split()[:4]
        yield finding("clause-starter", unit,
                      f"The {kind}paragraph opens with {entry.zh}, whose standard rendering is {shown}; the "
                      f"translation opens with “{' '.join(opening)}”: use the standard formula.",
                      spans={"zh": [(record.zh.find(entry.zh), record.zh.find(entry.zh) + len(entry.zh))]})
        return
    starter = phraseology.any_en_starter(record.en)
    if starter is None:
        return
    entry, found_clause, form = starter
    if found_clause != clause:
        return
    standard = [e.zh for e in phraseology.entries()
                if e.type == "starter" and any(f.casefold() == form.casefold() for f in e.renderings())]
    if phraseology.zh_starter(record.zh) in [e for e in phraseology.entries() if e.zh in standard]:
        return
    yield finding("clause-starter", unit,
                  f"The paragraph opens with “{form}”, whose standard Chinese is {' / '.join(standard)}; "
                  "use the standard formula.", spans={"en": [(record.en.find(form), record.en.find(form) + len(form))]})
