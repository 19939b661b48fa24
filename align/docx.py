"""Word (.docx) documents as the text the reader reads.

The body's paragraphs come out one to a line with a blank line between them;
Word's automatic numbering (`numPr`, whose number is not in the text) is
computed from numbering.xml and written before the paragraph ("1.", "(a)");
a real footnote reference becomes a superscript marker and the footnotes'
text goes, under a separator, after the body, where the reader finds
footnote blocks; a table's rows are lines with their cells in columns.
Headers and footers live in their own parts and are never read.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import NamedTuple

from lxml import etree

from termalign.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_COLUMN = "      "          # a tab or cell boundary: wide enough that the reader sees columns
_NUMBER_TAB = re.compile(rf"^(\d+(?:/\d+)?\.){_COLUMN}")   # "81/240.<tab>Title": a number, not a column


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Word's list definitions, and the counters as the document goes."""

    def __init__(self, xml: bytes | None):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}   # numId → ilvl → (start, fmt, text)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}                   # abstractNumId → ilvl → count
        if xml is None:
            return
        root = etree.fromstring(xml)
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for a in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{W}lvl"):
                start = lvl.find(f"{W}start")
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                levels[int(lvl.get(f"{W}ilvl"))] = (
                    int(start.get(f"{W}val")) if start is not None else 1,
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "")
            abstract[a.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.abstract_of[num.get(f"{W}numId")] = ref.get(f"{W}val")
                self.levels[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})

    def label(self, num_id: str, ilvl: int) -> str:
        """The number Word shows for the next paragraph of list NUM_ID at level ILVL."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of[num_id], {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]            # a new item restarts the levels under it
        text = levels[ilvl][2]
        for k, (start, fmt, _) in levels.items():
            if f"%{k + 1}" in text:
                text = text.replace(f"%{k + 1}", _format(counters.get(k, start), fmt))
        return text if levels[ilvl][1] != "bullet" else ""


def _paragraph_text(p: etree._Element, notes: dict[str, str], cited: list[str]) -> str:
    out = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}footnoteReference", f"{W}noBreakHyphen"):
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag == f"{W}tab":
            out.append(_COLUMN)
        elif el.tag == f"{W}br":
            out.append(" ")
        elif el.tag == f"{W}noBreakHyphen":
            out.append("-")
        elif (ref := el.get(f"{W}id")) in notes:
            cited.append(ref)
            out.append(str(len(cited)).translate(_SUPERSCRIPT))
    return "".join(out)


class WordText(NamedTuple):
    """A .docx document read once: TEXT laid out for the reader, SEGMENTS as a CAT tool cuts them."""
    text: str
    segments: list[str]


def read_docx(data: bytes, source: str = "document") -> WordText:
    """The .docx document DATA's text for the reader and its CAT segments, from one parse of its parts."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                raise InputError(f"{source} is a ZIP file but not a Word document: give a .docx, .pdf or text file")
            document = etree.fromstring(z.read("word/document.xml"))
            numbering = z.read("word/numbering.xml") if "word/numbering.xml" in names else None
            footnotes = etree.fromstring(z.read("word/footnotes.xml")) if "word/footnotes.xml" in names else None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        raise InputError(f"{source} is a damaged Word file: open it in Word or LibreOffice and save it again") \
            from None
    body = document.find(f"{W}body")
    if body is None:
        raise InputError(f"{source} is a damaged Word file (no document body): save it again")
    roots = [document] if footnotes is None else [document, footnotes]
    return WordText(_layout(body, numbering, footnotes), _segments(roots))


