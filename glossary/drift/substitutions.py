"""Term substitutions across a series: what was replaced by what, where, and since when.

Within every edited paragraph pair, a short replaced stretch flanked by
unchanged words is a substitution (因特网 → 互联网). Stretches that carry a
date, a number, a document symbol or a place name are the yearly updates of a
resolution and are kept apart as updated references. Substitutions are then
grouped over the whole series and widened into the term forms they occur in
(信息社会世界首脑会议 → 信息社会世界峰会): the longer contexts in which both
the old and the new wording are attested somewhere in the series. Each form
pair gets a timeline (occurrences per version), which tells a convention
change (the old form never comes back) from a mixed usage, and shows the
versions that use both forms.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from termalign.align.anchors import Anchor, extract
from termalign.glossary.drift.correspondence import ParagraphChange
from termalign.glossary.drift.series import Token, SeriesVersion, paragraph_label

# A substitution is a short stretch: longer replacements are re-drafting, not terminology.
MAX_TOKENS = 4
MAX_CHARS = {"zh": 16, "en": 60}
# A replaced citation is longer ("2016 年 12 月 21 日第 71/212 号"), but not a whole clause.
MAX_REFERENCE_TOKENS = 12
# Term forms widen a substitution by at most this many words on each side.
MAX_CONTEXT = 3
MAX_FORMS = 4
# A widening preceded by one same word more often than this is part of a longer name.
MAX_SAME_BEFORE = 0.5
# Characters kept either side of a replacement, enough to hold the widest term form.
CONTEXT_CHARS = 24

# jieba parts of speech that can begin or end a Chinese term: nouns, names of
# organisations, verbal nouns (发展), abbreviations (通信), foreign words, set phrases.
_ZH_TERM_EDGE = {"n", "nt", "nz", "nrt", "vn", "j", "eng", "l", "i", "an"}
# ... and those a term never runs across: punctuation, numerals, particles, pronouns,
# prepositions, conjunctions, adverbs, localisers, quantifiers.
_ZH_BREAK = {"x", "m", "mq", "uj", "ul", "uz", "ug", "uv", "ud", "u", "y", "e", "o", "r", "p", "d",
             "f", "q", "c", "zg"}
# Places and people: a changed venue or name is an updated reference, not a term.
_NAME_POS = {"ns", "nr", "nrfg"}
_EN_STOP = frozenset("""a an the of on in for to and or with by at as from its their his her this that these
those which who is are was were be been has have had will shall should would may can also
all any each other such more most including""".split())


@dataclass(frozen=True)
class Occurrence:
    """One replacement seen in a pair of consecutive versions."""

    old_version: int
    new_version: int
    old_paragraph: str
    new_paragraph: str
    old: str
    new: str
    old_left: str = ""              # a few characters either side, to show and to place it
    old_right: str = ""
    new_left: str = ""
    new_right: str = ""


@dataclass
class ReferenceUpdate:
    """A replaced date, number, symbol or name: expected in a yearly resolution."""

    kind: str                       # "date", "number", "symbol" or "name"
    occurrence: Occurrence


@dataclass
class FormPair:
    """Two wordings of one term and how each is used across the versions."""

    old: str
    new: str
    counts: list[tuple[int, int]]   # per version: (occurrences of old, occurrences of new)
    status: str = "mixed"           # "changed": the old form never comes back; "mixed": both still used
    changed_in: int | None = None   # index of the first version using only the new form for good
    observed: int = 0               # replacements seen in edited paragraphs within this form

    @property
    def inconsistent_in(self) -> list[int]:
        return [i for i, (a, b) in enumerate(self.counts) if a and b]


@dataclass
class Substitution:
    """A replacement recurring over the series, with the term forms it occurs in."""

    old: str
    new: str
    occurrences: list[Occurrence] = field(default_factory=list)
    term_like: bool = True
    forms: list[FormPair] = field(default_factory=list)   # widenings, most used first; the bare pair last


@dataclass
class SeriesSubstitutions:
    substitutions: list[Substitution]
    references: list[ReferenceUpdate]


# --- finding replacements in edited paragraphs

def _is_punct(token: Token) -> bool:
    return not any(c.isalnum() for c in token.text)


def _around(text: str, tokens: list[Token]) -> tuple[str, str]:
    start, end = tokens[0].start, tokens[-1].end
    return text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]


def _covering(anchors: list[Anchor], tokens: list[Token]) -> list[Anchor]:
    start, end = tokens[0].start, tokens[-1].end
    return [x for x in anchors if x.start < end and x.end > start]


def _reference(change: ParagraphChange, a: list[Token], b: list[Token], old_anchors: list[Anchor],
               new_anchors: list[Anchor], lang: str) -> tuple[str, str, str] | None:
    """(kind, old, new) when a replacement updates a date, number, symbol or name, else None.

    Both sides must hold one (a date replaced by a clause is re-drafting). The whole
    date or symbol is reported (2019 年 12 月 19 日 → 2020 年 12 月 21 日), not just
    the digits that differ.
    """
    old_hits, new_hits = _covering(old_anchors, a), _covering(new_anchors, b)
    if old_hits and new_hits:
        old_text = change.old_text[min(x.start for x in old_hits):max(x.end for x in old_hits)]
        new_text = change.new_text[min(x.start for x in new_hits):max(x.end for x in new_hits)]
        return old_hits[0].kind, old_text, new_text
    if lang != "zh" or old_hits or new_hits or len(a) > MAX_TOKENS or len(b) > MAX_TOKENS:
        return None
    for kind, tags in (("number", ("m", "mq")), ("name", _NAME_POS)):
        if any(t.pos in tags for t in a) and any(t.pos in tags for t in b):
            return kind, change.old_text[a[0].start:a[-1].end], change.new_text[b[0].start:b[-1].end]
    return None


def replacements(change: ParagraphChange, old: SeriesVersion, new: SeriesVersion) -> tuple[list[Occurrence], list[ReferenceUpdate]]:
    """The term replacements and updated references of one edited paragraph pair."""
    terms, references, seen = [], [], set()
    old_label = paragraph_label(old.doc.paragraph(change.old_ids[0]))
    new_label = paragraph_label(new.doc.paragraph(change.new_ids[0]))
    old_anchors = extract(change.old_text, old.lang).items
    new_anchors = extract(change.new_text, new.lang).items
    for op in change.diff:
        if op.tag != "replace":
            continue
        a = change.old_tokens[op.old_tokens[0]:op.old_tokens[1]]
        b = change.new_tokens[op.new_tokens[0]:op.new_tokens[1]]
        if len(a) > MAX_REFERENCE_TOKENS or len(b) > MAX_REFERENCE_TOKENS:
            continue
        reference = _reference(change, a, b, old_anchors, new_anchors, old.lang)
        if reference:
            kind, old_text, new_text = reference
            if old_text != new_text and (old_text, new_text) not in seen:
                seen.add((old_text, new_text))
                references.append(ReferenceUpdate(kind, Occurrence(old.index, new.index, old_label, new_label,
                                                                   old_text, new_text)))
            continue
        occurrence = Occurrence(old.index, new.index, old_label, new_label, op.old.strip(), op.new.strip(),
                                *_around(change.old_text, a), *_around(change.new_text, b))
        if _kept_beside(occurrence, old.lang):
            continue
        if (len(a) > MAX_TOKENS or len(b) > MAX_TOKENS or len(occurrence.old) > MAX_CHARS[old.lang]
                or len(occurrence.new) > MAX_CHARS[old.lang] or any(_is_punct(t) for t in a + b)):
            continue
        terms.append(occurrence)
    return terms, references


def _kept_beside(occurrence: Occurrence, lang: str) -> bool:
    """True when the "replaced" wording still stands right before the edit: an insertion (能力建设和
    技术转让 → 能力建设、技术转让和可负担的连通, where the diff pairs 技术转让 with 可负担的连通) or, the
    other way round, a deletion — not a substitution. Lists grow and shrink at their end, so only the
    text just before the edit (give or take a conjunction or a comma) is looked at; English wordings
    must stand there as whole words."""
    def before(text: str, left: str) -> bool:
        left = left[-(len(text) + (2 if lang == "zh" else 6)):]
        if lang == "zh":
            return text in left
        return bool(regex.search(rf"(?<!\w){regex.escape(text)}(?!\w)", left))

    return before(occurrence.old, occurrence.new_left) or before(occurrence.new, occurrence.old_left)


# --- widening a replacement into the term forms it occurs in

def _edge_ok(token: Token, lang: str) -> bool:
    if lang == "zh":
        return token.pos in _ZH_TERM_EDGE
    return token.text.casefold() not in _EN_STOP and token.pos == "w"


def _breaks(token: Token, lang: str) -> bool:
    return token.pos in _ZH_BREAK if lang == "zh" else token.pos == "x"


def _contexts(text: str, tokens: list[Token], k: int, stop: int, lang: str) -> Iterable[tuple[str, str, str]]:
    """(left, right, content word before left or "") around tokens[k:stop] where left + core + right
    may be one term."""
    left = []
    for t in reversed(tokens[max(0, k - MAX_CONTEXT):k]):
        if _breaks(t, lang):
            break
        left.append(t)
    right = []
    for t in tokens[stop:stop + MAX_CONTEXT]:
        if _breaks(t, lang):
            break
        right.append(t)
    core_start, core_end = tokens[k].start, tokens[stop - 1].end
    for nl in range(len(left) + 1):
        if nl and not _edge_ok(left[nl - 1], lang):
            continue
        lstr = text[left[nl - 1].start:core_start] if nl else ""
        # the word that could extend the widening further left, if any
        prev = tokens[k - nl - 1] if k - nl > 0 else None
        before = prev.text if prev and not _breaks(prev, lang) and _edge_ok(prev, lang) else ""
        for nr in range(len(right) + 1):
            if nr and not _edge_ok(right[nr - 1], lang):
                continue
            yield lstr, (text[core_end:right[nr - 1].end] if nr else ""), before


def _tokens_of(text: str, versions: list[SeriesVersion]) -> list[Token]:
    """How the series tokenises TEXT where it occurs as whole words (the first place found)."""
    for version in versions:
        for p in version.paragraphs:
            tokens, body = version.tokens[p.id], version.texts[p.id]
            starts = {t.start: i for i, t in enumerate(tokens)}
            ends = {t.end: i for i, t in enumerate(tokens)}
            at = body.find(text)
            while at >= 0:
                if at in starts and at + len(text) in ends:
                    return tokens[starts[at]:ends[at + len(text)] + 1]
                at = body.find(text, at + 1)
    return []


def term_contexts(old: str, new: str, versions: list[SeriesVersion]) -> list[tuple[str, str]]:
    """(left, right) widenings of a replacement that are attested with both wordings in the series.

    Only widenings that stop on a content word are counted. A widening mostly
    preceded by one same content word is the tail of a longer name (世界首脑会议
    in 信息社会世界首脑会议) and is dropped, and so is one always found inside a
    wider one. Best first: frequent and long.
    """
    lang = versions[0].lang
    counts: dict[str, Counter] = {}
    before: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for core in (old, new):
        counter = counts[core] = Counter()
        words = [t.text for t in _tokens_of(core, versions)]
        if not words:
            continue
        for version in versions:
            for pid, k, stop in version.spans(words):
                for left, right, word in _contexts(version.texts[pid], version.tokens[pid], k, stop, lang):
                    counter[left, right] += 1
                    before[left, right][word] += 1
    both = {c for c in counts[old] if c != ("", "") and counts[new][c]
            and max((n for word, n in before[c].items() if word), default=0)
            <= MAX_SAME_BEFORE * sum(before[c].values())}
    kept = [c for c in both
            if not any(w != c and w[0].endswith(c[0]) and w[1].startswith(c[1])
                       and counts[old][w] == counts[old][c] and counts[new][w] == counts[new][c]
                       for w in both)]
    kept.sort(key=lambda c: (-(counts[old][c] + counts[new][c]) * math.log2(2 + len(c[0]) + len(c[1])), c))
    return kept[:MAX_FORMS]


def is_term_like(old: str, new: str, versions: list[SeriesVersion]) -> bool:
    """Whether both wordings begin and end on words that can bound a term (not verbs, particles…)
    and run across no particle, preposition or punctuation."""
    lang = versions[0].lang
    for text in (old, new):
        tokens = _tokens_of(text, versions)
        if (not tokens or not (_edge_ok(tokens[0], lang) and _edge_ok(tokens[-1], lang))
                or any(_breaks(t, lang) for t in tokens)):
            return False
    return True


# --- timelines

def form_pair(a: str, b: str, versions: list[SeriesVersion], direction: Counter,
              counts: list[tuple[int, int]] | None = None) -> FormPair:
    """The usage of two wordings over the versions, oriented from the abandoned to the kept one.

    COUNTS (per version, for A and B) default to counting them in each version's text.
    """
    counts = counts or [(x, y) for x, y in (v.count([a, b], whole_words=True) for v in versions)]
    used = [i for i, (x, y) in enumerate(counts) if x or y]
    last = counts[used[-1]] if used else (0, 0)
    if bool(last[0]) != bool(last[1]):
        if last[0]:             # a is the form kept: orient b → a
            a, b = b, a
            counts = [(y, x) for x, y in counts]
        last_old = max(i for i, (x, _) in enumerate(counts) if x) if any(x for x, _ in counts) else -1
        changed_in = next((i for i in range(last_old + 1, len(counts)) if counts[i][1]), None)
        return FormPair(a, b, counts, "changed", changed_in)
    if direction[(b, a)] > direction[(a, b)]:
        a, b = b, a
        counts = [(y, x) for x, y in counts]
    return FormPair(a, b, counts, "mixed")


def _within(occurrence: Occurrence, left: str, right: str) -> bool:
    """Whether a replacement was seen inside the widening LEFT + core + RIGHT on both sides."""
    return (occurrence.old_left.endswith(left) and occurrence.new_left.endswith(left)
            and occurrence.old_right.startswith(right) and occurrence.new_right.startswith(right))


def collect(changes_per_pair: list[list[ParagraphChange]], versions: list[SeriesVersion]) -> SeriesSubstitutions:
    """Substitutions and updated references over the whole series."""
    groups: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
    references: list[ReferenceUpdate] = []
    for k, changes in enumerate(changes_per_pair):
        for change in changes:
            if change.status in ("edited", "moved") and change.diff:
                terms, refs = replacements(change, versions[k], versions[k + 1])
                references += refs
                for occ in terms:
                    first, second = sorted((occ.old, occ.new))
                    groups[first, second].append(occ)
    substitutions = []
    for (a, b), occurrences in groups.items():
        direction = Counter((o.old, o.new) for o in occurrences)
        core = form_pair(a, b, versions, direction)
        term_like = is_term_like(core.old, core.new, versions)
        forms = []
        widenings = term_contexts(core.old, core.new, versions) if term_like else []
        for left, right in widenings + [("", "")]:
            old, new = left + core.old + right, left + core.new + right
            oriented = Counter({(old, new): direction[(core.old, core.new)],
                                (new, old): direction[(core.new, core.old)]})
            # The bare wording inside a wider form (互联网 in 互联网治理论坛) is a use of that name, not
            # of the bare term: count it there only.
            wider = [w + form + r for w, r in widenings if not (left or right) for form in (core.old, core.new)]
            counts = [(x, y) for x, y, *_ in (v.count([old, new, *wider], whole_words=True) for v in versions)]
            form = form_pair(old, new, versions, oriented, counts)
            form.observed = sum(1 for o in occurrences if _within(o, left, right))
            forms.append(form)
        *wide, bare = forms
        # a widening used exactly as often as a wider one in every version adds nothing (移动通信 beside
        # 移动通信网络); word-level counts may differ where jieba cut one occurrence differently
        wide = [f for f in wide if not any(w is not f and f.old in w.old and f.new in w.new and w.counts == f.counts
                                           for w in wide)]
        substitutions.append(Substitution(core.old, core.new, occurrences, term_like, wide + [bare]))
    substitutions.sort(key=lambda s: (-len(s.occurrences), s.old))
    return SeriesSubstitutions(substitutions, references)
