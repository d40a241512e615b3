"""导入名册 through the real window: preview, corrected mapping, report of bad rows, saved report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QToolButton

from openday_desktop.ui.common.table_models import COL_PERSON_NAME
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.representatives.import_dialogs import (
    ISSUE_COL_COLUMN,
    ISSUE_COL_MESSAGE,
    ISSUE_COL_NAME,
    ISSUE_COL_ROW,
    NO_FIELD_TEXT,
    ImportPreviewDialog,
    ImportReportDialog,
)

HEADERS = ["序号", "姓 名", "性别", "公民身份号码", "手机", "所在组", "类别", "工作单位及职务"]
GROUP_COLUMN = 5  # "所在组": the importer does not know it; the user maps it to 村/社区


def make_id(body: str) -> str:
    """A checksum-valid 18-digit ID number from its first 17 digits."""
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


ID_WANG = make_id("33068219800101002")
ID_LI = make_id("33068219751203003")
ID_ZHAO = make_id("33068219900615004")
BAD_CHECKSUM = ID_ZHAO[:-1] + ("1" if ID_ZHAO[-1] != "1" else "2")


def make_messy_roster(path: Path) -> Path:
    """A sheet like villages send: merged title, a 填报单位 line, float ID, bad rows, a total."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "报名表"
    sheet.append(["青石镇政府开放日代表报名表"])
    sheet.merge_cells("A1:H1")
    sheet.append(["填报单位：青石村委会", None, None, None, "填报日期：2026年5月20日"])
    sheet.append(HEADERS)
    rows = [
        [1, "王 芳", "女", ID_WANG, "138 0013 8000", "一组", "村民代表", "青石村村民"],
        [2, "李建国", "男", ID_LI, "13900139000", "二组", "人大", "青石村党支部书记"],
        [3, "赵敏", "女", 3.30682199006151e17, "13700137000", "三组", "群众", "个体户"],
        [4, "钱多多", "男", BAD_CHECKSUM, "13600136000", "三组", "企业代表", "青石茶厂"],
        [5, "王芳", "女", ID_WANG, "13800138000", "一组", "群众", "重复填了一次"],
        [None, None, None, None, None, None, None, None],
        ["合计", "5人", None, None, None, None, None, None],
    ]
    for row in rows:
        sheet.append(row)
    sheet.cell(7, 4).number_format = "0"  # the ID Excel turned into a number
    workbook.save(path)
    return path


def open_preview_via_toolbar(
    window: MainWindow, qtbot: Any, messages_shown: Any, roster: Path
) -> ImportPreviewDialog:
    messages_shown.open_answer = roster
    tab = window.representatives_tab
    window.tabs.setCurrentWidget(tab)
    button = tab.toolbar.widgetForAction(window.selection_tools.import_action)
    assert isinstance(button, QToolButton) and button.text() == "导入名册"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.selection_tools.import_dialog
    assert isinstance(dialog, ImportPreviewDialog) and dialog.isVisible()
    return dialog


def test_preview_shows_detected_header_mapping_and_rows(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path
) -> None:
    roster = make_messy_roster(tmp_path / "青石村报名表.xlsx")
    dialog = open_preview_via_toolbar(empty_window, qtbot, messages_shown, roster)

    assert dialog.header_row_spin.value() == 3
    assert dialog.sheet_combo.currentText() == "报名表"
    assert dialog.combo_for(1).currentText() == "姓名"
    assert dialog.combo_for(3).currentText() == "身份证号"
    assert dialog.combo_for(4).currentText() == "联系电话"
    assert dialog.combo_for(GROUP_COLUMN).currentText() == NO_FIELD_TEXT
    model = dialog.model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "B列\n姓 名"
    assert model.headerData(1, Qt.Orientation.Vertical) == "4"  # first data row, as Excel shows
    assert model.cell(1, 1) == "王 芳"
    assert dialog.missing_label.isHidden()
    assert dialog.import_button.isEnabled()
    assert empty_window.store.people.count() == 0  # nothing stored by the preview


def test_missing_name_column_is_shown_in_red_and_blocks_import(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path
) -> None:
    roster = make_messy_roster(tmp_path / "roster.xlsx")
    dialog = open_preview_via_toolbar(empty_window, qtbot, messages_shown, roster)
    combo = dialog.combo_for(1)
    combo.setCurrentIndex(combo.findText(NO_FIELD_TEXT))
    assert not dialog.missing_label.isHidden()
    assert "姓名" in dialog.missing_label.text()
    assert "c62828" in dialog.missing_label.styleSheet()
    assert not dialog.import_button.isEnabled()
    # Choosing 姓名 on another column moves the field there (one column per field).
    other = dialog.combo_for(7)
    other.setCurrentIndex(other.findText("姓名"))
    assert dialog.preview.mapping["name"] == 7
    assert "unit" not in dialog.preview.mapping
    assert dialog.import_button.isEnabled()
    other.setCurrentIndex(other.findText(NO_FIELD_TEXT))
    combo.setCurrentIndex(combo.findText("姓名"))
    assert dialog.preview.mapping["name"] == 1


