"""OmegaT glossaries: `source<TAB>target<TAB>comment`, UTF-8, no header.

OmegaT shows every line whose source term occurs in the segment and offers
the target for insertion, so a term to avoid is never written as a target:
it goes into the comment ("avoid: …") of the lines of its concept. The
comment also carries the concept id and the target's status. The format has
no status field: on import, a comment that starts with our concept id and a
status (as our export writes it) groups the line into that concept and gives
the target that status; every other term gets the status asked for.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from termalign.glossary.formats.base import AVOID, ConceptBuilder, ExportOptions, ImportOptions, clean_text, \
    escape_cell, ordered_terms, other_lang, read_text, unescape_cell
from termalign.glossary.concepts import STATUSES, Concept, Term
from termalign.atomic import atomic_write
from termalign.errors import InputError
from termalign.glossary.normalize import script_lang

_CONCEPT_ID = re.compile(r"C\d{6,}")


def clean_field(text: str) -> str:
    """A field of an OmegaT glossary, TSV or CSV: no separator or control character, and nothing a
    spreadsheet would read as a formula."""
    return escape_cell(" ".join(clean_text(text).split()))


def write(concepts: Iterable[Concept], path: str | os.PathLike, options: ExportOptions) -> int:
    count = 0
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as handle:
        for fields in omegat_rows(concepts, options):
            handle.write("\t".join(clean_field(f) for f in fields) + "\n")
            count += 1
    return count


def _our_comment(comment: str) -> tuple[str, str]:
    """(concept id, target status) from a comment our export wrote ("C000042 · preferred · …"), else ("", "")."""
    parts = comment.split(" · ")
    if len(parts) >= 2 and _CONCEPT_ID.fullmatch(parts[0]) and parts[1] in STATUSES:
        return parts[0], parts[1]
    return "", ""


def omegat_rows(concepts: Iterable[Concept], options: ExportOptions) -> Iterable[list[str]]:
    """[source term, target term, comment] per entry, source in `options.src_lang`; also OmegaT's CSV."""
    for concept in concepts:
        targets = ordered_terms(concept, options.tgt_lang)
        usable = [t for t in targets if t.status not in AVOID]
        avoid = [t.text for t in targets if t.status in AVOID]
        for source in ordered_terms(concept, options.src_lang):
            for target in usable:
                comment = [concept.id or "", target.status]
                if avoid:
                    comment.append("avoid: " + ", ".join(avoid))
                if concept.note:
                    comment.append(concept.note)
                if concept.kind == "phraseology":
                    comment.append("UN phraseology")
                yield [source.text, target.text, " · ".join(c for c in comment if c)]


def column_langs(path: str | os.PathLike) -> tuple[str, str] | None:
    """The languages of a TSV glossary's first two columns, told by their script, or None when unclear.

    A line votes zh→en when only its first term has Han characters, en→zh when
    only its second has; the majority wins. A translator who works en→zh keeps
    an en→zh glossary, so the file, not a default, says which column is which.
    """
    votes = {"zh": 0, "en": 0}
    for line in read_text(path).splitlines():
        fields = line.split("\t")
        if len(fields) >= 2:
            first, second = script_lang(fields[0]), script_lang(fields[1])
            if first != second:
                votes[first] += 1
    if votes["zh"] == votes["en"]:
        return None
    first = max(votes, key=lambda lang: votes[lang])
    return first, other_lang(first)


def read(path: str | os.PathLike, options: ImportOptions) -> list[Concept]:
    src, tgt = options.src_lang, other_lang(options.src_lang)
    builder = ConceptBuilder(src)
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        where = f"{path}: line {number}"
        if not 2 <= len(fields) <= 3 or not fields[0].strip() or not fields[1].strip():
            raise InputError(f"{where}: expected source<TAB>target[<TAB>comment], found {len(fields)} "
                            f"field(s) in {line[:60]!r}")
        group, target_status = _our_comment(unescape_cell(fields[2]) if len(fields) == 3 else "")
        builder.add([Term(lang=src, text=unescape_cell(fields[0]), status=options.status),
                     Term(lang=tgt, text=unescape_cell(fields[1]), status=target_status or options.status)],
                    where, group=group)
    return builder.concepts()

