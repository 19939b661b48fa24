"""Structural anchors: numbers, dates, times, document symbols and resolution numbers.

A correct Chinese–English translation keeps these, so they are strong evidence
for alignment and the core of a reviser's checks. Each anchor gets a
language-neutral value, so that the Chinese and English forms of the same fact
compare equal:

    第七十四届 ↔ seventy-fourth (74)       百分之十七 ↔ 17 per cent (17%)
    2019年12月19日 ↔ 19 December 2019 (2019-12-19)
    2018 年 12 月 10 日至 14 日 ↔ 10 to 14 December 2018 (2018-12-10/2018-12-14)
    第 70/125 号决议 ↔ resolution 70/125 (res:70/125)
    下午3时 ↔ 3 p.m. (15:00)

Extraction is pure regex (compiled once) because the aligner calls it on every
segment. Spans are character offsets into the text given, for highlighting.
A number inside a date, time or symbol is not counted again, and the label
that opens a numbered paragraph ("12.", "(a)", "三.") is not a number at all:
`leading_label` returns it for the numbering check.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex


@dataclass(frozen=True)
class Anchor:
    kind: str       # "number" | "date" | "symbol"
    value: str      # language-neutral normal form
    start: int      # character span in the text given to `extract`
    end: int
    # Weak: a small count written in words ("eight", 五场, "first"), or what looks like a footnote
    # marker. UN English spells out one to nine where Chinese writes digits, and either side may
    # leave such a count implicit, so a weak anchor confirms a match but its absence proves nothing.
    weak: bool = False


@dataclass
class Anchors:
    items: list[Anchor]

    def values(self, kind: str | None = None) -> collections.Counter[str]:
        """The multiset of "kind:value" strings, optionally of one kind."""
        return collections.Counter(f"{a.kind}:{a.value}" for a in self.items if kind in (None, a.kind))

    def of_kind(self, kind: str) -> list[Anchor]:
        return [a for a in self.items if a.kind == kind]


# --- width folding that keeps offsets: full-width ASCII and the ideographic space, one char each
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2009: 0x20, 0x202F: 0x20, 0x2013: 0x2D, 0x2014: 0x2D,
              0x2212: 0x2D})

# --- Chinese numerals
_ZH_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_NUM = "[〇零一二三四五六七八九十百千万亿两]"


def zh_numeral(text: str) -> int | None:
    """The value of a Chinese numeral: 七十四 → 74, 二〇一九 → 2019, 三十五万 → 350000."""
    if not text:
        return None
    if len(text) > 1 and all(c in _ZH_DIGIT for c in text):
        # year style, digit by digit (二〇一九); "两" is never used that way
        if "两" in text:
            return None
        return int("".join(str(_ZH_DIGIT[c]) for c in text))
    total = section = number = 0
    for c in text:
        if c in _ZH_DIGIT:
            number = _ZH_DIGIT[c]
        elif c in _ZH_UNIT:
            section += (number or 1) * _ZH_UNIT[c]
            number = 0
        elif c == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif c == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
        else:
            return None
    return total + section + number


# --- English number words
_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen"]
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
           "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
           "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
           "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
           "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90}
_EN_WORD = {w: i for i, w in enumerate(_EN_UNITS)} | _EN_TENS | _EN_ORD
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
           "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
           "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "sept": 9, "oct": 10, "nov": 11, "dec": 12}

# A month name; "May" and "March" only when capitalised, abbreviations only with their dot.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_TO = r"\s*(?:-|to|through|until)\s*"
_AND = r"\s*(?P<conj>and|&)\s*"

# --- English patterns, longest first; every one is anchored on word boundaries.
_EN_DATE_PATTERNS = [
    # 10 December 2018 to 5 January 2019
    ("range_full", rf"(?:from\s+)?(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})\s*,?\s*(?P<y1>{_YEAR}){_TO}"
                   rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR})"),
    # 28 November to 2 December 2018
    ("range_dm", rf"(?:from\s+)?(?P<d1>{_DAY})\s+(?P<m1>{_MONTH}){_TO}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})"
                 rf"(?:\s*,?\s*(?P<y2>{_YEAR}))?"),
    # 10 and 11 December 2018: two dates
    ("pair_d", rf"(?P<d1>{_DAY}){_AND}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:\s*,?\s*(?P<y2>{_YEAR}))?"),
    # 10 to 14 December 2018, 10-14 Dec. 2018
    ("range_d", rf"(?:from\s+)?(?P<d1>{_DAY}){_TO}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:\s*,?\s*(?P<y2>{_YEAR}))?"),
    # December 10 to 14, 2018
    ("range_us", rf"(?P<m2>{_MONTH})\s+(?P<d1>{_DAY}){_TO}(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})"),
    # March and April 2014: two months
    ("pair_m", rf"(?P<m1>{_MONTH}){_AND}(?P<m2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR})"),
    # January 2013 to December 2014, July-August 2014
    ("range_my", rf"(?:from\s+)?(?P<m1>{_MONTH})(?:\s*,?\s*(?P<y1>{_YEAR}))?{_TO}"
                 rf"(?P<m2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR})"),
    ("single", rf"(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})(?:\s*,?\s*(?P<y1>{_YEAR}))?"),
    ("single_us", rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR})"),
    ("month_year", rf"(?P<m1>{_MONTH})\s*,?\s*(?P<y1>{_YEAR})"),
    ("month", rf"(?P<m1>(?:January|February|April|June|July|August|September|October|November|December))"),
]
_EN_DATES = [(name, regex.compile(rf"(?<![A-Za-z0-9/]){pat}(?![A-Za-z0-9/])"))
             for name, pat in _EN_DATE_PATTERNS]

_ZN = rf"(?:\d{{1,4}}|{_ZH_NUM}{{1,4}})"          # a date field in digits or Chinese numerals
_ZY = rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})"
_ZTO = r"\s*(?:至|到|-|~)\s*"
_ZAND = r"\s*(?P<conj>和|及|与|、)\s*"
_ZH_DATE_PATTERNS = [
    ("range_full", rf"(?P<y1>{_ZY})\s*年\s*(?P<m1>{_ZN})\s*月\s*(?P<d1>{_ZN})\s*日{_ZTO}"
                   rf"(?P<y2>{_ZY})\s*年\s*(?P<m2>{_ZN})\s*月\s*(?P<d2>{_ZN})\s*日"),
    ("range_dm", rf"(?:(?P<y1>{_ZY})\s*年\s*)?(?P<m1>{_ZN})\s*月\s*(?P<d1>{_ZN})\s*日{_ZTO}"
                 rf"(?P<m2>{_ZN})\s*月\s*(?P<d2>{_ZN})\s*日"),
    ("range_d", rf"(?:(?P<y1>{_ZY})\s*年\s*)?(?P<m1>{_ZN})\s*月\s*(?P<d1>{_ZN})\s*(?:日)?{_ZTO}"
                rf"(?P<d2>{_ZN})\s*日"),
    ("pair_d", rf"(?:(?P<y1>{_ZY})\s*年\s*)?(?P<m1>{_ZN})\s*月\s*(?P<d1>{_ZN})\s*日?{_ZAND}(?P<d2>{_ZN})\s*日"),
    ("single", rf"(?:(?P<y1>{_ZY})\s*年\s*)?(?P<m1>{_ZN})\s*月\s*(?P<d1>{_ZN})\s*日"),
    # 2014年3月和4月: two months
    ("pair_m", rf"(?P<y1>{_ZY})\s*年\s*(?P<m1>{_ZN})\s*月{_ZAND}(?P<m2>{_ZN})\s*月(?!\s*{_ZN}\s*日)"),
    # 2013年1月至2014年12月, 2014年7-8月
    ("range_my", rf"(?P<y1>{_ZY})\s*年\s*(?P<m1>{_ZN})\s*月?{_ZTO}(?:(?P<y2>{_ZY})\s*年\s*)?"
                 rf"(?P<m2>{_ZN})\s*月(?!\s*{_ZN}\s*日)"),
    ("month_year", rf"(?P<y1>{_ZY})\s*年\s*(?P<m1>{_ZN})\s*月(?!\s*{_ZN}\s*日)"),
    ("month", rf"(?<![\d第]\s*)(?P<m1>{_ZN})\s*月(?:份)?(?!\s*{_ZN}\s*日)"),
]
_ZH_DATES = [(name, regex.compile(pat)) for name, pat in _ZH_DATE_PATTERNS]
_LATIN_MONTH = regex.compile(_MONTH)

# --- times: 3 p.m. ↔ 下午3时, 12.40 p.m. ↔ 下午12时40分
_ZH_TIME_RANGE = regex.compile(r"\s*(?:至|到|-|~)\s*")
_EN_TIME = regex.compile(r"(?<![\w.])(?:(?P<h>[01]?\d)(?:[.:](?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|noon)"
                         r"|(?:(?<=\b[Aa]t\s)|(?=\d{4}\s*hours|\d{4}\s*(?:and|to|-)\s*\d{4}\s*hours))"
                         r"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?P<ap>)(?:\s*hours)?(?!\d))")
_ZH_TIME = regex.compile(rf"(?:(?P<ap>上午|下午|中午|晚上|凌晨)\s*)?(?P<h>\d{{1,2}}|{_ZH_NUM}{{1,3}})\s*(?P<unit>时|点)"
                         rf"(?:\s*(?P<mi>\d{{1,2}}|{_ZH_NUM}{{1,3}})\s*分)?(?!钟|间|代|候|期(?!间))")

# --- document symbols: A/RES/74/197, A/74/62-E/2019/6, E/CN.16/2018/CRP.3, ICCD/COP(12)/2
_SYMBOL = regex.compile(
    r"(?<![A-Za-z0-9/.])[A-Z][A-Za-z]*(?:\.\d+)?(?:\(\d+\))?"
    r"(?:/[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*(?:\([A-Za-z0-9.]+\))?)+"
    r"(?:-[A-Z][A-Za-z]*(?:/[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*)+)?")
# resolution and decision numbers: 70/125, 2006/46, 69/313 B, SC 1970 (2011)
_RES_SLASH = regex.compile(r"(?<![A-Za-z0-9/.])(?P<a>\d{1,4})/(?P<b>\d{1,4})"
                           r"(?:\s?(?P<part>[A-H])(?![A-Za-z]))?(?![A-Za-z0-9/])")
_RES_SC = regex.compile(r"(?<![A-Za-z0-9/.,]|\d[ ,])(?P<a>\d{3,4})\s*\((?P<y>(?:19|20)\d\d)\)")
# a Security Council resolution cited without its year: "resolution 2118", 第2118号决议
_RES_CITED = regex.compile(r"(?<=\b[Rr]esolution\s+)(?P<a>\d{3,4})(?!\d|[/.,]\d|\s*\()"
                           r"|(?<=第\s*)(?P<a>\d{3,4})(?=\s*号决议)")

# --- numbers
# Not glued to a word (G20, A4) unless after a currency (Euro1.5, $A45,000) or a prefix (post-2015),
# and not after a capitalised word and a hyphen (COVID-19, GEF-5, An-26: names, not quantities).
_EN_NUMBER = regex.compile(
    r"(?<![\w.,/](?<!Euro|EUR|USD|CHF|SwF|\$A|post|pre|mid)|\b(?!Post|Pre|Mid)[A-Z][A-Za-z]*-)"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?!\d)|\d+)(?P<dec>\.\d+)?"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?P<pct>\s*%|\s*per\s*cent\b|\s*percent\b)?"
    r"(?P<ord>st|nd|rd|th|'?s)?(?![A-Za-z0-9])")
_EN_WORD_ALT = "|".join(sorted(_EN_WORD, key=len, reverse=True))
_EN_SCALE_ALT = "hundred|thousand|million|billion|trillion"
# "seventy-fourth", "one hundred and eleven", "two million": a run of number words
# substrings of every number word: a cheap test before the costly pattern
_EN_NUMBER_STEMS = ("zero", "one", "two", "thr", "fo", "fi", "six", "seven", "eigh", "nin", "ten", "ele",
                    "twe", "thi", "sec")
_EN_WORDNUM = regex.compile(
    rf"(?i)\b(?<!-)(?P<w>(?:{_EN_WORD_ALT})\b(?:(?:[- ]+)(?:{_EN_WORD_ALT}|{_EN_SCALE_ALT})\b"
    rf"|(?<=hundred|thousand|million|billion)\s+and\s+(?:{_EN_WORD_ALT})\b)*)"
    r"(?P<pct>\s+per\s*cent\b|\s+percent\b)?(?!\w)")
# Thousands grouped by spaces (100 000, the UN Chinese style) or commas; 350万, 200多万, 1.2亿.
_ZH_NUMBER = regex.compile(
    r"(?<![A-Za-z0-9.]|[A-Za-z\p{Han}]-)(?P<pctpre>百分之)?"
    r"(?P<n>\d{1,3}(?:, ?\d{3})+|\d{1,3}(?: \d{3})+(?!\d)|\d+)(?P<dec>\.\d+)?"
    r"(?:[多余]?(?P<scale>万亿|亿|万|千万|百万))?(?P<pct>\s*%)?(?![A-Za-z0-9])")
# a footnote marker glued to a word or after a quote ("Crime1", "ranges"18", "[23]"): weak, since
# the Chinese text keeps it as a bare digit that must find something to match
_EN_NOTE = regex.compile(r"(?<=[a-z\)\"”’.,;:])(?<!\d[.,]|Euro|\$A)(?P<n>\d{1,3})(?=[\s,;:)]|\.(?!\d)|$)"
                         r"|\[(?P<n>\d{1,3})\]")
# Part XI, Article IV, chapter III: Chinese writes 第十一部分, 第四条
_EN_ROMAN = regex.compile(r"(?<=\b(?i:part|chapter|article|section|annex|title|volume|phase|protocol|schedule"
                          r"|appendix|stage|table|figure)s?\s+)"
                          r"(?P<n>[IVXLC]{1,6})(?![\w])")
_ZH_NOTE = regex.compile(r"[\p{Han}》”]\d{1,3}(?:[。；，：;,:]|$)")
_ZH_WORDNUM = regex.compile(rf"(?P<pct>百分之)?(?P<w>{_ZH_NUM}+)")
# Han words containing a numeral character that do not state a quantity.
_ZH_NOT_NUMBER = regex.compile(
    r"一些|一切|一致|统一|唯一|一样|一般|一直|一旦|一起|一道|一定|万一|千万|一贯|一体|一律|不一|"
    r"一系列|同一|一流|一方面|一度|一再|一向|一同|一并|逐一|一概|一时|专一|一带一路|一段时间|"
    r"一级|一揽子|进一步|一方|另一|每一|一经|一心|一味|一番|一下|一点|万事|千方百计|"
    r"三角|一边|不二|二者|两者|两性|两岸|两极|五花八门|一刀切|百分比|星期[一二三四五六日天]|周[一二三四五六日]")

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# A lone "C." or "L." opens a lettered section, a lone "I.", "V." or "X." a roman-numbered chapter.
_LABEL_EN = regex.compile(r"^\s*(?:(?P<num>\d{1,3}(?:\.\d{1,3})*)\.(?!\d)|(?P<roman>[IVX]|[IVXLC]{2,6})\.(?=\s)"
                          r"|(?P<letter>[A-Z])\.(?=\s)|\((?P<paren>[a-z]{1,3}|[ivx]{1,6}|\d{1,3})\)"
                          rf"|(?P<note>\d{{1,3}})\s+(?=[A-Z][a-z])(?!{_MONTH}))\s*")
_LABEL_ZH = regex.compile(r"^\s*(?:(?P<num>\d{1,3}(?:\.\d{1,3})*)\.(?!\d)|(?P<zhnum>[一二三四五六七八九十]{1,3})[.、]"
                          r"|(?P<letter>[A-Z])\.(?=\s|\p{Han})"
                          r"|[(（](?P<paren>[a-z]{1,3}|[ivx]{1,6}|\d{1,3}|[一二三四五六七八九十]{1,3})[)）]"
                          r"|(?P<paren>[\u3220-\u3229])"
                          r"|(?P<note>\d{1,3})\s+(?=\p{Han})(?![年月日时]))\s*")


def en_number_words(text: str) -> tuple[int, bool]:
    """The value of English number words ("one hundred and eleven" → 111), and whether a scale word
    (hundred, million …) was used."""
    total = current = 0
    scaled = False
    for word in regex.split(r"[-\s]+", text.lower()):
        if word in _EN_WORD:
            current += _EN_WORD[word]
        elif word == "hundred":
            current = (current or 1) * 100
            scaled = True
        elif word in _SCALE:
            total += (current or 1) * _SCALE[word]
            current = 0
            scaled = True
    return total + current, scaled


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


@dataclass(frozen=True)
class Label:
    """The label that opens a numbered paragraph: "12." → "12", "(a)" → "(a)", "三." and "III." → "3"."""

    value: str
    start: int
    end: int


def leading_label(text: str, lang: str) -> Label | None:
    m = (_LABEL_ZH if lang == "zh" else _LABEL_EN).match(text.translate(_FOLD))
    if not m:
        return None
    if m["paren"]:
        value = normalize_label(f"({m['paren']})")
    else:
        value = normalize_label(next(m[g] for g in ("num", "note", "letter", "roman", "zhnum")
                                     if m.groupdict().get(g)))
    return Label(value, m.start(), m.end())


_PAREN_NUMERAL = {chr(0x3220 + i): str(i + 1) for i in range(10)}   # ㈠ … ㈩


def normalize_label(label: str) -> str:
    """One form for a paragraph number in either language: "三" and "III" → "3",
    "(一)", "㈠" and "(i)" → "(1)", "12." → "12", "(a)" stays "(a)"."""
    label = label.strip().translate(_FOLD).rstrip(".、")
    inner, paren = (label[1:-1], True) if label[:1] == "(" and label[-1:] == ")" else (label, False)
    if inner in _PAREN_NUMERAL:
        inner, paren = _PAREN_NUMERAL[inner], True
    elif regex.fullmatch(r"[ivx]+", inner) or (regex.fullmatch(r"[IVXLC]+", inner) and inner not in ("C", "L")):
        inner = str(_roman(inner.upper()))
    elif inner and all(c in _ZH_DIGIT or c in _ZH_UNIT for c in inner):
        inner = str(zh_numeral(inner))
    return f"({inner})" if paren else inner


# --- value helpers

def _decimal(digits: str, dec: str | None, scale: int = 1) -> str:
    try:
        value = Decimal(regex.sub(r"[, ]", "", digits) + (dec or "")) * scale
    except InvalidOperation:
        return digits
    return format(value.normalize(), "f")


def _field(text: str | None) -> int | None:
    if not text:
        return None
    text = regex.sub(r"(st|nd|rd|th)$", "", text)
    return int(text) if text.isdigit() else zh_numeral(text)


def _month(text: str | None) -> int | None:
    if not text:
        return None
    if text[0].isdigit() or text[0] in _ZH_DIGIT or text[0] in _ZH_UNIT:
        return _field(text)
    return _MONTHS.get(text.rstrip(".").lower())


def _date(y: int | None, m: int | None, d: int | None) -> str | None:
    if m is None or not 1 <= m <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    if y is None:
        return f"--{m:02d}" + (f"-{d:02d}" if d else "")
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


def _date_values(name: str, m: regex.Match) -> list[str] | None:
    g = m.groupdict()
    y1, y2 = _field(g.get("y1")), _field(g.get("y2"))
    m1, m2 = _month(g.get("m1")), _month(g.get("m2"))
    d1, d2 = _field(g.get("d1")), _field(g.get("d2"))
    if name in ("single", "single_us", "month_year", "month"):
        single = _date(y1, m1, d1)
        return [single] if single else None
    # a range: the missing parts of the first date come from the second and vice versa
    year_a = y1 if y1 is not None else y2
    year_b = y2 if y2 is not None else y1
    first = _date(year_a, m1 if m1 is not None else m2, d1)
    second = _date(year_b, m2 if m2 is not None else m1, d2)
    if first is None or second is None:
        return None
    if name.startswith("pair"):
        return [first, second]
    return [f"{first}/{second}"]


class _Spans:
    """Character positions already claimed by a longer anchor."""

    def __init__(self, size: int):
        self.taken = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)


def _symbols(text: str, spans: _Spans, out: list[Anchor]) -> None:
    for m in _SYMBOL.finditer(text):
        value = m.group().rstrip(".-")
        # a symbol has a series part and at least one digit (excludes "and/or", "AIDS/HIV")
        if not regex.search(r"\d", value) or "/" not in value:
            continue
        end = m.start() + len(value)
        out.append(Anchor("symbol", value, m.start(), end))
        spans.take(m.start(), end)
    for pattern in (_RES_SC, _RES_SLASH, _RES_CITED):
        for m in pattern.finditer(text):
            if not spans.free(m.start(), m.end()):
                continue
            if pattern is not _RES_SLASH:
                # "resolution 2118 (2013)" is often cited as "resolution 2118": the number identifies it
                value = f"res:{m['a']}"
            else:
                value = f"res:{m['a']}/{m['b']}" + (f" {m['part']}" if m["part"] else "")
            out.append(Anchor("symbol", value, m.start(), m.end()))
            spans.take(m.start(), m.end())


def _dates(text: str, lang: str, spans: _Spans, out: list[Anchor]) -> None:
    # Most segments hold no date: a month name (or 月) must be there before the patterns are tried.
    latin_month = _LATIN_MONTH.search(text) is not None
    patterns = (_ZH_DATES if "月" in text else []) if lang == "zh" else []
    if latin_month:
        patterns = patterns + _EN_DATES
    for name, pattern in patterns:
        for m in pattern.finditer(text):
            if not spans.free(m.start(), m.end()):
                continue
            values = _date_values(name, m)
            if values is None:
                continue
            if len(values) == 2:  # "10 and 11 December": two dates, each with its own span
                first_end = m.start("conj")
                second_start = m.end("conj")
                while text[first_end - 1].isspace():
                    first_end -= 1
                while text[second_start].isspace():
                    second_start += 1
                out.append(Anchor("date", values[0], m.start(), first_end))
                out.append(Anchor("date", values[1], second_start, m.end()))
            else:
                out.append(Anchor("date", values[0], m.start(), m.end(), weak=name == "month"))
            spans.take(m.start(), m.end())


def _times(text: str, lang: str, spans: _Spans, out: list[Anchor]) -> None:
    previous_end, previous_ap = -1, None
    for m in (_ZH_TIME if lang == "zh" else _EN_TIME).finditer(text):
        if not spans.free(m.start(), m.end()):
            continue
        hour, minute = _field(m["h"]), _field(m["mi"]) or 0
        if hour is None or hour > 24 or minute > 59:
            continue
        ap = m["ap"]
        if ap is None and previous_ap and _ZH_TIME_RANGE.fullmatch(text, previous_end, m.start()):
            ap = previous_ap  # 下午3时至6时: the second time shares the first one's half of the day
        # a bare "3点" is "three points", and a bare 时 after a spelled numeral is rarely a clock time
        if ap is None and (lang == "en" or m.groupdict().get("unit") == "点"
                           or not (m["h"].isdigit() or m["h"] == "零")):
            continue
        if ap in ("p.m.", "下午", "晚上") and hour < 12:
            hour += 12
        elif ap in ("a.m.", "凌晨") and hour == 12:
            hour = 0
        out.append(Anchor("number", f"{hour:02d}:{minute:02d}", m.start(), m.end()))
        spans.take(m.start(), m.end())
        previous_end, previous_ap = m.end(), ap


def _numbers(text: str, lang: str, spans: _Spans, out: list[Anchor]) -> None:
    if lang == "en":
        for m in _EN_NOTE.finditer(text):
            if spans.free(m.start(), m.end()):
                out.append(Anchor("number", m["n"], m.start("n"), m.end("n"), weak=True))
                spans.take(m.start(), m.end())
    for m in (_ZH_NUMBER if lang == "zh" else _EN_NUMBER).finditer(text):
        if not spans.free(m.start(), m.end()):
            continue
        scale = m["scale"]
        factor = (_SCALE.get(scale, 1) if lang == "en" else
                  {"万": 10**4, "亿": 10**8, "万亿": 10**12, "千万": 10**7, "百万": 10**6}.get(scale, 1))
        value = _decimal(m["n"], m["dec"], factor)
        if m["pct"] or m.groupdict().get("pctpre"):
            value += "%"
        # 活动1。: a bare small number between a Chinese word and the end of a clause is
        # usually a footnote marker, which the English may place elsewhere or drop
        weak = lang == "zh" and _ZH_NOTE.fullmatch(text, max(0, m.start() - 1), min(len(text), m.end() + 1)) is not None
        out.append(Anchor("number", value, m.start(), m.end(), weak=weak))
        spans.take(m.start(), m.end())
    if lang == "zh":
        for m in _ZH_NOT_NUMBER.finditer(text):
            spans.take(m.start(), m.end())
        for m in _ZH_WORDNUM.finditer(text):
            if not spans.free(m.start(), m.end()):
                continue
            number = zh_numeral(m["w"])
            if number is None:
                continue
            before = text[max(0, m.start() - 1):m.start()]
            after = text[m.end():m.end() + 1]
            # a spelled count is weak unless it is an ordinal (第七十四届), a year, a percentage
            # or large: those always reappear in the English
            strong = (number > 10 and before == "第") or after == "年" and number > 1000 or bool(m["pct"])
            out.append(Anchor("number", f"{number}%" if m["pct"] else str(number), m.start(), m.end(),
                              weak=not strong))
    else:
        lowered = text.lower()
        spelled = any(stem in lowered for stem in _EN_NUMBER_STEMS)
        for m in (_EN_WORDNUM.finditer(text) if spelled else ()):
            if not spans.free(m.start(), m.end()):
                continue
            number, scaled = en_number_words(m["w"])
            out.append(Anchor("number", f"{number}%" if m["pct"] else str(number), m.start(), m.end(),
                              weak=number <= 10 and not m["pct"] and not scaled))
        for m in _EN_ROMAN.finditer(text):
            if spans.free(m.start(), m.end()):
                out.append(Anchor("number", str(_roman(m["n"])), m.start(), m.end()))
                spans.take(m.start(), m.end())


def extract(text: str, lang: str) -> Anchors:
    """Numbers, dates, times and symbols of TEXT ("zh" or "en"), in order of appearance."""
    folded = text.translate(_FOLD)
    spans = _Spans(len(folded))
    label = leading_label(folded, lang)
    if label:
        spans.take(label.start, label.end)
    found: list[Anchor] = []
    _symbols(folded, spans, found)
    _dates(folded, lang, spans, found)
    _times(folded, lang, spans, found)
    _numbers(folded, lang, spans, found)
    found.sort(key=lambda a: a.start)
    found = _share_percent(folded, found)
    return Anchors(found)


_LIST_GAP = regex.compile(r"\s*(?:,|and|or|to|-|和|或|至|、)\s*(?:and\s+|or\s+)?")


def _share_percent(text: str, found: list[Anchor]) -> list[Anchor]:
    """"45 and 46 per cent" means 45% and 46% (Chinese writes 45%和46%)."""
    result = list(found)
    for i in range(len(result) - 2, -1, -1):
        a, b = result[i], result[i + 1]
        if (a.kind == b.kind == "number" and b.value.endswith("%") and not a.value.endswith("%")
                and regex.fullmatch(r"\d{1,3}(?:\.\d+)?", a.value)
                and _LIST_GAP.fullmatch(text, a.end, b.start)):
            result[i] = Anchor("number", a.value + "%", a.start, a.end, a.weak)
    return result
