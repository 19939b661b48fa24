"""One shard of a mining run: its units, their candidate occurrences, and the counts it reports.

Mining is a map-reduce (see `glossary.mining.mine_shards`). A shard is a group of
whole documents; it lives where it was read (a Dask worker, or this process) and
answers four small questions, each a function of this module run next to it:

1. `vocabulary`: per candidate key, the units it occurs in, and up to `cap`
   distinct neighbours on each side (enough to test the variety threshold after
   merging: the union of capped sets reaches the cap exactly when the whole
   corpus does); the acronyms spelled out; the documents. The keys are cut into
   partitions by a stable hash, and `merge_vocabulary` merges one partition of
   every shard on a worker, keeping only keys frequent enough to matter: most
   candidates occur once or twice and never reach the client.
2. `cooccurrence`: units shared by every kept zh × kept en candidate pair.
3. `link`: competitive linking of its own units, given the merged pair table
   (linking decides unit by unit, so a shard links exactly as the whole corpus
   would); kept on the worker, summarised by `link_summary`.
4. `details`: surface forms, name forms, documents and example candidates of the
   few candidates and pairs that survived, in occurrence order.

Documents are reported as counts (a document lives in one shard), naming only the
documents that several shards hold; example candidates are pruned on the client
as they arrive (`glossary.mining`), so what the client holds does not grow with
the number of shards.

Everything a shard reports is keyed by candidate strings and document ids, never
by its local integer ids, so shards merge in any number.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from termalign.align.bitext import BeadRecord
from termalign.glossary import phraseology
from termalign.glossary.candidates import en_key, nested_keys
from termalign.glossary.concepts import Example

FRAGMENT_DICE = 0.75    # a longer pair takes an inner pair's occurrence only when at least this exclusive
SAMPLE = 50             # occurrences read for a candidate's written form and name form


class _Side:
    """Candidate occurrences of one language, stored as parallel integer arrays."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}     # candidate key -> id
        self.keys: list[str] = []
        self.words: dict[str, int] = {}     # neighbour token -> id
        self.unit = array("i")
        self.cand = array("i")
        self.start = array("i")
        self.end = array("i")
        self.left = array("i")
        self.right = array("i")

    def add(self, unit: int, occurrences) -> None:
        vocab, words = self.vocab, self.words
        for occ in occurrences:
            cid = vocab.get(occ.key)
            if cid is None:
                cid = vocab[occ.key] = len(self.keys)
                self.keys.append(occ.key)
            self.unit.append(unit)
            self.cand.append(cid)
            self.start.append(occ.start)
            self.end.append(occ.end)
            self.left.append(-1 if occ.left is None else words.setdefault(occ.left, len(words)))
            self.right.append(-1 if occ.right is None else words.setdefault(occ.right, len(words)))

    def arrays(self):
        import numpy as np

        return {name: np.frombuffer(getattr(self, name), dtype=np.int32)
                for name in ("unit", "cand", "start", "end", "left", "right")}

    def neighbours(self, side: str, text_hash, word_hash, cap: int):
        """(candidates × CAP) hashes: per candidate, up to CAP distinct neighbours on SIDE, 0 where it has
        fewer. A neighbour is the content word next to an occurrence (WORD_HASH: one per neighbour word)
        or, at a boundary, the unit's text (TEXT_HASH: one per occurrence's unit)."""
        import numpy as np

        occ = self.arrays()
        neighbour = occ[side]
        at_edge = neighbour < 0
        values = np.empty(len(neighbour), dtype=np.int64)
        values[at_edge] = text_hash[at_edge]
        values[~at_edge] = word_hash[neighbour[~at_edge]]
        return _first_distinct(occ["cand"].astype(np.int64), values, len(self.keys), cap)


def text_key(record: BeadRecord) -> bytes:
    """The same unit text gives the same key in every process (Python's hash() is salted per process)."""
    return hashlib.blake2b(f"{record.zh}\x00{record.en}".encode("utf-8"), digest_size=12).digest()


