"""What `pip install termalign` leaves on a machine: one `termalign` package, typed, importable in
every install mode, and nothing named `align`, `glossary` or `models` at the top of site-packages.

Slow (each builds or installs the package); CI runs them with the rest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _pip(*args: str, cwd: Path = REPO) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args], cwd=cwd, check=True,
                   capture_output=True, text=True, timeout=600)


def _python(python: Path | str, code: str, cwd: Path) -> subprocess.CompletedProcess:
    # -I: neither the current folder nor PYTHON* variables put the repository's folders on the path.
    return subprocess.run([str(python), "-I", "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The package as a wheel installs it, in a folder of its own."""
    target = tmp_path_factory.mktemp("site")
    _pip("install", "--no-deps", "--no-build-isolation", "--target", str(target), str(REPO))
    return target


def test_the_wheel_holds_only_the_termalign_package(tmp_path):
    _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(REPO))
    wheel = next(tmp_path.glob("termalign-*.whl"))
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert tops == {"termalign", wheel.name.split("-py")[0] + ".dist-info"}
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"termalign/py.typed", "termalign/align/reader.py", "termalign/glossary/termbase.py",
            "termalign/models/base.py", "termalign/examples/resolution.zh.txt",
            "termalign/glossary/data/phraseology.tsv", "termalign/glossary/data/un_conventions.tsv"} <= names


def test_installed_package_imports_under_its_namespace_only(installed, tmp_path):
    code = ("import sys; sys.path.insert(0, %r)\n"
            "import termalign.align.document, termalign.glossary.concepts, termalign.errors\n"
            "import importlib.util\n"
            "print([m for m in ('align', 'glossary', 'models') if importlib.util.find_spec(m)])") % str(installed)
    done = _python(sys.executable, code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_editable_install_of_this_checkout_has_no_top_level_folders(tmp_path):
    # The test session runs from the default editable install (a meta-path finder).
    done = _python(sys.executable, "import termalign.align.reader, termalign.models\n"
                   "import importlib.util\n"
                   "print([m for m in ('align', 'glossary', 'models') if importlib.util.find_spec(m)])", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_strict_editable_install_works_too(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    _pip("--python", str(python), "install", "--no-deps", "-e", str(REPO),
         "--config-settings", "editable_mode=strict")
    done = _python(python, "import termalign.align.document, termalign.glossary.concepts, termalign.errors\n"
                   "import importlib.util\n"
                   "print(termalign.align.document.LANGS, "
                   "[m for m in ('align', 'glossary', 'models') if importlib.util.find_spec(m)])", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "('zh', 'en') []"


def test_the_package_type_checks(installed):
    """mypy over the installed package (the layout setuptools makes of the repository's folders)."""
    done = subprocess.run([sys.executable, "-m", "mypy", "-p", "termalign", "--config-file",
                           str(REPO / "pyproject.toml"), "--cache-dir", str(installed.parent / "mypy-cache")],
                          cwd=installed, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "MYPYPATH": str(installed)})
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
