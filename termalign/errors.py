"""The one exception type that means "the user gave us something we cannot use".

The command line turns it into a one-line message and exit code 2; every
layer (models, align, glossary) raises it for bad input instead of letting a
traceback reach the user.
"""


class UserError(Exception):
    """Bad input or usage: the message says what was wrong and how to fix it."""
