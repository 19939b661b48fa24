"""Term pairs from aligned units, grouped into concepts for the termbase.

The method, one step per function below:

1. `TermMiner.add` reads aligned units (sentence beads where a document has
   them) and stores every candidate occurrence of both languages compactly
   (numpy-ready integer arrays, not objects), so 40,000 units fit in a few
   hundred MB. Those units are one shard (`glossary.shards`): `mine_shards`
   mines any number of shards held elsewhere (Dask workers) as one corpus —
   each shard counts, the counts are merged here, and steps 2–7 run on the
   merged counts, with the same result as one shard holding every unit.
2. Candidates are kept when they occur in at least `min_count` units, combine
   freely with their context (two or more different content words, or a
   boundary, on each side: a fragment of a fixed name always has the same
   neighbour) and have a positive C-value over nesting.
3. A 2×2 contingency table per zh–en candidate pair over units (a sparse
   matrix product) gives the log-likelihood G²; pairs below the minimum count
   or the association threshold are dropped.
4. Competitive linking, unit by unit: the strongest pair links first and
   consumes one occurrence on each side, so each occurrence supports one pair;
   a pair that sits inside a longer pair present in the same unit yields to it
   (联合国 ↔ United Nations inside 联合国开发计划署 ↔ United Nations Development
   Programme). A candidate's frequency for its own evidence then leaves out the
   units where it only occurred inside longer linked terms.
5. Pairs linked `min_count` times or more get their evidence; the encoder's
   similarity of the two strings is computed for these pairs only. The ranking
   combines G², consistency in both directions, how term-like the English side
   looks (`_termhood`) and the similarity.
6. Each pair is assessed on evidence that does not depend on counts
   (`glossary.validation`: general-language frequency, UN conventions, a
   bilingual dictionary word by word, composition): it gets a tier (`likely`,
   `possible`, `general`) with the reason, or is refused (general words in a
   single document, 会议 ↔ session, 加强 ↔ share). Pairs that are UN clause
   starters leave the terms: `glossary.phraseology` finds those where they
   open paragraphs and adds them as concepts of kind "phraseology".
7. Pairs that share a term are grouped into one concept: other zh forms of
   the same en term (因特网 / 互联网) and other en forms of the same zh term,
   with acronyms found as `Long Name (ACR)` joining their expansion.
"""

from __future__ import annotations

import math
import operator
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from termalign.align.document import LANGS
from termalign.align.bitext import BeadRecord
from termalign.glossary.candidates import EnCandidates, ZhCandidates, c_values, is_acronym
from termalign.glossary import phraseology
from termalign.glossary.concepts import Concept, Example, PairEvidence, Term
from termalign.glossary.executor import InProcess
from termalign.glossary.shards import Shard, combine_cooccurrence, sentence_units  # noqa: F401 — sentence_units is part of this module's API
from termalign.glossary.termhood import is_name_form
from termalign.glossary.validation import assess

G2_P001 = 10.83         # G² critical value for p < 0.001 with one degree of freedom
MIN_DICE = 0.05         # pairs rarer than this together are noise, and would cost linking time
SINGLE_WORD_WEIGHT = 0.5  # ranking weight of a single lower-case English word (see `_termhood`)
FOLD = 8                # this many shards' vocabularies (or co-occurrences) are combined on a worker as they arrive
VARIANT_SHARE = 0.5     # a second form joins a concept when at least this share of its units link to it
# Ranking weight of each tier: a pair the dictionary or UN usage confirms comes before one that
# only counts support, and common words come last.
TIER_WEIGHT = {"likely": 1.0, "possible": 0.7, "general": 0.4}


@dataclass
class MiningOptions:
    min_count: int = 3              # linked units a pair needs, and units a candidate needs
    min_association: float = G2_P001
    min_variety: int = 2            # distinct neighbours (or boundaries) a candidate needs on each side
    similarity: bool = True         # encoder similarity of the two strings as a ranking feature
    model: str = "use-m3"
    cache: bool = True              # the on-disk embedding cache (models.cache)
    examples: int = 3


