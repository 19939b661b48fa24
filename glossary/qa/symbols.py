"""Document symbols and resolution numbers must reappear exactly.

A/RES/74/197, A/74/62-E/2019/6, E/CN.16/2018/CRP.3 are written identically
in both languages; 第 70/125 号决议 ↔ resolution 70/125 compare by number.
Each distinct symbol must appear on the other side of the same paragraph at
least once (a second mention is often rendered "the resolution").
"""

from __future__ import annotations

from collections.abc import Iterator

from termalign.glossary.qa.base import Context, Finding, Unit, check, finding


def _label(value: str) -> str:
    return f"resolution {value[4:]}" if value.startswith("res:") else value


@check("symbols", severity="error", title="Document symbol or resolution number differs")
def symbols(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """A document symbol (A/RES/74/197) or resolution number (第 70/125 号决议 ↔ resolution 70/125)
    of the source is missing from the translation or written differently, or the translation
    cites one the source does not."""
    src, tgt = ctx.source_lang, ctx.target_lang
    if not (unit.text(src).strip() and unit.text(tgt).strip()):
        return
    mine, theirs = unit.anchors[src].of_kind("symbol"), unit.anchors[tgt].of_kind("symbol")
    # a symbol cited in the neighbouring sentence of the same paragraph on the other side still counts
    mine_values = {a.value for a in ctx.group_anchors(unit, src, "symbol")}
    their_values = {a.value for a in ctx.group_anchors(unit, tgt, "symbol")}
    lost = [a for a in mine if a.value not in their_values]
    added = [a for a in theirs if a.value not in mine_values]
    if not lost and not added:
        return
    parts = []
    if lost:
        parts.append("the source cites " + ", ".join(sorted({_label(a.value) for a in lost}))
                     + ", not found in the translation")
    if added:
        parts.append("the translation cites " + ", ".join(sorted({_label(a.value) for a in added}))
                     + ", not found in the source")
    what = "; ".join(parts)
    yield finding("symbols", unit, f"{what[0].upper()}{what[1:]}: copy the symbol exactly from the source.",
                  spans={src: [(a.start, a.end) for a in lost],
                     tgt: [(a.start, a.end) for a in added]})
