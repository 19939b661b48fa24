"""`termalign termbase …`: read the versions of a termbase, compare them, and decide on terms."""

from __future__ import annotations

import json
import shlex
import unicodedata
from dataclasses import asdict

import click

from termalign.atomic import check_output
from termalign.commands.output import output_stream, printable
from termalign.commands.termbase_option import USER, shown
from termalign.lazy import LazyGroup

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="text for people, json for programs.")
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                      help="Write to FILE instead of stdout (atomically).")
TERMBASE = click.argument("tb", metavar="TB", type=click.Path(dir_okay=False))


@click.group("termbase", cls=LazyGroup, lazy_commands={
    "import": "termalign.commands.termbase_io:import_cmd",
    "export": "termalign.commands.termbase_io:export_cmd",
    "copy": "termalign.commands.termbase_io:copy_cmd",
    "salvage": "termalign.commands.termbase_io:salvage_cmd",
})
def termbase() -> None:
    """Inspect and curate a versioned termbase (one SQLite file).

    Every change (a mining run, an import, an approval) is a numbered version;
    any version can be listed, compared, shown and exported.

    \b
    Examples:
      termalign termbase versions un-terms.db
      termalign termbase diff un-terms.db 3 4
      termalign termbase approve un-terms.db 互联网治理论坛 --note "A/RES/79/194 usage"
      termalign termbase merge un-terms.db C000057 C000042
    """


@termbase.command("versions")
@TERMBASE
@FORMAT
@OUTPUT
def versions(tb: str, fmt: str, output: str | None) -> None:
    """List the versions of TB: number, date, kind, note and what changed.

    \b
    Example:
      termalign termbase versions un-terms.db --format json
    """
    from termalign.glossary.termbase import Termbase

    check_output(output, [tb])
    with Termbase.open(tb) as base:
        rows = base.versions()
    with output_stream(output) as out:
        if fmt == "json":
            out.write(json.dumps([asdict(v) for v in rows], ensure_ascii=False, indent=2) + "\n")
            return
        if not rows:
            out.write(f"{shown(tb)}: no versions yet\n")
        for v in rows:
            note = f"  {printable(v.note)}" if v.note else ""
            out.write(f"v{v.number:<4} {v.created}  {v.author or '-':<12} {v.kind:<9} {_summary(v.counts)}{note}\n")


@termbase.command("diff")
@TERMBASE
@click.argument("v1", type=int)
@click.argument("v2", type=int)
@FORMAT
@OUTPUT
def diff(tb: str, v1: int, v2: int, fmt: str, output: str | None) -> None:
    """Show what changed in TB from version V1 to version V2: terms added and
    removed, statuses changed, evidence changed. Version 0 is the empty termbase.

    \b
    Example:
      termalign termbase diff un-terms.db 3 4
    """
    from termalign.glossary.termbase import Termbase

    check_output(output, [tb])
    with Termbase.open(tb) as base:
        result = base.diff(v1, v2)
        # Who made the versions between the two: terminologists answer for their decisions.
        lo, hi = sorted((result.v1, result.v2))
        made_by = [v for v in base.versions() if lo < v.number <= hi]
    with output_stream(output) as out:
        if fmt == "json":
            data = {**result.to_dict(), "versions": [asdict(v) for v in made_by]}
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        out.write(f"{shown(tb)}: version {result.v1} → {result.v2}\n")
        for v in made_by:
            out.write(f"v{v.number} {v.kind} by {v.author or '-'} {v.created}{'  ' + printable(v.note) if v.note else ''}\n")
        if result.is_empty():
            out.write("no changes\n")
        if result.added_concepts:
            out.write(f"new concepts: {', '.join(result.added_concepts)}\n")
        if result.removed_concepts:
            out.write(f"concepts gone: {', '.join(result.removed_concepts)}\n")
        for change in result.added:
            out.write(f"+ {change.concept_id} {change.lang} {change.text} [{change.new}]\n")
        for change in result.removed:
            out.write(f"- {change.concept_id} {change.lang} {change.text} [{change.old}]\n")
        for change in result.status_changed:
            out.write(f"~ {change.concept_id} {change.lang} {change.text}: {change.old} → {change.new}\n")
        for evidence in result.evidence_changed:
            out.write(f"e {evidence.concept_id} {evidence.zh} ↔ {evidence.en}: "
                      f"{_evidence(evidence.old)} → {_evidence(evidence.new)}\n")


@termbase.command("show")
@TERMBASE
@click.argument("target", metavar="CONCEPT-or-TERM")
@click.option("--version", "version", type=int, default=None,
              help="Show it as it stood at version N (default: the latest).")
