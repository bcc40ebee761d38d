"""The package layout is the pipeline: no import cycles, and lower layers never import higher ones.

Every ``import`` in ``framing/`` counts, also those inside functions (a local import is a
dependency all the same, it only runs later). ``ARCHITECTURE.md`` explains the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "framing"

# Lowest first. A module may import modules of its own layer or of a lower one, never a higher one.
LAYERS = [
    ("core", ["framing._version", "framing.config", "framing.params", "framing.resources", "framing.engine"]),
    ("ingest", ["framing.ingest"]),
    ("lexicon", ["framing.lexicon"]),
    ("voice", ["framing.voice"]),
    ("analysis", ["framing.analysis"]),
    ("learn", ["framing.learn"]),
    ("compare", ["framing.compare"]),
    ("report", ["framing.report"]),
    ("interface", ["framing", "framing.cli", "framing.__main__"]),
]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the framing modules it imports (at module level or inside functions)."""
    paths = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in paths}
    for mod, path in paths.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                # «from framing.x import y»: y may be a submodule; otherwise the import is of framing.x
                names = [f"{target}.{a.name}" for a in node.names]
                found = [n for n in names if n in paths]
                targets = found if found and len(found) == len(names) else [target, *found]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for t in targets:
                if t in paths and t != mod:
                    graph[mod].add(t)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        colour[m] = GREY
        stack.append(m)
        for n in sorted(graph[m]):
            if colour[n] == GREY:
                return stack[stack.index(n):] + [n]
            if colour[n] == WHITE:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        colour[m] = BLACK
        return None

    for m in sorted(graph):
        if colour[m] == WHITE:
            found = visit(m)
            if found:
                return found
    return None


def layer_of(module: str) -> int:
    best, best_len = None, -1
    for rank, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            exact_only = p in ("framing",)
            if (module == p or (not exact_only and module.startswith(p + "."))) and len(p) > best_len:
                best, best_len = rank, len(p)
    if best is None:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS and to ARCHITECTURE.md")
    return best


def test_the_walker_sees_function_level_imports_and_cycles():
    src = {"a.py": "def f():\n    from framing import b\n", "b.py": "import framing.a\n"}
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        root = Path(d) / "framing"
        root.mkdir()
        (root / "__init__.py").write_text("")
        for name, text in src.items():
            (root / name).write_text(text)
        g = import_graph(root)
    assert g["framing.a"] == {"framing.b"} and g["framing.b"] == {"framing.a"}
    assert find_cycle(g) in (["framing.a", "framing.b", "framing.a"], ["framing.b", "framing.a", "framing.b"])


def test_no_import_cycles():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_every_module_has_a_layer():
    for mod in import_graph():
        layer_of(mod)


def test_lower_layers_never_import_higher_ones():
    graph = import_graph()
    bad = [
        f"{m} ({LAYERS[layer_of(m)][0]}) imports {n} ({LAYERS[layer_of(n)][0]})"
        for m, targets in sorted(graph.items()) for n in sorted(targets)
        if layer_of(n) > layer_of(m)
    ]
    assert not bad, "imports against the pipeline's direction:\n" + "\n".join(bad)


@pytest.mark.parametrize("step", ["ingest", "lexicon", "voice", "analysis", "learn", "compare", "report"])
def test_each_step_is_a_folder_documented_in_architecture(step):
    assert (PACKAGE / step / "__init__.py").is_file()
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert f"`{step}/`" in text
