"""Term candidates in one Chinese or English text, and their termhood.

A candidate occurrence is a span of a text that could be a term: an n-gram of
1–6 tokens (jieba words in Chinese, words in English) that does not start or
end with a function word and never crosses punctuation, plus the longer forms
that n-grams cannot reach — 《titles》, “names”, Chinese organisation names
ending in a head word such as 委员会 or 论坛, English capitalised name
sequences — and English acronyms. Numbers, dates, months and symbols are never
part of a candidate.

Each occurrence carries a counting key (plural and hyphen folded in English)
and the content words on either side of it: mining uses those to measure how
freely a candidate combines with its context (a fragment of a fixed longer
name always has the same neighbour), and `c_values` measures termhood over
nesting, so that 信息社会世界峰会 beats its fragments.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

import regex

from termalign.align.anchors import extract as extract_anchors
from termalign.glossary.normalize import singular

MAX_NGRAM = 6           # tokens in a plain n-gram candidate
MAX_NAME = 12           # tokens in an organisation name or capitalised name sequence


class Occurrence(NamedTuple):
    key: str            # what counting compares: folded form (see `en_key`; zh: the text itself)
    text: str           # the characters as written
    start: int          # character span in the input text
    end: int
    left: str | None    # content token just before; None at punctuation, text edge or a function word
    right: str | None   # content token just after, likewise


# Function words that may sit inside a term (信息和通信技术) but never at its edge, and the
# classifiers that follow a number (第70/125号决议, 第六十九届会议).
# Deliberately short: 最 (最不发达国家), 可 (可持续发展) and 不 start real terms.
ZH_FUNCTION_WORDS = frozenset("""
的 地 得 了 着 过 和 与 及 以及 或 或者 并 并且 而 而且 且 但 但是 在 于 对 对于 为 为了 以 由 从 向 把 被
将 是 也 都 其 该 这 这些 这个 这一 那 那些 此 之 等 等等 中 上 下 内 外 后 前 时 所 所有 各 各个 每 有 有关
关于 其他 其它 一个 一些 一 又 还 如 如果 因 因此 因为 即 没有 已 已经 正在 会 可以 能 能够 应 应当 应该 必须
要 让 使 通过 根据 按照 依照 包括 就 再 更 很 非常 至 到 给 同 跟 它 它们 他 他们 她 我 我们 你 您 本 自 所述
号 届 次 还有 以便 进行 作出 方面 尤其 继续 如何 哪些 什么 谁 其中 并非 不仅 而是 只 仅 乃至 诸如 例如 比如
""".split())

EN_STOP_WORDS = frozenset("""
a an the and or nor but of to in on for with by at from as into onto upon within without over under between
among through throughout during before after about against across along around toward towards via per than
is are was were be been being am has have had having do does did done it its itself this that these those
which who whom whose what when where while why how not no yes if then so such also all any each every both
either neither other others another some more most many much few several own same very can could may might must
shall should will would i we you he she they them their theirs our ours your his her hers us me my there here
well only just including include includes included etc whether because since until although though however
thus therefore further furthermore moreover i.e e.g mr mrs ms dr inter alia said let like unless
""".split())

# The only stop words a term may hold inside (Convention against Torture, Persons with Disabilities).
EN_CONNECTORS = frozenset("of and for on the in to against with by from at".split())

# Numbers, dates and calendar words are never terms (DESIGN: "numbers, dates and symbols are not terms").
_EN_NUMBER_WORD = regex.compile(
    r"""(?ix)^(?:
        \p{N}.*|.*\p{N}.*
      | (?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?
        (?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen
          |sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety
          |hundred|thousand|million|billion|trillion|first|second|third|fourth|fifth|sixth|seventh|eighth
          |ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth
          |nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth
          |hundredth|thousandth)
      | january|february|march|april|may|june|july|august|september|october|november|december
      | monday|tuesday|wednesday|thursday|friday|saturday|sunday
      | a\.m|p\.m
    )$""")
_ZH_NUMBER_WORD = regex.compile(
    # 百千万亿两几数半 count as numerals only beside a digit: 千年 (millennium) and 两年期 (biennium) are words.
    r"^(?:[第约近逾]?(?=.*[\p{N}〇零一二三四五六七八九十])[\p{N}〇零一二三四五六七八九十百千万亿两几数半\.%％]+"
    r"[届次号条款项年月日时分秒个名人国家亿万元美元倍周岁段轮章节页点]*"
    r"|[上下本今明去前]?[年月周日]|星期.|周.|[上下]午|百分之.*|.*[\p{N}].*)$")
_EN_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’.&-][\p{L}\p{N}]+)*")
_HAN = regex.compile(r"\p{Han}")
_HAN_TOKEN = regex.compile(r"^\p{Han}+$")
_TITLE = regex.compile(r"《([^《》\n]{2,60})》")
_ZH_QUOTE = regex.compile(r"[“\"「]([\p{Han}·]{2,24})[”\"」]")
_ACRONYM = regex.compile(r"^(?:\p{Lu}[\p{Lu}\p{N}]*[-&]?){2,}[s]?$|^\p{Lu}{2,}-\p{Lu}\p{Ll}+$")
_ACRONYM_AFTER_NAME = regex.compile(r"\(\s*(\p{Lu}[\p{L}\p{N}&-]{1,14})\s*\)")

# Heads of Chinese organisation and instrument names; a name ending in one may be longer than MAX_NGRAM.
ZH_NAME_HEADS = frozenset("""
委员会 理事会 组织 基金 基金会 方案 计划署 署 办事处 办公室 特派团 论坛 会议 首脑会议 峰会 公约 议定书
宣言 纲领 纲要 行动纲领 议程 法院 法庭 银行 联盟 机构 中心 部 司 厅 小组 工作组 秘书处 大会 安理会 联合会
协会 机制 框架 战略 倡议 协定 条约 规约 原则 准则 特别法庭 部队 政府 共和国 王国 联邦 小组委员会
专门机构 基金组织
""".split())


# Compiled once: `regex.split(pattern, …)` looks its pattern up in the module's cache on every call,
# which cost a sixth of a mining run's time (en_fold and zh_key run once per candidate occurrence).
_HYPHENS = regex.compile(r"[-‐‑–]")
_NAME_HYPHENS = regex.compile(r"[-‐]")
_SPACES = regex.compile(r"\s+")


def en_fold(word: str) -> str:
    """Counting form of one English word: case-folded, plural folded, hyphens as spaces."""
    word = unicodedata.normalize("NFKC", word).replace("’", "'").casefold()
    if word.endswith("'s"):
        word = word[:-2]
    parts = _HYPHENS.split(word)
    return " ".join(singular(p) for p in parts if p)


def en_key(text: str) -> str:
    """The counting key of an English term: `en_fold` applied to every word."""
    return " ".join(en_fold(m.group()) for m in _EN_WORD.finditer(text))


def zh_key(text: str) -> str:
    """The counting key of a Chinese term: width-folded, without spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


class ZhCandidates:
    """Chinese candidates, with one jieba tokenizer holding a termbase's accepted terms.

    Accepted terms go into the tokenizer's user dictionary so that a name a
    person has approved is never split again, whatever jieba's default
    dictionary thinks of it.
    """

    def __init__(self, accepted_terms: Iterable[str] = ()):
        import jieba

        # jieba announces its dictionary loading on stderr; the command line reports progress itself.
        jieba.setLogLevel(logging.WARNING)
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for term in accepted_terms:
            term = zh_key(term)
            if term:
                # A high frequency makes the dictionary path through the whole term the best one.
                self.tokenizer.add_word(term, freq=max(1000, self.tokenizer.suggest_freq(term)))

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """(token, start, end) for every jieba token, whitespace dropped."""
        return [(w, s, e) for w, s, e in self.tokenizer.tokenize(text) if not w.isspace()]

    def extract(self, text: str) -> list[Occurrence]:
        # Numbers are told apart token by token (`_ZH_NUMBER_WORD`), not with align.anchors, which
        # reads 两年期 (biennium), 千年 (millennium) and 百慕大 (Bermuda) as numbers.
        found: list[Occurrence] = []
        for run in _runs(self.tokens(text), _is_zh_content):
            found.extend(self._ngrams(text, run))
        seen = {(o.start, o.end) for o in found}
        for pattern in (_TITLE, _ZH_QUOTE):
            for m in pattern.finditer(text):
                inner = m.group(1).strip()
                start, end = m.start(1), m.end(1)
                # A title may hold a year (《2030年可持续发展议程》); it needs Han text to be a name.
                if len(inner) >= 2 and _HAN.search(inner) and (start, end) not in seen:
                    seen.add((start, end))
                    found.append(Occurrence(zh_key(inner), inner, start, end, None, None))
        return found

    def _ngrams(self, text: str, run: list[tuple[str, int, int]]) -> Iterator[Occurrence]:
        words = [w for w, _, _ in run]
        content = [w not in ZH_FUNCTION_WORDS for w in words]
        n = len(run)
        for i in range(n):
            if not content[i]:
                continue
            left = words[i - 1] if i > 0 and content[i - 1] else None
            longest = min(n, i + MAX_NAME)
            for j in range(i, longest):
                if not content[j]:
                    continue
                size = j - i + 1
                if size > MAX_NGRAM and words[j] not in ZH_NAME_HEADS:
                    continue
                if size == 1 and len(words[i]) < 2:
                    continue        # a lone character (国, 法) is never a term on its own
                right = words[j + 1] if j + 1 < n and content[j + 1] else None
                start, end = run[i][1], run[j][2]
                surface = text[start:end]
                yield Occurrence(surface, surface, start, end, left, right)


def _anchor_mask(text: str, lang: str) -> bytearray:
    """1 for every character inside a number, date, time or document symbol (align.anchors):
    17 per cent, A/RES/70/1."""
    mask = bytearray(len(text))
    for anchor in extract_anchors(text, lang).items:
        mask[anchor.start:anchor.end] = b"\x01" * (anchor.end - anchor.start)
    return mask


def _is_zh_content(token: str) -> bool:
    return bool(_HAN_TOKEN.match(token)) and not _ZH_NUMBER_WORD.match(token)


def _runs(tokens: list[tuple[str, int, int]], keep) -> Iterator[list[tuple[str, int, int]]]:
    """Maximal runs of adjacent tokens that `keep` accepts: candidates never cross what it rejects."""
    run: list[tuple[str, int, int]] = []
    for token in tokens:
        if keep(token[0]) and (not run or run[-1][2] == token[1]):
            run.append(token)
            continue
        if run:
            yield run
        run = [token] if keep(token[0]) else []
    if run:
        yield run


class EnCandidates:
    """English candidates: word n-grams, capitalised name sequences and acronyms."""

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        return [(m.group(), m.start(), m.end()) for m in _EN_WORD.finditer(text)]

    def extract(self, text: str) -> list[Occurrence]:
        found: list[Occurrence] = []
        for run in self._runs(text):
            found.extend(self._ngrams(text, run))
        return found

    def _runs(self, text: str) -> Iterator[list[tuple[str, int, int, str]]]:
        """Runs of words separated only by spaces, each word with its folded form.

        Numbers, dates, document symbols and stop words other than the connectors of names end a run.
        """
        anchored = _anchor_mask(text, "en")
        run: list[tuple[str, int, int, str]] = []
        for word, start, end in self.tokens(text):
            joined = not run or text[run[-1][2]:start].isspace()
            usable = (not _EN_NUMBER_WORD.match(word) and not any(anchored[start:end])
                      and (word.casefold() in EN_CONNECTORS or not _is_stop(word)))
            if not (joined and usable) and run:
                yield run
                run = []
            if usable:
                run.append((word, start, end, en_fold(word)))
        if run:
            yield run

    def _ngrams(self, text: str, run: list[tuple[str, int, int, str]]) -> Iterator[Occurrence]:
        folded = [f for _, _, _, f in run]
        stop = [_is_stop(w) for w, _, _, _ in run]
        capital = [w[0].isupper() for w, _, _, _ in run]
        n = len(run)
        for i in range(n):
            if stop[i]:
                continue
            left = folded[i - 1] if i > 0 and not stop[i - 1] else None
            for j in range(i, min(n, i + MAX_NAME)):
                if stop[j]:
                    continue
                size = j - i + 1
                # Beyond MAX_NGRAM only a capitalised name sequence (Convention on the Rights of the Child).
                if size > MAX_NGRAM and not all(capital[k] or stop[k] for k in range(i, j + 1)):
                    break
                if size == 1 and len(run[i][0]) < 2:
                    continue
                right = folded[j + 1] if j + 1 < n and not stop[j + 1] else None
                start, end = run[i][1], run[j][2]
                yield Occurrence(" ".join(folded[i:j + 1]), text[start:end], start, end, left, right)

    def acronyms(self, text: str) -> list[tuple[str, str]]:
        """(expansion, acronym) for every `Long Name (ACR)` whose initials spell the acronym."""
        found = []
        for m in _ACRONYM_AFTER_NAME.finditer(text):
            acronym = m.group(1)
            if not is_acronym(acronym):
                continue
            expansion = _expansion_before(text[:m.start()], acronym)
            if expansion:
                found.append((expansion, acronym))
        return found


def _is_stop(word: str) -> bool:
    """A stop word, unless written as an acronym (WHO is the World Health Organization, US a country)."""
    return word.casefold() in EN_STOP_WORDS and not is_acronym(word)


def _expansion_before(prefix: str, acronym: str) -> str | None:
    """The shortest run of words ending PREFIX whose content-word initials spell ACRONYM."""
    letters = [c.casefold() for c in acronym if c.isalpha()]
    if letters and letters[-1] == "s" and len(letters) > 2:
        letters_no_plural = letters[:-1]
    else:
        letters_no_plural = None
    words = list(_EN_WORD.finditer(prefix))[-(MAX_NAME + 2):]
    if not words or prefix[words[-1].end():].strip():
        return None
    for i in range(len(words) - 1, -1, -1):
        chunk = words[i:]
        if chunk[0].group().casefold() in EN_STOP_WORDS:
            continue
        initials = [p[0].casefold() for w in chunk for p in _NAME_HYPHENS.split(w.group())
                    if p and p.casefold() not in EN_STOP_WORDS]
        if initials == letters or (letters_no_plural and initials == letters_no_plural):
            return prefix[chunk[0].start():chunk[-1].end()]
    return None


def c_values(frequency: Mapping[str, int], lang: str) -> dict[str, float]:
    """C-value termhood (Frantzi et al.) of each candidate key, over nesting among the keys given.

    A candidate that only ever occurs inside one longer candidate scores 0 (峰会成果 inside a
    longer summit name); one that also stands on its own keeps the frequency it has there.
    """
    containers: dict[str, list[int]] = defaultdict(list)
    for key, freq in frequency.items():
        for sub in nested_keys(key, lang):
            if sub in frequency:
                containers[sub].append(freq)
    scores = {}
    for key, freq in frequency.items():
        outer = containers.get(key)
        nested = freq - (sum(outer) / len(outer) if outer else 0.0)
        scores[key] = math.log2(1 + _length(key, lang)) * nested
    return scores


def _length(key: str, lang: str) -> int:
    return max(1, len(key) // 2) if lang == "zh" else key.count(" ") + 1


def nested_keys(key: str, lang: str) -> set[str]:
    """Every shorter key contained in KEY: substrings in Chinese, word sub-sequences in English."""
    if lang == "zh":
        n = len(key)
        return {key[i:j] for i in range(n) for j in range(i + 2, n + 1) if j - i < n}
    words = key.split(" ")
    n = len(words)
    return {" ".join(words[i:j]) for i in range(n) for j in range(i + 1, n + 1) if j - i < n}
