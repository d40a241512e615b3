"""The audit log: every write to the database, with when, which OS user and what changed.

One choke point: triggers on every table feed ``audit_log``, so writes through repositories,
bulk imports and raw SQL are all recorded alike. The triggers are TEMP (created on each of our
connections, not stored in the file): they call two functions this module registers, which
another program opening the file would not have. ID numbers and phones are masked before
they reach the log. An insert is one row (which record), a delete one row (the record as JSON,
masked), an update one row per changed field.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from openday_desktop.domain.masking import mask_id, mask_phone

from .connection import Database

AUDIT_TABLE = "audit_log"
# Bookkeeping columns whose change says nothing a reader of the log needs.
SKIPPED_COLUMNS = frozenset({"name_pinyin", "name_initials", "created_at", "updated_at"})
MASKED = {"id_number": mask_id, "phone": mask_phone, "contact_phone": mask_phone}
# Free text where people write ID numbers and phones (a suggestion "电话 139…"): masked inside.
FREE_TEXT = frozenset({"content", "reply", "rectification", "notes", "text", "value"})
_ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@cache
def os_user() -> str:
    """The logged-in OS user, as the audit log records it."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some services): still log the write
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


def mask_in_text(text: str) -> str:
    """ID numbers and mobile numbers inside free text, masked."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id(m.group()), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)


def _mask(column: str, value: Any) -> Any:
    if value is None:
        return None
    masker = MASKED.get(column)
    if masker is not None:
        return masker(str(value))
    if isinstance(value, str):
        return mask_in_text(value)
    return value


def _columns(db: Database, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA main.table_info({table})").fetchall()]


def _value(prefix: str, column: str) -> str:
    if column in MASKED or column in FREE_TEXT:
        return f"audit_mask('{column}', {prefix}.{column})"
    return f"{prefix}.{column}"


def _record_json(prefix: str, columns: list[str]) -> str:
    pairs = ", ".join(f"'{c}', {_value(prefix, c)}" for c in columns if c not in SKIPPED_COLUMNS)
    return f"json_object({pairs})"


def _insert(
    action: str, table: str, row: str, field: str, old: str, new: str, where: str = ""
) -> str:
    return (
        f"INSERT INTO {AUDIT_TABLE} (at, user, action, entity, entity_id, field, old_value, "
        f"new_value) SELECT strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime'), audit_user(), "
        f"'{action}', '{table}', {row}, {field}, {old}, {new}{where};"
    )


def install_audit(db: Database) -> None:
    """Register the functions and create the TEMP triggers on this connection."""
    conn = db.conn
    conn.create_function("audit_user", 0, os_user)
    conn.create_function("audit_mask", 2, _mask, deterministic=True)
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != ?",
            [AUDIT_TABLE],
        ).fetchall()
    ]
    if AUDIT_TABLE not in {
        name for (name,) in db.execute("SELECT name FROM main.sqlite_master").fetchall()
    }:
        return
    statements: list[str] = []
    for table in tables:
        columns = _columns(db, table)
        statements.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_insert AFTER INSERT ON main.{table} "
            f"BEGIN {_insert('insert', table, 'NEW.rowid', 'NULL', 'NULL', 'NULL')} END"
        )
        statements.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_delete AFTER DELETE ON main.{table} "
            f"BEGIN {_insert('delete', table, 'OLD.rowid', 'NULL', _record_json('OLD', columns), 'NULL')} END"
        )
        changes = [
            _insert(
                "update",
                table,
                "NEW.rowid",
                f"'{c}'",
                _value("OLD", c),
                _value("NEW", c),
                f" WHERE OLD.{c} IS NOT NEW.{c}",
            )
            for c in columns
            if c not in SKIPPED_COLUMNS
        ]
        if changes:
            statements.append(
                f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_update AFTER UPDATE ON main.{table} "
                f"BEGIN {' '.join(changes)} END"
            )
    for statement in statements:
        conn.execute(statement)


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: int | None
    field: str | None
    old: str | None
    new: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(timespec="seconds"),
            "user": self.user,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


def audit_entries(
    db: Database, *, since: datetime | None = None, limit: int | None = None
) -> list[AuditEntry]:
    """The log, newest first; ``since`` keeps entries at or after that moment."""
    sql = f"SELECT id, at, user, action, entity, entity_id, field, old_value, new_value FROM {AUDIT_TABLE}"
    params: list[Any] = []
    if since is not None:
        sql += " WHERE at >= ?"
        params.append(since.strftime("%Y-%m-%d %H:%M:%S"))
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [
        AuditEntry(
            row[0],
            datetime.fromisoformat(row[1]),
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            None if row[7] is None else str(row[7]),
            None if row[8] is None else str(row[8]),
        )
        for row in db.execute(sql, params).fetchall()
    ]
