"""The satisfaction questionnaire: returned paper forms typed in, and the unit's questions.

Answers are checked against the event's questions (``domain.questionnaire.clean_answers``)
and questions against ``require_valid_question`` before anything is written. An open remark
on a form becomes a suggestion through ``services.feedback.open_answer_to_feedback``.

Versions: an event's first form pins it to the current questions (a stored version); the
question functions below change the current questions only, i.e. what later events get.
Forms already entered, and every figure computed from them, never change. An archived
event's forms are part of its record and are refused (``services.record``).
"""

from __future__ import annotations

from collections.abc import Mapping

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.questionnaire import Question, clean_answers, require_valid_question
from openday_desktop.services.record import require_open_record
from openday_desktop.storage import Store


def add_response(store: Store, event_id: int, answers: Mapping[int, str]) -> int:
    """Store one returned form of the event; returns its id (numbers 1-5 stand for options).

    The answers are checked against the event's version (the current questions for its
    first form, which pins that version).
    """
    require_open_record(store, event_id, "录入问卷")
    cleaned = clean_answers(store.questionnaires.questions_for(event_id), answers)
    with store.transaction():
        return store.questionnaires.add_response(event_id, cleaned)


def update_response(store: Store, response_id: int, answers: Mapping[int, str]) -> None:
    """Replace the answers of a form typed in wrongly."""
    response = store.questionnaires.response(response_id)
    require_open_record(store, response.event_id, "修改问卷")
    cleaned = clean_answers(store.questionnaires.questions_for(response.event_id), answers)
    with store.transaction():
        store.questionnaires.update_response(response_id, cleaned)


def delete_response(store: Store, response_id: int) -> None:
    """Remove a form and its answers."""
    response = store.questionnaires.response(response_id)
    require_open_record(store, response.event_id, "删除问卷")
    with store.transaction():
        store.questionnaires.delete_response(response_id)


def add_question(store: Store, question: Question) -> int:
    """Append a question at the end of the questionnaire; returns its id and sets ``question.id``."""
    if question.id is not None:
        raise ValueError("add_question() needs a question without an id")
    require_valid_question(question)
    with store.transaction():
        return store.questionnaires.add_question(question)


def update_question(store: Store, question: Question) -> None:
    """Save a question's changed text, kind or options (its place stays)."""
    if question.id is None:
        raise ValueError("update_question() needs a question with an id")
    store.questionnaires.question(question.id)
    require_valid_question(question)
    with store.transaction():
        store.questionnaires.update_question(question)


def remove_question(store: Store, question_id: int) -> None:
    """Remove a question for later events (entered forms keep it); the last cannot go."""
    questions = store.questionnaires.questions()
    if all(q.id != question_id for q in questions):
        raise NotFoundError(f"问卷中没有编号为 {question_id} 的题目。")
    if len(questions) == 1:
        raise ValidationError("question", "问卷至少要保留一道题，请先添加新题再删除这一道。")
    with store.transaction():
        store.questionnaires.remove_question(question_id)


def move_question(store: Store, question_id: int, new_index: int) -> None:
    """Move one question to ``new_index`` (0 = first; clamped to the list)."""
    store.questionnaires.question(question_id)
    with store.transaction():
        store.questionnaires.move_question(question_id, new_index)


def restore_default_questions(store: Store) -> None:
    """Make the default questionnaire the current one; entered forms keep their versions."""
    with store.transaction():
        store.questionnaires.reset_to_default()
