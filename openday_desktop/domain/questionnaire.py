"""The satisfaction questionnaire: its questions, the paper answers typed in, and their figures.

A question is a five-point scale, a single choice or an open text. The first scale question
in the unit's order is the *overall* item: the satisfaction rate and the count of valid
questionnaires come from it, so a report never quotes two different rates.

The questionnaire is versioned: an event keeps the exact questions its forms were entered
against (a *snapshot*, stored as JSON), and the unit's current questions are what later
events get. A report on a past event therefore never moves when the questions are edited,
reordered or restored to the defaults.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from .errors import ValidationError
from .models import SATISFACTION_LEVELS, Feedback

KIND_SCALE = "scale"
KIND_CHOICE = "choice"
KIND_OPEN = "open"
QUESTION_KINDS: tuple[str, ...] = (KIND_SCALE, KIND_CHOICE, KIND_OPEN)
KIND_LABELS: dict[str, str] = {
    KIND_SCALE: "五级评价",
    KIND_CHOICE: "单选",
    KIND_OPEN: "填空（意见）",
}

HEARD_FROM_OPTIONS: tuple[str, ...] = ("政府网站", "微信公众号", "村(社区)通知", "朋友介绍", "其他")
# Typing a form: the key written for a question left blank, and every key read as blank.
SKIP_KEY = "0"
SKIP_KEYS = " 0-"
# The first two points of a scale count as satisfied (满意 + 比较满意).
SATISFIED_POINTS = 2
MAX_OPEN_ANSWER = 2000


@dataclass
class Question:
    """One question of the questionnaire; ``options`` are the choices of scale/choice items."""

    text: str
    kind: str = KIND_SCALE
    options: list[str] = field(default_factory=list)
    position: int = 0
    id: int | None = None

    def choices(self) -> list[str]:
        """The answers a form may give: a scale without options uses the standard five levels."""
        if self.kind == KIND_OPEN:
            return []
        if self.kind == KIND_SCALE and not self.options:
            return list(SATISFACTION_LEVELS)
        return list(self.options)


@dataclass
class Response:
    """One returned paper form: question id -> the answer ("" or missing: not answered)."""

    event_id: int
    answers: dict[int, str] = field(default_factory=dict)
    id: int | None = None


def default_questions() -> list[Question]:
    """The questionnaire offered before the unit edits it: overall item first."""
    texts_scale = (
        "总的来说，您对本次政府开放日活动满意吗？",
        "您对活动的组织安排（时间、流程、接待）满意吗？",
        "您对参观的开放场所和工作人员的讲解满意吗？",
        "您对座谈交流时得到的答复满意吗？",
        "您对我镇政务公开和便民服务工作的总体印象如何？",
    )
    questions = [Question(text, KIND_SCALE, list(SATISFACTION_LEVELS)) for text in texts_scale]
    questions.append(
        Question("您是通过什么渠道知道本次活动的？", KIND_CHOICE, list(HEARD_FROM_OPTIONS))
    )
    questions.append(Question("您对我们的工作还有哪些意见和建议？", KIND_OPEN))
    for position, question in enumerate(questions):
        question.position = position
    return questions


# --- versions -------------------------------------------------------------------------------


def snapshot_json(questions: Iterable[Question]) -> str:
    """The questions as one JSON text: what a questionnaire version stores."""
    return json.dumps(
        [
            {
                "id": q.id,
                "text": q.text,
                "kind": q.kind,
                "options": list(q.options),
                "position": q.position,
            }
            for q in display_order(questions)
        ],
        ensure_ascii=False,
    )


def questions_from_snapshot(text: str) -> list[Question]:
    """The questions of a stored version (``snapshot_json`` reversed)."""
    return [
        Question(item["text"], item["kind"], list(item["options"]), item["position"], item["id"])
        for item in json.loads(text)
    ]


# --- checking questions ---------------------------------------------------------------------


def check_question(question: Question) -> dict[str, str]:
    """Problems that prevent saving a question, by field name, in Chinese."""
    errors: dict[str, str] = {}
    if not question.text.strip():
        errors["text"] = "题目内容不能为空，请填写要问的问题。"
    if question.kind not in QUESTION_KINDS:
        errors["kind"] = "题型只能是“五级评价”“单选”或“填空（意见）”。"
        return errors
    options = [o.strip() for o in question.options]
    if question.kind == KIND_SCALE and options and len(options) != 5:
        errors["options"] = "五级评价题必须正好有5个选项（从最好到最差排列）。"
    elif question.kind == KIND_CHOICE and len([o for o in options if o]) < 2:
        errors["options"] = "单选题至少要有2个选项，每行一个。"
    if "options" not in errors and question.kind != KIND_OPEN:
        if any(not o for o in options):
            errors["options"] = "选项不能为空，请删去空行。"
        elif len(set(options)) != len(options):
            errors["options"] = "选项有重复，请修改。"
        elif any(o.isdigit() for o in options):
            # Digits are the keyboard shortcut for the n-th option during fast entry.
            errors["options"] = "选项不能只写数字（录入时数字代表第几个选项）。"
    return errors


def require_valid_question(question: Question) -> Question:
    """A cleaned copy of the question, or ValidationError for its first problem."""
    cleaned = replace(
        question,
        text=question.text.strip(),
        options=[] if question.kind == KIND_OPEN else [o.strip() for o in question.options],
    )
    if cleaned.kind == KIND_SCALE and not cleaned.options:
        cleaned.options = list(SATISFACTION_LEVELS)
    errors = check_question(cleaned)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise ValidationError(field_name, message)
    return cleaned


# --- entering answers -----------------------------------------------------------------------


def normalize_answer(question: Question, raw: str) -> str:
    """The stored answer for what the clerk typed; "" means not answered.

    For scale and choice items the option text or its number (1 = first option) is accepted,
    so a paper form can be typed with the number keys only.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    if question.kind == KIND_OPEN:
        if len(text) > MAX_OPEN_ANSWER:
            raise ValidationError(
                f"q{question.id}",
                f"“{_short(question.text)}”的回答太长（超过{MAX_OPEN_ANSWER}字），请精简后再录入。",
            )
        return text
    choices = question.choices()
    if text in choices:
        return text
    number = text.translate(_FULLWIDTH_DIGITS)
    if number.isdigit() and 1 <= int(number) <= len(choices):
        return choices[int(number) - 1]
    raise ValidationError(
        f"q{question.id}",
        f"“{_short(question.text)}”的回答“{text}”不是有效选项，"
        f"请填写 1 到 {len(choices)} 的数字或选项原文（{'/'.join(choices)}）。",
    )


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_answers(questions: Sequence[Question], answers: Mapping[int, str]) -> dict[int, str]:
    """Validate one form's answers against the questions; returns only the answered items.

    Raises ValidationError for an unknown question, an invalid option, or an empty form.
    """
    by_id = {q.id: q for q in questions}
    cleaned: dict[int, str] = {}
    for question_id, raw in answers.items():
        question = by_id.get(question_id)
        if question is None:
            raise ValidationError(
                "question", f"问卷中没有编号为 {question_id} 的题目，请刷新后重新录入。"
            )
        value = normalize_answer(question, raw)
        if value:
            cleaned[question_id] = value
    if not cleaned:
        raise ValidationError("answers", "这份问卷一道题都没有填写，空白问卷不必录入。")
    return cleaned


