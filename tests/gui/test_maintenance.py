"""备份与恢复, the recovery path, 删除并抹去, 操作记录 and the one-window lock, in the real window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openday_desktop import app as app_module
from openday_desktop.app import build_main_window
from openday_desktop.domain.errors import DatabaseInUseError
from openday_desktop.storage.backups import backup_dir, take_backup
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.maintenance.backup_dialog import BackupDialog

PAGE = 4096


def _damage(path: Path) -> None:
    with open(path, "r+b") as handle:
        for page in (2, 3, 4, 5):
            handle.seek(page * PAGE)
            handle.write(bytes([0xA5]) * PAGE)


def test_backup_dialog_lists_good_backups_backs_up_and_restores(
    demo_window: MainWindow, messages_shown: Any, qtbot: Any
) -> None:
    store = demo_window.store
    people = store.people.count()
    demo_window.maintenance.backup_action.trigger()
    dialog = demo_window.maintenance.backup_dialog
    assert dialog.table.rowCount() == 0
    dialog.backup_button.click()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == str(people)
    # A change after the backup, then the restore takes it back.
    demo_window.representatives_tab.ensure_loaded()
    demo_window.representatives_tab.view.selectRow(0)
    messages_shown.confirm_answer = True
    demo_window.maintenance.erase_action.trigger()
    assert demo_window.store.people.count() == people - 1
    dialog.reload()
    assert dialog.table.rowCount() == 1  # the erasure rewrote the backup, it did not add one
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert "已恢复" in messages_shown.texts("info")[-1]
    assert demo_window.store is not store
    assert demo_window.store.people.count() == people - 1  # the backup holds no erased person
    assert demo_window.store.lock is not None
    assert f"活动 {demo_window.store.events.count()} 个" in demo_window.counts_label.text()


def test_erase_action_removes_the_person_and_reports(
    demo_window: MainWindow, messages_shown: Any
) -> None:
    tab = demo_window.representatives_tab
    tab.ensure_loaded()
    tab.view.selectRow(0)
    person_id = tab.selected_ids()[0]
    id_number = demo_window.store.people.get(person_id).id_number
    assert tab.view.actions() and demo_window.maintenance.erase_action in tab.view.actions()
    messages_shown.confirm_answer = False
    demo_window.maintenance.erase_action.trigger()
    assert demo_window.store.people.get(person_id)  # declined: nothing happened
    messages_shown.confirm_answer = True
    demo_window.maintenance.erase_action.trigger()
    assert person_id not in tab.selected_ids()
    assert "已删除并抹去 1 人" in messages_shown.texts("info")[-1]
    if id_number:
        folder = Path(demo_window.store.path).parent
        data = id_number.encode()
        assert not [p for p in folder.rglob("*") if p.is_file() and data in p.read_bytes()]


def test_audit_and_retention_dialogs(demo_window: MainWindow, messages_shown: Any) -> None:
    store = demo_window.store
    person = store.people.list()[0]
    person.notes = "改过备注"
    store.people.update(person)
    demo_window.maintenance.audit_action.trigger()
    audit = demo_window.maintenance.audit_dialog
    rows = [
        [audit.table.item(r, c).text() for c in range(audit.table.columnCount())]
        for r in range(audit.table.rowCount())
    ]
    assert any(row[2] == "修改" and row[5] == "备注" and "改过备注" in row[6] for row in rows)
    demo_window.maintenance.retention_action.trigger()
    retention = demo_window.maintenance.retention_dialog
    retention.years.setValue(1)
    listed = retention.table.rowCount()
    before = store.people.count()
    messages_shown.confirm_answer = True
    retention.erase_button.click()
    if listed:
        assert demo_window.store.people.count() == before - listed
        assert retention.table.rowCount() == 0


def test_second_window_on_the_same_database_is_refused(
    empty_window: MainWindow, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(DatabaseInUseError):
        build_main_window(empty_window.store.path)
    assert app_module._open_window(str(empty_window.store.path), quiet=True) is None
    assert "另一个窗口" in capsys.readouterr().err


def test_a_damaged_database_opens_the_restore_dialog(
    db_path: Path, messages_shown: Any, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    from openday_desktop.storage import open_store
    from openday_desktop.storage.demo import fill_demo

    store = open_store(db_path)
    fill_demo(store)
    people = store.people.count()
    store.close()
    take_backup(db_path, "daily")
    _damage(db_path)
    messages_shown.confirm_answer = True

    def choose_newest(dialog: BackupDialog) -> int:
        dialog.restore_selected()
        return 1

    monkeypatch.setattr(BackupDialog, "exec", choose_newest)
    window = app_module._open_window(str(db_path), quiet=False)
    assert window is not None
    qtbot.addWidget(window)
    if window.store.people.count() != people:
        # The damage was not met while building: the check after the first paint finds it.
        window.maintenance.check_after_start(wait=True)
        dialog = window.maintenance.backup_dialog
        assert "损坏" in dialog.intro.text()
        dialog.restore_selected()
    assert window.store.people.count() == people
    assert window.store.quick_problems() == []
    assert len([p for p in backup_dir(db_path).glob("*.db")]) == 2  # the good one + the kept


def test_low_disk_space_after_start_is_a_warning_not_a_dead_window(
    demo_window: MainWindow, messages_shown: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openday_desktop.storage import backups

    monkeypatch.setattr(backups, "free_space_problem", lambda *_a: "磁盘剩余空间只有 1 MB")
    demo_window.maintenance.check_after_start(wait=True)
    assert "磁盘剩余空间" in messages_shown.texts("warning")[-1]
    assert not backup_dir(Path(demo_window.store.path)).exists()
    assert demo_window.isVisible()


def test_the_start_up_check_runs_beside_the_window_and_backs_up(
    demo_window: MainWindow, messages_shown: Any, qtbot: Any
) -> None:
    folder = backup_dir(Path(demo_window.store.path))
    demo_window.maintenance.check_after_start()
    qtbot.waitUntil(lambda: any(folder.glob("*-daily.db")), timeout=10_000)
    demo_window.maintenance._check_thread.join(10)
    qtbot.wait(10)
    assert messages_shown.texts("warning") == []
