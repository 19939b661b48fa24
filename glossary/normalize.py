"""One normal form for comparing terms: the key the termbase indexes and lookup queries.

English: width-folded (NFKC), case-folded, hyphens and runs of spaces folded to
one space. Chinese: width-folded, spaces removed. The key folds no plurals: it
must stay predictable for a person typing a query. Mining (counting) and QA
(finding a term in running text) fold plurals too, with `singular`.
"""

from __future__ import annotations

import unicodedata

import regex

_HAN = regex.compile(r"\p{Han}")
_SPACES = regex.compile(r"[\s\p{Pd}]+")
# Control characters (C0, DEL, C1), lone surrogates and the two non-characters XML forbids: none
# belongs in a term or note; an ESC could drive a terminal, and XML and XLSX cannot hold most of them.
_CONTROLS = regex.compile(r"[\x00-\x1f\x7f-\x9f\p{Cs}\ufffe\uffff]")


def clean_text(text: str) -> str:
    """TEXT with every control character (tab and newline included) turned into a space, trimmed."""
    return _CONTROLS.sub(" ", text).strip()


def script_lang(text: str) -> str:
    """'zh' when the text contains Han characters, else 'en'."""
    return "zh" if _HAN.search(text) else "en"


def term_key(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    if lang == "zh":
        return _SPACES.sub("", text)
    return _SPACES.sub(" ", text.casefold()).strip()


def variant_words(key: str) -> tuple[str, ...]:
    """The distinct words of a KEY of several words, of which a close variant (a fuzzy hit) shares all
    but one, when any key does; () for a single word (a Chinese key, written without spaces, is one).

    The word left out may be misspelt or another word: "Internet Govrenance Forum" finds Internet
    Governance Forum and Internet Governance Conference, not Internal Government Forum, which is as close
    letter by letter. In a base of 500,000 concepts most keys within Indel similarity 60 of a misspelt
    name of three or four words share one word with it, or none: noise in a translator's list. It is
    also what lets a server find variants in an index of words instead of comparing trigrams."""
    words = tuple(sorted(set(key.split(" "))))
    return words if len(words) > 1 else ()


def singular(word: str) -> str:
    """A lower-case English word with a regular plural folded: states → state, bodies → body."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ous", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word
