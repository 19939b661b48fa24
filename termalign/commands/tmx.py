"""`termalign tmx`: saved alignments into one TMX 1.4b translation memory for CAT tools."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from termalign import progress
from termalign.errors import UserError


@click.command("tmx")
@click.argument("bitexts", nargs=-1, required=True, metavar="BITEXT.jsonl...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="The TMX file to write ('-' for stdout).")
@click.option("--segtype", type=click.Choice(["sentence", "paragraph"]), default="sentence",
              show_default=True,
              help="Units of the memory: sentence beads (what CAT tools match) or paragraph beads.")
@click.option("--min-score", type=float, default=None, metavar="X",
              help="Leave out beads the aligner scored below X (counted on stderr).")
@click.option("--text", "unit_text", type=click.Choice(["source", "clean"]), default="source", show_default=True,
              help="Unit text: as the source files have it (numbers, labels, footnote markers, spacing; a Word "
                   "document's run boundaries and footnote references as <ph>: what a CAT tool segments, for "
                   "exact matches), or the aligner's clean text.")
@click.option("--source", "source", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="The language CAT projects using the memory translate from (the TMX srclang): "
                   "zh for zh→en projects, en for en→zh.")
@click.option("--src-lang", default="zh-CN", show_default=True, help="Language code of the Chinese side.")
@click.option("--tgt-lang", default="en", show_default=True, help="Language code of the English side.")
def tmx(bitexts: tuple[Path, ...], output: str, segtype: str, min_score: float | None,
        src_lang: str, tgt_lang: str, unit_text: str, source: str) -> None:
    """Write alignments saved by `termalign align --format jsonl` as one TMX 1.4b memory.

    Several alignments go into one memory; a pair of texts already written is
    written once. One-sided beads (1-0, 0-1) are left out: a unit needs both
    languages. Each unit carries its document, paragraph numbers, bead type and
    score as <prop type="x-..."> for the CAT tool's filters.

    \b
    Examples:
      termalign tmx a-res-70-125.jsonl -o a-res-70-125.tmx
      termalign tmx *.jsonl --min-score 0.5 -o memory.tmx
      termalign tmx doc.jsonl --source en -o en-zh.tmx       # for en→zh projects
      termalign tmx doc.jsonl --text clean -o clean.tmx
      termalign tmx doc.jsonl --segtype paragraph --src-lang zh-Hans --tgt-lang en-GB -o doc.tmx
    """
    from termalign.align.tmx import write_tmx
    from termalign.atomic import check_output

    check_output(output, bitexts)
    stats = write_tmx(progress.track(_records(bitexts), desc="tmx", unit="bead"),
                      sys.stdout.buffer if output == "-" else output,
                      segtype=segtype, src_lang=src_lang, tgt_lang=tgt_lang, min_score=min_score,
                      text=unit_text, source=source)
    progress.info(stats.summary("stdout" if output == "-" else output, min_score))


def _records(paths: tuple[Path, ...]) -> Iterator:
    from termalign.align.bitext import read_jsonl

    n = 0
    for path in paths:
        for record in read_jsonl(path):
            n += 1
            yield record
    if not n:
        raise UserError(f"no aligned beads in {', '.join(map(str, paths))}; "
                        "save an alignment with `termalign align ZH EN --format jsonl -o FILE`")
