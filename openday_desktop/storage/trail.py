"""The event's trail in the database: publication records, attachments (the rows; the files
live in the data folder, see ``attachment_dir``), leaders and staff present, round-table notes.

Writes go through ``services.trail`` and ``services.attachments``; every method here joins
the caller's transaction.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openday_desktop.domain.errors import NotFoundError
from openday_desktop.domain.trail import Attachment, Official, Publication

from .connection import Database

ATTACHMENTS_DIRNAME = "attachments"


def attachment_root(db_path: Path) -> Path:
    """The folder holding every event's attachments, next to the database."""
    return db_path.parent / ATTACHMENTS_DIRNAME


def attachment_dir(db_path: Path, event_id: int) -> Path:
    """The folder of one event's attachment copies."""
    return attachment_root(db_path) / str(event_id)


def _publication(row: dict[str, Any]) -> Publication:
    return Publication(
        event_id=row["event_id"],
        what=row["what"],
        channel=row["channel"],
        date=date.fromisoformat(row["date"]),
        place=row["place"],
        notes=row["notes"],
        id=row["id"],
    )


def _attachment(row: dict[str, Any]) -> Attachment:
    return Attachment(
        event_id=row["event_id"],
        kind=row["kind"],
        caption=row["caption"],
        date=date.fromisoformat(row["date"]),
        file_name=row["file_name"],
        original_name=row["original_name"],
        size=row["size"],
        id=row["id"],
    )


class TrailRepository:
    """Publication records, attachments, officials and notes of events."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    # --- publications ---------------------------------------------------------------------

    def publications(self, event_id: int) -> list[Publication]:
        """The event's publication records, oldest first."""
        return [
            _publication(r)
            for r in self._rows(
                "SELECT * FROM event_publications WHERE event_id = ? ORDER BY date, id",
                [event_id],
            )
        ]

    def publication(self, publication_id: int) -> Publication:
        """One record; NotFoundError when it was deleted."""
        rows = self._rows("SELECT * FROM event_publications WHERE id = ?", [publication_id])
        if not rows:
            raise NotFoundError(f"没有编号为 {publication_id} 的公开记录，可能已被删除，请刷新。")
        return _publication(rows[0])

    def published_kinds(self) -> dict[int, set[str]]:
        """Per event id: the kinds of document it has a publication record of (one query)."""
        result: dict[int, set[str]] = {}
        for event_id, what in self.db.execute(
            "SELECT DISTINCT event_id, what FROM event_publications"
        ).fetchall():
            result.setdefault(event_id, set()).add(what)
        return result

    def first_publication_dates(self, event_ids: list[int]) -> dict[int, dict[str, date]]:
        """Per event: each kind's first publication date (year report, dashboards)."""
        marks = ", ".join("?" for _ in event_ids)
        result: dict[int, dict[str, date]] = {e: {} for e in event_ids}
        for event_id, what, day in self.db.execute(
            "SELECT event_id, what, MIN(date) FROM event_publications "
            f"WHERE event_id IN ({marks}) GROUP BY event_id, what",
            event_ids,
        ).fetchall():
            result[event_id][what] = date.fromisoformat(day)
        return result

    def add_publication(self, item: Publication) -> int:
        """Store a record; sets and returns its id."""
        cursor = self.db.execute(
            "INSERT INTO event_publications (event_id, what, channel, place, date, notes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [item.event_id, item.what, item.channel, item.place, item.date.isoformat(), item.notes],
        )
        item.id = int(cursor.lastrowid or 0)
        return item.id

    def update_publication(self, item: Publication) -> None:
        """Save a changed record."""
        self.db.execute(
            "UPDATE event_publications SET what = ?, channel = ?, place = ?, date = ?, notes = ? "
            "WHERE id = ?",
            [item.what, item.channel, item.place, item.date.isoformat(), item.notes, item.id],
        )

    def delete_publication(self, publication_id: int) -> None:
        """Delete a record."""
        self.db.execute("DELETE FROM event_publications WHERE id = ?", [publication_id])

    # --- attachments ----------------------------------------------------------------------

    def attachments(self, event_id: int) -> list[Attachment]:
        """The event's attachments by date."""
        return [
            _attachment(r)
            for r in self._rows(
                "SELECT * FROM event_attachments WHERE event_id = ? ORDER BY date, id",
                [event_id],
            )
        ]

    def attachment(self, attachment_id: int) -> Attachment:
        """One attachment; NotFoundError when it was deleted."""
        rows = self._rows("SELECT * FROM event_attachments WHERE id = ?", [attachment_id])
        if not rows:
            raise NotFoundError(f"没有编号为 {attachment_id} 的附件，可能已被删除，请刷新。")
        return _attachment(rows[0])

    def add_attachment(self, item: Attachment) -> int:
        """Store the row of a copied file; sets and returns its id."""
        cursor = self.db.execute(
            "INSERT INTO event_attachments "
            "(event_id, kind, caption, date, file_name, original_name, size) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                item.event_id,
                item.kind,
                item.caption,
                item.date.isoformat(),
                item.file_name,
                item.original_name,
                item.size,
            ],
        )
        item.id = int(cursor.lastrowid or 0)
        return item.id

    def update_attachment(self, item: Attachment) -> None:
        """Save a changed caption, kind or date (the file stays)."""
        self.db.execute(
            "UPDATE event_attachments SET kind = ?, caption = ?, date = ? WHERE id = ?",
            [item.kind, item.caption, item.date.isoformat(), item.id],
        )

    def delete_attachment(self, attachment_id: int) -> None:
        """Delete the row (the caller deletes the file)."""
        self.db.execute("DELETE FROM event_attachments WHERE id = ?", [attachment_id])

    # --- officials and notes --------------------------------------------------------------

    def officials(self, event_id: int) -> list[Official]:
        """Leaders and staff present, in the order entered."""
        return [
            Official(r["event_id"], r["name"], r["role"], r["post"], r["id"])
            for r in self._rows(
                "SELECT * FROM event_officials WHERE event_id = ? ORDER BY position, id",
                [event_id],
            )
        ]

    def officials_by_event(self) -> dict[int, list[Official]]:
        """Every event's officials (one query, for the warnings of many events)."""
        result: dict[int, list[Official]] = {}
        for r in self._rows("SELECT * FROM event_officials ORDER BY event_id, position, id", []):
            result.setdefault(r["event_id"], []).append(
                Official(r["event_id"], r["name"], r["role"], r["post"], r["id"])
            )
        return result

    def set_officials(self, event_id: int, officials: list[Official]) -> None:
        """Replace the event's list."""
        self.db.execute("DELETE FROM event_officials WHERE event_id = ?", [event_id])
        for position, item in enumerate(officials):
            cursor = self.db.execute(
                "INSERT INTO event_officials (event_id, position, name, role, post) "
                "VALUES (?, ?, ?, ?, ?)",
                [event_id, position, item.name, item.role, item.post],
            )
            item.id = int(cursor.lastrowid or 0)

    def roundtable_notes(self, event_id: int) -> str:
        """The round-table (座谈) notes of the event ('' when none)."""
        row = self.db.execute(
            "SELECT roundtable_notes FROM events WHERE id = ?", [event_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {event_id} 的活动。")
        return str(row[0])

    def set_roundtable_notes(self, event_id: int, notes: str) -> None:
        """Replace the notes."""
        self.db.execute(
            "UPDATE events SET roundtable_notes = ?, updated_at = datetime('now', 'localtime') "
            "WHERE id = ?",
            [notes, event_id],
        )
