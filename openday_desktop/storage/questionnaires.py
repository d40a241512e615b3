"""The questionnaire in the database: the unit's questions, their versions and the returned forms.

The default questionnaire is written in when the question table is empty, so a new database
(or one whose questions were all removed) always has something to type answers into.

``questionnaire_questions`` holds the *current* questions: what an event without forms gets.
The first form entered for an event pins the event to a version (a snapshot of the current
questions, reused while they have not changed), and from then on that event's forms are
typed, counted and exported against its version only. Answers do not hang on the current
questions, so editing, removing or restoring them never touches an entered form.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import Feedback
from openday_desktop.domain.questionnaire import (
    Question,
    QuestionDistribution,
    Response,
    SatisfactionFigures,
    clean_answers,
    default_questions,
    distribution,
    open_answer_to_feedback,
    open_answers,
    questions_from_snapshot,
    require_valid_question,
    satisfaction,
    snapshot_json,
)
from openday_desktop.storage.connection import Database


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just wrote."""
    if cursor.lastrowid is None:
        raise RuntimeError("the INSERT wrote no row")
    return cursor.lastrowid


class QuestionnaireRepository:
    """Questions (editable, ordered) and responses (one per returned paper form)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, list(params)))

    # --- questions ------------------------------------------------------------------------

    def ensure_default(self) -> bool:
        """Write the default questionnaire when there is no question; True when it did."""
        if self.db.execute("SELECT COUNT(*) FROM questionnaire_questions").fetchone()[0]:
            return False
        with self.db.atomic():
            for question in default_questions():
                self._insert(question)
        return True

    def _insert(self, question: Question) -> int:
        cursor = self.db.execute(
            "INSERT INTO questionnaire_questions (position, text, kind, options) "
            "VALUES (?, ?, ?, ?)",
            [
                question.position,
                question.text,
                question.kind,
                json.dumps(question.options, ensure_ascii=False),
            ],
        )
        question.id = _inserted_id(cursor)
        return question.id

    def questions(self) -> list[Question]:
        """The questions in display order (the default set if there were none)."""
        self.ensure_default()
        return [
            Question(r["text"], r["kind"], json.loads(r["options"]), r["position"], r["id"])
            for r in self._rows("SELECT * FROM questionnaire_questions ORDER BY position, id")
        ]

    def question(self, question_id: int) -> Question:
        """One question; NotFoundError when missing."""
        for question in self.questions():
            if question.id == question_id:
                return question
        raise NotFoundError(f"问卷中没有编号为 {question_id} 的题目。")

    def add_question(self, question: Question) -> int:
        """Append a question at the end; returns and sets its id."""
        cleaned = require_valid_question(question)
        with self.db.atomic():
            self.ensure_default()
            cleaned.position = int(
                self.db.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM questionnaire_questions"
                ).fetchone()[0]
            )
            question.id = self._insert(cleaned)
            question.position = cleaned.position
        return question.id

    def update_question(self, question: Question) -> None:
        """Save a changed text, kind or options (its place stays; use ``move_question``)."""
        if question.id is None:
            raise ValueError("update_question() needs a question with an id")
        self.question(question.id)
        cleaned = require_valid_question(question)
        with self.db.atomic():
            self.db.execute(
                "UPDATE questionnaire_questions SET text = ?, kind = ?, options = ? WHERE id = ?",
                [
                    cleaned.text,
                    cleaned.kind,
                    json.dumps(cleaned.options, ensure_ascii=False),
                    question.id,
                ],
            )

    def answer_count(self, question_id: int) -> int:
        """How many forms answered the question (they keep their answers when it goes)."""
        return int(
            self.db.execute(
                "SELECT COUNT(*) FROM questionnaire_answers WHERE question_id = ? AND value != ''",
                [question_id],
            ).fetchone()[0]
        )

    def remove_question(self, question_id: int) -> None:
        """Remove a question for later events; forms entered keep their answers to it."""
        questions = self.questions()
        if all(q.id != question_id for q in questions):
            raise NotFoundError(f"问卷中没有编号为 {question_id} 的题目。")
        if len(questions) == 1:
            raise ValidationError("question", "问卷至少要保留一道题，请先添加新题再删除这一道。")
        with self.db.atomic():
            self.db.execute("DELETE FROM questionnaire_questions WHERE id = ?", [question_id])
            self._renumber([q.id or 0 for q in questions if q.id != question_id])

    def _renumber(self, ordered_ids: Sequence[int]) -> None:
        for position, question_id in enumerate(ordered_ids):
            self.db.execute(
                "UPDATE questionnaire_questions SET position = ? WHERE id = ?",
                [position, question_id],
            )

    def reorder(self, ordered_ids: Sequence[int]) -> None:
        """Put the questions in this order; the list must name every question once."""
        current = {q.id for q in self.questions()}
        if set(ordered_ids) != current or len(ordered_ids) != len(current):
            raise ValidationError("order", "题目顺序不完整，请刷新问卷后重新调整。")
        with self.db.atomic():
            self._renumber(ordered_ids)

    def move_question(self, question_id: int, new_index: int) -> None:
        """Move one question to ``new_index`` (0 = first; clamped to the list)."""
        ids = [q.id or 0 for q in self.questions()]
        if question_id not in ids:
            raise NotFoundError(f"问卷中没有编号为 {question_id} 的题目。")
        ids.remove(question_id)
        ids.insert(max(0, min(new_index, len(ids))), question_id)
        self.reorder(ids)

    def reset_to_default(self) -> None:
        """Make the default questionnaire the current one (entered forms keep their versions)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM questionnaire_questions")
            self.ensure_default()

    # --- versions -------------------------------------------------------------------------

    def version_of(self, event_id: int) -> int | None:
        """The questionnaire version the event is pinned to, or None (it uses the current one)."""
        row = self.db.execute(
            "SELECT version_id FROM event_questionnaires WHERE event_id = ?", [event_id]
        ).fetchone()
        return int(row[0]) if row else None

    def version_questions(self, version_id: int) -> list[Question]:
        """The questions of one stored version."""
        row = self.db.execute(
            "SELECT questions FROM questionnaire_versions WHERE id = ?", [version_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {version_id} 的问卷版本。")
        return questions_from_snapshot(row[0])

    def questions_for(self, event_id: int | None) -> list[Question]:
        """The questions an event's forms are typed and counted against.

        Its pinned version once it has forms (or was archived); otherwise the current ones.
        """
        version_id = self.version_of(event_id) if event_id is not None else None
        if version_id is None:
            return self.questions()
        return self.version_questions(version_id)

    def pin(self, event_id: int) -> int:
        """Pin the event to the version of the current questions (made when new); its id.

        An event already pinned keeps its version.
        """
        version_id = self.version_of(event_id)
        if version_id is not None:
            return version_id
        current = snapshot_json(self.questions())
        with self.db.atomic():
            row = self.db.execute(
                "SELECT id, questions FROM questionnaire_versions ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is not None and snapshot_json(questions_from_snapshot(row[1])) == current:
                version_id = int(row[0])
            else:
                version_id = _inserted_id(
                    self.db.execute(
                        "INSERT INTO questionnaire_versions (questions) VALUES (?)", [current]
                    )
                )
            self.db.execute(
                "INSERT INTO event_questionnaires (event_id, version_id) VALUES (?, ?)",
                [event_id, version_id],
            )
        return version_id

    def version_count(self) -> int:
        """How many questionnaire versions are stored."""
        return int(self.db.execute("SELECT COUNT(*) FROM questionnaire_versions").fetchone()[0])

    # --- responses ------------------------------------------------------------------------

    def _check_event(self, event_id: int) -> None:
        if not self.db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone():
            raise NotFoundError(f"没有编号为 {event_id} 的活动。")

    def add_response(self, event_id: int, answers: Mapping[int, str]) -> int:
        """Store one returned form against the event's version (pinned by its first form)."""
        self._check_event(event_id)
        cleaned = clean_answers(self.questions_for(event_id), answers)
        with self.db.atomic():
            self.pin(event_id)
            cursor = self.db.execute(
                "INSERT INTO questionnaire_responses (event_id) VALUES (?)", [event_id]
            )
            response_id = _inserted_id(cursor)
            self._write_answers(response_id, cleaned)
        return response_id

    def _write_answers(self, response_id: int, answers: Mapping[int, str]) -> None:
        for question_id, value in answers.items():
            self.db.execute(
                "INSERT INTO questionnaire_answers (response_id, question_id, value) "
                "VALUES (?, ?, ?)",
                [response_id, question_id, value],
            )

    def update_response(self, response_id: int, answers: Mapping[int, str]) -> None:
        """Replace the answers of a form typed in wrongly."""
        response = self.response(response_id)
        cleaned = clean_answers(self.questions_for(response.event_id), answers)
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM questionnaire_answers WHERE response_id = ?", [response_id]
            )
            self._write_answers(response_id, cleaned)

    def delete_response(self, response_id: int) -> None:
        """Remove a form and its answers."""
        with self.db.atomic():
            self.db.execute("DELETE FROM questionnaire_responses WHERE id = ?", [response_id])

    def responses(
        self, event_id: int | None = None, *, event_ids: Sequence[int] | None = None
    ) -> list[Response]:
        """Forms of one event, of several events, or all, in entry order."""
        where = ""
        params: list[Any] = []
        if event_id is not None:
            where, params = " WHERE r.event_id = ?", [event_id]
        elif event_ids is not None:
            if not event_ids:
                return []
            where = f" WHERE r.event_id IN ({','.join('?' * len(event_ids))})"
            params = list(event_ids)
        responses = {
            r["id"]: Response(r["event_id"], {}, r["id"])
            for r in self._rows(
                f"SELECT r.id, r.event_id FROM questionnaire_responses r{where} ORDER BY r.id",
                params,
            )
        }
        if not responses:
            return []
        # One query for every answer: a few hundred forms per event is the expected size.
        for response_id, question_id, value in self.db.execute(
            "SELECT a.response_id, a.question_id, a.value FROM questionnaire_answers a "
            f"JOIN questionnaire_responses r ON r.id = a.response_id{where}",
            params,
        ).fetchall():
            response = responses.get(response_id)
            if response is not None:
                response.answers[question_id] = value
        return list(responses.values())

    def response(self, response_id: int) -> Response:
        """One form; NotFoundError when missing."""
        rows = self._rows(
            "SELECT id, event_id FROM questionnaire_responses WHERE id = ?", [response_id]
        )
        if not rows:
            raise NotFoundError(f"没有编号为 {response_id} 的问卷记录。")
        response = Response(rows[0]["event_id"], {}, response_id)
        for row in self._rows(
            "SELECT question_id, value FROM questionnaire_answers WHERE response_id = ?",
            [response_id],
        ):
            response.answers[row["question_id"]] = row["value"]
        return response

    def response_count(self, event_id: int) -> int:
        """Number of forms entered for the event (returned forms)."""
        return int(
            self.db.execute(
                "SELECT COUNT(*) FROM questionnaire_responses WHERE event_id = ?", [event_id]
            ).fetchone()[0]
        )

    # --- figures --------------------------------------------------------------------------

    def distribution(self, event_id: int) -> list[QuestionDistribution]:
        """Per-question answer counts for one event."""
        return distribution(self.questions_for(event_id), self.responses(event_id))

    def satisfaction(self, event_id: int) -> SatisfactionFigures:
        """Valid forms, satisfied answers and the overall satisfaction rate for one event."""
        return satisfaction(self.questions_for(event_id), self.responses(event_id))

    def feedback_from_open_answer(
        self,
        response_id: int,
        question_id: int,
        *,
        category: str = "其他",
        deadline: date | None = None,
    ) -> Feedback:
        """The unsaved suggestion (待交办, anonymous) made from one form's open answer.

        Refused when the same text is already a suggestion of the same event, so pressing
        the button twice does no harm. ``services.feedback.open_answer_to_feedback`` makes and
        saves it.
        """
        response = self.response(response_id)
        question = next(
            (q for q in self.questions_for(response.event_id) if q.id == question_id), None
        )
        if question is None:
            raise NotFoundError(f"问卷中没有编号为 {question_id} 的题目。")
        item = open_answer_to_feedback(response, question, category=category, deadline=deadline)
        existing = self.db.execute(
            "SELECT id FROM feedback WHERE event_id = ? AND content = ?",
            [item.event_id, item.content],
        ).fetchone()
        if existing:
            raise ValidationError(
                "answer", f"这条意见已经转为意见建议（编号 {existing[0]}），不必重复添加。"
            )
        return item

    def open_answers(self, event_id: int) -> list[tuple[int, int, str]]:
        """Every non-empty open answer of the event: (response id, question id, text)."""
        return open_answers(self.questions_for(event_id), self.responses(event_id))
