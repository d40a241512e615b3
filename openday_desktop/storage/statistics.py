"""Figures and follow-through read from the store: statistics, deadlines, lifecycle steps.

Everything here gathers domain objects from the repositories and hands them to the pure
functions in ``domain.statistics``, ``domain.workdays`` and ``domain.lifecycle``, so the
dashboard, the summary report and the command line all compute the same numbers.
"""

from __future__ import annotations

from datetime import date

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.feedback import (
    ON_THE_SPOT,
    check_transition,
    default_category,
    default_deadline,
    require_valid_feedback,
)
from openday_desktop.domain.lifecycle import (
    Deadline,
    DeadlineRules,
    YearCompliance,
    due_items,
    is_held,
    next_deadline,
    yearly_compliance,
)
from openday_desktop.domain.models import Feedback
from openday_desktop.domain.statistics import Stats, compute_stats, sum_stats
from openday_desktop.domain.workdays import CalendarImport, WorkCalendar

from .database import Store


def event_stats(store: Store, event_id: int, today: date | None = None) -> Stats:
    """The figures of one event (NotFoundError when there is no such event)."""
    today = today or date.today()
    event = store.events.get(event_id)
    return compute_stats(
        store.invitations.for_event(event_id),
        store.feedback.list(event_id),
        store.questionnaires.questions(),
        store.questionnaires.responses(event_id),
        today,
        store.categories.names(),
        held=is_held(event, today),
    )


def year_stats(store: Store, year: int, today: date | None = None) -> Stats:
    """The figures of every event dated in ``year``, added up (rates recomputed from sums).

    ``Stats.events`` tells how many events were summed (0: none that year, all figures zero).
    """
    today = today or date.today()
    order = store.categories.names()
    questions = store.questionnaires.questions()
    events = [e for e in store.events.list() if e.date.year == year]
    responses = store.questionnaires.responses(event_ids=[e.id or 0 for e in events])
    parts = [
        compute_stats(
            store.invitations.for_event(event.id or 0),
            store.feedback.list(event.id),
            questions,
            [r for r in responses if r.event_id == event.id],
            today,
            order,
            held=is_held(event, today),
        )
        for event in events
    ]
    return sum_stats(parts, order)


# --- calendar and deadlines ---------------------------------------------------------------


def work_calendar(store: Store) -> WorkCalendar:
    """The working-day calendar with the days the user entered."""
    return WorkCalendar(store.calendar.days())


def deadline_rules(store: Store) -> DeadlineRules:
    """The working-day periods from the settings."""
    return DeadlineRules.from_settings(store.settings.all())


def save_calendar_import(store: Store, result: CalendarImport) -> set[int]:
    """Store a parsed holiday list, replacing what was entered for the same years.

    Refused (ValidationError) while the list has unreadable lines, so a half-read schedule
    never replaces a complete one. Returns the years stored.
    """
    if result.errors:
        raise ValidationError(
            "calendar", "放假安排中有无法识别的行，请先改正：\n" + "\n".join(result.errors)
        )
    with store.transaction():
        for year in result.years:
            store.calendar.clear_year(year)
        store.calendar.set_days(result.days, result.names)
    return result.years


def event_next_deadline(store: Store, event_id: int, today: date | None = None) -> Deadline | None:
    """What the event needs done next and by when (None once summarised)."""
    return next_deadline(
        store.events.get(event_id),
        work_calendar(store),
        deadline_rules(store),
        today or date.today(),
    )


def next_deadlines(store: Store, today: date | None = None) -> dict[int, Deadline | None]:
    """Every event's next deadline by event id (one calendar read for the events table)."""
    calendar, rules, today = work_calendar(store), deadline_rules(store), today or date.today()
    return {
        event.id or 0: next_deadline(event, calendar, rules, today) for event in store.events.list()
    }


def overdue_feedback(store: Store, today: date | None = None) -> list[Feedback]:
    """Suggestions past their deadline and still being handled, oldest deadline first."""
    today = today or date.today()
    items = [item for item in store.feedback.list() if item.is_overdue(today)]
    return sorted(items, key=lambda item: (item.deadline or today, item.id or 0))


def dashboard_due_items(
    store: Store, today: date | None = None, horizon_days: int = 14
) -> list[Deadline]:
    """Event steps and suggestions overdue or due within ``horizon_days``, earliest first."""
    return due_items(
        store.events.list(),
        store.feedback.list(),
        work_calendar(store),
        deadline_rules(store),
        today or date.today(),
        horizon_days,
    )


def compliance(store: Store, year: int) -> YearCompliance:
    """Events held in ``year`` against the setting events_per_year."""
    return yearly_compliance(store.events.list(), year, int(store.settings.get("events_per_year")))


# --- feedback -----------------------------------------------------------------------------


def add_feedback(store: Store, item: Feedback, today: date | None = None) -> int:
    """Validate and store a new suggestion; returns its id.

    Without a deadline it gets the default one (feedback_deadline_workdays working days
    after the event), except items answered on the spot, which need none.
    """
    today = today or date.today()
    event = store.events.get(item.event_id)
    categories = store.settings.get("feedback_categories")
    if item.person_id is not None:
        store.people.get(item.person_id)
    if item.deadline is None and item.status != ON_THE_SPOT:
        item.deadline = default_deadline(
            event.date,
            work_calendar(store),
            int(store.settings.get("feedback_deadline_workdays")),
            today,
        )
    cleaned = require_valid_feedback(item, categories, event.date)
    with store.transaction():
        item.id = store.feedback.add(cleaned)
    return item.id


def update_feedback(store: Store, item: Feedback) -> None:
    """Validate and save a changed suggestion (status moves checked against the stored one)."""
    if item.id is None:
        raise ValueError("update_feedback() needs an item with an id")
    old = store.feedback.get(item.id)
    check_transition(old.status, item.status)
    event = store.events.get(item.event_id)
    categories = list(store.settings.get("feedback_categories"))
    if old.category not in categories:
        # An item filed under a category since removed from the list may keep it.
        categories.append(old.category)
    cleaned = require_valid_feedback(item, categories, event.date)
    with store.transaction():
        store.feedback.update(cleaned)


def open_answer_to_feedback(
    store: Store,
    response_id: int,
    question_id: int,
    *,
    category: str | None = None,
    today: date | None = None,
) -> int:
    """Turn a questionnaire's open answer into a suggestion (待交办, default deadline); its id."""
    categories = store.settings.get("feedback_categories")
    item = store.questionnaires.feedback_from_open_answer(
        response_id, question_id, category=category or default_category(categories)
    )
    return add_feedback(store, item, today)
