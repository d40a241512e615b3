"""The window's intake: several forms chosen or dropped at once, suggestions from a sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from openday_desktop.domain.models import Event, Site
from openday_desktop.ui.main_window import MainWindow


def make_id(body: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def _form(path: Path, name: str, id_number: str) -> Path:
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for row, values in zip(
        table.rows,
        [
            ("姓名", name, "性别", ""),
            ("身份证号码", id_number, "联系电话", ""),
            ("报名类别", "群众代表", "", ""),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def test_several_forms_chosen_are_imported_with_one_report(
    empty_window: MainWindow, messages_shown: Any, tmp_path: Path
) -> None:
    a = _form(tmp_path / "a.docx", "张伟", make_id("33068219800512001"))
    b = _form(tmp_path / "b.docx", "李娜", "330682199001010041")  # wrong checksum
    messages_shown.open_answers = [a, b]
    assert empty_window.selection_tools.start_import() is None
    dialog = empty_window.selection_tools.report_dialog
    assert dialog is not None and dialog.windowTitle() == "导入结果 - 2个文件"
    assert [p.name for p in empty_window.store.people.list()] == ["张伟"]
    model = dialog.models["errors"]
    assert model.text(0, 0).startswith("b.docx")
    dialog.reject()


def test_files_dropped_on_the_people_tab_are_imported(
    empty_window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    _form(folder / "a.docx", "张伟", make_id("33068219800512001"))
    _form(folder / "b.docx", "李娜", make_id("33068219900101004"))
    tab = empty_window.representatives_tab
    empty_window.tabs.setCurrentWidget(tab)
    assert tab.acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    # Qt delivers a drop only to the widget that accepted the drag's entry.
    enter = QDragEnterEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(tab, drop)
    assert drop.isAccepted(), empty_window.store.people.list()
    assert sorted(p.name for p in empty_window.store.people.list()) == ["张伟", "李娜"]
    dialog = empty_window.selection_tools.report_dialog
    assert dialog is not None
    dialog.reject()


def test_feedback_tab_imports_a_sheet(
    empty_window: MainWindow, messages_shown: Any, tmp_path: Path
) -> None:
    store = empty_window.store
    with store.transaction():
        store.events.add(Event("开放日", date(2027, 6, 15), sites=[Site("镇便民服务中心")]))
    workbook = openpyxl.Workbook()
    workbook.active.append(["意见建议", "分类"])
    workbook.active.append(["路灯坏了", "基础设施"])
    workbook.active.append([None, "环境卫生"])
    workbook.active.append(["x" * 10, None])
    path = tmp_path / "yj.xlsx"
    workbook.save(path)
    tab = empty_window.feedback_tab
    empty_window.tabs.setCurrentWidget(tab)
    tab.entry.reload_events()
    messages_shown.open_answer = path
    report = tab.import_from_file()
    assert report is not None and report.imported == 2
    assert [issue.row for issue in report.errors] == [3]
    assert len(store.feedback.list()) == 2
    assert tab.import_report_dialog is not None
    assert "导入意见建议2条" in tab.import_report_dialog.summary_label.text()
    tab.import_report_dialog.reject()