class Shard:
    """The units of a group of documents and their candidate occurrences."""

    def __init__(self) -> None:
        self.zh = _Side()
        self.en = _Side()
        self.records: list[BeadRecord] = []
        self.doc_ids: dict[str, int] = {}
        self.doc_keys: list[str] = []
        self.unit_doc = array("i")
        self.texts: dict[bytes, int] = {}       # a unit's two texts -> id: duplicates share one
        self.text_keys: list[bytes] = []
        self.unit_text = array("i")
        self.acronyms: Counter[tuple[str, str]] = Counter()
        # the same bead read twice (one alignment saved under two names) is evidence once
        self.seen: set[tuple] = set()

    @property
    def units(self) -> int:
        return len(self.records)

    def add(self, records: Iterable[BeadRecord], zh_extractor, en_extractor) -> int:
        """Add the units of one input; returns how many were usable."""
        added = 0
        for record in sentence_units(records):
            key = (record.doc, tuple(record.zh_ids), tuple(record.en_ids), record.zh, record.en)
            if key in self.seen:
                continue
            self.seen.add(key)
            unit = len(self.records)
            self.records.append(record)
            if record.doc not in self.doc_ids:
                self.doc_ids[record.doc] = len(self.doc_keys)
                self.doc_keys.append(record.doc)
            self.unit_doc.append(self.doc_ids[record.doc])
            digest = text_key(record)
            if digest not in self.texts:
                self.texts[digest] = len(self.text_keys)
                self.text_keys.append(digest)
            self.unit_text.append(self.texts[digest])
            self.zh.add(unit, zh_extractor.extract(record.zh))
            self.en.add(unit, en_extractor.extract(record.en))
            for expansion, acronym in en_extractor.acronyms(record.en):
                self.acronyms[en_key(expansion), en_key(acronym)] += 1
            added += 1
        return added

    def side(self, lang: str) -> _Side:
        return self.zh if lang == "zh" else self.en


# --- the four questions, as plain functions so Dask can run them next to the shard -------------

def scan(sources: list, accepted_zh: list[str]) -> Shard:
    """Read SOURCES (alignment files, or lists of bead records) into a new shard."""
    shard = Shard()
    zh_extractor, en_extractor = _extractors(tuple(accepted_zh))
    for source in sources:
        shard.add(records(source), zh_extractor, en_extractor)
    return shard


_EXTRACTORS: dict[tuple[str, ...], tuple] = {}


def _extractors(accepted_zh: tuple[str, ...]) -> tuple:
    """The extractors for these accepted terms, built once per process: loading jieba's dictionary
    takes about 2 s, and a worker scans many shards with the same terms."""
    from termalign.glossary.candidates import EnCandidates, ZhCandidates

    if accepted_zh not in _EXTRACTORS:
        _EXTRACTORS.clear()
        _EXTRACTORS[accepted_zh] = (ZhCandidates(accepted_zh), EnCandidates())
    return _EXTRACTORS[accepted_zh]


def records(source) -> Iterable[BeadRecord]:
    """The bead records of SOURCE: an alignment file's path (read as `termalign mine` reads it), or the records."""
    if isinstance(source, (list, tuple)):
        return source
    from pathlib import Path

    from termalign.align.alignment_files import read_bitext

    return read_bitext(Path(source))


def vocabulary(shard: Shard, cap: int, examples: int, partitions: int = 1, index: int = 0) -> list:
    """[summary, partition 0, …, partition PARTITIONS-1, the shard `Counted`].

    The summary holds the units, documents, acronyms and clause starters; partition r the candidate
    keys whose hash falls in r, each with its hash (`key_hashes`), first occurrence (INDEX, the
    shard's place in the corpus, and its rank in the shard, as one integer that orders like the
    pair), unit frequency and capped neighbours on each side (`_Side.neighbours`). Partitions are
    combined by `combine_vocabulary` as shards finish and merged by `merge_vocabulary`, next to the
    shards (map-reduce: the client receives only the merged keys that can matter).

    The later questions need no candidate strings, neighbours or duplicate checks, which are most of
    a shard's memory, so they are asked of the `Counted` shard, and the shard itself can go."""
    import numpy as np

    summary: dict[str, Any] = {"units": shard.units, "docs": list(shard.doc_keys), "acronyms": shard.acronyms,
                               "phrases": phraseology.scan(shard.records, examples)}
    texts = hashes64(shard.text_keys)
    unit_text = np.frombuffer(shard.unit_text, dtype=np.int32)
    parts: list[dict[str, Any]] = [{} for _ in range(partitions)]
    hashed = {}
    for lang in ("zh", "en"):
        side = shard.side(lang)
        occ = side.arrays()
        hashed[lang] = hashes = key_hashes(side.keys)
        freq = _unit_frequency(occ, len(side.keys))
        text_hash = texts[unit_text[occ["unit"]]]
        word_hash = hashes64(("w\x00" + word).encode("utf-8") for word in side.words)
        left = side.neighbours("left", text_hash, word_hash, cap)
        right = side.neighbours("right", text_hash, word_hash, cap)
        first = (index << 32) | np.arange(len(side.keys), dtype=np.int64)
        owner = hashes[:, 0] % partitions
        for r, part in enumerate(parts):
            local = np.flatnonzero(owner == r)
            part[lang] = {"keys": [side.keys[i] for i in local.tolist()], "hash": hashes[local],
                          "first": first[local], "freq": freq[local], "left": left[local], "right": right[local]}
    return [summary, *parts, Counted(shard, hashed)]