def display_order(questions: Iterable[Question]) -> list[Question]:
    """The questions in the unit's order (position, then the order they were added)."""
    return sorted(questions, key=lambda q: (q.position, q.id or 0))


def closed_questions(questions: Iterable[Question]) -> list[Question]:
    """The scale and choice questions in display order: one typed digit each."""
    return [q for q in display_order(questions) if q.kind != KIND_OPEN]


def first_open_question(questions: Iterable[Question]) -> Question | None:
    """The open question that takes the remark typed beside the digits, if any."""
    return next((q for q in display_order(questions) if q.kind == KIND_OPEN), None)


def answers_from_keys(
    questions: Sequence[Question], keys: str, open_text: str = ""
) -> dict[int, str]:
    """One paper form typed as a string of digits, one per scale/choice question in order.

    "11232" answers the first five closed questions with options 1, 1, 2, 3, 2; a space,
    "0" or "-" skips a question left blank on paper. ``open_text`` goes to the first open
    question. The result still goes through ``clean_answers`` when saved.
    """
    closed = closed_questions(questions)
    keys = keys.translate(_FULLWIDTH_DIGITS).rstrip()
    if len(keys) > len(closed):
        raise ValidationError(
            "keys", f"录入了{len(keys)}个数字，但问卷只有{len(closed)}道选择题，请核对。"
        )
    answers: dict[int, str] = {}
    for question, key in zip(closed, keys, strict=False):
        if key in SKIP_KEYS:
            continue
        answers[question.id or 0] = normalize_answer(question, key)
    first_open = first_open_question(questions)
    if open_text.strip() and first_open is not None:
        answers[first_open.id or 0] = normalize_answer(first_open, open_text)
    return answers


def keys_of(questions: Sequence[Question], response: Response) -> str:
    """The digits that type ``response`` back in (``answers_from_keys`` reversed).

    A blank question is written 0; blanks at the end are left off.
    """
    keys = []
    for question in closed_questions(questions):
        value = response.answers.get(question.id or 0, "")
        choices = question.choices()
        keys.append(str(choices.index(value) + 1) if value in choices else SKIP_KEY)
    return "".join(keys).rstrip(SKIP_KEY)


