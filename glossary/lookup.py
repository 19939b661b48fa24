"""Glossary lookup: what does the termbase say about this term?

A query is matched, in either language, against the term keys of one
termbase version (`glossary.normalize.term_key`: case- and width-insensitive
for English, full-/half-width-insensitive for Chinese):

1. exact: the query's key is a term's key;
2. substring: terms containing the query, shortest (closest) first;
3. fuzzy, asked for or when nothing matched exactly: the closest terms by
   rapidfuzz's normalised Indel similarity, e.g. 互联网治理论坛 finds the
   variant 因特网治理论坛; for a query of several words, those holding all
   its words but one when any term does (`normalize.variant_words`).

Each hit carries its whole concept: every term with its status, the
evidence pair (frequency, documents) and one example.

This module sits on the path of `termalign lookup`, which an editor macro
may call for every selection: it imports nothing heavy (rapidfuzz only for
a fuzzy search), searches a cached `KeyIndex` of the version's term keys,
and reads from the termbase only the concepts it shows.
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
import warnings
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from termalign.glossary.formats.base import AVOID, LANGS, best_pair, ordered_terms
from termalign.glossary.concepts import Concept, Example, PairEvidence, Term
from termalign.glossary.normalize import script_lang, term_key, variant_words
from termalign.glossary import pgstore
from termalign.glossary.termbase import Termbase, concept_id, parse_concept_id
from termalign import locations
from termalign.atomic import atomic_write
from termalign.errors import ClientSearchWarning, SettingError, TermbaseError

MATCH_KINDS = ("exact", "substring", "fuzzy")
_INDEX_LAYOUT = 2                   # bump when the cached index changes shape
CACHED_INDEXES = 16                 # term indexes kept in the cache folder
# Indel similarity (0-100) a fuzzy hit needs: 互联网治理论坛 / 因特网治理论坛 score 71.
FUZZY_CUTOFF = 60.0
# From this many keys in a language a fuzzy search scans them with rapidfuzz's cdist (see _closest_keys).
CDIST_KEYS = 20_000
_noted_client_search = False        # the warning that a PostgreSQL termbase is searched on the client: once


@dataclass
class Hit:
    match: str                      # one of MATCH_KINDS
    score: float                    # 100 for exact; share of the term the query covers; fuzzy similarity
    term: str                       # the term that matched
    lang: str
    status: str
    concept: Concept
    note: str = ""                  # what a translator should know about this match

    def to_dict(self) -> dict:
        pair, example = _evidence(self)
        return {
            "match": self.match, "score": round(self.score, 1), "term": self.term, "lang": self.lang,
            "status": self.status, "note": self.note,
            "concept": {
                "id": self.concept.id, "note": self.concept.note, "kind": self.concept.kind,
                "terms": [{"lang": t.lang, "text": t.text, "status": t.status, "term_type": t.term_type,
                           "frequency": t.frequency, "documents": t.documents, "avoid": t.status in AVOID}
                          for t in _display_terms(self.concept, self.lang)],
                "pair": {"zh": pair.zh, "en": pair.en} if pair else None,
                "frequency": pair.frequency if pair else None,
                "documents": pair.documents if pair else None,
                "tier": pair.tier if pair else "", "reason": pair.reason if pair else "",
                "example": None if example is None else {"doc": example.doc, "bead": example.bead,
                                                         "zh": example.zh, "en": example.en},
            },
        }


@dataclass
class Answer:
    query: str
    lang: str
    version: int
    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"query": self.query, "lang": self.lang, "version": self.version,
                "hits": [hit.to_dict() for hit in self.hits]}


class KeyIndex:
    """The term keys of one termbase version, per language, with their concept and frequency.

    A version never changes once written, so its index is cached on disk
    (`cache_dir`) the first time it is read: later lookups load one small
    file instead of reading every term row from SQLite. The keys of a
    language are kept as one newline-joined string, which loads several
    times faster than a list of strings.
    """

    def __init__(self, joined_keys: dict[str, str], concepts: dict[str, array], frequencies: dict[str, array]):
        self.joined_keys, self.concepts, self.frequencies = joined_keys, concepts, frequencies
        self._keys: dict[str, list[str]] = {}
        self._starts: dict[str, list[int]] = {}

    def keys(self, lang: str) -> list[str]:
        """The keys of LANG's terms, in index order (split on first use: a query needs one language)."""
        if lang not in self._keys:
            joined = self.joined_keys[lang]
            self._keys[lang] = joined.split("\n") if joined else []
        return self._keys[lang]

    def containing(self, key: str, lang: str) -> list[int]:
        """Indexes of the terms whose key contains KEY (or is KEY), in index order.

        Searches the newline-joined keys with str.find instead of testing every key in Python
        (about 0.5 µs a key: 30 ms at 50,000 concepts); a key never holds a newline, so a match lies
        inside one key, found by bisecting the keys' start offsets. Each match costs a few µs, so a
        short, common query (发展) that is in more than one key in 16 goes back to testing every key."""
        joined = self.joined_keys[lang]
        if not key or "\n" in key or not joined:
            return []
        starts = self._starts_of(lang)
        most = len(starts) // 16
        found: list[int] = []
        at = joined.find(key)
        while at >= 0:
            if len(found) > most:
                return [i for i, k in enumerate(self.keys(lang)) if key in k]
            i = bisect_right(starts, at) - 1
            found.append(i)
            # The next match can only be in a later key: go on from the start of the next one.
            at = joined.find(key, starts[i + 1]) if i + 1 < len(starts) else -1
        return found

    def _starts_of(self, lang: str) -> list[int]:
        """The offset in joined_keys[lang] where each key starts (made on first use; a list, which
        bisects several times faster than an array)."""
        if lang not in self._starts:
            # Running sums of the key lengths plus their newlines, all in C (a Python loop over 600,000
            # keys took 0.3–0.4 s of every lookup in a 500,000-concept file).
            starts = list(accumulate(map((1).__add__, map(len, self.keys(lang))), initial=0))
            starts.pop()
            self._starts[lang] = starts
        return self._starts[lang]

    @classmethod
    def build(cls, termbase: Termbase, version: int, statuses: tuple[str, ...] | None) -> KeyIndex:
        keys: dict[str, list[str]] = {lang: [] for lang in LANGS}
        concepts = {lang: array("q") for lang in LANGS}
        frequencies = {lang: array("q") for lang in LANGS}
        for row in termbase.term_rows(version, statuses):
            keys[row.lang].append(row.key)
            concepts[row.lang].append(int(row.concept_id[1:]))
            frequencies[row.lang].append(row.frequency)
        return cls({lang: "\n".join(keys[lang]) for lang in LANGS}, concepts, frequencies)

    @classmethod
    def load(cls, termbase: Termbase, version: int, statuses: tuple[str, ...] | None) -> KeyIndex:
        """The index from the cache, else built from the termbase and cached."""
        if version == 0:
            return cls.build(termbase, version, statuses)
        # What tells this version of this file apart, even from a termbase deleted and rebuilt in the same second.
        versions = {v.number: v for v in termbase.versions()}
        if termbase.path is not None:
            stat = termbase.path.stat()
            where: tuple = (str(termbase.path.resolve()), stat.st_dev, stat.st_ino)
        else:
            where = (termbase.location,)
        import hashlib      # here: a lookup searched by the server caches no index, and starts sooner

        identity = repr((_INDEX_LAYOUT, *where, version,
                         versions[version].created, versions[version].counts, versions[1].created, statuses))
        path = cache_dir() / f"{hashlib.sha256(identity.encode()).hexdigest()[:32]}.marshal"
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError, KeyError):
            data = marshal.loads(path.read_bytes())
            return cls(data["keys"], *({lang: array("q", data[name][lang]) for lang in LANGS}
                                       for name in ("concepts", "frequencies")))
        index = cls.build(termbase, version, statuses)
        data = {"keys": index.joined_keys,
                "concepts": {lang: index.concepts[lang].tobytes() for lang in LANGS},
                "frequencies": {lang: index.frequencies[lang].tobytes() for lang in LANGS}}
        # A cache that cannot be written only costs speed.
        with contextlib.suppress(OSError):
            with atomic_write(path, "wb") as handle:
                marshal.dump(data, handle)
            _prune(path.parent)
        return index


