"""Read a UN document's text, as PDF extraction leaves it, into typed, clean paragraphs.

The reader works line by line in four passes:

1. classify every physical line: blank, footnote separator, page furniture
   (job numbers, page numbers, symbol headers, undocs links), footnote start
   or continuation, or text;
2. take the footnote markers out of each text line, checking plain-digit
   markers against the footnote numbers that the blocks on the same page (or
   an earlier one) define, so that real numbers are never taken for markers;
3. join text lines into paragraphs: a line continues the paragraph before it
   unless it starts a numbered paragraph, sub-paragraph or closing line, or
   the paragraph before it is complete and the layout says a new one begins
   (a blank line, an indent); footnote blocks and page furniture between the
   two halves of a paragraph cut by a page break are stepped over;
4. type each paragraph (title block, preamble, operative, …) and clean its
   text: Markdown, wrap artefacts and English line-end hyphens removed.

`Document.date` is the adoption date from the closing lines or the title
block ("2019 年 12 月 19 日大会决议", "Resolution adopted … on 19 December
2019"); when the text gives none (a draft), the year in which the session
opened: General Assembly session N opens in September of 1945 + N, an ECOSOC
session is named by its year. The result is an ISO 8601 date of the precision
the text supports ("2019-12-19" or "2017"), so a series still sorts as text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex

from termalign.align.anchors import en_number_words, extract, zh_numeral
from termalign.align.document import Document, Paragraph
from termalign.align.furniture import mark_footnote_blocks
from termalign.align.textfile import read_source, resolve_lang

# ── character classes ────────────────────────────────────────────────────────
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")
_CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef“”‘’《》〈〉「」『』【】"
_CJK_CHAR = regex.compile(f"[{_CJK}]")
# A run of up to three spaces beside a Chinese character is an extraction artefact;
# a wider one separates the columns of a page header ("联 合 国      A/RES/81/236").
_HSPACE = " \t\u00a0\u3000"
_CJK_SPACE = regex.compile(f"(?<=[{_CJK}])[{_HSPACE}]{{1,3}}(?![{_HSPACE}])"
                           f"|(?<![{_HSPACE}])[{_HSPACE}]{{1,3}}(?=[{_CJK}])")
_INVISIBLE = regex.compile("[\u00ad\u200b\u200c\u200d\u2060]")   # soft hyphens, zero-width spaces
_SPACES = regex.compile(r"\s+")
# Chinese measure words and units: a number followed by one of these is a
# quantity or a date ("17 个", "2030 年", "第 72 段"), never a footnote marker.
_ZH_COUNTERS = set("年月日号个段次项条款届亿万千百名人岁周倍国%％点家期章节")
# Conjunctions that never open a UN paragraph: after a comma, a line starting
# with one continues the paragraph cut before it by a page break.
_ZH_CONTINUATIONS = ("并", "以及", "或", "其中", "以便", "从而", "而且", "但", "同时")
# Words a heading never ends with: a line ending so is the head of a cut paragraph.
_ZH_OPEN_ENDINGS = set("的和与及在对于将把为以并或、从由向被")
_EN_OPEN_ENDINGS = {"a", "an", "the", "and", "or", "of", "to", "in", "for", "with", "on", "by", "from", "at",
                    "that", "as", "its", "their"}
_CLOSERS = "”’\"')）]】》」』"
_TERMINAL = set("，。；：！？,.;:!?")
# a footnote number flattened onto the end of a sentence: "…on the website.3"
_TRAILING_MARKER = regex.compile(r"(?<=[^\d\s][，。；：！？,.;:!?])\d{1,3}$")

# ── line patterns ────────────────────────────────────────────────────────────
_SEPARATOR = re.compile(r"^_{5,}$")
_SUP_LABEL = re.compile(rf"^([{_SUPERSCRIPT_DIGITS}]+)\s*(\S.*)$")
_PLAIN_LABEL = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_STAR_LABEL = re.compile(r"^(\*{1,3})\s+(\S.*)$")
_URL = re.compile(r"^https?://\S+$")
# 19-22433 (E), with the date code "26-23456 (E)   040127", barcode *1922433*
_JOB_NUMBER = re.compile(r"^\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?$|^\*\d{7,}\*$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
_SYMBOL = re.compile(r"^[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+){2,}\*?$")
_HEADER_WORDS = re.compile(r"^(?:Distr\.?:.*|Original:.*|United Nations|General Assembly|Economic and Social Council"
                           r"|Security Council|Please recycle.*|请回收|联\s*合\s*国|大\s*会|经济及社会理事会|安全理事会)$")

_OPERATIVE = regex.compile(r"^(\d{1,3})[.．](?:\s+|(?=[\p{Han}“\"]))(?=\S)")
_SUBPARAGRAPH = re.compile(r"^[(（]([a-z]{1,2}|[ivx]{1,5})[)）]\s*(?=\S)")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_EN_DATE_LINE = re.compile(r"^\d{1,2}\s+(?:" + "|".join(_MONTHS) + r")\s+\d{4}$")
_CLOSING = (re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"),      # 2019年12月19日
            re.compile(r"^第\s*\d+\s*次全体会议$"),                          # 第52次全体会议
            _EN_DATE_LINE,                                                 # 19 December 2019
            re.compile(r"^\d+(?:st|nd|rd|th)\s+plenary meeting\b.*$"))     # 52nd plenary meeting
_TITLE_META = (
    re.compile(r"届(?:特别)?会议$|^\d{4}\s*年.*届会$"),
    re.compile(r"^议程项目|^Agenda items?\b"),
    re.compile(r"^第[一二三四五六]委员会$|^(?:First|Second|Third|Fourth|Fifth|Sixth) Committee$"),
    re.compile(r"^(?:决议草案|决定草案)|^Draft (?:resolution|decision)"),
    re.compile(r"决议$|决定$|^Resolution adopted by|^Decision adopted by"),
    re.compile(r"^\[.*\]$"),
    re.compile(r"[:：]\**$"),                       # sponsors: "厄瓜多尔：", "Ecuador:*"
    re.compile(r"session$", re.I),
    _EN_DATE_LINE,                                   # a distribution date
)
_CHAPEAU = regex.compile(r"^(?:\p{Han}{2,12}，|(?:The )?[A-Z][A-Za-z \-]{2,60},)$")
_TITLE_NUMBER = re.compile(r"^(\d{2,4})/(\d{1,3})\.\s*(?=\S)")

# ── Markdown and word-processor debris ───────────────────────────────────────
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])")
_BROKEN_REFERENCE = re.compile(r"错误！未定义书签。|Error! Bookmark not defined\.")

# ── English line-end hyphenation ─────────────────────────────────────────────
# Prefixes UN English writes with a hyphen ("multi-stakeholder", "non-State"):
# a line-end hyphen after one of them is part of the word, not typesetting.
_HYPHEN_PREFIXES = {"anti", "co", "cross", "e", "ex", "inter", "intra", "long", "low", "high", "medium", "mid",
                    "multi", "non", "peer", "post", "pre", "public", "private", "re", "self", "semi", "short",
                    "small", "well", "capacity", "decision", "policy", "follow", "gender", "sector", "country",
                    "people", "evidence", "human", "results", "rights"}
_EN_WORD = regex.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Characters of a paragraph's end that joining its next line looks at (a
# hyphenated word, a closing mark): longer words lose their hyphen by rule.
_TAIL = 64



# ── public API ───────────────────────────────────────────────────────────────
def read_document(path: str | Path, lang: str = "auto") -> Document:
    """Read the document at PATH (PDF, Word, or text in UTF-8, UTF-16 or GB18030) into a Document."""
    source = read_source(path)
    document = read_text(source.text, lang=lang, source=str(path))
    document.origin, document.cat_segments = source.origin, source.cat_segments
    return document


def read_text(text: str, lang: str = "auto", source: str = "") -> Document:
    """Read a document's text into typed, clean paragraphs.

    LANG is "zh", "en" or "auto"; a declared language that the text
    contradicts is a UserError.
    """
    text = text.lstrip("\ufeff")
    lang = resolve_lang(text, lang, source or "the text")
    lines = _physical_lines(mark_footnote_blocks(text, _is_furniture))
    paragraphs = _Reader(lines, lang).read()
    return Document(lang=lang, paragraphs=paragraphs, source=source,
                    symbol=_find_symbol(paragraphs), date=_find_date(paragraphs))


# ── pass 1: lines ────────────────────────────────────────────────────────────
@dataclass(slots=True)   # slots: one per source line, a million in a 50 MB file
class _Line:
    no: int                  # 1-based line number in the source
    raw: str                 # the line as it is in the source, without its end of line
    kind: str = "text"       # blank, separator, furniture, footnote, note-text, text
    label: str | None = None  # footnote label of a footnote's first line
    body: str = ""           # the line without its footnote label
    page: int = 0            # footnote blocks seen before this line
    gap: bool = False        # a blank line, footnote block or page furniture comes before it
    indented: bool = False   # starts right of the document's left margin
    page_break: bool = False  # a footnote block or page furniture comes before it

    @property
    def stripped(self) -> str:
        return self.raw.strip()

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip(_HSPACE))


def _physical_lines(text: str) -> list[_Line]:
    # a form feed is pdftotext's page break: a line break as far as paragraphs go
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return [_Line(no, line.rstrip()) for no, line in enumerate(text.split("\n"), start=1)]


def _is_furniture(stripped: str) -> bool:
    """Page headers and footers that PDF extraction leaves between paragraphs."""
    def furniture(cell: str) -> bool:
        return bool(_URL.match(cell) or _JOB_NUMBER.match(cell) or _PAGE_NUMBER.match(cell)
                    or _SYMBOL.match(cell) or _HEADER_WORDS.match(cell))

    cells = re.split(r"\s{4,}|\t+", stripped)
    if len(cells) > 1:      # a header laid out in columns: "联 合 国      A/RES/81/236"
        return any(furniture(c) or _EN_DATE_LINE.match(c) for c in cells)
    return furniture(stripped)


def _is_quantity(left: str, right: str) -> bool:
    """Whether a number ending LEFT and a measure word opening RIGHT belong together ("2011" / "年在内罗毕")."""
    if not left[-1:].isdigit() or not right:
        return False
    date_part = {"年": r"\d{4}$", "月": r"年\s*\d{1,2}$", "日": r"月\s*\d{1,2}$"}.get(right[0])
    if date_part:
        return bool(re.search(date_part, left))
    return right[0] in _ZH_COUNTERS and right[0] != "国"      # "表10" / "国内…" is a heading


def _is_complete(text: str) -> bool:
    """Whether TEXT ends a sentence or clause (closing quotes, brackets and a flattened marker aside)."""
    text = _TRAILING_MARKER.sub("", text.rstrip()).rstrip(_CLOSERS).rstrip()
    return bool(text) and text[-1] in _TERMINAL


def _classify_lines(lines: list[_Line], lang: str, indent_layout: bool) -> None:
    """Mark blank lines, footnote blocks and page furniture; number the pages.

    A footnote block (a separator and the footnotes under it, or footnote
    lines alone) ends a page; `page` counts the blocks before a line.
    """
    last_number = 0
    # a starred note needs a star in the text that cites it ("Ecuador:*"), or a
    # separator above it: otherwise "* …" lines are a bulleted list
    stars_cited = {m.group() for line in lines
                   for m in re.finditer(r"(?<=\S)\*{1,3}(?=\s|$)|^\*{1,3}$", _strip_markup(line.stripped))}
    page = 0
    in_block = False
    previous: _Line | None = None       # the last non-blank line
    for line in lines:
        s = line.stripped
        if not s:
            line.kind = "blank"
            continue
        if _SEPARATOR.match(s):
            line.kind = "separator"
        elif _is_furniture(s):
            line.kind = "furniture"
        elif label := _footnote_label(s, lang, last_number, in_block, indent_layout, stars_cited):
            line.kind, line.label, line.body = "footnote", label[0], label[1]
            if label[0].isdigit():
                last_number = int(label[0])
        elif (previous is not None and previous.no == line.no - 1 and previous.kind in ("footnote", "note-text")
              and not _is_complete(previous.body) and not _OPERATIVE.match(s)):
            line.kind, line.body = "note-text", s      # a footnote wrapped onto the next line
        if line.kind in ("separator", "footnote") and not in_block:
            page += 1
        in_block = line.kind in ("separator", "footnote", "note-text")
        line.page = page
        previous = line


def _footnote_label(s: str, lang: str, last_number: int, in_block: bool, indent_layout: bool,
                    stars_cited: set[str]) -> tuple[str, str] | None:
    """(label, text) when line S is the first line of a footnote."""
    if m := _STAR_LABEL.match(s):
        return (m.group(1), m.group(2)) if in_block or m.group(1) in stars_cited else None
    # footnotes are numbered through the document; an annex may start again at 1
    if m := _SUP_LABEL.match(s):
        number = int(m.group(1).translate(_FROM_SUPERSCRIPT))
        return (str(number), m.group(2)) if number > last_number or number == 1 else None
    if m := _PLAIN_LABEL.match(s):
        number, body = int(m.group(1)), m.group(2)
        restart = in_block and number == 1
        if not (last_number < number <= last_number + 3 or restart) or m.group(1).startswith("0"):
            return None
        if body[0] in _ZH_COUNTERS or (lang == "en" and body[0].islower()):
            return None      # "27 日第 60/252 号…", "4 per cent of …": a wrapped line, not a footnote
        # outside a block (no separator), only the next number on a complete line of its own
        if in_block or (not indent_layout and number == last_number + 1 and body.rstrip()[-1] in "。."):
            return str(number), body
    return None


# ── pass 2: footnote markers ─────────────────────────────────────────────────
@dataclass(frozen=True)
class _Defined:
    """The footnote labels a marker on one page may cite: those of its own block and of earlier ones.

    A view, not a set: building the union of all earlier pages' labels for
    every line made reading quadratic in the number of pages (issue 13).
    """
    first_page: dict[str, int]     # label -> the first page whose block defines it
    page: int

    def __contains__(self, label: object) -> bool:
        first = self.first_page.get(label) if isinstance(label, str) else None
        return first is not None and first <= self.page + 1


@dataclass
class _Markers:
    """What the footnote blocks say exists, page by page."""
    first_page: dict[str, int]     # each label, and the first page whose block defines it
    plain: bool                    # footnotes labelled with plain digits: look for plain-digit markers

    def defined(self, page: int) -> _Defined:
        """Labels a marker on PAGE may cite: those of its own block and of earlier ones."""
        return _Defined(self.first_page, page)


def _strip_markup(s: str) -> str:
    """S without Markdown emphasis and links or a word processor's broken cross-reference."""
    if "[" in s:
        s = _MD_LINK.sub(r"\1", s)
    if "*" in s or "__" in s:
        s = _MD_ITALIC.sub(r"\1", _MD_BOLD.sub(r"\2", s))
    if "书签" in s or "Bookmark" in s:
        s = _BROKEN_REFERENCE.sub("", s)
    return s


