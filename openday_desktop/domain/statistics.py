"""The figures people report, computed once so the dashboard, report and CLI agree.

Definitions (FORMATS.md, "Statistics people report"):

- registered: everyone on the event's list except those who withdrew (已退出); a person who
  signed in counts even if the list says otherwise (walk-ins register at the door).
- selected: status 审核通过 / 已公示 / 已确认, plus everyone present.
- present: attendance 已签到.
- attendance_rate = present / selected, over events that have taken place only (an event
  still being prepared has no attendance yet, so its rate is None, not 0).
- questionnaires_valid: forms whose overall-satisfaction item holds a valid answer
  (see domain.questionnaire); satisfaction_rate = (满意 + 比较满意) / valid forms.
- feedback_completed: status 已办结 only. 已答复 means the person has an answer but the
  rectification and call-back are not finished, so it is not "done".
- handed_over ("交有关单位办理N条"): items actually handed to a unit (办理中, 已答复,
  已办结). 待交办 items were not handed over yet and are reported on their own
  (feedback_to_assign); 现场答复 items never go to a unit.
- completion_rate = completed / handed_over.
- overdue: Feedback.is_overdue(today).
- adopted: items marked 采纳 (adopted yes); published: items marked published.
- on_time_rate ("按时办结率") = items closed by their deadline (completion date <= deadline)
  / items whose timeliness is known: closed with a completion date and a deadline, plus items
  handed over and not closed whose deadline has passed (late whatever happens next). Items
  closed before completion dates were kept have no date and are left out.
- callback_satisfaction_rate = call-backs rated 满意 or 比较满意 / call-backs with a
  satisfaction recorded (the questionnaire's satisfied levels, so both rates read alike).

Every rate is a float between 0 and 1, or None when its denominator is 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .feedback import ASSIGNED_STATUSES, CLOSED, TO_ASSIGN
from .models import (
    ATTENDANCE_PRESENT,
    FEEDBACK_STATUSES,
    INV_APPROVED,
    INV_CONFIRMED,
    INV_PUBLISHED,
    INV_WITHDRAWN,
    SATISFIED_LEVELS,
    Feedback,
    Invitation,
    Person,
    is_overdue,
)
from .questionnaire import Question, Response, satisfaction

SELECTED_STATUSES: frozenset[str] = frozenset({INV_APPROVED, INV_PUBLISHED, INV_CONFIRMED})

# The keys of ``openday-cli stats --json``, in the order they are printed.
JSON_KEYS: tuple[str, ...] = (
    "registered",
    "selected",
    "present",
    "attendance_rate",
    "by_category",
    "questionnaires_valid",
    "satisfaction_rate",
    "feedback_total",
    "feedback_completed",
    "completion_rate",
    "overdue",
    "handed_over",
    "adopted",
    "published",
    "on_time_rate",
    "callback_satisfaction_rate",
)


@dataclass(frozen=True)
class FeedbackCount:
    """A group of suggestions alike in everything the figures read, and how many."""

    status: str
    deadline: date | None
    count: int = 1
    on_time: bool | None = None  # Feedback.on_time
    adopted: bool = False
    published: bool = False
    satisfaction: str = ""

    @classmethod
    def of(cls, item: Feedback) -> FeedbackCount:
        """One item as a group of one."""
        return cls(
            item.status,
            item.deadline,
            1,
            on_time=item.on_time,
            adopted=bool(item.adopted),
            published=item.published,
            satisfaction=item.satisfaction,
        )


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when the denominator is 0."""
    return numerator / denominator if denominator else None


def format_rate(rate: float | None, digits: int = 1) -> str:
    """A rate as Chinese reports write it: "95.5%", "100%"; "—" when there is none."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}%"


@dataclass
class CategoryFigures:
    """People of one representative category at each stage."""

    category: str
    registered: int = 0
    selected: int = 0
    present: int = 0


@dataclass
class Stats:
    """The figures of one event or of a year's events."""

    registered: int = 0
    selected: int = 0
    present: int = 0
    attendance_rate: float | None = None
    by_category: dict[str, int] = field(default_factory=dict)  # present people per category
    questionnaires_valid: int = 0
    satisfaction_rate: float | None = None
    feedback_total: int = 0
    feedback_completed: int = 0
    completion_rate: float | None = None
    overdue: int = 0
    feedback_adopted: int = 0
    feedback_published: int = 0
    feedback_to_assign: int = 0  # 待交办: not handed over yet
    on_time_rate: float | None = None
    callback_satisfaction_rate: float | None = None
    category_rows: list[CategoryFigures] = field(default_factory=list)
    feedback_by_status: dict[str, int] = field(default_factory=dict)
    # Kept so year sums can recompute the rates instead of averaging them.
    questionnaires_satisfied: int = 0
    feedback_assigned: int = 0  # handed over to a unit (办理中, 已答复, 已办结)
    on_time: int = 0
    on_time_base: int = 0
    callbacks_satisfied: int = 0
    callbacks_rated: int = 0
    attendance_base: int = 0  # selected people of events that have taken place
    events: int = 1

    def to_json(self) -> dict[str, Any]:
        """Exactly the keys of ``openday-cli stats --json``."""
        return {
            "registered": self.registered,
            "selected": self.selected,
            "present": self.present,
            "attendance_rate": self.attendance_rate,
            "by_category": dict(self.by_category),
            "questionnaires_valid": self.questionnaires_valid,
            "satisfaction_rate": self.satisfaction_rate,
            "feedback_total": self.feedback_total,
            "feedback_completed": self.feedback_completed,
            "completion_rate": self.completion_rate,
            "overdue": self.overdue,
            "handed_over": self.feedback_assigned,
            "adopted": self.feedback_adopted,
            "published": self.feedback_published,
            "on_time_rate": self.on_time_rate,
            "callback_satisfaction_rate": self.callback_satisfaction_rate,
        }


