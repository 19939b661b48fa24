"""Dates: 2019年12月19日 ↔ 19 December 2019, compared as dates, not as strings.

A range is compared by its two ends (2014年12月8日至9日 ↔ on 8 and 9 December
2014), and a year or month stated on one side and left implicit on the other
is not an error (2014年8月13日 ↔ on 13 August, when the year is clear from
context); a different day, month or year is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from termalign.align.anchors import Anchor
from termalign.glossary.qa.base import Context, Finding, Unit, check, finding


class Day(NamedTuple):
    year: int | None
    month: int
    day: int | None


def endpoints(value: str) -> list[Day]:
    """The dates a normalised date value names: "2018-12-10/2018-12-14" → its two ends."""
    days = []
    for part in value.split("/"):
        fields = part.lstrip("-").split("-")
        if part.startswith("--"):
            year, rest = None, fields
        else:
            year, rest = int(fields[0]), fields[1:]
        days.append(Day(year, int(rest[0]), int(rest[1]) if len(rest) > 1 else None))
    return days


def covers(theirs: Day, mine: Day) -> bool:
    """Whether THEIRS can be the same date as MINE: every field MINE states agrees, save a year left out."""
    return (mine.month == theirs.month
            and (mine.year is None or theirs.year is None or mine.year == theirs.year)
            and (mine.day is None or mine.day == theirs.day))


def unmatched_dates(mine: list[Anchor], theirs: list[Anchor]) -> list[Anchor]:
    their_days = [d for a in theirs for d in endpoints(a.value)]
    return [a for a in mine if not a.weak
            and not all(any(covers(t, d) for t in their_days) for d in endpoints(a.value))]


@check("dates", severity="error", title="Dates differ between source and translation")
def dates(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """A date or date range of the source has no matching date in the translation, or the
    translation has one the source lacks (a wrong day, month or year, or a dropped date)."""
    src, tgt = ctx.source_lang, ctx.target_lang
    if not (unit.text(src).strip() and unit.text(tgt).strip()):
        return
    mine, theirs = unit.anchors[src].of_kind("date"), unit.anchors[tgt].of_kind("date")
    lost, added = unmatched_dates(mine, theirs), unmatched_dates(theirs, mine)
    if (lost or added) and len(ctx.paragraph_group(unit)) > 1:
        # the date may be in the neighbouring sentence on the other side: judge the paragraph
        g_src, g_tgt = ctx.group_anchors(unit, src, "date"), ctx.group_anchors(unit, tgt, "date")
        g_lost = {a.value for a in unmatched_dates(g_src, g_tgt)}
        g_added = {a.value for a in unmatched_dates(g_tgt, g_src)}
        lost, added = [a for a in lost if a.value in g_lost], [a for a in added if a.value in g_added]
    if not lost and not added:
        return
    parts = []
    if lost:
        parts.append("the source date " + ", ".join(f"“{unit.text(src)[a.start:a.end]}” ({a.value})" for a in lost)
                     + " is not in the translation")
    if added:
        parts.append("the translation date " + ", ".join(f"“{unit.text(tgt)[a.start:a.end]}” ({a.value})"
                                                         for a in added) + " is not in the source")
    what = "; ".join(parts)
    yield finding("dates", unit, f"{what[0].upper()}{what[1:]}: correct the date.",
                  spans={src: [(a.start, a.end) for a in lost],
                     tgt: [(a.start, a.end) for a in added]})
