"""The data contract for terminology: concepts, their terms, and the evidence.

Mining produces `Concept`s with `id=None`; the termbase gives them stable ids
(never reused) and records every change as a numbered version.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from termalign.errors import UserError

STATUSES = ("candidate", "preferred", "admitted", "deprecated", "superseded")
# Statuses a person sets; mining never changes a term that has one of them.
HUMAN_STATUSES = ("preferred", "admitted", "deprecated", "superseded")
TERM_TYPES = ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase")
# What a mined pair is: a term, or UN phraseology (a clause starter or fixed formula such as
# 回顾 ↔ Recalling), which translators need but a terminologist does not record as a term.
KINDS = ("term", "phraseology")
# How much independent evidence backs a mined pair (glossary.validation), strongest first;
# "general" holds common words kept only for their corpus-wide evidence.
TIERS = ("likely", "possible", "general")


# Exports write what mining said of a concept into its note after this prefix; imports leave it
# out, since it describes evidence the imported file does not carry.
MINING_NOTE = "mining: "


def assessment(tier: str, reason: str) -> str:
    """"tier: reason" of a pair as shown and exported; "" for a pair that was never assessed."""
    if not tier:
        return ""
    return f"{tier}: {reason}" if reason else tier


def parse_statuses(value: str | None) -> tuple[str, ...] | None:
    """'preferred,admitted' -> ('preferred', 'admitted'); None or '' stays None (all statuses)."""
    if not value:
        return None
    statuses = tuple(s.strip() for s in value.split(",") if s.strip())
    for status in statuses:
        if status not in STATUSES:
            raise UserError(f"unknown status {status!r}; give a comma-separated list of: {', '.join(STATUSES)}")
    return statuses


def without_mining_note(note: str) -> str:
    """A note read from a glossary file, less the part an export added from the mining evidence."""
    return "; ".join(part for part in note.split("; ") if not part.startswith(MINING_NOTE)).strip()


@dataclass
class Example:
    """One aligned unit where a term pair occurs."""

    doc: str
    bead: str                       # BeadRecord.id
    zh_paragraph: str | None
    en_paragraph: str | None
    zh: str
    en: str

    @classmethod
    def of(cls, record) -> Example:
        """The example a BeadRecord (glossary's input unit) gives."""
        return cls(doc=record.doc, bead=record.id,
                   zh_paragraph=record.zh_paragraphs[0] if record.zh_paragraphs else None,
                   en_paragraph=record.en_paragraphs[0] if record.en_paragraphs else None,
                   zh=record.zh, en=record.en)


@dataclass
class PairEvidence:
    """Why a zh term and an en term are proposed as translations of each other."""

    zh: str
    en: str
    frequency: int                  # aligned units where both occur
    documents: int                  # distinct documents with such a unit
    association: float              # log-likelihood (G²) of the 2×2 table
    consistency: float              # share of the zh term's units rendered by this en term
    similarity: float | None = None  # encoder cosine of the two strings
    examples: list[Example] = field(default_factory=list)
    kind: str = "term"              # one of KINDS
    tier: str = ""                  # one of TIERS; "" for pairs that were never assessed (imports, old bases)
    reason: str = ""                # why that tier, in a terminologist's words

    def assessment(self) -> str:
        """"tier: reason" as shown and exported; "" for a pair that was never assessed."""
        return assessment(self.tier, self.reason)


@dataclass
class Term:
    lang: str                       # "zh" or "en"
    text: str
    status: str = "candidate"       # one of STATUSES
    term_type: str = "fullForm"     # one of TERM_TYPES
    frequency: int = 0              # occurrences in mined units
    documents: int = 0
    note: str = ""
    valid_from: int | None = None   # first termbase version in which the term exists
    valid_to: int | None = None     # last version in which it existed (None: still valid)


@dataclass
class Concept:
    id: str | None                  # "C000123", assigned by the termbase
    terms: list[Term] = field(default_factory=list)
    pairs: list[PairEvidence] = field(default_factory=list)
    note: str = ""

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    @property
    def kind(self) -> str:
        """"phraseology" when every evidence pair is phraseology, else "term"."""
        if self.pairs and all(p.kind == "phraseology" for p in self.pairs):
            return "phraseology"
        return "term"

    @property
    def tier(self) -> str:
        """The strongest tier among the concept's pairs ("" when none was assessed)."""
        tiers = [TIERS.index(p.tier) for p in self.pairs if p.tier in TIERS]
        return TIERS[min(tiers)] if tiers else ""

    def evidence_note(self) -> str:
        """What mining said of the concept, for exports' notes: its kind when it is phraseology, and
        the tier and reason of its best-attested pair ("" when there is nothing to say)."""
        parts = ["UN phraseology"] if self.kind == "phraseology" else []
        best = max(self.pairs, key=lambda p: p.frequency, default=None)
        if best is not None and best.assessment():
            parts.append(best.assessment())
        return "; ".join(parts)

    def to_dict(self) -> dict:
        return {**asdict(self), "kind": self.kind, "tier": self.tier}
