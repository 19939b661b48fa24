"""What a QA check is, what it reports, and the one registry that lists every check.

A check is one function registered here with `@check(...)`; `termalign qa
--list-checks`, `--checks`, and the HTML summary and filters all read this
registry, so a new check is added in exactly one place.

Two shapes of check exist: a *bead* check looks at one aligned unit at a time
(numbers, dates, punctuation …); a *document* check needs the whole document
(a score that is low *for this document*, a term rendered two ways).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property

import regex

from termalign.align.anchors import Anchor, Anchors, extract
from termalign.align.bitext import BeadRecord
from termalign.glossary.qa.termfinder import TermMention, TermFinder

SEVERITIES = ("error", "warning", "info")
_PARAGRAPH_ID = regex.compile(r"^p\d+(?:\.s\d+)?$")


def paragraph_labels(record: BeadRecord, lang: str) -> list[str]:
    """How a report names the paragraphs of one side of RECORD: operative numbers and ids as the
    reader gave them, and footnote numbers as footnotes ("footnote 4"), so that they are not read
    as operative paragraph 4."""
    labels = record.zh_paragraphs if lang == "zh" else record.en_paragraphs
    if record.kind != "footnote":
        return list(labels)
    return [label if _PARAGRAPH_ID.match(label) else f"footnote {label}" for label in labels]


@dataclass
class Finding:
    """One thing a reviser should look at, with enough context to act on it."""

    check: str                      # registered check id, e.g. "numbers"
    severity: str                   # "error" | "warning" | "info"
    message: str                    # what is wrong and what to do
    doc: str                        # document the bead comes from
    bead: str                       # BeadRecord.id
    position: int                   # the bead's place in its document (0-based, reading order)
    zh_paragraphs: list[str]        # paragraph numbers (operative numbers, else ids) on each side
    en_paragraphs: list[str]
    zh: str                         # the two texts, as aligned
    en: str
    zh_spans: list[tuple[int, int]] = field(default_factory=list)   # offending character spans
    en_spans: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["zh_spans"] = [list(s) for s in self.zh_spans]
        data["en_spans"] = [list(s) for s in self.en_spans]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        values = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        values["zh_spans"] = [tuple(s) for s in data.get("zh_spans", [])]
        values["en_spans"] = [tuple(s) for s in data.get("en_spans", [])]
        return cls(**values)

    def spans(self, lang: str) -> list[tuple[int, int]]:
        return self.zh_spans if lang == "zh" else self.en_spans

    def excerpts(self, lang: str) -> list[str]:
        text = self.zh if lang == "zh" else self.en
        return [text[a:b] for a, b in self.spans(lang)]


@dataclass
class Unit:
    """A bead under review, with the anchors of both sides extracted once."""

    index: int                      # position in the document
    record: BeadRecord

    @cached_property
    def anchors(self) -> dict[str, Anchors]:
        return {"zh": extract(self.record.zh, "zh"), "en": extract(self.record.en, "en")}

    def text(self, lang: str) -> str:
        return self.record.zh if lang == "zh" else self.record.en


@dataclass
class Context:
    """One document under review: its units, the direction, and the termbase's terms."""

    doc: str
    units: list[Unit]
    source_lang: str = "zh"
    terms: TermFinder | None = None
    _hits: dict[tuple[int, str], list[TermMention]] = field(default_factory=dict, repr=False)

    @property
    def target_lang(self) -> str:
        return "en" if self.source_lang == "zh" else "zh"

    def side(self, lang: str) -> str:
        return "source" if lang == self.source_lang else "translation"

    @cached_property
    def _group_of(self) -> dict[int, list[Unit]]:
        groups: list[list[Unit]] = []
        for unit in self.units:
            r = unit.record
            if groups:
                prev = groups[-1][-1].record
                if any(set(paragraph_labels(prev, lang)) & set(paragraph_labels(r, lang)) for lang in ("zh", "en")):
                    groups[-1].append(unit)
                    continue
            groups.append([unit])
        return {u.index: group for group in groups for u in group}

    def paragraph_group(self, unit: Unit) -> list[Unit]:
        """The consecutive units aligned inside the same paragraphs as UNIT (sentence beads of one
        paragraph pair; UNIT alone when the alignment is by paragraph)."""
        return self._group_of[unit.index]

    def group_anchors(self, unit: Unit, lang: str, kind: str) -> list[Anchor]:
        """The anchors of KIND on the LANG side of UNIT's whole paragraph group."""
        return [a for u in self.paragraph_group(unit) for a in u.anchors[lang].of_kind(kind)]

    def term_finder(self) -> TermFinder:
        """The termbase's terms, for the checks registered with needs_termbase (which run only with one)."""
        if self.terms is None:
            raise RuntimeError("a terminology check ran without a termbase")
        return self.terms

    def term_hits(self, unit: Unit, lang: str) -> list[TermMention]:
        """Termbase terms found in one side of UNIT (looked up once, shared by the terminology checks)."""
        key = (unit.index, lang)
        if key not in self._hits:
            self._hits[key] = self.terms.find(unit.text(lang), lang) if self.terms else []
        return self._hits[key]


@dataclass(frozen=True)
class Check:
    id: str
    group: str                      # the module it lives in: "numbers", "terminology" …
    severity: str                   # default severity of its findings
    title: str                      # one line for --list-checks and the HTML summary
    scope: str                      # "bead" or "document"
    needs_termbase: bool
    func: Callable

    @property
    def description(self) -> str:
        """The function's docstring: what the check flags and why."""
        return " ".join((self.func.__doc__ or self.title).split())

    def run(self, ctx: Context) -> Iterator[Finding]:
        if self.scope == "document":
            yield from self.func(ctx)
        else:
            for unit in ctx.units:
                yield from self.func(unit, ctx)


REGISTRY: dict[str, Check] = {}


def check(id: str, *, severity: str, title: str, scope: str = "bead",
          needs_termbase: bool = False) -> Callable[[Callable], Callable]:
    """Register a check function under ID (decorator)."""
    if severity not in SEVERITIES or scope not in ("bead", "document"):
        raise ValueError(f"check {id}: bad severity {severity!r} or scope {scope!r}")

    def register(func: Callable) -> Callable:
        if id in REGISTRY:
            raise ValueError(f"check id {id!r} registered twice")
        group = func.__module__.rsplit(".", 1)[-1]
        REGISTRY[id] = Check(id, group, severity, title, scope, needs_termbase, func)
        return func

    return register


def finding(check_id: str, unit: Unit, message: str, *,
            spans: Mapping[str, Iterable[tuple[int, int]]] | None = None, severity: str | None = None) -> Finding:
    """A finding about UNIT, with texts and paragraph numbers taken from its record.

    SPANS: per language ("zh", "en"), the (start, end) character spans the finding is about.
    """
    spans = spans or {}
    zh_spans, en_spans = spans.get("zh", ()), spans.get("en", ())
    r = unit.record
    return Finding(check=check_id, severity=severity or REGISTRY[check_id].severity, message=message,
                   doc=r.doc, bead=r.id, position=unit.index, zh_paragraphs=paragraph_labels(r, "zh"), en_paragraphs=paragraph_labels(r, "en"),
                   zh=r.zh, en=r.en, zh_spans=sorted(set(zh_spans)), en_spans=sorted(set(en_spans)))