def combine_vocabulary(cap: int, *parts: dict) -> dict[str, Any]:
    """One partition of several shards' vocabularies (PARTS, from `vocabulary` or from this function)
    as one, every key kept: its earliest first occurrence, its summed frequency, and its neighbours on
    each side, a union capped at CAP (reaching the cap is all that matters). The order of PARTS does
    not change the result, so partitions are folded as their shards finish, and a worker holds a few
    shards' reports at a time rather than every shard's until the last one is read."""
    import numpy as np

    out: dict[str, Any] = {}
    for lang in ("zh", "en"):
        sides = [part[lang] for part in parts]
        keys = [key for side in sides for key in side["keys"]]
        hashes = np.concatenate([side["hash"] for side in sides])
        first = np.concatenate([side["first"] for side in sides])
        # by key, and within a key by first occurrence: a key's first row holds its earliest
        order = np.lexsort((first, hashes[:, 1], hashes[:, 0]))
        hashes = hashes[order]
        starts = np.ones(len(order), dtype=bool)
        starts[1:] = (hashes[1:] != hashes[:-1]).any(axis=1)
        group = np.cumsum(starts) - 1
        heads = np.flatnonzero(starts)
        freq = np.concatenate([side["freq"] for side in sides])[order]
        out[lang] = {"keys": [keys[i] for i in order[heads].tolist()], "hash": hashes[heads],
                     "first": first[order][heads],
                     "freq": np.add.reduceat(freq, heads) if len(heads) else freq,
                     **{edge: _first_distinct(np.repeat(group, cap),
                                              np.concatenate([side[edge] for side in sides])[order].ravel(),
                                              len(heads), cap)
                        for edge in ("left", "right")}}
    return out


def merge_vocabulary(cap: int, min_count: int, wanted: dict[str, frozenset], *parts: dict) -> dict[str, Any]:
    """One partition of the corpus's vocabulary, from PARTS (see `combine_vocabulary`); per language, only
    the keys that can matter: those in at least MIN_COUNT units (mining never looks at rarer
    candidates) and the WANTED ones (acronyms and their expansions), each with its merged frequency,
    variety (distinct neighbours on its poorer side, capped at CAP) and first occurrence (shard, rank
    in the shard), by which the client orders them as one pass over the corpus would."""
    import numpy as np

    combined = combine_vocabulary(cap, *parts)
    out: dict[str, Any] = {}
    for lang in ("zh", "en"):
        side = combined[lang]
        keep = side["freq"] >= min_count
        asked = key_hashes(sorted(wanted[lang]))[:, 0]
        for i in np.flatnonzero(~keep & np.isin(side["hash"][:, 0], asked)).tolist():
            keep[i] = side["keys"][i] in wanted[lang]
        keep = np.flatnonzero(keep)
        variety = np.minimum((side["left"] != 0).sum(axis=1), (side["right"] != 0).sum(axis=1))
        out[lang] = {"keys": [side["keys"][i] for i in keep.tolist()], "first": side["first"][keep].tolist(),
                     "freq": side["freq"][keep].tolist(), "variety": variety[keep].tolist()}
    return out


def key_hashes(keys: Iterable[str]):
    """(keys × 2) int64: each key's 128-bit BLAKE2b hash, the same in every process. Shards are merged
    and asked about candidates by these hashes, which cost 16 bytes where a key string and its
    dictionary entry cost over a hundred; two distinct keys share one with a probability of about
    n²/2¹²⁹ (10⁻²³ for ten million keys)."""
    import numpy as np

    digests = b"".join(hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest() for key in keys)
    return np.frombuffer(digests, dtype=np.int64).reshape(-1, 2)


