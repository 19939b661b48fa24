"""The package's structure, checked from its source: layers point one way, no import cycles,
every package installed under the one termalign namespace (docs/architecture.md)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The repository folder of each installed package (pyproject's package-dir).
FOLDERS = {"termalign": REPO / "termalign", "termalign.models": REPO / "models",
           "termalign.align": REPO / "align", "termalign.glossary": REPO / "glossary"}

# Lower layers never import higher ones.
BASE = {"termalign", "termalign.errors", "termalign.atomic", "termalign.progress", "termalign.locations",
        "termalign.cores"}
RANKS = {"base": 0, "termalign.models": 1, "termalign.align": 2, "termalign.glossary": 3, "top": 4}


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for package, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if package == "termalign" and parts[0] in ("align", "glossary", "models"):
                continue
            name = ".".join((package, *parts))
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _layer(module: str) -> str:
    if module in BASE:
        return "base"
    for package in ("termalign.models", "termalign.align", "termalign.glossary"):
        if module == package or module.startswith(package + "."):
            return package
    return "top"


def _imports(module: str, path: Path) -> set[str]:
    """The termalign modules MODULE imports, anywhere in its body (lazy imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def test_the_source_tree_is_what_we_think_it_is():
    assert {"termalign.cli", "termalign.errors", "termalign.models.base", "termalign.align.reader",
            "termalign.glossary.termbase", "termalign.glossary.qa.checks"} <= set(MODULES)
    assert "termalign.glossary.termbase" in GRAPH["termalign.commands.termbase"]


def test_nothing_imports_the_repository_folders_by_their_own_names():
    # `import models` works by accident when run from the repository; installed, it does not exist.
    stray = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            stray += [f"{module}: {name}" for name in names if name.split(".")[0] in ("align", "glossary", "models")]
    assert not stray, "\n".join(stray)


def test_dependencies_point_one_way():
    upward = sorted(f"{module} imports {target}" for module, targets in GRAPH.items() for target in targets
                    if RANKS[_layer(target)] > RANKS[_layer(module)])
    assert not upward, "imports that reach up a layer:\n" + "\n".join(upward)


def test_no_import_cycles():
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])
    # A package's __init__ re-exporting its own modules is not a cycle of design.
    real = [c for c in cycles if not any(
        a.startswith(b + ".") or b.startswith(a + ".") for a, b in zip(c.split(" -> "), c.split(" -> ")[1:]))]
    assert not real, "import cycles:\n" + "\n".join(real)


def test_the_library_never_speaks_of_the_command_line():
    for module, path in MODULES.items():
        if _layer(module) == "top":
            continue
        text = path.read_text(encoding="utf-8")
        assert "import click" not in text, module
        prints = [node for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Call)
                  and getattr(node.func, "id", "") == "print" and not any(k.arg == "file" for k in node.keywords)]
        assert "sys.stdout" not in text and not prints, f"{module} writes to stdout itself"


def test_every_package_is_installed_under_termalign_only():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == {package: str(folder.relative_to(REPO)) for package, folder in FOLDERS.items()}
    packages = {module for module, path in MODULES.items() if path.name == "__init__.py"}
    assert set(config["packages"]) == packages
    assert all(p == "termalign" or p.startswith("termalign.") for p in config["packages"])
