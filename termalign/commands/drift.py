"""`termalign drift`: how a recurring document and its terminology changed from version to version."""

from __future__ import annotations

import json
from pathlib import Path

import click

from termalign.commands.termbase_option import ENV_VAR, LOCATION, USER, shown
from termalign import progress
from termalign.errors import UserError


@click.command("drift")
@click.argument("docs", metavar="DOC...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--termbase", "tb", metavar="TB", type=LOCATION, default=None, envvar=ENV_VAR,
              help="Termbase whose concepts give the variants of each term (inconsistencies, changes).")
@click.option("--update-termbase", is_flag=True,
              help="Write the proposed superseded/preferred statuses to --termbase as one new version.")
@USER
@click.option("-o", "--output", metavar="FILE", default=None,
              help="Write the HTML report (self-contained) to FILE.")
@click.option("--json", "json_path", metavar="FILE", default=None,
              help="Write the report as JSON to FILE ('-' for stdout).")
@click.option("--model", default="use-m3", show_default=True, metavar="SPEC",
              help="Encoder for aligning the versions: use-m3 or st:/path/to/model-folder.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the on-disk embedding cache.")
def drift(docs: tuple[Path, ...], tb: Path | str | None, update_termbase: bool, user: str | None,
          output: str | None,
          json_path: str | None, model: str, no_cache: bool) -> None:
    """Compare versions of a document series (a resolution re-negotiated year
    after year): which paragraphs were kept, edited, added, dropped, moved or
    renumbered; which terms were replaced by which (convention changes such as
    信息社会世界首脑会议 → 信息社会世界峰会), apart from updated dates, numbers
    and symbols; and where one version writes one term two ways.

    The versions are ordered by the date found in each text, not by the order
    of DOC...; Chinese and English files may be mixed and are compared within
    their language. With --termbase, the variants of its concepts are checked
    too and status updates are proposed; --update-termbase writes them as one
    new termbase version. Without -o or --json, a summary goes to stdout.

    \b
    Examples:
      termalign drift A_73_218.zh.txt A_74_197.zh.txt A_76_189.zh.txt -o drift.html
      termalign drift seeds/*.txt --json drift.json --termbase terms.db
      termalign drift seeds/*.txt --termbase terms.db --update-termbase -o drift.html
    """
    from termalign.align.reader import read_document
    from termalign.glossary.drift import analyse
    from termalign.glossary.drift.report import summary_lines, to_html, to_json
    from termalign.models import load_encoder
    from termalign.atomic import check_distinct_outputs, check_output
    from termalign.commands.output import output_stream

    if update_termbase and tb is None:
        raise UserError("--update-termbase needs --termbase TB: the termbase to write the statuses to")
    for written in (output, json_path):
        check_output(written, [*docs, tb])
    check_distinct_outputs(output, json_path)
    resolved = [path.resolve() for path in docs]
    for path, where in zip(docs, resolved):
        if resolved.count(where) > 1:
            raise UserError(f"{path} is given twice; give each version of the document once")
    documents = [read_document(path) for path in progress.track(docs, desc="reading", unit="doc")]
    by_lang: dict[str, list] = {}
    for document in documents:
        by_lang.setdefault(document.lang, []).append(document)
    for lang, group in by_lang.items():
        if len(group) < 2:
            raise UserError(f"only one {lang} document ({group[0].source}): a series needs two or more "
                            f"versions in each language")
    encoder = load_encoder(model, cache=not no_cache)
    termbase = _open_termbase(tb, user, update_termbase)
    try:
        reports = [analyse(group, encoder, termbase, update_termbase) for group in by_lang.values()]
    finally:
        if termbase is not None:
            termbase.close()

    if output:
        with output_stream(output) as out:
            out.write(to_html(reports))
    if json_path:
        with output_stream(json_path) as out:
            json.dump(to_json(reports), out, ensure_ascii=False, indent=1)
            out.write("\n")
    for report in reports:
        proposals = len(report.findings.proposals)
        if report.termbase_version is not None:
            progress.info(f"drift: wrote {proposals} status updates to {shown(tb)} as version {report.termbase_version}")
        elif proposals:
            progress.info(f"drift: {proposals} status updates proposed for {shown(tb)}; "
                          "--update-termbase writes them as a new version")
    lines = [line for report in reports for line in summary_lines(report)]
    if output or json_path:
        for report in reports:
            progress.info(f"drift ({report.lang}): {len(report.versions)} versions, "
                          f"{len(report.findings.changes)} convention changes, "
                          f"{len(report.findings.inconsistencies)} inconsistencies, "
                          f"{len(report.substitutions.substitutions)} substitutions")
    else:
        click.echo("\n".join(lines))


def _open_termbase(location: Path | str | None, user: str | None, write: bool = False):
    if location is None:
        return None
    from termalign.glossary.termbase import Termbase

    # WRITE: --update-termbase on a read-only termbase is refused before the analysis.
    return Termbase.open(location, user=user, write=write)
