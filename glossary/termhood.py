"""Is a candidate pair terminology, or general language? (issue 19)

Association and C-value tell what recurs in the mined texts; they cannot tell a
term from a common word that a document happens to repeat (use ↔ 使用,
ensure ↔ 确保, role ↔ 作用). General-language frequency can: a word that is
common in everyday English *and* everyday Chinese is general vocabulary,
however often one resolution says it, while a term is rare outside its domain
(broadband ↔ 宽带, connectivity ↔ 连通) or written as a name (the Internet).

- English frequency comes from `wordfreq` (Zipf scale: 6 is "the"-like, 3 is
  one word per million words), Chinese from the frequencies of jieba's own
  dictionary, put on the same scale.
- Only single words are judged this way: a phrase (disaster risk reduction)
  is a term by being a fixed combination, which mining's C-value and
  context-variety tests already measure.
- Phrases that are clause fragments rather than names are recognised by their
  edges: a Chinese candidate that starts with an adverb or pronoun (逐步实现,
  特别是最不发达国家) or an English one that starts with an adverb
  (progressively achieve) is not a term.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache

import regex


# A pair is general when both of its words are at least this common (Zipf): use/使用 5.6,
# data/数据 4.9, disaster/灾害 4.1 are; broadband/宽带 3.6, connectivity/连通 3.4 are not.
GENERAL_ZIPF = 4.0
# Share of its mid-sentence occurrences in which an English word is capitalised for it to count as
# a name (the Internet, the Charter) rather than a common word.
NAME_SHARE = 0.8
# jieba part-of-speech tags of words that never begin a Chinese term: pronouns, prepositions,
# conjunctions and particles (本国, 一切形式).
ZH_BAD_FIRST = ("r", "p", "c", "u")
# Adverbs that begin clauses (逐步实现, 大幅减少, 特别是最不发达国家). jieba tags many words that begin
# names as adverbs too (特别委员会, 经常预算), so these are listed rather than read from the tags.
ZH_CLAUSE_ADVERBS = ("逐步", "大幅", "进一步", "充分", "积极", "切实", "大力", "不断", "尽快", "尤其", "特别是",
                     "同时", "继续", "共同")
# English words that begin clause fragments, not names ("in particular the poor").
EN_BAD_FIRST = frozenset("particular especially notably substantially progressively respectively "
                         "nationally significantly".split())

_WORD = regex.compile(r"^[\p{L}][\p{L}'’]*$")


@dataclass(frozen=True)
class Generality:
    """How common the two sides of a pair are in general language."""

    en_zipf: float
    zh_zipf: float

    @property
    def zipf(self) -> float:
        """The rarer side decides: a pair is general only when both of its words are common."""
        return min(self.en_zipf, self.zh_zipf)


def en_zipf(word: str) -> float:
    """Zipf frequency of one English word in general language (0 for unknown words)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@lru_cache(maxsize=1)
def _jieba_dictionary():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def zh_zipf(word: str) -> float:
    """Zipf frequency of one Chinese word from jieba's dictionary counts (0 when not in it)."""
    tokenizer = _jieba_dictionary()
    freq = tokenizer.FREQ.get(word, 0)
    if not freq:
        return 0.0
    return math.log10(freq / tokenizer.total * 1e9)


@lru_cache(maxsize=1)
def _pos_tagger():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_jieba_dictionary())


@lru_cache(maxsize=65536)
def zh_pos(text: str) -> tuple[tuple[str, str], ...]:
    """(word, jieba part-of-speech tag) for the words of a Chinese term."""
    return tuple((p.word, p.flag) for p in _pos_tagger().cut(text))


def is_single_word(zh: str, en: str) -> bool:
    """Both sides one dictionary word: one English word (no space or hyphen), one jieba word."""
    return bool(_WORD.match(en)) and len(zh_pos(zh)) == 1


def generality(zh: str, en: str) -> Generality:
    return Generality(en_zipf=en_zipf(en), zh_zipf=zh_zipf(zh))


def is_general(zh: str, en: str, en_is_name: bool) -> Generality | None:
    """The pair's generality when it is a pair of common single words, else None.

    EN_IS_NAME: the English word is written capitalised inside sentences (the Internet, the
    Charter), which makes it a name whatever its frequency.
    """
    if en_is_name or not is_single_word(zh, en):
        return None
    found = generality(zh, en)
    return found if found.zipf >= GENERAL_ZIPF else None


