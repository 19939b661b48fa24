"""Which paragraph of one version became which paragraph of the next.

Consecutive versions are aligned with the project's aligner on sentence
vectors (same language on both sides), which gives a monotonic path of beads.
Each bead is then judged on its characters: identical (unchanged), close
enough to be the same paragraph re-worded (edited), or not the same at all
(one dropped, one new). Paragraphs the monotonic path had to leave out are
matched among themselves afterwards: a dropped paragraph that reappears
elsewhere was moved.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np

from termalign.glossary.drift.series import Token, SeriesVersion

STATUSES = ("unchanged", "edited", "moved", "new", "dropped")

# Below this share of common characters (rapidfuzz Indel ratio) two paragraphs are not
# the same paragraph re-worded, unless their meaning is very close (cosine below).
# Measured on the 1-1 beads of the five seed resolutions: re-worded recurring paragraphs
# score 0.49 and up, mismatched pairs 0.35 and under (one at 0.45, a title against an
# agenda item).
MIN_SIMILARITY = 0.47
MIN_COSINE = 0.85
# Moved paragraphs are matched on characters only, so they need more of them in common.
MIN_MOVED_SIMILARITY = 0.6
# Most paragraphs in one bead, both sides together: one paragraph split in two, or two merged.
MAX_BEAD = 3
# A split or merge is reported when the joined paragraphs match this much better than one pair.
SPLIT_GAIN = 0.1


@dataclass(frozen=True)
class DiffOp:
    """One step of a diff: `equal`, `replace`, `delete` or `insert`, in tokens and characters."""

    tag: str
    old: str                        # characters of the old side (empty for insert)
    new: str
    old_tokens: tuple[int, int]     # token range in ParagraphChange.old_tokens
    new_tokens: tuple[int, int]


@dataclass
class ParagraphChange:
    status: str                     # one of STATUSES
    old_ids: list[str]
    new_ids: list[str]
    old_text: str = ""
    new_text: str = ""
    old_number: str | None = None
    new_number: str | None = None
    similarity: float = 0.0         # share of characters in common, 0..1
    old_tokens: list[Token] = field(default_factory=list)
    new_tokens: list[Token] = field(default_factory=list)
    diff: list[DiffOp] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        return bool(self.old_number and self.new_number and self.old_number != self.new_number)


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) / 100.0


def diff_tokens(old_text: str, old_tokens: list[Token], new_text: str, new_tokens: list[Token]) -> list[DiffOp]:
    """A word-level diff whose steps carry their exact characters (spaces included)."""
    matcher = difflib.SequenceMatcher(None, [t.text for t in old_tokens], [t.text for t in new_tokens],
                                      autojunk=False)

    def chars(text: str, tokens: list[Token], i: int, j: int) -> str:
        if i == j:
            return ""
        start = 0 if i == 0 else tokens[i].start
        end = len(text) if j == len(tokens) else tokens[j].start
        return text[start:end]

    return [DiffOp(tag, chars(old_text, old_tokens, i1, i2), chars(new_text, new_tokens, j1, j2),
                   (i1, i2), (j1, j2))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _side(version: SeriesVersion, indices: range) -> tuple[list[str], str, list[Token], str | None]:
    """Ids, joined text, tokens (offsets into the joined text) and number of some paragraphs."""
    paragraphs = [version.paragraphs[i] for i in indices]
    text, tokens = "", []
    for p in paragraphs:
        if text:
            text += "\n"
        offset = len(text)
        tokens += [Token(t.text, t.pos, t.start + offset, t.end + offset) for t in version.tokens[p.id]]
        text += version.texts[p.id]
    number = paragraphs[0].number if len(paragraphs) == 1 else None
    return [p.id for p in paragraphs], text, tokens, number


def _change(status: str, old: SeriesVersion, i: range, new: SeriesVersion, j: range) -> ParagraphChange:
    old_ids, old_text, old_tokens, old_number = _side(old, i)
    new_ids, new_text, new_tokens, new_number = _side(new, j)
    change = ParagraphChange(status, old_ids, new_ids, old_text, new_text, old_number, new_number,
                             old_tokens=old_tokens, new_tokens=new_tokens)
    if old_ids and new_ids:
        change.similarity = similarity(old_text, new_text)
        if old_text == new_text:
            change.status = "unchanged" if status != "moved" else "moved"
        else:
            change.diff = diff_tokens(old_text, old_tokens, new_text, new_tokens)
    return change


def align_versions(old_vectors: np.ndarray, new_vectors: np.ndarray, old_texts: list[str],
                   new_texts: list[str]) -> list[tuple[int, int, int, int]]:
    """The aligner's monotonic path between two versions, as (i0, i1, j0, j1) beads.

    A paragraph split in two or two merged into one make 1-2 and 2-1 beads, scored
    on the mean of the paragraphs' vectors (the aligner's way for paragraphs).
    """
    from termalign.align.aligner import AlignConfig, align
    from termalign.align.lattice import Segments

    beads = align(Segments(old_texts, old_vectors), Segments(new_texts, new_vectors),
                  config=AlignConfig(max_total=MAX_BEAD))
    steps, i, j = [], 0, 0
    for bead in beads:
        steps.append((i, i + len(bead.zh), j, j + len(bead.en)))
        i, j = i + len(bead.zh), j + len(bead.en)
    return steps


def _split_bead(bead: tuple[int, int, int, int], old_texts: list[str],
                new_texts: list[str]) -> list[tuple[int, int, int, int]]:
    """A many-paragraph bead as one paragraph pair plus omissions, unless the joined
    paragraphs match clearly better than the best single pair (a real split or merge).

    The aligner may pair a paragraph with itself and a new neighbour (1-2); a report
    should say "edited" and "new", not "merged".
    """
    i0, i1, j0, j1 = bead
    if (i1 - i0 <= 1 and j1 - j0 <= 1) or i1 == i0 or j1 == j0:
        return [bead]
    joined = similarity("".join(old_texts[i0:i1]), "".join(new_texts[j0:j1]))
    best, i, j = max((similarity(old_texts[i], new_texts[j]), i, j) for i in range(i0, i1) for j in range(j0, j1))
    if joined > best + SPLIT_GAIN:
        return [bead]
    steps = [(k, k + 1, j0, j0) for k in range(i0, i)] + [(i0, i0, k, k + 1) for k in range(j0, j)]
    steps.append((i, i + 1, j, j + 1))
    steps += [(k, k + 1, j1, j1) for k in range(i + 1, i1)] + [(i1, i1, k, k + 1) for k in range(j + 1, j1)]
    return steps


def correspond(old: SeriesVersion, new: SeriesVersion, old_vectors: np.ndarray, new_vectors: np.ndarray) -> list[ParagraphChange]:
    """Every paragraph of both versions, in the new version's order, with what became of it."""
    old_texts = [old.texts[p.id] for p in old.paragraphs]
    new_texts = [new.texts[p.id] for p in new.paragraphs]
    changes: list[ParagraphChange] = []
    dropped: list[int] = []
    added: list[int] = []
    for bead in align_versions(old_vectors, new_vectors, old_texts, new_texts):
        for i0, i1, j0, j1 in _split_bead(bead, old_texts, new_texts):
            if i1 > i0 and j1 > j0:
                change = _change("edited", old, range(i0, i1), new, range(j0, j1))
                cosine = float(old_vectors[i0:i1].mean(0) @ new_vectors[j0:j1].mean(0))
                if change.status == "unchanged" or change.similarity >= MIN_SIMILARITY or cosine >= MIN_COSINE:
                    changes.append(change)
                    continue
            dropped += range(i0, i1)
            added += range(j0, j1)
            # each leftover keeps its place in the report; _match_moved may turn a pair into "moved"
            changes += [_change("dropped", old, range(i, i + 1), new, range(0)) for i in range(i0, i1)]
            changes += [_change("new", old, range(0), new, range(j, j + 1)) for j in range(j0, j1)]
    return _match_moved(changes, old, new, dropped, added)


def _match_moved(changes: list[ParagraphChange], old: SeriesVersion, new: SeriesVersion,
                 dropped: list[int], added: list[int]) -> list[ParagraphChange]:
    """Pair leftover dropped and new paragraphs that are the same text in another place."""
    scored = sorted(((similarity(old.texts[old.paragraphs[i].id], new.texts[new.paragraphs[j].id]), i, j)
                     for i in dropped for j in added), reverse=True)
    moved: dict[str, ParagraphChange] = {}
    used_old, used_new = set(), set()
    for score, i, j in scored:
        if score < MIN_MOVED_SIMILARITY:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        moved[new.paragraphs[j].id] = _change("moved", old, range(i, i + 1), new, range(j, j + 1))
    gone = {old.paragraphs[i].id for i in used_old}
    result = []
    for change in changes:
        if change.status == "dropped" and change.old_ids[0] in gone:
            continue
        if change.status == "new" and change.new_ids[0] in moved:
            result.append(moved[change.new_ids[0]])
            continue
        result.append(change)
    return result
