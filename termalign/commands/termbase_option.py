"""How commands name a termbase: an SQLite file or a postgresql:// URL, and who is writing to it."""

from __future__ import annotations

from pathlib import Path

import click

from termalign.glossary.pgstore import is_url, mask
from termalign.glossary.remote import is_server_url

ENV_VAR = "TERMALIGN_TERMBASE"


class TermbaseLocation(click.ParamType):
    """A termbase file (as a Path), or a PostgreSQL URL or a workbench's address (kept as text: a Path
    would fold their '//')."""

    name = "TB"

    def convert(self, value, param, ctx) -> Path | str:
        if isinstance(value, Path) or is_url(value) or is_server_url(value):
            return value
        return Path(value)


LOCATION = TermbaseLocation()

USER = click.option("--user", default=None, metavar="NAME",
                    help="Who makes this change, recorded with the new version (default: the login name; "
                         "on PostgreSQL the database role).")


def shown(location: Path | str | None) -> str:
    """LOCATION as messages show it: a URL never with its password."""
    return mask(str(location))
