"""Working days on the official calendar: holidays, adjusted weekends, an unknown year."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import pytest

from openday_desktop.domain.workdays import (
    HOLIDAY,
    SOURCE_ENTERED,
    SOURCE_MISSING,
    SOURCE_OFFICIAL,
    WORKDAY,
    WorkCalendar,
    format_calendar_text,
    library_knows_year,
    missing_years_message,
    parse_calendar_text,
)
from openday_desktop.storage import Store


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar()


def test_national_day_2025(calendar: WorkCalendar) -> None:
    # 2025: 1-8 October off; Sunday 28 September and Saturday 11 October are working days.
    assert calendar.is_workday(date(2025, 9, 28))
    assert not calendar.is_workday(date(2025, 10, 1))
    assert not calendar.is_workday(date(2025, 10, 8))
    assert calendar.is_workday(date(2025, 10, 11))
    assert calendar.add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert calendar.add_workdays(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert calendar.add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)  # Fri -> adjusted Sun


def test_spring_festival_2026(calendar: WorkCalendar) -> None:
    # 2026: 15-23 February off; Saturday 14 and Saturday 28 February are working days.
    assert calendar.is_workday(date(2026, 2, 14))
    assert not calendar.is_workday(date(2026, 2, 16))
    assert calendar.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert calendar.add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert calendar.workdays_between(date(2026, 2, 14), date(2026, 2, 24)) == 1
    # Five working days before the first day back spans the whole holiday.
    assert calendar.add_workdays(date(2026, 2, 24), -5) == date(2026, 2, 10)


def test_add_and_between_are_inverse(calendar: WorkCalendar) -> None:
    start = date(2025, 9, 25)
    for n in (-12, -5, -1, 0, 1, 3, 10, 25):
        end = calendar.add_workdays(start, n)
        assert calendar.workdays_between(start, end) == n
    assert calendar.add_workdays(date(2025, 10, 3), 0) == date(2025, 10, 3)


def test_next_workday(calendar: WorkCalendar) -> None:
    assert calendar.next_workday(date(2025, 10, 1)) == date(2025, 10, 9)
    assert calendar.next_workday(date(2025, 10, 9)) == date(2025, 10, 9)


def test_unknown_year_falls_back_to_monday_to_friday(calendar: WorkCalendar) -> None:
    assert not library_knows_year(2027)
    assert library_knows_year(2026)
    assert calendar.year_source(2027) == SOURCE_MISSING
    assert calendar.year_source(2026) == SOURCE_OFFICIAL
    friday_oct_1 = date(2027, 10, 1)  # a holiday in reality, a working day by the fallback
    assert calendar.is_workday(friday_oct_1)
    assert not calendar.is_workday(date(2027, 10, 2))  # Saturday
    assert calendar.add_workdays(date(2027, 9, 30), 1) == friday_oct_1
    assert calendar.missing_years([date(2026, 12, 31), date(2027, 1, 4)]) == {2027}
    message = calendar.missing_message([date(2027, 1, 4)])
    assert "2027年的法定节假日安排尚未录入" in message
    assert "周一至周五" in message
    assert calendar.missing_message([date(2026, 1, 5)]) == ""


def test_entered_days_override_and_mark_the_year_known() -> None:
    days = {date(2027, 10, d): HOLIDAY for d in range(1, 8)}
    days[date(2027, 9, 26)] = WORKDAY  # a Sunday worked in exchange
    calendar = WorkCalendar(days)
    assert calendar.year_source(2027) == SOURCE_ENTERED
    assert calendar.missing_years([date(2027, 10, 1)]) == set()
    assert calendar.is_workday(date(2027, 9, 26))
    assert not calendar.is_workday(date(2027, 10, 1))
    assert calendar.add_workdays(date(2027, 9, 30), 1) == date(2027, 10, 8)
    # A user-entered day also overrides a year the library knows.
    override = WorkCalendar({date(2026, 6, 1): HOLIDAY})
    assert not override.is_workday(date(2026, 6, 1))
    assert override.year_source(2026) == SOURCE_ENTERED


def test_missing_years_message_lists_years_in_order() -> None:
    assert missing_years_message([2028, 2027, 2027]).startswith("2027年、2028年的法定节假日")
    assert missing_years_message([]) == ""


def test_parse_calendar_text_reads_ranges_and_words() -> None:
    text = (
        "# 2027年放假安排\n"
        "\ufeff2027-10-01 至 2027-10-07,休,国庆节\n"
        "\n"
        "2027/9/26 班\n"
        "2027年10月9日，补班，国庆节调休\n"
        "20270101\tholiday\t元旦\n"
    )
    result = parse_calendar_text(text)
    assert result.ok, result.errors
    assert result.years == {2027}
    assert result.days[date(2027, 10, 4)] == HOLIDAY
    assert result.names[date(2027, 10, 4)] == "国庆节"
    assert result.days[date(2027, 9, 26)] == WORKDAY
    assert result.days[date(2027, 10, 9)] == WORKDAY
    assert result.days[date(2027, 1, 1)] == HOLIDAY
    assert len(result.days) == 10


def test_parse_calendar_text_reports_bad_lines_in_chinese() -> None:
    text = (
        "2027-10-01,休\n"
        "2027-02-30,休\n"
        "明天,休\n"
        "2027-05-01\n"
        "2027-05-01,加班\n"
        "2027-05-05~2027-05-01,休\n"
        "2027-01-01~2027-03-01,休\n"
        "2027-10-01,班\n"
    )
    result = parse_calendar_text(text)
    assert not result.ok
    assert result.days == {date(2027, 10, 1): HOLIDAY}
    joined = "\n".join(result.errors)
    assert "第2行：日期“2027-02-30”不存在" in joined
    assert "第3行：“明天”不是日期" in joined
    assert "第4行：缺少日期类型" in joined
    assert "第5行：类型“加班”看不懂" in joined
    assert "第6行：结束日期早于开始日期" in joined
    assert "第7行：一段假期超过31天" in joined
    assert "第8行：2027-10-01在第1行已写成“放假”" in joined
    assert len(result.errors) == 7


def test_empty_text_is_an_error() -> None:
    assert parse_calendar_text("# nothing\n").errors


def test_format_calendar_text_round_trips() -> None:
    days = {date(2027, 10, d): HOLIDAY for d in range(1, 8)}
    days[date(2027, 9, 26)] = WORKDAY
    names = {d: "国庆节" for d in days if days[d] == HOLIDAY}
    text = format_calendar_text(days, names)
    assert text.splitlines() == ["2027-09-26,班", "2027-10-01~2027-10-07,休,国庆节"]
    again = parse_calendar_text(text)
    assert again.days == days
    assert again.names == names


def test_saved_import_replaces_the_year_and_feeds_the_store_calendar(store: Store) -> None:
    from openday_desktop.domain.errors import ValidationError
    from openday_desktop.services.calendar import save_holidays
    from openday_desktop.storage.statistics import work_calendar

    assert work_calendar(store).year_source(2027) == SOURCE_MISSING
    store.calendar.set_days({date(2027, 3, 1): HOLIDAY})  # an earlier, wrong entry
    years = save_holidays(store, parse_calendar_text("2027-10-01~2027-10-07,休,国庆节"))
    assert years == {2027}
    calendar = work_calendar(store)
    assert calendar.year_source(2027) == SOURCE_ENTERED
    assert calendar.is_workday(date(2027, 3, 1))  # the old entry of that year is gone
    assert not calendar.is_workday(date(2027, 10, 4))
    with pytest.raises(ValidationError, match="无法识别"):
        save_holidays(store, parse_calendar_text("2027-13-01,休"))
    assert not work_calendar(store).is_workday(date(2027, 10, 4))  # nothing was replaced


def _walk_is_workday(calendar: WorkCalendar, day: date) -> bool:
    """The old definition, day by day: entered day, else the library, else Monday-Friday."""
    import chinese_calendar

    kind = calendar.user_days.get(day)
    if kind is not None:
        return kind == WORKDAY
    if library_knows_year(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def _walk_add(calendar: WorkCalendar, start: date, n: int) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    day, remaining = start, abs(n)
    while remaining:
        day += step
        remaining -= _walk_is_workday(calendar, day)
    return day


def _walk_between(calendar: WorkCalendar, start: date, end: date) -> int:
    if end >= start:
        days = (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
        return sum(_walk_is_workday(calendar, d) for d in days)
    days = (end + timedelta(days=i) for i in range((start - end).days))
    return -sum(_walk_is_workday(calendar, d) for d in days)


@pytest.mark.parametrize(
    "user_days",
    [
        {},
        # An entered year after the library's last one, and one official day overridden.
        {
            **{date(2027, 10, d): HOLIDAY for d in range(1, 8)},
            date(2027, 9, 26): WORKDAY,
            date(2027, 10, 9): WORKDAY,
            date(2025, 5, 6): HOLIDAY,
        },
    ],
)
def test_table_arithmetic_matches_the_day_by_day_walk(user_days: dict[date, str]) -> None:
    # Several years of the official calendar with its 调休 Saturdays and Sundays, across
    # year ends and into years the library does not know (Monday-Friday).
    calendar = WorkCalendar(user_days)
    rng = random.Random(5)
    first, last = date(2023, 12, 1), date(2028, 2, 1)
    span = (last - first).days
    day = first
    while day <= last:
        assert calendar.is_workday(day) == _walk_is_workday(calendar, day), day
        day += timedelta(days=1)
    for _ in range(400):
        start = first + timedelta(days=rng.randrange(span))
        n = rng.randint(-60, 60)
        assert calendar.add_workdays(start, n) == _walk_add(calendar, start, n), (start, n)
        end = start + timedelta(days=rng.randint(-200, 200))
        assert calendar.workdays_between(start, end) == _walk_between(calendar, start, end)
    # Known 调休 working days: a Sunday (2025-09-28) and a Saturday (2026-02-14).
    assert calendar.add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert calendar.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)


def test_long_spans_are_arithmetic_not_walks() -> None:
    calendar = WorkCalendar()
    start = time.perf_counter()
    for _ in range(20_000):  # the dashboard's overdue counts: one per open suggestion
        calendar.workdays_between(date(2024, 3, 1), date(2026, 11, 26))
        calendar.add_workdays(date(2024, 3, 1), 10)
    assert time.perf_counter() - start < 1.0
    assert calendar.add_workdays(date(2024, 1, 2), 700) > date(2026, 1, 1)
    assert (
        calendar.workdays_between(date(2024, 1, 1), calendar.add_workdays(date(2024, 1, 1), 700))
        == 700
    )