@dataclass
class MinedPair:
    """A proposed pair before grouping, with what ranked it."""

    zh: str                         # candidate keys
    en: str
    evidence: PairEvidence
    score: float


@dataclass
class MiningResult:
    concepts: list[Concept]
    pairs: list[MinedPair]          # every term pair placed in a concept, best first (phraseology not included)
    units: int
    documents: int
    candidates: dict[str, int] = field(default_factory=dict)  # kept candidates per language
    refused: list[MinedPair] = field(default_factory=list)    # associated pairs assessment refused, with why


class TermMiner:
    """Collects aligned units, then mines their term pairs into concepts.

    `accepted_zh` are the termbase's accepted Chinese terms: they go into the
    jieba user dictionary so approved names are never split. The units are one
    shard (`glossary.shards`); `mine_shards` mines any number of them alike.
    """

    def __init__(self, accepted_zh: Iterable[str] = (), options: MiningOptions | None = None):
        self.options = options or MiningOptions()
        self.zh_extractor = ZhCandidates(accepted_zh)
        self.en_extractor = EnCandidates()
        self.shard = Shard()

    @property
    def units(self) -> int:
        return self.shard.units

    def add(self, records: Iterable[BeadRecord]) -> int:
        """Add the units of one input; returns how many were usable."""
        return self.shard.add(records, self.zh_extractor, self.en_extractor)

    def mine(self) -> MiningResult:
        return mine_shards([self.shard], InProcess(), self.options)


