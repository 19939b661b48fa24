"""Exact matches in a real CAT tool: how many OmegaT segments our TMX fills.

For each document pair (default: the bundled example) the script aligns the
two texts once, writes the TMX with each unit text (`--text source` and
`--text clean`), and for each direction (zh→en with the Chinese file as the
source document, en→zh with the English one) builds an OmegaT 3.6 project
(tests/omegat_harness.py) with the TMX (`--source` the project's source language) in tm/auto/, with termalign.srx as the
project's segmentation or OmegaT's default rules, runs
`omegat --mode=console-translate` and counts the segments filled by exact
matches among those the alignment covers. A Word document's units carry its
inline codes as <ph> (as `termalign align` writes them); for Word documents
each project is run with OmegaT's level-2 TMX tags on (3.6: Options → External
TMXs… → "Display tags", "Use XML for standalone tags") and with its defaults (off).

    .venv/bin/python scripts/bench_omegat.py [ZH EN]... [--workdir /tmp/termalign-bench-omegat]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from omegat_harness import SRX, build_project, fill_rate, omegat_command  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="ZH EN pairs (default: the bundled example)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/termalign-bench-omegat"))
    args = parser.parse_args()
    if not omegat_command():
        sys.exit("omegat is not on PATH (Debian/Ubuntu: apt-get install omegat)")
    files = args.files or [REPO / "termalign/examples/resolution.zh.txt", REPO / "termalign/examples/resolution.en.txt"]
    if len(files) % 2:
        sys.exit("give ZH EN pairs")
    from termalign.align.pipeline import align_documents
    from termalign.align.reader import read_document
    from termalign.align.tmx import write_tmx
    from termalign.models import load_encoder

    encoder = load_encoder("use-m3")
    shutil.rmtree(args.workdir, ignore_errors=True)
    print(f"{'document':28} {'direction':9} {'unit text':9} {'segmentation':13} {'level-2 tags':12} "
          f"{'filled':>7} {'covered':>7} {'rate':>6}")
    for n in range(0, len(files), 2):
        zh_file, en_file = files[n], files[n + 1]
        zh_doc, en_doc = read_document(zh_file, lang="zh"), read_document(en_file, lang="en")
        records = align_documents(zh_doc, en_doc, encoder)
        word = "word" in (zh_doc.origin, en_doc.origin)
        for text in ("source", "clean"):
            for src, tgt, doc in (("zh-CN", "en", zh_file), ("en", "zh-CN", en_file)):
                side = "zh" if src.startswith("zh") else "en"
                tmx = args.workdir / f"{zh_file.stem}-{text}-{side}.tmx"
                tmx.parent.mkdir(parents=True, exist_ok=True)
                write_tmx(records, tmx, text=text, source=side)
                aligned = [getattr(r, side) for r in records if r.zh_ids and r.en_ids]
                for seg_name, srx in (("termalign.srx", SRX), ("OmegaT", None)):
                    # level-2 tags only matter where units hold placeholders (Word documents)
                    for level2 in ((True, False) if word and text == "source" else (True,)):
                        project = (args.workdir / f"{zh_file.stem}-{text}-{side}-{'srx' if srx else 'default'}"
                                   f"-{'l2' if level2 else 'l1'}")
                        build_project(project, [doc], src, tgt, tmx=tmx, srx=srx, level2=level2)
                        run = fill_rate(project, src, aligned)
                        print(f"{zh_file.name[:28]:28} {side + '→' + ('en' if side == 'zh' else 'zh'):9} {text:9} "
                              f"{seg_name:13} {'on' if level2 else 'off':12} "
                              f"{run.covered_filled:7} {len(run.covered):7} {run.rate:6.1%}", flush=True)


if __name__ == "__main__":
    main()
