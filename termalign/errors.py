"""The errors termalign raises for input or settings it cannot use — the bottom layer of the package.

Every library layer (models, align, glossary) raises one of these instead of
letting a traceback reach the user. Messages are one neutral line that says
what was wrong and how to put it right in terms of the library (a file, a
setting, a termbase); the command line maps each kind to its own flags, hints
and exit code 2, and a notebook or another program can catch the kind it
cares about.
"""

from __future__ import annotations


class UserError(Exception):
    """Base of every error caused by what the caller gave: catch this to catch them all."""


class InputError(UserError):
    """A document, alignment or glossary file cannot be read as what it should be."""


class LanguageError(InputError):
    """A text is in the other language than the one expected (or in neither)."""

    def __init__(self, message: str, *, found: str | None = None, expected: str | None = None) -> None:
        super().__init__(message)
        self.found = found
        self.expected = expected


class BitextError(InputError):
    """A saved alignment (jsonl records or a TMX memory) cannot be read as one."""


class OutputError(UserError):
    """A result cannot be written where it was asked to go."""


class TermbaseError(UserError):
    """A termbase is missing, damaged, locked, newer than this version, or lacks what was asked of it."""


class ModelError(UserError):
    """An encoder cannot be found or loaded."""


class AlignmentError(UserError):
    """Two documents cannot be aligned with each other."""


class SettingError(UserError):
    """A setting (a function argument, a command-line option) has a value that cannot be used.

    SETTING is the parameter's name in the library ("limit", "segtype"), and the
    message names it in words, e.g. SettingError("limit", "limit must be at least
    1, not 0"), so that a front end can put its own name for it in its place.
    """

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


class TermalignWarning(UserWarning):
    """Something the caller should know that does not stop the work (issued with `warnings.warn`).

    The library never prints: the command line shows each as one `termalign: warning: …`
    line on stderr; a program may filter, record or raise them like any other warning."""


class ClientSearchWarning(TermalignWarning):
    """A termbase on a server is searched on the client: its lookups load the version's term keys first."""
