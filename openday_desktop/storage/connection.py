"""The database connection the repositories use.

Queries and transactions go straight through ``sqlite3``; ``sqlite_utils`` (whose import alone
costs about as much as opening the whole window) is loaded only where it earns its keep: schema
work in migrations and the integrity report. ``db["table"]`` and ``db.utils`` hand out its
table API on demand, so code that wants sqlite-utils still has it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

_savepoint_numbers = count()


class Database:
    """A sqlite3 connection in autocommit mode with nestable ``atomic()`` transactions."""

    def __init__(self, path: str | Path) -> None:
        # isolation_level=None: no implicit BEGIN, so atomic() alone decides what is one transaction.
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._utils: sqlite_utils.Database | None = None
        self._before_first_write: Callable[[Database], None] | None = None

    def defer_until_write(self, setup: Callable[[Database], None]) -> None:
        """Run ``setup`` before the first transaction, or at ``finish_setup()`` if sooner.

        For set-up that only writes need (the audit triggers): the window's first paint does
        not wait for it, and no write can begin without it.
        """
        self._before_first_write = setup

    def finish_setup(self) -> None:
        """Run the deferred set-up now (once); nothing happens when there is none left.

        Should it fail, it stays pending (and the next write tries it again, and fails too):
        a write must never go ahead without it.
        """
        setup, self._before_first_write = self._before_first_write, None
        if setup is not None:
            try:
                setup(self)
            except BaseException:
                self._before_first_write = setup
                raise

    def _before_statement(self, sql: str) -> None:
        # A write outside atomic() (a bare INSERT in autocommit) also waits for the set-up.
        if not sql.lstrip()[:6].upper().startswith(("SELECT", "PRAGMA", "WITH")):
            self.finish_setup()

    def execute(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement (parameters as a sequence or a dict of named values)."""
        if self._before_first_write is not None:
            self._before_statement(sql)
        return self.conn.execute(sql, params if isinstance(params, dict) else tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        """Run one statement for many parameter rows."""
        if self._before_first_write is not None:
            self._before_statement(sql)
        return self.conn.executemany(sql, rows)

    def query(
        self, sql: str, params: Iterable[Any] | dict[str, Any] = ()
    ) -> Iterator[dict[str, Any]]:
        """Rows of a SELECT as dicts keyed by column name."""
        cursor = self.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction; nested blocks become savepoints. Any exception undoes the block."""
        if self.conn.in_transaction:
            name = f"sp_{next(_savepoint_numbers)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
        else:
            self.finish_setup()
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, imported on first use."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils

    def __getitem__(self, table: str) -> Any:
        """sqlite-utils' table API: ``db["people"].count`` and friends."""
        return self.utils[table]

    def close(self) -> None:
        """Close the connection (set-up still deferred is dropped: nothing was written)."""
        self._before_first_write = None
        self.conn.close()
