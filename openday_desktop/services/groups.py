"""Visiting groups (分组): split an event's list into groups with their own route and leader.

Without groups everyone walks every open site in the event's order (``domain.groups``). A
group's route is a subset of the event's sites in its own order; people in no group keep the
route through every site. An archived event refuses every change here, as it does elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.groups import VisitGroup, check_group_name, check_route
from openday_desktop.domain.models import Event
from openday_desktop.services.record import require_open_record
from openday_desktop.storage import Store


def _open_event(store: Store, event_id: int) -> Event:
    return require_open_record(store, event_id, "调整分组")


def _group_of_event(store: Store, group_id: int) -> tuple[VisitGroup, Event]:
    group = store.groups.get(group_id)
    return group, _open_event(store, group.event_id)


def create_group(
    store: Store,
    event_id: int,
    name: str,
    route: Sequence[int] | None = None,
    leader: str = "",
) -> VisitGroup:
    """Add a group to the event; ``route`` is site ids in visiting order (None: every site)."""
    event = _open_event(store, event_id)
    others = [group.name for group in store.groups.for_event(event_id)]
    cleaned = check_group_name(name, others)
    if route is None:
        route = [site.id for site in event.sites if site.id is not None]
    group = VisitGroup(event_id, cleaned, check_route(event, route), leader.strip())
    with store.transaction():
        store.groups.add(group)
    return group


def rename_group(store: Store, group_id: int, name: str) -> VisitGroup:
    """Give a group another name (unique within its event)."""
    group, _ = _group_of_event(store, group_id)
    others = [g.name for g in store.groups.for_event(group.event_id) if g.id != group_id]
    group.name = check_group_name(name, others)
    with store.transaction():
        store.groups.update(group)
    return group


def set_route(store: Store, group_id: int, route: Sequence[int]) -> VisitGroup:
    """Set the sites a group visits, in its order (site ids of the event)."""
    group, event = _group_of_event(store, group_id)
    group.route = check_route(event, route)
    with store.transaction():
        store.groups.update(group)
    return group


def set_leader(store: Store, group_id: int, leader: str) -> VisitGroup:
    """Set who leads the group (带队人), free text such as 张某某（党政办）."""
    group, _ = _group_of_event(store, group_id)
    group.leader = leader.strip()
    with store.transaction():
        store.groups.update(group)
    return group


def delete_group(store: Store, group_id: int) -> int:
    """Delete a group; its people go back to the route through every site. Returns how many."""
    group, _ = _group_of_event(store, group_id)
    moved = store.groups.counts(group.event_id).get(group_id, 0)
    with store.transaction():
        store.groups.delete(group_id)
    return moved


def assign_people(
    store: Store, event_id: int, invitation_ids: Iterable[int], group_id: int | None
) -> int:
    """Put people of the event's list into a group (None: out of every group). Returns how many."""
    _open_event(store, event_id)
    ids = list(dict.fromkeys(invitation_ids))
    for invitation_id in ids:
        if store.invitations.get_by_id(invitation_id).event_id != event_id:
            raise ValidationError("person", "所选人员不在本活动的名单中，请刷新名单后重试。")
    if group_id is not None and store.groups.get(group_id).event_id != event_id:
        raise ValidationError("group", "这个分组不属于本活动，请刷新后重试。")
    with store.transaction():
        return store.groups.assign(ids, group_id)
