"""The base of every record dialog: a form from ``forms/``, red messages next to the fields.

A subclass binds each field name (as used in ValidationError.field and the domain checks) to
its input widget and the QLabel under it, and implements ``save()``. Pressing OK calls save();
when it reports problems the dialog stays open with everything typed kept.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QMargins, QSize, QTime, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import OpenDayError, ValidationError
from openday_desktop.ui.common import messages

# WARNING_STYLE too, re-exported: the dialogs take their message styles from here.
from openday_desktop.ui.common.colours import ERROR_STYLE
from openday_desktop.ui.common.colours import WARNING_STYLE as WARNING_STYLE
from openday_desktop.ui.common.date_fields import DateEdit, TimeEdit, first_field_in_error
from openday_desktop.ui.common.forms import child, load_form
from openday_desktop.ui.common.screen_fit import fit_to_screen, scrolling


class FormDialog(QDialog):
    """A dialog built from ``forms/<name>.ui``; emits ``saved(record_id)`` after a good save."""

    saved = Signal(int)

    def __init__(self, form_name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = load_form(form_name, self)
        self.button_box = child(self.form, QDialogButtonBox, "buttonBox")
        # The form scrolls and the buttons stay below it: a tall dialog keeps 保存 on screen.
        self._scroll = scrolling(self.form, self)
        form_layout = self.form.layout()
        margins = form_layout.contentsMargins() if form_layout is not None else QMargins(9, 9, 9, 9)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, margins.bottom())
        layout.setSpacing(margins.bottom())
        self._button_gap = margins.bottom()
        layout.addWidget(self._scroll, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(margins.left(), 0, margins.right(), 0)
        buttons.addWidget(self.button_box)
        layout.addLayout(buttons)
        self._fitted = False
        label_save_cancel(self.button_box)
        self.general_error = child(self.form, QLabel, "generalError")
        self._error_labels: dict[str, QLabel] = {}
        self._field_widgets: dict[str, QWidget] = {}
        prepare_message_label(self.general_error, ERROR_STYLE)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The size at which the whole form shows without scrolling."""
        form = self.form.sizeHint()
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        box = self.button_box.sizeHint()
        spacing = 2 * self._button_gap
        return QSize(max(form.width() + bar, box.width()), form.height() + box.height() + spacing)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """On the first show, fit the dialog to the screen (office laptops are short)."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self)

    # --- field errors ---------------------------------------------------------------------

    def bind_field(self, field: str, widget: QWidget, error_label: str) -> None:
        """Tie a field name to its input and to the label that shows its error."""
        label = child(self.form, QLabel, error_label)
        prepare_message_label(label, ERROR_STYLE)
        self._error_labels[field] = label
        self._field_widgets[field] = widget
        # Editing the field clears its message: a stale error reads as if the fix did not take.
        for signal_name in ("textChanged", "currentTextChanged", "dateChanged", "timeChanged"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(lambda *_changed, shown=label: _hide_message(shown))
                break

    def error_text(self, field: str) -> str:
        """The message shown for a field now ('' when none); the general one for unknown fields."""
        return shown_text(self._error_labels.get(field, self.general_error))

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field, the rest at the bottom, and focus the first."""
        self.clear_errors()
        general: list[str] = []
        first: QWidget | None = None
        for field, message in errors.items():
            label = self._error_labels.get(field)
            if label is None:
                general.append(message)
                continue
            label.setText(message)
            label.setVisible(True)
            if first is None:
                first = self._field_widgets.get(field)
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.setVisible(True)
        if first is not None:
            first.setFocus()

    def clear_errors(self) -> None:
        """Hide every error message."""
        for label in (*self._error_labels.values(), self.general_error):
            label.clear()
            label.setVisible(False)

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> int | None:
        """Validate and store; return the record id, or None after showing the problems."""
        raise NotImplementedError

    def accept(self) -> None:
        """Save, and close only when saving worked."""
        if first_field_in_error(self) is not None:
            return  # the field shows its own message beside it
        try:
            record_id = self.save()
        except ValidationError as exc:
            self.show_errors({exc.field: exc.message})
            return
        except OpenDayError as exc:
            messages.error(self, exc.message)
            return
        if record_id is None:
            return
        self.saved.emit(record_id)
        super().accept()


