"""The whole database as text, to show that a refused change left it as it was."""

from __future__ import annotations

from openday_desktop.storage import Store


def dump(store: Store) -> list[str]:
    """Every statement that rebuilds the database: equal dumps, equal contents."""
    return list(store.db.conn.iterdump())
