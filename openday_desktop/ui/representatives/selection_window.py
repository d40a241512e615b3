"""名单与遴选: one event's list of people, their statuses, quotas and a live rule check.

A non-modal window per event. The list shows everyone invited or registered with their status
and attendance; the toolbar moves the selected people along the allowed status steps
(``domain.selection.next_statuses``) and records attendance; the side panel holds the rule
check (``storage.selection.check_event_in_store``, refreshed after every change), the quota per
category and the selected person's attendance history. 从代表库添加… opens the pool picker,
按配额推荐… the fair-rotation proposal. Every change emits ``changed(kind)`` so the main window
can refresh what else shows the same data.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain import colours
from openday_desktop.domain.checks import CheckResult
from openday_desktop.domain.errors import NotFoundError, OpenDayError
from openday_desktop.domain.lifecycle import frozen_message
from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INACTIVE_INVITATION_STATUSES,
    INV_APPROVED,
    INV_CONFIRMED,
    INV_PUBLISHED,
    INV_REGISTERED,
    INV_REJECTED,
    INV_WITHDRAWN,
    INVITATION_STATUSES,
    Event,
    Invitation,
    Person,
    saved_id,
)
from openday_desktop.domain.rotation import build_history
from openday_desktop.domain.search import name_search_keys, search_text
from openday_desktop.domain.selection import next_statuses
from openday_desktop.services import attendance, selection
from openday_desktop.services.attendance import AttendanceOutcome
from openday_desktop.storage import Store
from openday_desktop.storage.rows import field_index
from openday_desktop.storage.selection import check_event_in_store, recommend_for_event
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.actions import make_action
from openday_desktop.ui.common.busy import wait_cursor
from openday_desktop.ui.common.record_tab import (
    BACKGROUND_ROWS,
    RecordTableView,
    set_column_widths,
)
from openday_desktop.ui.common.screen_fit import fit_on_first_show
from openday_desktop.ui.common.table_models import (
    ALIGN_CENTER,
    Column,
    RecordTableModel,
    Row,
    event_time_text,
)
from openday_desktop.ui.representatives.group_dialog import GroupDialog

if TYPE_CHECKING:
    from openday_desktop.ui.common.background import BackgroundRead

log = logging.getLogger(__name__)
HISTORY_LINES = 4  # other events listed for the selected person
OK_COLOR = colours.OK
PROBLEM_COLOR = colours.ERROR
WARNING_COLOR = colours.WARNING
MUTED = QColor(colours.MUTED)
PRESENT = QColor(colours.PRESENT)
ABSENT = QColor(colours.ABSENT)
# 未通过, 已退出: the statuses that take a person off the list, in the order of the steps.
INACTIVE_NAMES: tuple[str, ...] = tuple(
    status for status in INVITATION_STATUSES if status in INACTIVE_INVITATION_STATUSES
)

# --- the list -------------------------------------------------------------------------------


class ListRow(NamedTuple):
    """One person on the event's list, as the list table shows and searches it."""

    id: int  # the invitation's id
    name: str
    category: str
    village: str
    unit: str
    status: str
    review: str
    attendance: str
    person_id: int
    inactive: bool
    phone: str
    group: str
    haystack: str  # last: the table model searches the last element of each row


COL_SEL_NAME = 0
COL_SEL_CATEGORY = 1
COL_SEL_VILLAGE = 2
COL_SEL_UNIT = 3
COL_SEL_STATUS = 4
COL_SEL_REVIEW = 5
COL_SEL_ATTENDANCE = 6
COL_SEL_GROUP = 7
SELECTION_COLUMNS: tuple[Column, ...] = (
    Column("姓名", field_index(ListRow, "name"), 5),
    Column("类别", field_index(ListRow, "category"), 6),
    Column("村/社区", field_index(ListRow, "village"), 6),
    Column("单位", field_index(ListRow, "unit"), 14, tooltip=True, stretch=True),
    Column("状态", field_index(ListRow, "status"), 5, ALIGN_CENTER),
    Column("审核意见", field_index(ListRow, "review"), 10, tooltip=True),
    Column("出勤/签到时间", field_index(ListRow, "attendance"), 8, ALIGN_CENTER),
    Column("分组", field_index(ListRow, "group"), 5, ALIGN_CENTER),
)


def attendance_text(invitation: Invitation) -> str:
    """``已签到 08:31``, ``缺席`` or empty; walk-ins are marked as such."""
    text = invitation.attendance
    if invitation.attendance == ATTENDANCE_PRESENT and invitation.signed_in_at is not None:
        text = f"{text} {invitation.signed_in_at:%H:%M}"
    if invitation.walk_in:
        text = f"{text}（现场）" if text else "现场报名"
    return text


def invitation_row(
    invitation: Invitation,
    person: Person,
    keys: tuple[str, str] | None = None,
    group: str = "",
) -> Row:
    """The list row of one person on the event's list (``keys``: the stored pinyin keys;
    ``group``: the name of their visiting group)."""
    attendance = attendance_text(invitation)
    return ListRow(
        saved_id(invitation),
        person.name,
        person.category,
        person.village,
        person.unit,
        invitation.status,
        invitation.review_result,
        attendance,
        saved_id(person),
        not invitation.is_active,
        person.phone,
        group,
        search_text(
            invitation.status,  # first and never empty: a status change swaps just this part
            person.name,
            *(keys if keys and keys[0] else name_search_keys(person.name)),
            person.category,
            person.village,
            person.unit,
            person.phone,
            person.id_number,
            invitation.review_result,
            attendance,
            group,
        ),
    )


