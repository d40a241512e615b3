"""Repositories: the only place that turns rows into domain objects and back.

Every public method that writes is one transaction (nested calls join the caller's).
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from openday_desktop.domain.categories import Category
from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import (
    FEEDBACK_OPEN_STATUSES,
    Event,
    Feedback,
    Invitation,
    Person,
    Site,
)
from openday_desktop.domain.search import name_search_keys, search_text
from openday_desktop.domain.settings import SETTINGS_BY_KEY, coerce, defaults
from openday_desktop.storage.connection import Database
from openday_desktop.storage.rows import InvitationStatus, PersonRow, bulk_rows

if TYPE_CHECKING:
    from openday_desktop.domain.matching import PoolIndex, PoolLookup
    from openday_desktop.domain.statistics import FeedbackCount


def _iso(value: date | time | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value.isoformat()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _bool_or_none(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _insert_sql(table: str, columns: Iterable[str]) -> str:
    names = list(columns)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def _update_sql(table: str, columns: Iterable[str], *, stamp: bool = True) -> str:
    """UPDATE of one row by id; ``stamp`` also sets updated_at (tables that have it)."""
    assignments = [f"{name} = ?" for name in columns]
    if stamp:
        assignments.append("updated_at = datetime('now', 'localtime')")
    return f"UPDATE {table} SET {', '.join(assignments)} WHERE id = ?"


class _Repository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, list(params)))

    def _insert(self, table: str, columns: dict[str, Any]) -> int:
        """Insert one row (column -> value); returns its new id."""
        cursor = self.db.execute(_insert_sql(table, columns), list(columns.values()))
        new_id = cursor.lastrowid
        assert new_id is not None  # an INSERT always sets it
        return new_id

    def _update(
        self, table: str, row_id: int, columns: dict[str, Any], *, stamp: bool = True
    ) -> None:
        """Write these columns of the row ``row_id`` (and its updated_at when ``stamp``)."""
        self.db.execute(_update_sql(table, columns, stamp=stamp), [*columns.values(), row_id])


# --- settings ------------------------------------------------------------------------------


class SettingsRepository(_Repository):
    """Settings stored as JSON values; keys not stored read their declared default."""

    def all(self) -> dict[str, Any]:
        """Every setting, defaults filled in."""
        values = defaults()
        for row in self._rows("SELECT key, value FROM settings"):
            if row["key"] in SETTINGS_BY_KEY:
                values[row["key"]] = json.loads(row["value"])
        return values

    def get(self, key: str) -> Any:
        """One setting's value (its default when never set)."""
        if key not in SETTINGS_BY_KEY:
            raise KeyError(key)
        rows = self._rows("SELECT value FROM settings WHERE key = ?", [key])
        return json.loads(rows[0]["value"]) if rows else defaults()[key]

    def set_many(self, values: dict[str, Any]) -> None:
        """Validate all values first, then store them together (all or none)."""
        cleaned = {key: coerce(key, value) for key, value in values.items()}
        with self.db.atomic():
            for key, value in cleaned.items():
                self.db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, json.dumps(value, ensure_ascii=False)],
                )

    def set(self, key: str, value: Any) -> None:
        """Store one setting."""
        self.set_many({key: value})


# --- categories ----------------------------------------------------------------------------


