"""What several unit test files share: the whole database as text, and one CLI call."""

from __future__ import annotations

import pytest

from openday_desktop import cli
from openday_desktop.storage import Store


def dump(store: Store) -> list[str]:
    """Every statement that rebuilds the database: equal dumps, equal contents (to show that a
    refused change left it as it was)."""
    return list(store.db.conn.iterdump())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``openday-cli args``: the exit code, stdout and stderr."""
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
