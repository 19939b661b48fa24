"""UN resolution phraseology: clause starters and fixed formulas, a kind of its own (issue 19).

回顾 ↔ Recalling, 表示注意到 ↔ Taking note, 又决定 ↔ Also decides, 鼓励 ↔
Encourages: translators need these renderings as much as terms, but they are
not terms, and a terminologist reviewing a term list should not have to wade
through them. They are recognised from a list we wrote (`data/phraseology.tsv`:
each Chinese starter with its standard preambular and operative English, and a
few fixed formulas such as 题为 ↔ entitled) and from where they stand: a
starter opens its paragraph, on both sides of an aligned unit.

`find` collects the starters of aligned texts as concepts of kind
"phraseology" (terms typed "phrase"); `is_phraseology` tells mining which of
its own pairs are phraseology so that they leave the term proposals; and
`expected_starters` serves the QA check that a preambular paragraph's starter
is rendered with the standard equivalent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from termalign.align.anchors import leading_label
from termalign.align.bitext import BeadRecord
from termalign.glossary.candidates import en_key, zh_key
from termalign.glossary.concepts import Concept, Example, PairEvidence, Term

CLAUSES = ("preambular", "operative")
_SENTENCE_ID = regex.compile(r"\.s(\d+)$")
# What may stand before a starter: Markdown emphasis, spaces, an opening quote.
_LEAD = regex.compile(r"^[\s*_“\"]*")


@dataclass(frozen=True)
class Entry:
    """One line of the list: a Chinese starter (or formula) and its standard English renderings."""

    type: str                               # "starter" or "formula"
    zh: str
    english: dict[str, tuple[str, ...]]     # clause ("preambular", "operative"; "formula") -> renderings

    def renderings(self) -> tuple[str, ...]:
        return tuple(e for forms in self.english.values() for e in forms)


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """The phraseology list shipped with termalign."""
    found = []
    text = (resources.files("termalign.glossary") / "data" / "phraseology.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, zh, *english = line.split("\t")
        def split(cell: str) -> tuple[str, ...]:
            return tuple(form.strip() for form in cell.split("|") if form.strip())
        if kind == "formula":
            forms = {"formula": split(english[0])}
        else:
            forms = {clause: split(cell) for clause, cell in zip(CLAUSES, english + [""]) if split(cell)}
        found.append(Entry(kind, zh, forms))
    return tuple(found)


def _starters() -> list[Entry]:
    return sorted((e for e in entries() if e.type == "starter"), key=lambda e: -len(e.zh))


def _strip_lead(text: str, lang: str) -> str:
    """The text after a paragraph number or label and leading emphasis ("1. **促请**会员国")."""
    text = _LEAD.sub("", text)
    label = leading_label(text, lang)
    if label is not None:
        text = text[label.end:]
    return _LEAD.sub("", text)


def zh_starter(text: str) -> Entry | None:
    """The longest listed starter that opens a Chinese paragraph."""
    text = _strip_lead(text, "zh")
    return next((e for e in _starters() if text.startswith(e.zh)), None)


def en_starter(text: str, entry: Entry) -> tuple[str, str] | None:
    """(clause, rendering as written) of ENTRY's longest rendering that opens an English paragraph."""
    text = _strip_lead(text, "en")
    candidates = sorted(((clause, form) for clause, forms in entry.english.items() for form in forms),
                        key=lambda cf: -len(cf[1]))
    for clause, form in candidates:
        if text[:len(form)].casefold() == form.casefold() and not text[len(form):len(form) + 1].isalpha():
            return clause, text[:len(form)]
    return None


def any_en_starter(text: str) -> tuple[Entry, str, str] | None:
    """(entry, clause, rendering) for the longest listed rendering opening an English paragraph."""
    best: tuple[Entry, str, str] | None = None
    for entry in _starters():
        found = en_starter(text, entry)
        if found and (best is None or len(found[1]) > len(best[2])):
            best = (entry, *found)
    return best


def opens_paragraph(record: BeadRecord) -> bool:
    """True when the unit starts its paragraph on the zh side: a paragraph bead, the first sentence
    (p12.s1), or a line of a pre-split text (ids without sentence numbers)."""
    if record.level != "sentence" or not record.zh_ids:
        return True
    m = _SENTENCE_ID.search(record.zh_ids[0])
    return m is None or m.group(1) == "1"


def is_phraseology(zh: str, en: str) -> Entry | None:
    """The list entry a mined pair belongs to, or None.

    ZH may be a cut of a listed starter (jieba gives 表示注意 for 表示注意到); EN must be one of that
    entry's renderings."""
    z, e = zh_key(zh), en_key(en)
    for entry in entries():
        if (entry.zh == z or (entry.type == "starter" and entry.zh.startswith(z) and len(z) >= 2)) \
                and any(en_key(form) == e for form in entry.renderings()):
            return entry
    return None