def _prune(folder: Path, keep: int = CACHED_INDEXES) -> None:
    """Delete all but the KEEP newest indexes (each is a few MB for a large termbase)."""
    indexes = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in indexes[keep:]:
        stale.unlink(missing_ok=True)


def cache_dir() -> Path:
    """The lookup indexes' folder inside termalign's cache."""
    return locations.cache_dir() / "lookup"


class Lookup:
    """Answers queries against one version of a termbase."""

    def __init__(self, termbase: Termbase, version: int | None = None,
                 statuses: Iterable[str] | None = None, limit: int = 10,
                 load_index: Callable[[], KeyIndex] | None = None) -> None:
        """LOAD_INDEX: how to get the version's KeyIndex when a search needs it (a server answering many
        queries keeps one per version); by default it is loaded from the termbase's cache."""
        if limit < 1:
            raise SettingError("limit", f"limit must be at least 1, not {limit}")
        self.termbase = termbase
        self.statuses = tuple(statuses) if statuses else None
        self.limit = limit
        latest = termbase.latest_version()
        self.version = latest if version is None else version
        if not 0 <= self.version <= latest:
            raise TermbaseError(f"version {version} does not exist in {termbase.name} (versions are 1–{latest})")
        self._index: KeyIndex | None = None
        self._load_index = load_index or (lambda: KeyIndex.load(self.termbase, self.version, self.statuses))
        # Lookup searches a PostgreSQL termbase with the server's indexes when it has them: nothing of
        # the version is loaded into the client.
        self.on_server = termbase.backend == "postgresql"
        if not self.on_server:
            self.index          # an SQLite termbase: the index is loaded (or built and cached) now

    @property
    def index(self) -> KeyIndex:
        """The version's key index (loaded on first use: a search on the server never needs it)."""
        if self._index is None:
            self._index = self._load_index()
        return self._index

    def _searches_on_server(self, lang: str) -> bool:
        if not self.on_server:
            return False
        if self.termbase.server_search(lang):
            return True
        global _noted_client_search
        if not _noted_client_search:
            _noted_client_search = True
            reason = ("its database's locale (LC_CTYPE) gives Chinese no trigrams" if lang == "zh" and
                      self.termbase.server_search("en") else "the server has no pg_trgm extension or index")
            # A warning, not a print: the library never writes to the terminal (the CLI shows it).
            warnings.warn(ClientSearchWarning(f"{self.termbase.name} is searched on the client ({reason}); "
                                              "lookups load the version's term keys first"), stacklevel=3)
        return False

    def search(self, query: str, lang: str = "auto", fuzzy: bool = False, fallback: bool = True) -> Answer:
        """Exact and substring hits, then close variants when FUZZY, or when nothing matched exactly and
        FALLBACK (a caller that keeps only exact and substring hits passes False and saves the fuzzy scan)."""
        query = query.strip()
        lang = script_lang(query) if lang == "auto" else lang
        if lang not in LANGS:
            raise SettingError("language", f"unknown language {lang!r}; use auto, zh or en")
        key = term_key(query, lang)
        if not key:
            raise SettingError("query", "the query is empty; give a term to look up")
        if self._searches_on_server(lang):
            found = self._server_matches(key, lang, fuzzy, fallback)
        else:
            found = self._client_matches(key, lang, fuzzy, fallback)
        answer = Answer(query, lang, self.version)
        shown = list(found.items())[:self.limit]
        concepts = self._concepts([num for num, _ in shown])
        for num, (match, score, matched_key) in shown:
            concept = concepts[num]
            term = next(t for t in concept.terms if t.lang == lang and term_key(t.text, lang) == matched_key)
            answer.hits.append(Hit(match, score, term.text, lang, term.status, concept,
                                   _explain(query, match, term, concept)))
        return answer

    def _client_matches(self, key: str, lang: str, fuzzy: bool, fallback: bool) -> dict[int, tuple[str, float, str]]:
        """{concept number: (match kind, score, matched key)} in rank order, from the key index."""
        index = self.index
        nums, freq = index.concepts[lang], index.frequencies[lang]
        found: dict[int, tuple[str, float, str]] = {}
        keys = index.keys(lang)
        containing = index.containing(key, lang)
        exact = [i for i in containing if keys[i] == key]
        for i in sorted(exact, key=lambda i: -freq[i]):
            found.setdefault(nums[i], ("exact", 100.0, key))
        for i in _closest_first(containing, keys, freq, nums, self.limit):
            if len(found) >= self.limit:
                break
            found.setdefault(nums[i], ("substring", 100.0 * len(key) / len(keys[i]), keys[i]))
        if _wants_fuzzy(found, self.limit, fuzzy, fallback and not exact):
            for i, score in _closest_keys(key, keys, freq, self.limit * 3, variant_words(key)):
                if keys[i] != key:
                    found.setdefault(nums[i], ("fuzzy", score, keys[i]))
        return found

    def _server_matches(self, key: str, lang: str, fuzzy: bool, fallback: bool) -> dict[int, tuple[str, float, str]]:
        """The same as _client_matches, the terms found by the server's indexes (same ranking rules)."""
        search = self.termbase.search_terms
        found: dict[int, tuple[str, float, str]] = {}
        exact = search("exact", key, lang, self.version, self.statuses, self.limit)
        for num, _, _, _ in exact:
            found.setdefault(num, ("exact", 100.0, key))
        for num, matched, _, _ in search("substring", key, lang, self.version, self.statuses, self.limit):
            if len(found) >= self.limit:
                break
            found.setdefault(num, ("substring", 100.0 * len(key) / len(matched), matched))
        if _wants_fuzzy(found, self.limit, fuzzy, fallback and not exact):
            from rapidfuzz import fuzz

            def scored(mode: str, similarity: float = pgstore.TRIGRAM_THRESHOLD) -> list[tuple]:
                rows = search(mode, key, lang, self.version, self.statuses, self.limit, similarity)
                return [(-score, -frequency, term, num, matched) for num, matched, frequency, term in rows
                        if (score := fuzz.ratio(key, matched, score_cutoff=FUZZY_CUTOFF))]

            wanted = self.limit * 3
            candidates = scored("words") if variant_words(key) else []
            if all(matched == key for *_, matched in candidates):
                for similarity in (pgstore.FIRST_THRESHOLD, pgstore.TRIGRAM_THRESHOLD):
                    candidates = scored("fuzzy", similarity)
                    # The closer candidates alone name as many concepts as the answer shows: the wider
                    # search (slow on a large base) is skipped. An approximation of the client's ranking,
                    # see pgstore.FIRST_THRESHOLD.
                    new = {num for _, _, _, num, matched in candidates if matched != key and num not in found}
                    if len(new) >= self.limit:
                        break
            # The query's own key takes a place in the list, as on the client (_closest_keys).
            for negative, _, _, num, matched in sorted(candidates)[:wanted]:
                if matched != key:
                    found.setdefault(num, ("fuzzy", -negative, matched))
        return found

    def _concepts(self, nums: list[int]) -> dict[int, Concept]:
        concepts = self.termbase.concepts_with_ids([concept_id(num) for num in nums], self.version)
        if self.statuses is not None:
            for concept in concepts:
                concept.terms = [t for t in concept.terms if t.status in self.statuses]
        return {parse_concept_id(concept.id or "") or 0: concept for concept in concepts}


