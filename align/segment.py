"""Split paragraphs into sentences, the units the sentence aligner pairs.

Chinese sentences end at 。！？; English ones at . ! ? unless the full stop
belongs to an abbreviation (Mr., No., para., i.e., e.g., U.S., et al.). In
both languages a semicolon outside brackets and quotes also ends a sentence:
UN paragraphs close each item of a clause list with ；/; ("(a) …；(b) …；"),
and cutting both languages at the same places keeps the beads one-to-one.
Closing quotes and brackets stay with the sentence they close. Preambular
paragraphs, which end with ，/, are one sentence.
"""

from __future__ import annotations

import re

from termalign.align.document import Paragraph, Sentence

_OPENERS = "“‘（(《〈「『【["
_CLOSERS = "”’）)》〉」』】]"
_ZH_ENDS = "。！？!?"
_EN_ENDS = ".!?"
_SEMICOLONS = "；;"
# Lower-cased words that end with a full stop without ending a sentence.
_ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "h.e.", "st.", "no.", "nos.", "para.", "paras.", "art.", "arts.",
    "vol.", "vols.", "chap.", "sect.", "p.", "pp.", "fig.", "e.g.", "i.e.", "cf.", "viz.", "etc.", "al.",
    "approx.", "inc.", "ltd.", "co.", "corp.", "rev.", "add.", "corr.", "suppl.", "amend.", "u.s.", "u.k.",
    "u.n.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
}
_INITIALS = re.compile(r"^(?:[A-Za-z]\.){2,}$")   # "U.S.", "i.e."; a lone "I." may end "annex I."


def split_sentences(text: str, lang: str) -> list[str]:
    """TEXT cut into sentences, each stripped; LANG is 'zh' or 'en'."""
    sentences: list[str] = []
    depth = 0
    start = i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        ends = _ZH_ENDS if lang == "zh" else _EN_ENDS
        if ch in ends or ch in _SEMICOLONS:
            end = i + 1
            while end < n and (text[end] in ends or text[end] in _CLOSERS or text[end] in "\"'"):
                if text[end] in _CLOSERS:
                    depth = max(0, depth - 1)
                end += 1
            if depth == 0 and (lang == "zh" or ch in _SEMICOLONS or _ends_english_sentence(text, i, end)):
                piece = text[start:end].strip()
                if piece:
                    sentences.append(piece)
                start = end
            i = end
            continue
        i += 1
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _ends_english_sentence(text: str, stop: int, end: int) -> bool:
    """Whether the mark at STOP (closers running to END) ends an English sentence."""
    rest = text[end:]
    if rest and not rest[0].isspace():
        return False                       # "70/1.5", "A/C.2/59/3", "U.S.-based"
    following = rest.lstrip()
    if not following:
        return True
    if text[stop] != ".":
        return following[0].isupper() or following[0] in _OPENERS or following[0] == '"'
    word = text[:stop + 1].split()[-1].lstrip(_OPENERS + "\"'").lower() if text[:stop + 1].split() else ""
    if word in _ABBREVIATIONS or _INITIALS.match(word):
        return False
    return following[0].isupper() or following[0].isdigit() or following[0] in _OPENERS or following[0] == '"'


def sentences(paragraph: Paragraph) -> list[Sentence]:
    """The sentences of PARAGRAPH, with ids '<paragraph id>.s<n>' counted from 1."""
    return [Sentence(id=f"{paragraph.id}.s{n}", paragraph=paragraph.id, text=text)
            for n, text in enumerate(split_sentences(paragraph.text, paragraph.lang), start=1)]