@FORMAT
@OUTPUT
def show(tb: str, target: str, version: int | None, fmt: str, output: str | None) -> None:
    """Show one concept of TB: its terms in both languages with status and
    counts, and the evidence for each term pair with examples. A term (in either
    language) shows every concept that has it.

    \b
    Examples:
      termalign termbase show un-terms.db C000042
      termalign termbase show un-terms.db "Internet Governance Forum" --version 2
    """
    from termalign.glossary.termbase import Termbase, parse_concept_id
    from termalign.errors import UserError

    check_output(output, [tb])
    with Termbase.open(tb) as base:
        if parse_concept_id(target) is not None:
            found = [base.concept(target, version)]
        else:
            ids = dict.fromkeys(row.concept_id for lang in ("zh", "en") for row in base.find(target, lang, version))
            if not ids:
                search = f"termalign lookup {shlex.quote(target)} --fuzzy --termbase {shlex.quote(tb)}"
                raise UserError(f"no term {target!r} in {shown(tb)}; check the spelling, or search with `{search}`")
            found = [base.concept(cid, version) for cid in ids]
        at = version if version is not None else base.latest_version()
    with output_stream(output) as out:
        if fmt == "json":
            out.write(json.dumps({"version": at, "concepts": [c.to_dict() for c in found]},
                                 ensure_ascii=False, indent=2) + "\n")
            return
        for concept in found:
            out.write(_concept_text(concept, at))


NOTE = click.option("--note", default="", help="Why: kept with the new version.")
TARGET = click.argument("target", metavar="CONCEPT-or-TERM")


@termbase.command("approve")
@TERMBASE
@TARGET
@NOTE
@FORMAT
@USER
def approve(tb: str, target: str, note: str, fmt: str, user: str | None) -> None:
    """Mark terms as preferred in a new version of TB.

    CONCEPT-or-TERM is a concept id (all its terms) or a term in either language
    (that term; refused when several concepts have it: give the id then).
    Mining never changes the status of a term once a person has decided it.

    \b
    Examples:
      termalign termbase approve un-terms.db C000042
      termalign termbase approve un-terms.db 互联网治理论坛 --note "A/RES/79/194"
    """
    _decide(tb, target, "preferred", note, fmt, "approve", user)


@termbase.command("deprecate")
@TERMBASE
@TARGET
@NOTE
@FORMAT
@USER
def deprecate(tb: str, target: str, note: str, fmt: str, user: str | None) -> None:
    """Mark terms as deprecated in a new version of TB: they stay in the
    termbase, and lookups show them as "avoid".

    CONCEPT-or-TERM is a concept id (all its terms) or a term in either language
    (that term; refused when several concepts have it: give the id then).

    \b
    Examples:
      termalign termbase deprecate un-terms.db 因特网治理论坛 --note "2024 usage"
      termalign termbase deprecate un-terms.db C000042
    """
    _decide(tb, target, "deprecated", note, fmt, "deprecate", user)


@termbase.command("admit")
@TERMBASE
@TARGET
@NOTE
@FORMAT
@USER
def admit(tb: str, target: str, note: str, fmt: str, user: str | None) -> None:
    """Mark terms as admitted in a new version of TB: acceptable, though not
    the preferred form (a variant, an acronym).

    CONCEPT-or-TERM is a concept id (all its terms) or a term in either language
    (that term; refused when several concepts have it: give the id then).

    \b
    Examples:
      termalign termbase admit un-terms.db IGF --note "acronym in running text"
      termalign termbase admit un-terms.db C000042
    """
    _decide(tb, target, "admitted", note, fmt, "admit", user)


LANG = click.option("--lang", type=click.Choice(["auto", "zh", "en"]), default="auto", show_default=True,
                    help="Language of the term; auto: Chinese when it has Han characters.")


@termbase.command("edit")
@TERMBASE
@click.argument("concept", metavar="CONCEPT")
@click.argument("old", metavar="TERM")
@click.argument("new", metavar="NEW-TEXT")
@LANG
@NOTE
@FORMAT
@USER
def edit(tb: str, concept: str, old: str, new: str, lang: str, note: str, fmt: str, user: str | None) -> None:
    """Correct the text of a term of CONCEPT in a new version of TB.

    The corrected form keeps the term's status, type, counts and evidence;
    earlier versions still show the old form.

    \b
    Example:
      termalign termbase edit un-terms.db C000042 "the Internet Governance Forum" "Internet Governance Forum"
    """
    from termalign.glossary.normalize import script_lang
    from termalign.glossary.termbase import Termbase

    lang = script_lang(old) if lang == "auto" else lang
    with Termbase.open(tb, user=user, write=True) as base:
        version = base.edit_term(concept, lang, old, new, note=note)
        changes = base.diff(version.number - 1, version.number)
    _report(tb, version, changes, fmt, f"{old} → {new}")


@termbase.command("merge")
@TERMBASE
@click.argument("source", metavar="SOURCE-CONCEPT")
@click.argument("target", metavar="TARGET-CONCEPT")
@NOTE
@FORMAT
@USER
def merge(tb: str, source: str, target: str, note: str, fmt: str, user: str | None) -> None:
    """Merge SOURCE-CONCEPT into TARGET-CONCEPT in a new version of TB: its
    terms and evidence move over, and SOURCE is left empty (its id is never reused).

    \b
    Example:
      termalign termbase merge un-terms.db C000057 C000042 --note "same body, two spellings"
    """
    from termalign.glossary.termbase import Termbase

    with Termbase.open(tb, user=user, write=True) as base:
        version = base.merge_concepts(source, target, note=note)
        changes = base.diff(version.number - 1, version.number)
    _report(tb, version, changes, fmt, f"{_canonical(source)} merged into {_canonical(target)}")


