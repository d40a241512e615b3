"""The record in the real window: sign-in only on the day (a past event as an explicit 补录, a
future one refused), an archived event's questionnaire entry locked, past figures unmoved by
question edits, a 公示 with nobody approved refused before the file dialog."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt

from openday_desktop.domain.models import (
    ATTENDANCE_PRESENT,
    INV_CONFIRMED,
    Event,
    Invitation,
    Person,
    Site,
)
from openday_desktop.services import events as event_service
from openday_desktop.services import questionnaires as questionnaire_service
from openday_desktop.ui.feedback.questionnaire_dialogs import QuestionnaireEntryDialog
from openday_desktop.ui.main_window import MainWindow


def add_event(window: MainWindow, day: date, *names: str) -> int:
    store = window.store
    with store.transaction():
        event_id = store.events.add(Event(title="开放日", date=day, sites=[Site("便民服务中心")]))
        for number, name in enumerate(names):
            person_id = store.people.add(Person(name=name, phone=f"1380013800{number}"))
            store.invitations.invite(
                Invitation(event_id=event_id, person_id=person_id, status=INV_CONFIRMED)
            )
    window.notify_changed("events")
    window.events_tab.reload()
    window.events_tab.select_ids([event_id])
    return event_id


def test_sign_in_desk_refuses_a_future_event(empty_window: MainWindow, messages_shown: Any) -> None:
    event_id = add_event(empty_window, date.today() + timedelta(days=7), "王芳")
    empty_window.selection_tools.signin_action.trigger()
    assert event_id not in empty_window.selection_tools.signin_windows
    assert "还没到签到的日子" in messages_shown.texts("error")[-1]


def test_sign_in_desk_on_a_past_event_is_an_explicit_backfill(
    empty_window: MainWindow, messages_shown: Any, qtbot: Any
) -> None:
    event_id = add_event(empty_window, date.today() - timedelta(days=20), "王芳", "李四")
    tools = empty_window.selection_tools
    messages_shown.confirm_answer = False
    tools.signin_action.trigger()
    assert "补录" in messages_shown.texts("confirm")[-1]
    assert event_id not in tools.signin_windows
    messages_shown.confirm_answer = True
    tools.signin_action.trigger()
    desk = tools.signin_windows[event_id]
    assert desk.backfill and "补录" in desk.windowTitle() and "补录" in desk.date_label.text()
    desk.input.setText("王芳")
    qtbot.keyClick(desk.input, Qt.Key.Key_Return)
    assert "补录签到成功" in desk.result_label.text()
    listed = {
        person.name: inv for inv, person in empty_window.store.invitations.for_event(event_id)
    }
    signed = listed["王芳"]
    assert signed.attendance == ATTENDANCE_PRESENT and signed.signed_in_at is None
    assert signed.recorded_by and signed.recorded_at is not None
    assert listed["李四"].attendance == ""


def test_archived_event_locks_questionnaire_entry_and_keeps_its_figures(
    empty_window: MainWindow, qtbot: Any
) -> None:
    store = empty_window.store
    day = date.today() - timedelta(days=30)
    event_id = add_event(empty_window, day)
    for answers in ("1", "2", "4"):
        questionnaire_service.add_response(
            store, event_id, {store.questionnaires.questions()[0].id or 0: answers}
        )
    before = store.questionnaires.satisfaction(event_id)
    # The editor renames the overall item's options and moves another scale item first.
    overall = store.questionnaires.questions()[0]
    overall.options = ["很好", "好", "一般", "差", "很差"]
    questionnaire_service.update_question(store, overall)
    questionnaire_service.move_question(store, store.questionnaires.questions()[1].id or 0, 0)
    assert store.questionnaires.satisfaction(event_id) == before

    event_service.change_status(store, event_id, "已归档", day + timedelta(days=1))
    empty_window.notify_changed("events")
    empty_window.events_tab.select_ids([event_id])
    empty_window.followup.questionnaire_action.trigger()
    dialog = empty_window.followup.questionnaire_dialog
    assert isinstance(dialog, QuestionnaireEntryDialog) and dialog.event_id() == event_id
    assert dialog.frozen_label.isVisibleTo(dialog) and "已归档" in dialog.frozen_label.text()
    assert "录入时的题目" in dialog.frozen_label.text()
    assert not dialog.keys_edit.isEnabled() and not dialog.save_button.isEnabled()
    # The figures shown are the event's own, in its own questions' words.
    assert dialog.rate_label.text() == "满意率 66.7%"
    assert dialog.distribution_rows()[0][1] == "满意 1"
    assert dialog.save_form() is None and store.questionnaires.response_count(event_id) == 3


def test_notice_with_nobody_approved_is_refused_before_asking_for_a_file(
    empty_window: MainWindow, messages_shown: Any
) -> None:
    store = empty_window.store
    store.settings.set_many(
        {
            "unit_name": "青山镇人民政府",
            "office_name": "党政办公室",
            "contact_person": "王芳",
            "contact_phone": "0571-12345678",
        }
    )
    add_event(empty_window, date.today() + timedelta(days=30), "王芳")
    # 王芳 is 已确认 in add_event; a fresh list of people only 已报名 has nobody to publish.
    with store.transaction():
        nobody = store.events.add(Event(title="还没遴选", date=date.today() + timedelta(days=40)))
        person_id = store.people.add(Person(name="李四", phone="13900139000"))
        store.invitations.invite(Invitation(event_id=nobody, person_id=person_id))
    empty_window.notify_changed("events")
    empty_window.events_tab.reload()
    empty_window.events_tab.select_ids([nobody])
    messages_shown.save_answer = None
    assert empty_window.exports.export("notice") is False
    assert "审核通过" in messages_shown.texts("error")[-1]


def test_archived_events_suggestion_keeps_its_record_and_its_handling_goes_on(
    empty_window: MainWindow,
) -> None:
    from openday_desktop.domain.models import Feedback
    from openday_desktop.services import feedback as feedback_service
    from openday_desktop.ui.feedback.feedback_dialog import FeedbackDialog

    store = empty_window.store
    day = date.today() - timedelta(days=30)
    event_id = add_event(empty_window, day)
    item_id = feedback_service.add_feedback(
        store, Feedback(event_id=event_id, content="路灯不亮", category="基础设施")
    )
    event_service.change_status(store, event_id, "已归档", day + timedelta(days=1))
    dialog = FeedbackDialog(store, item_id, empty_window)
    assert dialog.content_edit.isReadOnly() and not dialog.event_combo.isEnabled()
    assert not dialog.category_combo.isEnabled() and "已归档" in dialog.windowTitle()
    assert dialog.unit_edit.isEnabled()
    dialog.unit_edit.setText("镇城建办")
    assert dialog.save() == item_id
    assert store.feedback.get(item_id).responsible_unit == "镇城建办"
    dialog.close()


def test_question_editor_moves_and_resets_without_moving_past_figures(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any
) -> None:
    from openday_desktop.storage.statistics import event_stats
    from openday_desktop.ui.feedback.questionnaire_dialogs import QuestionEditorDialog

    store = empty_window.store
    event_id = add_event(empty_window, date.today() - timedelta(days=30))
    overall = store.questionnaires.questions()[0].id or 0
    second = store.questionnaires.questions()[1].id or 0
    for keys in ((1, 5), (2, 5), (4, 5), (1, 1)):  # the second item would read 25%, not 75%
        questionnaire_service.add_response(
            store, event_id, {overall: str(keys[0]), second: str(keys[1])}
        )
    before = event_stats(store, event_id).to_json()
    empty_window.followup.question_editor_action.trigger()
    editor = empty_window.followup.question_editor
    assert isinstance(editor, QuestionEditorDialog)
    editor.list_widget.setCurrentRow(1)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)  # a new overall item
    assert store.questionnaires.questions()[0].id == second
    assert event_stats(store, event_id).to_json() == before
    messages_shown.confirm_answer = True
    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert "统计不变" in messages_shown.texts("confirm")[-1]
    assert store.questionnaires.response_count(event_id) == 4
    assert event_stats(store, event_id).to_json() == before
