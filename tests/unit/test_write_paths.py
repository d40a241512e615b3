"""Writes go through services: the window, the CLI and the importer never write themselves.

Read from the source (AST), so a new window or command that opens a transaction or calls a
repository's write method fails here with the file and line to move into ``services/``.
"""

from __future__ import annotations

import ast
import re
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


# --- every repository's write methods, found in the source --------------------------------------

STORAGE = PACKAGE / "storage"
SQL_WRITE = re.compile(
    r"\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|REPLACE\s+INTO|"
    r"ALTER\s+TABLE|DROP\s+TABLE|CREATE\s+TABLE)\b"
)
CALLERS_TOO = [PACKAGE / "app.py"]


def _store_repositories() -> dict[str, str]:
    """Store attribute -> repository class name (``self.people = PersonRepository(db)`` and the
    cached properties that return ``module.XRepository(self.db)``)."""
    tree = ast.parse((STORAGE / "database.py").read_text(encoding="utf-8"))
    store = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Store")
    found: dict[str, str] = {}
    for node in ast.walk(store):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            target, call = node.targets[0], node.value
            if isinstance(target, ast.Attribute) and isinstance(call.func, ast.Name):
                if call.func.id.endswith("Repository"):
                    found[target.attr] = call.func.id
        elif isinstance(node, ast.FunctionDef):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Return)
                    and isinstance(inner.value, ast.Call)
                    and isinstance(inner.value.func, ast.Attribute)
                    and inner.value.func.attr.endswith("Repository")
                ):
                    found[node.name] = inner.value.func.attr
    return found


# Reads that put the default questions in place the first time: not writes of the caller's.
SEEDS_ON_FIRST_READ = frozenset({"ensure_default"})


def _texts(node: ast.AST) -> list[str]:
    """The SQL-looking text in a function: its string constants and f-strings (holes as x)."""
    texts = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            texts.append(inner.value)
        elif isinstance(inner, ast.JoinedStr):
            texts.append(
                "".join(
                    v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "x"
                    for v in inner.values
                )
            )
    return texts


def _writes_sql(node: ast.AST) -> bool:
    return any(SQL_WRITE.search(text) for text in _texts(node))


def _storage_modules() -> list[ast.Module]:
    return [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(STORAGE.glob("*.py"))]


def _repository_classes() -> dict[str, ast.ClassDef]:
    return {
        node.name: node
        for module in _storage_modules()
        for node in module.body
        if isinstance(node, ast.ClassDef)
    }


def _writing_functions() -> set[str]:
    """Module-level storage functions that build or run an SQL write (``_insert_sql``...)."""
    return {
        node.name
        for module in _storage_modules()
        for node in module.body
        if isinstance(node, ast.FunctionDef) and _writes_sql(node)
    }


def _write_methods(name: str, classes: dict[str, ast.ClassDef], helpers: set[str]) -> set[str]:
    """The methods of a repository class (and its bases) that write: they hold an SQL write
    statement, call a storage helper that builds one, or call a method of theirs that writes."""
    methods: dict[str, ast.FunctionDef] = {}
    pending = [name]
    while pending:
        node = classes[pending.pop()]
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                methods.setdefault(item.name, item)
        pending += [b.id for b in node.bases if isinstance(b, ast.Name) and b.id in classes]

    def called(method: ast.FunctionDef) -> tuple[set[str], set[str]]:
        on_self, plain = set(), set()
        for n in ast.walk(method):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
                plain.add(n.func.id)
            elif (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id == "self"
            ):
                on_self.add(n.func.attr)
        return on_self, plain

    calls = {m: called(node) for m, node in methods.items()}
    writes = {m for m, node in methods.items() if _writes_sql(node) or calls[m][1] & helpers}
    while True:
        spreading = writes - SEEDS_ON_FIRST_READ
        more = {m for m in methods if m not in writes and calls[m][0] & spreading}
        if not more:
            return {m for m in writes if not m.startswith("_")}
        writes |= more


def _all_write_methods() -> dict[str, set[str]]:
    classes = _repository_classes()
    helpers = _writing_functions()
    return {
        attribute: _write_methods(cls, classes, helpers)
        for attribute, cls in _store_repositories().items()
    }


def test_the_write_methods_are_found_for_every_repository() -> None:
    writes = _all_write_methods()
    # Every repository the Store offers, the lazily built ones too.
    assert {
        "settings",
        "categories",
        "events",
        "people",
        "invitations",
        "feedback",
        "calendar",
        "groups",
        "questionnaires",
        "document_texts",
        "trail",
    } <= set(writes)
    assert {"add", "update", "delete"} <= writes["people"]
    assert "set" in writes["settings"]
    assert "add_question" in writes["questionnaires"]
    assert "get" not in writes["people"] and "list" not in writes["events"]


def test_no_repository_write_is_called_from_the_window_or_the_cli() -> None:
    writes = _all_write_methods()
    offenders = []
    for path in [*_callers(), *CALLERS_TOO]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value
            if (
                isinstance(owner, ast.Attribute)
                and _is_store(owner.value)
                and node.func.attr in writes.get(owner.attr, set())
            ):
                offenders.append(
                    f"{path.relative_to(PACKAGE)}:{node.lineno} {owner.attr}.{node.func.attr}"
                )
    assert offenders == []


def test_the_window_and_the_cli_hold_no_sql_that_writes() -> None:
    # The audit log is written by triggers on the writes themselves; nothing else writes SQL.
    offenders = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in [*_callers(), *CALLERS_TOO]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and SQL_WRITE.search(node.value)
    ]
    assert offenders == []
