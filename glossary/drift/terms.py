"""What a series says about its terms: convention changes, mixed usage inside
one version, and the status updates a termbase should record.

Two wordings of one concept come either from the termbase (the terms of one
concept) or, without a termbase, from the substitutions found between
versions. Occurrences are counted longest form first, so a short form is not
counted again inside the long one (世界峰会 inside 信息社会世界峰会).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

import regex

from termalign.glossary.drift.correspondence import similarity
from termalign.glossary.drift.series import SeriesVersion
from termalign.glossary.drift.substitutions import FormPair, Substitution, form_pair
from termalign.glossary.normalize import term_key

if TYPE_CHECKING:
    from termalign.glossary.termbase import Termbase
    from termalign.glossary.termbase import Version as TermbaseVersion

# A bare Chinese replacement shorter than this (峰会, 会议) is too ambiguous to stand for a term.
MIN_ZH_WORD = 3
# English variants sharing no word must at least be spelled alike (telecommunication/communication).
MIN_EN_SIMILARITY = 0.6
# Term types meant to be used beside the full form in one text: not an inconsistency.
_COMPANION_TYPES = ("acronym", "abbreviation", "shortForm")
_APPROVED = ("preferred", "admitted")


@dataclass
class ConventionChange:
    """A wording abandoned for good in favour of another."""

    old: str
    new: str
    since: int                      # index of the first version that uses only the new wording
    source: str                     # "substitution" or "termbase"
    concept: str | None = None      # termbase concept id, when known
    forms: list[FormPair] = field(default_factory=list)   # every form pair that changed, the headline first


@dataclass
class Wording:
    text: str
    count: int
    where: list[str]                # paragraph labels


@dataclass
class Inconsistency:
    """One version writing one concept in more than one way."""

    version: int
    variants: list[list[Wording]]   # each: alternative wordings found together (old first)
    source: str                     # "substitution" or "termbase"
    concept: str | None = None


@dataclass
class Proposal:
    """A status a term should get in the termbase after a convention change."""

    concept: str
    lang: str
    term: str
    status: str                     # "superseded" or "preferred"
    current: str | None             # its status now (None: not yet in the concept)
    reason: str


@dataclass
class TermFindings:
    changes: list[ConventionChange] = field(default_factory=list)
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)   # changes a proposal could not be made for
    forms: list[FormPair] = field(default_factory=list)  # every form pair judged, for the timeline


def _contains(wide: FormPair, narrow: FormPair) -> bool:
    return wide is not narrow and narrow.old in wide.old and narrow.new in wide.new


def _shares_wording(a: str, b: str, lang: str) -> bool:
    """Variants of one term keep part of their wording (因特网/互联网, 首脑会议/峰会);
    two unrelated words swapped (发展/建设) are a change of meaning, not of convention."""
    if lang == "zh":
        return bool(set(regex.findall(r"\p{Han}|[A-Za-z]+", a)) & set(regex.findall(r"\p{Han}|[A-Za-z]+", b)))
    shared = set(regex.findall(r"\w{3,}", a.casefold())) & set(regex.findall(r"\w{3,}", b.casefold()))
    return bool(shared) or similarity(a.casefold(), b.casefold()) >= MIN_EN_SIMILARITY


def _recurs(form: FormPair, versions: list[SeriesVersion]) -> bool:
    """Whether each wording is used in two paragraphs of some version, as a term is
    (a phrase edited in one paragraph is not)."""
    return all(any(len(v.where(text, whole_words=True)) >= 2 for v in versions) for text in (form.old, form.new))


def considered_forms(sub: Substitution, versions: list[SeriesVersion]) -> list[FormPair]:
    """The forms of a substitution that speak for a term: the most used one, the widest
    in which a replacement was seen, and the bare replacement when it is a word of its own;
    each of them recurring."""
    lang = versions[0].lang
    *wide, core = [f for f in sub.forms if _recurs(f, versions) or f is sub.forms[-1]]
    # A wording only ever seen inside wider forms is no term of its own here.
    used_alone = all(any(c[side] for c in core.counts) for side in (0, 1))
    chosen = [wide[0]] if wide else []
    chosen += [f for f in wide if f.observed and f not in chosen
               and not any(_contains(w, f) and w.observed == f.observed for w in wide)]
    if (lang != "zh" or min(len(core.old), len(core.new)) >= MIN_ZH_WORD) and _recurs(core, versions) \
            and used_alone:
        chosen.append(core)
    return chosen


def _wording(version: SeriesVersion, text: str, count: int, whole_words: bool = True) -> Wording:
    return Wording(text, count, version.where(text, whole_words))


def from_substitutions(substitutions: list[Substitution], versions: list[SeriesVersion]) -> TermFindings:
    """Convention changes and mixed usage among the term forms of the substitutions found."""
    findings = TermFindings()
    lang = versions[0].lang
    for sub in substitutions:
        if not sub.term_like or not _shares_wording(sub.old, sub.new, lang):
            continue
        forms = considered_forms(sub, versions)
        findings.forms += forms
        changed = [f for f in forms if f.status == "changed" and f.changed_in is not None]
        if changed:
            head = changed[0]
            assert head.changed_in is not None
            findings.changes.append(ConventionChange(head.old, head.new, head.changed_in, "substitution",
                                                     forms=changed))
        for i, version in enumerate(versions):
            mixed = [f for f in forms if i in f.inconsistent_in]
            if mixed:
                findings.inconsistencies.append(Inconsistency(
                    i, [[_wording(version, f.old, f.counts[i][0]), _wording(version, f.new, f.counts[i][1])]
                        for f in mixed], "substitution"))
    return findings


def not_in(found: list[Inconsistency], known: list[Inconsistency]) -> list[Inconsistency]:
    """The inconsistencies of FOUND with the variants KNOWN already reports for their version."""
    covered = {(k.version, w.text) for k in known for variant in k.variants for w in variant}
    result = []
    for inc in found:
        variants = [v for v in inc.variants if not all((inc.version, w.text) in covered for w in v)]
        if variants:
            result.append(Inconsistency(inc.version, variants, inc.source, inc.concept))
    return result


def from_termbase(termbase: Termbase, versions: list[SeriesVersion]) -> TermFindings:
    """Convention changes and mixed usage among the terms of each termbase concept."""
    findings = TermFindings()
    lang = versions[0].lang
    concepts = termbase.concepts()
    # Longer approved names: a term inside one (互联网 in 互联网治理论坛) is not a use of the term.
    names = {t.text for c in concepts for t in c.terms_in(lang) if t.status in _APPROVED}
    for concept in concepts:
        terms = [t for t in concept.terms_in(lang) if t.term_type not in _COMPANION_TYPES]
        forms = list(dict.fromkeys(t.text for t in terms))
        if len(forms) < 2:
            continue
        shadows = [n for n in names if n not in forms and any(f in n for f in forms)]
        counts = [v.count(forms + shadows)[:len(forms)] for v in versions]
        for i, row in enumerate(counts):
            used = [k for k, c in enumerate(row) if c]
            if len(used) > 1:
                findings.inconsistencies.append(Inconsistency(
                    i, [[_wording(versions[i], forms[k], row[k], False) for k in used]], "termbase", concept.id))
        for a, b in combinations(range(len(forms)), 2):
            series = [(row[a], row[b]) for row in counts]
            if not any(x for x, _ in series) or not any(y for _, y in series):
                continue
            pair = form_pair(forms[a], forms[b], versions, Counter(), series)
            findings.forms.append(pair)
            if pair.status == "changed" and pair.changed_in is not None:
                findings.changes.append(ConventionChange(pair.old, pair.new, pair.changed_in, "termbase",
                                                         concept.id, [pair]))
    return findings


def propose(termbase: Termbase, changes: list[ConventionChange], versions: list[SeriesVersion]) -> tuple[list[Proposal], list[str]]:
    """Superseded / preferred statuses for the wordings of each change, and the changes left aside."""
    lang = versions[0].lang
    proposals: dict[tuple[str, str], Proposal] = {}
    conflicts = []
    for change in changes:
        concepts = ({change.concept} if change.concept else
                    {r.concept_id for r in termbase.find(change.old, lang) + termbase.find(change.new, lang)})
        if not concepts:
            continue
        if len(concepts) > 1:
            conflicts.append(f"{change.old} → {change.new}: the two wordings belong to different concepts "
                             f"({', '.join(sorted(concepts))}); merge them first")
            continue
        concept = concepts.pop()
        current = {term_key(t.text, lang): t.status for t in termbase.concept(concept).terms_in(lang)}
        why = f"from {versions[change.since].label} on, the series writes {change.new} instead of {change.old}"
        for text, status in ((change.old, "superseded"), (change.new, "preferred")):
            now = current.get(term_key(text, lang))
            if now != status:
                proposals[(concept, term_key(text, lang))] = Proposal(concept, lang, text, status, now, why)
    return list(proposals.values()), conflicts


def apply(termbase: Termbase, proposals: list[Proposal], versions: list[SeriesVersion]) -> TermbaseVersion | None:
    """Write the proposals as one new termbase version (kind "drift"); returns it, or None if none."""
    if not proposals:
        return None
    note = (f"drift over {len(versions)} versions ({versions[0].label} … {versions[-1].label}): "
            f"{len(proposals)} status updates")
    return termbase.apply_status_changes([(p.concept, p.lang, p.term, p.status) for p in proposals],
                                         note=note, kind="drift")
