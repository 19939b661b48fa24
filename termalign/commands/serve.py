"""`termalign serve`: the terminologist's workbench in a browser (lookup, review queue, history, exports)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from termalign import progress
from termalign.commands.termbase_option import ENV_VAR, LOCATION, shown
from termalign.errors import UserError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("-t", "--termbase", "termbase_path", required=True, type=LOCATION, envvar=ENV_VAR, metavar="TB",
              help=f"The termbase: an SQLite file or a postgresql:// URL (default: ${ENV_VAR}).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than loopback needs --users or --token-file.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--users", "users_file", type=click.Path(dir_okay=False),
              help="Sign-in with a name and password from this file (NAME:HASH lines; see --add-user).")
@click.option("--token-file", type=click.Path(dir_okay=False, exists=True),
              help="Sign-in with a name and the shared token kept in this file; programs send it as a Bearer token.")
@click.option("--open-read", is_flag=True, help="With --users or --token-file: let anyone look up and read; "
                                                  "changes still need a signed-in reviewer.")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Requests served at once.")
@click.option("--add-user", metavar="NAME", help="Add NAME to the --users file (asks for the password), then exit.")
def serve(termbase_path: Path | str, host: str, port: int, users_file: str | None, token_file: str | None,
          open_read: bool, threads: int, add_user: str | None) -> None:
    """Serve a termbase as a web page: lookup (and JSON at /api/lookup), the
    review queue with keyboard shortcuts, the history of versions, and exports.

    It listens on 127.0.0.1 only, unless --host names another address, which
    requires --users or --token-file. Every change is a new termbase version in
    the reviewer's name (without sign-in: the name of the person running serve).

    \b
    Examples:
      termalign serve --termbase un-terms.db
      termalign serve --termbase un-terms.db --users reviewers.txt --add-user wang
      termalign serve --termbase un-terms.db --host 0.0.0.0 --port 8080 --users reviewers.txt --open-read
    """
    from termalign.web.access import Access, add_user as add_user_to, read_token, read_users

    if add_user:
        if not users_file:
            raise UserError("--add-user needs --users FILE: the file the user is added to")
        password = click.prompt(f"password for {add_user}", hide_input=True, confirmation_prompt=True, err=True)
        add_user_to(users_file, add_user, password)
        progress.info(f"{add_user} can now sign in to `termalign serve --users {users_file}`")
        return
    if users_file and token_file:
        raise UserError("give --users or --token-file, not both")
    if open_read and not (users_file or token_file):
        raise UserError("--open-read only makes sense with --users or --token-file (without them, "
                        "the loopback-only server needs no sign-in)")
    if not is_loopback(host) and not (users_file or token_file):
        raise UserError(f"listening on {host} lets other machines in: give --users FILE or --token-file FILE "
                        f"so that reviewers sign in (or keep the default --host 127.0.0.1)")

    from termalign.glossary.termbase import Termbase, default_user
    from termalign.web import Settings, create_app

    Termbase.open(termbase_path).close()    # a missing or foreign file fails now, not at the first request
    if users_file:
        access = Access("users", users=read_users(users_file), open_read=open_read)
    elif token_file:
        access = Access("token", token=read_token(token_file), open_read=open_read)
    else:
        access = Access("local", local_user=default_user())
    app = create_app(Settings(termbase_path, access))
    run(app, host, port, threads, shown(termbase_path), access.mode)


def run(app, host: str, port: int, threads: int, termbase_path: str, mode: str) -> None:
    """Serve APP with waitress until interrupted."""
    from waitress.server import create_server

    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="termalign")
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
                        f"choose another --port") from None
    address = f"[{host}]" if ":" in host else host
    bound = server.effective_port if hasattr(server, "effective_port") else port
    sign_in = {"local": "no sign-in (loopback only)", "token": "sign-in with the token",
               "users": "sign-in with the users file"}[mode]
    click.echo(f"termalign serve: {termbase_path} on http://{address}:{bound}/  ({sign_in}; Ctrl-C stops)", err=True)
    import threading

    from termalign.web import prepare

    threading.Thread(target=prepare, args=(app,), name="termalign-prepare", daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
