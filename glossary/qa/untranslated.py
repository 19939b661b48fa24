"""Untranslated text: Chinese left in an English translation, or the source copied unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from termalign.glossary.qa.base import Context, Finding, Unit, check, finding

_HAN_RUN = regex.compile(r"\p{Han}[\p{Han}\p{Block=CJK_Symbols_and_Punctuation}\p{Pd}\d]*")
# Four or more English words in a row inside a Chinese translation: a sentence left in English.
# (Names, titles and acronyms are short; UN Chinese keeps them in Latin script.)
_LATIN_RUN = regex.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){3,}")


@check("untranslated", severity="error", title="Untranslated text in the translation")
def untranslated(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """Chinese characters left in an English translation (or a run of English words left in a
    Chinese one), or a translation that is the source copied unchanged."""
    src, tgt = ctx.source_lang, ctx.target_lang
    source, target = unit.text(src), unit.text(tgt)
    if not target.strip():
        return
    # Chinese documents keep some lines in Latin script (names, "Distr.: General", dates):
    # a copy is only untranslated when the source is written in its own language.
    written_in_source_language = (_HAN_RUN.search(source) if src == "zh" else _LATIN_RUN.search(source))
    if source.strip() == target.strip() and written_in_source_language:
        yield finding("untranslated", unit, "The translation is the source copied unchanged: translate it.",
                      spans={tgt: [(0, len(target))]})
        return
    if tgt == "en":
        runs = [m.span() for m in _HAN_RUN.finditer(target)]
        what = "Chinese characters"
    else:
        runs = [m.span() for m in _LATIN_RUN.finditer(target) if target[m.start():m.end()] in source]
        what = "English text copied from the source"
    if runs:
        shown = ", ".join(f"“{target[a:b]}”" for a, b in runs[:3])
        yield finding("untranslated", unit, f"The translation still contains {what}: {shown} — translate it.",
                      spans={tgt: runs})
