"""How termbase data reads on the page: highlighted examples, status labels, version summaries.

Every piece of termbase text reaches the page through Jinja's autoescaping or
through `highlight`, which escapes each piece itself before adding <mark>, so
a term like `<script>` is always shown as text.
"""

from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape

from termalign.glossary.formats.base import AVOID, best_pair, ordered_terms
from termalign.glossary.concepts import TIERS, Concept, Example, PairEvidence

COUNT_LABELS = (("concepts_added", "new concepts"), ("concepts_changed", "changed concepts"),
                ("terms_added", "new terms"), ("terms_changed", "changed terms"),
                ("terms_removed", "terms moved out"), ("statuses_changed", "status changes"),
                ("evidence_changed", "evidence changes"))


def _fold(text: str) -> str:
    """Case and width folded, one character for one, so that positions match the original text."""
    return "".join(unicodedata.normalize("NFKC", ch).casefold()[:1] or ch for ch in text)


def highlight(sentence: str, terms: list[str]) -> Markup:
    """SENTENCE escaped, with each occurrence of TERMS (case- and width-insensitive) in <mark>."""
    folded = _fold(sentence)
    marked = [False] * len(sentence)
    for term in sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True):
        needle = _fold(term)
        start = folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not any(marked[start:end]):
                marked[start:end] = [True] * (end - start)
            start = folded.find(needle, end)
    parts: list[str] = []
    i = 0
    while i < len(sentence):
        j = i
        while j < len(sentence) and marked[j] == marked[i]:
            j += 1
        piece = str(escape(sentence[i:j]))
        parts.append(f"<mark>{piece}</mark>" if marked[i] else piece)
        i = j
    return Markup("".join(parts))


def summary(counts: dict) -> str:
    parts = [f"{label} {counts[name]:,}" for name, label in COUNT_LABELS if counts.get(name)]
    return ", ".join(parts) if parts else "no changes"


def is_avoid(status: str) -> bool:
    return status in AVOID


def terms_in_order(concept: Concept, first: str = "zh") -> list:
    second = "en" if first == "zh" else "zh"
    return ordered_terms(concept, first) + ordered_terms(concept, second)


def pairs_by_weight(concept: Concept) -> list[PairEvidence]:
    return sorted(concept.pairs, key=lambda p: (-p.frequency, -p.association))


def examples(concept: Concept, limit: int = 3) -> list[tuple[PairEvidence, Example]]:
    """Up to LIMIT examples, the most frequent pair's first, each with the pair it shows."""
    found: list[tuple[PairEvidence, Example]] = []
    seen: set[str] = set()
    for pair in pairs_by_weight(concept):
        for example in pair.examples:
            if example.bead not in seen and len(found) < limit:
                seen.add(example.bead)
                found.append((pair, example))
    return found


def head_pair(concept: Concept) -> PairEvidence | None:
    return best_pair(concept)


def assessment(concept: Concept) -> str:
    """Why mining proposed the concept: the reason of its strongest-tier pair, the most frequent first
    ("" when no pair was assessed, as in an imported glossary)."""
    assessed = [p for p in concept.pairs if p.tier in TIERS]
    if not assessed:
        return ""
    best = min(assessed, key=lambda p: (TIERS.index(p.tier), -p.frequency))
    return best.reason
