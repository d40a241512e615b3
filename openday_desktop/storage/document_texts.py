"""The wording of generated documents that users edited, per event or as the unit's default.

A document text is addressed by (doc, key): ``doc`` names the document (``plan``, ``notice``,
``invitation``, ``summary``) and ``key`` one editable passage of it (see exports/wording.py).
A row with ``event_id`` NULL is the unit's own default, used for every event that has no text
of its own; the program's wording applies when neither exists.
"""

from __future__ import annotations

from typing import Any

from openday_desktop.domain.errors import ValidationError
from openday_desktop.storage.connection import Database

_MAX_TEXT = 20000


class DocumentTextRepository:
    """Get and set edited document texts."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _where(event_id: int | None) -> tuple[str, list[Any]]:
        if event_id is None:
            return "event_id IS NULL", []
        return "event_id = ?", [event_id]

    def get(self, doc: str, key: str, event_id: int | None = None) -> str | None:
        """The stored text for exactly this event (or the unit default when None), if any."""
        clause, params = self._where(event_id)
        row = self.db.execute(
            f"SELECT text FROM document_texts WHERE doc = ? AND key = ? AND {clause}",
            [doc, key, *params],
        ).fetchone()
        return None if row is None else str(row[0])

    def texts(self, doc: str, event_id: int | None = None) -> dict[str, str]:
        """Every stored text of a document: unit defaults, overlaid by the event's own texts."""
        rows = self.db.execute(
            "SELECT key, text, event_id FROM document_texts WHERE doc = ? "
            "AND (event_id IS NULL OR event_id = ?) ORDER BY event_id IS NOT NULL",
            [doc, event_id],
        ).fetchall()
        return {key: text for key, text, _ in rows}

    def set(self, doc: str, key: str, text: str, event_id: int | None = None) -> None:
        """Store a text for one event, or as the unit default when ``event_id`` is None."""
        if len(text) > _MAX_TEXT:
            raise ValidationError("text", f"文字太长（超过 {_MAX_TEXT} 字），请精简后再保存。")
        clause, params = self._where(event_id)
        with self.db.atomic():
            self.db.execute(
                f"DELETE FROM document_texts WHERE doc = ? AND key = ? AND {clause}",
                [doc, key, *params],
            )
            self.db.execute(
                "INSERT INTO document_texts (doc, key, event_id, text) VALUES (?, ?, ?, ?)",
                [doc, key, event_id, text],
            )

    def set_many(self, doc: str, texts: dict[str, str], event_id: int | None = None) -> None:
        """Store several texts of one document together (all or none)."""
        with self.db.atomic():
            for key, text in texts.items():
                self.set(doc, key, text, event_id)

    def save_overrides(
        self,
        doc: str,
        texts: dict[str, str],
        inherited: dict[str, str],
        event_id: int | None = None,
    ) -> None:
        """Store at one level the texts that differ from what it ``inherited``; forget the rest.

        A passage equal to the level below is not stored, so it keeps following that level
        when the level below changes later. All or none.
        """
        own = {key: text for key, text in texts.items() if text != inherited.get(key)}
        with self.db.atomic():
            for key in texts.keys() - own.keys():
                self.clear(doc, key, event_id)
            if own:
                self.set_many(doc, own, event_id)

    def clear(self, doc: str, key: str | None = None, event_id: int | None = None) -> None:
        """Forget a stored text (or all of a document's when ``key`` is None) at one level."""
        clause, params = self._where(event_id)
        sql = f"DELETE FROM document_texts WHERE doc = ? AND {clause}"
        values: list[Any] = [doc, *params]
        if key is not None:
            sql += " AND key = ?"
            values.append(key)
        with self.db.atomic():
            self.db.execute(sql, values)