def hashes64(items: Iterable[bytes]):
    """One nonzero int64 hash per item (BLAKE2b), the same in every process: a neighbour's identity,
    where 0 means none. Two distinct neighbours of one candidate share one with a probability
    of 2⁻⁶⁴; its only effect would be a variety one short."""
    import numpy as np

    found = np.frombuffer(b"".join(hashlib.blake2b(item, digest_size=8).digest() for item in items), dtype=np.int64)
    return np.where(found == 0, 1, found)


def _first_distinct(owner, values, owners: int, cap: int):
    """(OWNERS × CAP): per owner, up to CAP of its distinct nonzero VALUES (the smallest), 0 where fewer."""
    import numpy as np

    present = values != 0
    owner, values = owner[present], values[present]
    order = np.lexsort((values, owner))
    owner, values = owner[order], values[order]
    new = np.ones(len(owner), dtype=bool)
    new[1:] = (owner[1:] != owner[:-1]) | (values[1:] != values[:-1])
    owner, values = owner[new], values[new]
    rank = np.arange(len(owner)) - np.searchsorted(owner, owner, side="left")
    keep = rank < cap
    out = np.zeros((owners, cap), dtype=np.int64)
    out[owner[keep], rank[keep]] = values[keep]
    return out


class _Occurrences:
    """One language's candidate occurrences in a counted shard: the arrays, and the candidates known by
    their hashes only."""

    def __init__(self, side: _Side, hashes) -> None:
        import numpy as np

        self.candidates = len(side.keys)
        order = np.lexsort((hashes[:, 1], hashes[:, 0]))
        self.hashes = np.ascontiguousarray(hashes[order])
        self.ids = order
        occ = side.arrays()
        self.occ = {name: occ[name] for name in ("unit", "cand", "start", "end")}

    def ids_of(self, keys: list[str]):
        """The local id of each of KEYS, -1 where this shard does not have it."""
        import numpy as np

        if not self.candidates or not keys:
            return np.full(len(keys), -1, dtype=np.int64)
        asked = key_hashes(keys)
        at = np.minimum(np.searchsorted(self.hashes[:, 0], asked[:, 0]), self.candidates - 1)
        found = (self.hashes[at] == asked).all(axis=1)
        return np.where(found, self.ids[at], -1)

    def column(self, wanted: dict[str, int]):
        """Per local id, its value in WANTED (key -> non-negative integer), -1 where it has none."""
        import numpy as np

        column = np.full(self.candidates, -1, dtype=np.int64)
        local = self.ids_of(list(wanted))
        found = local >= 0
        column[local[found]] = np.fromiter(wanted.values(), dtype=np.int64, count=len(wanted))[found]
        return column

    def __sizeof__(self) -> int:
        return self.hashes.nbytes + self.ids.nbytes + sum(a.nbytes for a in self.occ.values())


class Counted:
    """A shard once its vocabulary is reported: its units, documents and candidate occurrences, which the
    cooccurrence, linking and details need; candidate strings and neighbours dropped."""

    def __init__(self, shard: Shard, hashes: dict) -> None:
        self.zh = _Occurrences(shard.zh, hashes["zh"])
        self.en = _Occurrences(shard.en, hashes["en"])
        self.records = shard.records
        self.doc_keys = shard.doc_keys
        self.unit_doc = shard.unit_doc

    @property
    def units(self) -> int:
        return len(self.records)

    def side(self, lang: str) -> _Occurrences:
        return self.zh if lang == "zh" else self.en

    def __sizeof__(self) -> int:
        # Dask weighs results with sys.getsizeof, and spills the heaviest to disk when a worker's
        # memory runs short: a shard must not pass for a few bytes
        texts = sum(sys.getsizeof(r.zh) + sys.getsizeof(r.en) + 200 for r in self.records)
        return texts + sys.getsizeof(self.zh) + sys.getsizeof(self.en) + 4 * len(self.unit_doc)


def cooccurrence(shard: Counted, kept: dict[str, dict[str, int]]):
    """(zh kept position, en kept position, units together) for every kept pair that shares a unit here."""
    import numpy as np

    matrices = []
    for lang in ("zh", "en"):
        side = shard.side(lang)
        column = side.column(kept[lang])
        local = np.flatnonzero(column >= 0)
        matrix = _incidence(side.occ, local, side.candidates, shard.units)
        matrices.append((matrix, column[local]))
    (zh_matrix, zh_pos), (en_matrix, en_pos) = matrices
    together = (zh_matrix.T @ en_matrix).tocoo()
    return (zh_pos[together.row], en_pos[together.col], np.rint(together.data).astype(np.int64))


