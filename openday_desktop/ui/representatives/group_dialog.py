"""分组与路线: split an event's list into groups, each with its route through the sites and
its leader, and put the people selected in the list window into a group.

Without groups everyone walks every site in order. Every change goes through
``services.groups``; the dialog emits ``changed`` so the list window reruns its rule check.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.groups import VisitGroup, route_positions, route_text
from openday_desktop.domain.models import Event
from openday_desktop.services import groups as service
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.screen_fit import fit_on_first_show

ID_ROLE = Qt.ItemDataRole.UserRole


class GroupDialog(QDialog):
    """The groups of one event: list, name, leader, route as ordered site check boxes."""

    changed = Signal()

    def __init__(
        self,
        store: Store,
        event_id: int,
        selected_invitations: Callable[[], list[int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("groupDialog")
        self.store = store
        self.event_id = event_id
        self.selected_invitations = selected_invitations
        self.open_day: Event = store.events.get(event_id)
        self.groups: list[VisitGroup] = []
        self._build()
        self._connect_signals()
        self.reload()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(f"分组与路线 - {self.open_day.title}")
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.group_list = QListWidget(self)
        self.group_list.setObjectName("groupList")
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("分组名称，例如“第一组”")
        self.add_button = QPushButton("新建分组", self)
        self.rename_button = QPushButton("改名", self)
        self.delete_button = QPushButton("删除分组", self)

        left = QVBoxLayout()
        left.addWidget(QLabel("分组（未分组的人参观全部开放点）：", self))
        left.addWidget(self.group_list, 1)
        left.addWidget(self.name_edit)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        left.addLayout(buttons)

        self.detail_box = QGroupBox("所选分组", self)
        self.leader_edit = QLineEdit(self)
        self.leader_edit.setPlaceholderText("带队人，例如 张某某（党政办）")
        self.leader_button = QPushButton("保存带队人", self)
        self.route_list = QListWidget(self)
        self.route_list.setObjectName("routeList")
        self.up_button = QPushButton("上移", self)
        self.down_button = QPushButton("下移", self)
        self.route_button = QPushButton("保存路线", self)
        self.route_label = QLabel(self)
        self.route_label.setWordWrap(True)
        self.assign_button = QPushButton(self)
        self.unassign_button = QPushButton(self)
        grid = QGridLayout(self.detail_box)
        grid.addWidget(QLabel("带队人：", self), 0, 0)
        grid.addWidget(self.leader_edit, 0, 1)
        grid.addWidget(self.leader_button, 0, 2)
        grid.addWidget(QLabel("路线（勾选参观的开放点，按参观顺序排列）：", self), 1, 0, 1, 3)
        grid.addWidget(self.route_list, 2, 0, 3, 2)
        grid.addWidget(self.up_button, 2, 2)
        grid.addWidget(self.down_button, 3, 2)
        grid.addWidget(self.route_button, 4, 2)
        grid.addWidget(self.route_label, 5, 0, 1, 3)
        grid.addWidget(self.assign_button, 6, 0, 1, 3)
        grid.addWidget(self.unassign_button, 7, 0, 1, 3)

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addWidget(self.detail_box, 3)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.button_box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(body, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(self.button_box)
        char = self.fontMetrics().horizontalAdvance("汉")
        self.resize(char * 58, char * 30)
        fit_on_first_show(self)

    def _connect_signals(self) -> None:
        self.group_list.currentRowChanged.connect(self._show_group)
        self.add_button.clicked.connect(self.add_group)
        self.rename_button.clicked.connect(self.rename_group)
        self.delete_button.clicked.connect(self.delete_group)
        self.leader_button.clicked.connect(self.save_leader)
        self.up_button.clicked.connect(lambda: self._move_site(-1))
        self.down_button.clicked.connect(lambda: self._move_site(1))
        self.route_button.clicked.connect(self.save_route)
        self.assign_button.clicked.connect(self.assign_selected)
        self.unassign_button.clicked.connect(self.unassign_selected)
        self.button_box.rejected.connect(self.close)

    # --- showing --------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the event, its groups and the counts again; select group ``keep`` if given."""
        current = keep if keep is not None else self.current_group_id()
        self.open_day = self.store.events.get(self.event_id)
        self.groups = self.store.groups.for_event(self.event_id)
        counts = self.store.groups.counts(self.event_id)
        known = {group.id for group in self.groups}
        ungrouped = sum(n for gid, n in counts.items() if gid is None or gid not in known)
        self.intro_label.setText(
            f"默认全体人员按“{route_text(self.open_day)}”依次参观全部开放点。"
            "需要分头参观时，新建分组，勾选该组参观的开放点并排好顺序，"
            f"再把名单中选中的人分到该组。目前未分组 {ungrouped} 人。"
        )
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for group in self.groups:
            leader = f"，带队：{group.leader}" if group.leader else ""
            route = route_text(self.open_day, group.route)
            item = QListWidgetItem(f"{group.name}（{counts.get(group.id, 0)}人{leader}）：{route}")
            item.setData(ID_ROLE, group.id)
            self.group_list.addItem(item)
        self.group_list.blockSignals(False)
        row = next((i for i, g in enumerate(self.groups) if g.id == current), 0)
        self.group_list.setCurrentRow(row if self.groups else -1)
        self._show_group()

    def current_group_id(self) -> int | None:
        """The id of the group selected in the list (None: none)."""
        item = self.group_list.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def current_group(self) -> VisitGroup | None:
        """The group selected in the list."""
        group_id = self.current_group_id()
        return next((g for g in self.groups if g.id == group_id), None)

    def _show_group(self, *_args: object) -> None:
        group = self.current_group()
        self.detail_box.setEnabled(group is not None)
        self.rename_button.setEnabled(group is not None)
        self.delete_button.setEnabled(group is not None)
        self.route_list.clear()
        chosen = route_positions(self.open_day, group.route) if group else []
        rest = [p for p in range(len(self.open_day.sites)) if p not in chosen]
        for position in [*chosen, *rest]:
            site = self.open_day.sites[position]
            item = QListWidgetItem(site.name)
            item.setData(ID_ROLE, site.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if position in chosen else Qt.CheckState.Unchecked
            )
            self.route_list.addItem(item)
        self.leader_edit.setText(group.leader if group else "")
        if group is not None:
            self.name_edit.setText(group.name)
            self.route_label.setText(f"当前路线：{route_text(self.open_day, group.route)}")
        else:
            self.route_label.setText("")
        self._update_assign_buttons()

    def _update_assign_buttons(self) -> None:
        group = self.current_group()
        count = len(self.selected_invitations())
        name = group.name if group else "所选分组"
        self.assign_button.setText(f"把名单中选中的 {count} 人分到“{name}”")
        self.unassign_button.setText(f"名单中选中的 {count} 人不分组（参观全部开放点）")
        self.assign_button.setEnabled(group is not None and count > 0)
        self.unassign_button.setEnabled(count > 0)

    def checked_route(self) -> list[int]:
        """The site ids checked in the route list, in their order."""
        route = []
        for row in range(self.route_list.count()):
            item = self.route_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                route.append(int(item.data(ID_ROLE)))
        return route

    # --- actions --------------------------------------------------------------------------

    def _run(self, action: Callable[[], object], done: str, keep: int | None = None) -> bool:
        try:
            action()
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            return False
        self.message_label.setText(done)
        self.reload(keep)
        self.changed.emit()
        return True

    def add_group(self) -> bool:
        """Create a group named as typed, visiting every site."""
        name = self.name_edit.text()
        created: list[VisitGroup] = []
        ok = self._run(
            lambda: created.append(service.create_group(self.store, self.event_id, name)),
            f"已新建分组“{name.strip()}”，默认参观全部开放点，可在右侧调整路线。",
        )
        if ok and created:
            self.reload(created[0].id)
        return ok

    def rename_group(self) -> bool:
        """Give the selected group the name typed."""
        group_id = self.current_group_id()
        if group_id is None:
            return False
        name = self.name_edit.text()
        return self._run(
            lambda: service.rename_group(self.store, group_id, name),
            f"分组已改名为“{name.strip()}”。",
            group_id,
        )

    def delete_group(self) -> bool:
        """Delete the selected group after asking; its people walk every site again."""
        group = self.current_group()
        if group is None or group.id is None:
            return False
        group_id = group.id
        if not messages.confirm(
            self,
            f"删除分组“{group.name}”？该组的人员不会移出名单，改为参观全部开放点。",
            yes="删除分组",
        ):
            return False
        return self._run(
            lambda: service.delete_group(self.store, group_id), f"已删除分组“{group.name}”。"
        )

    def save_leader(self) -> bool:
        """Store the leader typed for the selected group."""
        group_id = self.current_group_id()
        if group_id is None:
            return False
        leader = self.leader_edit.text()
        return self._run(
            lambda: service.set_leader(self.store, group_id, leader), "已保存带队人。", group_id
        )

    def save_route(self) -> bool:
        """Store the checked sites, in their order, as the selected group's route."""
        group_id = self.current_group_id()
        if group_id is None:
            return False
        route = self.checked_route()
        return self._run(
            lambda: service.set_route(self.store, group_id, route), "已保存路线。", group_id
        )

    def _move_site(self, delta: int) -> None:
        row = self.route_list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.route_list.count():
            return
        item = self.route_list.takeItem(row)
        self.route_list.insertItem(target, item)
        self.route_list.setCurrentRow(target)

    def assign_selected(self) -> bool:
        """Put the people selected in the list window into the selected group."""
        group_id = self.current_group_id()
        ids = self.selected_invitations()
        if group_id is None or not ids:
            return False
        group = self.current_group()
        name = group.name if group else ""
        return self._run(
            lambda: service.assign_people(self.store, self.event_id, ids, group_id),
            f"已把 {len(ids)} 人分到“{name}”。",
            group_id,
        )

    def unassign_selected(self) -> bool:
        """Take the people selected in the list window out of their groups."""
        ids = self.selected_invitations()
        if not ids:
            return False
        return self._run(
            lambda: service.assign_people(self.store, self.event_id, ids, None),
            f"已把 {len(ids)} 人移出分组，他们参观全部开放点。",
        )

    def selection_changed(self) -> None:
        """The list window's selection changed: update the counts on the buttons."""
        self._update_assign_buttons()
