"""The working-day calendar: holidays and adjusted working days the unit enters.

The program knows the State Council's schedule for the years its holiday tables cover; for
other years (or when the schedule changes) the clerk types or imports the list, and the
deadlines then follow it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from openday_desktop.domain.errors import ValidationError
from openday_desktop.storage import Store

if TYPE_CHECKING:
    # Only named in a signature: importing workdays loads the holiday tables.
    from openday_desktop.domain.workdays import CalendarImport

DAY_KINDS = ("holiday", "workday")


def save_holidays(store: Store, result: CalendarImport) -> set[int]:
    """Store a parsed holiday list, replacing what was entered for the same years.

    Refused (ValidationError) while the list has unreadable lines, so a half-read schedule
    never replaces a complete one. Returns the years stored.
    """
    if result.errors:
        raise ValidationError(
            "calendar", "放假安排中有无法识别的行，请先改正：\n" + "\n".join(result.errors)
        )
    _check_kinds(result.days)
    with store.transaction():
        for year in result.years:
            store.calendar.clear_year(year)
        store.calendar.set_days(result.days, result.names)
    return result.years


def _check_kinds(days: Mapping[date, str]) -> None:
    for day, kind in days.items():
        if kind not in DAY_KINDS:
            raise ValidationError("kind", f"{day.isoformat()} 的类型只能是“节假日”或“调休上班”。")


def set_days(
    store: Store, days: Mapping[date, str], names: Mapping[date, str] | None = None
) -> None:
    """Enter (or replace) single days: date -> 'holiday' or 'workday', with optional names."""
    _check_kinds(days)
    with store.transaction():
        store.calendar.set_days(dict(days), dict(names or {}))


def clear_year(store: Store, year: int) -> int:
    """Forget what was entered for ``year`` (the built-in schedule or Monday-Friday apply again).

    Returns how many entered days were forgotten.
    """
    entered = len(store.calendar.days_with_names(year)[0])
    with store.transaction():
        store.calendar.clear_year(year)
    return entered