def with_status(row: ListRow, status: str, active: bool) -> ListRow:
    """The same list row with another status (a status step of many people at once)."""
    rest = row.haystack.split("\x1f", 1)[1] if "\x1f" in row.haystack else ""
    return row._replace(
        status=status,
        inactive=not active,
        haystack=search_text(status, rest) if rest else search_text(status),
    )


class InvitationTableModel(RecordTableModel):
    """The event's list; rejected and withdrawn people in grey, attendance in colour."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(SELECTION_COLUMNS, parent)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_tuple(index.row())
            assert isinstance(row, ListRow)
            if row.inactive:
                return MUTED
            if index.column() == COL_SEL_ATTENDANCE:
                text = row.attendance
                if text.startswith(ATTENDANCE_PRESENT):
                    return PRESENT
                if text:
                    return ABSENT
            return None
        return super().data(index, role)

    def person_id(self, view_row: int) -> int:
        """The pool id of the person in a visible row."""
        row = self.row_tuple(view_row)
        assert isinstance(row, ListRow)
        return row.person_id


# A list this long is read off the GUI thread (a 4,000-person list with its rule check takes
# a few hundred milliseconds); shorter ones are read at once.
LIST_BACKGROUND_ROWS = 1_000
# Between the steps of showing a change to a long list: long enough for the event loop to
# paint and answer input in between (a zero timer can run before the pending input).
PAUSE_MS = 10


class ListSnapshot(NamedTuple):
    """Everything the window shows of one event's list, read in one go (possibly off-thread)."""

    entries: dict[int, tuple[Invitation, Person]]
    rows: list[Row]
    keys: dict[int, tuple[str, str]]
    group_names: dict[int, str]
    events_by_id: dict[int, Event]
    result: CheckResult
    categories: list[str]
    quotas: dict[str, int]


def read_list(store: Store, event_id: int) -> ListSnapshot:
    """Read the event's list, its rows and the rule check from ``store`` (no Qt objects)."""
    entries = store.invitations.for_event(event_id)
    # The pinyin keys stored with each person: computing them here would load pypinyin and
    # redo the work for every name on every refresh.
    keys = store.people.search_keys_for_event(event_id)
    group_names = {g.id: g.name for g in store.groups.for_event(event_id) if g.id is not None}
    rows = [
        invitation_row(
            inv, person, keys.get(saved_id(person)), group_names.get(inv.group_id or 0, "")
        )
        for inv, person in entries
    ]
    return ListSnapshot(
        {saved_id(inv): (inv, person) for inv, person in entries},
        rows,
        keys,
        group_names,
        {saved_id(e): e for e in store.events.list()},
        check_event_in_store(store, event_id, entries=entries),
        store.categories.names(),
        store.events.quotas(event_id),
    )


# --- side panels ----------------------------------------------------------------------------


def _title_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setBold(True)
    return font


