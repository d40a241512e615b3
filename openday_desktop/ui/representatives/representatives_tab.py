"""The 代表 tab: the reusable pool of representatives (up to 100,000 people)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from openday_desktop.storage import Store
from openday_desktop.ui.common.actions import make_action
from openday_desktop.ui.common.record_tab import RecordTab
from openday_desktop.ui.common.table_models import COL_PERSON_NAME, PERSON_COLUMNS, Row

if TYPE_CHECKING:
    from openday_desktop.ui.common.form_dialog import FormDialog


class RepresentativesTab(RecordTab):
    """Search, add, edit and delete people in the pool. Loaded when first shown."""

    kind = "people"
    watches = frozenset({"people"})
    noun = "代表"
    search_hint = "查找姓名、拼音首字母（如 wf）、电话…"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, PERSON_COLUMNS, parent)
        self.setObjectName("representativesTab")
        self.bulk_dialog: QDialog | None = None
        self.bulk_edit_action = make_action(
            self,
            "批量修改…",
            self.bulk_edit_selected,
            tip="把选中的多名代表改成同一个代表类别或来源",
        )
        self.bulk_edit_action.setEnabled(False)
        self.toolbar.addAction(self.bulk_edit_action)
        self.selection_changed.connect(self._on_selection_for_bulk)

    def bulk_edit_selected(self) -> None:
        """Open 批量修改 for the selected people (window-modal)."""
        from openday_desktop.ui.representatives.bulk_edit_dialog import BulkEditDialog

        ids = self.selected_ids()
        if not ids:
            return
        dialog = BulkEditDialog(self.store, ids, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_bulk_saved)
        dialog.destroyed.connect(lambda: setattr(self, "bulk_dialog", None))
        self.bulk_dialog = dialog
        dialog.open()

    def _on_bulk_saved(self, _count: int) -> None:
        self.reload()
        self.changed.emit(self.kind)

    def _on_selection_for_bulk(self) -> None:
        # hasSelection, not the ids: after Ctrl+A that would list 100,000 ids per click.
        self.bulk_edit_action.setEnabled(self.view.selectionModel().hasSelection())

    def load_rows(self) -> Sequence[Row]:
        """The compact rows of everyone in the pool."""
        return self.store.people.table_rows()

    def read_rows(self) -> Callable[[Store], Sequence[Row]]:
        """The pool's rows read from any store (used off the GUI thread for a big pool)."""
        return lambda store: store.people.table_rows()

    def row_count_estimate(self) -> int:
        """How many people the pool holds."""
        return self.store.people.count()

    def load_row(self, record_id: int) -> Row | None:
        """One person's row after the dialog saved it."""
        return self.store.people.table_row(record_id)

    def create_editor(self, record_id: int | None) -> FormDialog:
        """The person dialog (the form is loaded only when first needed)."""
        from openday_desktop.ui.representatives.person_dialog import PersonDialog

        return PersonDialog(self.store, record_id, self)

    def delete_records(self, record_ids: list[int]) -> None:
        """Remove people, with their places on event lists, in one transaction."""
        from openday_desktop.services.representatives import delete_people

        delete_people(self.store, record_ids)

    def describe_for_delete(self, rows: list[Row]) -> str:
        """Name who goes and what goes with them."""
        field = PERSON_COLUMNS[COL_PERSON_NAME].field
        if len(rows) == 1:
            who = f"“{rows[0][field]}”"
        else:
            names = "、".join(str(row[field]) for row in rows[:3])
            who = f"{names}等 {len(rows)} 人" if len(rows) > 3 else names
        return (
            f"确定要从代表库中删除{who}吗？\n"
            "他们在各次活动名单中的记录会一并删除；提出过的意见建议会保留，但不再显示提出人。\n"
            "此操作不能撤销。"
        )
