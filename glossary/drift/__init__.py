"""The series drift report: how a recurring document and its terminology changed.

    from termalign.glossary.drift import analyse
    report = analyse(documents, encoder, termbase=tb, update_termbase=False)

`analyse` orders the documents by date (`series`), aligns each version with
the next (`correspondence`), collects term substitutions and updated
references over the series (`substitutions`), finds convention changes and
mixed usage, and proposes termbase statuses (`terms`). `report` turns the
result into JSON and self-contained HTML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from termalign.align.document import Document
from termalign.glossary.drift import terms
from termalign.glossary.drift.correspondence import ParagraphChange, correspond
from termalign.glossary.drift.series import SeriesVersion, build_series
from termalign.glossary.drift.substitutions import SeriesSubstitutions, collect
from termalign import progress

if TYPE_CHECKING:
    from termalign.glossary.termbase import Termbase
    from termalign.models.base import Encoder


@dataclass
class Comparison:
    """Two consecutive versions and what became of each paragraph."""

    old: SeriesVersion
    new: SeriesVersion
    changes: list[ParagraphChange]

    def counts(self) -> Counter:
        return Counter(c.status for c in self.changes)

    def renumbered(self) -> int:
        return sum(1 for c in self.changes if c.renumbered)


@dataclass
class SeriesReport:
    versions: list[SeriesVersion]
    comparisons: list[Comparison]
    substitutions: SeriesSubstitutions
    findings: terms.TermFindings
    termbase_version: int | None = None     # the version written by update_termbase
    used_termbase: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.versions[0].lang


def analyse(documents: list[Document], encoder: Encoder, termbase: Termbase | None = None,
            update_termbase: bool = False) -> SeriesReport:
    """Compare a series of documents in one language; see the module docstring.

    With UPDATE_TERMBASE, the proposed statuses are written to TERMBASE as one new version.
    """
    versions = build_series(documents)
    notes = [f"{v.label}: no adoption date in the text; placed by its session year ({v.date})"
             for v in versions if len(v.date) < len("2019-12-19")]
    texts = list(dict.fromkeys(v.texts[p.id] for v in versions for p in v.paragraphs))
    vectors = dict(zip(texts, encoder.encode(texts)))

    def stack(version: SeriesVersion):
        import numpy as np

        return np.vstack([vectors[version.texts[p.id]] for p in version.paragraphs])

    comparisons = []
    for old, new in progress.track(list(zip(versions, versions[1:])), desc="comparing versions", unit="pair"):
        comparisons.append(Comparison(old, new, correspond(old, new, stack(old), stack(new))))
    substitutions = collect([c.changes for c in comparisons], versions)
    findings = terms.from_substitutions(substitutions.substitutions, versions)
    report = SeriesReport(versions, comparisons, substitutions, findings, used_termbase=termbase is not None,
                          notes=notes)
    if termbase is not None:
        known = terms.from_termbase(termbase, versions)
        findings.forms = known.forms + findings.forms
        findings.inconsistencies = known.inconsistencies + terms.not_in(findings.inconsistencies,
                                                                        known.inconsistencies)
        findings.changes = known.changes + [c for c in findings.changes
                                            if (c.old, c.new) not in {(k.old, k.new) for k in known.changes}]
        findings.proposals, findings.conflicts = terms.propose(termbase, findings.changes, versions)
        if update_termbase:
            written = terms.apply(termbase, findings.proposals, versions)
            report.termbase_version = written.number if written else None
    return report