def _is_unit_before(s: str, start: int) -> bool:
    """'km²', 'm³': a superscript after a unit of measure is an exponent, not a marker."""
    return bool(re.search(r"(?:^|[^A-Za-z])[kcdm]?m$", s[:start]))


def _remove_markers(s: str, lang: str, defined: _Defined, plain: bool, next_text: str,
                    title: bool) -> tuple[str, list[str]]:
    """S without its footnote markers, and the footnote numbers they cite in order."""
    found: list[tuple[int, int, str]] = []
    for m in re.finditer(f"[{_SUPERSCRIPT_DIGITS}]+", s):
        if not _is_unit_before(s, m.start()):
            found.append((m.start(), m.end(), str(int(m.group().translate(_FROM_SUPERSCRIPT)))))
    for m in re.finditer(r"(?<=\S)\*{1,3}(?=\s|$)|^\*{1,3}$", s):
        if m.group() in defined:
            found.append((m.start(), m.end(), m.group()))
    if plain and not title:
        found.extend(_plain_markers(s, lang, defined, next_text))
    found.sort()
    notes: list[str] = []
    out, pos = [], 0
    for start, end, label in found:
        out.append(s[pos:start])
        pos = end
        notes.append(label)
    out.append(s[pos:])
    return "".join(out), notes


