"""services.calendar, services.questionnaires and services.settings: checks first, one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import Event
from openday_desktop.domain.questionnaire import KIND_OPEN, Question
from openday_desktop.domain.workdays import parse_calendar_text
from openday_desktop.services import calendar as calendar_service
from openday_desktop.services import questionnaires as questionnaire_service
from openday_desktop.services import settings as settings_service
from openday_desktop.storage import Store
from tests.unit.helpers import dump

# --- calendar -------------------------------------------------------------------------------


def test_holidays_replace_the_year_in_one_transaction(
    store: Store, begins: Callable[[], int]
) -> None:
    calendar_service.set_days(store, {date(2031, 5, 2): "holiday"}, {date(2031, 5, 2): "旧"})
    before = begins()
    years = calendar_service.save_holidays(
        store, parse_calendar_text("2031-10-01~2031-10-03,休,国庆节\n2031-09-28,班")
    )
    assert begins() == before + 1
    assert years == {2031}
    kinds, names = store.calendar.days_with_names(2031)
    assert date(2031, 5, 2) not in kinds  # the year was replaced
    assert kinds[date(2031, 9, 28)] == "workday"
    assert names[date(2031, 10, 1)] == "国庆节"


def test_calendar_refusals_leave_the_database_unchanged(store: Store) -> None:
    calendar_service.set_days(store, {date(2031, 5, 2): "holiday"})
    before = dump(store)
    with pytest.raises(ValidationError, match="无法识别"):
        calendar_service.save_holidays(store, parse_calendar_text("2031-10-01,休\n2031-13-01,休"))
    with pytest.raises(ValidationError, match="节假日"):
        calendar_service.set_days(store, {date(2031, 5, 3): "holiday", date(2031, 5, 4): "x"})
    assert dump(store) == before


def test_clear_year_forgets_only_that_year(store: Store) -> None:
    calendar_service.set_days(
        store,
        {date(2031, 5, 2): "holiday", date(2031, 5, 3): "holiday", date(2032, 1, 1): "holiday"},
    )
    assert calendar_service.clear_year(store, 2031) == 2
    assert list(store.calendar.days()) == [date(2032, 1, 1)]


# --- questionnaires -------------------------------------------------------------------------


def test_forms_are_checked_before_they_are_stored(store: Store) -> None:
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 6, 12)))
    questions = store.questionnaires.questions()
    first = questions[0].id
    assert first is not None
    response_id = questionnaire_service.add_response(store, event_id, {first: "1"})
    before = dump(store)
    with pytest.raises(ValidationError):
        questionnaire_service.add_response(store, event_id, {first: "9"})
    with pytest.raises(NotFoundError):
        questionnaire_service.add_response(store, 999, {first: "1"})
    with pytest.raises(ValidationError):
        questionnaire_service.update_response(store, response_id, {first: "9"})
    with pytest.raises(NotFoundError):
        questionnaire_service.delete_response(store, 999)
    assert dump(store) == before
    questionnaire_service.update_response(store, response_id, {first: "2"})
    assert store.questionnaires.response(response_id).answers[first] == questions[0].choices()[1]
    questionnaire_service.delete_response(store, response_id)
    assert store.questionnaires.response_count(event_id) == 0


def test_questions_edit_move_remove_and_restore(store: Store) -> None:
    count = len(store.questionnaires.questions())
    question = Question("还有什么建议？", KIND_OPEN, [])
    new_id = questionnaire_service.add_question(store, question)
    assert question.id == new_id
    question.text = "还有什么意见和建议？"
    questionnaire_service.update_question(store, question)
    questionnaire_service.move_question(store, new_id, 0)
    assert store.questionnaires.questions()[0].text == "还有什么意见和建议？"
    before = dump(store)
    with pytest.raises(ValidationError):
        questionnaire_service.add_question(store, Question(" ", KIND_OPEN, []))
    with pytest.raises(NotFoundError):
        questionnaire_service.move_question(store, 999, 0)
    with pytest.raises(NotFoundError):
        questionnaire_service.remove_question(store, 999)
    assert dump(store) == before
    questionnaire_service.remove_question(store, new_id)
    assert len(store.questionnaires.questions()) == count
    questionnaire_service.restore_default_questions(store)
    assert len(store.questionnaires.questions()) == count


def test_the_last_question_cannot_be_removed(store: Store) -> None:
    questions = store.questionnaires.questions()
    for question in questions[1:]:
        assert question.id is not None
        questionnaire_service.remove_question(store, question.id)
    last = questions[0].id
    assert last is not None
    before = dump(store)
    with pytest.raises(ValidationError, match="至少要保留一道题"):
        questionnaire_service.remove_question(store, last)
    assert dump(store) == before


# --- settings and document texts ------------------------------------------------------------


def test_settings_all_or_none(store: Store, begins: Callable[[], int]) -> None:
    before = dump(store)
    with pytest.raises(ValidationError):
        settings_service.save_settings(
            store, {"unit_name": "青石镇人民政府", "events_per_year": -1}
        )
    assert dump(store) == before
    opened = begins()
    settings_service.save_settings(store, {"unit_name": " 青石镇人民政府 ", "events_per_year": 3})
    assert begins() == opened + 1
    assert store.settings.get("unit_name") == "青石镇人民政府"
    assert store.settings.get("events_per_year") == 3


def test_document_texts_per_event_and_as_unit_default(store: Store) -> None:
    from openday_desktop.exports.wording import DOC_PLAN, default_texts

    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 6, 12)))
    key, program = next(iter(default_texts(DOC_PLAN).items()))
    texts = dict(default_texts(DOC_PLAN))
    texts[key] = "本活动自己的文字"
    settings_service.save_event_texts(store, DOC_PLAN, texts, event_id)
    # Only what differs from the level below is stored.
    assert store.document_texts.texts(DOC_PLAN, event_id) == {key: "本活动自己的文字"}
    assert store.document_texts.texts(DOC_PLAN, None) == {}

    settings_service.save_default_texts(store, DOC_PLAN, texts, event_id=event_id)
    assert store.document_texts.get(DOC_PLAN, key) == "本活动自己的文字"
    assert store.document_texts.get(DOC_PLAN, key, event_id) is None  # follows the default now

    before = dump(store)
    with pytest.raises(ValidationError, match="太长"):
        settings_service.save_event_texts(store, DOC_PLAN, {key: "字" * 20001}, event_id)
    with pytest.raises(ValidationError):
        settings_service.save_default_texts(store, "no-such-doc", {key: "x"})
    with pytest.raises(NotFoundError):
        settings_service.save_event_texts(store, DOC_PLAN, texts, 999)
    assert dump(store) == before
    assert program != "本活动自己的文字"
