"""Layers point one way: core <- generated package <- handwritten runtime (the generated code imports
nothing of the runtime, the core imports neither), and nothing in the SDK imports the sandbox. Read
from the source with ``ast``, counting every import (function-level and ``TYPE_CHECKING`` ones too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import ROOT

PACKAGES = {
    "multimarkets_bridge_core": ROOT / "overrides" / "multimarkets_bridge_core",
    "multimarkets_bridge": ROOT / "overrides" / "multimarkets_bridge",
    "multimarkets_bridge_client": ROOT / "generated_client" / "multimarkets_bridge_client",
    "multimarkets_bridge_sandbox": ROOT / "sandbox" / "multimarkets_bridge_sandbox",
}


def _modules() -> dict[str, Path]:
    found = {}
    for package, root in PACKAGES.items():
        for path in root.rglob("*.py"):
            parts = [package, *path.relative_to(root).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = (
                    ".".join(
                        package[: len(package) - node.level + 1] + ([node.module] if node.module else [])
                    )
                    if node.level
                    else node.module or ""
                )
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 60  # the walk found the packages
    assert cycles(graph) == []


def test_the_checker_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_sdk_module_imports_the_sandbox() -> None:
    graph = import_graph()
    arrows = [
        (source, target)
        for source, targets in graph.items()
        if not source.startswith("multimarkets_bridge_sandbox")
        for target in targets
        if target.startswith("multimarkets_bridge_sandbox")
    ]
    assert arrows == []


def _arrows(graph: dict[str, set[str]], source: str, target: str) -> list[tuple[str, str]]:
    """Every import from a module of package ``source`` into package ``target``."""
    return sorted(
        (name, imported)
        for name, targets in graph.items()
        if name.split(".")[0] == source
        for imported in targets
        if imported.split(".")[0] == target
    )


def test_generated_code_imports_only_the_core() -> None:
    graph = import_graph()
    assert _arrows(graph, "multimarkets_bridge_client", "multimarkets_bridge") == []
    # the models, the registry and the facade do build on the core
    for module in (
        "multimarkets_bridge_client.registry",
        "multimarkets_bridge_client.facade",
        "multimarkets_bridge_client.types",
    ):
        assert any(target.startswith("multimarkets_bridge_core") for target in graph[module]), module


def test_the_core_imports_neither_generated_nor_runtime_code() -> None:
    graph = import_graph()
    assert _arrows(graph, "multimarkets_bridge_core", "multimarkets_bridge_client") == []
    assert _arrows(graph, "multimarkets_bridge_core", "multimarkets_bridge") == []


def test_the_checker_sees_a_backward_arrow() -> None:
    graph = {
        "multimarkets_bridge_client.facade": {"multimarkets_bridge.inputs"},
        "multimarkets_bridge.inputs": set(),
    }
    assert _arrows(graph, "multimarkets_bridge_client", "multimarkets_bridge") == [
        ("multimarkets_bridge_client.facade", "multimarkets_bridge.inputs")
    ]


def test_the_runtime_reads_the_registry() -> None:
    graph = import_graph()
    registry = "multimarkets_bridge_client.registry"
    for runtime in (
        "multimarkets_bridge.errors",
        "multimarkets_bridge.settlement",
        "multimarkets_bridge.call_plan",
    ):
        assert registry in graph[runtime]
        assert "multimarkets_bridge_client.facade" not in graph[runtime]


def _type_checking_imports() -> dict[str, str]:
    """Public name -> module, as the package's ``if TYPE_CHECKING:`` block imports it for type checkers."""
    tree = ast.parse((PACKAGES["multimarkets_bridge"] / "__init__.py").read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
    )
    found: dict[str, str] = {}
    for node in block.body:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.update({alias.asname or alias.name: module for alias in node.names})
    return found