def combine_cooccurrence(width: int, *parts: tuple):
    """Co-occurrence counts of several shards (PARTS, from `cooccurrence` or this function) summed: one
    row per pair, in (zh, en) order; WIDTH is the number of kept en candidates."""
    import numpy as np

    codes = np.concatenate([np.zeros(0, dtype=np.int64),
                            *(zh.astype(np.int64) * width + en for zh, en, _ in parts)])
    counts = np.concatenate([np.zeros(0, dtype=np.int64), *(units for _, _, units in parts)])
    unique, inverse = np.unique(codes, return_inverse=True)
    summed = np.bincount(inverse, weights=counts, minlength=len(unique)).astype(np.int64)
    return unique // width, unique % width, summed


@dataclass
class Links:
    """A shard's linking result, kept where the shard is."""

    units: dict[tuple[int, int], list[int]]         # (zh gid, en gid) -> local units where the pair linked
    covered: dict[str, Counter] = field(default_factory=dict)


def link(shard: Counted, plan: dict) -> Links:
    """Competitive linking of this shard's units over the merged pair table (ids are the merged ones)."""
    occs = {}
    for lang in ("zh", "en"):
        side = shard.side(lang)
        occ = dict(side.occ)
        occ["cand"] = side.column(plan["gid"][lang])[occ["cand"]]
        occs[lang] = occ
    units, covered_zh, covered_en = _competitive_linking(plan["pairs"], plan["containers"], occs["zh"], occs["en"],
                                                         plan["keys"]["zh"], plan["keys"]["en"], shard.units)
    return Links(dict(units), {"zh": covered_zh, "en": covered_en})


def link_summary(shard: Counted, links: Links, shared_docs: frozenset = frozenset()) -> dict[str, Any]:
    """Per linked pair, its units and documents here; per candidate, units where it only sat inside links.

    Documents are counted (`_documents`): only those SHARED_DOCS that other shards hold too are named."""
    pairs = {pair: (len(units), _documents(shard, units, shared_docs)) for pair, units in links.units.items()}
    return {"pairs": pairs, "covered": links.covered}


def _documents(shard: Counted, units: Iterable[int], shared_docs: frozenset) -> tuple[int, frozenset]:
    """The documents of UNITS as (how many no other shard holds, the names of those another shard holds).

    A document normally lives in one shard, so shards' counts add up; naming every document
    instead would make the client hold a set of names per pair, growing with the corpus."""
    docs = {shard.unit_doc[u] for u in units}
    if not shared_docs:
        return len(docs), frozenset()
    names = {shard.doc_keys[d] for d in docs}
    shared = frozenset(names & shared_docs)
    return len(names) - len(shared), shared


def details(shard: Counted, links: Links, request: dict) -> dict[str, Any]:
    """Written forms, name forms and documents of the requested candidates, and example candidates of the
    requested pairs, all in this shard's occurrence order."""
    import numpy as np

    out: dict[str, Any] = {"forms": {"zh": {}, "en": {}}, "names": {}, "docs": {"zh": {}, "en": {}}, "examples": {}}
    for lang in ("zh", "en"):
        side = shard.side(lang)
        asked = list(request["keys"][lang])
        key_of = {local: key for local, key in zip(side.ids_of(asked).tolist(), asked) if local >= 0}
        if not key_of:
            continue
        occ = side.occ
        positions = np.flatnonzero(np.isin(occ["cand"], np.fromiter(key_of, dtype=np.int64, count=len(key_of))))
        forms, names = out["forms"][lang], out["names"]
        name_keys = request["names"] if lang == "en" else set()
        units_of: dict[str, list[int]] = {}
        for c, u, s, e in zip(*(occ[k][positions].tolist() for k in ("cand", "unit", "start", "end"))):
            key = key_of[c]
            text = getattr(shard.records[u], lang)
            seen = forms.setdefault(key, [])
            if len(seen) < SAMPLE:
                seen.append(text[s:e])
            if key in name_keys:
                found = names.setdefault(key, [])
                if len(found) < SAMPLE:
                    found.append((text, s))
            units_of.setdefault(key, []).append(u)
        shared_docs = request.get("shared_docs", frozenset())
        out["docs"][lang] = {key: _documents(shard, found_in, shared_docs) for key, found_in in units_of.items()}
    k = request["examples"]
    for pair in request["pairs"]:
        units = links.units.get(pair)
        if units:
            out["examples"][pair] = [(len(shard.records[u].en), u, shard.doc_keys[shard.unit_doc[u]],
                                      Example.of(shard.records[u])) for u in _example_candidates(shard, units, k)]
    return out