def test_changing_the_header_row_detects_again(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path
) -> None:
    roster = make_messy_roster(tmp_path / "roster.xlsx")
    dialog = open_preview_via_toolbar(empty_window, qtbot, messages_shown, roster)
    dialog.header_row_spin.setValue(2)  # the 填报单位 line: no column is recognised
    assert dialog.preview.header_row == 2
    assert not dialog.missing_label.isHidden()
    assert not dialog.import_button.isEnabled()
    dialog.header_row_spin.setValue(3)
    assert dialog.combo_for(1).currentText() == "姓名"
    assert dialog.import_button.isEnabled()


def test_import_uses_the_corrected_mapping_and_reports_bad_rows(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path
) -> None:
    store = demo_window.store
    before = store.people.count()
    event = next(e for e in store.events.list() if e.status == "方案已报备")
    roster = make_messy_roster(tmp_path / "青石村报名表.xlsx")
    dialog = open_preview_via_toolbar(demo_window, qtbot, messages_shown, roster)
    assert demo_window.representatives_tab.loaded
    group = dialog.combo_for(GROUP_COLUMN)
    group.setCurrentIndex(group.findText("村/社区"))
    dialog.event_combo.setCurrentIndex(dialog.event_combo.findData(event.id))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    report_dialog = demo_window.selection_tools.report_dialog
    assert isinstance(report_dialog, ImportReportDialog) and report_dialog.isVisible()
    # Two good rows stored; the corrected column filled 村/社区.
    assert store.people.count() == before + 2
    wang = store.people.find_by_id_number(ID_WANG)
    assert wang is not None and (wang.name, wang.village) == ("王芳", "一组")
    assert store.people.find_by_id_number(ID_LI).village == "二组"  # type: ignore[union-attr]
    assert "新增2人" in report_dialog.summary_label.text()
    assert "加入活动名单2人" in report_dialog.summary_label.text()
    invited = {p.id for _, p in store.invitations.for_event(event.id or 0)}
    assert wang.id in invited

    errors = report_dialog.models["errors"]
    rows = {errors.text(r, ISSUE_COL_ROW): r for r in range(errors.rowCount())}
    assert set(rows) == {"6", "7"}  # float ID and bad checksum, as Excel numbers them
    float_row = rows["6"]
    assert errors.text(float_row, ISSUE_COL_NAME) == "赵敏"
    assert errors.text(float_row, ISSUE_COL_COLUMN) == "公民身份号码"
    assert "存成了数字" in errors.text(float_row, ISSUE_COL_MESSAGE)
    assert "校验" in errors.text(rows["7"], ISSUE_COL_MESSAGE)
    duplicates = report_dialog.models["duplicates"]
    assert duplicates.rowCount() == 1
    assert duplicates.text(0, ISSUE_COL_ROW) == "8"
    assert "第4行" in duplicates.text(0, ISSUE_COL_MESSAGE)
    assert report_dialog.tabs.tabText(0) == "错误（2）"
    assert report_dialog.tabs.currentIndex() == 0

    # The 代表 tab shows the new people without a manual refresh.
    tab = demo_window.representatives_tab
    names = [tab.model.cell_text(r, COL_PERSON_NAME) for r in range(tab.model.rowCount())]
    assert "李建国" in names
    assert f"代表 {before + 2} 人" in demo_window.counts_label.text()

    # 保存报告 writes the bad rows with their reasons.
    target = tmp_path / "问题行.xlsx"
    messages_shown.save_answer = target
    qtbot.mouseClick(report_dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.is_file()
    assert str(target) in report_dialog.saved_label.text()
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    saved = [(row[0], row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert (6, "错误") in saved and (7, "错误") in saved and (8, "重复") in saved
    report_dialog.button_box.button(QDialogButtonBox.StandardButton.Close).click()
    assert not report_dialog.isVisible()


def test_cancelled_file_choice_and_unreadable_file(
    empty_window: MainWindow, messages_shown: Any, tmp_path: Path
) -> None:
    tools = empty_window.selection_tools
    messages_shown.open_answer = None
    assert tools.start_import() is None
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"not a workbook")
    messages_shown.open_answer = broken
    assert tools.start_import() is None
    assert "无法作为 Excel 表格打开" in messages_shown.texts("error")[-1]
    assert tools.import_dialog is None


def test_ctrl_i_is_the_shortcut_and_the_file_menu_has_the_action(empty_window: MainWindow) -> None:
    action = empty_window.selection_tools.import_action
    assert action.shortcut().toString() == "Ctrl+I"
    assert action in empty_window.file_menu.actions()


def test_report_without_problems_is_green_and_has_nothing_to_save(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path
) -> None:
    roster = tmp_path / "good.csv"
    roster.write_text(f"姓名,身份证号,联系电话\n王芳,{ID_WANG},13800138000\n", encoding="utf-8")
    messages_shown.open_answer = roster
    dialog = empty_window.selection_tools.start_import()
    assert dialog is not None
    assert not dialog.sheet_combo.isEnabled()
    dialog.run_import()
    report_dialog = empty_window.selection_tools.report_dialog
    assert report_dialog is not None
    assert "2e7d32" in report_dialog.summary_label.styleSheet()
    assert not report_dialog.save_button.isEnabled()
    assert not report_dialog.tabs.isVisibleTo(report_dialog)
    assert empty_window.store.people.count() == 1
