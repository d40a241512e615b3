"""The 概览 page: what is due, what is overdue, the year's figures and two charts.

Every figure comes from ``storage.statistics`` (``year_stats``, ``compliance``,
``dashboard_due_items``, ``next_deadlines``, ``overdue_feedback``), the same functions the
summary report and ``openday-cli stats`` use, so the numbers agree everywhere.
This module imports QtCharts (through ui.charts); ui.followup loads it when the tab is first
shown.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.lifecycle import Deadline, deadline_text
from openday_desktop.domain.models import Event, Feedback
from openday_desktop.domain.statistics import Stats, format_rate
from openday_desktop.domain.workdays import missing_years_message
from openday_desktop.storage import Store
from openday_desktop.storage.selection import HeldEventRules, year_rule_results, year_rules_lines
from openday_desktop.storage.statistics import (
    compliance,
    dashboard_due_items,
    next_deadlines,
    overdue_feedback,
    year_stats,
)
from openday_desktop.ui.common.background import BackgroundRead
from openday_desktop.ui.common.colours import ERROR_STYLE, OK_STYLE
from openday_desktop.ui.common.record_tab import compact_table, set_column_widths
from openday_desktop.ui.common.table_models import (
    ALIGN_CENTER,
    ALIGN_RIGHT,
    Column,
    RecordTableModel,
)

if TYPE_CHECKING:
    from openday_desktop.ui.common.charts import BarChart

CARD_STYLE = (
    "QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 4px; }"
)
MET_STYLE = OK_STYLE
NOT_MET_STYLE = ERROR_STYLE
BANNER_STYLE = (
    "QLabel { background: #fff4e5; color: #7a4a00; border: 1px solid #f3d19e;"
    " border-radius: 3px; padding: 4px 8px; }"
)
UPCOMING_LIMIT = 8
# Above this many invitations + suggestions the year's figures are counted off the GUI thread
# (about 100 ms of counting on an ordinary office computer).
BACKGROUND_ROWS = 30_000
# The charts (and QtCharts itself) come a turn after the cards and lists are shown, one chart
# per turn: the tab never stands still for all of it at once. The pause lets the event loop
# paint and answer input in between.
CHART_PAUSE_MS = 10
CHART_HEIGHT = 220  # ui.common.charts.MIN_HEIGHT, the room kept while a chart is loading
log = logging.getLogger(__name__)

# The figure cards: key, caption.
CARDS: tuple[tuple[str, str], ...] = (
    ("events", "本年活动"),
    ("registered", "报名人数"),
    ("selected", "入选人数"),
    ("present", "实到人数"),
    ("attendance_rate", "到会率"),
    ("questionnaires_valid", "有效问卷"),
    ("satisfaction_rate", "满意率"),
    ("feedback_total", "意见建议"),
    ("completion_rate", "办结率"),
    ("on_time_rate", "按时办结率"),
    ("overdue", "逾期未办"),
    ("adopted", "采纳"),
    ("published", "已公开"),
    ("callback_satisfaction_rate", "回访满意率"),
)
CARDS_PER_ROW = 7
# How the rates are counted (domain.statistics), shown when the pointer rests on a card.
CARD_TIPS: dict[str, str] = {
    "completion_rate": "已办结条数 ÷ 已交有关单位办理条数（不含现场答复和尚待交办的）",
    "on_time_rate": "办结日期不晚于办理时限的条数 ÷ 已知是否按时的条数"
    "（已办结且登记了办结日期的，加上已过时限仍未办结的）",
    "callback_satisfaction_rate": "回访评价为“满意”或“比较满意”的条数 ÷ 登记了回访满意度的条数",
}

UPCOMING_COLUMNS: tuple[Column, ...] = (
    Column("日期", 1, 6, ALIGN_CENTER),
    Column("活动", 2, 11, tooltip=True),
    Column("状态", 3, 5, ALIGN_CENTER),
    Column("下一步", 4, 18, tooltip=True, stretch=True),
)
DUE_COLUMNS: tuple[Column, ...] = (
    Column("到期日", 1, 6, ALIGN_CENTER),
    Column("事项", 2, 7),
    Column("内容", 3, 14, tooltip=True, stretch=True),
    Column("剩余", 4, 6, ALIGN_RIGHT),
)
OVERDUE_COLUMNS: tuple[Column, ...] = (
    Column("编号", 1, 3, ALIGN_RIGHT),
    Column("内容", 2, 14, tooltip=True, stretch=True),
    Column("责任单位", 3, 6, tooltip=True),
    Column("时限", 4, 6, ALIGN_CENTER),
    Column("逾期", 5, 4, ALIGN_RIGHT),
)


def card_values(stats: Stats) -> dict[str, str]:
    """The text of every figure card for ``stats`` (rates as "95.5%", "—" without a base)."""
    return {
        "events": f"{stats.events} 次",
        "registered": f"{stats.registered} 人",
        "selected": f"{stats.selected} 人",
        "present": f"{stats.present} 人",
        "attendance_rate": format_rate(stats.attendance_rate),
        "questionnaires_valid": f"{stats.questionnaires_valid} 份",
        "satisfaction_rate": format_rate(stats.satisfaction_rate),
        "feedback_total": f"{stats.feedback_total} 条",
        "completion_rate": format_rate(stats.completion_rate),
        "on_time_rate": format_rate(stats.on_time_rate),
        "overdue": f"{stats.overdue} 条",
        "adopted": f"{stats.feedback_adopted} 条",
        "published": f"{stats.feedback_published} 条",
        "callback_satisfaction_rate": format_rate(stats.callback_satisfaction_rate),
    }


def left_text(deadline: Deadline) -> str:
    """How much time is left, in words."""
    if deadline.overdue:
        return f"逾期{-deadline.days_left}天"
    if deadline.days_left == 0:
        return "今天到期"
    return f"{deadline.workdays_left}个工作日"


DashboardLists = tuple[dict[int, Deadline | None], list[Event], list[Deadline], list[Feedback]]


def read_lists(store: Store, today: date) -> DashboardLists:
    """Next deadlines, the upcoming events, the due items and the overdue suggestions.

    No Qt: at district scale this runs in a worker thread on its own connection.
    """
    deadlines = next_deadlines(store, today)
    events = {e.id: e for e in store.events.list()}
    upcoming = sorted(
        (events[event_id] for event_id, deadline in deadlines.items() if deadline is not None),
        key=lambda e: e.date,
    )[:UPCOMING_LIMIT]
    return deadlines, upcoming, dashboard_due_items(store, today), overdue_feedback(store, today)


class DashboardView(QWidget):
    """The 概览 page over one store; ``refresh()`` rereads everything."""

    open_event = Signal(int)  # double-clicked an event: show it in the 活动 tab
    open_feedback = Signal(int)  # double-clicked a suggestion: show it in the 意见建议 tab
    calendar_requested = Signal()  # the user wants to enter a missing holiday schedule

    # Built a turn after the cards (see _build_next_chart); None until then.
    category_chart: BarChart | None
    status_chart: BarChart | None
    _grid: QGridLayout

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.store = store
        self.stats = Stats(events=0)
        self._lists_reader = BackgroundRead(self)
        self._stats_reader = BackgroundRead(self)
        self._chart_figures: tuple[int, Stats] | None = None  # what the charts are to show
        self._build()
        self._connect_signals()
        self.refresh()
        QTimer.singleShot(CHART_PAUSE_MS, self, self._build_next_chart)

    @property
    def charts_ready(self) -> bool:
        """Both charts are built (they follow the cards a turn or two later)."""
        return self.category_chart is not None and self.status_chart is not None

    def _build_next_chart(self) -> None:
        """Build one chart in place of its placeholder; the other follows in the next turn."""
        from openday_desktop.ui.common.charts import BarChart  # loads QtCharts

        if self.category_chart is None:
            chart = BarChart("实到人员构成（按代表类别）", parent=self, horizontal=True)
            chart.setObjectName("categoryChart")
            self.category_chart = chart
            slot = self._chart_slots[0]
        else:
            chart = BarChart("意见建议办理状态", parent=self)
            chart.setObjectName("statusChart")
            self.status_chart = chart
            slot = self._chart_slots[1]
        self._grid.replaceWidget(slot, chart)
        slot.deleteLater()
        chart.show()
        self._show_charts()
        if not self.charts_ready:
            QTimer.singleShot(CHART_PAUSE_MS, self, self._build_next_chart)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("yearCombo")
        self.refresh_button = QPushButton("刷新", self)
        self.calendar_banner = QLabel(self)
        self.calendar_banner.setObjectName("calendarBanner")
        self.calendar_banner.setStyleSheet(BANNER_STYLE)
        # One line, no word wrap: a wrapping label would make the scroll area size the page
        # at its preferred height (height-for-width) and scroll even on a large screen.
        self.calendar_banner.setWordWrap(False)
        self.calendar_banner.setTextFormat(Qt.TextFormat.RichText)
        self.calendar_banner.setVisible(False)

        heading = QLabel("年度数据", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        top = QHBoxLayout()
        top.addWidget(heading)
        year_label = QLabel("年份(&Y)：", self)
        year_label.setBuddy(self.year_combo)
        top.addSpacing(12)
        top.addWidget(year_label)
        top.addWidget(self.year_combo)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        self.compliance_label = QLabel(self)
        self.compliance_label.setObjectName("complianceLabel")
        # The held events' rule checks: on the list and on who came.
        self.rules_label = QLabel(self)
        self.rules_label.setObjectName("yearRulesLabel")
        self.rules_label.setWordWrap(True)
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("statsBusyLabel")
        self.busy_label.hide()
        top.insertWidget(top.count() - 1, self.busy_label)

        cards = QGridLayout()
        cards.setSpacing(8)
        self.cards: dict[str, QLabel] = {}
        for index, (key, caption) in enumerate(CARDS):
            card = QFrame(self)
            card.setObjectName("card")
            card.setStyleSheet(CARD_STYLE)
            box = QVBoxLayout(card)
            box.setContentsMargins(8, 4, 8, 4)
            box.setSpacing(0)
            value = QLabel("—", card)
            value.setObjectName(f"{key}Value")
            value_font = value.font()
            value_font.setPointSizeF(value_font.pointSizeF() * 1.5)
            value_font.setBold(True)
            value.setFont(value_font)
            label = QLabel(caption, card)
            label.setStyleSheet("color: palette(placeholder-text);")
            card.setToolTip(CARD_TIPS.get(key, ""))
            box.addWidget(value)
            box.addWidget(label)
            cards.addWidget(card, index // CARDS_PER_ROW, index % CARDS_PER_ROW)
            cards.setColumnStretch(index % CARDS_PER_ROW, 1)
            self.cards[key] = value

        self.upcoming_model = RecordTableModel(UPCOMING_COLUMNS, self)
        self.due_model = RecordTableModel(DUE_COLUMNS, self)
        self.overdue_model = RecordTableModel(OVERDUE_COLUMNS, self, highlight_field=6)
        self.upcoming_view = self._table(self.upcoming_model, "upcomingView")
        self.due_view = self._table(self.due_model, "dueView")
        self.overdue_view = self._table(self.overdue_model, "overdueView")
        self.upcoming_box = self._box("近期活动及下一步时限", self.upcoming_view)
        self.due_box = self._box("待办事项（已逾期及14天内到期）", self.due_view)
        self.overdue_box = self._box("逾期未办结的意见建议", self.overdue_view)

        year_panel = QGroupBox(self)
        year_panel.setObjectName("yearPanel")
        year_layout = QVBoxLayout(year_panel)
        year_layout.setContentsMargins(8, 6, 8, 8)
        year_layout.addLayout(top)
        year_layout.addWidget(self.compliance_label)
        year_layout.addWidget(self.rules_label)
        year_layout.addLayout(cards)
        year_layout.addStretch(1)

        # Placeholders until the charts are built (see _build_charts).
        self.category_chart = None
        self.status_chart = None
        self._chart_slots: list[QLabel] = []
        for _ in range(2):
            slot = QLabel("正在加载图表…", self)
            slot.setAlignment(Qt.AlignmentFlag.AlignCenter)
            slot.setMinimumHeight(CHART_HEIGHT)
            slot.setStyleSheet("color: palette(placeholder-text);")
            self._chart_slots.append(slot)

        # Two columns: what needs doing on the left, the year's figures on the right.
        grid = QGridLayout()
        grid.setSpacing(8)
        grid.addWidget(self.upcoming_box, 0, 0)
        grid.addWidget(self.due_box, 0, 1)
        grid.addWidget(self.overdue_box, 1, 0)
        grid.addWidget(year_panel, 1, 1)
        grid.addWidget(self._chart_slots[0], 2, 0)
        grid.addWidget(self._chart_slots[1], 2, 1)
        self._grid = grid
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 2)

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(self.calendar_banner)
        layout.addLayout(grid, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _box(self, title: str, view: QTableView) -> QGroupBox:
        box = QGroupBox(title, self)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(view)
        return box

    def _table(self, model: RecordTableModel, name: str) -> QTableView:
        view = compact_table(self, model, name)
        view.setWordWrap(False)
        view.setMinimumHeight((view.fontMetrics().height() + 8) * 5)
        set_column_widths(view, model.columns, padding=12)
        return view

    def _connect_signals(self) -> None:
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.calendar_banner.linkActivated.connect(lambda _link: self.calendar_requested.emit())
        self.upcoming_view.doubleClicked.connect(
            lambda index: self.open_event.emit(self.upcoming_model.record_id(index.row()))
        )
        self.overdue_view.doubleClicked.connect(
            lambda index: self.open_feedback.emit(self.overdue_model.record_id(index.row()))
        )
        self.due_view.doubleClicked.connect(self._on_due_activated)

    # --- data -----------------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        """Show another database."""
        self.store = store
        self.refresh()

    def year(self) -> int:
        """The year whose figures are shown."""
        value = self.year_combo.currentData()
        return int(value) if value is not None else date.today().year

    def refresh(self) -> None:
        """Reread deadlines, overdue items, the year's figures and the charts.

        At district scale (see ``BACKGROUND_ROWS``) the reading runs off the GUI thread and
        the page says it is updating; the tables and figures fill in when it is done.
        """
        today = date.today()
        self._fill_years(today)
        if self._is_big():
            self.busy_label.setText("正在更新…")
            self.busy_label.show()
            self._lists_reader.start(
                self.store.path,
                lambda reader: read_lists(reader, today),
                lambda lists: self._show_lists(lists, today),
                self._on_read_failed,
            )
        else:
            self._show_lists(read_lists(self.store, today), today)
        self._show_year(today)

    def _is_big(self) -> bool:
        return self.store.invitations.count() + self.store.feedback.count() >= BACKGROUND_ROWS

    def _show_lists(self, lists: DashboardLists, today: date) -> None:
        if not self._stats_reader.busy:
            self.busy_label.hide()
        deadlines, upcoming, due, overdue = lists
        self.upcoming_model.set_rows(
            [
                (
                    e.id,
                    e.date.isoformat(),
                    e.title,
                    e.status,
                    deadline_text(deadlines.get(e.id or 0)),
                    "",
                )
                for e in upcoming
            ]
        )
        self.due_items = due
        self.due_model.set_rows(
            [
                (
                    index,
                    d.due.isoformat(),
                    d.task,
                    d.title,
                    left_text(d) + ("（估算）" if d.estimated else ""),
                    "",
                )
                for index, d in enumerate(due)
            ]
        )
        self.overdue_model.set_rows(
            [
                (
                    f.id,
                    f.id,
                    " ".join(f.content.split()),
                    f.responsible_unit or "（未交办）",
                    f.deadline.isoformat() if f.deadline else "",
                    f"{(today - f.deadline).days}天" if f.deadline else "",
                    True,
                    "",
                )
                for f in overdue
            ]
        )
        self.overdue_box.setTitle(f"逾期未办结的意见建议（{len(overdue)} 条）")
        self.due_box.setTitle(f"待办事项（已逾期及14天内到期，{len(due)} 项）")
        estimated = [d.due for d in due if d.estimated]
        estimated += [d.due for d in deadlines.values() if d is not None and d.estimated]
        years = sorted({day.year for day in estimated})
        if years:
            names = "、".join(f"{year}年" for year in years)
            self.calendar_banner.setText(
                f"{names}的法定节假日安排尚未录入，相关时限暂按周一至周五估算（标有“估算”）。"
                "&nbsp;<a href='calendar'>录入放假安排…</a>"
            )
            self.calendar_banner.setToolTip(missing_years_message(years))
        self.calendar_banner.setVisible(bool(years))

    def _fill_years(self, today: date) -> None:
        years = sorted({e.date.year for e in self.store.events.list()} | {today.year}, reverse=True)
        current = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(f"{year}年", year)
        wanted = current if current in years else today.year
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(wanted)))
        self.year_combo.blockSignals(False)

    def _show_year(self, today: date) -> None:
        year = self.year()
        if not self._is_big():
            rules = year_rule_results(self.store, year)
            self._show_stats(year, (year_stats(self.store, year, today), rules))
            return
        # A district's year is 100,000s of invitations: counted off the GUI thread.
        for card in self.cards.values():
            card.setText("统计中…")
        self.busy_label.setText(f"正在统计{year}年的数据…")
        self.busy_label.show()
        self._stats_reader.start(
            self.store.path,
            lambda reader: (year_stats(reader, year, today), year_rule_results(reader, year)),
            lambda figures: self._show_stats(year, figures),
            self._on_read_failed,
        )

    def _on_read_failed(self, error: BaseException) -> None:
        self.busy_label.setText("概览数据读取失败，请稍后点“刷新”重试。")
        log.error("dashboard read failed", exc_info=error)

    def _show_stats(self, year: int, figures: tuple[Stats, list[HeldEventRules]]) -> None:
        if not self._lists_reader.busy:
            self.busy_label.hide()
        stats, rules = figures
        self.stats = stats
        self.rules_label.setText("\n".join(year_rules_lines(rules)))
        self.rules_label.setStyleSheet(
            NOT_MET_STYLE if any(not (r.list_ok and r.present_ok) for r in rules) else ""
        )
        for key, text in card_values(self.stats).items():
            self.cards[key].setText(text)
        self.cards["overdue"].setStyleSheet(NOT_MET_STYLE if self.stats.overdue else "")
        check = compliance(self.store, year)
        self.compliance_label.setText(check.describe())
        self.compliance_label.setStyleSheet(MET_STYLE if check.met else NOT_MET_STYLE)
        self._chart_figures = (year, self.stats)
        self._show_charts()

    def _show_charts(self) -> None:
        """Put the latest figures on the charts built so far."""
        if self._chart_figures is None:
            return
        year, stats = self._chart_figures
        if self.category_chart is not None:
            categories = list(stats.by_category.items())
            self.category_chart.set_data([c for c, _ in categories], [n for _, n in categories])
            self.category_chart.chart().setTitle(f"{year}年实到人员构成（按代表类别）")
        if self.status_chart is not None:
            statuses = list(stats.feedback_by_status.items())
            self.status_chart.set_data([s for s, _ in statuses], [n for _, n in statuses])
            self.status_chart.chart().setTitle(f"{year}年意见建议办理状态")

    def card_text(self, key: str) -> str:
        """The text of one figure card (tests)."""
        return self.cards[key].text()

    # --- slots ----------------------------------------------------------------------------

    def _on_year_changed(self) -> None:
        self._show_year(date.today())

    def _on_due_activated(self, index: QModelIndex) -> None:
        row = index.row()
        deadline = self.due_items[self.due_model.record_id(row)]
        if deadline.kind == "feedback" and deadline.ref_id is not None:
            self.open_feedback.emit(deadline.ref_id)
        elif deadline.event_id is not None:
            self.open_event.emit(deadline.event_id)