def starter_prefix(zh: str, en: str) -> Entry | None:
    """The listed starter that a mined pair begins with on both sides (鼓励会员国 ↔ Encourages Member
    States): such a pair is a clause opening, not a term."""
    for entry in _starters():
        if zh.startswith(entry.zh) and len(zh) > len(entry.zh):
            found = en_starter(en, entry)
            if found is not None and len(en) > len(found[1]):
                return entry
    return None


def find(records: Iterable[BeadRecord], examples: int = 3) -> list[Concept]:
    """The listed clause starters found opening aligned paragraphs, as phraseology concepts.

    A starter counts when the Chinese paragraph opens with it and the English opens with one of
    its standard renderings. Starters that share a rendering (确认 and 认识到 are both
    Recognizing) form one concept, as the termbase would merge them.
    """
    return concepts(scan(records, examples), examples)


@dataclass
class StarterCounts:
    """What `find` needs from a group of units, mergeable over groups (the shards of a mining run):
    per (starter, rendering key) in first-seen order its units, documents, first EXAMPLES examples,
    clause and first written form; per starter, the paragraphs it opened."""

    seen: dict[tuple[str, str], list] = field(default_factory=dict)    # key -> [units, docs, examples]
    clause_of: dict[tuple[str, str], str] = field(default_factory=dict)
    written: dict[tuple[str, str], str] = field(default_factory=dict)
    opened: dict[str, int] = field(default_factory=dict)

    def merge(self, other: "StarterCounts", examples: int) -> None:
        """Add OTHER, the counts of the units that come after these."""
        for key, (units, docs, found) in other.seen.items():
            mine = self.seen.setdefault(key, [0, set(), []])
            mine[0] += units
            mine[1] |= docs
            mine[2].extend(found[:examples - len(mine[2])])
        self.clause_of.update(other.clause_of)
        for key, form in other.written.items():
            self.written.setdefault(key, form)
        for zh, n in other.opened.items():
            self.opened[zh] = self.opened.get(zh, 0) + n


def scan(records: Iterable[BeadRecord], examples: int = 3) -> StarterCounts:
    """The clause starters opening the paragraphs of RECORDS, counted (see `StarterCounts`)."""
    counts = StarterCounts()
    for record in records:
        if not (record.zh.strip() and record.en.strip()) or not opens_paragraph(record):
            continue
        entry = zh_starter(record.zh)
        if entry is None:
            continue
        counts.opened[entry.zh] = counts.opened.get(entry.zh, 0) + 1
        found = en_starter(record.en, entry)
        if found is None:
            continue
        clause, form = found
        key = (entry.zh, en_key(form))
        units = counts.seen.setdefault(key, [0, set(), []])
        units[0] += 1
        units[1].add(record.doc)
        if len(units[2]) < examples:
            units[2].append(Example.of(record))
        counts.clause_of[key] = clause
        counts.written.setdefault(key, form)
    return counts


def concepts(counts: StarterCounts, examples: int = 3) -> list[Concept]:
    """Phraseology concepts from merged starter counts."""
    seen, clause_of, written, opened = counts.seen, counts.clause_of, counts.written, counts.opened
    groups: list[dict] = []
    home: dict[tuple[str, str], int] = {}
    for zh, en in seen:
        at = home.get(("zh", zh), home.get(("en", en)))
        if at is None:
            at = len(groups)
            groups.append({"zh": [], "en": [], "pairs": []})
        group = groups[at]
        for lang, text in (("zh", zh), ("en", en)):
            if (lang, text) not in home:
                home[(lang, text)] = at
                group[lang].append(text)
        group["pairs"].append((zh, en))
    concepts = []
    for group in groups:
        pairs = []
        for zh, en in group["pairs"]:
            units, docs, found = seen[(zh, en)]
            clause = clause_of[(zh, en)]
            documents = len(docs)
            pairs.append(PairEvidence(
                zh=zh, en=written[(zh, en)], frequency=units, documents=documents,
                association=0.0, consistency=round(units / opened[zh], 3),
                examples=list(found[:examples]), kind="phraseology", tier="likely",
                reason=f"standard {clause} clause starter, opening {units} paragraph"
                       f"{'s' if units != 1 else ''} in {documents} document{'s' if documents != 1 else ''}"))
        terms = [Term(lang="zh", text=zh, term_type="phrase",
                      frequency=sum(p.frequency for p in pairs if p.zh == zh),
                      documents=max(p.documents for p in pairs if p.zh == zh)) for zh in group["zh"]]
        terms += [Term(lang="en", text=next(p.en for p in pairs if en_key(p.en) == en), term_type="phrase",
                       frequency=sum(p.frequency for p in pairs if en_key(p.en) == en),
                       documents=max(p.documents for p in pairs if en_key(p.en) == en)) for en in group["en"]]
        concepts.append(Concept(id=None, terms=terms, pairs=pairs))
    return concepts

