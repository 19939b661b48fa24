"""The data contract for a read document: typed, clean paragraphs.

See DESIGN.md: every downstream step (alignment, mining, QA, drift) works on
`Paragraph.text`; `raw` keeps the original characters so a paragraph can always
be traced back to its source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

KINDS = ("title", "meta", "heading", "preamble", "operative", "subparagraph", "footnote", "closing")
LANGS = ("zh", "en")


@dataclass
class Paragraph:
    id: str                 # stable within a document: "p1", "p2", … in reading order
    kind: str               # one of KINDS
    number: str | None      # "12", "(a)", footnote "3", or None
    text: str               # clean: no footnote markers, no Markdown, no wrap artefacts
    raw: str                # the original characters it came from
    notes: list[str] = field(default_factory=list)  # footnote numbers cited
    lang: str = "zh"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Paragraph:
        return cls(**{k: data[k] for k in ("id", "kind", "number", "text", "raw", "notes", "lang")})


@dataclass
class Sentence:
    id: str                 # "<paragraph id>.s<n>", e.g. "p12.s2"
    paragraph: str          # id of the paragraph it belongs to
    text: str


@dataclass
class Document:
    lang: str
    paragraphs: list[Paragraph]
    source: str = ""            # file name it was read from
    symbol: str | None = None   # document symbol found in the text, e.g. "A/RES/74/197"
    date: str | None = None     # ISO date of adoption found in the text, e.g. "2019-12-19"
    # What the text was read from: "text" (an extraction, as typed), "pdf" (its line breaks are the
    # page's) or "word" (.docx/.doc: automatic numbers and footnote references are not text). It decides
    # the segment text a CAT tool sees in the file, which TMX units copy (align.pipeline._source).
    origin: str = "text"
    # A .docx document's paragraphs as a CAT tool cuts them, with the inline codes it shows as tags
    # (align.docx.read_docx): a TMX unit holds them to be an exact match (align.sourceview).
    cat_segments: list[str] | None = None

    def body(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind != "footnote"]

    def footnotes(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "footnote"]

    def paragraph(self, pid: str) -> Paragraph:
        for p in self.paragraphs:
            if p.id == pid:
                return p
        raise KeyError(pid)

    @property
    def name(self) -> str:
        """How reports and TMX provenance name the document."""
        return self.symbol or self.source
