"""Split paragraphs into sentences, the units the sentence aligner pairs.

Chinese sentences end at 。！？; English ones at . ! ? unless the full stop
belongs to an abbreviation (Mr., No., para., i.e., e.g., U.S., et al.). In
both languages a semicolon outside brackets and quotes also ends a sentence:
UN paragraphs close each item of a clause list with ；/; ("(a) …；(b) …；"),
and cutting both languages at the same places keeps the beads one-to-one.
Closing quotes and brackets stay with the sentence they close. Preambular
paragraphs, which end with ，/, are one sentence.

No segment is longer than MAX_SEGMENT_CHARS: a longer "sentence" (a page of
text without a full stop, a table flattened into one line) is cut into pieces
at a comma, else at a space, else at the limit (`bound`), so the encoder and
the aligner never see an unbounded segment. A real UN sentence seldom comes
near the limit; both languages are cut by the same rule.
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
_NON_SPACE = re.compile(r"\S")

# The longest segment, in characters. The default encoder reads about 512
# tokens of a text: about 500 Chinese characters or 2,000 English ones, so a
# longer segment adds cost (time and memory grow with its length) and little
# meaning. UN sentences run to a few hundred characters.
MAX_SEGMENT_CHARS = 1000
# Where a long segment may be cut, best first: after a clause mark, at a space.
_CLAUSE_MARKS = "，、,：:；;"


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
    if any(len(sentence) > MAX_SEGMENT_CHARS for sentence in sentences):
        return [piece for sentence in sentences for piece in bound(sentence)]
    return sentences


def bound(text: str, limit: int = MAX_SEGMENT_CHARS) -> list[str]:
    """TEXT cut into stripped pieces of at most LIMIT characters, in order.

    Each cut falls in the second half of the window: after the last clause mark
    (，、,：:；;) there, else at its last space, else at the limit. Only
    whitespace at the cuts is dropped; time is linear in the text's length.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    pieces: list[str] = []
    pos, n = 0, len(text)
    while n - pos > limit:
        window = text[pos:pos + limit]
        half = limit // 2
        cut = max(window.rfind(mark, half) for mark in _CLAUSE_MARKS) + 1
        if cut <= half:
            space = max(window.rfind(" ", half), window.rfind("\n", half), window.rfind("\u3000", half))
            cut = space if space > half else limit
        piece = text[pos:pos + cut].strip()
        if piece:
            pieces.append(piece)
        pos += cut
    piece = text[pos:].strip()
    if piece:
        pieces.append(piece)
    return pieces


def _ends_english_sentence(text: str, stop: int, end: int) -> bool:
    """Whether the mark at STOP (closers running to END) ends an English sentence.

    Looks only near STOP (the next character, the word before): a paragraph
    with thousands of full stops is split in linear time.
    """
    if end < len(text) and not text[end].isspace():
        return False                       # "70/1.5", "A/C.2/59/3", "U.S.-based"
    nxt = _NON_SPACE.search(text, end)
    if nxt is None:
        return True
    following = nxt.group()
    if text[stop] != ".":
        return following.isupper() or following in _OPENERS or following == '"'
    before = text[max(0, stop - 40):stop + 1]      # no abbreviation is longer than this
    words = before.split()
    word = words[-1] if words and (stop < 40 or len(words) > 1 or before[0].isspace()) else ""
    word = word.lstrip(_OPENERS + "\"'").lower()
    if word in _ABBREVIATIONS or _INITIALS.match(word):
        return False
    return following.isupper() or following.isdigit() or following in _OPENERS or following == '"'


def sentences(paragraph: Paragraph) -> list[Sentence]:
    """The sentences of PARAGRAPH, with ids '<paragraph id>.s<n>' counted from 1."""
    return [Sentence(id=f"{paragraph.id}.s{n}", paragraph=paragraph.id, text=text)
            for n, text in enumerate(split_sentences(paragraph.text, paragraph.lang), start=1)]