def mine_shards(shards: Iterable, executor, options: MiningOptions) -> MiningResult:
    """Mine the units of SHARDS (handles of `glossary.shards.Shard`s, in corpus order) as one corpus.
    Each shard is read once, and only its `shards.Counted` form is kept for the later steps: a
    caller that passes an iterator lets go of the whole shards as their vocabularies are counted.

    EXECUTOR runs each step next to its shard (`submit`, `result`, `share` as in
    termalign.batch.executor; `glossary.executor.InProcess` in this process); only counts, the merged
    vocabulary and the details of the surviving pairs come back. The result does
    not depend on how the documents were cut into shards.
    """
    import uuid

    from termalign.glossary import shards as remote

    opts = options
    run = uuid.uuid4().hex[:8]      # task names unique to this run on a shared cluster
    # map: each shard's vocabulary, its keys cut into R partitions; reduce: each partition folded on
    # the workers as shards finish (`shards.combine_vocabulary`), then merged into only the keys that
    # can matter (`shards.merge_vocabulary`)
    partitions = max(1, executor.workers)
    summaries = []
    folds = [_Fold(executor, remote.combine_vocabulary, opts.min_variety, key=f"mine-vocabulary-fold-{run}-{r}")
             for r in range(partitions)]
    counted = []        # the shards as the later steps need them (`shards.Counted`)
    for i, s in enumerate(shards):
        report = executor.submit(remote.vocabulary, s, opts.min_variety, opts.examples, partitions, i,
                                 key=f"mine-vocabulary-{run}-{i}")
        summaries.append(executor.submit(operator.getitem, report, 0, key=f"mine-vocabulary-part-{run}-{i}-0"))
        counted.append(executor.submit(operator.getitem, report, partitions + 1, key=f"mine-counted-{run}-{i}"))
        for r, fold in enumerate(folds):
            fold.add(executor.submit(operator.getitem, report, r + 1, key=f"mine-vocabulary-part-{run}-{i}-{r + 1}"))
    s = report = None   # only the counted shards stay on the workers (a Dask result lives while referenced)
    merged = _Merged()
    for handle in summaries:
        merged.add(executor.result(handle), opts.examples)
    del summaries
    wanted = executor.share({"zh": frozenset(), "en": frozenset(k for pair in merged.acronyms for k in pair)})
    reduced = [executor.submit(remote.merge_vocabulary, opts.min_variety, opts.min_count, wanted,
                               *fold.pending(), key=f"mine-vocabulary-merge-{run}-{r}")
               for r, fold in enumerate(folds)]
    del folds
    merged.add_vocabulary([executor.result(h) for h in reduced])
    del reduced
    n_units = merged.units
    zh_kept = merged.kept("zh", opts)
    en_kept = merged.kept("en", opts)
    zh_freq, en_freq = merged.freq["zh"], merged.freq["en"]
    pairs = {}
    if len(zh_kept) and len(en_kept):
        kept = executor.share({"zh": {merged.keys["zh"][g]: i for i, g in enumerate(zh_kept.tolist())},
                               "en": {merged.keys["en"][g]: i for i, g in enumerate(en_kept.tolist())}})
        # summed on the workers as shards report, like the vocabulary: the client receives a few sums,
        # not one table per shard that would wait on the workers until it was read
        width = len(en_kept)
        sums = _Fold(executor, remote.combine_cooccurrence, width, key=f"mine-cooccurrence-fold-{run}")
        for i, s in enumerate(counted):
            sums.add(executor.submit(remote.cooccurrence, s, kept, key=f"mine-cooccurrence-{run}-{i}"))
        counts = _Cooccurrence(width)
        for handle in sums.pending():
            counts.add(executor.result(handle))
        del sums
        row, col, together = counts.total()
        pairs = _associate(row, col, together, zh_kept, en_kept, zh_freq, en_freq, n_units, opts)
    paired = {"zh": sorted({z for z, _ in pairs}), "en": sorted({e for _, e in pairs})}
    paired_keys = {lang: {g: merged.keys[lang][g] for g in ids} for lang, ids in paired.items()}
    plan = executor.share({
        "pairs": pairs, "containers": remote.containing_pairs(pairs, paired_keys["zh"], paired_keys["en"]),
        "gid": {lang: {key: g for g, key in keys.items()} for lang, keys in paired_keys.items()},
        "keys": paired_keys})
    links = [executor.submit(remote.link, s, plan, key=f"mine-link-{run}-{i}") for i, s in enumerate(counted)]
    shared = frozenset(merged.shared_docs)
    shared_docs = executor.share(shared)
    linked: dict[tuple[int, int], list] = {}
    covered: dict[str, Counter[int]] = {"zh": Counter(), "en": Counter()}
    ahead = 2 * executor.workers
    for summary in _in_order(executor, ahead, remote.link_summary,
                             ((f"mine-link-summary-{run}-{i}", (s, l, shared_docs))
                              for i, (s, l) in enumerate(zip(counted, links)))):
        for pair, (units, docs) in summary["pairs"].items():
            total = linked.setdefault(pair, [0, _DocCount()])
            total[0] += units
            total[1].add(docs)
        for lang in LANGS:
            covered[lang].update(summary["covered"][lang])
    own_zh = zh_freq - _counts(covered["zh"], len(zh_freq))
    own_en = en_freq - _counts(covered["en"], len(en_freq))
    # pairs linked often and strongly enough on the units where each side stands on its own
    chosen = []
    for (z, e), (units, docs) in linked.items():
        if units < opts.min_count:
            continue
        association = float(_g2(units, int(own_zh[z]), int(own_en[e]), n_units))
        if association >= opts.min_association:
            chosen.append(((z, e), units, docs.total, association))
    del linked
    zh_keys, en_keys = merged.keys["zh"], merged.keys["en"]
    acronym_keys = {key for pair in merged.acronyms for key in pair if key in merged.vocab["en"]}
    request = executor.share({
        "keys": {"zh": {zh_keys[z] for (z, _), *_ in chosen},
                 "en": {en_keys[e] for (_, e), *_ in chosen} | acronym_keys},
        "names": {en_keys[e] for (_, e), *_ in chosen},
        "pairs": [pair for pair, *_ in chosen], "examples": opts.examples, "shared_docs": shared})
    found = _Details(opts.examples)
    for i, part in enumerate(_in_order(executor, ahead, remote.details,
                                       ((f"mine-details-{run}-{i}", (s, l, request))
                                        for i, (s, l) in enumerate(zip(counted, links))))):
        found.add(i, part)
    del links
    mined = []
    for (z, e), units, documents, association in chosen:
        evidence = PairEvidence(
            zh=found.surface("zh", zh_keys[z]), en=found.surface("en", en_keys[e]), frequency=units,
            documents=documents, association=round(association, 2),
            consistency=round(units / int(own_zh[z]), 3),
            examples=found.examples((z, e), opts.examples))
        mined.append(MinedPair(zh_keys[z], en_keys[e], evidence, 0.0))
    if opts.similarity and mined:
        _add_similarity(mined, opts.model, opts.cache)
    mined, refused = _assess(mined, found, merged.acronyms)
    zh_id, en_id = merged.vocab["zh"], merged.vocab["en"]
    for pair in mined:
        pair.score = rank_score(pair.evidence, int(own_zh[zh_id[pair.zh]]), int(own_en[en_id[pair.en]]))
    mined.sort(key=lambda p: -p.score)
    concepts, placed = _group(mined, merged, found, (zh_freq, own_zh), (en_freq, own_en))
    concepts += phraseology.concepts(merged.phrases, opts.examples)
    return MiningResult(concepts=concepts, pairs=[p for p in placed if p.evidence.kind == "term"],
                        units=n_units, documents=len(merged.docs),
                        candidates={"zh": len(zh_kept), "en": len(en_kept)}, refused=refused)


