"""From a file's bytes to text, and which language that text is in.

UN texts reach translators as UTF-8 (with or without a BOM), UTF-16 exported
from Word, or GB18030 from older Chinese tools. Anything else, binary data and
empty files are refused with a one-line UserError rather than read as mojibake.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import NamedTuple

import regex

from termalign.align.document import LANGS
from termalign.errors import InputError, LanguageError, SettingError


_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE BOM
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control (but not layout), private-use and unassigned characters, and the
# replacement character a lossy decoder leaves: many of them mean binary data.
# One regex pass rather than a category lookup per character: 50 MB in a second.
_ODD = regex.compile(r"[[\p{Cc}\p{Co}\p{Cn}\ufffd]--[\t\n\r\f\v]]", regex.V1)
_HAN = regex.compile(r"\p{Han}")
_HAN_IN_WORD = regex.compile(r"(?<=[A-Za-z])\p{Han}(?=[A-Za-z])")
_LATIN = regex.compile(r"\p{Latin}")
# Below this share of Han among Han + Latin letters a text is English; UN
# Chinese keeps symbols (A/C.2/59/3) and names in Latin script, so the bar is low.
_ZH_SHARE = 0.3


def decode(data: bytes, source: str = "input") -> str:
    """Decode DATA as UTF-8 (BOM optional), UTF-16/32 with a BOM, or GB18030."""
    if not data.strip():
        raise InputError(f"{source} is empty: give a file that contains the document's text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{source} starts with a {encoding.upper()} byte-order mark but is not "
                                f"valid {encoding.upper()}: re-save it as UTF-8") from None
            return _checked(text, source)
    if b"\x00" in data:
        raise InputError(f"{source} looks like a binary file (or UTF-16 without a byte-order mark): "
                        "give a plain-text file saved as UTF-8")
    try:
        return _checked(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is None or _misread_latin(gb_text):
        raise InputError(f"{source} is neither UTF-8, UTF-16 nor GB18030 text (Latin-1 or Windows-1252?): "
                        "re-save it as UTF-8")
    return _checked(gb_text, source)


def _misread_latin(text: str) -> bool:
    """Whether TEXT is Latin-1/Windows-1252 that happened to decode as GB18030.

    An accented letter read as GB18030 turns into a Chinese character inside a
    Latin word ("Résolution" → "R閟olution"); real Chinese text seldom has a
    Chinese character with a Latin letter on both sides.
    """
    han = _count(_HAN, text)
    return han > 0 and _count(_HAN_IN_WORD, text) / han > 0.1


def _count(pattern: regex.Pattern, text: str) -> int:
    """How often PATTERN occurs in TEXT, without a list of the matches (a 50 MB text has millions)."""
    return pattern.subn("", text)[1]


def _checked(text: str, source: str) -> str:
    if not text.strip():
        raise InputError(f"{source} is empty: give a file that contains the document's text")
    odd = _count(_ODD, text)
    if odd > max(2, len(text) // 200):
        raise InputError(f"{source} does not look like text ({odd} control or unassigned characters): "
                        "give a plain-text file saved as UTF-8")
    return text


class Source(NamedTuple):
    """A document file as read: its text, what it was read from ("text", "pdf" or "word"), and for a
    .docx its paragraphs as a CAT tool cuts them, with their inline codes (align.docx.read_docx)."""
    text: str
    origin: str
    cat_segments: list[str] | None = None


def read_file(path: str | Path) -> str:
    """The text of the document at PATH: a PDF or Word file's text, or a text file decoded (see `decode`)."""
    return read_source(path).text


def read_source(path: str | Path) -> Source:
    """The document at PATH, read once: its text (`read_file`), origin and CAT segments (`Source`)."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder: give the path of a text file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist: check the file name") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    # a PDF or Word document becomes the text the reader reads; every command reads documents through here
    from termalign.align.inputs import document_content, kind

    origin = {"pdf": "pdf", "docx": "word", "doc": "word"}.get(kind(data), "text")
    content = document_content(data, str(path))
    if content is None:
        return Source(decode(data, str(path)), origin)
    text, segments = content
    return Source(_checked(text, str(path)), origin, segments)


def han_share(text: str) -> float | None:
    """Share of Han characters among Han and Latin letters; None when there are neither."""
    han = _count(_HAN, text)
    latin = _count(_LATIN, text)
    return han / (han + latin) if han + latin else None


def detect_lang(text: str) -> str:
    """'zh' or 'en', from the script the text is mostly written in."""
    share = han_share(text)
    if share is None:
        raise LanguageError("cannot tell the language: the text has no Chinese or Latin letters; "
                            "say which language it is")
    return "zh" if share >= _ZH_SHARE else "en"


def resolve_lang(text: str, declared: str = "auto", source: str = "the text") -> str:
    """The document's language: DECLARED checked against the text, or detected when 'auto'."""
    if declared not in (*LANGS, "auto"):
        raise SettingError("language", f"unknown language {declared!r}: use auto, zh or en")
    if declared != "auto" and han_share(text) is None:
        return declared                 # nothing in the text to contradict it
    detected = detect_lang(text)
    if declared != "auto" and declared != detected:
        names = {"zh": "Chinese", "en": "English"}
        raise LanguageError(f"{source} looks {names[detected]} but {names[declared]} was expected: "
                            "check that this is the right file", found=detected, expected=declared)
    return detected
