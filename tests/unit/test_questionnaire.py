"""The satisfaction questionnaire: default questions, editing, fast entry, figures."""

from __future__ import annotations

from datetime import date

import pytest

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import SATISFACTION_LEVELS, Event
from openday_desktop.domain.questionnaire import (
    HEARD_FROM_OPTIONS,
    KIND_CHOICE,
    KIND_OPEN,
    KIND_SCALE,
    Question,
    Response,
    answers_from_keys,
    check_question,
    clean_answers,
    default_questions,
    distribution,
    is_valid_response,
    normalize_answer,
    open_answer_to_feedback,
    overall_question,
    require_valid_question,
    satisfaction,
)
from openday_desktop.storage import Store


def test_default_questionnaire_shape() -> None:
    questions = default_questions()
    assert [q.position for q in questions] == list(range(len(questions)))
    scales = [q for q in questions if q.kind == KIND_SCALE]
    assert len(scales) >= 3
    assert questions[0].kind == KIND_SCALE  # the overall item comes first
    assert "总" in questions[0].text
    choice = next(q for q in questions if q.kind == KIND_CHOICE)
    assert choice.options == list(HEARD_FROM_OPTIONS)
    assert questions[-1].kind == KIND_OPEN
    assert all(not check_question(q) for q in questions)


def test_question_checks() -> None:
    assert check_question(Question(" ", KIND_OPEN))["text"].startswith("题目内容不能为空")
    assert "kind" in check_question(Question("x", "multi"))
    assert "正好有5个" in check_question(Question("x", KIND_SCALE, ["好", "差"]))["options"]
    assert "至少要有2个" in check_question(Question("x", KIND_CHOICE, ["是"]))["options"]
    assert "重复" in check_question(Question("x", KIND_CHOICE, ["是", "是"]))["options"]
    assert "数字" in check_question(Question("x", KIND_CHOICE, ["1", "2"]))["options"]
    cleaned = require_valid_question(Question(" 服务态度 ", KIND_SCALE))
    assert cleaned.text == "服务态度"
    assert cleaned.options == list(SATISFACTION_LEVELS)
    assert require_valid_question(Question("意见", KIND_OPEN, ["x"])).options == []


SCALE = Question("总体", KIND_SCALE, [], 0, 1)
CHOICE = Question("渠道", KIND_CHOICE, list(HEARD_FROM_OPTIONS), 1, 2)
OPEN = Question("建议", KIND_OPEN, [], 2, 3)
QUESTIONS = [SCALE, CHOICE, OPEN]


def test_answers_by_number_or_text() -> None:
    assert normalize_answer(SCALE, "1") == "满意"
    assert normalize_answer(SCALE, "２") == "比较满意"  # full-width digit
    assert normalize_answer(SCALE, " 一般 ") == "一般"
    assert normalize_answer(SCALE, "") == ""
    assert normalize_answer(CHOICE, "2") == "微信公众号"
    assert normalize_answer(OPEN, " 多开几次 ") == "多开几次"
    with pytest.raises(ValidationError, match="请填写 1 到 5 的数字"):
        normalize_answer(SCALE, "6")
    with pytest.raises(ValidationError, match="不是有效选项"):
        normalize_answer(CHOICE, "电视")


def test_clean_answers() -> None:
    assert clean_answers(QUESTIONS, {1: "1", 2: "", 3: "好"}) == {1: "满意", 3: "好"}
    with pytest.raises(ValidationError, match="一道题都没有填写"):
        clean_answers(QUESTIONS, {1: "", 3: " "})
    with pytest.raises(ValidationError, match="没有编号为 9 的题目"):
        clean_answers(QUESTIONS, {9: "1"})