def _in_order(executor, ahead: int, fn: Callable, calls: Iterable[tuple[str, tuple]]) -> Iterator[Any]:
    """The results of FN over CALLS ((task key, arguments) each), in order, with at most AHEAD tasks
    submitted ahead of the one being read. A result waits on its worker until the client reads it, and
    the client reads more slowly than the workers answer: submitted all at once, the details of 250
    shards piled up on the workers (2.5 GB at 800,000 units, docs/BENCHMARKS.md)."""
    waiting: deque = deque()
    for key, args in calls:
        waiting.append(executor.submit(fn, *args, key=key))
        if len(waiting) > ahead:
            yield executor.result(waiting.popleft())
    while waiting:
        yield executor.result(waiting.popleft())


class _Fold:
    """Results folded on the workers as they arrive: FOLD waiting at one level are combined
    (COMBINE(*ARGS, *results), ahead of other tasks) into one on the next level up. A tree, so that an
    entry is copied about log_FOLD(results) times, not once per fold of an ever larger running total,
    and a worker holds a few results at a time rather than all of them until the last arrives."""

    def __init__(self, executor, combine: Callable, *args: Any, key: str) -> None:
        self.executor, self.combine, self.args, self.key = executor, combine, args, key
        self.levels: list[list] = []
        self.folded = 0

    def add(self, handle: Any) -> None:
        depth = 0
        while True:
            if depth == len(self.levels):
                self.levels.append([])
            self.levels[depth].append(handle)
            if len(self.levels[depth]) < FOLD:
                return
            handle = self.executor.submit(self.combine, *self.args, *self.levels[depth], priority=1,
                                          key=f"{self.key}-{self.folded}")
            self.levels[depth], self.folded, depth = [], self.folded + 1, depth + 1

    def pending(self) -> list:
        """The handles not folded yet, whose combination is the whole."""
        return [handle for level in self.levels for handle in level]


