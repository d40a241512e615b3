"""CalendarRepository: entered holidays come back with their names, per year or all."""

from __future__ import annotations

from datetime import date
from typing import Any

from openday_desktop.domain.workdays import format_calendar_text, parse_calendar_text
from openday_desktop.services.calendar import save_holidays


def test_days_with_names_returns_kinds_and_names(store: Any) -> None:
    with store.transaction():
        store.calendar.set_days(
            {
                date(2031, 1, 1): "holiday",
                date(2031, 1, 4): "workday",
                date(2031, 10, 1): "holiday",
                date(2032, 1, 1): "holiday",
            },
            {date(2031, 1, 1): "元旦", date(2031, 10, 1): "国庆节", date(2032, 1, 1): "元旦"},
        )
    kinds, names = store.calendar.days_with_names(2031)
    assert kinds == {
        date(2031, 1, 1): "holiday",
        date(2031, 1, 4): "workday",
        date(2031, 10, 1): "holiday",
    }
    # A day typed without a name has no entry, so format_calendar_text writes no empty field.
    assert names == {date(2031, 1, 1): "元旦", date(2031, 10, 1): "国庆节"}
    all_kinds, all_names = store.calendar.days_with_names()
    assert set(all_kinds) == set(store.calendar.days())
    assert all_names[date(2032, 1, 1)] == "元旦"
    assert store.calendar.days_with_names(2030) == ({}, {})


def test_a_year_reloaded_and_saved_again_keeps_its_names(store: Any) -> None:
    text = "2031-10-01~2031-10-07,休,国庆节\n2031-09-27,班,国庆节调休\n2031-05-01,休\n"
    save_holidays(store, parse_calendar_text(text))
    kinds, names = store.calendar.days_with_names(2031)
    again = format_calendar_text(kinds, names)
    assert "2031-10-01~2031-10-07,休,国庆节" in again
    assert "2031-09-27,班,国庆节调休" in again
    assert "2031-05-01,休\n" in again
    save_holidays(store, parse_calendar_text(again))
    assert store.calendar.days_with_names(2031) == (kinds, names)
    assert names[date(2031, 10, 4)] == "国庆节"
