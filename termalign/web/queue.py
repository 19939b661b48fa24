"""The review queue: concepts that still hold candidate terms, the most confident proposal first.

The miner ranks pairs by association (G²), damped, times how exclusively the two
strings translate each other, how term-like the English side looks, the weight of
the pair's tier (likely, possible, general) and the encoder's agreement
(`mining.rank_score`). The termbase keeps each pair's evidence, tier and each
term's unit count, so the same confidence is recomputed here from what is stored.

Ranking a whole termbase reads every concept, so the ranking is kept per process
and brought up to date from the diff between the version it was made at and the
latest one: a review action touches one concept, so one concept is reread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from termalign.glossary.concepts import Concept
from termalign.glossary.mining import rank_score
from termalign.glossary.normalize import term_key
from termalign.glossary.termbase import Termbase
from termalign.errors import UserError

# Past this many touched concepts a full reread is cheaper than one query per concept.
REREAD_ALL = 2000


def confidence(concept: Concept) -> float:
    """The miner's best score (`mining.rank_score`) of the concept's pairs that involve a candidate term;
    0 without evidence."""
    frequency = {(t.lang, term_key(t.text, t.lang)): t.frequency for t in concept.terms}
    candidates = {(t.lang, term_key(t.text, t.lang)) for t in concept.terms if t.status == "candidate"}
    best = 0.0
    for pair in concept.pairs:
        keys = ("zh", term_key(pair.zh, "zh")), ("en", term_key(pair.en, "en"))
        if not candidates & set(keys):
            continue
        # The miner counts a term's units where it stands on its own (not inside a longer linked
        # term); the termbase keeps all its units, but the pair's consistency is linked / own units.
        zh_units = round(pair.frequency / pair.consistency) if pair.consistency > 0 else frequency.get(keys[0], 0)
        best = max(best, rank_score(pair, zh_units, frequency.get(keys[1], 0)))
    return best


@dataclass(order=True)
class Entry:
    sort_key: tuple
    concept_id: str
    score: float


class ReviewQueue:
    """The ranked candidate concepts of the latest version of one termbase, kept up to date."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = -1
        self._scores: dict[str, tuple[float, int]] = {}     # concept id -> (confidence, frequency)
        self._entries: list[Entry] | None = None            # _scores ranked, best first

    def ranked(self, base: Termbase) -> tuple[int, list[Entry]]:
        """(latest version, entries best first)."""
        with self._lock:
            latest = base.latest_version()
            if latest != self._version:
                self._refresh(base, latest)
                self._entries = None
            if self._entries is None:
                # Sorted once per version: at 500,000 concepts (200,000 with candidates) sorting on
                # every page view took seconds.
                self._entries = sorted(Entry((-score, -freq, cid), cid, score)
                                       for cid, (score, freq) in self._scores.items())
            return latest, self._entries

    def _refresh(self, base: Termbase, latest: int) -> None:
        touched: set[str] | None = None
        if self._version >= 0:
            diff = base.diff(self._version, latest)
            touched = {c.concept_id for c in (*diff.added, *diff.removed, *diff.status_changed)}
            touched |= {c.concept_id for c in diff.evidence_changed}
            touched |= set(diff.added_concepts) | set(diff.removed_concepts)
        if touched is None or len(touched) > REREAD_ALL:
            self._scores = {}
            for concept in base.concepts(latest):
                self._score(concept)
        else:
            for cid in touched:
                self._scores.pop(cid, None)
                found = _concept_or_none(base, cid, latest)
                if found is not None:
                    self._score(found)
        self._version = latest

    def _score(self, concept: Concept) -> None:
        if concept.id is not None and any(t.status == "candidate" for t in concept.terms):
            self._scores[concept.id] = (confidence(concept), max((t.frequency for t in concept.terms), default=0))


def _concept_or_none(base: Termbase, cid: str, version: int) -> Concept | None:
    try:
        return base.concept(cid, version)
    except UserError:           # merged away: no terms left
        return None