class _Merged:
    """The shards' summaries and merged vocabularies. Ids are given in order of first occurrence, as
    one pass over the whole corpus would give them, to the keys the merge returned: those frequent
    enough to matter, and the acronyms' (`shards.merge_vocabulary`)."""

    def __init__(self) -> None:
        import numpy as np

        self.units = 0
        self.docs: dict[str, None] = {}
        self.shared_docs: set[str] = set()     # documents found in more than one shard
        self.acronyms: Counter[tuple[str, str]] = Counter()
        self.phrases = phraseology.StarterCounts()
        self.keys: dict[str, list[str]] = {"zh": [], "en": []}
        self.vocab: dict[str, dict[str, int]] = {"zh": {}, "en": {}}
        self.freq = {"zh": np.zeros(0, dtype=np.int64), "en": np.zeros(0, dtype=np.int64)}
        self.variety = {"zh": np.zeros(0, dtype=np.int64), "en": np.zeros(0, dtype=np.int64)}

    def add(self, summary: dict, examples: int) -> None:
        """A shard's summary, shards in corpus order."""
        self.units += summary["units"]
        self.shared_docs.update(d for d in summary["docs"] if d in self.docs)
        self.docs.update(dict.fromkeys(summary["docs"]))
        self.acronyms.update(summary["acronyms"])
        self.phrases.merge(summary["phrases"], examples)

    def add_vocabulary(self, partitions: list[dict]) -> None:
        """The merged partitions, ordered by first occurrence."""
        import numpy as np

        for lang in LANGS:
            rows = sorted((first, key, n, variety) for part in partitions
                          for first, key, n, variety in zip(part[lang]["first"], part[lang]["keys"],
                                                            part[lang]["freq"], part[lang]["variety"]))
            self.keys[lang] = [key for _, key, _, _ in rows]
            self.vocab[lang] = {key: gid for gid, key in enumerate(self.keys[lang])}
            self.freq[lang] = np.array([n for _, _, n, _ in rows], dtype=np.int64)
            self.variety[lang] = np.array([v for _, _, _, v in rows], dtype=np.int64)

    def kept(self, lang: str, opts: MiningOptions):
        """Ids of candidates worth pairing: frequent, free in their context, positive C-value."""
        import numpy as np

        keys, freq, variety = self.keys[lang], self.freq[lang], self.variety[lang]
        frequent = np.flatnonzero(freq >= opts.min_count)
        termhood = c_values({keys[i]: int(freq[i]) for i in frequent}, lang)
        kept = [int(i) for i in frequent if variety[i] >= opts.min_variety and termhood[keys[i]] > 0]
        return np.array(kept, dtype=np.int64)


