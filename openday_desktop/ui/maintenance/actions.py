"""The 文件 menu entries and the 代表 tab's 删除并抹去, and the check after the first paint.

The quick integrity check and the daily backup run right after the window has painted (they
read the whole file; the window must not wait for them). A damaged database opens the
restore dialog; a disk too full for the backup gets a warning, and the window stays usable.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from openday_desktop.domain.errors import DatabaseDamagedError, OpenDayError
from openday_desktop.domain.masking import mask_name
from openday_desktop.services import maintenance
from openday_desktop.storage import open_store
from openday_desktop.storage.backups import file_problems, has_backup_today, take_backup
from openday_desktop.storage.diagnosis import RESTORE_HINT, diagnose
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.actions import make_action

if TYPE_CHECKING:
    from openday_desktop.ui.common.app_window import AppWindow


def _restored_text(kept: Path | None, people: int | None, events: int | None) -> str:
    text = f"已恢复：代表 {people} 人，活动 {events} 个。"
    if kept is not None:
        text += f"\n原来的数据库已另存为：{kept}"
    return text


def recover_at_start(db_path: Path, message: str) -> bool:
    """The database cannot be opened because it is damaged: offer the restore. True if done."""
    from .backup_dialog import BackupDialog

    def restorer(backup: Path) -> str:
        kept, info = maintenance.restore(db_path, backup)
        return _restored_text(kept, info.people, info.events)

    dialog = BackupDialog(db_path, restorer, None, damaged=message)
    if not dialog.backups:
        messages.error(
            None, f"{message}\n\n没有找到完好的备份。请不要删除这个文件，联系技术支持人员。"
        )
        return False
    dialog.exec()
    return dialog.restored


def check_file(path: Path) -> tuple[str, str]:
    """("damaged" | "warning" | "ok", Chinese message): the start-up check and daily backup."""
    try:
        if file_problems(path):
            return "damaged", f"数据库“{path}”已损坏（部分数据页无法读取）。{RESTORE_HINT}"
        if not has_backup_today(path):
            take_backup(path, "daily")
    except DatabaseDamagedError as exc:
        return "damaged", exc.message
    except OpenDayError as exc:  # too little disk space: the window goes on
        return "warning", exc.message
    except Exception as exc:  # the backup failed (permissions, disk): say why, go on
        return "warning", f"今天的自动备份没有完成：{diagnose(exc, path)}"
    return "ok", ""


class MaintenanceActions(QObject):
    """Owns the actions and dialogs; one per main window."""

    checked = Signal(str, str)  # the start-up check's outcome, from its thread

    def __init__(self, window: AppWindow) -> None:
        super().__init__(window)
        self.window = window
        self.backup_action = make_action(window, "备份与恢复(&B)…", self.show_backups)
        self.backup_action.setObjectName("backupAction")
        self.audit_action = make_action(window, "操作记录(&L)…", self.show_audit)
        self.audit_action.setObjectName("auditAction")
        self.retention_action = make_action(window, "个人信息保存期限…", self.show_retention)
        self.retention_action.setObjectName("retentionAction")
        self.erase_action = make_action(
            window,
            "删除并抹去…",
            self.erase_selected,
            tip="删除所选人员，并清除意见建议、操作记录和所有备份中的个人信息",
        )
        self.erase_action.setObjectName("eraseAction")
        self.checked.connect(self._show_check)
        menu = window.file_menu
        before = window.settings_action
        for action in (self.backup_action, self.audit_action, self.retention_action):
            menu.insertAction(before, action)
        menu.insertSeparator(before)
        view = window.representatives_tab.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addAction(self.erase_action)

    # --- after the first paint -------------------------------------------------------------

    def check_after_start(self, *, wait: bool = False) -> None:
        """Quick integrity check, then today's backup; damage opens the restore dialog.

        Both read the whole file, so they run in a thread on their own connections (the
        window stays responsive); the outcome comes back to the window through a signal.
        ``wait``: run in the caller's thread (tests).
        """
        path = Path(self.window.store.path)
        if wait:
            self._show_check(*check_file(path))
            return

        def run() -> None:
            outcome = check_file(path)
            try:
                self.checked.emit(*outcome)
            except RuntimeError:  # the window was closed meanwhile: nobody left to tell
                pass

        thread = threading.Thread(target=run, name="startup-check", daemon=True)
        self._check_thread = thread
        thread.start()

    def _show_check(self, kind: str, message: str) -> None:
        if kind == "damaged":
            self.show_backups(damaged=message)
        elif kind == "warning":
            messages.warning(self.window, message)

    # --- dialogs ---------------------------------------------------------------------------

    def restore_into_window(self, backup: Path) -> str:
        """Close the store (keeping the window's lock), restore, reopen, show the result."""
        window = self.window
        old = window.store
        path = Path(old.path)
        lock, old.lock = old.lock, None
        old.close()
        try:
            kept, info = maintenance.restore(path, backup, own_lock=True)
        finally:
            store = open_store(path)
            store.lock = lock
            window.set_store(store)
            window.notify_changed("events")
            window.notify_changed("people")
            window.notify_changed("feedback")
        return _restored_text(kept, info.people, info.events)

    def show_backups(self, *, damaged: str = "") -> None:
        from .backup_dialog import BackupDialog

        dialog = BackupDialog(
            Path(self.window.store.path), self.restore_into_window, self.window, damaged=damaged
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backup_dialog = dialog
        dialog.open()

    def show_audit(self) -> None:
        from .audit_dialog import AuditDialog

        dialog = AuditDialog(self.window.store, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.audit_dialog = dialog
        dialog.open()

    def show_retention(self) -> None:
        from .retention_dialog import RetentionDialog

        dialog = RetentionDialog(self.window.store, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._after_erase(dialog.erased))
        self.retention_dialog = dialog
        dialog.open()

    def _after_erase(self, erased: bool) -> None:
        if erased:
            self.window.notify_changed("people")
            self.window.notify_changed("feedback")

    def erase_selected(self) -> None:
        """删除并抹去 the people selected in the 代表 tab."""
        from openday_desktop.services.privacy import erase_people

        tab = self.window.representatives_tab
        ids = tab.selected_ids()
        if not ids:
            messages.info(self.window, "请先在“代表”页选中要抹去的人员。")
            return
        store = self.window.store
        people = store.people.get_many(ids)
        names = "、".join(mask_name(people[i].name) for i in ids if i in people)
        if not messages.confirm(
            self.window,
            f"删除并抹去 {len(ids)} 人（{names}）？\n出席记录、意见建议和操作记录中的姓名、电话、"
            "身份证号，以及 backups 文件夹中每份备份里的记录都会清除，无法恢复。",
            "删除并抹去",
            "删除并抹去",
        ):
            return
        try:
            report = erase_people(store, ids)
        except Exception as exc:
            messages.error(self.window, diagnose(exc, store.path))
            return
        self._after_erase(True)
        messages.info(self.window, report.summary())


def install_maintenance(window: AppWindow) -> MaintenanceActions:
    """Add the menu entries (app.py runs ``check_after_start`` once the window has painted)."""
    return MaintenanceActions(window)
