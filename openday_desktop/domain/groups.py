"""Who visits which open site: the route of the whole list, or of each group (分组).

By default the whole list walks one route through every site in the event's order, so every
site is seen by everyone on the list: 31 people on a two-site route are 31 visitors at each
site, not 15.5. The clerk may split the list into groups, each with its own route (a subset of
the sites in its own order) and its own leader. People not put in any group keep the default
route through every site.

Pure functions over domain objects: the rule check, the sign-in sheets per site and the plan's
schedule all read the visitors from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import time
from typing import TypeVar

from .errors import ValidationError
from .models import Event, Invitation, Person, Site

T = TypeVar("T", bound=tuple[Invitation, Person])

MAX_GROUP_NAME = 30


@dataclass
class VisitGroup:
    """A group of the event's list with its own route through the open sites."""

    event_id: int
    name: str
    route: list[int] = field(default_factory=list)  # site ids in visiting order
    leader: str = ""  # 带队人
    position: int = 0
    id: int | None = None


def check_group_name(name: str, others: Iterable[str]) -> str:
    """The cleaned name of a group; ValidationError when empty, too long or taken."""
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("name", "分组名称不能为空，例如“第一组”。")
    if len(cleaned) > MAX_GROUP_NAME:
        raise ValidationError("name", f"分组名称不能超过{MAX_GROUP_NAME}个字。")
    if cleaned in {other.strip() for other in others}:
        raise ValidationError("name", f"已经有名为“{cleaned}”的分组，请换一个名称。")
    return cleaned


def check_route(event: Event, route: Sequence[int]) -> list[int]:
    """The route as site ids of this event in visiting order; ValidationError when not.

    A route names each site at most once and at least one site.
    """
    known = {site.id for site in event.sites if site.id is not None}
    cleaned: list[int] = []
    for site_id in route:
        if site_id not in known:
            raise ValidationError("route", "路线中有不属于本活动的开放点，请重新勾选开放点。")
        if site_id in cleaned:
            raise ValidationError("route", "同一个开放点在路线中只能出现一次。")
        cleaned.append(site_id)
    if not cleaned:
        raise ValidationError("route", "每个分组的路线至少要有一个开放点，请勾选开放点。")
    return cleaned


def default_route(event: Event) -> list[int]:
    """Positions of every site in the event's order: the route of people in no group."""
    return list(range(len(event.sites)))


def route_positions(event: Event, route: Sequence[int]) -> list[int]:
    """A route of site ids as positions in ``event.sites`` (sites since removed are skipped)."""
    index = {site.id: position for position, site in enumerate(event.sites)}
    return [index[site_id] for site_id in route if site_id in index]


def route_text(event: Event, route: Sequence[int] | None = None) -> str:
    """The route as people read it: 便民服务中心→水利工程 (None: the default route)."""
    positions = default_route(event) if route is None else route_positions(event, route)
    return "→".join(event.sites[position].name for position in positions) or "（未选开放点）"


def site_visitors(
    event: Event, groups: Sequence[VisitGroup], entries: Sequence[T]
) -> list[tuple[Site, list[T]]]:
    """Each site of the event (in its order) with the entries whose route passes it.

    ``entries`` are (invitation, person) pairs; an invitation's ``group_id`` says its group,
    None (or a group since deleted) the default route through every site.
    """
    routes = {group.id: route_positions(event, group.route) for group in groups}
    everywhere = default_route(event)
    visitors: list[list[T]] = [[] for _ in event.sites]
    for entry in entries:
        group_id = entry[0].group_id
        route = routes.get(group_id, everywhere) if group_id is not None else everywhere
        for position in route:
            visitors[position].append(entry)
    return list(zip(event.sites, visitors, strict=True))


def group_of(groups: Sequence[VisitGroup], group_id: int | None) -> VisitGroup | None:
    """The group with this id, or None (no group: the default route)."""
    return next((group for group in groups if group.id == group_id), None)


# --- the time of the round-table ------------------------------------------------------------------

ROUNDTABLE_FORM = "座谈交流"
_TIME_RE = re.compile(r"(\d{1,2})[:：](\d{2})")


def parse_slot(slot: str) -> tuple[time | None, time | None]:
    """Start and end of a time slot such as "09:00-09:40" (None where unreadable)."""
    times: list[time | None] = []
    for hour, minute in _TIME_RE.findall(slot or "")[:2]:
        try:
            times.append(time(int(hour), int(minute)))
        except ValueError:
            times.append(None)
    times += [None] * (2 - len(times))
    return times[0], times[1]


def has_roundtable(event: Event) -> bool:
    """The event's activity forms include a round-table (座谈)."""
    return any("座谈" in form for form in event.forms)


def roundtable_slot(event: Event) -> tuple[time, time] | None:
    """The round-table's time: from the end of the last visit to the end of the event.

    The program keeps no separate time for the round-table: as the plan's schedule writes it,
    everyone meets after the latest site time slot until the event ends; with no slots at all
    it fills the event's time. None when that leaves no time inside the event (no end time,
    or the visits run to or past it).
    """
    if event.end is None:
        return None
    ends = [parse_slot(site.time_slot)[1] for site in event.sites]
    known = [end for end in ends if end is not None]
    start = max(known) if known else event.start
    if start is None or start >= event.end:
        return None
    if event.start is not None and start < event.start:
        start = event.start
    return start, event.end
