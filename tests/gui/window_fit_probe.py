"""Open every window and dialog on a screen of a given size; print where their buttons are.

Run in its own process (the screen size is fixed when Qt starts):
``python -m tests.gui.window_fit_probe WIDTH HEIGHT DBPATH`` prints one JSON object per window:
its geometry, the screen's available area and every visible button that is not inside a
scroll area (those can be scrolled to). ``test_window_fit`` starts it with the offscreen
platform's screen configuration.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QWidget,
)


def _scroll_area_of(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _report(name: str, window: QWidget, *, close: bool = True) -> dict[str, Any]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.show()
    for _ in range(3):
        app.processEvents()
    screen = window.screen().availableGeometry()
    geometry = window.frameGeometry()
    buttons = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.window() is not window:
            continue
        rect = _global_rect(button)
        area = _scroll_area_of(button, window)
        # A button in a scroll area counts where it is scrolled into view; the rest can be
        # scrolled to (the window's own buttons never sit in one).
        if area is not None and not _global_rect(area.viewport()).contains(rect):
            continue
        buttons.append(
            {
                "text": button.text() or button.objectName() or type(button).__name__,
                "rect": [rect.x(), rect.y(), rect.width(), rect.height()],
                "inside": screen.contains(rect),
            }
        )
    result = {
        "name": name,
        "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
        "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
        "inside": screen.contains(geometry),
        "buttons": buttons,
    }
    shots = os.environ.get("OPENDAY_PROBE_SHOTS")
    if shots:  # for a person to look at: python -m tests.gui.window_fit_probe ... with this set
        window.grab().save(str(Path(shots) / f"{screen.width()}-{name}.png"))
    if close:
        window.close()
    return result


def main(argv: list[str]) -> int:
    db_path = Path(argv[2])
    from openday_desktop.app import build_main_window, ensure_application
    from openday_desktop.storage import open_store
    from openday_desktop.storage.demo import fill_demo

    if not db_path.exists():
        store = open_store(db_path)
        fill_demo(store, today=date(2026, 6, 1))
        store.close()
    ensure_application()
    from PySide6.QtWidgets import QMainWindow

    from openday_desktop.ui.common import messages
    from openday_desktop.ui.main_window import app_settings

    # Remembered from a bigger screen (a docking station): must come back on this one.
    big = QMainWindow()
    big.setGeometry(300, 200, 1800, 1000)
    app_settings().setValue("window/geometry", big.saveGeometry())
    app_settings().sync()

    for kind in ("info", "warning", "error", "saved"):
        setattr(messages, kind, lambda *args, **kwargs: None)
    messages.confirm = lambda *args, **kwargs: False  # type: ignore[assignment]

    window = build_main_window(db_path)
    store = window.store
    reports = [_report("主窗口", window, close=False)]
    window.show()
    events = store.events.list()
    upcoming = next(event for event in events if event.status != "已总结")
    held = events[0]
    feedback = store.feedback.list()
    person_id = store.people.list()[0].id
    assert person_id is not None

    from openday_desktop.ui.events.calendar_dialog import CalendarDialog
    from openday_desktop.ui.events.event_dialog import EventDialog
    from openday_desktop.ui.events.lifecycle_dialog import LifecycleDialog
    from openday_desktop.ui.feedback.feedback_actions import (
        AssignDialog,
        CloseDialog,
        FollowUpDialog,
        ReplyDialog,
    )
    from openday_desktop.ui.feedback.feedback_dialog import FeedbackDialog
    from openday_desktop.ui.feedback.questionnaire_dialogs import (
        QuestionEditorDialog,
        QuestionnaireEntryDialog,
    )
    from openday_desktop.ui.help_dialog import HelpDialog
    from openday_desktop.ui.representatives.bulk_edit_dialog import BulkEditDialog
    from openday_desktop.ui.representatives.category_editor import CategoryEditor
    from openday_desktop.ui.representatives.group_dialog import GroupDialog
    from openday_desktop.ui.representatives.person_dialog import PersonDialog
    from openday_desktop.ui.representatives.pool_picker import PoolPickerDialog
    from openday_desktop.ui.representatives.selection_window import SelectionWindow
    from openday_desktop.ui.representatives.signin_mode import SignInWindow
    from openday_desktop.ui.settings_dialog import SettingsDialog
    from openday_desktop.ui.unit_info_dialog import UnitInfoDialog

    def sign_in_with_walk_in() -> QWidget:
        sign_in = SignInWindow(store, upcoming.id, window)
        sign_in.show()
        QApplication.processEvents()
        sign_in.open_walk_in()  # F2 at the desk
        for _ in range(3):
            QApplication.processEvents()
        return sign_in

    def import_preview() -> QWidget:
        from openday_desktop.ui.representatives.import_dialogs import open_preview

        roster = db_path.parent / "名册.csv"
        rows = ["姓名,性别,联系电话,代表类别,村（社区）,来源"]
        rows += [
            f"王{'甲乙丙丁戊己庚辛'[i]},男,1380013000{i},群众代表,青石村,组织推荐" for i in range(8)
        ]
        roster.write_text("\n".join(rows), encoding="utf-8")
        dialog = open_preview(store, roster, window, event_id=upcoming.id)
        assert dialog is not None
        return dialog

    def import_report() -> QWidget:
        from openday_desktop.imports.report import ImportReport, RowIssue
        from openday_desktop.ui.representatives.import_dialogs import ImportReportDialog

        issues = [RowIssue(row=i + 2, column="姓名", message="姓名中有数字。") for i in range(30)]
        report = ImportReport(imported=12, errors=issues, file_name="名册.xlsx")
        return ImportReportDialog(report, window, event_title=upcoming.title)

    def recommend() -> QWidget:
        from openday_desktop.ui.representatives.recommend_dialog import RecommendDialog

        people = [person.id for person in store.people.list()[:12] if person.id is not None]
        return RecommendDialog(store, upcoming, {"群众代表": people}, window)

    def document_texts() -> QWidget:
        from openday_desktop.ui.documents.document_texts_dialog import DocumentTextsDialog

        return DocumentTextsDialog(store, upcoming.id, window)

    def trail(tab: int) -> Callable[[], QWidget]:
        def make() -> QWidget:
            from openday_desktop.ui.events.trail_dialog import TrailDialog

            dialog = TrailDialog(store, held.id, window)
            dialog.tabs.setCurrentIndex(tab)
            return dialog

        return make

    def backups() -> QWidget:
        from openday_desktop.ui.maintenance.backup_dialog import BackupDialog

        return BackupDialog(db_path, lambda backup: "", window)

    def audit() -> QWidget:
        from openday_desktop.ui.maintenance.audit_dialog import AuditDialog

        return AuditDialog(store, window)

    def retention() -> QWidget:
        from openday_desktop.ui.maintenance.retention_dialog import RetentionDialog

        return RetentionDialog(store, window)

    def unarchive() -> QWidget:
        from openday_desktop.services.events import change_status

        # Last of all: archiving freezes the held event for the windows above.
        if store.events.get(held.id).status != "已归档":
            change_status(store, held.id, "已归档")
        dialog = LifecycleDialog(store, held.id, window)
        assert "取消归档" in dialog.target_combo.itemText(0)  # the state with its reason field
        return dialog

    factories: dict[str, Callable[[], QWidget]] = {
        "导入预览": import_preview,
        "导入结果": import_report,
        "按配额推荐": recommend,
        "公文文字": document_texts,
        "新建活动": lambda: EventDialog(store, None, window),
        "修改活动": lambda: EventDialog(store, held.id, window),
        "推进状态": lambda: LifecycleDialog(store, upcoming.id, window),
        "节假日": lambda: CalendarDialog(store, window),
        "代表": lambda: PersonDialog(store, person_id, window),
        "批量修改": lambda: BulkEditDialog(store, [person_id], window),
        "代表类别": lambda: CategoryEditor(store, window),
        "意见建议": lambda: FeedbackDialog(store, feedback[0].id, window),
        "交办": lambda: AssignDialog(store, feedback[:1], window),
        "答复": lambda: ReplyDialog(store, feedback[:1], window),
        "办结": lambda: CloseDialog(store, feedback[:1], window),
        "回访": lambda: FollowUpDialog(store, feedback[:1], window),
        "问卷录入": lambda: QuestionnaireEntryDialog(store, held.id, window),
        "问卷题目": lambda: QuestionEditorDialog(store, window),
        "设置": lambda: SettingsDialog(store, window),
        "年份": lambda: messages.year_dialog(window, "导出年度工作报告", 2026),
        "单位信息": lambda: UnitInfoDialog(store, window),
        "使用说明": lambda: HelpDialog(window),
        "从代表库选择": lambda: PoolPickerDialog(store, upcoming.id, window),
        "名单与遴选": lambda: SelectionWindow(store, upcoming.id, window),
        "签到模式": lambda: SignInWindow(store, upcoming.id, window),
        "分组与路线": lambda: GroupDialog(store, upcoming.id, lambda: [1, 2, 3], window),
        "现场登记": sign_in_with_walk_in,
        "活动记录": trail(0),  # the publication add form is on the first tab
        "活动记录·影像资料": trail(1),
        "活动记录·领导和工作人员": trail(2),
        "活动记录·座谈记录": trail(3),
        "备份与恢复": backups,
        "操作记录": audit,
        "个人信息保存期限": retention,
        "取消归档": unarchive,  # last: it archives the held event
    }
    only = set(argv[3:])
    for name, factory in factories.items():
        if only and name not in only:
            continue
        reports.append(_report(name, factory()))
    print(json.dumps(reports, ensure_ascii=False))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