def _layout(body: etree._Element, numbering: bytes | None, footnotes: etree._Element | None) -> str:
    notes: dict[str, str] = {}
    if footnotes is not None:
        for fn in footnotes.iter(f"{W}footnote"):
            if fn.get(f"{W}type") in (None, "normal"):
                notes[fn.get(f"{W}id")] = " ".join(
                    _paragraph_text(p, {}, []).strip() for p in fn.iter(f"{W}p")).strip()
    numbering_state = _Numbering(numbering)
    cited: list[str] = []
    lines: list[str] = []
    for el in body:
        if el.tag == f"{W}p":
            text = _NUMBER_TAB.sub(r"\1 ", _paragraph_text(el, notes, cited).strip())
            num = el.find(f"{W}pPr/{W}numPr")
            if num is not None and text:
                num_id, ilvl = num.find(f"{W}numId"), num.find(f"{W}ilvl")
                label = numbering_state.label(num_id.get(f"{W}val") if num_id is not None else "",
                                              int(ilvl.get(f"{W}val")) if ilvl is not None else 0)
                if label:
                    text = f"{label}    {text}"
            if text:
                lines += [text, ""]
        elif el.tag == f"{W}tbl":
            for row in el.iter(f"{W}tr"):
                cells = [" ".join(_paragraph_text(p, notes, cited).strip() for p in tc.iter(f"{W}p")).strip()
                         for tc in row.iter(f"{W}tc")]
                if any(cells):
                    lines.append(_COLUMN.join(cells))
            lines.append("")
    if cited:
        lines.append("_" * 15)
        lines += [f"{str(k).translate(_SUPERSCRIPT)} {notes[ref]}" for k, ref in enumerate(cited, start=1)]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------ inline codes (TMX units)

# One inline code of a Word paragraph as a CAT tool shows it: everything between two pieces of
# text (a run boundary, a footnote reference, a field) is one code, U+FFFC OBJECT REPLACEMENT
# CHARACTER in the strings below. align.sourceview finds a unit's text in these strings and
# align.tmx writes each code as a TMX <ph>.
CODE = "\ufffc"


def _segments(roots: list[etree._Element]) -> list[str]:
    """The translatable stretches of a .docx (its document and footnotes parts, ROOTS) as OmegaT's
    Word filter cuts them.

    One string per paragraph of the body (tables included) and of the footnotes, with CODE
    where the filter puts a tag: between any two pieces of text that the XML holds apart
    (two runs, a footnote reference, two <w:t> of one run), however many elements stand
    between them (the filter aggregates adjacent tags). Codes before the first and after the
    last character are left out, as the filter leaves them outside the segment, and a tab or
    a line break cuts the paragraph in two (measured with OmegaT 3.6 on tests/fixtures/documents
    and on a copy with a bold run, a line break and a closing footnote reference added). A run
    of other formatting inside the text is two codes, not a pair: the filter shows
    `the <t1/>Global Digital Forum<t2/> held`.
    Automatic numbers are not text here, as in the tool.
    """
    out: list[str] = []
    for root in roots:
        for p in root.iter(f"{W}p"):
            if p.getparent() is not None and p.getparent().tag == f"{W}footnote" \
                    and p.getparent().get(f"{W}type") not in (None, "normal"):
                continue            # the separator lines under the body are no text
            out += [s for s in _inline_pieces(p) if s.strip()]
    return out


def _inline_pieces(p: etree._Element) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    pending = False                 # a code stands between the text so far and what comes next
    for el in p.iter():
        if el is p:
            continue
        if el.tag == f"{W}p":       # a paragraph inside this one (a text box): read on its own
            break
        if el.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            pieces.append("".join(current).strip())
            current, pending = [], False
        elif el.tag in (f"{W}t", f"{W}noBreakHyphen"):
            text = (el.text or "") if el.tag == f"{W}t" else "-"
            if text:
                if pending and current:
                    current.append(CODE)
                current.append(text)
            pending = True          # the next text is at least one closing and one opening tag away
        elif el.tag not in (f"{W}pPr",) and not _inside(el, f"{W}pPr"):
            pending = True
    pieces.append("".join(current))
    # whitespace next to a leading or trailing code goes with it, outside the segment
    return [piece.strip().strip(CODE).strip() for piece in pieces]


def _inside(el: etree._Element, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False