def _plain_markers(s: str, lang: str, defined: _Defined, next_text: str) -> list[tuple[int, int, str]]:
    """Plain digits glued to the text ('会议通过1 并经', 'subject,1') that cite a defined footnote."""
    found = []
    for m in re.finditer(r"\d+", s):
        number, start, end = m.group(), m.start(), m.end()
        if number not in defined:
            continue
        after = s[end:]
        following = after.lstrip() or next_text.lstrip()
        if after[:1] and (after[0] in "/.,%％:：-–" or after[0].isdigit() or (after[0].isascii() and after[0].isalpha())):
            continue                       # part of a symbol, decimal, ratio or word: "70/1", "2.6", "G20s"
        at_clause_end = not after.strip() and s[:start].rstrip()[-1:] in _TERMINAL
        if following[:1] and (following[0] in _ZH_COUNTERS or (following[0].isdigit() and not at_clause_end)):
            continue                       # a quantity or date: "17 个", "7 月 22\n日"; not "measures;3\n4. …"
        if lang == "zh":
            spaced = start > 0 and s[start - 1] == " "
            before = s[:start].rstrip(" ")
            if not before or not _CJK_CHAR.match(before[-1]):
                continue
            if spaced and after.strip() and not after.startswith(" ") and before[-1] not in _TERMINAL:
                continue                   # "约 3亿": a number; but "报告， 1其中": a marker after the comma
            found.append((start - 1 if spaced else start, end, number))
        else:
            before = s[:start]
            if not before or before[-1] == " ":
                continue                   # "paragraph 7", "resolution 70": a spaced number is a number
            if before[-1].isalpha():
                if not re.search(r"[a-z]{2}$", before):
                    continue               # "G20", "ICT4D": digits inside a name
            elif before[-1] == ".":
                if len(before) > 1 and before[-2].isdigit():
                    continue               # a decimal
            elif before[-1] not in ",;:)]”’\"'":
                continue
            found.append((start, end, number))
    return found


