"""The modules of s2sgrad form layers: no import cycle, not even through an import inside a
function (a lazy import hides a cycle from Python, not from a reader)."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent / "s2sgrad"


def _modules() -> dict[str, pathlib.Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports_of(module: str, path: pathlib.Path, known) -> set[str]:
    """The s2sgrad modules ``module`` imports anywhere in its file; ``from pkg import name``
    counts as importing ``pkg.name`` when that is a module, else ``pkg``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            for a in node.names:
                sub = f"{target}.{a.name}"
                out.add(sub if sub in known else target)
    return {m for m in out if m in known and m != module}


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    return {m: imports_of(m, p, mods) for m, p in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles among s2sgrad modules: " + "; ".join(
        " <-> ".join(c) for c in found
    )


def test_the_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    assert "s2sgrad.pipeline" in graph["s2sgrad.api"]  # from . import pipeline
    assert "s2sgrad.highlight" in graph["s2sgrad.display"]  # inside a method
    assert "s2sgrad.rules.registry" in graph["s2sgrad.rules.shape"]  # from .registry import


@pytest.mark.parametrize(
    "graph, expected",
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
    ],
)
def test_cycles_finds_every_cycle(graph, expected):
    assert sorted(cycles(graph)) == expected


def test_a_lazy_import_counts(tmp_path):
    (tmp_path / "pkg").mkdir()
    a = tmp_path / "pkg" / "a.py"
    a.write_text("def f():\n    from . import b\n")
    known = {"pkg", "pkg.a", "pkg.b"}
    assert imports_of("pkg.a", a, known) == {"pkg.b"}


# -- size: a module a reader can hold in mind -------------------------------------------------

MAX_MODULE_LINES = 800
MAX_CLASS_LINES = 300


def sizes() -> tuple[dict[str, int], dict[str, int]]:
    """Lines of every s2sgrad module, and of every class (``module.Class``) in them."""
    modules, classes = {}, {}
    for module, path in _modules().items():
        source = path.read_text()
        modules[module] = len(source.splitlines())
        for node in ast.walk(ast.parse(source, str(path))):
            if isinstance(node, ast.ClassDef):
                classes[f"{module}.{node.name}"] = node.end_lineno - node.lineno + 1
    return modules, classes


def test_no_module_over_the_size_limit():
    modules, _ = sizes()
    big = {m: n for m, n in modules.items() if n > MAX_MODULE_LINES}
    assert not big, f"modules over {MAX_MODULE_LINES} lines (split them by responsibility): {big}"


def test_no_class_over_the_size_limit():
    _, classes = sizes()
    big = {c: n for c, n in classes.items() if n > MAX_CLASS_LINES}
    assert not big, f"classes over {MAX_CLASS_LINES} lines (split them by responsibility): {big}"


def test_sizes_sees_modules_and_classes():
    modules, classes = sizes()
    assert modules["s2sgrad.errors"] > 10 and "s2sgrad.runtime" in modules
    assert 10 < classes["s2sgrad.reverse.generator.ReverseGenerator"] <= MAX_CLASS_LINES