class _Cooccurrence:
    """Sums of (zh kept position, en kept position) -> units, compacted as reports arrive: whenever
    the reports waiting outnumber the summed table (and a million entries), so the client holds
    about twice the final table, not every report."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.parts: list[tuple] = []
        self.waiting = 0
        self.summed = 0

    def add(self, part: tuple) -> None:
        self.parts.append(part)
        self.waiting += len(part[2])
        if self.waiting > max(self.summed, 1 << 20):
            self._compact()

    def _compact(self) -> None:
        self.parts = [combine_cooccurrence(self.width, *self.parts)]
        self.summed, self.waiting = len(self.parts[0][2]), 0

    def total(self) -> tuple:
        self._compact()
        return self.parts[0]


class _DocCount:
    """Distinct documents summed over shards: a count of those only one shard holds, and the names
    of those several shards hold (usually none)."""

    __slots__ = ("alone", "shared")

    def __init__(self) -> None:
        self.alone = 0
        self.shared: set[str] = set()

    def add(self, part: tuple[int, frozenset]) -> None:
        self.alone += part[0]
        self.shared |= part[1]

    @property
    def total(self) -> int:
        return self.alone + len(self.shared)


class _Details:
    """Forms, name forms, documents and example candidates from the shards, in corpus order.

    Example candidates are pruned as each shard's arrive to those that can still be chosen
    (`_still_possible`), so the client holds at most 3 × EXAMPLES per pair, not that many per
    pair and shard."""

    def __init__(self, examples: int = 3) -> None:
        self.k = examples
        self.forms: dict[str, dict[str, list[str]]] = {"zh": {}, "en": {}}
        self.names: dict[str, list[tuple[str, int]]] = {}
        self.docs: dict[str, dict[str, _DocCount]] = {"zh": {}, "en": {}}
        self.candidates: dict[tuple[int, int], list] = defaultdict(list)

    def add(self, shard: int, part: dict) -> None:
        from termalign.glossary.shards import SAMPLE

        for lang in LANGS:
            for key, forms in part["forms"][lang].items():
                have = self.forms[lang].setdefault(key, [])
                have.extend(forms[:SAMPLE - len(have)])
            for key, docs in part["docs"][lang].items():
                self.docs[lang].setdefault(key, _DocCount()).add(docs)
        for key, found in part["names"].items():
            named = self.names.setdefault(key, [])
            named.extend(found[:SAMPLE - len(named)])
        for pair, found in part["examples"].items():
            pending = self.candidates[pair]
            pending.extend((length, shard, unit, doc, example) for length, unit, doc, example in found)
            self.candidates[pair] = _still_possible(pending, self.k)

    def surface(self, lang: str, key: str) -> str:
        return _best_form(Counter(self.forms[lang][key]))

    def documents(self, lang: str, key: str) -> int:
        found = self.docs[lang].get(key)
        return found.total if found is not None else 0

    def name_form(self, key: str) -> bool:
        return is_name_form(self.names.get(key, []))

    def examples(self, pair: tuple[int, int], k: int) -> list[Example]:
        """Up to K units, from different documents first, shortest first within that."""
        ordered = sorted(self.candidates.get(pair, []), key=lambda c: c[:3])
        chosen: list = []
        seen_docs: set[str] = set()
        for candidate in ordered:
            if candidate[3] not in seen_docs:
                seen_docs.add(candidate[3])
                chosen.append(candidate)
            if len(chosen) == k:
                break
        for candidate in ordered:
            if len(chosen) == k:
                break
            if candidate not in chosen:
                chosen.append(candidate)
        return [candidate[4] for candidate in chosen]


def _still_possible(candidates: list, k: int) -> list:
    """The example candidates `_Details.examples` could still choose however many come later: the
    first 2K in (length, shard, unit) order, and the first of each of the first K documents. A
    candidate outside both now stays outside as more arrive (they can only come before it)."""
    if len(candidates) <= 2 * k:
        return candidates
    ordered = sorted(candidates, key=lambda c: c[:3])
    keep = ordered[:2 * k]
    firsts: dict[str, tuple] = {}
    for candidate in ordered:
        if candidate[3] not in firsts:
            firsts[candidate[3]] = candidate
            if len(firsts) == k:
                break
    placed = {c[:3] for c in keep}
    return keep + [c for c in firsts.values() if c[:3] not in placed]


def _assess(mined: list[MinedPair], found: _Details, acronyms: Counter) -> tuple[list[MinedPair], list[MinedPair]]:
    """Tier every pair with its reason (`glossary.validation`); returns (kept, refused).

    Clause starters leave (phraseology.find adds them from paragraph openings); fixed formulas
    (题为 ↔ entitled) stay as pairs of kind "phraseology"."""
    spelled_out = {key for pair in acronyms for key in pair}
    kept, refused = [], []
    for pair in mined:
        evidence = pair.evidence
        entry = phraseology.is_phraseology(evidence.zh, evidence.en)
        if entry is not None:
            if entry.type == "formula":
                evidence.kind, evidence.tier = "phraseology", "likely"
                evidence.reason = f"fixed UN formula; {evidence.frequency} units"
                kept.append(pair)
            continue
        entry = phraseology.starter_prefix(evidence.zh, evidence.en)
        if entry is not None:
            evidence.reason = f"not a term: the clause starter {entry.zh} followed by more words"
            refused.append(pair)
            continue
        verdict = assess(evidence.zh, evidence.en, frequency=evidence.frequency, documents=evidence.documents,
                         consistency=evidence.consistency, similarity=evidence.similarity,
                         en_is_name=pair.en in found.names and found.name_form(pair.en),
                         acronym=is_acronym(evidence.en) or pair.en in spelled_out)
        evidence.tier, evidence.reason = verdict.tier or "", verdict.reason
        (kept if verdict.tier else refused).append(pair)
    return kept, refused


def _group(mined: list[MinedPair], merged: _Merged, found: _Details, zh_counts, en_counts):
    """One concept per translation, with other forms of either language as variants.

    Pairs come best first. A pair whose terms are both new opens a
    concept; a pair that shares one term with a concept adds its other term
    as a variant when that term mostly links to this concept (`VARIANT_SHARE`) and is
    not a longer or shorter cut of a term already there (以色列政府 beside 政府 is a
    phrase, not a variant);
    a pair that would join two concepts is left out, so concepts never chain.
    The counts are (units with the candidate, units where it stands on its own).
    """
    (zh_freq, own_zh), (en_freq, own_en) = zh_counts, en_counts
    groups: list[dict] = []
    where: dict[tuple[str, str], int] = {}
    zh_id, en_id = merged.vocab["zh"], merged.vocab["en"]
    for pair in mined:
        gz, ge = where.get(("zh", pair.zh)), where.get(("en", pair.en))
        linked = pair.evidence.frequency
        if gz is None and ge is None:
            where[("zh", pair.zh)] = where[("en", pair.en)] = len(groups)
            groups.append({"zh": [pair.zh], "en": [pair.en], "pairs": [pair]})
        elif (ge is None and gz is not None and linked >= VARIANT_SHARE * own_en[en_id[pair.en]]
              and not _nests(pair.en, groups[gz]["en"], "en")):
            where[("en", pair.en)] = gz
            groups[gz]["en"].append(pair.en)
            groups[gz]["pairs"].append(pair)
        elif (gz is None and ge is not None and linked >= VARIANT_SHARE * own_zh[zh_id[pair.zh]]
              and not _nests(pair.zh, groups[ge]["zh"], "zh")):
            where[("zh", pair.zh)] = ge
            groups[ge]["zh"].append(pair.zh)
            groups[ge]["pairs"].append(pair)
        elif gz is not None and gz == ge:
            groups[gz]["pairs"].append(pair)
    _attach_acronyms(groups, where, merged.acronyms, en_id)
    concepts = []
    for group in groups:
        if not group["pairs"]:
            continue
        terms = _terms("zh", [found.surface("zh", k) for k in group["zh"]],
                       [int(zh_freq[zh_id[k]]) for k in group["zh"]], [found.documents("zh", k) for k in group["zh"]])
        terms += _terms("en", [found.surface("en", k) for k in group["en"]],
                        [int(en_freq[en_id[k]]) for k in group["en"]], [found.documents("en", k) for k in group["en"]])
        concepts.append(Concept(id=None, terms=terms, pairs=[p.evidence for p in group["pairs"]]))
    return concepts, sorted((p for g in groups for p in g["pairs"]), key=lambda p: -p.score)

def _attach_acronyms(groups: list[dict], where: dict, acronyms: Counter, en_vocab: dict[str, int]) -> None:
    """An acronym seen after its expansion joins the expansion's concept, and the pairs it made elsewhere."""
    for (expansion, acronym), _ in acronyms.most_common():
        home = where.get(("en", expansion))
        if home is None or acronym not in en_vocab:
            continue
        away = where.get(("en", acronym))
        if away == home:
            continue
        if away is None:
            where[("en", acronym)] = home
            groups[home]["en"].append(acronym)
            continue
        moved = groups[away]
        for lang in LANGS:
            for key in moved[lang]:
                where[(lang, key)] = home
                groups[home][lang].append(key)
        groups[home]["pairs"].extend(moved["pairs"])
        moved.update(zh=[], en=[], pairs=[])