class CategoryRepository(_Repository):
    """The representative categories, in display order; users may add their own.

    Changes go through ``services.categories`` (rename and merge also move people and quotas).
    """

    def list(self) -> builtins.list[Category]:
        """All categories, in their display order."""
        return [
            Category(
                r["name"], json.loads(r["synonyms"]), r["position"], r["id"], bool(r["citizen"])
            )
            for r in self._rows("SELECT * FROM categories ORDER BY position, id")
        ]

    def names(self) -> builtins.list[str]:
        """Category names in display order."""
        return [c.name for c in self.list()]

    def get(self, category_id: int) -> Category:
        """One category; NotFoundError when it is gone."""
        for category in self.list():
            if category.id == category_id:
                return category
        raise NotFoundError(f"编号为{category_id}的代表类别不存在，可能已被合并或删除。")

    def by_name(self, name: str) -> Category | None:
        """The category called exactly ``name``, if any."""
        return next((c for c in self.list() if c.name == name), None)

    def people_counts(self) -> dict[str, int]:
        """How many people of the pool are in each category (by the stored text)."""
        return {
            r["category"]: r["n"]
            for r in self._rows("SELECT category, COUNT(*) AS n FROM people GROUP BY category")
        }

    def add(self, name: str, synonyms: Iterable[str] = (), *, citizen: bool = False) -> int:
        """Add a category at the end of the list (before 其他 is the service's business)."""
        name = name.strip()
        if not name:
            raise ValidationError("name", "类别名称不能为空。")
        if name in self.names():
            raise ValidationError("name", f"类别“{name}”已经存在。")
        with self.db.atomic():
            position = self.db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM categories"
            ).fetchone()[0]
            return self._insert(
                "categories",
                {
                    "name": name,
                    "synonyms": json.dumps(
                        [s.strip() for s in synonyms if s.strip()], ensure_ascii=False
                    ),
                    "position": position,
                    "citizen": int(citizen),
                },
            )

    def update(self, category: Category) -> None:
        """Store a category's name, synonyms, position and citizen flag."""
        if category.id is None:
            raise ValueError("category without id")
        self._update(
            "categories",
            category.id,
            {
                "name": category.name,
                "synonyms": json.dumps(category.synonyms, ensure_ascii=False),
                "position": category.position,
                "citizen": int(category.citizen),
            },
            stamp=False,
        )

    def delete(self, category_id: int) -> None:
        """Remove a category row (its people are the caller's business)."""
        self.db.execute("DELETE FROM categories WHERE id = ?", [category_id])

    def relabel_people(self, old: str, new: str) -> int:
        """Give everyone of category ``old`` the category ``new``; returns how many."""
        cursor = self.db.execute(
            "UPDATE people SET category = ?, updated_at = datetime('now', 'localtime') "
            "WHERE category = ?",
            [new, old],
        )
        return int(cursor.rowcount)

    def set_people_fields(
        self, person_ids: Iterable[int], *, category: str | None, source: str | None
    ) -> int:
        """Set the category and/or source of these people; returns how many rows changed."""
        columns = {k: v for k, v in (("category", category), ("source", source)) if v is not None}
        if not columns:
            return 0
        rows = [(*columns.values(), person_id) for person_id in person_ids]
        cursor = self.db.executemany(_update_sql("people", columns), rows)
        return int(cursor.rowcount)

    def move_quotas(self, old: str, new: str) -> None:
        """Quotas set for ``old`` become (or are added to) quotas for ``new``."""
        self.db.execute(
            "INSERT INTO event_quotas (event_id, category, quota) "
            "SELECT event_id, ?, quota FROM event_quotas WHERE category = ? "
            "ON CONFLICT(event_id, category) DO UPDATE SET quota = quota + excluded.quota",
            [new, old],
        )
        self.db.execute("DELETE FROM event_quotas WHERE category = ?", [old])


# --- events --------------------------------------------------------------------------------


