"""The layering rule of ``docs/design.md``, checked on the import graph of ``src/vcler``.

Every module belongs to a layer; a module imports only modules of its own layer or below, and
the graph has no circle. Imports under ``if TYPE_CHECKING:`` are annotations only and do not
count; imports inside functions (lazy loading) do.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "vcler"

#: The layers, bottom first, by top-level module or package of ``vcler`` (see docs/design.md).
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "base",
        frozenset(
            {"codes", "problems", "errors", "results", "_json", "_datetime", "_version"}
            | {"_documents", "_seam", "_cache", "_compiled", "data"}
        ),
    ),
    ("codecs", frozenset({"keys", "rdf", "canon", "jsonld", "models", "net"})),
    ("resolution", frozenset({"did"})),
    ("policy", frozenset({"context"})),
    ("proofs", frozenset({"di", "jose"})),
    ("profiles", frozenset({"openbadges", "validation", "status", "skills", "_envelopes"})),
    (
        "recipes",
        frozenset(
            {"_inputs", "_issuing", "_enveloping", "_steps", "_verifying", "_api", "_batch", "dask"}
        )
        | {"vcler"},
    ),
    ("applications", frozenset({"cli", "server", "__main__"})),
)


def _layer_of(unit: str) -> int:
    for index, (_, units) in enumerate(LAYERS):
        if unit in units:
            return index
    raise AssertionError(f"vcler.{unit} belongs to no layer: add it to LAYERS and docs/design.md")


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Import statements that run, wherever they are (``if TYPE_CHECKING:`` bodies skipped)."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit_statement(other)
                continue
            visit_statement(child)

    def visit_statement(node: ast.AST) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        visit(node)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    stem = ".".join([*base, node.module] if node.module else base)
                else:
                    stem = node.module or ""
                # "from x import y": the module x.y when y is a module, else the module x.
                targets = [
                    f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in modules else stem
                    for alias in node.names
                ]
            for target in targets:
                if target in modules and target != name and target.startswith("vcler"):
                    graph[name].add(target)
        graph.setdefault(name, set())
    return graph


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "vcler"


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return circles


def test_the_import_graph_has_no_circle() -> None:
    assert _circles(_graph()) == []


def test_no_module_imports_one_of_a_higher_layer() -> None:
    upward = [
        f"{module} ({LAYERS[_layer_of(_unit(module))][0]}) imports {target} "
        f"({LAYERS[_layer_of(_unit(target))][0]})"
        for module, targets in sorted(_graph().items())
        for target in sorted(targets)
        if _layer_of(_unit(target)) > _layer_of(_unit(module))
    ]
    assert upward == []


def test_the_design_page_names_every_layer() -> None:
    design = (SRC.parent.parent / "docs" / "design.md").read_text(encoding="utf-8")
    for name, units in LAYERS:
        assert f"**{name}**" in design, name
        for unit in units:
            assert f"`{unit}`" in design, f"docs/design.md does not place `{unit}`"


def test_the_checker_sees_a_circle_and_an_upward_import() -> None:
    # The checks themselves can fail: a made-up graph with both faults.
    graph = {"vcler.a": {"vcler.b"}, "vcler.b": {"vcler.a"}, "vcler.c": set()}
    assert _circles(graph) == [["vcler.a", "vcler.b"]]
    assert _layer_of("cli") > _layer_of("di") > _layer_of("codes")