def _terms(lang: str, texts: list[str], frequency: list[int], documents: list[int]) -> list[Term]:
    """The terms of one language in a concept, typed: an acronym, a short form (its characters
    or initials inside a longer term of the concept), the first remaining one as the full form,
    any others as variants."""
    typed = []
    for text in texts:
        if lang == "en" and is_acronym(text):
            typed.append("acronym")
        elif lang == "zh" and any(len(o) > len(text) and _is_subsequence(text, o) for o in texts):
            typed.append("shortForm")
        else:
            typed.append("variant" if "fullForm" in typed else "fullForm")
    return [Term(lang=lang, text=t, frequency=f, documents=d, term_type=k)
            for t, f, d, k in zip(texts, frequency, documents, typed)]


def _nests(key: str, keys: list[str], lang: str) -> bool:
    """True when KEY contains, or is contained in, one of KEYS (characters in zh, words in en)."""
    if lang == "zh":
        return any(key in k or k in key for k in keys)
    padded = f" {key} "
    return any(f" {k} " in padded or padded in f" {k} " for k in keys)


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


# --- steps of `TermMiner.mine`, on numpy arrays ------------------------------------------

def _counts(counter: Counter, size: int):
    import numpy as np

    counts = np.zeros(size, dtype=np.int64)
    if counter:
        counts[np.fromiter(counter.keys(), dtype=np.int64)] = np.fromiter(counter.values(), dtype=np.int64)
    return counts


