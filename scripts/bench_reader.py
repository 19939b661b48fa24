"""Measure the reader: paragraph accuracy against hand-made gold, and throughput.

Accuracy: for each gold file in scripts/gold/reader/ (one row per paragraph:
its source lines, kind and number, made by reading the seed by hand), a
paragraph the reader produces counts as found when it is made of exactly the
same source lines; it is exact when its kind and number are also right.

Throughput: every seed is read REPEAT times from text already in memory and
from the file (decoding included); the median run gives paragraphs per second.

Sentence lists: the UN Parallel Corpus dev set (4,000 zh–en sentence pairs,
not documents) cut into 100-line pseudo-documents, one sentence per paragraph,
as other benchmarks feed it to the reader: how many lines stay paragraphs of
their own, and in how many pseudo-documents the two sides get different
paragraph counts.

Usage: .venv/bin/python scripts/bench_reader.py [--seeds ../shared/seeds] [--repeat 5]
                                                [--unpc ../shared/data/unpc-v1.0-testsets]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from termalign.align.reader import read_document, read_text
from termalign.align.textfile import read_file

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "scripts" / "gold" / "reader"


def gold_rows(path: Path, source_lines: list[str]) -> list[tuple[frozenset[int], str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("lines\t") or not line.strip():
            continue
        spans, kind, number = (line.split("\t") + [""])[:3]
        numbers = set()
        for span in spans.split(","):
            first, _, last = span.partition("-")
            numbers.update(n for n in range(int(first), int(last or first) + 1) if source_lines[n - 1].strip())
        rows.append((frozenset(numbers), kind, number))
    return rows


def reader_rows(document, source_lines: list[str]) -> list[tuple[frozenset[int], str, str]]:
    """Each paragraph's source line numbers, found from its raw lines."""
    where: dict[str, list[int]] = defaultdict(list)
    for number, line in enumerate(source_lines, start=1):
        where[line.rstrip()].append(number)
    used: set[int] = set()
    rows = []
    for p in document.paragraphs:
        numbers = set()
        for raw_line in p.raw.split("\n"):
            number = next(n for n in where[raw_line] if n not in used)
            used.add(number)
            numbers.add(number)
        rows.append((frozenset(numbers), p.kind, p.number or ""))
    return rows


def accuracy(seeds: Path) -> None:
    print("paragraph accuracy against hand-made gold")
    for gold_path in sorted(GOLD.glob("*.tsv")):
        seed = seeds / f"{gold_path.stem}.txt"
        source_lines = read_file(seed).replace("\r\n", "\n").split("\n")
        gold = gold_rows(gold_path, source_lines)
        got = reader_rows(read_document(seed), source_lines)
        got_by_lines = {lines: (kind, number) for lines, kind, number in got}
        found = [row for row in gold if row[0] in got_by_lines]
        exact = [row for row in found if got_by_lines[row[0]] == (row[1], row[2])]
        precision, recall = len(found) / len(got), len(found) / len(gold)
        f1 = 2 * precision * recall / (precision + recall) if found else 0.0
        print(f"  {seed.name}: gold {len(gold)} paragraphs, reader {len(got)}; boundaries P {precision:.3f} "
              f"R {recall:.3f} F1 {f1:.3f}; boundary+kind+number exact {len(exact)}/{len(gold)} "
              f"= {len(exact) / len(gold):.3f}")
        for lines, kind, number in gold:
            if (lines, kind, number) not in exact:
                print(f"    gold lines {min(lines)}-{max(lines)} {kind} {number}: reader "
                      f"{got_by_lines.get(lines, 'has no paragraph with these lines')}")


def throughput(seeds: Path, repeat: int) -> None:
    paths = sorted(seeds.glob("*.txt"))
    texts = [read_file(p) for p in paths]
    paragraphs = sum(len(read_text(t).paragraphs) for t in texts)
    for label, run in (("from text", lambda: [read_text(t) for t in texts]),
                       ("from file", lambda: [read_document(p) for p in paths])):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"throughput {label}: {len(paths)} seeds, {paragraphs} paragraphs, median {median * 1000:.1f} ms "
              f"of {repeat} runs = {paragraphs / median:,.0f} paragraphs/s")


def sentence_lists(unpc: Path, size: int = 100) -> None:
    zh = (unpc / "derived" / "UNv1.0.devset.zh.detok").read_text(encoding="utf-8").splitlines()
    en = (unpc / "original" / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    kept = {"zh": 0, "en": 0}
    differ = chunks = 0
    for start in range(0, len(zh), size):
        counts = {}
        for lang, lines in (("zh", zh), ("en", en)):
            document = read_text("\n\n".join(lines[start:start + size]) + "\n", lang)
            kept[lang] += sum(1 for p in document.paragraphs if "\n" not in p.raw)
            counts[lang] = len(document.paragraphs)
        chunks += 1
        differ += counts["zh"] != counts["en"]
    print(f"sentence lists (UNPC dev set, {chunks} pseudo-documents of {size} lines): lines kept as their own "
          f"paragraph zh {kept['zh']}/{len(zh)}, en {kept['en']}/{len(en)}; paragraph counts differ between "
          f"the sides in {differ}/{chunks}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--unpc", type=Path, default=REPO.parent / "shared" / "data" / "unpc-v1.0-testsets")
    args = parser.parse_args()
    accuracy(args.seeds)
    throughput(args.seeds, args.repeat)
    if args.unpc.is_dir():
        sentence_lists(args.unpc)


if __name__ == "__main__":
    main()
