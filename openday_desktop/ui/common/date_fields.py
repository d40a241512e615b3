"""Date and time fields that take what people type: 2027-06-10, 2027/6/10, 20270610, 6月10日.

QDateEdit edits one section at a time: Tab into it and type 2027-06-10 and it shows 2027-11-06.
These fields are a line edit read by ``domain.dates`` (plus a calendar button for dates) and
keep QDateEdit's/QTimeEdit's small API (``date()``, ``setDate()``, ``dateChanged`` ...), so forms
and dialogs use them as they used the Qt widgets. Text that is no date stays as typed and a red
message next to the field says what is wrong; ``date()`` keeps the last good date and
``has_error()`` tells a dialog to refuse saving.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from openday_desktop.domain.dates import DATE_HINT, TIME_HINT, parse_date, parse_time
from openday_desktop.domain.errors import ValidationError
from openday_desktop.ui.common.colours import ERROR_STYLE


class _TypedField(QWidget):
    """A line edit with a hidden red message beside it."""

    def __init__(self, parent: QWidget | None, hint: str, width_text: str) -> None:
        super().__init__(parent)
        self.line_edit = QLineEdit(self)
        self.line_edit.setObjectName("text")
        self.line_edit.setToolTip(hint)
        self.line_edit.setPlaceholderText(width_text)
        metrics = self.line_edit.fontMetrics()
        self.line_edit.setMinimumWidth(metrics.horizontalAdvance(width_text + "00") + 8)
        self.line_edit.setMaximumWidth(metrics.horizontalAdvance(width_text) * 2 + 16)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.line_edit)
        self.setFocusProxy(self.line_edit)
        self._error = ""
        self.line_edit.textEdited.connect(self._on_text_edited)
        self.line_edit.editingFinished.connect(self._on_editing_finished)

    # --- QAbstractSpinBox-like API --------------------------------------------------------

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - the Qt widget's name
        """Show the value without letting it be changed."""
        self.line_edit.setReadOnly(read_only)

    def isReadOnly(self) -> bool:  # noqa: N802
        """Whether the value can be changed."""
        return self.line_edit.isReadOnly()

    def setButtonSymbols(self, symbols: QAbstractSpinBox.ButtonSymbols) -> None:  # noqa: N802
        """Accepted for QDateEdit compatibility: these fields have no up/down arrows."""

    def setDisplayFormat(self, _format: str) -> None:  # noqa: N802
        """Accepted for QDateEdit compatibility: dates always show as 2027-06-10."""

    def text(self) -> str:
        """What the field shows."""
        return self.line_edit.text()

    def has_error(self) -> bool:
        """True while the text is not a date/time this field accepts."""
        self._check(show=True)
        return bool(self._error)

    def error(self) -> str:
        """The message for the text now ('' when it is fine)."""
        return self._error

    # --- checking -------------------------------------------------------------------------

    def _parse(self, text: str) -> None:
        raise NotImplementedError

    def _show_value(self) -> None:
        raise NotImplementedError

    def _check(self, *, show: bool) -> None:
        try:
            self._parse(self.line_edit.text())
        except ValidationError as exc:
            self._error = exc.message
            if show:
                self.message.setText(exc.message)
                self.message.setVisible(True)
            return
        self._error = ""
        self.message.setVisible(False)

    def _on_text_edited(self, _text: str) -> None:
        # While typing only take good values; the message waits until the person leaves the field.
        self._check(show=False)

    def _on_editing_finished(self) -> None:
        self._check(show=True)
        if not self._error:
            self._show_value()


class DateEdit(_TypedField):
    """A date field: type it in any common form or pick it from the calendar."""

    dateChanged = Signal(QDate)  # noqa: N815 - QDateEdit's signal name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, DATE_HINT, "2027-06-10")
        self._date = QDate.currentDate()
        self._minimum = QDate(1900, 1, 1)
        self._maximum = QDate(2100, 12, 31)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName("calendarButton")
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip("从日历中选择")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self.show_calendar)
        self._layout.addWidget(self.calendar_button)
        self._layout.addWidget(self.message, 1)
        self._show_value()

    def date(self) -> QDate:
        """The last good date shown or typed."""
        return QDate(self._date)

    def setDate(self, value: QDate) -> None:  # noqa: N802
        """Show ``value`` (clamped to the allowed range); emits dateChanged when it differs."""
        value = max(self._minimum, min(self._maximum, value))
        self._error = ""
        self.message.setVisible(False)
        self._set(value)
        self._show_value()

    def setMinimumDate(self, value: QDate) -> None:  # noqa: N802
        """The earliest date accepted."""
        self._minimum = QDate(value)
        if self._date < value:
            self.setDate(value)

    def setMaximumDate(self, value: QDate) -> None:  # noqa: N802
        """The latest date accepted."""
        self._maximum = QDate(value)
        if self._date > value:
            self.setDate(value)

    def minimumDate(self) -> QDate:  # noqa: N802
        """The earliest date accepted."""
        return QDate(self._minimum)

    def maximumDate(self) -> QDate:  # noqa: N802
        """The latest date accepted."""
        return QDate(self._maximum)

    def setCalendarPopup(self, enable: bool) -> None:  # noqa: N802
        """Show or hide the calendar button."""
        self.calendar_button.setVisible(enable)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802
        """Show the date without letting it be changed (no calendar either)."""
        super().setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only)

    def show_calendar(self) -> None:
        """Pop up a month calendar under the field; a click picks the day."""
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setObjectName("calendar")
        calendar.setMinimumDate(self._minimum)
        calendar.setMaximumDate(self._maximum)
        calendar.setSelectedDate(self._date)
        calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        calendar.clicked.connect(lambda day: self._on_calendar_clicked(day, menu))
        self.calendar_menu = menu
        menu.popup(self.mapToGlobal(self.line_edit.geometry().bottomLeft()))

    def _on_calendar_clicked(self, day: QDate, menu: QMenu) -> None:
        self.setDate(day)
        menu.close()

    def _parse(self, text: str) -> None:
        day = parse_date(text, default_year=self._date.year())
        value = QDate(day.year, day.month, day.day)
        if value < self._minimum or value > self._maximum:
            first, last = self._minimum.toString("yyyy-MM-dd"), self._maximum.toString("yyyy-MM-dd")
            raise ValidationError("date", f"日期要在 {first} 到 {last} 之间。")
        self._set(value)

    def _set(self, value: QDate) -> None:
        if value != self._date:
            self._date = QDate(value)
            self.dateChanged.emit(QDate(value))

    def _show_value(self) -> None:
        self.line_edit.setText(self._date.toString("yyyy-MM-dd"))


class TimeEdit(_TypedField):
    """A time field: 09:00, 9:00, 0900 or 9点30."""

    timeChanged = Signal(QTime)  # noqa: N815 - QTimeEdit's signal name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, TIME_HINT, "09:00")
        self._time = QTime(9, 0)
        self._layout.addWidget(self.message, 1)
        self._show_value()

    def time(self) -> QTime:
        """The last good time shown or typed."""
        return QTime(self._time)

    def setTime(self, value: QTime) -> None:  # noqa: N802
        """Show ``value``; emits timeChanged when it differs."""
        self._error = ""
        self.message.setVisible(False)
        self._set(QTime(value.hour(), value.minute()))
        self._show_value()

    def _parse(self, text: str) -> None:
        value = parse_time(text)
        self._set(QTime(value.hour, value.minute))

    def _set(self, value: QTime) -> None:
        if value != self._time:
            self._time = QTime(value)
            self.timeChanged.emit(QTime(value))

    def _show_value(self) -> None:
        self.line_edit.setText(self._time.toString("HH:mm"))


def first_field_in_error(root: QWidget) -> _TypedField | None:
    """The first date/time field under ``root`` whose text is not a good value (focused)."""
    for field in root.findChildren(_TypedField):
        if field.isVisibleTo(root) and field.isEnabled() and field.has_error():
            field.setFocus()
            return field
    return None


def python_date(field: DateEdit) -> date:
    """The field's date as a Python date."""
    value = field.date()
    return date(value.year(), value.month(), value.day())
