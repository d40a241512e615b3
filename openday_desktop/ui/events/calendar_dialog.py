"""节假日安排: which years lack the official holiday schedule, and entering one.

The built-in ``chinese_calendar`` tables stop at the year the library was released; later
years fall back to Monday-Friday. Here the clerk sees that, and types, pastes or imports a
year's holidays and adjusted working days (one line per day or range, read by
``domain.workdays.parse_calendar_text``). A list with unreadable lines is never saved: each
bad line is reported in Chinese with its number.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain import colours
from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.workdays import (
    HOLIDAY,
    SOURCE_ENTERED,
    SOURCE_MISSING,
    SOURCE_OFFICIAL,
    CalendarImport,
    WorkCalendar,
    format_calendar_text,
    parse_calendar_text,
)
from openday_desktop.services import calendar as calendar_service
from openday_desktop.storage import Store
from openday_desktop.storage.statistics import work_calendar
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.form_dialog import ERROR_STYLE, WARNING_STYLE

TEMPLATE = (
    "# 每行写一天或一段：日期,类型,名称（名称可不写）。类型：放假写“休”，调休上班写“班”。\n"
    "# 例如：\n"
    "# {year}-01-01,休,元旦\n"
    "# {year}-10-01~{year}-10-07,休,国庆节\n"
    "# {year}-09-26,班,国庆节调休\n"
)
SOURCE_TEXT = {
    SOURCE_OFFICIAL: "国务院安排（程序内置）",
    SOURCE_ENTERED: "已录入",
    SOURCE_MISSING: "缺少放假安排，暂按周一至周五估算",
}
MAX_FILE_BYTES = 1_000_000


def read_text_file(path: Path) -> str:
    """A .txt/.csv list as text: UTF-8 (with or without BOM), else GB18030 as WPS/Excel save it.

    A first line without any digit is taken as a column header and commented out.
    """
    data = path.read_bytes()[:MAX_FILE_BYTES]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if not any(ch.isdigit() for ch in line) and not line.lstrip().startswith("#"):
            lines[index] = "# " + line
        break
    return "\n".join(lines) + "\n"


def years_of_interest(store: Store, today: date) -> list[int]:
    """Last year to next year, every year with an event or entered days, and the year after
    the last event (its follow-up deadlines may fall there)."""
    years = {today.year - 1, today.year, today.year + 1}
    event_years = {event.date.year for event in store.events.list()}
    years |= event_years
    if event_years:
        years.add(max(event_years) + 1)
    years |= {day.year for day in store.calendar.days()}
    return list(range(min(years), max(years) + 1))


class CalendarDialog(QDialog):
    """See the schedule of each year; enter, import and save a missing one."""

    saved = Signal(list)  # the years stored

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("节假日安排")
        self.store = store
        self.last_result: CalendarImport | None = None
        self._build()
        self._connect_signals()
        self.refresh_years()
        calendar = work_calendar(store)
        missing = [y for y in self.years if calendar.year_source(y) == SOURCE_MISSING]
        self.year_spin.setValue(missing[0] if missing else date.today().year + 1)
        self._load_year()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.years_label = QLabel(self)
        self.years_label.setObjectName("yearsLabel")
        self.years_label.setWordWrap(True)
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setSuffix(" 年")
        self.year_status = QLabel(self)
        self.year_status.setObjectName("yearStatusLabel")
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("calendarTextEdit")
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font = self.text_edit.font()
        font.setFamilies([fixed.family(), *font.families()])
        self.text_edit.setFont(font)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 14)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setVisible(False)
        self.import_button = QPushButton("从文件导入(&I)…", self)
        self.import_button.setToolTip(
            "读入 .txt 或 .csv 文件（每行：日期,类型,名称），读入后请检查再保存"
        )
        self.check_button = QPushButton("检查(&C)", self)
        self.save_button = QPushButton("保存(&S)", self)
        self.save_button.setObjectName("saveButton")
        self.clear_button = QPushButton("清除这一年的录入", self)
        self.close_button = QPushButton("关闭", self)

        top = QHBoxLayout()
        year_label = QLabel("年份(&Y)：", self)
        year_label.setBuddy(self.year_spin)
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addWidget(self.year_status, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        explain = QLabel(
            "工作日按国务院每年公布的放假安排计算（含调休上班的周末）。程序没有内置的年份，"
            "请在国务院公布后把这一年的放假和调休上班日期录入或粘贴到下面。",
            self,
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.years_label)
        layout.addLayout(top)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 44, self.sizeHint().height())

    def _connect_signals(self) -> None:
        self.year_spin.valueChanged.connect(self._load_year)
        self.import_button.clicked.connect(self.import_file)
        self.check_button.clicked.connect(self.check)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.clear_year)
        self.close_button.clicked.connect(self.reject)

    # --- showing --------------------------------------------------------------------------

    def refresh_years(self) -> None:
        """The schedule source of every year the events touch."""
        calendar = work_calendar(self.store)
        self.years = years_of_interest(self.store, date.today())
        parts = []
        for year in self.years:
            source = calendar.year_source(year)
            text = f"{year}年：{SOURCE_TEXT[source]}"
            if source == SOURCE_MISSING:
                text = f"<span style='color:{colours.ERROR}'>{text}</span>"
            parts.append(text)
        self.years_label.setText("<br>".join(parts))

    def year(self) -> int:
        """The year being edited."""
        return self.year_spin.value()

    def _load_year(self) -> None:
        year = self.year()
        calendar = work_calendar(self.store)
        self._show_year_status(calendar, year)
        # The names (元旦, 国庆节调休 ...) come back too, so saving the year again keeps them.
        entered, names = self.store.calendar.days_with_names(year)
        self.text_edit.setPlainText(
            format_calendar_text(entered, names) if entered else TEMPLATE.format(year=year)
        )
        self.result_label.setVisible(False)

    def _show_year_status(self, calendar: WorkCalendar, year: int) -> None:
        source = calendar.year_source(year)
        self.year_status.setText(SOURCE_TEXT[source])
        self.year_status.setStyleSheet(WARNING_STYLE if source == SOURCE_MISSING else "")

    def _show_result(self, text: str, style: str) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(style)
        self.result_label.setVisible(True)

    def result_text(self) -> str:
        """The message under the text ('' when none)."""
        return "" if self.result_label.isHidden() else self.result_label.text()

    # --- actions --------------------------------------------------------------------------

    def import_file(self) -> None:
        """Read a .txt/.csv file into the editor (checked, not yet saved)."""
        path = messages.open_path(self, "导入放假安排", "放假安排 (*.txt *.csv);;所有文件 (*)")
        if path is None:
            return
        try:
            self.text_edit.setPlainText(read_text_file(path))
        except OSError as exc:
            messages.error(self, f"无法读取“{path.name}”（{exc.strerror or exc}）。")
            return
        result = self.check()
        if result.ok and result.years and self.year() not in result.years:
            self.year_spin.blockSignals(True)
            self.year_spin.setValue(min(result.years))
            self.year_spin.blockSignals(False)
            self._show_year_status(work_calendar(self.store), self.year())

    def check(self) -> CalendarImport:
        """Read the text and say what it holds or which lines are wrong."""
        result = parse_calendar_text(self.text_edit.toPlainText())
        self.last_result = result
        if result.errors:
            self._show_result(
                f"有 {len(result.errors)} 行无法识别，请改正后再保存：\n"
                + "\n".join(result.errors),
                ERROR_STYLE,
            )
            return result
        parts = []
        for year in sorted(result.years):
            days = [kind for day, kind in result.days.items() if day.year == year]
            holidays = sum(1 for kind in days if kind == HOLIDAY)
            parts.append(f"{year}年：放假 {holidays} 天，调休上班 {len(days) - holidays} 天")
        self._show_result("读取无误。" + "；".join(parts) + "。", "")
        return result

    def save(self) -> bool:
        """Store the list (replacing what was entered for its years); nothing if a line is bad."""
        result = self.check()
        if result.errors:
            return False
        calendar = work_calendar(self.store)
        official = sorted(y for y in result.years if calendar.year_source(y) == SOURCE_OFFICIAL)
        if official:
            names = "、".join(f"{y}年" for y in official)
            if not messages.confirm(
                self,
                f"{names}已有程序内置的国务院放假安排。录入的日期会优先于内置安排，"
                "只在国务院调整了安排时才需要这样做。确定要保存吗？",
                yes="保存",
            ):
                return False
        try:
            years = calendar_service.save_holidays(self.store, result)
        except OpenDayError as exc:
            self._show_result(exc.message, ERROR_STYLE)
            return False
        self.refresh_years()
        self._show_year_status(work_calendar(self.store), self.year())
        names = "、".join(f"{y}年" for y in sorted(years))
        self._show_result(f"已保存{names}的放假安排，办理时限将按新的安排计算。", "")
        self.saved.emit(sorted(years))
        return True

    def clear_year(self) -> None:
        """Forget what was entered for the year (back to the built-in or Monday-Friday)."""
        year = self.year()
        if not self.store.calendar.days_with_names(year)[0]:
            messages.info(self, f"{year}年没有录入过放假安排。")
            return
        if not messages.confirm(
            self,
            f"确定要清除{year}年录入的放假安排吗？清除后按内置安排或周一至周五计算。",
            yes="清除",
        ):
            return
        calendar_service.clear_year(self.store, year)
        self.refresh_years()
        self._load_year()
        self.saved.emit([year])
