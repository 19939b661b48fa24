"""The `termalign` command line: the one module that knows every command."""

from __future__ import annotations

import re
import warnings

import click

from termalign import __version__, progress
from termalign.errors import BitextError, LanguageError, SettingError, TermalignWarning, TermbaseError, UserError
from termalign.lazy import LazyGroup

# name -> "module:attribute"; each command lives in termalign/commands/.
COMMANDS = {
    "models": "termalign.commands.models:models",
    "demo": "termalign.commands.demo:demo",
    "read": "termalign.commands.read:read",
    "termbase": "termalign.commands.termbase:termbase",
    "tmx": "termalign.commands.tmx:tmx",
    "lookup": "termalign.commands.lookup:lookup",
    "align": "termalign.commands.align:align",
    "drift": "termalign.commands.drift:drift",
    "mine": "termalign.commands.mine:mine",
    "qa": "termalign.commands.qa:qa",
    "serve": "termalign.commands.serve:serve",
    "batch": "termalign.commands.batch:batch",
}


class BadInput(click.ClickException):
    """Exit code 2 with a one-line message, never a traceback."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"termalign: error: {self.format_message()}", err=True)


# Library settings whose command-line option is not simply --SETTING.
_FLAGS = {"source language": "--src-lang", "language": "--lang", "glossary format": "--format",
          "language code": "", "query": "", "termbase": ""}
# What the command line adds to a setting's message.
_HINTS = {"checks": "; see `termalign qa --list-checks` for the ids", "termbase": ": add --termbase FILE"}


def describe(exc: UserError) -> str:
    """The one-line message for the command line: the library's words, in terms of our flags."""
    if isinstance(exc, SettingError):
        flag = _FLAGS.get(exc.setting, "--" + exc.setting.replace("_", "-"))
        named = re.sub(rf"\b{re.escape(exc.setting)}\b", flag, str(exc), count=1) if flag else str(exc)
        return named + _HINTS.get(exc.setting, "")
    if isinstance(exc, LanguageError):
        if exc.found and exc.expected:
            return f"{exc}; or pass --lang {exc.found} (or --lang auto)"
        return f"{exc}: pass --lang zh or --lang en"
    if isinstance(exc, BitextError) and "jsonl" in str(exc):
        return f"{exc}; write one with `termalign align … --format jsonl`"
    if isinstance(exc, TermbaseError) and "by looking up" in str(exc):
        return f"{exc} (`termalign lookup TERM --termbase TB`)"
    return str(exc)


# What to do about the file click refused, by the words of its message.
_PATH_ADVICE = (("is a directory", "give the path of a file"), ("does not exist", "check the path"),
                ("is not readable", "check its permissions"), ("is not writable", "check its permissions"))


def describe_path_error(exc: click.BadParameter) -> str:
    """One line for a file argument or option click refused (a folder, a missing or unreadable file)."""
    message = exc.message.rstrip(".")
    where = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else ""
    advice = next((a for words, a in _PATH_ADVICE if words in message), "")
    return f"{message}{f' ({where})' if where else ''}{'; ' + advice if advice else ''}"


class TermalignGroup(LazyGroup):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise BadInput(describe(exc)) from None
        except click.BadParameter as exc:
            # A file click refused is bad input like any other: one line, not the usage block.
            if exc.param is not None and isinstance(exc.param.type, click.Path):
                raise BadInput(describe_path_error(exc)) from None
            raise


@click.group(cls=TermalignGroup, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="termalign")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or summaries on stderr.")
def cli(quiet: bool) -> None:
    """Align Chinese and English UN documents, mine their terminology into a
    versioned termbase, and serve it to translators.

    \b
    Example:
      termalign demo -o demo-out
    """
    # Everything the command runs reports to the terminal, through the library's progress context.
    ctx = click.get_current_context()
    ctx.with_resource(progress.reporting(progress.TerminalReporter(quiet)))
    # The library's warnings (termalign.errors.TermalignWarning) as one line each, whatever --quiet says.
    ctx.with_resource(warnings.catch_warnings())
    warnings.simplefilter("default", TermalignWarning)
    warnings.showwarning = _show_warning


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """Python's hook for showing a warning: the library's own as `termalign: warning: …`."""
    if issubclass(category, TermalignWarning):
        click.echo(f"termalign: warning: {message}", err=True)
    else:
        click.echo(warnings.formatwarning(message, category, filename, lineno, line), err=True, nl=False)


def main() -> None:
    cli(prog_name="termalign")
