"""Footnote blocks in text extracted from a PDF, where the rule above them is lost.

A PDF draws the short rule over the footnotes as a graphic, so pdftotext
leaves the footnotes as plain lines between the page's last text line and
its footer: "     1 A/81/215." The reader knows a footnote block by its
separator; `mark_footnote_blocks` puts one back where a page (text up to a
form feed) ends with a run of lines numbered as the next footnotes, after a
blank line, with only blank lines or page furniture under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LABEL = re.compile(r"^(\s*)(\d{1,3})\s+\S")
_SEPARATOR = "_" * 15


def mark_footnote_blocks(text: str, is_furniture: Callable[[str], bool]) -> str:
    """TEXT with a separator line put back above each page's footnote block."""
    if "\f" not in text and "_____" in text:
        return text
    pages = text.split("\f")
    last = 0                      # footnotes are numbered through the document
    out = []
    for page in pages:
        lines = page.split("\n")
        end = len(lines)
        while end and (not lines[end - 1].strip() or is_furniture(lines[end - 1].strip())):
            end -= 1
        start, numbers = end, []
        for k in range(end - 1, -1, -1):          # up over the footnotes and their wrapped lines
            m = _LABEL.match(lines[k])
            if m:
                numbers.append(int(m.group(2)))
                start = k
            elif not lines[k].strip():
                break
        numbers.reverse()
        labelled = start < end and _LABEL.match(lines[start])
        if (labelled and numbers and numbers[0] in (last + 1, 1) and start > 0 and not lines[start - 1].strip()
                and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
                and not any(_SEPARATOR in line for line in lines[:start])):
            lines.insert(start, labelled.group(1) + _SEPARATOR)
            last = numbers[-1]
        out.append("\n".join(lines))
    return "\f".join(out)
