"""A small bilingual word dictionary learnt from sentence pairs: evidence independent of the encoder.

Hunalign scores a candidate bead by the dictionary words its two sides share;
here the dictionary is derived, at run time, from a file of zh–en sentence
pairs (one `English<TAB>Chinese` pair a line, e.g. the Tatoeba export in
../shared): an English word and a Chinese character bigram are paired when
they occur in the same sentence pairs far more often than by chance (Dice
coefficient). Each pair is a language-neutral value `lex:k`; a segment's
features are the values whose word (en) or bigram (zh) it holds, and the
aligner's `Evidence`-like `Lexical` term rewards the values two runs share.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from termalign.errors import InputError

# The lexicon is learnt from the file $TERMALIGN_LEXICON names (`English<TAB>Chinese`
# lines); without it the aligner scores without this term. It is the user's choice,
# never a file found by position: an installed aligner must behave the same wherever
# it runs. scripts/bench_align.py names the Tatoeba pairs of the shared data folder.
TATOEBA = Path("data") / "tatoeba-cmn-eng-anki" / "cmn.txt"

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# function words: they co-occur with everything and decide nothing
_STOP = set("""a an the of to in on at by for with from and or but not no is are was were be been being am
do does did have has had i you he she it we they me him her us them my your his its our their this that these
those there here what which who whom whose when where why how all any some as if so than then too very can
could will would shall should may might must just also only into out up down over about s t don didn isn
wasn aren weren won doesn haven hasn hadn couldn wouldn shouldn let let's i'm you're he's she's it's we're
they're i've you've we've they've i'll you'll he'll she'll we'll they'll i'd you'd he'd she'd we'd they'd
""".split())


def _en_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _zh_bigrams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _HAN.findall(text):
        out.update(run[k:k + 2] for k in range(len(run) - 1))
    return out


class Lexicon:
    """Pairs (English word, Chinese bigram) learnt from sentence pairs."""

    def __init__(self, pairs: dict[tuple[str, str], int]) -> None:
        self.pairs = pairs
        self.by_word: dict[str, list[int]] = {}
        self.by_bigram: dict[str, list[int]] = {}
        for (word, bigram), k in pairs.items():
            self.by_word.setdefault(word, []).append(k)
            self.by_bigram.setdefault(bigram, []).append(k)

    @classmethod
    def learn(cls, lines: Sequence[tuple[str, str]], min_count: int = 3, min_dice: float = 0.3,
              per_word: int = 2) -> Lexicon:
        """From (english, chinese) sentence pairs: each English word's `per_word`
        best bigrams by Dice coefficient, when at least `min_dice` over `min_count` pairs."""
        words: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()
        both: Counter[tuple[str, str]] = Counter()
        for en, zh in lines:
            ws, bs = _en_words(en), _zh_bigrams(zh)
            words.update(ws)
            bigrams.update(bs)
            for w in ws:
                for b in bs:
                    both[(w, b)] += 1
        best: dict[str, list[tuple[float, str]]] = {}
        for (w, b), c in both.items():
            if c < min_count:
                continue
            dice = 2 * c / (words[w] + bigrams[b])
            if dice >= min_dice:
                best.setdefault(w, []).append((dice, b))
        pairs: dict[tuple[str, str], int] = {}
        for w, cands in best.items():
            for _, b in sorted(cands, reverse=True)[:per_word]:
                pairs[(w, b)] = len(pairs)
        return cls(pairs)

    @classmethod
    def from_file(cls, path: Path | str, **kw) -> Lexicon:
        """Learn from a file of `English<TAB>Chinese` lines (other lines are ignored);
        ValueError when it holds none."""
        lines = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2:
                    lines.append((parts[0], parts[1]))
        if not lines:
            raise ValueError(f"{path} holds no English<TAB>Chinese line")
        return cls.learn(lines, **kw)

    def features(self, texts: Sequence[str], lang: str) -> list[Counter]:
        """Per segment, the dictionary values (`lex:k`) it holds."""
        out = []
        for text in texts:
            found: Counter[str] = Counter()
            keys = _zh_bigrams(text) if lang == "zh" else _en_words(text)
            table = self.by_bigram if lang == "zh" else self.by_word
            for key in keys:
                for k in table.get(key, ()):
                    found[f"lex:{k}"] += 1
            out.append(found)
        return out


def default_path() -> Path | None:
    """The file the default lexicon is learnt from: the one `$TERMALIGN_LEXICON` names,
    or None when the variable is unset or empty (the aligner then works without a
    dictionary). A name that is not a readable file is the user's mistake, not a
    reason to align silently without the dictionary they asked for: `InputError`."""
    name = os.environ.get("TERMALIGN_LEXICON")
    if not name:
        return None
    path = Path(name)
    if not path.is_file():
        raise _unusable(name, "is a directory" if path.is_dir() else "does not exist",
                        "name a file of English<TAB>Chinese sentence pairs")
    return path


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon | None:
    """The lexicon learnt from `default_path()` (about 1.5 s, once per process), or
    None when no file is named. A named file that cannot be read, or that holds no
    `English<TAB>Chinese` line, raises `InputError`; one whose pairs are too few to
    pair any word gives None, and the aligner works without the term."""
    path = default_path()
    if path is None:
        return None
    try:
        lexicon = Lexicon.from_file(path)
    except OSError as exc:
        raise _unusable(path, f"cannot be read ({exc.strerror or exc})", "check its permissions") from None
    except UnicodeDecodeError:
        raise _unusable(path, "is not UTF-8 text",
                        "name a file of English<TAB>Chinese sentence pairs in UTF-8") from None
    except ValueError:
        raise _unusable(path, "holds no English<TAB>Chinese line", "name a file of sentence pairs") from None
    return lexicon if lexicon.pairs else None


def _unusable(path: Path | str, why: str, advice: str) -> InputError:
    return InputError(f"TERMALIGN_LEXICON names {path}, which {why}: {advice}, or unset the variable")
