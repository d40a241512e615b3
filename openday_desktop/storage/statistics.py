"""Figures and follow-through read from the store: statistics, deadlines, lifecycle steps.

Nothing here writes: the actions live in ``openday_desktop.services``. Everything here gathers domain objects from the repositories and hands them to the pure
functions in ``domain.statistics``, ``domain.workdays`` and ``domain.lifecycle``, so the
dashboard, the summary report and the command line all compute the same numbers.
"""

from __future__ import annotations

from datetime import date

from openday_desktop.domain.lifecycle import (
    Deadline,
    DeadlineRules,
    YearCompliance,
    due_items,
    is_held,
    next_deadline,
    yearly_compliance,
)
from openday_desktop.domain.models import Event, Feedback, saved_id
from openday_desktop.domain.statistics import Stats, compute_stats, counted_stats, sum_stats
from openday_desktop.domain.workdays import WorkCalendar

from .database import Store


def event_stats(store: Store, event_id: int, today: date | None = None) -> Stats:
    """The figures of one event (NotFoundError when there is no such event)."""
    today = today or date.today()
    event = store.events.get(event_id)
    return compute_stats(
        store.invitations.for_event(event_id),
        store.feedback.list(event_id),
        store.questionnaires.questions_for(event_id),
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
    events = [e for e in store.events.list() if e.date.year == year]
    event_ids = [saved_id(e) for e in events]
    responses = store.questionnaires.responses(event_ids=event_ids)
    # Counted in the database: a district's year is 100,000s of invitations.
    invitations = store.invitations.counted_by_event(event_ids)
    feedback = store.feedback.counted_by_event(event_ids)
    parts = [
        counted_stats(
            invitations[saved_id(event)],
            feedback[saved_id(event)],
            # Each event is counted against its own questionnaire version.
            store.questionnaires.questions_for(saved_id(event)),
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
        saved_id(event): next_deadline(event, calendar, rules, today)
        for event in store.events.list()
    }


def overdue_feedback(store: Store, today: date | None = None) -> list[Feedback]:
    """Suggestions past their deadline and still being handled, oldest deadline first."""
    today = today or date.today()
    items = [item for item in store.feedback.list_open() if item.is_overdue(today)]
    return sorted(items, key=lambda item: (item.deadline or today, saved_id(item)))


def dashboard_due_items(
    store: Store, today: date | None = None, horizon_days: int = 14
) -> list[Deadline]:
    """Event steps, suggestions and missing publications overdue or due within
    ``horizon_days``, earliest first."""
    events = store.events.list()
    calendar, rules, today = work_calendar(store), deadline_rules(store), today or date.today()
    items = due_items(
        events,
        store.feedback.list_open(),  # only open items have a deadline to meet
        calendar,
        rules,
        today,
        horizon_days,
    )
    items += missing_publication_items(store, events, calendar, rules, today, horizon_days)
    return sorted(items, key=lambda d: (d.due, d.kind, d.ref_id or 0))


def missing_publications_of(
    store: Store, event_id: int, today: date | None = None
) -> list[Deadline]:
    """The publications one event owes and has no record of, with their due dates."""
    from openday_desktop.domain.trail import missing_publications

    event = store.events.get(event_id)
    return missing_publications(
        event,
        store.trail.published_kinds().get(event_id, set()),
        work_calendar(store),
        deadline_rules(store),
        today or date.today(),
        has_feedback=bool(store.feedback.list(event_id)),
    )


def missing_publication_items(
    store: Store,
    events: list[Event],
    calendar: WorkCalendar,
    rules: DeadlineRules,
    today: date,
    horizon_days: int,
) -> list[Deadline]:
    """Publications not recorded, overdue or due within ``horizon_days`` (archived events
    left out: the unit has closed them)."""
    from openday_desktop.domain.lifecycle import ARCHIVED
    from openday_desktop.domain.trail import missing_publications

    published = store.trail.published_kinds()
    with_feedback = {
        event_id for (event_id,) in store.db.execute("SELECT DISTINCT event_id FROM feedback")
    }
    items: list[Deadline] = []
    for event in events:
        if event.status == ARCHIVED:
            continue
        event_id = saved_id(event)
        items += [
            d
            for d in missing_publications(
                event,
                published.get(event_id, set()),
                calendar,
                rules,
                today,
                has_feedback=event_id in with_feedback,
            )
            if d.days_left <= horizon_days
        ]
    return items


def compliance(store: Store, year: int) -> YearCompliance:
    """Events held in ``year`` against the settings events_per_year and event_periods."""
    from openday_desktop.domain.yearly import parse_periods

    settings = store.settings.all()
    return yearly_compliance(
        store.events.list(),
        year,
        int(settings["events_per_year"]),
        parse_periods(str(settings.get("event_periods") or "")),
    )
