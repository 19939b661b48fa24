"""Numbers: every figure of the source must reappear in the translation, and no other.

Numbers are compared after normalisation by `align.anchors` (第七十四届 ↔ 74th,
百分之十七 ↔ 17 per cent, 350万 ↔ 3.5 million, 下午3时 ↔ 3 p.m.), as a multiset
whose order does not matter. A small count spelled out in words ("eight
sectors", 五场) is weak: it confirms a match but its absence is not reported,
because UN English spells out one to nine where Chinese writes digits and
either side may leave such a count implicit.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator

import regex

from termalign.align.anchors import Anchor
from termalign.glossary.qa.base import Context, Finding, Unit, check, finding

_YEAR = regex.compile(r"(?:1[89]|20)\d\d")


def unmatched(mine: list[Anchor], theirs: list[Anchor], their_years: set[str]) -> tuple[list[Anchor], list[Anchor]]:
    """Strong anchors of MINE with no counterpart in THEIRS: (absent altogether, present fewer times).

    A year on one side is also matched by a date of that year on the other
    ("in 2015" ↔ 2015年1月).
    """
    available = collections.Counter(a.value for a in theirs)
    absent: list[Anchor] = []
    fewer: list[Anchor] = []
    for anchor in sorted(mine, key=lambda a: a.weak):          # strong ones claim matches first
        if available[anchor.value] > 0:
            available[anchor.value] -= 1
        elif anchor.weak or (_YEAR.fullmatch(anchor.value) and anchor.value in their_years):
            continue
        elif any(a.value == anchor.value for a in theirs):
            fewer.append(anchor)
        else:
            absent.append(anchor)
    return absent, fewer


def date_years(units: list[Unit], lang: str) -> set[str]:
    return {part[:4] for u in units for a in u.anchors[lang].of_kind("date") for part in a.value.split("/")
            if not part.startswith("--")}


def _still(found: list[Anchor], in_group: list[Anchor]) -> list[Anchor]:
    """The anchors of FOUND whose value is also unmatched over the whole paragraph group."""
    values = {a.value for a in in_group}
    return [a for a in found if a.value in values]


def _show(anchors: list[Anchor], text: str) -> str:
    return ", ".join(f"“{text[a.start:a.end].strip()}”" for a in anchors)


@check("numbers", severity="error", title="Numbers differ between source and translation")
def numbers(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """A figure, percentage, ordinal or clock time of the source is missing from the translation
    (or the translation has one the source lacks). Absent figures are errors; a figure present on
    both sides but a different number of times is a warning."""
    src, tgt = ctx.source_lang, ctx.target_lang
    if not (unit.text(src).strip() and unit.text(tgt).strip()):
        return
    mine = unit.anchors[src].of_kind("number")
    theirs = unit.anchors[tgt].of_kind("number")
    if not mine and not theirs:
        return
    lost, lost_repeat = unmatched(mine, theirs, date_years([unit], tgt))
    added, added_repeat = unmatched(theirs, mine, date_years([unit], src))
    group = ctx.paragraph_group(unit)
    if (lost or lost_repeat or added or added_repeat) and len(group) > 1:
        # A figure may sit in the neighbouring sentence on the other side when the sentences were
        # split or aligned differently: what counts is that the paragraph keeps it.
        g_src, g_tgt = ctx.group_anchors(unit, src, "number"), ctx.group_anchors(unit, tgt, "number")
        g_lost, g_lost_repeat = unmatched(g_src, g_tgt, date_years(group, tgt))
        g_added, g_added_repeat = unmatched(g_tgt, g_src, date_years(group, src))
        lost, lost_repeat = _still(lost, g_lost), _still(lost_repeat, g_lost_repeat)
        added, added_repeat = _still(added, g_added), _still(added_repeat, g_added_repeat)
    if lost or added:
        parts = []
        if lost:
            parts.append(f"the source has {_show(lost, unit.text(src))}, not found in the translation")
        if added:
            parts.append(f"the translation has {_show(added, unit.text(tgt))}, not found in the source")
        what = "; ".join(parts)
        yield finding("numbers", unit, f"{what[0].upper()}{what[1:]}: check each figure against the source.",
                      spans={src: [(a.start, a.end) for a in lost],
                         tgt: [(a.start, a.end) for a in added]})
    if lost_repeat or added_repeat:
        values = sorted({a.value for a in lost_repeat + added_repeat})
        yield finding("numbers", unit, f"{', '.join(values)} occurs a different number of times in the source "
                      "and the translation: check for a dropped or doubled figure.", severity="warning",
                      spans={src: [(a.start, a.end) for a in mine if a.value in values],
                         tgt: [(a.start, a.end) for a in theirs if a.value in values]})
