"""The package's layers can be seen in its folders, and the imports go one way only.

data (read and check) -> site (render) -> tools (contributor commands) -> plugin (MkDocs). Only the plugin layer
imports MkDocs, so the core can serve other front ends (the CLI, ProperDocs, Zensical).
"""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "faultlines"
ORDER = ["data", "site", "tools", "plugin"]
LEAVES = {"_version"}  # modules at the package root any layer may import
MAX_LINES = 450


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _layer(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _imported_faultlines_modules(path: Path) -> set[str]:
    """Dotted names (below `faultlines`) of every module this file imports, including inside functions."""
    package = ["faultlines", *path.relative_to(PACKAGE).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "faultlines" or target.startswith("faultlines."):
                names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
                found.update(names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("faultlines"))
    return {n.removeprefix("faultlines").lstrip(".") for n in found}


def test_every_module_lives_in_a_layer():
    stray = [p.name for p in PACKAGE.glob("*.py") if p.stem not in LEAVES | {"__init__"}]
    assert stray == [], "modules must live in one of the layer folders " + ", ".join(ORDER)
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(ORDER)
    for layer in ORDER:
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text()))
        assert doc and "may import" in doc.lower(), f"{layer}/__init__.py says what it may import"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_one_way(path):
    layer = _layer(path)
    if layer is None:
        return  # the package root re-exports the data layer's API lazily
    rank = ORDER.index(layer)
    for name in _imported_faultlines_modules(path):
        top = name.split(".")[0]
        if top in LEAVES or name == "":
            continue
        assert top in ORDER, f"{path.name} imports faultlines.{name}, which is in no layer"
        assert ORDER.index(top) <= rank, f"{layer}/{path.name} imports faultlines.{name}, a layer above it"


def test_no_import_circle_between_modules():
    graph = {}
    for path in _modules():
        rel = path.relative_to(PACKAGE).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        graph[name] = {n for n in _imported_faultlines_modules(path) if n and not n.endswith("__version__")}
    graph = {k: {n if n in graph else n.rsplit(".", 1)[0] for n in v} & set(graph) for k, v in graph.items()}
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if nxt.count(".") == 0:  # a layer's __init__ (docstring only)
                continue
            assert state.get(nxt) != 1, "import circle: " + " -> ".join(trail + [nxt])
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_the_line_budget(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by concept (at most {MAX_LINES})"


CORE = [".".join(p.relative_to(PACKAGE).with_suffix("").parts) for p in _modules()
        if _layer(p) in ("data", "site", "tools") and p.name != "__init__.py"]


@pytest.mark.parametrize("module", CORE + ["__init__"])
def test_only_the_plugin_layer_imports_mkdocs(module):
    target = "faultlines" if module == "__init__" else f"faultlines.{module}"
    code = (f"import sys, {target}; import faultlines; faultlines.load; "
            "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'material')));"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_api():
    import faultlines
    assert set(faultlines.__all__) >= {"load", "validate", "KnowledgeBase", "Entry", "Diagnostic"}
    for name in faultlines.__all__:
        assert getattr(faultlines, name) is not None
    assert (PACKAGE / "py.typed").is_file()