class RulePanel(QGroupBox):
    """The rule check of the event: green when every rule holds, else each problem in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("规则检查", parent)
        self.setObjectName("rulePanel")
        self.result = CheckResult()
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setFont(_title_font(self))
        self.problems_box = QVBoxLayout()
        self.problems_box.setSpacing(4)
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.counts_label.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.summary_label)
        layout.addLayout(self.problems_box)
        layout.addWidget(self.counts_label)
        self.problem_labels: list[QLabel] = []

    def show_result(self, result: CheckResult, statuses: Counter[str]) -> None:
        """Show a fresh check and the number of people per status."""
        self.result = result
        for label in self.problem_labels:
            self.problems_box.removeWidget(label)
            label.deleteLater()
        self.problem_labels = []
        errors, warnings = result.errors, result.warnings
        listed_errors = [p for p in errors if not p.code.startswith("PRESENT_")]
        present_errors = [p for p in errors if p.code.startswith("PRESENT_")]
        lines = []
        if listed_errors:
            lines.append(f"✘ 名单有 {len(listed_errors)} 项不符合规则（计入 {result.total} 人）")
        else:
            lines.append(f"✔ 名单符合全部规则：{result.summary()}")
        if result.held:
            if present_errors:
                lines.append(f"✘ 实到 {result.present} 人，有 {len(present_errors)} 项不符合规则")
            else:
                lines.append(f"✔ 实到 {result.present} 人，符合规则")
        self.summary_label.setText("\n".join(lines))
        self.summary_label.setStyleSheet(f"color: {OK_COLOR if result.ok else PROBLEM_COLOR};")
        for problem in [*errors, *warnings]:
            text = f"• {problem.message}" if problem.blocking else f"提醒：{problem.message}"
            label = QLabel(text, self)
            label.setWordWrap(True)
            label.setStyleSheet(f"color: {PROBLEM_COLOR if problem.blocking else WARNING_COLOR};")
            label.setToolTip(problem.code)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.problems_box.addWidget(label)
            self.problem_labels.append(label)
        parts = [
            f"{status} {statuses[status]}" for status in INVITATION_STATUSES if statuses[status]
        ]
        present = statuses.get(ATTENDANCE_PRESENT, 0)
        if present:
            parts.append(f"已签到 {present}")
        sites = "；".join(
            f"{name} {listed}人" + (f"（实到{came}）" if result.held else "")
            for name, listed, came in result.visitors
        )
        self.counts_label.setText(
            "名单按状态："
            + ("、".join(parts) if parts else "还没有人")
            + f"\n（{'和'.join(INACTIVE_NAMES)}的人不计入）"
            + (f"\n各开放点参观人数：{sites}" if sites else "")
        )

    def problem_codes(self) -> list[str]:
        """The codes of the broken rules shown (tests)."""
        return [problem.code for problem in self.result.errors]

    def warning_codes(self) -> list[str]:
        """The codes of the warnings shown (tests)."""
        return [problem.code for problem in self.result.warnings]

    def problem_texts(self) -> list[str]:
        """The problem lines as shown."""
        return [label.text() for label in self.problem_labels]


class QuotaEditor(QGroupBox):
    """One spin box per category (0 means no quota), with the number already on the list."""

    quotas_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("各类别名额", parent)
        self.setObjectName("quotaEditor")
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.spins: dict[str, QSpinBox] = {}
        self.count_labels: dict[str, QLabel] = {}
        self.total_label = QLabel(self)

    def set_data(
        self, categories: Sequence[str], quotas: dict[str, int], counts: dict[str, int]
    ) -> None:
        """Show the quotas and current counts (no ``quotas_changed`` is emitted)."""
        names = list(categories) + [c for c in quotas if c not in categories]
        if names != list(self.spins):
            self._build(names)
        for name, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(quotas.get(name, 0))
            spin.blockSignals(False)
            have = counts.get(name, 0)
            quota = quotas.get(name, 0)
            label = self.count_labels[name]
            label.setText(f"已有 {have}")
            if quota and have != quota:
                label.setStyleSheet(f"color: {PROBLEM_COLOR};")
            elif quota:
                label.setStyleSheet(f"color: {OK_COLOR};")
            else:
                label.setStyleSheet("color: #555;")
        total = sum(quotas.values())
        self.total_label.setText(f"名额合计 {total} 人" if total else "还没有设置名额")

    def _build(self, names: list[str]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.total_label:
                widget.deleteLater()
        self.spins = {}
        self.count_labels = {}
        for row, name in enumerate(names):
            label = QLabel(name, self)
            spin = QSpinBox(self)
            spin.setObjectName(f"quota_{name}")
            spin.setRange(0, 999)
            spin.setSpecialValueText("不限")
            spin.setSuffix(" 人")
            spin.setKeyboardTracking(False)
            spin.setAccessibleName(f"{name}名额")
            spin.setMaximumWidth(self.fontMetrics().horizontalAdvance("汉") * 7)
            label.setBuddy(spin)
            count = QLabel(self)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(spin, row, 1)
            self.grid.addWidget(count, row, 2)
            self.spins[name] = spin
            self.count_labels[name] = count
            spin.valueChanged.connect(self.quotas_changed)
        self.grid.addWidget(self.total_label, len(names), 0, 1, 3)

    def quotas(self) -> dict[str, int]:
        """The quotas as edited (categories with 0 have no quota)."""
        return {name: spin.value() for name, spin in self.spins.items() if spin.value()}


class HistoryPanel(QGroupBox):
    """The selected person: contact, attendance history, and the review remark."""

    remark_saved = Signal(int, str)  # invitation id, remark

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("选中人员", parent)
        self.setObjectName("historyPanel")
        self.invitation_id: int | None = None
        self.name_label = QLabel(self)
        self.name_label.setFont(_title_font(self))
        self.name_label.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.events_label = QLabel(self)
        self.events_label.setWordWrap(True)
        self.events_label.setStyleSheet("color: #444;")
        self.remark_edit = QLineEdit(self)
        self.remark_edit.setPlaceholderText("审核意见，如：符合条件 / 非本镇常住")
        self.remark_edit.setClearButtonEnabled(True)
        self.remark_button = QPushButton("保存意见", self)
        remark_row = QHBoxLayout()
        remark_row.addWidget(self.remark_edit, 1)
        remark_row.addWidget(self.remark_button)
        remark_row.insertWidget(0, QLabel("审核意见：", self))
        # Who and the remark on the left, the other open days on the right: a low strip
        # under the list.
        layout = QGridLayout(self)
        layout.setHorizontalSpacing(16)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.name_label, 0, 0)
        layout.addWidget(self.summary_label, 1, 0)
        layout.addLayout(remark_row, 2, 0)
        layout.addWidget(self.events_label, 0, 1, 3, 1, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        self.remark_edit.returnPressed.connect(self._on_save)
        self.remark_button.clicked.connect(self._on_save)
        self.show_nobody()

    def show_nobody(self) -> None:
        """Nothing selected."""
        self.invitation_id = None
        self.name_label.setText("（在名单中选中一人，这里显示其出勤记录和审核意见）")
        self.summary_label.clear()
        self.events_label.clear()
        self.remark_edit.clear()
        self.remark_edit.setEnabled(False)
        self.remark_button.setEnabled(False)

    def show_person(
        self,
        invitation: Invitation,
        person: Person,
        history: list[tuple[Event, Invitation]],
    ) -> None:
        """Show one person with their other events, newest first."""
        self.invitation_id = invitation.id
        details = [person.category]
        if person.village:
            details.append(person.village)
        if person.phone:
            details.append(person.phone)
        self.name_label.setText(f"{person.name}（{'，'.join(details)}）")
        record = build_history(
            [(inv.person_id, event.date, inv.attendance) for event, inv in history]
        ).get(saved_id(person))
        if record is None:
            self.summary_label.setText("还没有参加过开放日活动")
        else:
            self.summary_label.setText(
                f"参加过开放日 {record.events_attended} 次，"
                f"最近一次 {record.last_attended.isoformat() if record.last_attended else ''}"
            )
        lines = []
        for event, inv in sorted(history, key=lambda item: item[0].date, reverse=True):
            what = inv.attendance or inv.status
            lines.append(f"{event.date.isoformat()} {event.title}：{what}")
        if len(lines) > HISTORY_LINES:
            lines = lines[: HISTORY_LINES - 1] + [f"……另有 {len(lines) - HISTORY_LINES + 1} 次"]
        self.events_label.setText("\n".join(lines))
        self.events_label.setVisible(bool(lines))
        self.remark_edit.setText(invitation.review_result)
        self.remark_edit.setEnabled(True)
        self.remark_button.setEnabled(True)

    def _on_save(self) -> None:
        if self.invitation_id is not None:
            self.remark_saved.emit(self.invitation_id, self.remark_edit.text().strip())


# --- the window -----------------------------------------------------------------------------

# (action text, target status, shortcut, tooltip)
STATUS_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("审核通过", INV_APPROVED, "Ctrl+1", "选中人员通过审核"),
    ("未通过", INV_REJECTED, "Ctrl+2", "选中人员未通过审核（可在右侧写明原因）"),
    ("公示", INV_PUBLISHED, "Ctrl+3", "选中人员已进入公示名单"),
    ("确认", INV_CONFIRMED, "Ctrl+4", "选中人员已确认参加"),
    ("退出", INV_WITHDRAWN, "", "选中人员不再参加"),
    ("恢复报名", INV_REGISTERED, "", "把选中人员的状态改回“已报名”，重新审核"),
)


class SelectionWindow(QWidget):
    """The list of one event with status steps, quotas, rule check and rotation."""

    changed = Signal(str)  # kind of data changed: "invitations", "events", "people"
    signin_requested = Signal(int)  # event id

    def __init__(self, store: Store, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("selectionWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store = store
        self.event_id = event_id
        self.open_day: Event = store.events.get(event_id)
        self.entries: dict[int, tuple[Invitation, Person]] = {}
        self.events_by_id: dict[int, Event] = {}
        self.picker: QWidget | None = None
        self._recommender: BackgroundRead | None = None
        self.recommend_dialog: QWidget | None = None
        self._reader: BackgroundRead | None = None
        self._rule_reader: BackgroundRead | None = None
        self._writer: BackgroundRead | None = None  # a status change of thousands at once
        self._loading = False  # a long list is being read in the background
        self._patching = 0  # changed rows of a long list still to be shown
        self._keys: dict[int, tuple[str, str]] = {}
        self._group_names: dict[int, str] = {}
        self.model = InvitationTableModel(self)
        self._build()
        self._connect_signals()
        self.refresh()
        char = self.fontMetrics().horizontalAdvance("汉")
        self.resize(char * 92, char * 52)
        fit_on_first_show(self)

    # --- building -------------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str = "", tip: str = ""
    ) -> QAction:
        """An action of this window; its shortcut works anywhere in it and is named in the tip."""
        if shortcut:
            tip = f"{tip}（{shortcut}）" if tip else shortcut
        action = make_action(self, text, slot, tip=tip, shortcuts=[shortcut] if shortcut else ())
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def _build(self) -> None:
        self.title_label = QLabel(self)
        font = _title_font(self)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title_label.setFont(font)
        self.info_label = QLabel(self)
        self.info_label.setStyleSheet("color: #555;")
        # An archived event's list is frozen: the note says why and how to reopen it.
        self.frozen_label = QLabel(self)
        self.frozen_label.setObjectName("frozenLabel")
        self.frozen_label.setWordWrap(True)
        self.frozen_label.setStyleSheet(f"color: {colours.WARNING};")
        self.frozen_label.setVisible(False)
        self.frozen: str | None = None

        self.toolbar = QToolBar(self)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(
            "从代表库添加…", self.open_pool_picker, "Ctrl+N", "从代表库中查找并选择人员加入名单"
        )
        self.recommend_action = self._action(
            "按配额推荐…",
            self.recommend,
            "",
            "按各类别名额推荐人员：优先很久没参加或从未参加的人，其次参加次数少的人",
        )
        self.group_action = self._action(
            "分组…",
            self.open_groups,
            "",
            "把名单分成几组，各组按自己的路线参观开放点（不分组时全体依次参观全部开放点）",
        )
        self.group_dialog: GroupDialog | None = None
        self.toolbar.addAction(self.add_action)
        self.toolbar.addAction(self.recommend_action)
        self.toolbar.addAction(self.group_action)
        self.toolbar.addSeparator()
        self.status_actions: dict[str, QAction] = {}
        for text, status, shortcut, tip in STATUS_ACTIONS:
            action = self._action(text, partial(self.set_status, status), shortcut, tip)
            self.status_actions[status] = action
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.signin_action = self._action("签到", self.sign_in_selected, "Ctrl+D", "选中人员已到场")
        self.absent_action = self._action("缺席", self.mark_selected_absent, "", "选中人员没有到场")
        self.clear_action = self._action(
            "撤销签到", self.clear_selected_attendance, "", "撤销误点的签到或缺席"
        )
        for action in (self.signin_action, self.absent_action, self.clear_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.remove_action = self._action(
            "移出名单", self.remove_selected, "", "把误加的人从名单中删除（Del）"
        )
        self.toolbar.addAction(self.remove_action)
        self.signin_mode_action = self._action(
            "签到模式…",
            lambda: self.signin_requested.emit(self.event_id),
            "F9",
            "活动当天用的大字签到窗口",
        )
        self.toolbar.addAction(self.signin_mode_action)

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText("在名单中查找：姓名、拼音首字母、电话、状态…")
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 22)
        self.count_label = QLabel(self)
        search_row = QHBoxLayout()
        search_row.addWidget(self.count_label, 1)
        search_row.addWidget(self.search_edit)

        self.view = RecordTableView(self)
        self.view.setObjectName("selectionView")
        self.view.setModel(self.model)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (
            *self.status_actions.values(),
            self.signin_action,
            self.absent_action,
            self.clear_action,
            self.remove_action,
        ):
            self.view.addAction(action)
        set_column_widths(self.view, SELECTION_COLUMNS)
        char = self.fontMetrics().horizontalAdvance("汉")

        self.rule_panel = RulePanel(self)
        self.quota_editor = QuotaEditor(self)
        self.history_panel = HistoryPanel(self)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 4, 0)
        side_layout.addWidget(self.rule_panel)
        side_layout.addWidget(self.quota_editor)
        side_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(char * 24)
        scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.history_panel)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([char * 62, char * 28])

        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title_label)
        layout.addWidget(self.info_label)
        layout.addWidget(self.frozen_label)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message_label)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self.model.set_filter)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_selection_changed)
        self.view.delete_requested.connect(self.remove_selected)
        self.model.modelReset.connect(self._on_selection_changed)
        self.quota_editor.quotas_changed.connect(self.save_quotas)
        self.history_panel.remark_saved.connect(self.save_remark)

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the event, its list, the quotas and the rule check from the store."""
        try:
            self.open_day = self.store.events.get(self.event_id)
        except NotFoundError:
            self.close()  # the event was deleted in the main window
            return
        event = self.open_day
        self.setWindowTitle(f"名单与遴选 - {event.title}")
        self.title_label.setText(event.title)
        time_text = event_time_text(event)
        sites = "、".join(site.name for site in event.sites) or "（还没有设置开放点）"
        self.info_label.setText(
            f"{event.date.isoformat()} {time_text}　开放点{len(event.sites)}个：{sites}"
        )
        self.frozen = frozen_message(event, "修改名单、签到和名额")
        self.frozen_label.setText(self.frozen or "")
        self.frozen_label.setVisible(self.frozen is not None)
        for action in (
            self.add_action,
            self.recommend_action,
            self.signin_mode_action,
            self.group_action,
        ):
            action.setEnabled(self.frozen is None)
        self.quota_editor.setEnabled(self.frozen is None)
        if self._list_size() < LIST_BACKGROUND_ROWS:
            self._apply(read_list(self.store, self.event_id))
            return
        # A district's long list: read in a worker thread, the window stays responsive and
        # says what it is doing; the rows and the rule check arrive together.
        from openday_desktop.ui.common.background import BackgroundRead

        if self._reader is None:
            self._reader = BackgroundRead(self)
        self._loading = True
        self.count_label.setText("正在读取名单，请稍候…")
        event_id = self.event_id
        reader = self._reader
        # Started a moment later: the window is shown and painted first, without a worker
        # competing with it for the interpreter.
        QTimer.singleShot(
            PAUSE_MS,
            self,  # dropped with the window, should it be closed at once
            lambda: reader.start(
                self.store.path,
                lambda store: read_list(store, event_id),
                self._apply,
                self._on_read_failed,
            ),
        )

    @property
    def loading(self) -> bool:
        """True while a long list or its rule check is still being read in the background."""
        return (
            self._loading
            or self._patching > 0
            or (self._writer is not None and self._writer.busy)
            or (self._rule_reader is not None and self._rule_reader.busy)
        )

    def _list_size(self) -> int:
        return self.store.invitations.count_for_event(self.event_id)

    def _apply(self, snapshot: ListSnapshot) -> None:
        """Show a freshly read list, keeping the selection where those people still are."""
        self._loading = False
        if self._rule_reader is not None:
            self._rule_reader.cancel()  # this snapshot carries a newer rule check
        selected = self.selected_ids()
        self.entries = snapshot.entries
        self.events_by_id = snapshot.events_by_id
        self._keys = snapshot.keys
        self._group_names = snapshot.group_names
        self.model.set_rows(snapshot.rows)
        if selected:
            self.select_ids(selected)
        self._show_rules(snapshot.result, snapshot.categories, snapshot.quotas)
        self._update_count()
        self._on_selection_changed()

    def _on_read_failed(self, error: BaseException) -> None:
        log.error("reading the list failed", exc_info=error)
        self._loading = False
        self.count_label.setText("名单没有读取成功，请关闭本窗口后重新打开。")

    def refresh_rules(self) -> None:
        """Run the rule check again and show it, with the quotas beside their counts."""
        result = check_event_in_store(
            self.store, self.event_id, entries=list(self.entries.values())
        )
        self._show_rules(
            result, self.store.categories.names(), self.store.events.quotas(self.event_id)
        )

    def _show_rules(
        self, result: CheckResult, categories: list[str], quotas: dict[str, int]
    ) -> None:
        statuses: Counter[str] = Counter()
        for inv, _ in self.entries.values():
            statuses[inv.status] += 1
            if inv.attendance == ATTENDANCE_PRESENT:
                statuses[ATTENDANCE_PRESENT] += 1
        self.rule_panel.show_result(result, statuses)
        self.quota_editor.set_data(categories, quotas, result.by_category)

    def _update_count(self) -> None:
        total, visible = self.model.total_count, self.model.visible_count
        active = sum(1 for inv, _ in self.entries.values() if inv.is_active)
        text = f"名单共 {total} 人（计入规则 {active} 人）"
        if self.model.query:
            text += f"，找到 {visible} 人"
        self.count_label.setText(text)

    # --- selection ------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """Invitation ids of the selected rows."""
        return self.view.selected_ids()

    def selected_entries(self) -> list[tuple[Invitation, Person]]:
        """(invitation, person) of the selected rows."""
        return [self.entries[i] for i in self.selected_ids() if i in self.entries]

    def select_ids(self, invitation_ids: Sequence[int]) -> None:
        """Select these invitations (where visible) and make the first current."""
        self.view.select_ids(invitation_ids)

    def select_people(self, person_ids: Sequence[int]) -> None:
        """Select the rows of these pool people."""
        wanted = set(person_ids)
        self.select_ids([i for i, (inv, _) in self.entries.items() if inv.person_id in wanted])

    def _on_selection_changed(self, *_args: Any) -> None:
        entries = [] if self.frozen else self.selected_entries()
        current = {inv.status for inv, _ in entries}  # a handful, however many are selected
        for status, action in self.status_actions.items():
            action.setEnabled(any(status in next_statuses(now) for now in current))
        active = [inv for inv, _ in entries if inv.is_active]
        self.signin_action.setEnabled(any(inv.attendance != ATTENDANCE_PRESENT for inv in active))
        self.absent_action.setEnabled(any(inv.attendance != ATTENDANCE_ABSENT for inv in active))
        self.clear_action.setEnabled(any(inv.attendance for inv, _ in entries))
        self.remove_action.setEnabled(bool(entries))
        if self.group_dialog is not None:
            self.group_dialog.selection_changed()
        self._show_current_person()
        if self.frozen:
            self.history_panel.remark_edit.setEnabled(False)
            self.history_panel.remark_button.setEnabled(False)

    def _show_current_person(self) -> None:
        current = self.view.currentIndex()
        ids = self.selected_ids()
        invitation_id: int | None = None
        if current.isValid() and self.model.record_id(current.row()) in ids:
            invitation_id = self.model.record_id(current.row())
        elif ids:
            invitation_id = ids[0]
        if invitation_id is None or invitation_id not in self.entries:
            self.history_panel.show_nobody()
            return
        invitation, person = self.entries[invitation_id]
        history = [
            (self.events_by_id[inv.event_id], inv)
            for inv in self.store.invitations.for_person(saved_id(person))
            if inv.event_id != self.event_id and inv.event_id in self.events_by_id
        ]
        self.history_panel.show_person(invitation, person, history)

    # --- actions --------------------------------------------------------------------------

    def open_groups(self) -> GroupDialog:
        """Open (or raise) the 分组与路线 dialog of this event."""
        if self.group_dialog is None:
            dialog = GroupDialog(self.store, self.event_id, self.selected_ids, self)
            dialog.changed.connect(lambda: self._done("分组已更新。"))
            dialog.finished.connect(self._on_groups_closed)
            self.group_dialog = dialog
        self.group_dialog.show()
        self.group_dialog.raise_()
        return self.group_dialog

    def _on_groups_closed(self, _result: int) -> None:
        self.group_dialog = None

    def _done(self, text: str, kind: str = "invitations") -> None:
        self.message_label.setText(text)
        self.refresh()
        self.changed.emit(kind)

    def set_status(self, status: str) -> bool:
        """Move the selected people to ``status``: all of them, or none when one may not."""
        moving = [inv.id for inv, _ in self.selected_entries() if inv.status != status and inv.id]
        if not moving:
            return False
        if len(moving) >= LIST_BACKGROUND_ROWS:
            return self._set_status_in_background(moving, status)
        try:
            count = selection.change_status(self.store, moving, status)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            self.refresh()
            return False
        self._status_changed(moving, status, count)
        return True

    def _status_changed(self, moving: Sequence[int], status: str, count: int) -> None:
        # Only the rows that moved change: no re-reading of the whole list.
        self._update_entries(moving, lambda inv: setattr(inv, "status", status), status_only=True)
        self.message_label.setText(f"已把 {count} 人的状态改为“{status}”。")
        self.changed.emit("invitations")

    def _set_status_in_background(self, moving: list[int], status: str) -> bool:
        """The same service call for thousands of people, on a worker's own connection.

        Touching thousands of rows spread over a district's file takes longer than a window
        may stand still; the toolbar waits meanwhile so no second change overlaps it.
        """
        from openday_desktop.ui.common.background import BackgroundRead

        if self._writer is None:
            self._writer = BackgroundRead(self)
        elif self._writer.busy:
            return False
        self.toolbar.setEnabled(False)
        self.message_label.setText(f"正在把 {len(moving)} 人的状态改为“{status}”，请稍候…")

        def done(count: int) -> None:
            self.toolbar.setEnabled(True)
            self._status_changed(moving, status, count)

        def failed(error: BaseException) -> None:
            self.toolbar.setEnabled(True)
            self.message_label.setText("")
            if isinstance(error, OpenDayError):
                messages.warning(self, error.message)
            else:
                log.error("changing the status failed", exc_info=error)
                messages.warning(self, "状态没有修改成功，名单保持原样。请再试一次。")
            self.refresh()

        self._writer.start(
            self.store.path,
            lambda writer: selection.change_status(writer, moving, status),
            done,
            failed,
            writable=True,
        )
        return True

    def _update_entries(
        self,
        invitation_ids: Sequence[int],
        change: Callable[[Invitation], object],
        status_only: bool = False,
    ) -> None:
        """Apply a change already stored to these people's rows, then check the rules again.

        ``status_only``: only the status changed, so each row is patched instead of rebuilt.
        On a long list the rows and the rest (side panels, rule check) follow in the next
        turns of the event loop, so no single step holds the window for long.
        """
        if len(self.entries) < LIST_BACKGROUND_ROWS:
            self._patch_rows(invitation_ids, change, status_only)
            self._after_patch()
            return
        self._patching += 1

        def rows_then_rest() -> None:
            self._patch_rows(invitation_ids, change, status_only)
            QTimer.singleShot(PAUSE_MS, self, rest)

        def rest() -> None:
            self._patching -= 1
            self._after_patch()

        QTimer.singleShot(PAUSE_MS, self, rows_then_rest)

    def _patch_rows(
        self,
        invitation_ids: Sequence[int],
        change: Callable[[Invitation], object],
        status_only: bool,
    ) -> None:
        rows: list[Row] = []
        for invitation_id in invitation_ids:
            entry = self.entries.get(invitation_id)
            if entry is None:
                continue  # the list was read again meanwhile
            invitation, person = entry
            change(invitation)
            old = self.model.row_of_id(invitation_id)
            if status_only and isinstance(old, ListRow):
                rows.append(with_status(old, invitation.status, invitation.is_active))
                continue
            rows.append(
                invitation_row(
                    invitation,
                    person,
                    self._keys.get(saved_id(person)),
                    self._group_names.get(invitation.group_id or 0, ""),
                )
            )
        selected = self.selected_ids()
        if not self.model.replace_rows(rows) and selected:
            self.select_ids(selected)  # the filter or sort order moved rows: select them again

    def _after_patch(self) -> None:
        self._update_count()
        self._on_selection_changed()
        # Last: the worker's Python would otherwise share the interpreter with the steps above.
        self._recheck_rules()

    def _recheck_rules(self) -> None:
        """The rule check after a change: at once for a short list, off-thread for a long one."""
        if len(self.entries) < LIST_BACKGROUND_ROWS:
            self.refresh_rules()
            return
        from openday_desktop.ui.common.background import BackgroundRead

        if self._rule_reader is None:
            self._rule_reader = BackgroundRead(self)
        self.rule_panel.summary_label.setText("正在重新检查规则，请稍候…")
        event_id = self.event_id

        def work(reader: Store) -> tuple[CheckResult, list[str], dict[str, int]]:
            return (
                check_event_in_store(reader, event_id),
                reader.categories.names(),
                reader.events.quotas(event_id),
            )

        self._rule_reader.start(
            self.store.path, work, lambda found: self._show_rules(*found), self._on_check_failed
        )

    def _on_check_failed(self, error: BaseException) -> None:
        log.error("checking the rules failed", exc_info=error)
        self.rule_panel.summary_label.setText("规则检查没有完成，请关闭本窗口后重新打开。")

    def _backfill(self) -> bool | None:
        """Whether attendance is a 补录 (asked and confirmed); None when refused or declined.

        On the day it is ordinary sign-in; after the event only as an explicit 补录.
        """
        try:
            mode = attendance.attendance_mode(self.store, self.event_id)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            return None
        if mode != attendance.BACKFILL:
            return False
        note = attendance.backfill_note(self.store.events.get(self.event_id).date)
        return True if messages.confirm(self, note, yes="补录") else None

    def _attendance(self, action: Callable[..., AttendanceOutcome], verb: str) -> int:
        ids = [inv.id for inv, _ in self.selected_entries() if inv.id is not None]
        if not ids:
            return 0
        backfill = self._backfill()
        if backfill is None:
            return 0
        try:
            outcome = action(self.store, ids, backfill=backfill)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            self.refresh()
            return 0
        text = f"{verb} {len(outcome.done)} 人。"
        if outcome.skipped:
            text += f"{'、'.join(outcome.skipped)}的状态是{'或'.join(INACTIVE_NAMES)}，未处理。"
        self._done(text)
        return len(outcome.done)

    def sign_in_selected(self) -> int:
        """Mark the selected people present now (those already present keep their time)."""
        return self._attendance(attendance.sign_in_many, "已签到")

    def mark_selected_absent(self) -> int:
        """Mark the selected people absent."""
        return self._attendance(attendance.mark_absent_many, "已记为缺席")

    def clear_selected_attendance(self) -> int:
        """Undo sign-in or absence of the selected people."""
        ids = [inv.id for inv, _ in self.selected_entries() if inv.attendance and inv.id]
        if not ids:
            return 0
        backfill = self._backfill()
        if backfill is None:
            return 0
        try:
            outcome = attendance.clear_attendance_many(self.store, ids, backfill=backfill)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            self.refresh()
            return 0
        self._done(f"已撤销 {len(outcome.done)} 人的出勤记录。")
        return len(outcome.done)

    def remove_selected(self) -> bool:
        """Delete the selected people from the list (not from the pool), after asking."""
        entries = self.selected_entries()
        if not entries:
            return False
        names = "、".join(person.name for _, person in entries[:5])
        if len(entries) > 5:
            names += f"等 {len(entries)} 人"
        if not messages.confirm(
            self,
            f"确定把{names}移出本次活动的名单吗？\n他们仍保留在代表库中。"
            "如果是本人不再参加，建议改用“退出”，以便留下记录。",
            yes="移出",
        ):
            return False
        try:
            count = selection.remove_from_list(
                self.store, [inv.id for inv, _ in entries if inv.id is not None]
            )
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            self.refresh()
            return False
        self._done(f"已把 {count} 人移出名单。")
        return True

    def save_quotas(self) -> None:
        """Store the edited quotas and check the rules again."""
        try:
            selection.set_quotas(self.store, self.event_id, self.quota_editor.quotas())
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            self.refresh_rules()
            return
        self.message_label.setText("名额已保存。")
        self.refresh_rules()
        self.changed.emit("events")

    def save_remark(self, invitation_id: int, remark: str) -> None:
        """Store the selection group's remark on one person."""
        try:
            selection.set_review_result(self.store, invitation_id, remark)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            self.refresh()
            return
        self._done("审核意见已保存。")

    def open_pool_picker(self) -> QWidget:
        """The pool picker for this event (one at a time, non-modal)."""
        if self.picker is not None:
            self.picker.raise_()
            self.picker.activateWindow()
            return self.picker
        from openday_desktop.ui.representatives.pool_picker import PoolPickerDialog

        with wait_cursor():
            picker = PoolPickerDialog(self.store, self.event_id, self)
        picker.invited.connect(self._on_invited)
        picker.finished.connect(self._on_picker_finished)
        self.picker = picker
        picker.show()
        return picker

    def _on_picker_finished(self, _result: int) -> None:
        if self.picker is not None:
            self.picker.deleteLater()
        self.picker = None

    def _on_invited(self, person_ids: list[int], summary: str) -> None:
        self._done(summary)
        self.select_people(person_ids)

    def recommend(self) -> QWidget | None:
        """Propose people for the open quotas; the user keeps whom they want."""
        quotas = self.store.events.quotas(self.event_id)
        if not quotas:
            messages.info(
                self,
                "还没有设置各类别名额。请先在右侧“各类别名额”中填写每类需要多少人，再按配额推荐。",
            )
            return None
        if self.store.people.count() >= BACKGROUND_ROWS:
            # A district's pool and history take seconds: worked out in a worker thread.
            from openday_desktop.ui.common.background import BackgroundRead

            if self._recommender is None:
                self._recommender = BackgroundRead(self)
            elif self._recommender.busy:
                return None
            self.message_label.setText("正在按配额从代表库中挑选，请稍候…")
            event_id = self.event_id
            self._recommender.start(
                self.store.path,
                lambda reader: recommend_for_event(reader, event_id),
                self._show_proposal,
                self._on_recommend_failed,
            )
            return None
        with wait_cursor():
            proposal = recommend_for_event(self.store, self.event_id)
        return self._show_proposal(proposal)

    def _on_recommend_failed(self, error: BaseException) -> None:
        log.error("recommendation failed", exc_info=error)
        self.message_label.setText("推荐没有完成，请再点一次“按配额推荐”。")

    def _show_proposal(self, proposal: dict[str, list[int]]) -> QWidget | None:
        self.message_label.setText("")
        if not proposal:
            minimum_age = self.store.settings.get("minimum_age")
            messages.info(
                self,
                f"设置了名额的类别都已经满额，或者代表库中已没有符合条件（年满{minimum_age}周岁、"
                "不在本次名单中）的人员，没有需要推荐的人。",
            )
            return None
        from openday_desktop.ui.representatives.recommend_dialog import RecommendDialog

        dialog = RecommendDialog(self.store, self.open_day, proposal, self)
        dialog.invited.connect(self._on_invited)
        dialog.finished.connect(dialog.deleteLater)
        self.recommend_dialog = dialog
        dialog.open()
        return dialog

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.picker is not None:
            self.picker.close()
        super().closeEvent(event)
