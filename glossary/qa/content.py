"""Missing and extra content, and beads whose alignment score is abnormally low."""

from __future__ import annotations

import statistics
from collections.abc import Iterator

from termalign.glossary.qa.base import Context, Finding, Unit, check, finding

# A robust z-score below this is "abnormally low for this document" (Iglewicz & Hoaglin's 3.5 cut-off).
LOW_SCORE_Z = -3.5
# Below this many scored beads the spread of scores says nothing.
MIN_BEADS_FOR_STATS = 8


def _whole(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))] if text else []


def _furniture(unit: Unit) -> bool:
    """Masthead, job-number and page lines (kind "meta"): a draft usually leaves them out."""
    return unit.record.kind == "meta"


FURNITURE_NOTE = (" It is a title-block or page line (masthead, job number, page number), which drafts "
                  "often leave out: check only that it is not a real omission.")


@check("missing", severity="error", title="Source text with no translation (1-0 bead)")
def missing(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """A source paragraph or sentence that the aligner could pair with nothing in the translation:
    it was probably left out. Translate it, or check that the alignment is right. Title-block and
    page lines are reported as info only."""
    src, tgt = ctx.source_lang, ctx.target_lang
    if unit.text(src).strip() and not unit.text(tgt).strip():
        furniture = _furniture(unit)
        yield finding("missing", unit, f"This {ctx.side(src)} text has no counterpart in the translation: "
                      "translate it, or check that it was not merged into a neighbouring paragraph."
                      + (FURNITURE_NOTE if furniture else ""),
                      severity="info" if furniture else None,
                      spans={src: _whole(unit.text(src))})


@check("extra", severity="warning", title="Translation text with no source (0-1 bead)")
def extra(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """Text in the translation that corresponds to nothing in the source: an addition, a duplicated
    passage, or text from another document."""
    src, tgt = ctx.source_lang, ctx.target_lang
    if unit.text(tgt).strip() and not unit.text(src).strip():
        furniture = _furniture(unit)
        yield finding("extra", unit, "This translated text has no counterpart in the source: remove it "
                      "if it was added or duplicated by mistake." + (FURNITURE_NOTE if furniture else ""),
                      severity="info" if furniture else None,
                      spans={tgt: _whole(unit.text(tgt))})


@check("low-score", severity="warning", title="Alignment score abnormally low for the document",
       scope="document")
def low_score(ctx: Context) -> Iterator[Finding]:
    """A 1-1 or many-to-one bead whose alignment score is far below the document's usual score
    (robust z-score under -3.5), or that the aligner marked low-confidence: often a mistranslation,
    a wrong paragraph, or a passage translated only in part."""
    scored = [u for u in ctx.units if u.record.zh.strip() and u.record.en.strip()]
    scores = [u.record.score for u in scored]
    median = statistics.median(scores) if scores else 0.0
    mad = statistics.median(abs(s - median) for s in scores) if scores else 0.0
    usable = len(scores) >= MIN_BEADS_FOR_STATS and mad > 0
    for unit in scored:
        z = 0.6745 * (unit.record.score - median) / mad if usable else 0.0
        if z < LOW_SCORE_Z or unit.record.low_confidence:
            why = (f"score {unit.record.score:.2f} against a document median of {median:.2f}"
                   if usable else "the aligner marked this bead low-confidence")
            yield finding("low-score", unit, f"The two sides match poorly ({why}): check that the "
                          "translation says what the source says and belongs to this paragraph.",
                          spans={"zh": _whole(unit.record.zh), "en": _whole(unit.record.en)})
