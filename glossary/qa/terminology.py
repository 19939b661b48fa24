"""Terminology against the termbase: approved renderings used, rejected ones not, one rendering per document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from termalign.glossary.qa.base import Context, Finding, Unit, check, finding, paragraph_labels
from termalign.glossary.qa.termfinder import APPROVED, REJECTED, TermMention, rendering_key


def _quote(texts) -> str:
    return ", ".join(f"“{t}”" for t in sorted(set(texts)))


@check("term-missing", severity="error", title="Approved term not used in the translation",
       needs_termbase=True)
def term_missing(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """A source term that has an approved (preferred or admitted) entry in the termbase occurs in
    the source, but none of the entry's approved target terms occurs in the translation (plural,
    case and hyphen variants are accepted)."""
    src, tgt = ctx.source_lang, ctx.target_lang
    if not unit.text(tgt).strip():
        return
    target_hits = ctx.term_hits(unit, tgt)
    reported: set[str] = set()
    for hit in ctx.term_hits(unit, src):
        concept = hit.entry.concept
        if hit.entry.status not in APPROVED or concept in reported:
            continue
        wanted = [e.text for e in ctx.term_finder().by_concept[concept] if e.lang == tgt and e.status in APPROVED]
        approved_used = any(h.entry.concept == concept and h.entry.status in APPROVED for h in target_hits)
        rejected_used = any(h.entry.concept == concept and h.entry.status in REJECTED for h in target_hits)
        if not wanted or approved_used or rejected_used:   # a rejected term is term-deprecated's finding
            continue
        reported.add(concept)
        other = [h for h in target_hits if h.entry.concept == concept]
        instead = f" (the translation has {_quote(unit.text(tgt)[h.start:h.end] for h in other)})" if other else ""
        yield finding("term-missing", unit,
                      f"“{unit.text(src)[hit.start:hit.end]}” is {_quote(wanted)} in the termbase ({concept}), "
                      f"not found in the translation{instead}: use the approved term.",
                      spans={src: [(hit.start, hit.end)],
                         tgt: [(h.start, h.end) for h in other]})


@check("term-deprecated", severity="error", title="Deprecated or superseded term in the translation",
       needs_termbase=True)
def term_deprecated(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """The translation uses a term that the termbase marks deprecated or superseded; the message
    names the approved term of the same concept."""
    tgt = ctx.target_lang
    text = unit.text(tgt)
    for hit in ctx.term_hits(unit, tgt):
        if hit.entry.status not in REJECTED:
            continue
        approved = [e.text for e in ctx.term_finder().by_concept[hit.entry.concept] if e.lang == tgt and e.status in APPROVED]
        advice = f"use {_quote(approved)} instead" if approved else "replace it"
        yield finding("term-deprecated", unit,
                      f"“{text[hit.start:hit.end]}” is {hit.entry.status} in the termbase ({hit.entry.concept}): "
                      f"{advice}.", spans={tgt: [(hit.start, hit.end)]})


@check("term-inconsistent", severity="warning", title="Same source term rendered two ways in one document",
       scope="document", needs_termbase=True)
def term_inconsistent(ctx: Context) -> Iterator[Finding]:
    """A source term with an approved termbase entry is rendered by two different target terms
    of that entry (approved or candidate) in one document. The less frequent rendering is flagged,
    with the other one and where it is used. Only units where the source term occurs with a single
    rendering are counted (with two, which one renders which is unknown); case, hyphen and plural
    variants of one target term are one rendering, and so is a short form inside it ("the Council"
    after "the Security Council", as UN style has it)."""
    src, tgt = ctx.source_lang, ctx.target_lang
    # (concept, source term) -> rendering key -> [(unit, hit)]
    renderings: dict[tuple[str, str], dict[str, list[tuple[Unit, TermMention]]]] = defaultdict(lambda: defaultdict(list))
    for unit in ctx.units:
        if not (unit.text(src).strip() and unit.text(tgt).strip()):
            continue
        source_terms: dict[str, set[str]] = defaultdict(set)
        for hit in ctx.term_hits(unit, src):
            if hit.entry.status in APPROVED:
                source_terms[hit.entry.concept].add(hit.entry.text)
        used: dict[str, dict[str, TermMention]] = defaultdict(dict)
        for hit in ctx.term_hits(unit, tgt):
            # a rejected term is term-deprecated's error, not a second rendering
            if hit.entry.concept in source_terms and hit.entry.status not in REJECTED:
                used[hit.entry.concept].setdefault(rendering_key(hit.entry), hit)
        for concept, texts in source_terms.items():
            if len(texts) == 1 and len(used[concept]) == 1:
                ((key, hit),) = used[concept].items()
                renderings[(concept, next(iter(texts)))][key].append((unit, hit))
    for (concept, source_term), by_key in renderings.items():
        by_key = _merge_short_forms(by_key)
        if len(by_key) < 2:
            continue
        main = max(by_key, key=lambda k: len(by_key[k]))
        main_text = by_key[main][0][1].entry.text
        where = sorted({p for unit, _ in by_key[main]
                        for p in paragraph_labels(unit.record, tgt)})
        place = f" in paragraph {', '.join(where)}" if where else " elsewhere"
        for key, uses in by_key.items():
            if key == main:
                continue
            for unit, hit in uses:
                yield finding("term-inconsistent", unit,
                              f"“{source_term}” is rendered “{unit.text(tgt)[hit.start:hit.end]}” here but "
                              f"“{main_text}”{place} ({concept}): use one rendering throughout the document.",
                              spans={tgt: [(hit.start, hit.end)]})


def _merge_short_forms(by_key: dict[str, list]) -> dict[str, list]:
    """Count a rendering that is part of a longer one (council ⊂ security council) as the longer one."""
    merged: dict[str, list] = {}
    for key in sorted(by_key, key=len, reverse=True):
        longer = next((k for k in merged if f" {key} " in f" {k} "), None)
        merged.setdefault(longer or key, []).extend(by_key[key])
    return merged