# ── pass 3 and 4: paragraphs ─────────────────────────────────────────────────
@dataclass(slots=True)
class _Block:
    """A paragraph being assembled."""
    kind: str
    lines: list[_Line] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)   # cleaned text of each line
    notes: list[str] = field(default_factory=list)
    number: str | None = None

    @property
    def first(self) -> int:
        return self.lines[0].no


class _Reader:
    """One document's lines → paragraphs; holds what the whole document tells about its layout."""

    def __init__(self, lines: list[_Line], lang: str):
        self.lines = lines
        self.lang = lang
        texts = [ln for ln in lines if ln.stripped]
        # the left margin: where the leftmost text line starts (page headers aside)
        margin = min((ln.indent for ln in texts if not _is_furniture(ln.stripped)), default=0)
        for line in texts:
            line.indented = line.indent > margin
        # Hard-wrapped extractions mark a new paragraph with an indent; in
        # one-line-per-paragraph extractions nothing is indented.
        self.indent_layout = bool(texts) and 0.1 <= sum(ln.indented for ln in texts) / len(texts) <= 0.9
        # Some extractions put a blank line after every visual line: there a
        # line that follows the one before it directly is a fragment of it.
        follows_blank = sum(1 for a, b in zip(lines, lines[1:]) if b.stripped and not a.stripped)
        self.blank_separated = bool(texts) and follows_blank / len(texts) > 0.5
        # line by line: no copy of the whole text, no list of all its words
        self.vocabulary = Counter(w.lower() for ln in lines for w in _EN_WORD.findall(ln.raw)) \
            if lang == "en" else Counter()
        self.last_operative = 0

    def read(self) -> list[Paragraph]:
        _classify_lines(self.lines, self.lang, self.indent_layout)
        markers = self._markers()
        blocks = self._assemble(markers)
        blocks.sort(key=lambda b: b.first)
        return [self._paragraph(i, block) for i, block in enumerate(blocks, start=1)]

    def _markers(self) -> _Markers:
        first_page: dict[str, int] = {}
        for line in self.lines:       # pages only grow down the document: the first definition stays
            if line.kind == "footnote" and line.label:
                first_page.setdefault(line.label, line.page)
        plain = any(ln.kind == "footnote" and not _SUP_LABEL.match(ln.stripped) and (ln.label or "").isdigit()
                    for ln in self.lines)
        return _Markers(first_page, plain)

    # -- assembling -------------------------------------------------------------
    def _assemble(self, markers: _Markers) -> list[_Block]:
        blocks: list[_Block] = []
        text_lines = [ln for ln in self.lines if ln.kind == "text"]
        body_start = self._body_start(text_lines)
        current: _Block | None = None
        note: _Block | None = None
        gap = page_break = True
        next_text = {id(a): _strip_markup(b.stripped) for a, b in zip(text_lines, text_lines[1:])}
        for line in self.lines:
            if line.kind in ("blank", "separator"):
                gap = True
                continue
            if line.kind == "furniture":
                # the masthead is the document's own (symbol, distribution); past it, a symbol, page or
                # job number line is the page's running header or footer, which never reaches the body
                if body_start is None or line.no < body_start:
                    blocks.append(_Block("meta", [line], [line.stripped]))
                gap = page_break = True
                continue
            if line.kind == "footnote":
                note = _Block("footnote", [line], [_strip_markup(line.body)], number=line.label)
                blocks.append(note)
                gap = page_break = True
                continue
            if line.kind == "note-text":
                assert note is not None  # a note's text lines always follow its first line
                note.lines.append(line)
                note.parts.append(_strip_markup(line.body))
                continue
            in_title = body_start is not None and line.no < body_start
            clean, notes = _remove_markers(_strip_markup(line.stripped), self.lang, markers.defined(line.page),
                                           markers.plain, next_text.get(id(line), ""), in_title)
            clean = clean.strip()
            line.gap, line.page_break = gap, page_break
            gap = page_break = False
            if not clean:                                   # a marker alone on its line
                target = current or (blocks[-1] if blocks else None)
                if target is not None:
                    target.lines.append(line)
                    target.notes.extend(notes)
                continue
            if current is not None and self._continues(current, line, clean, in_title, body_start):
                current.lines.append(line)
                current.parts.append(clean)
                current.notes.extend(notes)
                continue
            current = self._start(line, clean, notes, in_title)
            blocks.append(current)
        return blocks

    def _body_start(self, text_lines: list[_Line]) -> int | None:
        """Line number of the first body line: the chapeau ("大会，", "The General Assembly,")."""
        for line in text_lines[:40]:
            s = _strip_markup(line.stripped)
            if _CHAPEAU.match(s) or _OPERATIVE.match(s):
                return line.no
        # no chapeau: a title block only where title-block lines say there is one
        for line in text_lines:
            s = _strip_markup(line.stripped)
            if _is_complete(s):
                return line.no
            if not any(p.search(s) for p in _TITLE_META):
                break
        return text_lines[0].no if text_lines else None

    def _start(self, line: _Line, clean: str, notes: list[str], in_title: bool) -> _Block:
        if in_title:
            return _Block("meta" if any(p.search(clean) for p in _TITLE_META) else "title", [line], [clean],
                          list(notes))
        if (m := _OPERATIVE.match(clean)) and self._opens_operative(line, clean):
            self.last_operative = int(m.group(1))
            return _Block("operative", [line], [clean[m.end():]], list(notes), number=m.group(1))
        if m := _SUBPARAGRAPH.match(clean):
            return _Block("subparagraph", [line], [clean[m.end():]], list(notes), number=f"({m.group(1)})")
        if any(p.match(clean) for p in _CLOSING):
            return _Block("closing", [line], [clean], list(notes))
        kind = "operative" if self.last_operative else "preamble"
        return _Block(kind, [line], [clean], list(notes))

    def _opens_operative(self, line: _Line, clean: str) -> bool:
        """Whether CLEAN's leading number is a paragraph number rather than a wrapped line's first word.

        The next number in sequence always is; another number (a draft's gap or
        duplicate, which QA must see) only where the layout shows a new paragraph.
        """
        number = int(_OPERATIVE.match(clean).group(1))
        if number == self.last_operative + 1:
            return True
        return line.gap and (not self.indent_layout or line.indented)

    def _structural(self, line: _Line, clean: str) -> bool:
        if _OPERATIVE.match(clean):
            return self._opens_operative(line, clean)
        return bool(_SUBPARAGRAPH.match(clean) or any(p.match(clean) for p in _CLOSING))

    def _continues(self, block: _Block, line: _Line, clean: str, in_title: bool, body_start: int | None) -> bool:
        """Whether LINE carries on BLOCK rather than opening a paragraph of its own."""
        previous_in_title = body_start is not None and block.first < body_start
        if in_title or previous_in_title:
            # title-block lines stand alone unless an English title wraps
            return (in_title and previous_in_title and self.lang == "en" and clean[:1].islower()
                    and not line.gap)
        if block.kind in ("closing", "meta") or self._structural(line, clean):
            return False
        so_far = self._so_far(block.parts)
        if (line.gap and not line.page_break and self._is_heading(block, so_far)
                and (not clean[:1].islower() if self.lang == "en" else not _is_quantity(so_far, clean))):
            return False        # a heading; one left at the foot of a page is the head of a cut paragraph
        if not _is_complete(so_far):
            return True
        # the paragraph so far is complete: the layout says whether LINE opens a new one
        if self.indent_layout:
            if not line.indented or (self.blank_separated and not line.gap):
                return True
        elif not line.gap:
            return True
        # a new paragraph by layout, unless its words show a clause cut at a page break
        if self.lang == "en":
            return clean[:1].islower()
        return so_far[-1] in "，、" and clean.startswith(_ZH_CONTINUATIONS)

    def _is_heading(self, block: _Block, text: str) -> bool:
        """A short unnumbered line without closing punctuation that does not end mid-phrase."""
        if block.kind not in ("preamble", "operative") or block.number or len(block.lines) > 1:
            return False
        if _is_complete(text) or self.indent_layout:
            return False
        # about 50 Chinese characters say what about 150 English ones say
        if self.lang == "zh":
            return len(text) <= 50 and text[-1] not in _ZH_OPEN_ENDINGS
        return len(text) <= 150 and text.split()[-1].lower() not in _EN_OPEN_ENDINGS

    # -- cleaning ---------------------------------------------------------------
    def _join(self, parts: list[str]) -> str:
        """The paragraph text of PARTS (its lines' cleaned text), joined and normalised.

        Built as a list of pieces and decided on a short tail of the text so
        far, never on the whole: a paragraph of many thousand lines (a
        hard-wrapped text without sentence ends) is joined in linear time.
        """
        pieces: list[str] = []
        tail = ""                 # the last _TAIL characters of the text so far
        for part in parts:
            if not pieces:
                if part:
                    pieces.append(part)
                    tail = part[-_TAIL:]
                continue
            if self.lang == "zh":
                glue = "" if _CJK_CHAR.match(tail[-1]) or _CJK_CHAR.match(part[:1]) else " "
            elif tail.endswith("\u00ad"):
                glue = ""                       # a soft hyphen marks where the typesetter broke a word
            elif tail.endswith("-") and len(tail) > 1 and tail[-2].isalpha() and part[:1].isalpha():
                glue = ""
                if not self._keeps_hyphen(tail, part):
                    pieces[-1], tail = pieces[-1][:-1], tail[:-1]
            else:
                glue = " "
            pieces.append(glue + part)
            tail = (tail + glue + part)[-_TAIL:] if len(part) < _TAIL else part[-_TAIL:]
        return self._normalize("".join(pieces))

    def _so_far(self, parts: list[str]) -> str:
        """The end of the paragraph text PARTS make: what `_continues` decides on.

        A long paragraph's last lines only (at least _TAIL characters): joining
        and normalising are local, so its end reads the same, and a paragraph
        of many lines costs no more per line than a short one.
        """
        if len(parts) <= 8:
            return self._join(parts)
        size, first = 0, len(parts)
        while first > 0 and size < 4 * _TAIL:
            first -= 1
            size += len(parts[first])
        return self._join(parts[first:])

    def _keeps_hyphen(self, left: str, right: str) -> bool:
        """Whether an English word hyphenated at a line end keeps its hyphen (LEFT ends with it)."""
        head_match, tail_match = re.search(r"([A-Za-z]+)-$", left), re.match(r"[A-Za-z]+", right)
        assert head_match and tail_match  # the caller joins only a letter-hyphen end to a letter start
        head, tail = head_match.group(1), tail_match.group()
        compound, word = f"{head}-{tail}".lower(), f"{head}{tail}".lower()
        if self.vocabulary[compound]:
            return True
        if self.vocabulary[word]:
            return False
        return head.lower() in _HYPHEN_PREFIXES or tail[0].isupper()

    def _normalize(self, text: str) -> str:
        text = _INVISIBLE.sub("", text)
        if self.lang == "zh":
            text = _CJK_SPACE.sub("", text)
        return _SPACES.sub(" ", text).strip()

    def _paragraph(self, index: int, block: _Block) -> Paragraph:
        text = self._join(block.parts)
        kind = block.kind
        if kind in ("preamble", "operative") and not block.number and self._is_heading(block, text):
            kind = "heading"
        notes = list(dict.fromkeys(block.notes))
        return Paragraph(id=f"p{index}", kind=kind, number=block.number, text=text,
                         raw="\n".join(line.raw for line in block.lines), notes=notes, lang=self.lang)