# --- widget helpers ---------------------------------------------------------------------------


def _hide_message(label: QLabel) -> None:
    label.clear()
    label.setVisible(False)


def prepare_message_label(label: QLabel, style: str = ERROR_STYLE) -> None:
    """Make ``label`` a hidden, wrapping message line in ``style`` (red for errors)."""
    label.setStyleSheet(style)
    label.setWordWrap(True)
    label.clear()
    label.setVisible(False)


def message_label(parent: QWidget, name: str, style: str = ERROR_STYLE) -> QLabel:
    """A new hidden message line (see ``prepare_message_label``) called ``name``."""
    label = QLabel(parent)
    label.setObjectName(name)
    prepare_message_label(label, style)
    return label


def shown_text(label: QLabel) -> str:
    """The message a label shows now ('' while it is hidden)."""
    return "" if label.isHidden() else label.text()


def label_save_cancel(box: QDialogButtonBox) -> None:
    """Word the box's OK and Cancel buttons 保存 and 取消; 保存 is the default button."""
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    if ok is not None:
        ok.setText("保存")
        ok.setDefault(True)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    if cancel is not None:
        cancel.setText("取消")


def save_cancel_buttons(
    parent: QWidget,
    extra: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.NoButton,
) -> QDialogButtonBox:
    """保存 and 取消 buttons (and ``extra``, e.g. RestoreDefaults), 保存 the default."""
    buttons = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(buttons.Ok | buttons.Cancel | extra, parent)
    label_save_cancel(box)
    return box


def to_qdate(value: date) -> QDate:
    """A Python date as a QDate."""
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    """A QDate as a Python date."""
    return date(value.year(), value.month(), value.day())


def to_qtime(value: time) -> QTime:
    """A Python time as a QTime (minutes precision)."""
    return QTime(value.hour, value.minute)


def from_qtime(value: QTime) -> time:
    """A QTime as a Python time (minutes precision)."""
    return time(value.hour(), value.minute())


def setup_date_edit(edit: DateEdit, initial: date | None = None) -> None:
    """ISO display, calendar pop-up, and a sensible starting day."""
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(QDate(1900, 1, 1))
    edit.setMaximumDate(QDate(2100, 12, 31))
    edit.setDate(to_qdate(initial or date.today()))


class OptionalDate:
    """A date that may be left empty: a check box switches its DateEdit on and off."""

    def __init__(self, check: QCheckBox, edit: DateEdit, default: date | None = None) -> None:
        self.check = check
        self.edit = edit
        setup_date_edit(edit, default)
        check.toggled.connect(edit.setEnabled)
        edit.setEnabled(check.isChecked())

    def set(self, value: date | None) -> None:
        """Show ``value``, or leave the box unticked for no date."""
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))

    def value(self) -> date | None:
        """The date, or None when unticked."""
        return from_qdate(self.edit.date()) if self.check.isChecked() else None


def set_combo_text(combo: QComboBox, text: str) -> None:
    """Select the item with this text, adding it first when the list lacks it (old values)."""
    if not text:
        combo.setCurrentIndex(0 if combo.count() else -1)
        return
    position = combo.findText(text)
    if position < 0:
        combo.addItem(text)
        position = combo.count() - 1
    combo.setCurrentIndex(position)


def setup_time_edit(edit: TimeEdit, value: time) -> None:
    """HH:mm display in five-minute steps is how event times are written."""
    edit.setDisplayFormat("HH:mm")
    edit.setTime(to_qtime(value))
