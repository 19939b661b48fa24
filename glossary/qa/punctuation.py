"""Punctuation and form: the checks commercial QA tools run, tuned to Chinese ↔ English.

Only the translation is checked (the source is someone else's text), except
where the two sides are compared.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from termalign.glossary.qa.base import Context, Finding, Unit, check, finding

# Chinese punctuation that has no place in English text (quotes “” are English too).
_FULLWIDTH_IN_EN = regex.compile(r"[，。；：（）！？、【】《》〈〉「」『』\uFF01-\uFF5E]")
# ASCII punctuation written after a Chinese character, where Chinese uses full-width forms.
_HALFWIDTH_IN_ZH = regex.compile(r"(?<=\p{Han})[,;:?!](?!\d)")

_PAIRS = {"(": ")", "（": "）", "[": "]", "【": "】", "{": "}", "“": "”", "《": "》"}
_SAME = {"（": "(", "）": ")"}  # Chinese text mixes both widths; they must balance as one kind
_REPEATED = regex.compile(r"(?i)\b([a-z]+)\s+\1\b")
_REPEAT_OK = {"that", "had", "is"}   # "that that", "had had" are grammatical
_DOUBLE_SPACE = regex.compile(r"(?<=\S) {2,}(?=\S)")
_END_CLASS = {"；": "semicolon", ";": "semicolon", "，": "comma", ",": "comma", "。": "full stop",
              ".": "full stop", "！": "full stop", "!": "full stop", "？": "full stop", "?": "full stop",
              "：": "colon", ":": "colon"}
_TRAILING = " \t\n\"'”’)）]】»"


@check("punct-width", severity="warning", title="Full-width punctuation in English (or half-width in Chinese)")
def punct_width(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """Chinese full-width punctuation (，。；：（）) typed into an English translation, or ASCII
    punctuation (, ; :) after Chinese characters in a Chinese translation."""
    tgt = ctx.target_lang
    text = unit.text(tgt)
    pattern, what = ((_FULLWIDTH_IN_EN, "full-width (Chinese) punctuation in English text") if tgt == "en"
                     else (_HALFWIDTH_IN_ZH, "half-width punctuation in Chinese text"))
    spans = [m.span() for m in pattern.finditer(text)]
    if spans:
        shown = " ".join(sorted({text[a:b] for a, b in spans}))
        yield finding("punct-width", unit, f"The translation has {what} ({shown}): replace it with the "
                      f"{'English' if tgt == 'en' else 'Chinese'} form.", spans={tgt: spans})


def unbalanced(text: str) -> list[tuple[int, int]]:
    """Positions of brackets and quotes that have no partner, and of an odd straight double quote."""
    closers = {v: k for k, v in _PAIRS.items()}
    stack: list[tuple[str, int]] = []
    lonely: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        ch = _SAME.get(ch, ch)
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in closers:
            if stack and stack[-1][0] == closers[ch]:
                stack.pop()
            else:
                lonely.append((i, i + 1))
    lonely.extend((i, i + 1) for _, i in stack)
    quotes = [i for i, ch in enumerate(text) if ch == '"']
    if len(quotes) % 2:
        lonely.append((quotes[-1], quotes[-1] + 1))
    return sorted(lonely)


@check("brackets", severity="warning", title="Unbalanced brackets or quotation marks")
def brackets(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """A bracket or quotation mark in the translation that is never closed (or never opened),
    where the source is balanced."""
    src, tgt = ctx.source_lang, ctx.target_lang
    spans = unbalanced(unit.text(tgt))
    if spans and not unbalanced(unit.text(src)):
        yield finding("brackets", unit, "The translation has an unbalanced bracket or quotation mark "
                      f"({' '.join(unit.text(tgt)[a:b] for a, b in spans)}): close or remove it.",
                      spans={tgt: spans})


@check("double-space", severity="info", title="Double space")
def double_space(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """Two or more spaces between words in an English translation."""
    if ctx.target_lang != "en":
        return
    spans = [m.span() for m in _DOUBLE_SPACE.finditer(unit.text("en"))]
    if spans:
        yield finding("double-space", unit, "The translation has a double space: use one space.", spans={"en": spans})


@check("repeated-word", severity="warning", title="Word repeated (“the the”)")
def repeated_word(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """The same word twice in a row in an English translation (“the the”), a common typing slip."""
    if ctx.target_lang != "en":
        return
    text = unit.text("en")
    spans = [m.span() for m in _REPEATED.finditer(text) if m.group(1).lower() not in _REPEAT_OK]
    if spans:
        yield finding("repeated-word", unit, "The translation repeats a word ("
                      + ", ".join(f"“{text[a:b]}”" for a, b in spans) + "): delete one.", spans={"en": spans})


def end_class(text: str) -> tuple[str | None, int]:
    """The class of the punctuation that ends TEXT, and its position (-1 when there is none)."""
    stripped = text.rstrip(_TRAILING)
    if stripped and stripped[-1] in _END_CLASS:
        return _END_CLASS[stripped[-1]], len(stripped) - 1
    return None, -1


@check("end-punct", severity="warning", title="End punctuation differs (；↔ ; ，↔ ,)")
def end_punct(unit: Unit, ctx: Context) -> Iterator[Finding]:
    """A paragraph that ends with a semicolon (operative paragraph) or a comma (preambular
    paragraph) on one side but not on the other."""
    r = unit.record
    if not (r.zh.strip() and r.en.strip()):
        return
    (zh_class, zh_at), (en_class, en_at) = end_class(r.zh), end_class(r.en)
    if zh_class == en_class or not ({zh_class, en_class} & {"semicolon", "comma"}):
        return
    src_class, tgt_class = (zh_class, en_class) if ctx.source_lang == "zh" else (en_class, zh_class)
    yield finding("end-punct", unit, f"The source ends with {_describe(src_class)} but the translation "
                  f"with {_describe(tgt_class)}: end it as the source does.",
                  spans={"zh": [(zh_at, zh_at + 1)] if zh_at >= 0 else [],
                         "en": [(en_at, en_at + 1)] if en_at >= 0 else []})


def _describe(end: str | None) -> str:
    return f"a {end}" if end else "no punctuation"
