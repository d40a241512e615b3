"""Fixtures the unit tests of the services share."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from openday_desktop.storage import Store


@pytest.fixture
def begins(store: Store) -> Iterator[Callable[[], int]]:
    """How many transactions were opened since the fixture started."""
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    yield lambda: sum(1 for s in statements if s.startswith("BEGIN"))
    store.db.conn.set_trace_callback(None)
