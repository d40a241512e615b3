"""Writes go through services: the window, the CLI and the importer never write themselves.

Read from the source (AST), so a new window or command that opens a transaction or calls a
repository's write method fails here with the file and line to move into ``services/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "openday_desktop"
REPOSITORIES = frozenset(
    {
        "settings",
        "categories",
        "events",
        "people",
        "invitations",
        "feedback",
        "calendar",
        "questionnaires",
        "document_texts",
    }
)
WRITE_PREFIXES = ("add", "update", "delete", "remove", "invite", "set", "clear", "save")


def _callers() -> list[Path]:
    return [*sorted((PACKAGE / "ui").rglob("*.py")), PACKAGE / "cli.py"]


def _is_store(node: ast.expr) -> bool:
    """``store`` or ``<anything>.store``: the open Store however a caller holds it."""
    return (isinstance(node, ast.Name) and node.id == "store") or (
        isinstance(node, ast.Attribute) and node.attr == "store"
    )


def _writes(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        method, owner = node.func.attr, node.func.value
        where = f"{name}:{node.lineno}"
        if method == "transaction":
            found.append(f"{where} opens a transaction")
        elif (
            isinstance(owner, ast.Attribute)
            and _is_store(owner.value)
            and owner.attr in REPOSITORIES
            and method.startswith(WRITE_PREFIXES)
        ):
            found.append(f"{where} calls {owner.attr}.{method}()")
    return found


def test_ui_and_cli_write_only_through_services() -> None:
    offenders = [
        line
        for path in _callers()
        for line in _writes(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert offenders == []


def test_the_check_sees_a_write() -> None:
    source = (
        "def f(self, store):\n"
        "    with store.transaction():\n"
        "        store.people.add(p)\n"
        "        self.store.invitations.set_status_many([1], 'x')\n"
        "    self.settings.setValue('geometry', 1)\n"  # QSettings, not a repository
        "    store.people.get(1)\n"
    )
    assert _writes(source, "probe.py") == [
        "probe.py:2 opens a transaction",
        "probe.py:3 calls people.add()",
        "probe.py:4 calls invitations.set_status_many()",
    ]


def test_imports_never_reach_the_store() -> None:
    offenders = []
    for path in sorted((PACKAGE / "imports").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(
                name.startswith(("openday_desktop.storage", "openday_desktop.services"))
                for name in names
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
