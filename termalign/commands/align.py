"""`termalign align`: align a Chinese and an English text, paragraph and sentence level."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from termalign import progress
from termalign.errors import UserError

FORMATS = ("tsv", "jsonl", "beads", "tmx")
# The format an output file's name asks for when --format is not given (`-o res.tmx` writes TMX).
_SUFFIX_FORMATS = {".tmx": "tmx", ".jsonl": "jsonl", ".tsv": "tsv"}


@click.command("align")
@click.argument("zh_file", metavar="ZH", type=click.Path(path_type=Path))
@click.argument("en_file", metavar="EN", type=click.Path(path_type=Path))
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Where to write the alignment ('-' for stdout).")
@click.option("--level", type=click.Choice(["paragraph", "sentence"]), default="sentence", show_default=True,
              help="Stop at paragraphs, or align the sentences inside each aligned paragraph group.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="tsv/jsonl: texts, bead type, score, paragraph numbers; beads: `[0]:[0, 1]` "
                   "line indices as in Bertalign/Vecalign gold files (with --presplit); tmx: TMX 1.4b. "
                   "Default: from the output's name (.tmx, .jsonl, .tsv), else tsv.")
@click.option("--model", default="use-m3", show_default=True, metavar="SPEC",
              help="Encoder: use-m3 or st:/path/to/model-folder (see `termalign models`).")
@click.option("--presplit", is_flag=True,
              help="Both files are already one segment per line (blank lines ignored); align the lines.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the on-disk embedding cache.")
@click.option("--min-score", type=float, default=None, metavar="X",
              help="With --format tmx: leave out beads scored below X (counted on stderr).")
@click.option("--src-lang", default="zh-CN", show_default=True, help="With --format tmx: code of the Chinese side.")
@click.option("--tgt-lang", default="en", show_default=True, help="With --format tmx: code of the English side.")
@click.pass_context
def align(ctx: click.Context, zh_file: Path, en_file: Path, output: str, level: str, fmt: str | None,
          model: str, presplit: bool, no_cache: bool, min_score: float | None, src_lang: str,
          tgt_lang: str) -> None:
    """Align the Chinese text ZH with its English version EN.

    Paragraphs are aligned first (body with body, footnotes with footnotes, by
    number where both sides number them), then the sentences inside each
    aligned paragraph group. Every bead has a score (the cosine of its two
    sides, 0 for an omission) and beads under 0.3 are flagged low-confidence.
    A summary goes to stderr; if the two texts do not look like translations
    of each other, a warning is printed and the exit code is 1.

    \b
    Examples:
      termalign align resolution.zh.txt resolution.en.txt -o resolution.tsv
      termalign align res.zh.txt res.en.txt -o res.jsonl
      termalign align res.zh.docx res.en.docx -o res.tmx
      termalign align 001.zh 001.en --presplit --format beads -o 001.align
    """
    from termalign.align.pipeline import unrelated
    from termalign.models import load_encoder
    from termalign.atomic import check_output

    fmt = fmt or _SUFFIX_FORMATS.get(Path(output).suffix.lower(), "tsv")
    if fmt == "beads" and not presplit:
        raise UserError("--format beads writes line indices, so it needs --presplit "
                        "(one segment per line); use --format jsonl for whole documents")
    if fmt != "tmx" and (min_score is not None or (src_lang, tgt_lang) != ("zh-CN", "en")):
        raise UserError("--min-score, --src-lang and --tgt-lang apply to --format tmx only")
    check_output(output, [zh_file, en_file])
    # each file is read once (a PDF's text extraction is the slow part), checked, then aligned
    if presplit:
        from termalign.align.pipeline import align_lines
        from termalign.align.textfile import detect_lang, read_file

        zh_text, en_text = read_file(zh_file), read_file(en_file)
        _check_order(zh_file, en_file, detect_lang(zh_text), detect_lang(en_text))
        encoder = load_encoder(model, cache=not no_cache)
        records = align_lines(_lines(zh_text), _lines(en_text), encoder, doc=zh_file.name)
    else:
        from termalign.align.pipeline import align_documents
        from termalign.align.reader import read_document

        zh_doc, en_doc = read_document(zh_file), read_document(en_file)
        _check_order(zh_file, en_file, zh_doc.lang, en_doc.lang)
        encoder = load_encoder(model, cache=not no_cache)
        records = align_documents(zh_doc, en_doc, encoder, level)
    if fmt == "tmx":
        from termalign.align.tmx import write_tmx
        stats = write_tmx(records, sys.stdout.buffer if output == "-" else output, segtype="sentence" if presplit else level, src_lang=src_lang,
                          tgt_lang=tgt_lang, min_score=min_score)
        progress.info(stats.summary("stdout" if output == "-" else output, min_score))
    else:
        _write(records, output, fmt)
    types = Counter(r.type for r in records)
    low = sum(r.low_confidence for r in records)
    summary = ", ".join(f"{t} ×{n}" for t, n in sorted(types.items(), key=lambda kv: -kv[1]))
    progress.info(f"align: {len(records)} beads ({summary}); {low} low-confidence")
    if unrelated(records):
        progress.info(f"align: warning: {zh_file} and {en_file} do not look like translations of each "
                      "other (few confident beads); check that these are the right files")
        ctx.exit(1)


def _check_order(zh_file: Path, en_file: Path, zh_lang: str, en_lang: str) -> None:
    """ZH must be Chinese and EN English; the commonest mistakes are swapped or doubled files."""
    if (zh_lang, en_lang) == ("en", "zh"):
        raise UserError(f"{zh_file} looks English and {en_file} looks Chinese: give the Chinese file first "
                        "(termalign align ZH EN)")
    if zh_lang != "zh":
        raise UserError(f"both files look English: ZH ({zh_file}) must be the Chinese text")
    if en_lang != "en":
        raise UserError(f"both files look Chinese: EN ({en_file}) must be the English text")


def _lines(text: str) -> list[str]:
    """The segments of a --presplit file: one per non-blank line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _write(records: list, output: str, fmt: str) -> None:
    from termalign.commands.output import output_stream

    with output_stream(output) as out:
        if fmt == "jsonl":
            from termalign.align.bitext import write_jsonl
            write_jsonl(records, out)
        elif fmt == "beads":
            for r in records:
                out.write(f"[{', '.join(r.zh_ids)}]:[{', '.join(r.en_ids)}]\n")
        else:
            out.write("zh\ten\ttype\tscore\tlow_confidence\tzh_paragraphs\ten_paragraphs\n")
            for r in records:
                cells = [r.zh, r.en, r.type, f"{r.score:.4f}", "yes" if r.low_confidence else "",
                         " ".join(r.zh_paragraphs), " ".join(r.en_paragraphs)]
                out.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")
