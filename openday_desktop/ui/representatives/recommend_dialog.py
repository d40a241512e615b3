"""按配额推荐: the people proposed to fill each open quota, and why; the user keeps whom they want.

The proposal comes from ``storage.selection.recommend_for_event`` (fair rotation: never attended
first, then longest ago, then fewest times). Each proposed person has a check box, ticked; 加入名单
invites the ticked ones with ``invite_people``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.checks import birth_date_of
from openday_desktop.domain.models import Event, saved_id
from openday_desktop.domain.rotation import AttendanceRecord
from openday_desktop.domain.validation import age_on
from openday_desktop.services.selection import invite_people
from openday_desktop.storage import Store
from openday_desktop.storage.selection import attendance_history
from openday_desktop.ui.common import messages

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
_TITLES = ("姓名", "村/社区", "工作单位及职务", "活动时年龄", "推荐理由")


def reason_text(record: AttendanceRecord | None) -> str:
    """Why someone is proposed, in the clerk's words."""
    if record is None or record.last_attended is None:
        return "从未参加过开放日"
    return f"上次参加 {record.last_attended.isoformat()}，共 {record.events_attended} 次"


class RecommendDialog(QDialog):
    """The proposal grouped by category, each person with a check box."""

    invited = Signal(list, str)  # person ids added, a one-line summary

    def __init__(
        self,
        store: Store,
        event: Event,
        proposal: dict[str, list[int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recommendDialog")
        self.setWindowTitle(f"按配额推荐 - {event.title}")
        self.store = store
        self.open_day = event
        self.model = QStandardItemModel(0, len(_TITLES), self)
        self.model.setHorizontalHeaderLabels(list(_TITLES))
        self._fill(proposal)
        self._build()
        self._connect_signals()
        self._update()

    def _fill(self, proposal: dict[str, list[int]]) -> None:
        event_id = saved_id(self.open_day)
        quotas = self.store.events.quotas(event_id)
        have: dict[str, int] = {}
        for invitation, person in self.store.invitations.for_event(event_id):
            if invitation.is_active:
                have[person.category] = have.get(person.category, 0) + 1
        history = attendance_history(self.store, before=self.open_day.date)
        people = self.store.people.get_many(pid for ids in proposal.values() for pid in ids)
        self.category_items: dict[str, QStandardItem] = {}
        for category, ids in proposal.items():
            quota = quotas.get(category, 0)
            heading = QStandardItem(
                f"{category}：名额 {quota} 人，已有 {have.get(category, 0)} 人，推荐 {len(ids)} 人"
            )
            heading.setEditable(False)
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            self.category_items[category] = heading
            for person_id in ids:
                person = people[person_id]
                name = QStandardItem(person.name)
                name.setCheckable(True)
                name.setCheckState(Qt.CheckState.Checked)
                name.setData(person_id, PERSON_ROLE)
                birth = birth_date_of(person)
                age = f"{age_on(birth, self.open_day.date)} 岁" if birth else ""
                cells = [
                    name,
                    QStandardItem(person.village),
                    QStandardItem(person.unit),
                    QStandardItem(age),
                    QStandardItem(reason_text(history.get(person_id))),
                ]
                for cell in cells:
                    cell.setEditable(False)
                heading.appendRow(cells)
            self.model.appendRow(heading)

    def _build(self) -> None:
        minimum_age = self.store.settings.get("minimum_age")
        intro = QLabel(
            f"按各类别尚缺的名额，从代表库中推荐符合条件（活动当天年满{minimum_age}周岁）且不在名单中的人："
            "从未参加过的优先，其次是很久没参加、参加次数少的人。去掉不合适的人的勾，再加入名单。",
            self,
        )
        intro.setWordWrap(True)
        self.tree = QTreeView(self)
        self.tree.setObjectName("recommendTree")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, self.tree.rootIndex(), True)
        self.tree.expandAll()
        char = self.fontMetrics().horizontalAdvance("汉")
        for column, chars in enumerate((8, 6, 14, 5, 14)):
            self.tree.setColumnWidth(column, char * chars + 20)
        self.all_button = QPushButton("全选", self)
        self.none_button = QPushButton("全不选", self)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        buttons.addWidget(self.button_box)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.resize(char * 60, char * 40)

    def _connect_signals(self) -> None:
        self.model.itemChanged.connect(self._update)
        self.all_button.clicked.connect(lambda: self.set_all(True))
        self.none_button.clicked.connect(lambda: self.set_all(False))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

    def person_items(self) -> list[QStandardItem]:
        """The check-box item of every proposed person, category by category."""
        items = []
        for heading in self.category_items.values():
            items += [heading.child(row, 0) for row in range(heading.rowCount())]
        return items

    def proposed_names(self, category: str) -> list[str]:
        """The names proposed for one category, in order."""
        heading = self.category_items.get(category)
        if heading is None:
            return []
        return [heading.child(row, 0).text() for row in range(heading.rowCount())]

    def checked_ids(self) -> list[int]:
        """Pool ids of the people still ticked."""
        return [
            int(item.data(PERSON_ROLE))
            for item in self.person_items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_all(self, checked: bool) -> None:
        """Tick or untick everyone."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self.person_items():
            item.setCheckState(state)

    def _update(self) -> None:
        count = len(self.checked_ids())
        self.ok_button.setText(f"加入名单（{count}人）")
        self.ok_button.setEnabled(count > 0)

    def accept(self) -> None:
        """Invite the ticked people, then close."""
        ids = self.checked_ids()
        if not ids:
            return
        outcome = invite_people(self.store, saved_id(self.open_day), ids)
        if outcome.refused:
            messages.warning(
                self,
                f"有 {len(outcome.refused)} 人没有加入名单：\n"
                + "\n".join(f"· {reason}" for reason in list(outcome.refused.values())[:8]),
            )
        self.invited.emit(outcome.added, outcome.summary())
        super().accept()
