"""Shared test helpers: where the third-party data lives, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The throw-away PostgreSQL server of the postgres-marked tests.
from pg_fixtures import pg_server  # noqa: F401

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Every cache of the test session in a temporary folder, never the user's ~/.cache/termalign.

    One folder for the whole session, so embeddings computed by one test serve the next.
    """
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("TERMALIGN_CACHE_DIR")
    os.environ["TERMALIGN_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("TERMALIGN_CACHE_DIR", None)
    else:
        os.environ["TERMALIGN_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _encoder_only_in_slow_tests(request, monkeypatch):
    """Loading the encoder costs seconds: a test that does so must carry the `slow` mark,
    so that `pytest -m "not slow"` stays a quick check."""
    if request.node.get_closest_marker("slow"):
        return
    import termalign.models as models

    load = models._load

    def guarded(spec: str, cache: bool):
        # Asking for an unknown model or a missing folder is a fast error, not a load.
        if spec == models.DEFAULT_SPEC or (spec.startswith("st:") and Path(spec[3:]).exists()):
            raise AssertionError(f"{request.node.nodeid} loads the encoder: mark it @pytest.mark.slow")
        return load(spec, cache)

    monkeypatch.setattr(models, "_load", guarded)


def shared_path() -> Path:
    """../shared beside the repository, or $TERMALIGN_SHARED."""
    return Path(os.environ.get("TERMALIGN_SHARED", REPO.parent / "shared"))


@pytest.fixture
def shared_dir() -> Path:
    """The shared data folder; tests that need it skip cleanly when it is absent."""
    path = shared_path()
    if not (path / "seeds").is_dir() and not (path / "data").is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture
def run_cli():
    """Run `termalign ARGS…` in-process; returns click's Result (exit_code, stdout, stderr)."""
    from click.testing import CliRunner

    from termalign.cli import cli

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
