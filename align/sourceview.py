"""Each sentence as a CAT tool sees it in the source file: its raw characters.

The aligner works on clean text (no footnote markers, no Markdown, no
paragraph numbers, wrapped lines joined). A CAT tool segments the file as it
is, so its segment for operative paragraph 1 is "1. **促请**会员国…；" with the
number, the emphasis marks and the spacing of the extraction. A translation
memory whose units hold the clean text gives fuzzy matches only; one whose
units hold these raw spans gives exact matches wherever the tool cuts the
paragraph where we do (the SRX file `termalign.srx` in this package states our
rules for CAT tools).

The clean text is the raw text with characters taken out (markers, labels,
emphasis marks, spaces, hyphens of wrapped words) and whitespace changed, so
each clean character is found in order in the raw text. A sentence's raw span
starts where the one before it ended (the first takes the paragraph's number
and label), and ends after its last character plus any marker glued to it
(the last takes the rest of the paragraph).
"""

from __future__ import annotations

import regex

from termalign.align.bitext import BeadRecord
from termalign.align.document import Paragraph

# Raw characters the reader may drop between two clean characters: spacing,
# Markdown emphasis, wrapped-word hyphens, footnote markers (superscript or
# plain digits) and soft hyphens / zero-width spaces.
_DROPPABLE = set(" \t\n\r\u00a0\u3000*_-\u00ad\u200b\u200c\u200d\u2060⁰¹²³⁴⁵⁶⁷⁸⁹0123456789")


# A line break with the indentation around it: a hard wrap of the extraction (PDF text, wrapped
# plain text), never part of the segment a CAT tool cuts from the document itself.
_WRAP = regex.compile(r"[ \t\u3000]*\r?\n\s*")
_WIDE = r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef]"
_WIDE_WRAP = regex.compile(rf"(?<={_WIDE})[ \t\u3000]*\r?\n\s*(?={_WIDE})")


# A hyphen the reader dropped between two letters at a line end: the word was only broken there.
_BROKEN_WORD = regex.compile(r"-[ \t]*\r?\n\s*")
_HYPHEN_WRAP = regex.compile(r"(?<=\p{L}-)[ \t]*\r?\n\s*(?=\p{L})")


def unwrapped(raw: str) -> str:
    """RAW with its hard wraps joined as the document's own paragraph has them: nothing between two
    Chinese characters or after a line-end hyphen ("multi-stakeholder"), one space elsewhere.
    Spacing within a line (after a paragraph number, say) is kept."""
    return _WRAP.sub(" ", _HYPHEN_WRAP.sub("", _WIDE_WRAP.sub("", raw.strip())))


def sentence_sources(paragraph: Paragraph, sentences: list[str], unwrap: bool = False) -> list[str] | None:
    """The raw text of each of SENTENCES (the clean sentences of PARAGRAPH, in order).

    None when the clean text cannot be traced through the raw text (a reader
    that rewrote characters); callers then keep the clean text. UNWRAP joins the
    page's line breaks and mends the words it broke (text from a PDF).
    """
    raw = paragraph.raw
    marks: list[tuple[int, int]] = []      # raw index of each sentence's first and last clean character
    broken: list[tuple[int, int]] = []     # raw ranges of words broken at a line end ("strate-\ngies")
    j = 0
    for n, sentence in enumerate(sentences):
        first = last = -1
        for ch in sentence:
            if ch.isspace():
                continue
            k = raw.find(ch, j)
            # Before the paragraph's first character anything may stand (number, label, "**");
            # elsewhere only what the reader drops.
            if k < 0 or (last >= 0 or n > 0) and not set(raw[j:k]) <= _DROPPABLE:
                return None
            if last >= 0 and _BROKEN_WORD.fullmatch(raw, j, k):
                broken.append((j, k))
            if first < 0:
                first = k
            last = k
            j = k + 1
        if first < 0:
            return None
        marks.append((first, last))
    spans: list[str] = []
    start = 0
    for n, (_, last) in enumerate(marks):
        if n + 1 < len(marks):
            end = last + 1
            # A marker glued to the end ("决议。³", "reduction.3") goes with the sentence it closes.
            while end < marks[n + 1][0] and not raw[end].isspace():
                end += 1
        else:
            end = len(raw)
        spans.append(unwrapped(_mended(raw, start, end, broken)) if unwrap else raw[start:end].strip())
        start = end
    return spans


def _mended(raw: str, start: int, end: int, broken: list[tuple[int, int]]) -> str:
    """RAW[START:END] with the words broken at a line end made whole again."""
    parts, at = [], start
    for cut_start, cut_end in broken:
        if start <= cut_start and cut_end <= end:
            parts.append(raw[at:cut_start])
            at = cut_end
    parts.append(raw[at:end])
    return "".join(parts)


# ------------------------------------------------------------ Word documents: units with inline codes


class WordSegments:
    """A Word document's paragraphs as a CAT tool shows them (align.docx.read_docx), searchable
    by the clean text of a unit: a unit's source text is its span there, with the codes inside it."""

    def __init__(self, segments: list[str]):
        from termalign.align.docx import CODE

        self._code = CODE
        self._segments = segments
        chars: list[str] = []
        self._where: list[tuple[int, int]] = []     # (segment, index in it) of each searchable character
        for n, segment in enumerate(segments):
            for i, ch in enumerate(segment):
                if not ch.isspace() and ch != CODE:
                    chars.append(ch)
                    self._where.append((n, i))
        self._text = "".join(chars)

    def source(self, clean: str) -> str | None:
        """CLEAN (a unit's clean text) as the document has it, codes included; None when the
        document has no such stretch. A stretch over several segments (a title line whose tab
        cuts it: "81/240.<tab>Title") is their parts joined by SEGMENT_BREAK."""
        from termalign.align.tmx import SEGMENT_BREAK

        key = "".join(ch for ch in clean if not ch.isspace() and ch != self._code)
        if not key:
            return None
        at = self._text.find(key)
        if at < 0:
            return None
        (n, first), (m, last) = self._where[at], self._where[at + len(key) - 1]
        if n == m:
            return self._segments[n][first:last + 1]
        parts = [self._segments[n][first:], *self._segments[n + 1:m], self._segments[m][:last + 1]]
        return SEGMENT_BREAK.join(part.strip() for part in parts)


def add_word_codes(records: list[BeadRecord], zh: list[str] | None, en: list[str] | None) -> int:
    """Give the units of RECORDS whose side comes from a Word document that side's text with the
    document's inline codes (`zh_source`/`en_source`); ZH, EN: each side's `Document.cat_segments`,
    None for a side that is no .docx. A CAT tool puts a tag where Word's runs or a footnote
    reference break the text, and only a unit with the same codes is an exact match. A unit whose
    text cannot be found keeps its clean text. Returns how many sides were given codes.
    """
    views = {"zh": WordSegments(zh) if zh else None, "en": WordSegments(en) if en else None}
    done = 0
    for record in records:
        for side, segments in views.items():
            if segments is None or not getattr(record, f"{side}_ids"):
                continue
            found = segments.source(getattr(record, side))
            if found is not None:
                setattr(record, f"{side}_source", found)
                done += 1
    return done