def _example_candidates(shard: Counted, units: list[int], k: int) -> list[int]:
    """The units that could be chosen as one of K examples once all shards are merged: the first 2K
    shortest, and the shortest of each of the first K documents (in shortest-first order)."""
    ordered = sorted(units, key=lambda u: len(shard.records[u].en))
    chosen = dict.fromkeys(ordered[:2 * k])
    first_of_doc: dict[int, int] = {}
    for u in ordered:
        doc = shard.unit_doc[u]
        if doc not in first_of_doc:
            first_of_doc[doc] = u
            if len(first_of_doc) == k:
                break
    chosen.update(dict.fromkeys(first_of_doc.values()))
    return sorted(chosen, key=lambda u: (len(shard.records[u].en), u))


# --- linking and counting on a shard's arrays (glossary.mining merges the results) ---------

def sentence_units(records: Iterable[BeadRecord]) -> list[BeadRecord]:
    """The units to mine: sentence beads where a document has them, else its paragraph beads.

    Beads with an empty side (omissions) carry no pair and are skipped.
    """
    by_doc: dict[str, list[BeadRecord]] = defaultdict(list)
    for record in records:
        if record.zh.strip() and record.en.strip():
            by_doc[record.doc].append(record)
    units = []
    for doc_records in by_doc.values():
        sentences = [r for r in doc_records if r.level == "sentence"]
        units.extend(sentences or doc_records)
    return units


def _unit_frequency(occ, vocab: int):
    """Units each candidate occurs in (an occurrence repeated in one unit counts once)."""
    import numpy as np

    pairs = np.unique(occ["unit"].astype(np.int64) * vocab + occ["cand"])
    return np.bincount(pairs % vocab, minlength=vocab)


def _incidence(occ, kept, vocab: int, n_units: int):
    """Units × kept-candidates 0/1 sparse matrix."""
    import numpy as np
    from scipy import sparse

    column = np.full(vocab, -1, dtype=np.int64)
    column[kept] = np.arange(len(kept))
    col = column[occ["cand"]]
    mask = col >= 0
    matrix = sparse.csr_matrix((np.ones(int(mask.sum()), dtype=np.float32),
                                (occ["unit"][mask], col[mask])), shape=(n_units, len(kept)))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _competitive_linking(pairs: dict, containers: dict, zh_occ, en_occ, zh_keys, en_keys, n_units: int):
    """Units where each pair won the link, and units where a candidate only occurred inside longer links;
    CONTAINERS: `containing_pairs` of PAIRS.

    Returns ((zh id, en id) -> unit indices, zh id -> covered units, en id -> covered units). A
    candidate is covered in a unit when every occurrence lies inside a longer linked span
    (因特网 inside 因特网治理论坛): those occurrences support the longer pair, not its own.
    """
    import numpy as np

    partners = _partners(pairs)
    zh_spans = _spans_by_unit(zh_occ, np.fromiter(partners, dtype=np.int64), n_units)
    en_spans = _spans_by_unit(en_occ, np.unique(np.fromiter((e for z, e in pairs), dtype=np.int64)), n_units)
    links: dict[tuple[int, int], list[int]] = defaultdict(list)
    covered_zh: Counter[int] = Counter()
    covered_en: Counter[int] = Counter()
    for unit, (zs, es) in enumerate(zip(zh_spans, en_spans)):
        if not zs or not es:
            continue
        present = {}
        for z in zs:
            scores = partners.get(z)
            if scores:
                # in the pair table's order (first occurrence in the corpus), not a set's, whose
                # order follows the integer ids: pairs of equal G² then link in an order that does not
                # depend on how many candidates were numbered
                for e in scores:
                    if e in es:
                        present[z, e] = scores[e][0]
        if not present:
            continue
        used_zh: list[tuple[int, int]] = []
        used_en: list[tuple[int, int]] = []
        spent: set[tuple[str, int]] = set()     # candidates with no free occurrence left in this unit
        for pair in sorted(present, key=present.__getitem__, reverse=True):
            outer = [q for q in containers.get(pair, ()) if q in present]
            outer.sort(key=lambda q: -len(zh_keys[q[0]]) - len(en_keys[q[1]]))
            outer.append(pair)
            for candidate in outer:
                if _link(candidate, zs, es, used_zh, used_en, spent) and links[candidate][-1:] != [unit]:
                    links[candidate].append(unit)
        covered_zh.update(c for c, spans in zs.items() if _inside_links(spans, used_zh))
        covered_en.update(c for c, spans in es.items() if _inside_links(spans, used_en))
    return links, covered_zh, covered_en