# ── symbol and date ──────────────────────────────────────────────────────────
def _find_symbol(paragraphs: list[Paragraph]) -> str | None:
    """The document symbol a header line shows, else the one its title number implies."""
    for p in paragraphs:
        if p.kind == "meta":
            for cell in re.split(r"\s{2,}", p.raw.strip()):
                if _SYMBOL.match(cell):
                    return cell.rstrip("*")
    for p in paragraphs:
        if p.kind == "title" and (m := _TITLE_NUMBER.match(p.text)):
            session, number = m.groups()
            # ECOSOC numbers its resolutions by year (2024/13), the Assembly by session (74/197)
            return f"E/RES/{session}/{number}" if len(session) == 4 else f"A/RES/{session}/{number}"
    return None


def _find_date(paragraphs: list[Paragraph]) -> str | None:
    """The adoption date in the closing lines or the title block, else the year the session opened."""
    for p in paragraphs:
        if p.kind == "closing" and (date := _parse_date(p)):
            return date
    for p in paragraphs:
        if p.kind == "meta" and re.search(r"决议|决定|adopted", p.text) and (date := _parse_date(p)):
            return date
    for p in paragraphs:
        if p.kind in ("meta", "title") and (year := _session_year(p.text)):
            return str(year)
    return None


def _parse_date(paragraph: Paragraph) -> str | None:
    """The first full date in the paragraph, read by the rules QA compares dates with."""
    for anchor in extract(paragraph.text, paragraph.lang).items:
        if anchor.kind == "date" and _ISO_DAY.fullmatch(anchor.value):
            return anchor.value
    return None


def _session_year(text: str) -> int | None:
    """The year a session opened: '第七十二届会议', 'Seventy-second session' → 2017; '2024 年届会' → 2024."""
    if m := re.search(r"(\d{4})\s*(?:年.*届会|session)", text):
        return int(m.group(1))
    if m := re.fullmatch(r"第(.+)届会议", text):
        number = zh_numeral(m.group(1))
    elif m := re.fullmatch(r"([A-Za-z]+(?:-[a-z]+)?) session", text):
        number, _ = en_number_words(m.group(1))
    else:
        return None
    return 1945 + number if number else None
