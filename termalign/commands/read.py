"""`termalign read`: a document's text as typed, clean paragraphs."""

from __future__ import annotations

import json

import click

_TSV_COLUMNS = ("id", "kind", "number", "notes", "text")


@click.command("read")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--lang", type=click.Choice(["auto", "zh", "en"]), default="auto", show_default=True,
              help="Language of FILE; a declared language the text contradicts is an error.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "tsv", "text"]), default="text", show_default=True,
              help="jsonl: one JSON object per paragraph (id, kind, number, text, raw, notes, lang); "
                   "tsv: id, kind, number, notes, text; text: for reading.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write to this file instead of stdout.")
def read(file: str, lang: str, fmt: str, output: str | None) -> None:
    """Read FILE (UTF-8, UTF-16 or GB18030 text extracted from a UN document)
    into paragraphs: title block and meta lines, headings, preambular and
    operative paragraphs, sub-paragraphs, footnotes and closing lines, with
    footnote markers, Markdown and line-wrap artefacts removed from the text.

    \b
    Examples:
      termalign read A_RES_74_197.zh.txt
      termalign read report.en.txt --lang en --format jsonl -o report.en.jsonl
    """
    from termalign.align.reader import read_document
    from termalign import progress
    from termalign.atomic import check_output
    from termalign.commands.output import output_stream

    check_output(output, [file])
    document = read_document(file, lang=lang)
    with output_stream(output) as out:
        if fmt == "jsonl":
            for p in document.paragraphs:
                out.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "tsv":
            out.write("\t".join(_TSV_COLUMNS) + "\n")
            for p in document.paragraphs:
                cells = (p.id, p.kind, p.number or "", ",".join(p.notes), p.text)
                out.write("\t".join(_tsv_cell(c) for c in cells) + "\n")
        else:
            for p in document.paragraphs:
                label = f"{p.kind} {p.number}" if p.number else p.kind
                notes = f"  [notes {', '.join(p.notes)}]" if p.notes else ""
                out.write(f"{p.id:<5} {label:<16} {p.text}{notes}\n")
    counts = {kind: sum(p.kind == kind for p in document.paragraphs) for kind in ("operative", "footnote")}
    progress.info(f"read {len(document.paragraphs)} paragraphs ({counts['operative']} operative, "
                  f"{counts['footnote']} footnotes) from {file}: {document.lang}, "
                  f"symbol {document.symbol or 'not found'}, date {document.date or 'not found'}")


def _tsv_cell(value: str) -> str:
    # a cell must stay on one line and in one column
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