def test_overall_item_and_satisfaction() -> None:
    assert overall_question([OPEN, CHOICE, SCALE]) is SCALE
    assert overall_question([OPEN, CHOICE]) is None
    responses = [
        Response(1, {1: "满意"}),
        Response(1, {1: "比较满意", 3: "好"}),
        Response(1, {1: "不满意"}),
        Response(1, {2: "其他"}),  # no overall answer: not valid
        Response(1, {1: "旧选项"}),  # an option removed since: not valid
    ]
    figures = satisfaction(QUESTIONS, responses)
    assert (figures.valid, figures.satisfied) == (3, 2)
    assert figures.rate == 2 / 3
    assert satisfaction(QUESTIONS, []).rate is None
    # Without a scale item any answered question makes the form valid.
    assert is_valid_response([CHOICE, OPEN], Response(1, {3: "好"}))
    assert not is_valid_response([CHOICE, OPEN], Response(1, {2: "电视"}))


def test_distribution() -> None:
    responses = [
        Response(1, {1: "满意", 2: "政府网站"}, 1),
        Response(1, {1: "满意", 3: "路灯"}, 2),
        Response(1, {1: "一般", 2: "政府网站"}, 3),
        Response(1, {1: "旧选项"}, 4),
    ]
    scale, choice, open_ = distribution(QUESTIONS, responses)
    assert list(scale.counts) == list(SATISFACTION_LEVELS)
    assert scale.counts == {"满意": 2, "比较满意": 0, "一般": 1, "不太满意": 0, "不满意": 0}
    assert (scale.answered, scale.blank, scale.invalid) == (4, 0, 1)
    assert scale.satisfied_rate == 2 / 3
    assert scale.share("一般") == 1 / 3
    assert choice.counts["政府网站"] == 2
    assert choice.blank == 2
    assert choice.satisfied_rate is None
    assert open_.texts == [(2, "路灯")]


def test_open_answer_to_feedback_domain() -> None:
    item = open_answer_to_feedback(Response(4, {3: " 多办几次 "}, 1), OPEN, category="其他")
    assert (item.event_id, item.content, item.person_id, item.status) == (
        4,
        "多办几次",
        None,
        "待交办",
    )
    with pytest.raises(ValidationError, match="只有填空"):
        open_answer_to_feedback(Response(4, {1: "满意"}), SCALE)
    with pytest.raises(ValidationError, match="没有填写内容"):
        open_answer_to_feedback(Response(4, {}), OPEN)


# --- the repository -----------------------------------------------------------------------


def test_seeded_once_and_editable(store: Store) -> None:
    repo = store.questionnaires
    questions = repo.questions()
    assert [q.text for q in questions] == [q.text for q in default_questions()]
    assert not repo.ensure_default()
    new_id = repo.add_question(Question("您对服务大厅的环境满意吗？", KIND_SCALE))
    assert repo.questions()[-1].id == new_id
    assert repo.question(new_id).options == list(SATISFACTION_LEVELS)
    edited = repo.question(new_id)
    edited.text = "服务大厅环境"
    repo.update_question(edited)
    assert repo.question(new_id).text == "服务大厅环境"
    with pytest.raises(ValidationError):
        repo.add_question(Question("", KIND_OPEN))
    repo.move_question(new_id, 0)
    ordered = repo.questions()
    assert ordered[0].id == new_id
    assert overall_question(ordered).id == new_id  # moving changes the overall item
    assert [q.position for q in ordered] == list(range(len(ordered)))
    with pytest.raises(ValidationError, match="顺序不完整"):
        repo.reorder([new_id])
    repo.remove_question(new_id)
    assert all(q.id != new_id for q in repo.questions())
    with pytest.raises(NotFoundError):
        repo.remove_question(new_id)


def test_last_question_cannot_be_removed_and_reset(store: Store) -> None:
    repo = store.questionnaires
    ids = [q.id or 0 for q in repo.questions()]
    for question_id in ids[:-1]:
        repo.remove_question(question_id)
    with pytest.raises(ValidationError, match="至少要保留一道题"):
        repo.remove_question(ids[-1])
    repo.reset_to_default()
    assert len(repo.questions()) == len(default_questions())


