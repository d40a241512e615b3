"""Shared fixtures. Every test gets its own database and never touches the user's folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set before anything imports Qt: tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point every per-user location (data, config, settings) at a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("APPDATA", str(home / "appdata"))
    monkeypatch.delenv("OPENDAY_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a fresh database file in this test's folder."""
    return tmp_path / "openday.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:  # noqa: F821
    """An open, empty store."""
    from openday_desktop.storage import open_store

    opened = open_store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:  # noqa: F821
    """A store filled with the demo sample (dates relative to a fixed day)."""
    from datetime import date

    from openday_desktop.storage.demo import fill_demo

    fill_demo(store, today=date(2026, 6, 1))
    return store
