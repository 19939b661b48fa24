"""PDF documents as the text the reader reads, from the characters' fonts and positions (pdfplumber).

What the PDF knows and extracted text does not:
- a footnote marker is a smaller, raised glyph: it is written as a superscript
  digit ("infrastructure;²"), which the reader takes out as a marker without
  guessing, while a plain number ("every 2 years") is never touched;
- page headers and footers sit in the top and bottom margins, and repeat
  from page to page: lines there that repeat, or that are the UN's furniture
  (symbol, page "2/11", job number, barcode, "Please recycle"), are dropped;
- a footnote's own label is a small raised number at the start of a line in
  the footnote area: "¹ See A/81/98." is the footnote line the reader expects;
- indents and vertical gaps are kept as leading spaces and blank lines, as a
  layout-preserving extractor would, so paragraph breaks read the same.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from statistics import median

from termalign.errors import InputError

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PAGE = re.compile(r"(?<!\d)\d{1,3}\s*/\s*\d{1,3}(?!\d)")
_MARGIN = 0.09            # share of the page height, top and bottom, where running headers and footers sit
_RUNNING_SHARE = 0.3      # a running header or footer is on at least this share of the pages (or is furniture)
_FURNITURE = re.compile(r"^(?:\d{1,3}\s*/\s*\d{1,3}|\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?|\*\d{7,}\*"
                        r"|[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+){2,}\*?|\d{6}|Please recycle.*|请回收.*)$")


def _lines(page) -> list[list[dict]]:
    """The page's characters grouped into lines, each sorted left to right.

    A character joins a line its glyph overlaps vertically: a raised marker
    overlaps the text it is attached to, the next line down does not.
    """
    chars = sorted(page.chars, key=lambda c: (c["top"], c["x0"]))
    lines: list[list[dict]] = []
    spans: list[list[float]] = []
    for c in chars:
        for span, line in zip(reversed(spans[-3:]), reversed(lines[-3:])):
            overlap = min(span[1], c["bottom"]) - max(span[0], c["top"])
            if overlap > 0.3 * min(span[1] - span[0], c["bottom"] - c["top"]):
                line.append(c)
                span[0], span[1] = min(span[0], c["top"]), max(span[1], c["bottom"])
                break
        else:
            lines.append([c])
            spans.append([c["top"], c["bottom"]])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines if any(c["text"].strip() for c in line)]


def _render(line: list[dict], body_size: float, unit: float) -> str:
    """A line's text with its indent, spacing and superscript markers."""
    main = max((c["size"] for c in line), default=body_size)
    base = median(c["bottom"] for c in line if c["size"] >= main - 0.5)
    out = [" " * max(0, round(line[0]["x0"] / unit))]
    marker_line = all(c["text"].isdigit() and c["size"] < 0.8 * body_size for c in line if c["text"].strip())
    prev = None
    for c in line:
        text = c["text"]
        if not text.strip():
            if out[-1:] != [" "] and prev is not None:
                out.append(" ")
            continue
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            if gap > 2.5 * unit:
                out.append(" " * max(4, round(gap / unit)))      # columns
            elif gap > 0.15 * c["size"] and out[-1:] != [" "]:
                out.append(" ")
        small_raised = c["size"] < 0.8 * main and base - c["bottom"] > 0.15 * main
        if small_raised and text.isdigit():
            text = text.translate(_SUPERSCRIPT)
        elif text.isdigit() and (prev is None and c["size"] < 0.8 * main or marker_line):
            # a footnote's label at the start of its line, or a marker the layout pushed onto a line of its own
            text = text.translate(_SUPERSCRIPT)
        out.append(text)
        prev = c
    return "".join(out).rstrip()


def pdf_text(data: bytes, source: str) -> str:
    """The text of the PDF document DATA, laid out for the reader."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = [(page.height, _lines(page)) for page in pdf.pages]
    except Exception as exc:   # pdfplumber wraps what pdfminer raises; a damaged file raises many kinds
        causes = [exc, *exc.args]
        if any(isinstance(c, PDFPasswordIncorrect) or "encrypt" in type(c).__name__.lower() for c in causes):
            raise InputError(f"{source} is a password-protected PDF: save an unprotected copy and read that") \
                from None
        raise InputError(f"{source} is a damaged PDF file: download it again") from None
    if not any(lines for _, lines in pages):
        raise InputError(f"{source} is a PDF without a text layer (a scan?): termalign needs a PDF with text; "
                         "OCR is not done")
    sizes = Counter(round(c["size"], 1) for _, lines in pages for line in lines for c in line)
    body_size = sizes.most_common(1)[0][0]
    unit = body_size / 2.4        # about the width of a space: x positions become columns of spaces

    # a line in the margins that comes back at the same height on many pages (page numbers aside) is a
    # running header or footer; a body line that a long, repetitive text happens to put at the top of
    # two pages is not, so it has to come back on a good share of the pages
    margin_texts = Counter(key for height, lines in pages
                           for key in {_running_key(line) for line in lines
                                       if _in_margin(line, height, 1)})     # pages each comes back on
    running = max(2, round(_RUNNING_SHARE * len(pages)))
    out_pages = []
    for height, lines in pages:
        kept = [line for line in lines
                if not (_in_margin(line, height, 1) and (margin_texts[_running_key(line)] >= running
                                                         or _is_furniture(line)))
                and not (_in_margin(line, height, 2.2) and _is_furniture(line))]
        # a gap clearly wider than the usual distance between lines opens a new paragraph
        bottoms = [max(c["bottom"] for c in line) for line in kept]
        pitches = [b - a for a, b in zip(bottoms, bottoms[1:]) if b > a]
        pitch = median(pitches) if pitches else body_size
        # the footnote area: the run of small-print lines at the foot of the page, under a rule the
        # text does not keep; a separator line tells the reader a footnote block starts there
        notes_from = len(kept)
        while notes_from and max(c["size"] for c in kept[notes_from - 1]) < 0.9 * body_size:
            notes_from -= 1
        out: list[str] = []
        for k, line in enumerate(kept):
            if k == notes_from:       # indented as the notes are, so that it moves no margin
                out += ["", " " * round(line[0]["x0"] / unit) + "_" * 15]
            elif k and bottoms[k] - bottoms[k - 1] > 1.35 * pitch:
                out.append("")
            out.append(_render(line, body_size, unit))
        out_pages.append("\n".join(out))
    return "\n\f".join(out_pages) + "\n"


def _running_key(line: list[dict]) -> tuple[str, int]:
    """A margin line as it repeats from page to page: its page number ("2/11") aside, at its height."""
    return _PAGE.sub("#", _plain(line)), round(min(c["top"] for c in line) / 2)


def _is_furniture(line: list[dict]) -> bool:
    """The UN's page furniture: symbol, page number, job number, barcode, "Please recycle"."""
    cells = re.split(r"\s{2,}", _render(line, 10, 4).strip())
    return all(_FURNITURE.match(cell) for cell in cells)


def _plain(line: list[dict]) -> str:
    return re.sub(r"\s+", " ", "".join(c["text"] for c in line)).strip()


def _in_margin(line: list[dict], height: float, widen: float) -> bool:
    top, bottom = min(c["top"] for c in line), max(c["bottom"] for c in line)
    return bottom < _MARGIN * widen * height or top > (1 - _MARGIN * widen) * height
