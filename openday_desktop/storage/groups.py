"""The visiting groups (分组) of events: name, leader and route; who is in which group.

Writes go through ``services.groups``; every method here joins the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from openday_desktop.domain.errors import NotFoundError
from openday_desktop.domain.groups import VisitGroup

from .connection import Database


def _group(row: dict[str, Any]) -> VisitGroup:
    return VisitGroup(
        event_id=row["event_id"],
        name=row["name"],
        route=[int(site_id) for site_id in json.loads(row["route"])],
        leader=row["leader"],
        position=row["position"],
        id=row["id"],
    )


class GroupRepository:
    """Groups of an event in their order; a person's group is a column of the invitation."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def for_event(self, event_id: int) -> list[VisitGroup]:
        """The event's groups in their order (none: everyone walks every site)."""
        return [
            _group(row)
            for row in self.db.query(
                "SELECT * FROM event_groups WHERE event_id = ? ORDER BY position, id", [event_id]
            )
        ]

    def get(self, group_id: int) -> VisitGroup:
        """One group; NotFoundError when it was deleted."""
        rows = list(self.db.query("SELECT * FROM event_groups WHERE id = ?", [group_id]))
        if not rows:
            raise NotFoundError(f"没有编号为 {group_id} 的分组，可能已被删除，请刷新。")
        return _group(rows[0])

    def add(self, group: VisitGroup) -> int:
        """Store a new group at the end of the event's groups; sets and returns its id."""
        position = int(
            self.db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM event_groups WHERE event_id = ?",
                [group.event_id],
            ).fetchone()[0]
        )
        cursor = self.db.execute(
            "INSERT INTO event_groups (event_id, position, name, leader, route) "
            "VALUES (?, ?, ?, ?, ?)",
            [group.event_id, position, group.name, group.leader, json.dumps(group.route)],
        )
        group.id = int(cursor.lastrowid or 0)
        group.position = position
        return group.id

    def update(self, group: VisitGroup) -> None:
        """Save a group's name, leader and route."""
        if group.id is None:
            raise ValueError("update() needs a group with an id")
        self.db.execute(
            "UPDATE event_groups SET name = ?, leader = ?, route = ? WHERE id = ?",
            [group.name, group.leader, json.dumps(group.route), group.id],
        )

    def delete(self, group_id: int) -> None:
        """Remove a group; its people go back to the route through every site."""
        self.db.execute("DELETE FROM event_groups WHERE id = ?", [group_id])

    def assign(self, invitation_ids: Iterable[int], group_id: int | None) -> int:
        """Put these invitations in ``group_id`` (None: no group); returns how many changed."""
        cursor = self.db.executemany(
            "UPDATE invitations SET group_id = ? WHERE id = ?",
            [(group_id, invitation_id) for invitation_id in invitation_ids],
        )
        return int(cursor.rowcount)

    def counts(self, event_id: int) -> dict[int | None, int]:
        """How many people of the event's list are in each group (None: in no group)."""
        return {
            group_id: count
            for group_id, count in self.db.execute(
                "SELECT group_id, COUNT(*) FROM invitations WHERE event_id = ? GROUP BY group_id",
                [event_id],
            ).fetchall()
        }
