"""Layers point one way: generated registry <- runtime <- typed facade <- client shells, and nothing in
the SDK (handwritten or generated) imports the sandbox. Read from the source with ``ast``, counting
every import (function-level and ``TYPE_CHECKING`` ones too)."""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGES = {
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


def test_the_registry_is_a_leaf_the_runtime_reads() -> None:
    graph = import_graph()
    registry = "multimarkets_bridge_client.registry"
    assert graph[registry] <= {"multimarkets_bridge.operation", "multimarkets_bridge"}
    assert graph["multimarkets_bridge.operation"] <= {"multimarkets_bridge"}
    for runtime in (
        "multimarkets_bridge.errors",
        "multimarkets_bridge.settlement",
        "multimarkets_bridge.call_plan",
    ):
        assert registry in graph[runtime]
        assert "multimarkets_bridge_client.facade" not in graph[runtime]


def test_the_package_exports_what_its_lazy_table_names() -> None:
    import multimarkets_bridge

    lazy = set(multimarkets_bridge._LAZY)
    assert set(multimarkets_bridge.__all__) == lazy - {"TimeoutError"}  # the deprecated alias stays out
    for name in multimarkets_bridge.__all__:
        assert getattr(multimarkets_bridge, name) is not None