class EventRepository(_Repository):
    """Events with their open sites (in visiting order), quotas and status history."""

    def _from_row(self, row: dict[str, Any], sites: list[Site]) -> Event:
        return Event(
            id=row["id"],
            title=row["title"],
            theme=row["theme"],
            organizer=row["organizer"],
            date=date.fromisoformat(row["date"]),
            start=_time(row["start_time"]),
            end=_time(row["end_time"]),
            status=row["status"],
            basis_document=row["basis_document"],
            basis_number=row["basis_number"],
            forms=json.loads(row["forms"]),
            notes=row["notes"],
            sites=sites,
            kind=row["kind"],
        )

    def _sites_by_event(self, event_ids: list[int] | None = None) -> dict[int, list[Site]]:
        sql = "SELECT * FROM event_sites"
        params: list[Any] = []
        if event_ids is not None:
            sql += f" WHERE event_id IN ({','.join('?' * len(event_ids))})"
            params = list(event_ids)
        result: dict[int, list[Site]] = {}
        for r in self._rows(sql + " ORDER BY event_id, position", params):
            result.setdefault(r["event_id"], []).append(
                Site(r["name"], r["address"], r["time_slot"], r["guide"], r["id"])
            )
        return result

    def list(self) -> list[Event]:
        """All events, newest date first."""
        sites = self._sites_by_event()
        return [
            self._from_row(r, sites.get(r["id"], []))
            for r in self._rows("SELECT * FROM events ORDER BY date DESC, id DESC")
        ]

    def get(self, event_id: int) -> Event:
        """One event; NotFoundError when there is none with that id."""
        rows = self._rows("SELECT * FROM events WHERE id = ?", [event_id])
        if not rows:
            raise NotFoundError(f"没有编号为 {event_id} 的活动。")
        return self._from_row(rows[0], self._sites_by_event([event_id]).get(event_id, []))

    def count(self) -> int:
        """Number of events."""
        return int(self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    @staticmethod
    def _columns(event: Event) -> dict[str, Any]:
        return {
            "title": event.title,
            "theme": event.theme,
            "organizer": event.organizer,
            "date": _iso(event.date),
            "start_time": _iso(event.start),
            "end_time": _iso(event.end),
            "status": event.status,
            "basis_document": event.basis_document,
            "basis_number": event.basis_number,
            "forms": json.dumps(event.forms, ensure_ascii=False),
            "notes": event.notes,
            "kind": event.kind,
        }

    # builtins.list: inside this class ``list`` is the method below.
    def _write_sites(self, event_id: int, sites: builtins.list[Site]) -> None:
        # Sites keep their ids across edits: the groups' routes name sites by id.
        kept = {site.id for site in sites if site.id is not None}
        for (site_id,) in self.db.execute(
            "SELECT id FROM event_sites WHERE event_id = ?", [event_id]
        ).fetchall():
            if site_id not in kept:
                self.db.execute("DELETE FROM event_sites WHERE id = ?", [site_id])
        for position, site in enumerate(sites):
            values = [position, site.name, site.address, site.time_slot, site.guide]
            if (
                site.id is not None
                and self.db.execute(
                    "UPDATE event_sites SET position = ?, name = ?, address = ?, time_slot = ?, "
                    "guide = ? WHERE id = ? AND event_id = ?",
                    [*values, site.id, event_id],
                ).rowcount
            ):
                continue
            site.id = self._insert(
                "event_sites",
                {
                    "event_id": event_id,
                    "position": position,
                    "name": site.name,
                    "address": site.address,
                    "time_slot": site.time_slot,
                    "guide": site.guide,
                },
            )

    def _log_status(
        self, event_id: int, status: str, on: date | None = None, note: str = ""
    ) -> None:
        row = {"event_id": event_id, "status": status, "date": (on or date.today()).isoformat()}
        if note:
            row["note"] = note
        self._insert("event_status_log", row)

    def add(self, event: Event) -> int:
        """Store a new event with its sites; returns and sets its id."""
        with self.db.atomic():
            event.id = self._insert("events", self._columns(event))
            self._write_sites(event.id, event.sites)
            self._log_status(event.id, event.status)
        return event.id

    def update(self, event: Event) -> None:
        """Save changes to an existing event, its sites included."""
        if event.id is None:
            raise ValueError("update() needs an event with an id")
        old = self.get(event.id)
        with self.db.atomic():
            self._update("events", event.id, self._columns(event))
            self._write_sites(event.id, event.sites)
            if old.status != event.status:
                self._log_status(event.id, event.status)

    def set_status(
        self, event_id: int, status: str, on: date | None = None, note: str = ""
    ) -> None:
        """Move an event to ``status`` and record the date of the step (and why, if said)."""
        self.get(event_id)
        with self.db.atomic():
            self._update("events", event_id, {"status": status})
            self._log_status(event_id, status, on, note)

    def status_notes(self, event_id: int) -> builtins.list[tuple[str, date, str]]:
        """The lifecycle steps with the reason recorded for each ('' for most), oldest first."""
        return [
            (r["status"], date.fromisoformat(r["date"]), r["note"])
            for r in self._rows(
                "SELECT status, date, note FROM event_status_log WHERE event_id = ? ORDER BY id",
                [event_id],
            )
        ]

    def status_history(self, event_id: int) -> builtins.list[tuple[str, date]]:
        """The lifecycle steps taken, oldest first."""
        return [
            (r["status"], date.fromisoformat(r["date"]))
            for r in self._rows(
                "SELECT status, date FROM event_status_log WHERE event_id = ? ORDER BY id",
                [event_id],
            )
        ]

    def delete(self, event_id: int) -> None:
        """Delete an event with its sites, invitations and feedback."""
        with self.db.atomic():
            self.db.execute("DELETE FROM events WHERE id = ?", [event_id])

    def quotas(self, event_id: int) -> dict[str, int]:
        """The planned number of people per category for the event."""
        return {
            r["category"]: r["quota"]
            for r in self._rows(
                "SELECT category, quota FROM event_quotas WHERE event_id = ?", [event_id]
            )
        }

    def set_quotas(self, event_id: int, quotas: dict[str, int]) -> None:
        """Replace the event's quotas (a category with 0 or missing has no quota)."""
        for category, quota in quotas.items():
            if quota < 0:
                raise ValidationError("quota", f"“{category}”的名额不能是负数。")
        with self.db.atomic():
            self.db.execute("DELETE FROM event_quotas WHERE event_id = ?", [event_id])
            for category, quota in quotas.items():
                if quota:
                    self.db.execute(
                        "INSERT INTO event_quotas (event_id, category, quota) VALUES (?, ?, ?)",
                        [event_id, category, quota],
                    )


# --- people --------------------------------------------------------------------------------


def person_from_row(row: dict[str, Any]) -> Person:
    """Build a Person from a ``people`` row."""
    return Person(
        id=row["id"],
        name=row["name"],
        sex=row["sex"],
        id_number=row["id_number"] or "",
        birth_date=_date(row["birth_date"]),
        phone=row["phone"],
        unit=row["unit"],
        village=row["village"],
        category=row["category"],
        source=row["source"],
        notes=row["notes"],
    )


def person_columns(person: Person, keys: tuple[str, str] | None = None) -> dict[str, Any]:
    """The ``people`` columns for a Person, search keys included (``keys``: already known)."""
    pinyin, initials = keys if keys is not None else name_search_keys(person.name)
    return {
        "name": person.name,
        "sex": person.sex,
        "id_number": person.id_number or None,  # NULL: many people may lack an ID number
        "birth_date": _iso(person.birth_date),
        "phone": person.phone,
        "unit": person.unit,
        "village": person.village,
        "category": person.category,
        "source": person.source,
        "notes": person.notes,
        "name_pinyin": pinyin,
        "name_initials": initials,
    }


class PersonRepository(_Repository):
    """The reusable pool of representatives."""

    def list(self) -> builtins.list[Person]:
        """Everyone in the pool, by id."""
        return [person_from_row(r) for r in self._rows("SELECT * FROM people ORDER BY id")]

    def table_rows(self) -> builtins.list[PersonRow]:
        """Compact rows for the pool table and search, by id: one named tuple per person."""
        return self._table_rows("ORDER BY id")

    def table_row(self, person_id: int) -> PersonRow | None:
        """One person's compact row, shaped as in ``table_rows`` (the table updates one row)."""
        rows = self._table_rows("WHERE id = ?", [person_id])
        return rows[0] if rows else None

    def _table_rows(
        self, clause: str, params: builtins.list[Any] | None = None
    ) -> builtins.list[PersonRow]:
        cursor = self.db.execute(
            "SELECT id, name, sex, birth_date, phone, COALESCE(id_number, ''), unit, village, "
            f"category, source, notes, name_pinyin, name_initials FROM people {clause}",
            params or [],
        )
        # Sex, unit, village, category, source and notes repeat a lot: one string object per
        # distinct value (and no fetchall copy) halves the memory of 100,000 rows.
        shared: dict[Any, Any] = {}
        one = shared.setdefault
        # tuple.__new__ skips the named tuple's Python-level constructor (a third faster).
        new = tuple.__new__
        with bulk_rows():
            return [
                new(
                    PersonRow,
                    (
                        r[0],
                        r[1],
                        one(r[2], r[2]),
                        r[3],
                        r[4],
                        r[5],
                        one(r[6], r[6]),
                        one(r[7], r[7]),
                        one(r[8], r[8]),
                        one(r[9], r[9]),
                        one(r[10], r[10]),
                        search_text(r[1], r[11], r[12], r[5], r[4], r[6], r[7], r[8]),
                    ),
                )
                for r in cursor
            ]

    def search_keys_for_event(self, event_id: int) -> dict[int, tuple[str, str]]:
        """(full pinyin, initials) as stored, of everyone on the event's list, by person id."""
        return {
            person_id: (pinyin, initials)
            for person_id, pinyin, initials in self.db.execute(
                "SELECT p.id, p.name_pinyin, p.name_initials FROM invitations i "
                "JOIN people p ON p.id = i.person_id WHERE i.event_id = ?",
                [event_id],
            ).fetchall()
        }

    def count(self) -> int:
        """Number of people in the pool."""
        return int(self.db.execute("SELECT COUNT(*) FROM people").fetchone()[0])

    def get(self, person_id: int) -> Person:
        """One person; NotFoundError when missing."""
        rows = self._rows("SELECT * FROM people WHERE id = ?", [person_id])
        if not rows:
            raise NotFoundError(f"代表库中没有编号为 {person_id} 的人员。")
        return person_from_row(rows[0])

    def find_by_id_number(self, id_number: str) -> Person | None:
        """The person with this ID number, if any."""
        if not id_number:
            return None
        rows = self._rows("SELECT * FROM people WHERE id_number = ?", [id_number])
        return person_from_row(rows[0]) if rows else None

    def _check_unique_id(self, person: Person) -> None:
        other = self.find_by_id_number(person.id_number)
        if other is not None and other.id != person.id:
            raise ValidationError(
                "id_number",
                f"身份证号已登记在“{other.name}”名下（编号 {other.id}），请勿重复添加。",
            )

    def add(self, person: Person) -> int:
        """Add a person; returns and sets the id. The ID number must be new to the pool."""
        with self.db.atomic():
            self._check_unique_id(person)
            person.id = self._insert("people", person_columns(person))
        return person.id

    def update(self, person: Person) -> None:
        """Save changes to an existing person."""
        if person.id is None:
            raise ValueError("update() needs a person with an id")
        with self.db.atomic():
            self._check_unique_id(person)
            self._update("people", person.id, person_columns(person))

    def delete(self, person_id: int) -> None:
        """Remove a person from the pool (their invitations go too; their feedback stays)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM people WHERE id = ?", [person_id])

    # Bulk work for roster imports: one query or one executemany instead of one statement per
    # row, so a 10,000-row sheet imports in about the time it takes to read.

    def match_index(self) -> PoolIndex:
        """The pool's matching keys in memory (ID numbers, name+phone, name+village)."""
        # Imported here: only imports and walk-ins match people, start-up does not.
        from openday_desktop.domain.matching import PoolIndex

        id_numbers = {
            number: person_id
            for person_id, number in self.db.execute(
                "SELECT id, id_number FROM people WHERE id_number IS NOT NULL"
            ).fetchall()
        }
        # ORDER BY id DESC: the dict keeps the last one, so the oldest record wins.
        name_phones = {
            (name, phone): person_id
            for person_id, name, phone in self.db.execute(
                "SELECT id, name, phone FROM people WHERE phone != '' ORDER BY id DESC"
            ).fetchall()
        }
        name_villages = {
            (name, village): person_id
            for person_id, name, village in self.db.execute(
                "SELECT id, name, village FROM people "
                "WHERE id_number IS NULL AND phone = '' ORDER BY id DESC"
            ).fetchall()
        }
        return PoolIndex(id_numbers, name_phones, name_villages, set(id_numbers.values()))

    def lookup(self) -> PoolLookup:
        """The pool's matching keys asked one query at a time (one walk-in at the desk)."""
        return _PersonLookup(self.db)

    def get_many(self, person_ids: Iterable[int]) -> dict[int, Person]:
        """Several people by id (missing ids are left out)."""
        wanted = list(dict.fromkeys(person_ids))
        found: dict[int, Person] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for row in self._rows(
                f"SELECT * FROM people WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ):
                found[row["id"]] = person_from_row(row)
        return found

    def add_many(
        self,
        people: builtins.list[Person],
        columns: Sequence[dict[str, Any]] | None = None,
    ) -> builtins.list[int]:
        """Insert new people with one executemany; returns and sets their ids.

        The caller has checked that the ID numbers are new; the UNIQUE index still refuses a
        duplicate, and then nothing of the batch is stored. ``columns``: each person's
        ``person_columns`` worked out beforehand, so a caller holding the write lock (a
        150,000-row import) does not build them, pinyin keys included, under it.
        """
        if not people:
            return []
        if columns is None:
            columns = [person_columns(person) for person in people]
        with self.db.atomic():
            first = int(
                self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM people").fetchone()[0]
            )
            rows = []
            for offset, (person, values) in enumerate(zip(people, columns, strict=True)):
                person.id = first + offset
                rows.append((person.id, *values.values()))
            self.db.executemany(_insert_sql("people", ["id", *columns[0]]), rows)
        return [first + offset for offset in range(len(people))]

    def update_many(self, people: builtins.list[Person]) -> None:
        """Save many existing people with one executemany (every column is written)."""
        if not people:
            return
        # A re-imported roster mostly repeats the names already stored: their pinyin keys are
        # reused instead of being worked out again for every row.
        stored: dict[int, tuple[str, str, str]] = {}
        ids = [person.id for person in people if person.id is not None]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for person_id, name, pinyin, initials in self.db.execute(
                f"SELECT id, name, name_pinyin, name_initials FROM people WHERE id IN ({marks})",
                chunk,
            ).fetchall():
                stored[person_id] = (name, pinyin, initials)

        def keys(person: Person) -> tuple[str, str] | None:
            known = stored.get(person.id or 0)
            if known is None or known[0] != person.name or not known[1]:
                return None
            return known[1], known[2]

        with self.db.atomic():
            self.db.executemany(
                _update_sql("people", person_columns(people[0])),
                [(*person_columns(p, keys(p)).values(), p.id) for p in people],
            )


class _PersonLookup:
    """``domain.matching.PoolLookup`` answered by single queries."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _first(self, sql: str, params: list[Any]) -> int | None:
        row = self.db.execute(sql, params).fetchone()
        return None if row is None else int(row[0])

    def by_id_number(self, id_number: str) -> int | None:
        return self._first("SELECT id FROM people WHERE id_number = ?", [id_number])

    def by_name_phone(self, name: str, phone: str) -> int | None:
        return self._first(
            "SELECT id FROM people WHERE name = ? AND phone = ? AND phone != '' ORDER BY id",
            [name, phone],
        )

    def by_name_village(self, name: str, village: str) -> int | None:
        return self._first(
            "SELECT id FROM people WHERE name = ? AND village = ? "
            "AND id_number IS NULL AND phone = '' ORDER BY id",
            [name, village],
        )

    def has_id_number(self, person_id: int) -> bool:
        return (
            self._first("SELECT 1 FROM people WHERE id = ? AND id_number IS NOT NULL", [person_id])
            is not None
        )


# --- invitations ---------------------------------------------------------------------------


def _invitation_from_row(row: dict[str, Any]) -> Invitation:
    return Invitation(
        id=row["id"],
        event_id=row["event_id"],
        person_id=row["person_id"],
        status=row["status"],
        review_result=row["review_result"],
        attendance=row["attendance"],
        signed_in_at=_datetime(row["signed_in_at"]),
        walk_in=bool(row["walk_in"]),
        group_id=row.get("group_id"),
        recorded_by=row.get("recorded_by") or "",
        recorded_at=_datetime(row.get("recorded_at")),
    )


def _invitation_state(invitation: Invitation) -> dict[str, Any]:
    """The columns that change while a person moves through selection and the day itself."""
    return {
        "status": invitation.status,
        "review_result": invitation.review_result,
        "attendance": invitation.attendance,
        "signed_in_at": _iso(invitation.signed_in_at),
        "walk_in": int(invitation.walk_in),
        "recorded_by": invitation.recorded_by,
        "recorded_at": _iso(invitation.recorded_at),
    }


class InvitationRepository(_Repository):
    """Who is on which event's list, their selection status and attendance."""

    def for_event(self, event_id: int) -> list[tuple[Invitation, Person]]:
        """The event's list with each person, in the order they were added."""
        rows = self._rows(
            "SELECT i.id AS inv_id, i.event_id, i.person_id, i.status, i.review_result, "
            "i.attendance, i.signed_in_at, i.walk_in, i.group_id, i.recorded_by, i.recorded_at, "
            "p.* "
            "FROM invitations i JOIN people p ON p.id = i.person_id "
            "WHERE i.event_id = ? ORDER BY i.id",
            [event_id],
        )
        result = []
        for r in rows:
            invitation = _invitation_from_row({**r, "id": r["inv_id"]})
            result.append((invitation, person_from_row(r)))
        return result

    def for_person(self, person_id: int) -> list[Invitation]:
        """Every invitation of one person (their attendance history)."""
        return [
            _invitation_from_row(r)
            for r in self._rows(
                "SELECT * FROM invitations WHERE person_id = ? ORDER BY id", [person_id]
            )
        ]

    def get(self, event_id: int, person_id: int) -> Invitation | None:
        """The invitation of one person to one event, if any."""
        rows = self._rows(
            "SELECT * FROM invitations WHERE event_id = ? AND person_id = ?",
            [event_id, person_id],
        )
        return _invitation_from_row(rows[0]) if rows else None

    def invite(self, invitation: Invitation) -> int:
        """Put a person on an event's list; a person can be on a list only once."""
        if self.get(invitation.event_id, invitation.person_id) is not None:
            raise ValidationError("person_id", "此人已在该活动的名单中。")
        columns = {
            "event_id": invitation.event_id,
            "person_id": invitation.person_id,
            **_invitation_state(invitation),
        }
        with self.db.atomic():
            invitation.id = self._insert("invitations", columns)
        return invitation.id

    def update(self, invitation: Invitation) -> None:
        """Save status, review result and attendance of an invitation."""
        if invitation.id is None:
            raise ValueError("update() needs an invitation with an id")
        with self.db.atomic():
            # The table has no updated_at: signed_in_at is the time that matters.
            self._update("invitations", invitation.id, _invitation_state(invitation), stamp=False)

    def remove(self, invitation_id: int) -> None:
        """Take an invitation off the list entirely."""
        with self.db.atomic():
            self.db.execute("DELETE FROM invitations WHERE id = ?", [invitation_id])

    # Selection and sign-in helpers.

    def get_by_id(self, invitation_id: int) -> Invitation:
        """One invitation by its own id; NotFoundError when missing."""
        rows = self._rows("SELECT * FROM invitations WHERE id = ?", [invitation_id])
        if not rows:
            raise NotFoundError(
                f"没有编号为 {invitation_id} 的邀请记录，名单可能已被修改，请刷新。"
            )
        return _invitation_from_row(rows[0])

    def get_many_by_id(self, invitation_ids: Iterable[int]) -> list[Invitation]:
        """Several invitations by id, in the order asked; NotFoundError when one is missing."""
        ids = list(invitation_ids)
        found: dict[int, Invitation] = {}
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._rows(f"SELECT * FROM invitations WHERE id IN ({marks})", chunk):
                invitation = _invitation_from_row(row)
                found[row["id"]] = invitation
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFoundError(f"没有编号为 {missing[0]} 的邀请记录，名单可能已被修改，请刷新。")
        return [found[i] for i in ids]

    def statuses_by_id(self, invitation_ids: Iterable[int]) -> builtins.list[InvitationStatus]:
        """(id, event, person, status) of several invitations, in the order asked.

        The light read behind a status change of a whole list: no full rows, no objects.
        NotFoundError when one is missing.
        """
        ids = builtins.list(invitation_ids)
        found: dict[int, InvitationStatus] = {}
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.db.execute(
                f"SELECT id, event_id, person_id, status FROM invitations WHERE id IN ({marks})",
                chunk,
            ).fetchall():
                found[row[0]] = InvitationStatus(*row)
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFoundError(f"没有编号为 {missing[0]} 的邀请记录，名单可能已被修改，请刷新。")
        return [found[i] for i in ids]

    def count_for_event(self, event_id: int) -> int:
        """How many people are on the event's list."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM invitations WHERE event_id = ?", [event_id]
        ).fetchone()
        return int(row[0])

    def person_ids(self, event_id: int) -> set[int]:
        """Everyone on the event's list, whatever their status."""
        return {
            row[0]
            for row in self.db.execute(
                "SELECT person_id FROM invitations WHERE event_id = ?", [event_id]
            ).fetchall()
        }

    def invite_many(self, event_id: int, person_ids: Iterable[int], *, status: str) -> list[int]:
        """Put many people on a list at once; people already on it are skipped.

        Returns the person ids actually added, in the order given.
        """
        with self.db.atomic():
            present = self.person_ids(event_id)
            added = [pid for pid in dict.fromkeys(person_ids) if pid not in present]
            self.db.executemany(
                "INSERT INTO invitations (event_id, person_id, status) VALUES (?, ?, ?)",
                [(event_id, pid, status) for pid in added],
            )
        return added

    def set_status_many(
        self, invitation_ids: Iterable[int], status: str, review_result: str | None = None
    ) -> None:
        """Give several invitations the same status (and review remark, when given)."""
        ids = list(invitation_ids)
        # One UPDATE per 500 ids (SQLite's limit on bound parameters), not one per row.
        if review_result is None:
            sql, values = "UPDATE invitations SET status = ?", [status]
        else:
            sql, values = (
                "UPDATE invitations SET status = ?, review_result = ?",
                [
                    status,
                    review_result,
                ],
            )
        with self.db.atomic():
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                self.db.execute(f"{sql} WHERE id IN ({marks})", [*values, *chunk])

    def count(self) -> int:
        """Number of invitations of every event."""
        return int(self.db.execute("SELECT COUNT(*) FROM invitations").fetchone()[0])

    def attendance_rows(self) -> list[tuple[int, date, str]]:
        """(person_id, event date, attendance) for every invitation: the rotation's history."""
        return [
            (person_id, date.fromisoformat(day), attendance)
            for person_id, day, attendance in self.db.execute(
                "SELECT i.person_id, e.date, i.attendance "
                "FROM invitations i JOIN events e ON e.id = i.event_id"
            ).fetchall()
        ]

    def counted_by_event(self, event_ids: list[int]) -> dict[int, list[tuple[str, str, str, int]]]:
        """Per event: (person category, status, attendance, how many), counted by the database."""
        marks = ", ".join("?" for _ in event_ids)
        result: dict[int, list[tuple[str, str, str, int]]] = {e: [] for e in event_ids}
        for event_id, category, status, attendance, count in self.db.execute(
            "SELECT i.event_id, p.category, i.status, i.attendance, COUNT(*) "
            "FROM invitations i JOIN people p ON p.id = i.person_id "
            f"WHERE i.event_id IN ({marks}) "
            "GROUP BY i.event_id, p.category, i.status, i.attendance",
            event_ids,
        ).fetchall():
            result[event_id].append((category, status, attendance, count))
        return result


# --- feedback ------------------------------------------------------------------------------


def _feedback_from_row(row: dict[str, Any]) -> Feedback:
    return Feedback(
        id=row["id"],
        event_id=row["event_id"],
        person_id=row["person_id"],
        content=row["content"],
        category=row["category"],
        status=row["status"],
        responsible_unit=row["responsible_unit"],
        responsible_person=row["responsible_person"],
        deadline=_date(row["deadline"]),
        reply=row["reply"],
        adopted=_bool_or_none(row["adopted"]),
        rectification=row["rectification"],
        follow_up_date=_date(row["follow_up_date"]),
        satisfaction=row["satisfaction"],
        published=bool(row["published"]),
        reply_date=_date(row["reply_date"]),
        completed_date=_date(row["completed_date"]),
        published_date=_date(row["published_date"]),
        follow_up_method=row["follow_up_method"],
        follow_up_notes=row["follow_up_notes"],
    )


class FeedbackRepository(_Repository):
    """Suggestions and questions, with their handling."""

    def list(self, event_id: int | None = None) -> list[Feedback]:
        """All feedback, or one event's, oldest first."""
        if event_id is None:
            rows = self._rows("SELECT * FROM feedback ORDER BY id")
        else:
            rows = self._rows("SELECT * FROM feedback WHERE event_id = ? ORDER BY id", [event_id])
        return [_feedback_from_row(r) for r in rows]

    def count(self) -> int:
        """Number of feedback items."""
        return int(self.db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def list_open(self) -> builtins.list[Feedback]:
        """Items still being handled (待交办, 办理中), oldest first."""
        marks = ", ".join("?" for _ in FEEDBACK_OPEN_STATUSES)
        rows = self._rows(
            f"SELECT * FROM feedback WHERE status IN ({marks}) ORDER BY id",
            sorted(FEEDBACK_OPEN_STATUSES),
        )
        return [_feedback_from_row(r) for r in rows]

    def counted_by_event(
        self, event_ids: builtins.list[int]
    ) -> dict[int, builtins.list[FeedbackCount]]:
        """Per event: the items grouped by what the statistics read, counted by the database."""
        from openday_desktop.domain.statistics import FeedbackCount  # only the statistics need it

        marks = ", ".join("?" for _ in event_ids)
        result: dict[int, builtins.list[FeedbackCount]] = {e: [] for e in event_ids}
        on_time = (
            "CASE WHEN completed_date IS NULL OR deadline IS NULL THEN NULL "
            "ELSE completed_date <= deadline END"
        )
        for (
            event_id,
            status,
            deadline,
            done,
            adopted,
            published,
            satisfaction,
            count,
        ) in self.db.execute(
            f"SELECT event_id, status, deadline, {on_time}, adopted, published, satisfaction,"
            f" COUNT(*) FROM feedback WHERE event_id IN ({marks})"
            " GROUP BY 1, 2, 3, 4, 5, 6, 7",
            event_ids,
        ).fetchall():
            result[event_id].append(
                FeedbackCount(
                    status,
                    _date(deadline),
                    count,
                    on_time=_bool_or_none(done),
                    adopted=bool(adopted),
                    published=bool(published),
                    satisfaction=satisfaction,
                )
            )
        return result

    def count_overdue(self, today: date) -> int:
        """Items still being handled whose deadline has passed (``Feedback.is_overdue``)."""
        marks = ", ".join("?" for _ in FEEDBACK_OPEN_STATUSES)
        sql = (
            "SELECT COUNT(*) FROM feedback WHERE deadline IS NOT NULL AND deadline < ?"
            f" AND status IN ({marks})"
        )
        params = [today.isoformat(), *sorted(FEEDBACK_OPEN_STATUSES)]
        return int(self.db.execute(sql, params).fetchone()[0])

    def get(self, feedback_id: int) -> Feedback:
        """One item; NotFoundError when missing."""
        rows = self._rows("SELECT * FROM feedback WHERE id = ?", [feedback_id])
        if not rows:
            raise NotFoundError(f"没有编号为 {feedback_id} 的意见建议。")
        return _feedback_from_row(rows[0])

    @staticmethod
    def _columns(item: Feedback) -> dict[str, Any]:
        return {
            "event_id": item.event_id,
            "person_id": item.person_id,
            "content": item.content,
            "category": item.category,
            "status": item.status,
            "responsible_unit": item.responsible_unit,
            "responsible_person": item.responsible_person,
            "deadline": _iso(item.deadline),
            "reply": item.reply,
            "adopted": None if item.adopted is None else int(item.adopted),
            "rectification": item.rectification,
            "follow_up_date": _iso(item.follow_up_date),
            "satisfaction": item.satisfaction,
            "published": int(item.published),
            "reply_date": _iso(item.reply_date),
            "completed_date": _iso(item.completed_date),
            "published_date": _iso(item.published_date),
            "follow_up_method": item.follow_up_method,
            "follow_up_notes": item.follow_up_notes,
        }

    def add(self, item: Feedback) -> int:
        """Store a new item; returns and sets its id."""
        with self.db.atomic():
            item.id = self._insert("feedback", self._columns(item))
        return item.id

    def update(self, item: Feedback) -> None:
        """Save changes to an existing item."""
        if item.id is None:
            raise ValueError("update() needs an item with an id")
        with self.db.atomic():
            self._update("feedback", item.id, self._columns(item))

    def delete(self, feedback_id: int) -> None:
        """Delete an item."""
        with self.db.atomic():
            self.db.execute("DELETE FROM feedback WHERE id = ?", [feedback_id])


# --- calendar ------------------------------------------------------------------------------


class CalendarRepository(_Repository):
    """Holidays and adjusted working days the user entered for years the library lacks."""

    def days(self) -> dict[date, str]:
        """Every entered day: date -> 'holiday' or 'workday'."""
        return {
            date.fromisoformat(r["date"]): r["kind"]
            for r in self._rows("SELECT date, kind FROM calendar_days")
        }

    def days_with_names(self, year: int | None = None) -> tuple[dict[date, str], dict[date, str]]:
        """(kinds, names) of the entered days, optionally of one year: what ``set_days`` takes.

        ``names`` holds only the days that have one (元旦, 国庆节调休 ...), so a year reloaded
        and saved again keeps them.
        """
        sql = "SELECT date, kind, name FROM calendar_days"
        params: list[Any] = []
        if year is not None:
            sql += " WHERE date LIKE ?"
            params.append(f"{year:04d}-%")
        kinds: dict[date, str] = {}
        names: dict[date, str] = {}
        for r in self._rows(sql + " ORDER BY date", params):
            day = date.fromisoformat(r["date"])
            kinds[day] = r["kind"]
            if r["name"]:
                names[day] = r["name"]
        return kinds, names

    def set_days(self, days: dict[date, str], names: dict[date, str] | None = None) -> None:
        """Store (or replace) entered days."""
        names = names or {}
        with self.db.atomic():
            for day, kind in days.items():
                if kind not in ("holiday", "workday"):
                    raise ValidationError("kind", "日期类型只能是“节假日”或“调休上班”。")
                self.db.execute(
                    "INSERT INTO calendar_days (date, kind, name) VALUES (?, ?, ?) "
                    "ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, name = excluded.name",
                    [day.isoformat(), kind, names.get(day, "")],
                )

    def clear_year(self, year: int) -> None:
        """Forget the entered days of one year."""
        with self.db.atomic():
            self.db.execute("DELETE FROM calendar_days WHERE date LIKE ?", [f"{year}-%"])
