"""The layers below ui/ never import Qt, and start-up stays free of heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "openday_desktop"
QT_FREE_PACKAGES = ("domain", "storage", "imports", "exports")


def _modules_of(package: str) -> list[str]:
    folder = PACKAGE / package
    return [
        f"openday_desktop.{package}."
        + path.relative_to(folder).with_suffix("").as_posix().replace("/", ".")
        for path in folder.rglob("*.py")
        if path.name != "__init__.py"
    ] + [f"openday_desktop.{package}"]


def _loaded_after_importing(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return set(json.loads(output))


@pytest.mark.parametrize("package", QT_FREE_PACKAGES)
def test_layer_does_not_import_qt(package: str) -> None:
    loaded = _loaded_after_importing(_modules_of(package))
    assert not any(name.startswith("PySide6") for name in loaded)


def test_cli_does_not_import_qt() -> None:
    loaded = _loaded_after_importing(["openday_desktop.cli"])
    assert not any(name.startswith("PySide6") for name in loaded)


def test_no_module_outside_ui_mentions_pyside() -> None:
    offenders = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8")
        and path.relative_to(PACKAGE).parts[0] not in ("ui", "app.py")
    ]
    assert offenders == []
