"""Questionnaires: forms typed in with the number keys, live figures, open remark -> suggestion."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from openday_desktop.domain.models import Event
from openday_desktop.domain.questionnaire import KIND_CHOICE, KIND_SCALE
from openday_desktop.ui.feedback.questionnaire_dialogs import (
    QuestionDialog,
    QuestionEditorDialog,
    QuestionnaireEntryDialog,
    keys_of,
    legend_html,
)
from openday_desktop.ui.main_window import MainWindow


def entry_dialog(window: MainWindow) -> QuestionnaireEntryDialog:
    with window.store.transaction():
        event_id = window.store.events.add(Event("开放日", date.today() - timedelta(days=2)))
    window.notify_changed("events")
    window.events_tab.select_ids([event_id])
    window.followup.questionnaire_action.trigger()
    dialog = window.followup.questionnaire_dialog
    assert isinstance(dialog, QuestionnaireEntryDialog)
    assert dialog.event_id() == event_id
    return dialog


def type_form(dialog: QuestionnaireEntryDialog, qtbot: Any, keys: str) -> None:
    qtbot.keyClicks(dialog.keys_edit, keys)
    qtbot.keyClick(dialog.keys_edit, Qt.Key.Key_Return)


def test_forms_typed_by_keys_update_the_satisfaction_rate(
    empty_window: MainWindow, qtbot: Any
) -> None:
    dialog = entry_dialog(empty_window)
    store = empty_window.store
    event_id = dialog.event_id()
    assert dialog.rate_label.text() == "满意率 —"  # no valid form yet

    type_form(dialog, qtbot, "11232")
    assert dialog.keys_edit.text() == ""  # cleared for the next form
    assert dialog.rate_label.text() == "满意率 100%"
    type_form(dialog, qtbot, "2")
    type_form(dialog, qtbot, "4")
    type_form(dialog, qtbot, "01")  # overall item left blank: not a valid form
    figures = store.questionnaires.satisfaction(event_id or 0)
    assert (figures.valid, figures.satisfied) == (3, 2)
    assert dialog.rate_label.text() == "满意率 66.7%"
    assert "有效问卷 3 份" in dialog.rate_detail.text()
    assert dialog.forms_model.rowCount() == 4
    assert dialog.forms_model.cell_text(0, 1) == "11232"

    # Per question: the first row counts the overall item's answers, option by option.
    first = dialog.distribution_rows()[0]
    assert first[0].startswith("1. 总的来说")
    assert first[1:6] == ["满意 1", "比较满意 1", "一般 0", "不太满意 1", "不满意 0"]
    assert first[6] == "66.7%"
    second = dialog.distribution_rows()[1]
    assert second[1] == "满意 2"  # forms 1 and 4 answered the second item with 1


def test_wrong_keys_are_explained_and_nothing_is_saved(
    empty_window: MainWindow, qtbot: Any
) -> None:
    dialog = entry_dialog(empty_window)
    type_form(dialog, qtbot, "19")
    assert "1 到 5" in dialog.error_text()
    assert dialog.keys_edit.text() == "19"  # kept for correcting
    dialog.keys_edit.clear()
    type_form(dialog, qtbot, "")
    assert "空白问卷" in dialog.error_text()
    assert dialog.responses == []
    qtbot.keyClicks(dialog.keys_edit, "12")
    assert "2.比较满意" in dialog.preview_label.text()


def test_correcting_and_deleting_a_form(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any
) -> None:
    dialog = entry_dialog(empty_window)
    type_form(dialog, qtbot, "1")
    type_form(dialog, qtbot, "1")
    assert dialog.rate_label.text() == "满意率 100%"
    dialog.forms_view.selectRow(1)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.keys_edit.text() == "1"
    assert "正在修改第 2 份" in dialog.mode_label.text()
    dialog.keys_edit.clear()
    type_form(dialog, qtbot, "5")
    assert len(dialog.responses) == 2  # corrected, not added
    assert dialog.rate_label.text() == "满意率 50%"

    messages_shown.confirm_answer = True
    dialog.forms_view.selectRow(1)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "第 2 份" in messages_shown.texts("confirm")[-1]
    assert len(dialog.responses) == 1
    assert dialog.rate_label.text() == "满意率 100%"


def test_open_remark_becomes_a_suggestion_once(
    empty_window: MainWindow, qtbot: Any, type_text: Any, messages_shown: Any
) -> None:
    dialog = entry_dialog(empty_window)
    qtbot.keyClicks(dialog.keys_edit, "1")
    type_text(dialog.open_edit, "希望每年多办几次。")
    qtbot.keyClick(dialog.open_edit, Qt.Key.Key_Return)
    assert dialog.open_model.rowCount() == 1
    assert dialog.open_model.cell_text(0, 1) == "希望每年多办几次。"

    dialog.open_view.selectRow(0)
    qtbot.mouseClick(dialog.convert_button, Qt.MouseButton.LeftButton)
    (item,) = empty_window.store.feedback.list()
    assert (item.content, item.status, item.person_id) == ("希望每年多办几次。", "待交办", None)
    assert item.event_id == dialog.event_id()
    assert "已转（第 " in dialog.open_model.cell_text(0, 2)
    # The 意见建议 tab hears about it and shows the new row.
    empty_window.tabs.setCurrentWidget(empty_window.feedback_tab)
    assert empty_window.feedback_tab.model.view_row_of(item.id or 0) is not None

    dialog.open_view.selectRow(0)
    qtbot.mouseClick(dialog.convert_button, Qt.MouseButton.LeftButton)
    assert "不必重复" in messages_shown.texts("warning")[-1]
    assert empty_window.store.feedback.count() == 1


def test_legend_groups_the_five_point_items(empty_window: MainWindow) -> None:
    questions = empty_window.store.questionnaires.questions()
    legend = legend_html(questions)
    assert "第1–5位" in legend and "第6位" in legend
    assert legend.count("比较满意") == 1


def test_question_editor_adds_moves_removes_and_resets(
    empty_window: MainWindow, qtbot: Any, type_text: Any, messages_shown: Any
) -> None:
    store = empty_window.store
    empty_window.followup.question_editor_action.trigger()
    editor = empty_window.followup.question_editor
    assert isinstance(editor, QuestionEditorDialog)
    default_count = editor.list_widget.count()

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    question = editor.question_dialog
    assert isinstance(question, QuestionDialog)
    type_text(question.text_edit, "您愿意再次参加吗？")
    question.kind_combo.setCurrentIndex(question.kind_combo.findData(KIND_CHOICE))
    question.options_edit.setPlainText("愿意\n看情况")
    qtbot.mouseClick(
        question.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
        Qt.MouseButton.LeftButton,
    )
    texts = [q.text for q in store.questionnaires.questions()]
    assert texts[-1] == "您愿意再次参加吗？"
    assert editor.list_widget.count() == default_count + 1
    assert editor.list_widget.currentRow() == default_count

    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    texts = [q.text for q in store.questionnaires.questions()]
    assert texts[-2] == "您愿意再次参加吗？"

    # A scale item needs exactly five options: the rule is shown, nothing saved.
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    question = editor.question_dialog
    assert isinstance(question, QuestionDialog)
    type_text(question.text_edit, "打分")
    question.kind_combo.setCurrentIndex(question.kind_combo.findData(KIND_SCALE))
    question.options_edit.setPlainText("好\n坏")
    question.accept()
    assert "5个选项" in question.error_label.text()
    question.reject()
    assert len(store.questionnaires.questions()) == default_count + 1

    messages_shown.confirm_answer = True
    editor.list_widget.setCurrentRow(default_count - 1)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert "您愿意再次参加吗？" not in [q.text for q in store.questionnaires.questions()]

    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert "统计不变" in messages_shown.texts("confirm")[-1]
    assert len(store.questionnaires.questions()) == default_count


def test_keys_of_types_a_form_back(empty_window: MainWindow) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 5, 8)))
    questions = store.questionnaires.questions()
    from openday_desktop.domain.questionnaire import answers_from_keys

    response_id = store.questionnaires.add_response(event_id, answers_from_keys(questions, "2013"))
    assert keys_of(questions, store.questionnaires.response(response_id)) == "2013"
