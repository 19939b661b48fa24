"""One normal form for comparing terms: the key the termbase indexes and lookup queries.

English: width-folded (NFKC), case-folded, hyphens and runs of spaces folded to
one space. Chinese: width-folded, spaces removed. Plural and inflection folding
is a mining concern and does not belong here: a key must stay predictable for
a person typing a query.
"""

from __future__ import annotations

import unicodedata

import regex

_HAN = regex.compile(r"\p{Han}")
_SPACES = regex.compile(r"[\s\p{Pd}]+")


def script_lang(text: str) -> str:
    """'zh' when the text contains Han characters, else 'en'."""
    return "zh" if _HAN.search(text) else "en"


def term_key(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    if lang == "zh":
        return _SPACES.sub("", text)
    return _SPACES.sub(" ", text.casefold()).strip()
