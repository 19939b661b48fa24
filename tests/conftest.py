"""Shared test helpers: where the third-party data lives, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


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
