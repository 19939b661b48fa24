"""Check the gold term list against the UN Parallel Corpus dev set.

For every zh–en pair in scripts/gold_terms.tsv, count the aligned lines of the
dev set (line i of the zh file translates line i of the en file) where the zh
term occurs in the zh line and the en term in the en line. A gold pair must
occur in three lines or more; the script lists every pair with its count and
exits 1 if any is below the minimum. `--show N` prints N aligned lines per pair
(the term in brackets) for reading them by hand.

    .venv/bin/python scripts/check_gold_terms.py [--shared ../shared] [--show 2]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
DEV = Path("data/unpc-v1.0-testsets")
ZH_FILE = DEV / "derived/UNv1.0.devset.zh.detok"
EN_FILE = DEV / "original/UNv1.0.devset.en"


def read_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def en_pattern(term: str) -> regex.Pattern:
    """The en term as a whole-word, case-insensitive pattern; a final plural and hyphens/spaces folded."""
    words = [regex.escape(w) for w in regex.split(r"[\s-]+", term.strip())]
    body = r"[\s-]+".join(words)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])({body}(?:s|es)?)(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)


def read_dev(shared: Path) -> tuple[list[str], list[str]]:
    zh = (shared / ZH_FILE).read_text(encoding="utf-8").splitlines()
    en = (shared / EN_FILE).read_text(encoding="utf-8").splitlines()
    if len(zh) != len(en):
        sys.exit(f"dev set files differ in length: {len(zh)} zh lines, {len(en)} en lines")
    return zh, en


def matching_lines(zh_term: str, en_term: str, zh: list[str], en: list[str]) -> list[int]:
    pattern = en_pattern(en_term)
    return [i for i, (z, e) in enumerate(zip(zh, en)) if zh_term in z and pattern.search(e)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--gold", type=Path, default=REPO / "scripts/gold_terms.tsv")
    parser.add_argument("--min", type=int, default=3)
    parser.add_argument("--show", type=int, default=0, help="aligned lines to print per pair")
    args = parser.parse_args()
    zh, en = read_dev(args.shared)
    gold = read_gold(args.gold)
    short = 0
    for row in gold:
        lines = matching_lines(row["zh"], row["en"], zh, en)
        flag = "" if len(lines) >= args.min else "  <-- below minimum"
        short += bool(flag)
        print(f"{len(lines):4d}  {row['zh']}\t{row['en']}{flag}")
        pattern = en_pattern(row["en"])
        for i in lines[:args.show]:
            marked_zh = zh[i].replace(row["zh"], f"[{row['zh']}]")
            marked_en = pattern.sub(lambda m: f"[{m.group(1)}]", en[i])
            print(f"      {i + 1}: {marked_zh}")
            print(f"      {i + 1}: {marked_en}")
    print(f"{len(gold)} pairs, {len(gold) - short} occur in {args.min}+ aligned lines, {short} below")
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
