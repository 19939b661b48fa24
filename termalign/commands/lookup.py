"""`termalign lookup`: look a term up in a termbase, from a terminal or an editor macro."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from termalign.commands.termbase_option import ENV_VAR, LOCATION
from termalign.glossary.concepts import parse_statuses
from termalign.atomic import check_output
from termalign.commands.output import output_stream
from termalign.errors import UserError


@click.command("lookup")
@click.argument("query")
@click.option("-t", "--termbase", "termbase_path", required=True, type=LOCATION, envvar=ENV_VAR,
              help="The termbase: a file, a postgresql:// URL, or the https:// address of the team's "
                   "workbench (`termalign serve`) [default: $TERMALIGN_TERMBASE].")
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
    from termalign.glossary.answer_text import render_text

    wanted = parse_statuses(statuses)
    check_output(output, [termbase_path])
    with _answers(termbase_path, lang, fuzzy, version, wanted, limit) as answer_to, output_stream(output) as out:
        if query == "-":
            for line in _stdin_queries():
                out.write(json.dumps(answer_to(line), ensure_ascii=False) + "\n")
                out.flush()  # an editor macro waits for each answer before it sends the next query
            return
        answer = answer_to(query)
        out.write(json.dumps(answer, ensure_ascii=False) + "\n" if fmt == "json" else render_text(answer))


@contextmanager
def _answers(location: Path | str, lang: str, fuzzy: bool, version: int | None,
             statuses: tuple[str, ...] | None, limit: int) -> Iterator[Callable[[str], dict]]:
    """query -> answer (`Answer.to_dict()`), from the team's workbench over HTTP or from the termbase itself."""
    from termalign.glossary.remote import RemoteLookup, is_server_url

    if is_server_url(location):
        with RemoteLookup(str(location)) as remote:
            yield lambda query: remote.search(query, lang, fuzzy, version, statuses, limit)
        return
    from termalign.glossary.lookup import Lookup
    from termalign.glossary.termbase import Termbase

    with Termbase.open(location) as termbase:
        finder = Lookup(termbase, version=version, statuses=statuses, limit=limit)
        yield lambda query: finder.search(query, lang, fuzzy).to_dict()


def _stdin_queries() -> Iterator[str]:
    """The non-blank lines of stdin, decoded as UTF-8 whatever the locale says."""
    for lineno, raw in enumerate(sys.stdin.buffer, 1):
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            raise UserError(f"line {lineno} of stdin is not UTF-8 text; save the list of queries as UTF-8") from None
        if line.strip():
            yield line
