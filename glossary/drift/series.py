"""The versions of a document series, in order, with their paragraphs tokenised.

A series is ordered by the date the reader finds in each document: the
adoption date, or for a draft the year its session opened.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import regex

from termalign.align.document import Document, Paragraph
from termalign.errors import InputError

# What follows a paragraph number that opens the text ("12. ", "(a) ", "3．").
_AFTER_NUMBER = regex.compile(r"^[.．、]?\s*")
_EN_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*|\d+(?:[.,/]\d+)*|\S")
# Kinds compared between versions: footnotes follow their paragraphs and are left out.
COMPARED_KINDS = ("title", "heading", "preamble", "operative", "subparagraph", "closing")


@dataclass(frozen=True)
class Token:
    text: str
    pos: str        # jieba part of speech for Chinese ("n", "v", "ns", "x", …); "w" word or "x" other for English
    start: int      # character span in the paragraph's comparable text
    end: int


@dataclass
class SeriesVersion:
    """One document of the series as drift compares it."""

    index: int
    doc: Document
    label: str                      # how reports name it: "2018 A/RES/73/218"
    paragraphs: list[Paragraph] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)          # paragraph id -> comparable text
    tokens: dict[str, list[Token]] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.doc.lang

    @property
    def date(self) -> str:
        return self.doc.date or ""

    @functools.cached_property
    def word_index(self) -> dict[str, list[tuple[str, int]]]:
        """Word -> (paragraph id, token index) of each of its occurrences."""
        index = defaultdict(list)
        for p in self.paragraphs:
            for k, token in enumerate(self.tokens[p.id]):
                index[token.text].append((p.id, k))
        return index

    def spans(self, words: list[str]):
        """(paragraph id, start, stop) token ranges where the word sequence WORDS occurs."""
        for pid, k in self.word_index.get(words[0], ()):
            tokens = self.tokens[pid]
            if [t.text for t in tokens[k:k + len(words)]] == words:
                yield pid, k, k + len(words)

    def count(self, forms: list[str], whole_words: bool = False) -> list[int]:
        """Occurrences of each form in the version, longest first, none counted inside another.

        With WHOLE_WORDS, not where a form is only part of one longer word
        (发展会议 is not counted inside the name 联合国贸易和发展会议).
        """
        pattern = regex.compile("|".join(regex.escape(f) for f in sorted(set(forms), key=len, reverse=True)))
        found: Counter[str] = Counter()
        for p in self.paragraphs:
            found.update(m.group() for m in pattern.finditer(self.texts[p.id])
                         if not whole_words or not self._inside_word(p.id, m.start(), m.end()))
        return [found[f] for f in forms]

    def _inside_word(self, pid: str, start: int, end: int) -> bool:
        return any(t.start <= start and end <= t.end and t.end - t.start > end - start for t in self.tokens[pid])

    def where(self, form: str, whole_words: bool = False) -> list[str]:
        """Paragraph labels (operative number, else id) in which FORM occurs."""
        return [paragraph_label(p) for p in self.paragraphs if self._found(form, p.id, whole_words)]

    def _found(self, form: str, pid: str, whole_words: bool) -> bool:
        text = self.texts[pid]
        if not whole_words:
            return form in text
        return any(not self._inside_word(pid, m.start(), m.end())
                   for m in regex.finditer(regex.escape(form), text, overlapped=True))


def paragraph_label(p: Paragraph) -> str:
    return f"para {p.number}" if p.number and p.kind in ("operative", "subparagraph") else p.id


def comparable_text(p: Paragraph) -> str:
    """The paragraph text without its leading number, so a renumbered paragraph compares equal."""
    text = p.text.strip()
    if p.number and text.startswith(p.number):
        text = _AFTER_NUMBER.sub("", text[len(p.number):], count=1)
    return text


@functools.lru_cache(maxsize=4096)
def tokenize(text: str, lang: str) -> tuple[Token, ...]:
    """Words with parts of speech (jieba for Chinese), each with its character span.

    Cached: most paragraphs recur unchanged from one version to the next.
    """
    if lang == "zh":
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        tokens, pos = [], 0
        for pair in jieba.posseg.cut(text):
            tokens.append(Token(pair.word, pair.flag, pos, pos + len(pair.word)))
            pos += len(pair.word)
        return tuple(t for t in tokens if t.text.strip())
    return tuple(Token(m.group(), "w" if m.group()[0].isalpha() else "x", m.start(), m.end())
                 for m in _EN_TOKEN.finditer(text))


def build_series(docs: list[Document]) -> list[SeriesVersion]:
    """The documents as ordered, tokenised versions; at least two, all in one language."""
    if len(docs) < 2:
        raise InputError("drift compares versions of a document: give two or more files")
    langs = {d.lang for d in docs}
    if len(langs) > 1:
        raise InputError(f"one series holds one language, got {sorted(langs)}: "
                        "group the files by language first")
    undated = [d.source or d.name for d in docs if not d.date]
    if undated:
        raise InputError(f"no date found in {', '.join(undated)}: drift orders a series by the adoption "
                        "date (or session year) the reader finds in each text; check what the reader finds in it")
    # ISO dates of any precision ("2017", "2018-12-20") sort as text; ties keep argument order
    ordered = sorted(docs, key=lambda d: d.date or "")   # every one has a date (checked above)
    versions = []
    for index, doc in enumerate(ordered):
        version = SeriesVersion(index, doc, f"{(doc.date or '')[:4]} {doc.symbol or Path(doc.source).name}")
        version.paragraphs = [p for p in doc.paragraphs if p.kind in COMPARED_KINDS and p.text.strip()]
        if not version.paragraphs:
            raise InputError(f"{doc.source or doc.name}: no paragraphs of text to compare "
                            "(is it an empty file or only a title page?)")
        for p in version.paragraphs:
            text = comparable_text(p)
            version.texts[p.id] = text
            version.tokens[p.id] = list(tokenize(text, doc.lang))
        versions.append(version)
    return versions