def _wants_fuzzy(found: dict, limit: int, asked: bool, fallback: bool) -> bool:
    """Whether close variants could be shown: they rank after every exact and substring hit, so when
    those already fill the LIMIT places the fuzzy search (the slowest step) would only be discarded."""
    return (asked or fallback) and len(found) < limit


def _closest_first(indexes: list[int], keys: list[str], freq: array, nums: array, limit: int) -> list[int]:
    """INDEXES ordered shortest key first (then most frequent), at least as many as give LIMIT distinct
    concepts, in the order a full sort gives: a short query (发展) is inside tens of thousands of keys
    at 500,000 concepts, and sorting them all cost more than the search itself."""
    def order(i: int) -> tuple[int, int]:
        return len(keys[i]), -freq[i]

    take = max(limit, 1) * 4        # a concept holds a few keys per language
    while take < len(indexes):
        head = heapq.nsmallest(take, indexes, key=order)
        if len({nums[i] for i in head}) >= limit:
            return head
        take *= 4
    return sorted(indexes, key=order)


def _closest_keys(key: str, keys: list[str], freq: array, limit: int,
                  words: tuple[str, ...] = ()) -> list[tuple[int, float]]:
    """(index, similarity) of the LIMIT keys most similar to KEY (at least FUZZY_CUTOFF), best first,
    the more frequent first among equals; with WORDS (`normalize.variant_words`), only the keys holding
    all of them but one, when any key besides KEY itself does.

    Every key is compared: a linear scan of about 0.6 µs a key. On a large index rapidfuzz's cdist
    does it without holding the GIL (process.extract holds it), so a server's other threads keep
    answering meanwhile; it needs numpy, which a small lookup from an editor macro is spared."""
    from rapidfuzz import fuzz, process

    if len(keys) < CDIST_KEYS:
        close = [(i, score) for _, score, i in
                 process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None)]
    else:
        import numpy as np

        scores = process.cdist([key], keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, dtype=np.float32,
                               workers=1)[0]
        close = [(i, float(scores[i])) for i in np.flatnonzero(scores).tolist()]   # below the cutoff: 0
    if words:
        wanted = set(words)
        holding = [(i, score) for i, score in close
                   if len(wanted.intersection(keys[i].split(" "))) >= len(words) - 1]
        if any(keys[i] != key for i, _ in holding):
            close = holding
    return sorted(close, key=lambda m: (-m[1], -freq[m[0]], m[0]))[:limit]


