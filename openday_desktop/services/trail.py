"""An event's trail: publication records, the leaders and staff present, round-table notes.

Attachments (files) are ``services.attachments``. An archived event (已归档) holds still:
every write here goes through ``services.record.require_open_record``, as the event's other
records do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.lifecycle import is_held
from openday_desktop.domain.models import Event
from openday_desktop.domain.trail import (
    MAX_NOTES,
    Official,
    Publication,
    leader_warning,
    publication_due_dates,
    publication_timeliness,
    require_valid_officials,
    require_valid_publication,
)
from openday_desktop.services.record import require_open_record
from openday_desktop.storage import Store


def require_open_event(store: Store, event_id: int, action: str = "修改其公开和影像记录") -> Event:
    """The event, or RecordFrozenError when it is archived (NotFoundError when missing)."""
    return require_open_record(store, event_id, action)


# --- publication records ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationRow:
    """A record with its due date and whether it was in time (None: nothing due)."""

    item: Publication
    due: date | None
    on_time: bool | None

    def to_json(self) -> dict[str, object]:
        """The record as ``openday-cli publication list --json`` prints it."""
        return {
            "id": self.item.id,
            "event_id": self.item.event_id,
            "what": self.item.what,
            "channel": self.item.channel,
            "place": self.item.place,
            "date": self.item.date.isoformat(),
            "notes": self.item.notes,
            "due": self.due.isoformat() if self.due else None,
            "on_time": self.on_time,
        }


def publication_dues(store: Store, event_id: int) -> dict[str, date]:
    """When each of the event's publications is due (see ``domain.trail``)."""
    from openday_desktop.storage.statistics import deadline_rules, work_calendar

    event = store.events.get(event_id)
    has_feedback = bool(store.feedback.list(event_id))
    return publication_due_dates(
        event, work_calendar(store), deadline_rules(store), has_feedback=has_feedback
    )


def publication_rows(store: Store, event_id: int) -> list[PublicationRow]:
    """The event's records with their due dates and timeliness, oldest first."""
    items = store.trail.publications(event_id)
    due = publication_dues(store, event_id)
    timely = publication_timeliness(items, due)
    return [PublicationRow(item, due.get(item.what), timely.get(item.id or 0)) for item in items]


def add_publication(store: Store, item: Publication, *, today: date | None = None) -> int:
    """Record a publication; returns its id (refused for an archived event)."""
    require_open_event(store, item.event_id, "登记公开记录")
    cleaned = require_valid_publication(item, today or date.today())
    with store.transaction():
        item.id = store.trail.add_publication(cleaned)
    return item.id


def update_publication(store: Store, item: Publication, *, today: date | None = None) -> None:
    """Save a changed publication record."""
    if item.id is None:
        raise ValueError("update_publication() needs a record with an id")
    old = store.trail.publication(item.id)
    require_open_event(store, old.event_id)
    cleaned = require_valid_publication(item, today or date.today())
    with store.transaction():
        store.trail.update_publication(cleaned)


def delete_publications(store: Store, publication_ids: Iterable[int]) -> int:
    """Delete records, all or none; returns how many."""
    ids = list(dict.fromkeys(publication_ids))
    for publication_id in ids:
        require_open_event(store, store.trail.publication(publication_id).event_id)
    with store.transaction():
        for publication_id in ids:
            store.trail.delete_publication(publication_id)
    return len(ids)


# --- leaders, staff and notes -------------------------------------------------------------


def set_officials(store: Store, event_id: int, officials: Iterable[Official]) -> list[Official]:
    """Replace the leaders and staff present (blank rows dropped); returns what was saved."""
    require_open_event(store, event_id, "修改到场的领导和工作人员")
    cleaned = require_valid_officials(officials)
    for item in cleaned:
        item.event_id = event_id
    with store.transaction():
        store.trail.set_officials(event_id, cleaned)
    return cleaned


def set_roundtable_notes(store: Store, event_id: int, notes: str) -> None:
    """Replace the round-table (座谈) notes."""
    require_open_event(store, event_id, "修改座谈记录")
    text = notes.strip()
    if len(text) > MAX_NOTES:
        raise ValidationError("notes", f"座谈记录超过{MAX_NOTES}字，请把全文作为附件保存。")
    with store.transaction():
        store.trail.set_roundtable_notes(event_id, text)


def officials_warning(store: Store, event_id: int, today: date | None = None) -> str | None:
    """The warning when a held event has no main or deputy leader recorded, else None."""
    event = store.events.get(event_id)
    return leader_warning(
        event, store.trail.officials(event_id), is_held(event, today or date.today())
    )
