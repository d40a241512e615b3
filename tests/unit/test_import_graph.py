"""No import circles anywhere in openday_desktop.

Every import counts: at the top of a module, inside a function (the lazy imports that keep
start-up fast) and under ``if TYPE_CHECKING:``. A circle through a lazy or a type-only import
runs without error, but the two modules still cannot be read, tested or moved apart; the
circles this package once had (main window <-> its menu helpers, dashboard <-> follow-up) were
all of those kinds. Helpers that extend the main window take ``ui.common.app_window.AppWindow``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import openday_desktop

PACKAGE = "openday_desktop"
PACKAGE_DIR = Path(openday_desktop.__file__).parent


def module_files(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, str | None]]:
    """(module, name) for every import anywhere in the tree; name is None for ``import x``."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                yield source, alias.name


def import_graph(modules: Mapping[str, Path]) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (a submodule when one is named)."""
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        targets = set()
        for source, name in _imported(tree, module, path.name == "__init__.py"):
            submodule = f"{source}.{name}" if name else source
            target = submodule if submodule in modules else source
            if target in modules and target != module:
                targets.add(target)
        graph[module] = targets
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative: the graph is deep enough for recursion to be a risk on small stacks.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_circles() -> None:
    graph = import_graph(module_files())
    assert cycles(graph) == []


def test_the_graph_sees_lazy_relative_and_type_only_imports() -> None:
    # Without these edges the test above would pass for the wrong reason.
    graph = import_graph(module_files())
    ui = f"{PACKAGE}.ui"
    assert f"{ui}.documents.export_actions" in graph[f"{ui}.main_window"]
    # a function-level import
    assert f"{ui}.dashboard.dashboard" in graph[f"{ui}.feedback.followup"]
    # a type-only import
    assert f"{ui}.common.app_window" in graph[f"{ui}.unit_info"]
    # a relative import
    assert f"{PACKAGE}.domain.models" in graph[f"{PACKAGE}.domain.lifecycle"]


def test_a_circle_is_found(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from openday_desktop import c\n"
    )
    (package / "c.py").write_text("def later():\n    import openday_desktop.a\n")
    (package / "d.py").write_text("from openday_desktop import a\n")
    graph = import_graph(module_files(package))
    assert cycles(graph) == [[f"{PACKAGE}.a", f"{PACKAGE}.c", f"{PACKAGE}.sub.b"]]
