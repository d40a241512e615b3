"""The dialog that adds a representative to the pool or edits one."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from openday_desktop.domain.categories import default_category
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.models import PERSON_SOURCES, SEXES, Person
from openday_desktop.domain.validation import check_person, parse_id_number
from openday_desktop.services.representatives import save_person
from openday_desktop.storage import Store
from openday_desktop.ui.common.date_fields import DateEdit
from openday_desktop.ui.common.form_dialog import (
    WARNING_STYLE,
    FormDialog,
    OptionalDate,
    prepare_message_label,
    set_combo_text,
)
from openday_desktop.ui.common.forms import child

NO_SEX = "未填"


class PersonDialog(FormDialog):
    """Add (``person_id`` None) or edit a person; checks every field before anything is saved."""

    def __init__(self, store: Store, person_id: int | None = None, parent: QWidget | None = None):
        super().__init__(
            "person_dialog", "新增代表" if person_id is None else "修改代表信息", parent
        )
        self.store = store
        self.person_id = person_id
        self._acknowledged: tuple[str, ...] = ()
        form = self.form
        self.name_edit = child(form, QLineEdit, "nameEdit")
        self.id_number_edit = child(form, QLineEdit, "idNumberEdit")
        self.sex_combo = child(form, QComboBox, "sexCombo")
        self.birth_date = OptionalDate(
            child(form, QCheckBox, "birthDateCheck"),
            child(form, DateEdit, "birthDateEdit"),
            date(1970, 1, 1),
        )
        self.phone_edit = child(form, QLineEdit, "phoneEdit")
        self.unit_edit = child(form, QLineEdit, "unitEdit")
        self.village_edit = child(form, QLineEdit, "villageEdit")
        self.category_combo = child(form, QComboBox, "categoryCombo")
        self.source_combo = child(form, QComboBox, "sourceCombo")
        self.notes_edit = child(form, QPlainTextEdit, "notesEdit")
        self.warning_label = child(form, QLabel, "warningLabel")
        prepare_message_label(self.warning_label, WARNING_STYLE)

        self.bind_field("name", self.name_edit, "nameError")
        self.bind_field("id_number", self.id_number_edit, "idNumberError")
        self.bind_field("sex", self.sex_combo, "sexError")
        self.bind_field("phone", self.phone_edit, "phoneError")
        self.bind_field("category", self.category_combo, "categoryError")

        self.sex_combo.addItem(NO_SEX, "")
        for sex in SEXES:
            self.sex_combo.addItem(sex, sex)
        categories = store.categories.list()
        self.category_combo.addItems([c.name for c in categories])
        self.source_combo.addItems(PERSON_SOURCES)
        if person_id is not None:
            self._fill(store.people.get(person_id))
        else:
            set_combo_text(self.category_combo, default_category(categories))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 38)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.id_number_edit.editingFinished.connect(self._on_id_number_finished)
        for edit in (self.name_edit, self.id_number_edit, self.phone_edit):
            edit.textEdited.connect(self._on_input_changed)
        self.sex_combo.currentIndexChanged.connect(self._on_input_changed)
        self.birth_date.check.toggled.connect(self._on_input_changed)
        self.birth_date.edit.dateChanged.connect(self._on_input_changed)

    # --- fields <-> person ----------------------------------------------------------------

    def _fill(self, person: Person) -> None:
        self.name_edit.setText(person.name)
        self.id_number_edit.setText(person.id_number)
        self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(person.sex)))
        self.birth_date.set(person.birth_date)
        self.phone_edit.setText(person.phone)
        self.unit_edit.setText(person.unit)
        self.village_edit.setText(person.village)
        set_combo_text(self.category_combo, person.category)
        set_combo_text(self.source_combo, person.source)
        self.notes_edit.setPlainText(person.notes)

    def person_from_fields(self) -> Person:
        """A Person holding exactly what the fields say (not yet checked)."""
        return Person(
            id=self.person_id,
            name=self.name_edit.text(),
            sex=self.sex_combo.currentData() or "",
            id_number=self.id_number_edit.text(),
            birth_date=self.birth_date.value(),
            phone=self.phone_edit.text(),
            unit=self.unit_edit.text(),
            village=self.village_edit.text(),
            category=self.category_combo.currentText(),
            source=self.source_combo.currentText(),
            notes=self.notes_edit.toPlainText().strip(),
        )

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> int | None:
        """Check, show problems or warnings, else store the person in one transaction."""
        result = check_person(self.person_from_fields())
        if result.errors:
            self.show_errors(result.errors)
            return None
        self.clear_errors()
        warnings = tuple(result.warnings)
        if warnings and warnings != self._acknowledged:
            # Warnings do not block saving, but the user should read them once.
            self._acknowledged = warnings
            self._show_warnings(warnings)
            return None
        person = save_person(self.store, result.person)
        assert person.id is not None
        return person.id

    def _show_warnings(self, warnings: tuple[str, ...]) -> None:
        text = "请注意：" + "".join(f"\n· {w}" for w in warnings)
        self.warning_label.setText(text + "\n确认无误请再点“保存”。")
        self.warning_label.setVisible(True)

    # --- slots ----------------------------------------------------------------------------

    def _on_input_changed(self) -> None:
        if self._acknowledged:
            self._acknowledged = ()
            self.warning_label.setVisible(False)

    def _on_id_number_finished(self) -> None:
        """Check the ID as soon as the user leaves the field and fill sex and birth date."""
        text = self.id_number_edit.text().strip()
        label = self._error_labels["id_number"]
        if not text:
            label.setVisible(False)
            return
        try:
            info = parse_id_number(text)
        except ValidationError as exc:
            label.setText(exc.message)
            label.setVisible(True)
            return
        label.setVisible(False)
        if not self.sex_combo.currentData():
            self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(info.sex)))
        if self.birth_date.value() is None:
            self.birth_date.set(info.birth_date)
