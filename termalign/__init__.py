"""termalign: align Chinese–English UN documents and keep their terminology."""

# The one place the version is written; pyproject.toml reads it from here. A
# literal, not importlib.metadata: that lookup costs ~20 ms on every command.
__version__ = "0.1.0"
