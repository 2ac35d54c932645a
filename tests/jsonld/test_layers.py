"""The shape of vcler.jsonld: one concept per module, imports only downward, named data.

The fast path is split by what each module decides: a literal from a value (``_literals``),
what follows from a context alone (``_contexts``: compiled contexts and term definitions;
``_plans``: the plans of maps and properties derived from them), and the walk from a document
to statements (``_walk``). pyld is reached through ``_pyld`` only.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from vcler.cli._demo import example_credential
from vcler.jsonld import StaticDocumentLoader, to_dataset
from vcler.jsonld._contexts import CompiledContext, TermDefinition, context_cache
from vcler.jsonld._plans import Plan, PropertyPlan

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "vcler" / "jsonld"
#: From the bottom up: a module may import only the modules before it.
LAYERS = [
    "safe",
    "_pyld",
    "loader",
    "_fallback",
    "_literals",
    "_contexts",
    "_plans",
    "_walk",
    "processing",
    "__init__",
]
#: The most parameters a function of the package takes (arguments travel as named data).
MAX_PARAMETERS = 7


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


def _sibling_imports(module: str) -> set[str]:
    """The modules of the package ``module`` imports (at run time: not for type checking)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(_tree(module))
    return found


def test_every_module_has_its_layer() -> None:
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    assert modules == set(LAYERS)


@pytest.mark.parametrize("module", LAYERS)
def test_modules_import_only_downward(module: str) -> None:
    below = set(LAYERS[: LAYERS.index(module)])
    assert _sibling_imports(module) <= below, f"{module} imports a module above it"


@pytest.mark.parametrize("module", LAYERS)
def test_functions_take_few_parameters(module: str) -> None:
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.FunctionDef):
            arguments = node.args
            count = len(arguments.posonlyargs + arguments.args + arguments.kwonlyargs)
            if arguments.args and arguments.args[0].arg in ("self", "cls"):
                count -= 1
            assert count <= MAX_PARAMETERS, f"{module}.{node.name} takes {count} parameters"


@pytest.mark.pure_python  # reads __slots__
def test_a_property_plan_is_named_frozen_data() -> None:
    names = [field.name for field in dataclasses.fields(PropertyPlan)]
    assert names == ["name", "predicate", "context", "definition", "graph", "plain"]
    assert PropertyPlan.__dataclass_params__.frozen
    assert "__slots__" in vars(PropertyPlan)


def test_the_walk_reads_the_plans_it_is_given() -> None:
    loader = StaticDocumentLoader()
    credential = example_credential()
    assert to_dataset(credential, loader=loader)
    cache = context_cache(loader)
    plans = [
        plan
        for context in [cache.initial, *cache.transitions.values()]
        for plan in context.plans.values()
    ]
    properties = [
        prop for plan in plans for layout in plan.layouts.values() for prop in layout.properties
    ]
    assert plans and all(isinstance(plan, Plan) for plan in plans)
    assert properties
    for prop in properties:
        assert isinstance(prop, PropertyPlan)
        assert prop.predicate.startswith("<") and prop.predicate.endswith(">")  # N-Quads form
        assert isinstance(prop.context, CompiledContext)
        assert isinstance(prop.definition, TermDefinition)
        assert prop.plain == (prop.definition.plain and not prop.graph)
    assert {prop.name for prop in properties} >= {"name", "credentialSubject", "achievement"}
