"""services.feedback: recording suggestions and the handling steps, all or none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import Event, Feedback
from openday_desktop.services import feedback as service
from openday_desktop.storage import Store
from tests.unit.helpers import dump

HELD = date(2026, 6, 12)
TODAY = date(2026, 6, 15)


@pytest.fixture
def event_id(store: Store) -> int:
    with store.transaction():
        return store.events.add(Event("开放日", HELD))


def add(store: Store, event_id: int, text: str = "修路", **fields: object) -> int:
    return service.add_feedback(store, Feedback(event_id, text, **fields), today=TODAY)  # type: ignore[arg-type]


def test_add_sets_the_usual_deadline_unless_the_form_decides(
    store: Store, event_id: int, begins: Callable[[], int]
) -> None:
    first = add(store, event_id)
    assert begins() == 1
    assert store.feedback.get(first).deadline is not None
    item = Feedback(event_id, "路灯")
    second = service.add_feedback(store, item, suggest_deadline=False, today=TODAY)
    assert item.id == second
    assert store.feedback.get(second).deadline is None


def test_problems_are_listed_by_field(store: Store, event_id: int) -> None:
    problems = service.feedback_problems(
        store, Feedback(event_id, " ", status="办理中", category="未知")
    )
    assert {"content", "category", "responsible_unit", "deadline"} <= set(problems)
    assert service.feedback_problems(store, Feedback(999, "x")) == {
        "event_id": "请选择这条意见建议来自哪次活动。"
    }


def test_refusals_leave_the_database_unchanged(store: Store, event_id: int) -> None:
    item_id = add(store, event_id)
    before = dump(store)
    with pytest.raises(ValidationError):
        add(store, event_id, "  ")
    with pytest.raises(NotFoundError):
        add(store, event_id, person_id=999)
    saved = store.feedback.get(item_id)
    saved.status = "已办结"
    with pytest.raises(ValidationError, match="不能直接改为"):
        service.update_feedback(store, saved)
    with pytest.raises(NotFoundError):
        service.delete_feedback(store, [item_id, 999])
    assert dump(store) == before


def test_handling_steps_in_order(store: Store, event_id: int) -> None:
    item_id = add(store, event_id)
    with pytest.raises(ValidationError, match="回访要在答复之后"):
        service.follow_up_feedback(store, [item_id], TODAY, "满意")
    with pytest.raises(ValidationError, match="办结前请填写答复内容"):
        service.close_feedback(store, [item_id])
    with pytest.raises(ValidationError, match="还没有答复"):
        service.publish_feedback(store, [item_id])
    service.assign_feedback(store, [item_id], " 村镇建设办 ", "周敏", date(2026, 6, 26))
    assert store.feedback.get(item_id).status == "办理中"
    service.reply_feedback(store, [item_id], "下月修补。", adopted=True)
    assert (store.feedback.get(item_id).status, store.feedback.get(item_id).adopted) == (
        "已答复",
        True,
    )
    service.close_feedback(store, [item_id], rectification="已修补。")
    closed = store.feedback.get(item_id)
    assert (closed.status, closed.reply, closed.rectification) == (
        "已办结",
        "下月修补。",
        "已修补。",
    )
    service.follow_up_feedback(store, [item_id], TODAY, "满意")
    service.publish_feedback(store, [item_id])
    done = store.feedback.get(item_id)
    assert (done.follow_up_date, done.satisfaction, done.published) == (TODAY, "满意", True)


def test_several_items_change_together_or_not_at_all(
    store: Store, event_id: int, begins: Callable[[], int]
) -> None:
    assigned = add(store, event_id, "甲")
    waiting = add(store, event_id, "乙")
    service.assign_feedback(store, [assigned], "党政办", "", date(2026, 6, 26))
    before = dump(store)
    with pytest.raises(ValidationError, match=f"第 {waiting} 号"):
        # The first item could be answered, the second not yet: neither changes.
        service.reply_feedback(store, [assigned, waiting], "已答复。")
    assert dump(store) == before
    opened = begins()
    third = add(store, event_id, "丙")
    assert service.assign_feedback(store, [waiting, third], "党政办", "", date(2026, 6, 26)) == [
        waiting,
        third,
    ]
    assert begins() == opened + 2  # the add, then one for both items
    assert {store.feedback.get(i).status for i in (waiting, third)} == {"办理中"}


def test_delete_feedback(store: Store, event_id: int) -> None:
    ids = [add(store, event_id, f"第{i}条") for i in range(3)]
    assert service.delete_feedback(store, ids[:2]) == 2
    assert [item.id for item in store.feedback.list()] == ids[2:]