def _ordered_categories(seen: Iterable[str], order: Sequence[str]) -> list[str]:
    """The categories in display order; names not in the configured list go last, sorted."""
    seen_set = set(seen)
    known = [c for c in order if c in seen_set]
    return known + sorted(seen_set - set(order))


def attendance_figures(
    invitations: Iterable[tuple[Invitation, Person]], category_order: Sequence[str] = ()
) -> list[CategoryFigures]:
    """Registered / selected / present per category (only categories with someone in them)."""
    return counted_attendance_figures(
        ((person.category, inv.status, inv.attendance, 1) for inv, person in invitations),
        category_order,
    )


def counted_attendance_figures(
    counts: Iterable[tuple[str, str, str, int]], category_order: Sequence[str] = ()
) -> list[CategoryFigures]:
    """``attendance_figures`` from (category, status, attendance, how many) groups.

    The database can count these groups itself, so a year of 200,000 invitations is never
    turned into objects.
    """
    rows: dict[str, CategoryFigures] = {}
    for category, status, attendance, count in counts:
        present = attendance == ATTENDANCE_PRESENT
        registered = present or status != INV_WITHDRAWN
        selected = present or status in SELECTED_STATUSES
        if not registered:
            continue
        row = rows.setdefault(category, CategoryFigures(category))
        row.registered += count
        row.selected += count if selected else 0
        row.present += count if present else 0
    return [rows[name] for name in _ordered_categories(rows, category_order)]


def feedback_status_counts(feedback: Iterable[Feedback]) -> dict[str, int]:
    """Items per status, every status present in the standard order (for charts)."""
    counts = dict.fromkeys(FEEDBACK_STATUSES, 0)
    for item in feedback:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts


def compute_stats(
    invitations: Iterable[tuple[Invitation, Person]],
    feedback: Iterable[Feedback],
    questions: Sequence[Question],
    responses: Sequence[Response],
    today: date,
    category_order: Sequence[str] = (),
    *,
    held: bool = True,
) -> Stats:
    """The figures of one event from its list, its feedback and its questionnaires.

    ``held`` is False for an event that has not taken place: its attendance rate stays None.
    """
    return counted_stats(
        ((person.category, inv.status, inv.attendance, 1) for inv, person in invitations),
        (FeedbackCount.of(item) for item in feedback),
        questions,
        responses,
        today,
        category_order,
        held=held,
    )


def counted_stats(
    invitation_counts: Iterable[tuple[str, str, str, int]],
    feedback_counts: Iterable[FeedbackCount],
    questions: Sequence[Question],
    responses: Sequence[Response],
    today: date,
    category_order: Sequence[str] = (),
    *,
    held: bool = True,
) -> Stats:
    """``compute_stats`` from counted groups: (category, status, attendance, n) of the list
    and ``FeedbackCount`` groups of the feedback."""
    rows = counted_attendance_figures(invitation_counts, category_order)
    by_status = dict.fromkeys(FEEDBACK_STATUSES, 0)
    total = overdue = adopted = published = 0
    on_time = on_time_base = rated = satisfied = 0
    for group in feedback_counts:
        count = group.count
        by_status[group.status] = by_status.get(group.status, 0) + count
        total += count
        if is_overdue(group.status, group.deadline, today):
            overdue += count
        adopted += count if group.adopted else 0
        published += count if group.published else 0
        if group.status == CLOSED and group.on_time is not None:
            on_time_base += count
            on_time += count if group.on_time else 0
        elif (
            group.status in ASSIGNED_STATUSES
            and group.status != CLOSED
            and group.deadline is not None
            and group.deadline < today
        ):
            on_time_base += count  # already late, whenever it is closed
        if group.satisfaction:
            rated += count
            satisfied += count if group.satisfaction in SATISFIED_LEVELS else 0
    figures = satisfaction(questions, responses)
    present = sum(r.present for r in rows)
    selected = sum(r.selected for r in rows)
    return _finish(
        Stats(
            registered=sum(r.registered for r in rows),
            selected=selected,
            present=present,
            attendance_base=selected if held or present else 0,
            by_category={r.category: r.present for r in rows if r.present},
            questionnaires_valid=figures.valid,
            questionnaires_satisfied=figures.satisfied,
            feedback_total=total,
            feedback_completed=by_status.get(CLOSED, 0),
            feedback_assigned=sum(by_status.get(s, 0) for s in ASSIGNED_STATUSES),
            feedback_to_assign=by_status.get(TO_ASSIGN, 0),
            feedback_adopted=adopted,
            feedback_published=published,
            on_time=on_time,
            on_time_base=on_time_base,
            callbacks_satisfied=satisfied,
            callbacks_rated=rated,
            overdue=overdue,
            category_rows=rows,
            feedback_by_status=by_status,
        )
    )


