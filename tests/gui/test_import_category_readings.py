"""The import preview lists each category text of the file with its reading; the clerk maps once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from openday_desktop.domain.categories import CategoryMatcher
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.representatives.import_dialogs import (
    READ_COL_COUNT,
    READ_COL_TEXT,
    UNREAD_SUFFIX,
    ImportPreviewDialog,
)
from tests.gui.test_import_dialogs import open_preview_via_toolbar

ROWS = [
    ("王芳", "人大代表（镇级）"),
    ("李四", "[市级]政协委员"),
    ("赵敏", "村支书"),
    ("钱多", "村支书"),
    ("孙五", "县人大代表"),
    ("周六", "居民代表"),
]


def roster(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "姓名", "联系电话", "代表类别"])
    for number, (name, category) in enumerate(ROWS, start=1):
        sheet.append([number, name, f"1380013800{number}", category])
    book.save(path)
    return path


@pytest.fixture
def dialog(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path
) -> ImportPreviewDialog:
    """The import preview of ``roster``, opened from the toolbar."""
    return open_preview_via_toolbar(
        empty_window, qtbot, messages_shown, roster(tmp_path / "名册.xlsx")
    )


def test_preview_shows_each_text_and_its_reading_and_maps_it_once(
    empty_window: MainWindow, qtbot: Any, dialog: ImportPreviewDialog
) -> None:
    readings = dialog.readings
    assert readings.isVisible()
    model = readings.model
    texts = [model.data(model.index(r, READ_COL_TEXT)) for r in range(model.rowCount())]
    # The text that cannot be read comes first.
    assert texts[0] == "村支书" and set(texts) == {text for _, text in ROWS}
    assert model.data(model.index(0, READ_COL_COUNT)) == "2"
    assert readings.combo_for("村支书").currentText() == "其他" + UNREAD_SUFFIX
    assert readings.combo_for("人大代表（镇级）").currentText() == "人大代表"
    assert readings.combo_for("[市级]政协委员").currentText() == "政协委员"
    assert readings.combo_for("居民代表").currentText() == "群众代表"
    assert "1 种无法识别" in readings.summary_label.text()

    combo = readings.combo_for("村支书")
    combo.setCurrentIndex(combo.findData("基层工作者"))
    assert readings.overrides() == {"村支书": "基层工作者"}
    assert readings.save_check.isChecked()
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    report = dialog.report
    assert report is not None and report.imported == len(ROWS) and not report.warnings
    store = empty_window.store
    got = {p.name: p.category for p in store.people.list()}
    assert got == {
        "王芳": "人大代表",
        "李四": "政协委员",
        "赵敏": "基层工作者",
        "钱多": "基层工作者",
        "孙五": "人大代表",
        "周六": "群众代表",
    }
    # Kept as a synonym: the next roster saying 村支书 needs no correction.
    assert CategoryMatcher(store.categories.list()).match("村支书") == "基层工作者"


def test_mapping_without_keeping_a_synonym(
    empty_window: MainWindow, dialog: ImportPreviewDialog
) -> None:
    readings = dialog.readings
    combo = readings.combo_for("居民代表")
    combo.setCurrentIndex(combo.findData("其他"))
    readings.save_check.setChecked(False)
    assert dialog.run_import() is not None
    store = empty_window.store
    assert {p.name: p.category for p in store.people.list()}["周六"] == "其他"
    assert CategoryMatcher(store.categories.list()).match("居民代表") == "群众代表"
    # 村支书 was left as 其他: the report says where to add it.
    assert any("设置 → 代表类别…" in issue.message for issue in dialog.report.warnings)  # type: ignore[union-attr]


def test_readings_hide_when_no_column_is_category(dialog: ImportPreviewDialog) -> None:
    column = dialog.preview.mapping["category"]
    combo = dialog.combo_for(column)
    combo.setCurrentIndex(0)  # （不导入）
    assert not dialog.readings.isVisible()
    combo.setCurrentIndex(combo.findData("category"))
    assert dialog.readings.isVisible() and dialog.readings.model.rowCount() == 5
    dialog.reject()