def _g2(a, fz, fe, n):
    """Log-likelihood ratio G² of the 2×2 table (a = units with both; fz, fe = units with each)."""
    import numpy as np

    a, fz, fe = (np.asarray(x, dtype=np.float64) for x in (a, fz, fe))
    observed = (a, fz - a, fe - a, n - fz - fe + a)
    expected = (fz * fe / n, fz * (n - fe) / n, (n - fz) * fe / n, (n - fz) * (n - fe) / n)
    total = np.zeros_like(a)
    for o, e in zip(observed, expected):
        with np.errstate(divide="ignore", invalid="ignore"):
            total += np.where(o > 0, o * np.log(o / e), 0.0)
    return 2 * total


def _associate(row, col, together, zh_kept, en_kept, zh_freq, en_freq, n_units, opts):
    """(zh id, en id) -> (G², Dice) for every pair that co-occurs often and strongly enough.

    ROW, COL, TOGETHER: positions in ZH_KEPT and EN_KEPT and the units the two share, sorted by
    (row, col), so the table comes out in the same order however the counts were gathered."""
    a = together
    z = zh_kept[row]
    e = en_kept[col]
    fz, fe = zh_freq[z], en_freq[e]
    mask = (a >= opts.min_count) & (2 * a >= MIN_DICE * (fz + fe)) & (a * n_units > fz * fe)
    z, e, a, fz, fe = z[mask], e[mask], a[mask], fz[mask], fe[mask]
    g2 = _g2(a, fz, fe, n_units)
    dice = 2 * a / (fz + fe)
    strong = g2 >= opts.min_association
    return dict(zip(zip(z[strong].tolist(), e[strong].tolist()), zip(g2[strong].tolist(), dice[strong].tolist())))


def _best_form(counter: Counter) -> str:
    """Most frequent form; on a tie, one that does not merely capitalise a sentence start."""
    best = counter.most_common()
    top = best[0][1]
    tied = [form for form, count in best if count == top]
    return min(tied, key=lambda f: (f[:1].isupper() and not f.isupper() and f[1:] == f[1:].lower(), f))


def _add_similarity(mined: list[MinedPair], model: str, cache: bool) -> None:
    """Cosine of the encoder vectors of the two strings of each pair, encoded in one batch."""
    from termalign.models import load_encoder

    encoder = load_encoder(model, cache=cache)
    texts = sorted({p.evidence.zh for p in mined} | {p.evidence.en for p in mined})
    vectors = encoder.encode(texts)
    row = {t: i for i, t in enumerate(texts)}
    for pair in mined:
        pair.evidence.similarity = round(float(vectors[row[pair.evidence.zh]] @ vectors[row[pair.evidence.en]]), 3)


def rank_score(evidence: PairEvidence, zh_units: int, en_units: int) -> float:
    """The miner's confidence in a pair: association, damped, times how exclusively the two strings
    translate each other both ways, times how term-like the English side looks and the weight of its
    tier, times the encoder's agreement when it was asked. The review queue recomputes it from the
    stored evidence, so units below the linked count (evidence edited since) count as the linked count."""
    linked = max(evidence.frequency, 1)
    exclusive = min(1.0, linked / max(zh_units, 1)) * min(1.0, linked / max(en_units, 1))
    score = math.log1p(max(evidence.association, 0.0)) * math.sqrt(exclusive)
    score *= _termhood(evidence.en) * TIER_WEIGHT.get(evidence.tier, 1.0)
    if evidence.similarity is not None:
        score *= 0.5 + evidence.similarity
    return score


def _termhood(en: str) -> float:
    """Names (capitalised as usually written), acronyms and phrases are terms more often than
    a single lower-case word, which is usually general vocabulary (challenges, data, ensure)."""
    if " " in en.strip() or is_acronym(en) or en[:1].isupper():
        return 1.0
    return SINGLE_WORD_WEIGHT
