"""termalign: align Chinese–English UN documents and keep their terminology."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("termalign")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
