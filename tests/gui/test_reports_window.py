"""年度工作报告, 活动情况公开 and 归档包 from the window: the year asked, the files written,
and archiving an event leaves its package in the data folder."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from openday_desktop.services.events import change_status
from openday_desktop.ui.events.lifecycle_dialog import LifecycleDialog
from openday_desktop.ui.main_window import MainWindow

PAST, UPCOMING = 1, 2
WAIT_MS = 30_000


def _run(qtbot: Any, window: MainWindow, start: Any) -> bool:
    exports = window.exports
    with qtbot.waitSignal(exports.finished, timeout=WAIT_MS) as blocker:
        assert start() is True
    qtbot.waitUntil(lambda: not exports.busy, timeout=WAIT_MS)
    return bool(blocker.args[0])


def test_year_report_asks_the_year_then_writes_word_and_excel(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path
) -> None:
    exports = demo_window.exports
    year = demo_window.store.events.get(PAST).date.year
    entries = [a.text() for a in exports.menus["year-report"].actions()]
    assert entries == ["Word 文档…", "Excel 工作簿…"]

    messages_shown.year_answer = None  # cancelled: nothing asked further, nothing written
    assert exports.export_year("year-report", ".docx") is False
    assert ("ask_year", "导出年度工作报告") in messages_shown.shown

    messages_shown.year_answer = year
    messages_shown.save_answer = tmp_path / "年度"
    assert _run(qtbot, demo_window, lambda: exports.export_year("year-report", ".docx"))
    text = "\n".join(p.text for p in Document(str(tmp_path / "年度.docx")).paragraphs)
    assert f"{year}年度政府开放日活动开展情况报告" in text

    messages_shown.save_answer = tmp_path / "年度.xlsx"
    exports.actions["year-report"].menu().actions()[1].trigger()
    qtbot.waitUntil(lambda: (tmp_path / "年度.xlsx").exists() and not exports.busy, timeout=WAIT_MS)
    assert "各次活动" in load_workbook(tmp_path / "年度.xlsx").sheetnames


def test_results_publication_from_the_menu(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path
) -> None:
    demo_window.events_tab.select_ids([UPCOMING])
    exports = demo_window.exports
    exports.menu.aboutToShow.emit()
    assert not exports.actions["results"].isEnabled()  # not held yet
    demo_window.events_tab.select_ids([PAST])
    exports.menu.aboutToShow.emit()
    assert exports.actions["results"].isEnabled()
    messages_shown.save_answer = tmp_path / "公开.docx"
    assert _run(qtbot, demo_window, lambda: exports.export("results"))
    assert (tmp_path / "公开.docx").exists()


def test_archive_package_on_demand_and_when_archiving(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, tmp_path: Path, db_path: Path
) -> None:
    store = demo_window.store
    demo_window.events_tab.select_ids([PAST])
    messages_shown.save_answer = tmp_path / "包.zip"
    assert demo_window.exports.export("archive") is True
    with zipfile.ZipFile(tmp_path / "包.zip") as package:
        manifest = json.loads(package.read("manifest.json"))
    # In the window Qt draws the sign-in PDF too.
    assert "签到表（PDF）" in {entry["title"] for entry in manifest["files"]}

    if store.events.get(PAST).status != "已总结":
        change_status(store, PAST, "已总结", date.today())
    demo_window.notify_changed("events")
    dialog = LifecycleDialog(store, PAST, demo_window)
    qtbot.addWidget(dialog)
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("已归档"))
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert store.events.get(PAST).status == "已归档"
    assert dialog.archive_path is not None and dialog.archive_path.exists()
    assert dialog.archive_path.parent == db_path.parent.resolve() / "archives"
    assert any(
        "归档包" in text and str(dialog.archive_path) in text
        for text in messages_shown.texts("saved")
    )
