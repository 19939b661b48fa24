"""What a terminologist reviews after mining ONE document (issue 19): precision of the proposals.

Three single documents, each aligned here and mined with `--min-count 2` (as `termalign demo`
mines) and the encoder similarity on:

- example: the bundled fictional resolution (termalign/examples, what `termalign demo` mines);
- sdg: goals 1–10 of the SDG targets laid out as a resolution (scripts/make_sdg_document.py,
  ../shared/data/sdg-goals-targets-indicators-zh-en), 101 paragraphs a side;
- ecosoc: the E/RES/2023/3 fragment (../shared/data/un-ecosoc2023-demo/derived, one paragraph a
  line, aligned with --presplit; see its PROVENANCE.md).

Every term proposal is looked up in scripts/judged_documents.tsv (verdicts by hand; the header
says what each verdict means). Printed per document: proposals by tier, precision of all term
proposals and of the `likely` tier, the general words and wrong pairs left in `likely` (target:
none), the phraseology pairs (each checked against the list it comes from), and the same figures
for the proposals of the miner before issue 19 (the "-before" verdicts).

    .venv/bin/python scripts/bench_documents.py [--shared ../shared]
    .venv/bin/python scripts/bench_documents.py --list sdg     # every proposal with tier and reason
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from collections import Counter
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from termalign.align.alignment_files import read_bitext  # noqa: E402
from termalign.glossary import phraseology  # noqa: E402
from termalign.glossary.candidates import en_key, zh_key  # noqa: E402
from termalign.glossary.mining import MiningOptions, TermMiner  # noqa: E402

DOCS = ("example", "sdg", "ecosoc")
ECOSOC = Path("data/un-ecosoc2023-demo/derived")


def termalign(*args: str) -> None:
    subprocess.run([str(Path(sys.executable).parent / "termalign"), "--quiet", *args], check=True)


def align(doc: str, shared: Path, work: Path) -> Path:
    """The alignment of DOC, made in WORK."""
    out = work / f"{doc}.jsonl"
    if doc == "example":
        source = resources.files("termalign") / "examples"
        with resources.as_file(source / "resolution.zh.txt") as zh, resources.as_file(source / "resolution.en.txt") as en:
            termalign("align", str(zh), str(en), "--format", "jsonl", "-o", str(out))
    elif doc == "sdg":
        subprocess.run([sys.executable, str(REPO / "scripts/make_sdg_document.py"), str(work / "sdg"),
                        "--shared", str(shared)], check=True, capture_output=True)
        termalign("align", str(work / "sdg/sdg.zh.txt"), str(work / "sdg/sdg.en.txt"), "--format", "jsonl",
                  "-o", str(out))
    else:
        folder = shared / ECOSOC
        termalign("align", str(folder / "E_RES_2023_3_fragment.zh.txt"), str(folder / "E_RES_2023_3_fragment.en.txt"),
                  "--presplit", "--format", "jsonl", "-o", str(out))
    return out


def verdicts() -> dict[tuple[str, str, str], str]:
    with open(REPO / "scripts/judged_documents.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {(r["doc"], zh_key(r["zh"]), en_key(r["en"])): r["verdict"] for r in rows}


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "–"


def report(doc: str, result, judged: dict) -> None:
    pairs = [p.evidence for p in result.pairs]
    verdict = {id(e): judged.get((doc, zh_key(e.zh), en_key(e.en)), "unjudged") for e in pairs}
    tiers = Counter(e.tier for e in pairs)
    likely = [e for e in pairs if e.tier == "likely"]
    correct = sum(verdict[id(e)] == "yes" for e in pairs)
    correct_likely = sum(verdict[id(e)] == "yes" for e in likely)
    bad_likely = [f"{e.zh} / {e.en} ({verdict[id(e)]})" for e in likely if verdict[id(e)] in ("general", "wrong")]
    phrases = [p for c in result.concepts if c.kind == "phraseology" for p in c.pairs]
    listed = sum(phraseology.is_phraseology(p.zh, p.en) is not None for p in phrases)
    print(f"{doc}: {result.units} units; {len(pairs)} term proposals "
          f"({', '.join(f'{tiers[t]} {t}' for t in ('likely', 'possible', 'general') if tiers[t])}), "
          f"{len(phrases)} phraseology pairs ({listed} standard renderings from the list)")
    print(f"  precision of all term proposals {share(correct, len(pairs))} ({correct}/{len(pairs)}); "
          f"of likely {share(correct_likely, len(likely))} ({correct_likely}/{len(likely)}); "
          f"all proposals with phraseology {share(correct + listed, len(pairs) + len(phrases))}")
    print(f"  general words or wrong pairs in likely: {len(bad_likely)}" + (f" — {'; '.join(bad_likely)}" if bad_likely else ""))
    counts = Counter(verdict.values())
    print(f"  verdicts: {', '.join(f'{v} {n}' for v, n in counts.most_common())}")
    before = [v for (d, _, _), v in judged.items() if d == f"{doc}-before"]
    if before:
        kinds = Counter(before)
        print(f"  before issue 19: {len(before)} proposals, precision {share(kinds['yes'], len(before))}; "
              + ", ".join(f"{v} {n}" for v, n in kinds.most_common() if v != "yes"))
    unjudged = [f"{e.zh} / {e.en}" for e in pairs if verdict[id(e)] == "unjudged"]
    if unjudged:
        print(f"  NOT JUDGED (counted wrong): {'; '.join(unjudged)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--list", choices=DOCS, help="print every proposal of one document with its tier and reason")
    args = parser.parse_args()
    judged = verdicts()
    with tempfile.TemporaryDirectory() as tmp:
        for doc in ([args.list] if args.list else DOCS):
            miner = TermMiner(options=MiningOptions(min_count=2))
            miner.add(read_bitext(align(doc, args.shared, Path(tmp))))
            result = miner.mine()
            if args.list:
                for p in result.pairs:
                    e = p.evidence
                    print(f"{e.zh}\t{e.en}\t{e.tier}\t{judged.get((doc, zh_key(e.zh), en_key(e.en)), '?')}\t{e.reason}")
                for r in result.refused:
                    print(f"{r.evidence.zh}\t{r.evidence.en}\trefused\t\t{r.evidence.reason}")
                continue
            report(doc, result, judged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
