"""Run the registered checks over aligned records, document by document."""

from __future__ import annotations

from collections.abc import Iterable

from termalign.align.document import LANGS
from termalign.align.bitext import BeadRecord
from termalign.glossary.qa import checks  # noqa: F401  (importing the check modules registers them)
from termalign.glossary.qa.base import REGISTRY, SEVERITIES, Check, Context, Finding, Unit
from termalign.glossary.qa.termfinder import TermFinder
from termalign.errors import SettingError


def select_checks(ids: Iterable[str] | None, with_termbase: bool) -> list[Check]:
    """The checks to run: IDS in registry order (all when None); termbase checks only with a termbase."""
    if ids is None:
        return [c for c in REGISTRY.values() if with_termbase or not c.needs_termbase]
    wanted = [i.strip() for i in ids if i.strip()]
    unknown = [i for i in wanted if i not in REGISTRY]
    if unknown:
        raise SettingError("checks", f"unknown check {', '.join(unknown)}")
    chosen = [c for c in REGISTRY.values() if c.id in wanted]
    needing = [c.id for c in chosen if c.needs_termbase]
    if needing and not with_termbase:
        raise SettingError("termbase", f"check {', '.join(needing)} needs a termbase")
    return chosen


def run_checks(records: list[BeadRecord], termbase=None, checks: list[str] | None = None,
               source_lang: str = "zh") -> list[Finding]:
    """Findings for RECORDS (one or more documents, in order), in document and reading order.

    TERMBASE is an open `glossary.termbase.Termbase` (or None: terminology checks are skipped);
    CHECKS a list of check ids (None: every check that can run); SOURCE_LANG "zh" or "en".
    """
    if source_lang not in LANGS:
        raise SettingError("source language", f"source language must be zh or en, not {source_lang!r}")
    selected = select_checks(checks, termbase is not None)
    terms = TermFinder.from_termbase(termbase) if termbase is not None and any(
        c.needs_termbase for c in selected) else None
    order = {c.id: n for n, c in enumerate(selected)}
    findings: list[Finding] = []
    for doc, units in _documents(records):
        ctx = Context(doc=doc, units=units, source_lang=source_lang, terms=terms)
        found = [f for c in selected for f in c.run(ctx)]
        found.sort(key=lambda f: (f.position, order[f.check]))
        findings.extend(found)
    return findings


def _documents(records: list[BeadRecord]) -> list[tuple[str, list[Unit]]]:
    docs: dict[str, list[Unit]] = {}
    for record in records:
        units = docs.setdefault(record.doc, [])
        units.append(Unit(len(units), record))
    return list(docs.items())


def counts(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """{check id: {severity: count}} for the summary table."""
    table: dict[str, dict[str, int]] = {}
    for f in findings:
        table.setdefault(f.check, dict.fromkeys(SEVERITIES, 0))[f.severity] += 1
    return table
