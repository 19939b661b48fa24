"""Write the 169 SDG targets as a Chinese and an English document (a real-size pair for timing `align`).

    python scripts/make_sdg_document.py OUT_DIR [--shared ../shared] [--goals 1-8]

Laid out like a resolution: each goal becomes a section heading and each target
an operative paragraph numbered 1., 2., … and closed by ；/; as operative
paragraphs are, one blank line between paragraphs. The texts are the official
ones (open-sdg translations, read from ../shared, never copied into the
repository). Goals 1–10 give 101 paragraphs a side.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--goals", default="1-10", help="range of goals to include, e.g. 1-17")
    args = parser.parse_args()
    first, last = (int(g) for g in args.goals.split("-"))
    folder = args.shared / "data" / "sdg-goals-targets-indicators-zh-en"
    goals = {row["key"]: row for row in _rows(folder / "global_goals.en-zh.tsv")}
    zh, en = ["大会，", ""], ["The General Assembly,", ""]
    current, number = None, 0
    for row in _rows(folder / "global_targets.en-zh.tsv"):
        goal = row["key"].split("-")[0]
        if not first <= int(goal) <= last:
            continue
        if goal != current:
            current = goal
            title = goals[f"{goal}-title"]
            zh += [f"目标{goal}：{title['zh'].strip()}", ""]
            en += [f"Goal {goal}: {title['en'].strip()}", ""]
        number += 1
        zh += [f"{number}. {row['zh'].strip().rstrip('。;；')}；", ""]
        en += [f"{number}. {row['en'].strip().rstrip('.;')};", ""]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sdg.zh.txt").write_text("\n".join(zh), encoding="utf-8")
    (args.out / "sdg.en.txt").write_text("\n".join(en), encoding="utf-8")
    print(f"wrote {len(zh) // 2} paragraphs a side to {args.out}/sdg.zh.txt and sdg.en.txt")


def _rows(path: Path):
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


if __name__ == "__main__":
    main()