def open_text_of(questions: Sequence[Question], response: Response) -> str:
    """The form's remark: its answer to the first open question."""
    first_open = first_open_question(questions)
    return response.answers.get(first_open.id or 0, "") if first_open is not None else ""


# --- figures --------------------------------------------------------------------------------


def overall_question(questions: Sequence[Question]) -> Question | None:
    """The overall-satisfaction item: the first scale question in display order."""
    for question in display_order(questions):
        if question.kind == KIND_SCALE:
            return question
    return None


def is_valid_response(questions: Sequence[Question], response: Response) -> bool:
    """A form counts as valid when its overall item holds a valid answer.

    Without an overall item, any valid answer to any question makes the form valid.
    """
    overall = overall_question(questions)
    if overall is not None:
        return response.answers.get(overall.id or 0, "") in overall.choices()
    by_id = {q.id: q for q in questions}
    for question_id, value in response.answers.items():
        question = by_id.get(question_id)
        if question is None or not value:
            continue
        if question.kind == KIND_OPEN or value in question.choices():
            return True
    return False


@dataclass(frozen=True)
class SatisfactionFigures:
    """Valid forms and how many of them rated the overall item 满意 or 比较满意."""

    valid: int
    satisfied: int

    @property
    def rate(self) -> float | None:
        """satisfied / valid, or None when no form is valid."""
        return self.satisfied / self.valid if self.valid else None


def satisfaction(
    questions: Sequence[Question], responses: Sequence[Response]
) -> SatisfactionFigures:
    """Valid forms and satisfied answers of the overall item."""
    overall = overall_question(questions)
    valid = sum(1 for r in responses if is_valid_response(questions, r))
    if overall is None:
        return SatisfactionFigures(valid, 0)
    top = overall.choices()[:SATISFIED_POINTS]
    satisfied = sum(1 for r in responses if r.answers.get(overall.id or 0, "") in top)
    return SatisfactionFigures(valid, satisfied)


@dataclass
class QuestionDistribution:
    """The answers to one question across forms.

    ``counts`` holds every option in order (zeros included); ``texts`` the open answers;
    ``invalid`` answers no longer matching an option (the options were edited after entry).
    """

    question: Question
    counts: dict[str, int]
    answered: int
    blank: int
    invalid: int = 0
    texts: list[tuple[int, str]] = field(default_factory=list)  # (response id, text)

    def share(self, option: str) -> float | None:
        """The option's share of valid answers, or None when nobody answered validly."""
        valid = sum(self.counts.values())
        return self.counts.get(option, 0) / valid if valid else None

    @property
    def satisfied_rate(self) -> float | None:
        """For a scale item: (first two points) / valid answers."""
        if self.question.kind != KIND_SCALE:
            return None
        valid = sum(self.counts.values())
        top = sum(self.counts[o] for o in self.question.choices()[:SATISFIED_POINTS])
        return top / valid if valid else None


def distribution(
    questions: Sequence[Question], responses: Sequence[Response]
) -> list[QuestionDistribution]:
    """Per question, in display order: how often each option was chosen."""
    result: list[QuestionDistribution] = []
    for question in display_order(questions):
        choices = question.choices()
        counts = dict.fromkeys(choices, 0)
        answered = blank = invalid = 0
        texts: list[tuple[int, str]] = []
        for response in responses:
            value = response.answers.get(question.id or 0, "")
            if not value:
                blank += 1
                continue
            answered += 1
            if question.kind == KIND_OPEN:
                texts.append((response.id or 0, value))
            elif value in counts:
                counts[value] += 1
            else:
                invalid += 1
        result.append(QuestionDistribution(question, counts, answered, blank, invalid, texts))
    return result


def open_answers(
    questions: Sequence[Question], responses: Sequence[Response]
) -> list[tuple[int, int, str]]:
    """Every non-empty open answer, form by form: (response id, question id, text)."""
    open_ids = {q.id for q in questions if q.kind == KIND_OPEN}
    return [
        (response.id or 0, question_id, value)
        for response in responses
        for question_id, value in response.answers.items()
        if question_id in open_ids and value
    ]


def open_answer_to_feedback(
    response: Response,
    question: Question,
    *,
    category: str = "其他",
    deadline: date | None = None,
) -> Feedback:
    """A new, unsaved suggestion made from one form's open answer (anonymous: forms are)."""
    if question.kind != KIND_OPEN:
        raise ValidationError("question", "只有填空（意见）题的回答才能转为意见建议。")
    text = response.answers.get(question.id or 0, "").strip()
    if not text:
        raise ValidationError("answer", "这份问卷的这道题没有填写内容，无法转为意见建议。")
    return Feedback(
        event_id=response.event_id,
        content=text,
        person_id=None,
        category=category,
        status="待交办",
        deadline=deadline,
    )
