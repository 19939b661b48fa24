"""The termbase entries the terminology checks need, indexed for finding terms in running text.

Chinese terms are found as substrings; English terms word by word, with case,
hyphens and a regular plural folded (Member State ≈ member states ≈
Member-States). Acronyms (all capitals) must match in capitals, so that WHO
is not found in "who". Where terms overlap the longest wins, so 人权理事会 is
not also read as 人权.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import regex

from termalign.glossary.normalize import singular

APPROVED = ("preferred", "admitted")
REJECTED = ("deprecated", "superseded")

_WORD = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True)
class Entry:
    concept: str
    lang: str
    text: str
    status: str


@dataclass(frozen=True)
class TermMention:
    entry: Entry
    start: int
    end: int


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(folded word, original word, start, end) for each English word."""
    return [(singular(m.group().casefold()), m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def rendering_key(entry: Entry) -> str:
    """One key for the variants of a term that the index finds as the same term."""
    text = unicodedata.normalize("NFKC", entry.text)
    if entry.lang == "zh":
        return text.strip()
    return " ".join(t[0] for t in _tokens(text))


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


class TermFinder:
    """Every term of the termbase, ready to be looked for in a zh or en text."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_concept: dict[str, list[Entry]] = defaultdict(list)
        # Keyed by the first two characters (or words) of each term, or the only one: buckets stay
        # small even for a base of tens of thousands of terms that share common first characters.
        self._zh: dict[str, list[Entry]] = defaultdict(list)
        self._en: dict[tuple[str, ...], list[tuple[tuple[str, ...], tuple[str, ...], Entry]]] = defaultdict(list)
        for e in entries:
            self.by_concept[e.concept].append(e)
            if e.lang == "zh":
                key = unicodedata.normalize("NFKC", e.text).strip()
                if key:
                    self._zh[key[:2]].append(Entry(e.concept, e.lang, key, e.status))
            else:
                toks = _tokens(unicodedata.normalize("NFKC", e.text))
                if toks:
                    folded = tuple(t[0] for t in toks)
                    self._en[folded[:2]].append((folded, tuple(t[1] for t in toks), e))
        for bucket in self._zh.values():
            bucket.sort(key=lambda e: -len(e.text))
        for en_bucket in self._en.values():
            en_bucket.sort(key=lambda item: -len(item[0]))

    @classmethod
    def from_termbase(cls, termbase) -> TermFinder:
        """All terms of the latest version (a light index query: no evidence is loaded)."""
        return cls([Entry(r.concept_id, r.lang, r.text, r.status) for r in termbase.term_rows()])

    def find(self, text: str, lang: str) -> list[TermMention]:
        """Non-overlapping term occurrences in TEXT, longest first where they compete."""
        return self._find_zh(text) if lang == "zh" else self._find_en(text)

    def _find_zh(self, text: str) -> list[TermMention]:
        folded = unicodedata.normalize("NFKC", text)
        if len(folded) != len(text):   # spans must index the text as written
            folded = text
        hits: list[TermMention] = []
        i = 0
        while i < len(folded):
            best: list[Entry] = []
            for entry in [*self._zh.get(folded[i:i + 2], ()), *self._zh.get(folded[i], ())]:
                if best and len(entry.text) < len(best[0].text):
                    break
                if folded.startswith(entry.text, i):
                    best.append(entry)
            if best:
                hits.extend(TermMention(e, i, i + len(e.text)) for e in best)
                i += len(best[0].text)
            else:
                i += 1
        return hits

    def _find_en(self, text: str) -> list[TermMention]:
        toks = _tokens(text)
        hits: list[TermMention] = []
        i = 0
        while i < len(toks):
            best: list[TermMention] = []
            size = 0
            pair = tuple(t[0] for t in toks[i:i + 2])
            for folded, words, entry in [*self._en.get(pair, ()), *self._en.get(pair[:1], ())]:
                n = len(folded)
                if best and n < size:
                    break
                window = toks[i:i + n]
                if len(window) == n and all(w[0] == f for w, f in zip(window, folded)) and all(
                        w[1] == orig for w, orig in zip(window, words) if _is_acronym(orig)):
                    best.append(TermMention(entry, window[0][2], window[-1][3]))
                    size = n
            if best:
                hits.extend(best)
                i += size
            else:
                i += 1
        return hits