def _inside_links(spans, used) -> bool:
    """True when every span lies strictly inside one of the linked spans."""
    return all(any(us <= s and e <= ue and (s, e) != (us, ue) for us, ue in used) for s, e in spans)


def _link(pair, zs, es, used_zh, used_en, spent: set) -> bool:
    """Consume one free occurrence of each side of PAIR in this unit, if both have one."""
    z, e = pair
    if ("zh", z) in spent or ("en", e) in spent:
        return False
    z_span = _free_span(zs[z], used_zh)
    if z_span is None:
        spent.add(("zh", z))
        return False
    e_span = _free_span(es[e], used_en)
    if e_span is None:
        spent.add(("en", e))
        return False
    used_zh.append(z_span)
    used_en.append(e_span)
    return True


def _free_span(spans, used) -> tuple[int, int] | None:
    for start, end in spans:
        if all(end <= s or start >= e for s, e in used):
            return start, end
    return None


def _partners(pairs: dict) -> dict[int, dict[int, tuple[float, float]]]:
    """zh id -> en id -> the pair's scores, in the pair table's order."""
    partners: dict[int, dict[int, tuple[float, float]]] = defaultdict(dict)
    for (z, e), scores in pairs.items():
        partners[z][e] = scores
    return partners


def containing_pairs(pairs: dict, zh_keys: dict[int, str], en_keys: dict[int, str]) -> dict:
    """For each pair, the longer pairs that contain it: a name and its fragments. Computed once per
    mining run, by the client, and shared with every shard's linking (one pass over the pair table,
    which per shard had cost a quarter of the linking).

    (z', e') contains (z, e) when z' contains z and e' contains e, one of them
    properly; that includes 中非稳定团 ↔ MINUSCA over 中非稳定 ↔ MINUSCA, where
    jieba cut the name differently in a few units. Only a container that is
    nearly as exclusive a pair (Dice) as the inner one counts, or a loose
    phrase (出席安全理事会 ↔ Security Council) would take the name's links.
    """
    partners = _partners(pairs)
    zh_ids = {zh_keys[z]: z for z in partners}
    en_ids = {en_keys[e]: e for _, e in pairs}
    zh_parts = {z: [zh_ids[k] for k in nested_keys(key, "zh") if k in zh_ids] + [z] for key, z in zh_ids.items()}
    en_parts = {e: [en_ids[k] for k in nested_keys(key, "en") if k in en_ids] + [e] for key, e in en_ids.items()}
    inside: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for (z, e), (_, dice) in pairs.items():
        for zi in zh_parts[z]:
            inner = partners[zi]
            for ei in en_parts[e]:
                if (zi, ei) != (z, e) and ei in inner and dice >= FRAGMENT_DICE * inner[ei][1]:
                    inside[(zi, ei)].append((z, e))
    return dict(inside)


def _spans_by_unit(occ, wanted, n_units: int) -> Iterator[dict[int, list[tuple[int, int]]]]:
    """Unit after unit: candidate id -> its character spans, for the wanted candidates only.

    Built one unit at a time from the arrays (occurrences are stored in unit order), so
    linking 40,000 units never holds millions of Python tuples at once.
    """
    import numpy as np

    mask = np.isin(occ["cand"], wanted)
    unit, cand, start, end = (occ[k][mask] for k in ("unit", "cand", "start", "end"))
    bounds = np.searchsorted(unit, np.arange(n_units + 1)).tolist()
    for lo, hi in zip(bounds, bounds[1:]):
        spans: dict[int, list[tuple[int, int]]] = {}
        for c, s, e in zip(cand[lo:hi].tolist(), start[lo:hi].tolist(), end[lo:hi].tolist()):
            spans.setdefault(c, []).append((s, e))
        yield spans
