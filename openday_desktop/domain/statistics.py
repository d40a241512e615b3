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
- completion_rate = completed / assigned, where assigned = every item except those answered
  on the spot (现场答复): those never went to a responsible unit. 待交办 items count as
  assigned work not yet handed out, so forgetting to assign lowers the rate.
- overdue: Feedback.is_overdue(today).

Every rate is a float between 0 and 1, or None when its denominator is 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .feedback import CLOSED, ON_THE_SPOT
from .models import (
    ATTENDANCE_PRESENT,
    FEEDBACK_STATUSES,
    INV_APPROVED,
    INV_CONFIRMED,
    INV_PUBLISHED,
    INV_WITHDRAWN,
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
    category_rows: list[CategoryFigures] = field(default_factory=list)
    feedback_by_status: dict[str, int] = field(default_factory=dict)
    # Kept so year sums can recompute the rates instead of averaging them.
    questionnaires_satisfied: int = 0
    feedback_assigned: int = 0
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
        ((item.status, item.deadline, 1) for item in feedback),
        questions,
        responses,
        today,
        category_order,
        held=held,
    )


def counted_stats(
    invitation_counts: Iterable[tuple[str, str, str, int]],
    feedback_counts: Iterable[tuple[str, date | None, int]],
    questions: Sequence[Question],
    responses: Sequence[Response],
    today: date,
    category_order: Sequence[str] = (),
    *,
    held: bool = True,
) -> Stats:
    """``compute_stats`` from counted groups: (category, status, attendance, n) of the list
    and (status, deadline, n) of the feedback."""
    rows = counted_attendance_figures(invitation_counts, category_order)
    by_status = dict.fromkeys(FEEDBACK_STATUSES, 0)
    total = overdue = 0
    for status, deadline, count in feedback_counts:
        by_status[status] = by_status.get(status, 0) + count
        total += count
        if is_overdue(status, deadline, today):
            overdue += count
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
            feedback_assigned=total - by_status.get(ON_THE_SPOT, 0),
            overdue=overdue,
            category_rows=rows,
            feedback_by_status=by_status,
        )
    )


def _finish(stats: Stats) -> Stats:
    stats.attendance_rate = ratio(stats.present, stats.attendance_base)
    stats.satisfaction_rate = ratio(stats.questionnaires_satisfied, stats.questionnaires_valid)
    stats.completion_rate = ratio(stats.feedback_completed, stats.feedback_assigned)
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
        f"意见建议 {stats.feedback_total} 条，已办结 {stats.feedback_completed} 条，"
        f"办结率 {format_rate(stats.completion_rate)}，逾期未办 {stats.overdue} 条。"
    )
    return lines