def _finish(stats: Stats) -> Stats:
    stats.attendance_rate = ratio(stats.present, stats.attendance_base)
    stats.satisfaction_rate = ratio(stats.questionnaires_satisfied, stats.questionnaires_valid)
    stats.completion_rate = ratio(stats.feedback_completed, stats.feedback_assigned)
    stats.on_time_rate = ratio(stats.on_time, stats.on_time_base)
    stats.callback_satisfaction_rate = ratio(stats.callbacks_satisfied, stats.callbacks_rated)
    return stats


def sum_stats(parts: Sequence[Stats], category_order: Sequence[str] = ()) -> Stats:
    """Several events' figures added up; the rates are recomputed from the sums."""
    rows: dict[str, CategoryFigures] = {}
    by_status = dict.fromkeys(FEEDBACK_STATUSES, 0)
    for part in parts:
        for row in part.category_rows:
            total = rows.setdefault(row.category, CategoryFigures(row.category))
            total.registered += row.registered
            total.selected += row.selected
            total.present += row.present
        for status, count in part.feedback_by_status.items():
            by_status[status] = by_status.get(status, 0) + count
    ordered = [rows[name] for name in _ordered_categories(rows, category_order)]
    return _finish(
        Stats(
            registered=sum(p.registered for p in parts),
            selected=sum(p.selected for p in parts),
            present=sum(p.present for p in parts),
            attendance_base=sum(p.attendance_base for p in parts),
            by_category={r.category: r.present for r in ordered if r.present},
            questionnaires_valid=sum(p.questionnaires_valid for p in parts),
            questionnaires_satisfied=sum(p.questionnaires_satisfied for p in parts),
            feedback_total=sum(p.feedback_total for p in parts),
            feedback_completed=sum(p.feedback_completed for p in parts),
            feedback_assigned=sum(p.feedback_assigned for p in parts),
            feedback_to_assign=sum(p.feedback_to_assign for p in parts),
            feedback_adopted=sum(p.feedback_adopted for p in parts),
            feedback_published=sum(p.feedback_published for p in parts),
            on_time=sum(p.on_time for p in parts),
            on_time_base=sum(p.on_time_base for p in parts),
            callbacks_satisfied=sum(p.callbacks_satisfied for p in parts),
            callbacks_rated=sum(p.callbacks_rated for p in parts),
            overdue=sum(p.overdue for p in parts),
            category_rows=ordered,
            feedback_by_status=by_status,
            events=len(parts),
        )
    )


def summary_lines(stats: Stats) -> list[str]:
    """The figures as short Chinese sentences (command line, tooltips, report drafts)."""
    lines = [
        f"报名 {stats.registered} 人，入选 {stats.selected} 人，实到 {stats.present} 人，"
        f"到会率 {format_rate(stats.attendance_rate)}。",
    ]
    if stats.by_category:
        parts = "，".join(f"{name} {count} 人" for name, count in stats.by_category.items())
        lines.append(f"实到人员构成：{parts}。")
    lines.append(
        f"有效问卷 {stats.questionnaires_valid} 份，满意率 {format_rate(stats.satisfaction_rate)}。"
    )
    lines.append(
        f"意见建议 {stats.feedback_total} 条，交有关单位办理 {stats.feedback_assigned} 条"
        f"（待交办 {stats.feedback_to_assign} 条），已办结 {stats.feedback_completed} 条，"
        f"办结率 {format_rate(stats.completion_rate)}，按时办结率 "
        f"{format_rate(stats.on_time_rate)}，逾期未办 {stats.overdue} 条。"
    )
    lines.append(
        f"采纳 {stats.feedback_adopted} 条，已公开 {stats.feedback_published} 条；"
        f"回访满意 {stats.callbacks_satisfied} 条 / 已回访 {stats.callbacks_rated} 条，"
        f"回访满意率 {format_rate(stats.callback_satisfaction_rate)}。"
    )
    return lines
