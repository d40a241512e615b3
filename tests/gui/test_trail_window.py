"""The event's trail in the real window: 活动记录 from the events tab (publication records
with their deadlines, attachments with thumbnails, leaders and staff with the face-to-face
warning, round-table notes, an archived event locked), the suggestion form's loop fields."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QTableWidgetItem

from openday_desktop.domain.models import Event, Feedback
from openday_desktop.ui.events.trail_dialog import TrailDialog
from openday_desktop.ui.feedback.feedback_dialog import FeedbackDialog
from openday_desktop.ui.main_window import MainWindow


def open_trail(window: MainWindow, event_id: int) -> TrailDialog:
    window.tabs.setCurrentWidget(window.events_tab)
    window.events_tab.reload()
    window.events_tab.select_ids([event_id])
    window.followup.event_trail_action.trigger()
    dialog = window.followup.trail_dialog
    assert isinstance(dialog, TrailDialog) and dialog.event_id == event_id
    return dialog


def add_event(window: MainWindow, day: date, status: str = "已举办") -> int:
    with window.store.transaction():
        event_id = window.store.events.add(Event("开放日", day, status=status))
    window.notify_changed("events")
    return event_id


def test_publications_attachments_officials_and_notes(
    empty_window: MainWindow, qtbot: Any, type_text: Any, messages_shown: Any, tmp_path: Path
) -> None:
    store = empty_window.store
    held = date.today() - timedelta(days=3)
    event_id = add_event(empty_window, held)
    dialog = open_trail(empty_window, event_id)
    assert dialog.publication_table.rowCount() == 0
    assert "公开实施方案" in dialog.missing_label.text()

    # 公开记录: one added through the fields, one refused with the reason.
    dialog.what_combo.setCurrentText("实施方案")
    dialog.channel_combo.setCurrentText("政府网站")
    type_text(dialog.place_edit, "https://example.gov.cn/plan")
    day = held - timedelta(days=20)
    dialog.publication_date_edit.setDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(dialog.add_publication_button, Qt.MouseButton.LeftButton)
    (record,) = store.trail.publications(event_id)
    assert (record.what, record.channel, record.place, record.date) == (
        "实施方案",
        "政府网站",
        "https://example.gov.cn/plan",
        day,
    )
    assert dialog.publication_table.item(0, 5).text() == "按时"
    assert "公开实施方案" not in dialog.missing_label.text()
    dialog.channel_combo.setCurrentText("其他")
    qtbot.mouseClick(dialog.add_publication_button, Qt.MouseButton.LeftButton)
    assert "请写明在哪里公开" in dialog.publication_error.text()
    assert len(store.trail.publications(event_id)) == 1

    # 影像资料: a real picture gets a thumbnail after the page is shown.
    picture = tmp_path / "现场.png"
    pixmap = QPixmap(400, 300)
    pixmap.fill(QColor("steelblue"))
    assert pixmap.save(str(picture))
    dialog.tabs.setCurrentIndex(1)
    type_text(dialog.caption_edit, "代表参观便民服务中心")
    messages_shown.open_answer = picture
    qtbot.mouseClick(dialog.add_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.copying)  # copied in a worker thread
    (attachment,) = store.trail.attachments(event_id)
    assert (attachment.kind, attachment.caption) == ("照片", "代表参观便民服务中心")
    assert dialog.attachment_list.count() == 1
    qtbot.waitUntil(lambda: dialog.thumbnails_pending() == 0)
    icon = dialog.attachment_list.item(0).icon()
    assert icon.actualSize(dialog.attachment_list.iconSize()).width() == 128  # scaled picture
    dialog.attachment_list.item(0).setSelected(True)
    messages_shown.confirm_answer = True
    qtbot.mouseClick(dialog.remove_file_button, Qt.MouseButton.LeftButton)
    assert store.trail.attachments(event_id) == [] and dialog.attachment_list.count() == 0

    # 领导和工作人员: the warning until a main or deputy leader is recorded.
    dialog.tabs.setCurrentIndex(2)
    assert "主要负责人或分管负责人" in dialog.leader_warning.text()
    dialog.add_official_row()
    dialog.official_table.setItem(0, 0, QTableWidgetItem("李明"))
    combo = dialog.official_table.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentText("分管负责人")
    dialog.official_table.setItem(0, 2, QTableWidgetItem("副镇长"))
    qtbot.mouseClick(dialog.save_officials_button, Qt.MouseButton.LeftButton)
    assert [(o.name, o.role, o.post) for o in store.trail.officials(event_id)] == [
        ("李明", "分管负责人", "副镇长")
    ]
    assert not dialog.leader_warning.isVisible()

    # 座谈记录
    dialog.tabs.setCurrentIndex(3)
    type_text(dialog.notes_edit, "代表建议延长窗口办公时间。")
    qtbot.mouseClick(dialog.save_notes_button, Qt.MouseButton.LeftButton)
    assert store.trail.roundtable_notes(event_id) == "代表建议延长窗口办公时间。"
    dialog.reject()


def test_an_archived_event_shows_its_record_locked(empty_window: MainWindow, qtbot: Any) -> None:
    event_id = add_event(empty_window, date.today() - timedelta(days=30), "已归档")
    dialog = open_trail(empty_window, event_id)
    assert "已归档" in dialog.frozen_label.text() and not dialog.frozen_label.isHidden()
    assert all(not widget.isEnabled() for widget in dialog.editing_widgets)
    dialog.reject()


def test_the_suggestion_form_shows_and_saves_the_loop_fields(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    held = date.today() - timedelta(days=10)
    event_id = add_event(empty_window, held)
    with store.transaction():
        item_id = store.feedback.add(
            Feedback(
                event_id,
                "路灯不亮。",
                status="已办结",
                responsible_unit="村镇建设办",
                deadline=held + timedelta(days=7),
                reply="已修复。",
                completed_date=held + timedelta(days=5),
                follow_up_method="电话",
                satisfaction="满意",
            )
        )
    dialog = FeedbackDialog(store, item_id, empty_window)
    qtbot.addWidget(dialog)
    assert dialog.completed_date.value() == held + timedelta(days=5)
    assert dialog.follow_up_method_combo.currentText() == "电话"
    assert dialog.reply_date.value() is None
    late = held + timedelta(days=9)
    dialog.completed_date.edit.setDate(QDate(late.year, late.month, late.day))
    dialog.follow_up_method_combo.setCurrentText("上门")
    type_text(dialog.follow_up_notes_edit, "当面回访。")
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    saved = store.feedback.get(item_id)
    assert (saved.completed_date, saved.on_time) == (late, False)
    assert (saved.follow_up_method, saved.follow_up_notes) == ("上门", "当面回访。")


def test_files_are_copied_off_the_window_thread_and_a_refused_one_stops_the_rest(
    demo_window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    import shutil
    import threading

    copied_in: list[str] = []
    real_copy = shutil.copyfile

    def copy(source: Any, target: Any) -> Any:
        copied_in.append(threading.current_thread().name)
        return real_copy(source, target)

    monkeypatch.setattr(shutil, "copyfile", copy)
    store = demo_window.store
    event_id = add_event(demo_window, date.today() - timedelta(days=3))
    dialog = open_trail(demo_window, event_id)
    photo = tmp_path / "合影.jpg"
    photo.write_bytes(b"\xff\xd8 a picture")
    empty = tmp_path / "空文件.pdf"
    empty.write_bytes(b"")
    dialog.add_files([str(photo), str(empty), str(photo)])
    assert not dialog.add_file_button.isEnabled()  # one copy at a time
    qtbot.waitUntil(lambda: not dialog.copying)
    assert dialog.add_file_button.isEnabled()
    assert [a.original_name for a in store.trail.attachments(event_id)] == ["合影.jpg"]
    assert "0 字节" in dialog.attachment_error.text()
    assert copied_in and threading.main_thread().name not in copied_in