def fragment_reason(zh: str, en: str) -> str | None:
    """Why the pair is a clause fragment rather than a term, or None."""
    words = zh_pos(zh)
    # One-character words begin real terms (最不发达国家, 不扩散, 各国议会联盟); longer ones are judged.
    if len(words) > 1 and len(words[0][0]) > 1:
        first, tag = words[0]
        adverb = next((a for a in ZH_CLAUSE_ADVERBS if zh.startswith(a)), None)
        if tag.startswith(ZH_BAD_FIRST) or adverb:
            return f"the Chinese begins with {adverb or first}, which begins clauses, not terms"
    first = en.split()[0].casefold() if en.split() else ""
    if " " in en.strip() and first in EN_BAD_FIRST:
        return f"the English begins with {en.split()[0]!r}, which begins clauses, not terms"
    return coordination(zh, en)


# Endings of English nouns, for telling a single-word term (connectivity) from a verb or adjective
# (progressively, inclusive, double) that a single document repeats.
_NOUN_ENDINGS = ("tion", "sion", "ment", "ity", "ness", "ance", "ence", "ism", "ship", "hood", "ogy", "ure",
                 "age", "ery", "ist")
_ZH_NOUN_TAGS = ("n", "vn", "j", "l", "eng")


def word_class_reason(zh: str, en: str) -> str | None:
    """Why a one-word English side is not a term — a verb, adjective or adverb on both sides
    (逐步 ↔ progressively, 包容 ↔ inclusive) — or None. Used where counts are low: a single document."""
    if not _WORD.match(en) or en[:1].isupper():
        return None
    words = zh_pos(zh)
    if not words or words[-1][1].startswith(_ZH_NOUN_TAGS):
        return None
    # A noun ending on the English side makes it a noun whatever jieba calls the Chinese (连通 ↔
    # connectivity); a plural does not (成年 ↔ adults).
    if en.casefold().endswith(_NOUN_ENDINGS):
        return None
    return f"{en!r} and {zh} are not nouns: a word of the text, not a term"


# Heads of English compound modifiers (high-level, long-term, gender-sensitive): such a word always
# stands before the noun it qualifies, so it is a fragment of a term, not one.
_EN_MODIFIER_HEADS = ("level", "term", "scale", "income", "based", "related", "oriented", "led", "owned",
                      "specific", "sensitive", "wide", "friendly", "intensive")


def modifier_reason(en: str) -> str | None:
    """Why a lower-case hyphenated English word is a modifier (high-level ↔ 高级别), or None. Used
    where counts are low."""
    parts = en.casefold().split("-")
    if " " not in en.strip() and len(parts) == 2 and not en[:1].isupper() and parts[1] in _EN_MODIFIER_HEADS:
        return f"{en!r} qualifies a noun that is missing: a fragment of a longer term"
    return None


def descriptive_reason(zh: str) -> str | None:
    """Why a Chinese 'modifier 的 noun' phrase is a description rather than a name (有效的学习,
    合理的政策), or None. Used where counts are low."""
    words = zh_pos(zh)
    if len(words) == 3 and words[1][0] == "的" and words[0][1] in ("a", "ad", "an", "vn"):
        return f"{zh} is a description (… 的 …), not a name"
    return None


def coordination(zh: str, en: str) -> str | None:
    """A coordination of two common words on both sides (women and girls ↔ 妇女和女童) is a free
    combination, not a term; names (Bosnia and Herzegovina) and a shared head noun (information
    and communications technology) are not coordinations of this kind."""
    parts = en.split(" and ")
    if len(parts) != 2 or not all(_WORD.match(p) for p in parts) or en[:1].isupper():
        return None
    words = [w for w, _ in zh_pos(zh)]
    if len(words) == 3 and words[1] in ("和", "与", "及"):
        return f"a coordination of two words ({en}), not a term"
    return None


_TWO_LETTERS = regex.compile(r"\p{L}{2}")


def is_name_form(occurrences: list[tuple[str, int]]) -> bool:
    """True when a word is capitalised in most of its mid-sentence occurrences.

    OCCURRENCES are (text, start) of the word in the units; an occurrence at the start of a
    sentence (nothing but a paragraph number or label before it) says nothing about the word.
    """
    inside = [text[start:start + 1].isupper() for text, start in occurrences
              if _TWO_LETTERS.search(text[:start])]
    return bool(inside) and sum(inside) >= NAME_SHARE * len(inside)
