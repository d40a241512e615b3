"""services.events: creating, changing, deleting events and moving them along the lifecycle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import Event, Feedback, Site
from openday_desktop.services import events as service
from openday_desktop.storage import Store
from tests.unit.helpers import dump

TODAY = date(2026, 6, 20)


def test_create_event_records_sites_quotas_and_the_step_reached(
    store: Store, begins: Callable[[], int]
) -> None:
    event = Event(" 开放日 ", date(2026, 6, 12), sites=[Site(" 便民服务中心 "), Site("文化站")])
    event_id = service.create_event(
        store,
        event,
        status="已举办",
        reached_on=date(2026, 6, 12),
        quotas={"群众代表": 10, "人大代表": 0},
        today=TODAY,
    )
    assert begins() == 1
    assert event.id == event_id
    saved = store.events.get(event_id)
    assert saved.title == "开放日"
    assert [s.name for s in saved.sites] == ["便民服务中心", "文化站"]
    assert saved.status == "已举办"
    assert [s for s, _ in store.events.status_history(event_id)] == [
        "筹备中",
        "方案已报备",
        "代表已公示",
        "已举办",
    ]
    assert store.events.quotas(event_id) == {"群众代表": 10}


def test_create_event_refusals_leave_the_database_unchanged(store: Store) -> None:
    before = dump(store)
    with pytest.raises(ValidationError) as caught:
        service.create_event(store, Event("  ", date(2026, 6, 12)), today=TODAY)
    assert caught.value.field == "title"
    with pytest.raises(ValidationError) as caught:
        # Held before the day of the event: the lifecycle refuses, nothing is half-stored.
        service.create_event(
            store,
            Event("开放日", date(2026, 6, 18)),
            status="已举办",
            reached_on=date(2026, 6, 15),
            today=TODAY,
        )
    assert caught.value.field == "status"
    with pytest.raises(ValidationError, match="负数"):
        service.create_event(
            store, Event("开放日", date(2026, 6, 18)), quotas={"群众代表": -1}, today=TODAY
        )
    assert dump(store) == before


def test_event_problems_lists_every_problem_by_field(store: Store) -> None:
    event = Event("", date(2026, 6, 12), sites=[Site("甲"), Site("甲")])
    problems = service.event_problems(store, event, today=TODAY)
    assert set(problems) == {"title", "sites"}


def test_update_event_keeps_to_the_lifecycle(store: Store, begins: Callable[[], int]) -> None:
    event_id = service.create_event(
        store,
        Event("开放日", date(2026, 6, 12)),
        status="已举办",
        reached_on=date(2026, 6, 12),
        today=TODAY,
    )
    event = store.events.get(event_id)
    event.title = "新名称"
    service.update_event(store, event, today=TODAY)
    assert store.events.get(event_id).title == "新名称"

    before = dump(store)
    moved = store.events.get(event_id)
    moved.date = date(2026, 6, 15)  # after the day it was recorded as held
    with pytest.raises(ValidationError) as caught:
        service.update_event(store, moved, today=TODAY)
    assert caught.value.field == "date"
    status_edit = store.events.get(event_id)
    status_edit.status = "已归档"
    with pytest.raises(ValidationError, match="推进状态"):
        service.update_event(store, status_edit, today=TODAY)
    assert dump(store) == before


def test_an_archived_event_cannot_be_edited(store: Store) -> None:
    event_id = service.create_event(
        store,
        Event("开放日", date(2026, 6, 12)),
        status="已归档",
        reached_on=date(2026, 6, 15),
        today=TODAY,
    )
    event = store.events.get(event_id)
    event.title = "改名"
    before = dump(store)
    with pytest.raises(ValidationError, match="已归档"):
        service.update_event(store, event, today=TODAY)
    assert dump(store) == before


def test_change_status_records_skipped_steps_and_refuses_the_future(store: Store) -> None:
    event_id = service.create_event(store, Event("开放日", date(2026, 6, 25)), today=TODAY)
    steps = service.change_status(store, event_id, "代表已公示", date(2026, 6, 19), today=TODAY)
    assert steps == [("方案已报备", date(2026, 6, 19)), ("代表已公示", date(2026, 6, 19))]
    before = dump(store)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        service.change_status(store, event_id, "已举办", date(2026, 6, 25), today=TODAY)
    with pytest.raises(ValidationError, match="上一步"):
        service.change_status(store, event_id, "筹备中", today=TODAY)
    with pytest.raises(NotFoundError):
        service.change_status(store, 999, "方案已报备", today=TODAY)
    assert dump(store) == before


def test_delete_events_all_or_none(store: Store, begins: Callable[[], int]) -> None:
    first = service.create_event(store, Event("甲", date(2026, 6, 12)), today=TODAY)
    second = service.create_event(store, Event("乙", date(2026, 6, 13)), today=TODAY)
    with store.transaction():
        store.feedback.add(Feedback(first, "意见"))
    before = dump(store)
    with pytest.raises(NotFoundError):
        service.delete_events(store, [first, 999])
    assert dump(store) == before
    opened = begins()
    assert service.delete_events(store, [first, second]) == 2
    assert begins() == opened + 1
    assert store.events.count() == 0
    assert store.feedback.count() == 0


def test_the_default_event_is_the_latest_held_one_still_open() -> None:
    from openday_desktop.domain.events import default_event

    archived = Event("上次", date(2026, 6, 1), id=2, status="已归档")
    events = [
        Event("下次", date(2026, 12, 1), id=3),
        archived,
        Event("去年", date(2025, 6, 1), id=1, status="已总结"),
    ]
    # New suggestions and questionnaires cannot go to a sealed record: start from the open one.
    assert default_event(events, date(2026, 7, 1)).id == 1  # type: ignore[union-attr]
    # Every held event archived: still the latest held one (exports, viewing).
    assert default_event([archived], date(2026, 7, 1)) is archived