def test_the_lazy_public_names_are_the_ones_type_checkers_see() -> None:
    """Public names are imported on first use (PEP 562) and typed through the ``TYPE_CHECKING`` block:
    both name the same module for each name, ``__all__`` lists them (less the deprecated alias), each
    resolves to the object its module defines, and an unknown name is an ``AttributeError``."""
    import importlib

    import multimarkets_bridge

    seen = _type_checking_imports()
    lazy = dict(multimarkets_bridge._LAZY)
    assert seen == {**lazy, "models": "multimarkets_bridge_client"}  # ``from pkg import models``
    assert set(multimarkets_bridge.__all__) == set(lazy) - {"TimeoutError"}
    for name, module in lazy.items():
        if name in ("models", "TimeoutError"):
            continue
        source = importlib.import_module(module, "multimarkets_bridge")
        assert getattr(multimarkets_bridge, name) is getattr(source, name), name
    assert multimarkets_bridge.models is importlib.import_module("multimarkets_bridge_client.models")
    with pytest.warns(DeprecationWarning, match="APITimeoutError"):
        alias = multimarkets_bridge.TimeoutError
    assert alias is multimarkets_bridge.APITimeoutError
    with pytest.raises(AttributeError):
        _ = multimarkets_bridge.BridgeClinet  # type: ignore[attr-defined]


def test_importing_the_package_loads_no_client_machinery() -> None:
    """``import multimarkets_bridge`` (as the CLI, a webhook receiver or the sandbox does before
    anything else) imports neither the client, httpx nor the generated models."""
    import subprocess
    import sys

    probe = (
        "import sys, multimarkets_bridge; "
        "print(sorted(m for m in ('multimarkets_bridge.client', 'httpx', 'attrs', "
        "'multimarkets_bridge_client.models') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _generator_imports() -> dict[str, set[str]]:
    """Module (a file of ``generator/``, the docs loop's package included) -> the modules it imports."""
    found: dict[str, set[str]] = {}
    root = ROOT / "generator"
    for path in sorted(root.rglob("*.py")):
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module)
                imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(root))] = imported
    return found


def test_the_code_generator_reads_the_spec_through_the_core_and_no_private_api() -> None:
    """The generator (not the docs loop, ``vendor_docs/``, nor its entry ``docs.py``) imports neither the
    docs loop nor the runtime; it reads the spec through ``spec_tools``, which re-exports the core's
    ``spec_reading``; and it uses no private name of openapi-python-client."""
    imports = _generator_imports()
    generator = {name: found for name, found in imports.items() if "/" not in name and name != "docs.py"}
    assert "generate.py" in generator
    assert "facade_render.py" in generator
    backward = sorted(
        (name, target)
        for name, found in generator.items()
        for target in found
        if target.split(".")[0] in {"vendor_docs", "multimarkets_bridge"}
    )
    assert backward == []
    private = sorted(
        (name, target)
        for name, found in imports.items()
        for target in found
        if target.startswith("openapi_python_client") and any(p.startswith("_") for p in target.split("."))
    )
    assert private == []
    assert "multimarkets_bridge_core.spec_reading" in imports["spec_tools.py"]


SPEC_READERS = ("deref", "alternatives", "inlined", "merged_object", "merged_properties", "operations")


def test_one_module_defines_how_the_spec_is_read() -> None:
    """The ``$ref`` / ``allOf`` / operations readers are defined once (the core's ``spec_reading``);
    ``spec_data`` only binds them to the spec the package carries."""
    defined: dict[str, list[str]] = {name: [] for name in SPEC_READERS}
    for root in (ROOT / "overrides", ROOT / "generator", ROOT / "sandbox", ROOT / "docs"):
        for path in root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef) and node.name in defined:
                    defined[node.name].append(str(path.relative_to(ROOT)))
    home = "overrides/multimarkets_bridge_core/spec_reading.py"
    binding = "overrides/multimarkets_bridge/spec_data.py"
    for name, places in defined.items():
        assert home in places, name
        assert set(places) <= {home, binding}, (name, places)
