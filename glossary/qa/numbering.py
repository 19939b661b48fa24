"""Operative numbering: "12." must stay "12.", "(a)" must stay "(a)"."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from termalign.align.anchors import leading_label, normalize_label
from termalign.glossary.qa.base import Context, Finding, check, finding

_PARAGRAPH_ID = regex.compile(r"^p\d+(?:\.s\d+)?$")


def _labels(paragraphs: list[str]) -> list[str]:
    """Paragraph numbers the reader found (ids such as "p12" are not numbers)."""
    return [p for p in paragraphs if p and not _PARAGRAPH_ID.match(p)]


@check("numbering", severity="error", title="Paragraph or sub-paragraph number differs", scope="document")
def numbering(ctx: Context) -> Iterator[Finding]:
    """The number that opens a numbered paragraph differs between source and translation
    ("12." against "13.", "(b)" against "(c)", "三." against "IV."), or is present on one side
    only: the paragraph was renumbered, merged or split. Each mismatch is reported once, on the
    first aligned unit of the paragraph."""
    reported: set[tuple] = set()
    for unit in ctx.units:
        r = unit.record
        if not (r.zh.strip() and r.en.strip()):
            continue
        zh_label, en_label = leading_label(r.zh, "zh"), leading_label(r.en, "en")
        if zh_label or en_label:
            # the label is still in the text (a bitext from elsewhere, or a reader that kept it)
            zh_values = [zh_label.value] if zh_label else []
            en_values = [en_label.value] if en_label else []
            spans = {"zh": [(zh_label.start, zh_label.end)] if zh_label else [],
                     "en": [(en_label.start, en_label.end)] if en_label else []}
        else:
            # the reader keeps paragraph numbers out of the text: compare the numbers it recorded
            zh_values, en_values = _labels(r.zh_paragraphs), _labels(r.en_paragraphs)
            spans = {}
        if [normalize_label(v) for v in zh_values] == [normalize_label(v) for v in en_values]:
            continue
        key = (tuple(r.zh_paragraphs), tuple(r.en_paragraphs), tuple(zh_values), tuple(en_values))
        if key in reported:
            continue
        reported.add(key)
        src, tgt = (zh_values, en_values) if ctx.source_lang == "zh" else (en_values, zh_values)
        yield finding("numbering", unit, f"The source has {_show(src)} and the translation {_show(tgt)}: "
                      "number the translation as the source is numbered.", spans=spans)


def _show(values: list[str]) -> str:
    if not values:
        return "no paragraph number"
    return "paragraph number " + ", ".join(f"“{v}”" for v in values)