@termbase.command("split")
@TERMBASE
@click.argument("concept", metavar="CONCEPT")
@click.argument("term", metavar="TERM")
@LANG
@NOTE
@FORMAT
@USER
def split(tb: str, concept: str, term: str, lang: str, note: str, fmt: str, user: str | None) -> None:
    """Split TERM off CONCEPT into a new concept, in a new version of TB.

    The term's evidence pairs go with it, and so does a copy of the term each
    pair links it to, so the new concept keeps its translation.

    \b
    Example:
      termalign termbase split un-terms.db C000042 developing --note "another sense"
    """
    from termalign.glossary.normalize import script_lang
    from termalign.glossary.termbase import Termbase

    lang = script_lang(term) if lang == "auto" else lang
    with Termbase.open(tb, user=user, write=True) as base:
        version, new_id = base.split_term(concept, lang, term, note=note)
        changes = base.diff(version.number - 1, version.number)
    _report(tb, version, changes, fmt, f"{term} split off {_canonical(concept)} into {new_id}", new_id)


def _canonical(text: str) -> str:
    """'c42' -> 'C000042' (called once the termbase has accepted TEXT as a concept id)."""
    from termalign.glossary.termbase import concept_id, parse_concept_id

    num = parse_concept_id(text)
    return text if num is None else concept_id(num)


def _report(tb: str, version, changes, fmt: str, what: str, new_id: str | None = None) -> None:
    if fmt == "json":
        payload = {"version": asdict(version), "diff": changes.to_dict()}
        if new_id:
            payload["concept"] = new_id
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(f"{shown(tb)}: version {version.number} ({version.kind}): {what}")
    for change in changes.added:
        click.echo(f"+ {change.concept_id} {change.lang} {change.text} [{change.new}]")
    for change in changes.removed:
        click.echo(f"- {change.concept_id} {change.lang} {change.text} [{change.old}]")
    for change in changes.status_changed:
        click.echo(f"~ {change.concept_id} {change.lang} {change.text}: {change.old} → {change.new}")


def _decide(tb: str, target: str, status: str, note: str, fmt: str, kind: str, user: str | None) -> None:
    from termalign.glossary.termbase import Termbase

    with Termbase.open(tb, user=user, write=True) as base:
        version = base.set_status(target, status, note=note, kind=kind)
        changes = base.diff(version.number - 1, version.number).status_changed
    if fmt == "json":
        click.echo(json.dumps({"version": asdict(version), "changed": [asdict(c) for c in changes]},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{shown(tb)}: version {version.number} ({kind}): {len(changes)} term(s) now {status}")
    for change in changes:
        click.echo(f"~ {change.concept_id} {change.lang} {change.text}: {change.old} → {change.new}")


def _summary(counts: dict) -> str:
    labels = (("concepts_added", "new concepts"), ("concepts_changed", "changed concepts"),
              ("terms_added", "new terms"), ("terms_changed", "changed terms"), ("terms_removed", "terms moved out"),
              ("statuses_changed", "status changes"),
              ("evidence_changed", "evidence changes"))
    parts = [f"{label} {counts[name]}" for name, label in labels if counts.get(name)]
    return ", ".join(parts) if parts else "no changes"


def _evidence(pair) -> str:
    if pair is None:
        return "none"
    return f"{pair.frequency} units/{pair.documents} docs"


def _width(text: str) -> int:
    """Columns TEXT takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _concept_text(concept, version: int) -> str:
    lines = [f"{concept.id} (version {version})"]
    if concept.kind == "phraseology":
        lines.append("  kind: UN phraseology (a clause starter or fixed formula, not a term)")
    if concept.note:
        lines.append(f"  note: {printable(concept.note)}")
    width = max(_width(t.text) for t in concept.terms)
    for term in sorted(concept.terms, key=lambda t: (t.lang != "zh", t.valid_from or 0)):
        avoid = " (avoid)" if term.status in ("deprecated", "superseded") else ""
        padding = " " * (width - _width(term.text))
        lines.append(f"  {term.lang}  {printable(term.text)}{padding}  {term.status}{avoid}  {term.term_type}  "
                     f"freq {term.frequency}  docs {term.documents}  since v{term.valid_from}"
                     + (f"  — {printable(term.note)}" if term.note else ""))
    for pair in concept.pairs:
        similarity = f", similarity {pair.similarity:.2f}" if pair.similarity is not None else ""
        association = f"G² {pair.association:.1f}, " if pair.kind == "term" else ""
        lines.append(f"  {pair.zh} ↔ {pair.en}: {pair.frequency} units in {pair.documents} documents, "
                     f"{association}consistency {pair.consistency:.2f}{similarity}")
        if pair.tier:
            lines.append(f"    tier {pair.assessment()}")
        for example in pair.examples:
            where = f"{example.doc} {example.zh_paragraph}" if example.zh_paragraph else example.doc
            lines.append(f"    {where}: {example.zh}")
            lines.append(f"    {' ' * len(where)}  {example.en}")
    return "\n".join(lines) + "\n"
