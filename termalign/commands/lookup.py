"""`termalign lookup`: look a term up in a termbase, from a terminal or an editor macro."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from termalign.commands.termbase_option import ENV_VAR, LOCATION, shown
from termalign.glossary.concepts import STATUSES
from termalign.atomic import check_output
from termalign.commands.output import output_stream
from termalign.errors import UserError


def parse_statuses(value: str | None) -> tuple[str, ...] | None:
    """'preferred,admitted' -> ('preferred', 'admitted'); None stays None (all statuses)."""
    if not value:
        return None
    statuses = tuple(s.strip() for s in value.split(",") if s.strip())
    for status in statuses:
        if status not in STATUSES:
            raise UserError(f"unknown status {status!r} in --status; use a comma-separated list of: "
                            f"{', '.join(STATUSES)}")
    return statuses


@click.command("lookup")
@click.argument("query")
@click.option("-t", "--termbase", "termbase_path", required=True, type=LOCATION, envvar=ENV_VAR,
              help="The termbase: a file or a postgresql:// URL [default: $TERMALIGN_TERMBASE].")
@click.option("--lang", type=click.Choice(["auto", "zh", "en"]), default="auto", show_default=True,
              help="Language of the query; auto: Chinese when it has Han characters.")
@click.option("--fuzzy", is_flag=True, help="Add close matches even when there is an exact one.")
@click.option("--version", "version", type=int, help="Answer as the termbase stood at this version.")
@click.option("--status", "statuses", metavar="LIST",
              help="Only terms with these statuses, e.g. preferred,admitted (default: all).")
@click.option("--limit", type=int, default=10, show_default=True, help="At most this many concepts per query.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json for programs (with QUERY '-': one JSON object per line).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
def lookup(query: str, termbase_path: str, lang: str, fuzzy: bool, version: int | None, statuses: str | None,
           limit: int, fmt: str, output: str | None) -> None:
    """Look QUERY up in a termbase, in either language.

    Exact matches (ignoring case and full-/half-width) come first, then terms
    containing QUERY, then close variants (with --fuzzy, or when nothing
    matched exactly). Each hit shows the whole concept: its terms in both
    languages with their status (terms to avoid are marked), how often the
    pair was seen, and one example.

    QUERY '-' reads one query per line from stdin and writes JSON lines.

    \b
    Examples:
      termalign lookup 因特网治理论坛 -t un-terms.db
      termalign lookup "internet governance forum" -t un-terms.db --format json
      termalign lookup 互联网治理论坛 -t un-terms.db --fuzzy --version 3
      printf 'digital divide\\n数字鸿沟\\n' | termalign lookup - -t un-terms.db
    """
    from termalign.glossary.lookup import Lookup, render_text
    from termalign.glossary.termbase import Termbase

    wanted = parse_statuses(statuses)
    check_output(output, [termbase_path])
    with Termbase.open(termbase_path) as termbase:
        finder = Lookup(termbase, version=version, statuses=wanted, limit=limit)
        with output_stream(output) as out:
            if query == "-":
                for line in _stdin_queries():
                    out.write(finder.search(line, lang, fuzzy).to_json() + "\n")
                    out.flush()  # an editor macro waits for each answer before it sends the next query
                return
            answer = finder.search(query, lang, fuzzy)
            out.write(answer.to_json() + "\n" if fmt == "json" else render_text(answer))


def _stdin_queries() -> Iterator[str]:
    """The non-blank lines of stdin, decoded as UTF-8 whatever the locale says."""
    for lineno, raw in enumerate(sys.stdin.buffer, 1):
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            raise UserError(f"line {lineno} of stdin is not UTF-8 text; save the list of queries as UTF-8") from None
        if line.strip():
            yield line