def test_responses_and_figures(store: Store) -> None:
    repo = store.questionnaires
    event_id = store.events.add(Event("开放日", date(2026, 6, 12)))
    other = store.events.add(Event("另一次", date(2026, 12, 11)))
    questions = repo.questions()
    overall, choice, open_ = questions[0], questions[5], questions[-1]
    first = repo.add_response(event_id, {overall.id: "1", choice.id: "3", open_.id: "路灯不亮"})
    repo.add_response(event_id, {overall.id: "2"})
    repo.add_response(event_id, {overall.id: "4", open_.id: ""})
    repo.add_response(other, {overall.id: "5"})
    assert repo.response_count(event_id) == 3
    assert repo.response(first).answers == {
        overall.id: "满意",
        choice.id: "村(社区)通知",
        open_.id: "路灯不亮",
    }
    figures = repo.satisfaction(event_id)
    assert (figures.valid, figures.satisfied) == (3, 2)
    dist = repo.distribution(event_id)
    assert dist[0].counts["不太满意"] == 1
    assert repo.open_answers(event_id) == [(first, open_.id, "路灯不亮")]
    assert len(repo.responses(event_ids=[event_id, other])) == 4
    assert repo.responses(event_ids=[]) == []
    assert len(repo.responses()) == 4

    with pytest.raises(ValidationError, match="不是有效选项"):
        repo.add_response(event_id, {overall.id: "9"})
    with pytest.raises(NotFoundError):
        repo.add_response(999, {overall.id: "1"})
    assert repo.response_count(event_id) == 3  # nothing half-written

    repo.update_response(first, {overall.id: "5"})
    assert repo.response(first).answers == {overall.id: "不满意"}
    assert repo.satisfaction(event_id).satisfied == 1
    repo.delete_response(first)
    assert repo.response_count(event_id) == 2
    assert repo.answer_count(overall.id) == 3


def test_open_answer_becomes_feedback_once(store: Store) -> None:
    from openday_desktop.services.feedback import open_answer_to_feedback as convert

    repo = store.questionnaires
    event_id = store.events.add(Event("开放日", date(2025, 9, 26)))
    questions = repo.questions()
    open_ = questions[-1]
    response_id = repo.add_response(event_id, {questions[0].id: "1", open_.id: "希望周末也能办事"})
    feedback_id = convert(
        store, response_id, open_.id, category="政务服务", today=date(2025, 9, 28)
    )
    item = store.feedback.get(feedback_id)
    assert (item.content, item.category, item.status) == ("希望周末也能办事", "政务服务", "待交办")
    assert item.person_id is None
    # Ten working days after Friday 26 September 2025, across the National Day holiday.
    assert item.deadline == date(2025, 10, 16)
    with pytest.raises(ValidationError, match=f"编号 {feedback_id}"):
        convert(store, response_id, open_.id)
    with pytest.raises(ValidationError, match="只有填空"):
        repo.feedback_from_open_answer(response_id, questions[0].id)
    second = repo.add_response(event_id, {open_.id: "路灯"})
    with pytest.raises(ValidationError, match="不在分类列表中"):
        convert(store, second, open_.id, category="瞎写")
    assert store.feedback.count() == 1


def test_answers_from_keys_for_fast_entry() -> None:
    questions = [*default_questions(), Question("补充", KIND_OPEN, [], 9)]
    for index, question in enumerate(questions, start=1):
        question.id = index
    answers = answers_from_keys(questions, "12 0-3", "多开几次")
    assert answers == {1: "满意", 2: "比较满意", 6: "村(社区)通知", 7: "多开几次"}
    assert answers_from_keys(questions, "１") == {1: "满意"}
    with pytest.raises(ValidationError, match="只有6道选择题"):
        answers_from_keys(questions, "1111111")
    with pytest.raises(ValidationError, match="不是有效选项"):
        answers_from_keys(questions, "7")