def _display_terms(concept: Concept, first_lang: str) -> list[Term]:
    """The query's language first; within a language, preferred first and terms to avoid last."""
    second = "en" if first_lang == "zh" else "zh"
    return ordered_terms(concept, first_lang) + ordered_terms(concept, second)


def _evidence(hit: Hit) -> tuple[PairEvidence | None, Example | None]:
    """The pair of the matched term (else the concept's most frequent) and one example, from it if it has one."""
    matched = next((t for t in hit.concept.terms if t.text == hit.term and t.lang == hit.lang), None)
    pair = best_pair(hit.concept, matched) or best_pair(hit.concept)
    sources = [pair] + sorted(hit.concept.pairs, key=lambda p: -p.frequency) if pair else []
    example = next((p.examples[0] for p in sources if p.examples), None)
    return pair, example


def _explain(query: str, match: str, term: Term, concept: Concept) -> str:
    """One line on how the hit relates to the query and what to use instead of a variant."""
    preferred = [t.text for t in ordered_terms(concept, term.lang) if t.status == "preferred"]
    use = f"; use {' / '.join(preferred)}" if preferred and term.text not in preferred else ""
    if match == "fuzzy":
        return f"{query} is not in the termbase; {term.text} is a close variant{use}"
    if match == "substring":
        return f"{term.text} contains {query}"
    if term.status in AVOID:
        return f"{term.text} is {term.status}: avoid it{use}"
    if term.status == "admitted" and use:
        return f"{term.text} is an admitted variant{use}"
    if term.status == "candidate":
        return f"{term.text} is a candidate: not reviewed yet{use}"
    return ""
