"""The 活动 tab: every open day, newest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from openday_desktop.domain.events import default_event
from openday_desktop.domain.models import saved_id
from openday_desktop.storage import Store
from openday_desktop.ui.common.record_tab import RecordTab
from openday_desktop.ui.common.table_models import COL_EVENT_TITLE, EVENT_COLUMNS, Row, event_row

if TYPE_CHECKING:
    from openday_desktop.ui.common.form_dialog import FormDialog


class EventsTab(RecordTab):
    """Search, add, edit and delete events."""

    kind = "events"
    watches = frozenset({"events"})
    noun = "活动"
    search_hint = "查找活动名称、主题、开放点、日期…"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, EVENT_COLUMNS, parent)
        self.setObjectName("eventsTab")
        # Event id -> next-deadline text; ui.followup installs it once the window is up.
        self.deadline_texts: Callable[[], dict[int, str]] = dict

    def chosen_event_id(self) -> int | None:
        """The event selected here, else the one the user most likely means (the latest held)."""
        selected = self.current_id()
        if selected is not None:
            return selected
        event = default_event(self.store.events.list(), date.today())
        return event.id if event is not None else None

    def load_rows(self) -> list[Row]:
        """One row per event, newest date first."""
        texts = self.deadline_texts()
        return [event_row(e, texts.get(saved_id(e), "")) for e in self.store.events.list()]

    def load_row(self, record_id: int) -> Row | None:
        """The row of the event the dialog just saved."""
        return event_row(self.store.events.get(record_id), self.deadline_texts().get(record_id, ""))

    def create_editor(self, record_id: int | None) -> FormDialog:
        """The event dialog."""
        from openday_desktop.ui.events.event_dialog import EventDialog

        return EventDialog(self.store, record_id, self)

    def delete_records(self, record_ids: list[int]) -> None:
        """Delete events (their sites, lists and feedback go with them) in one transaction."""
        # Imported here: the events service loads the holiday tables, start-up does not need them.
        from openday_desktop.services.events import delete_events

        delete_events(self.store, record_ids)

    def describe_for_delete(self, rows: list[Row]) -> str:
        """Say what is lost with the events."""
        field = EVENT_COLUMNS[COL_EVENT_TITLE].field
        what = "、".join(f"“{row[field]}”" for row in rows[:3])
        if len(rows) > 3:
            what += f"等 {len(rows)} 个活动"
        return (
            f"确定要删除活动{what}吗？\n"
            "活动的开放点、代表名单、签到记录、意见建议和问卷结果会一并删除，此操作不能撤销。"
        )
