"""The public API: what docs/api.md shows runs as written, and __all__ is the whole story."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import termalign.api as api

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def test_everything_exported_exists_and_nothing_else_is_public():
    assert all(hasattr(api, name) for name in api.__all__)
    public = {name for name in vars(api) if not name.startswith("_")}
    modules_and_imports = {"annotations", "Iterable"}
    assert public - modules_and_imports == set(api.__all__)


@pytest.mark.slow
def test_the_documented_example_runs_and_does_what_it_says():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    example = blocks[0]
    out = io.StringIO()
    namespace: dict = {}
    with contextlib.redirect_stdout(out):
        exec(compile(example, str(DOC), "exec"), namespace)
    printed = out.getvalue()
    assert "A/RES/81/236 2026-12-18" in printed
    beads = int(re.search(r"^(\d+) beads;", printed, re.M).group(1))
    assert beads > 35
    assert (namespace["work"] / "aligned.tmx").stat().st_size > 5000
    assert namespace["version"].number == 1 and namespace["version"].counts["concepts_added"] >= 10
    # the approval is its own version, with its author, and lookup shows the approved terms
    with api.Termbase.open(namespace["work"] / "terms.db") as termbase:
        assert [(v.kind, v.author) for v in termbase.versions()] == [("mine", "li.wei"), ("approve", "li.wei")]
    assert re.search(r"early warning systems -> \[.*'preferred'", printed, re.I)
    assert namespace["findings"] is not None and re.search(r"^\d+ findings \[", printed, re.M)


def test_library_errors_are_typed():
    with pytest.raises(api.SettingError) as raised:
        api.check([], None, source_lang="fr")
    assert raised.value.setting == "source language"
    with pytest.raises(api.InputError):
        api.mine([[]])
