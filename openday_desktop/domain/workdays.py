"""Working days on the official Chinese calendar (法定节假日 and 调休 weekends).

The ``chinese_calendar`` package knows the State Council's schedule for the years it was
released with and raises NotImplementedError for later ones. For such a year the calendar
falls back to Monday-Friday and says so (``missing_years``), until the user enters or imports
the year's holidays and adjusted working days; days the user entered always win.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date, timedelta
from functools import lru_cache
from types import MappingProxyType

import chinese_calendar

HOLIDAY = "holiday"
WORKDAY = "workday"
DAY_KINDS: tuple[str, ...] = (HOLIDAY, WORKDAY)
KIND_LABELS: dict[str, str] = {HOLIDAY: "放假", WORKDAY: "调休上班"}

# Year sources reported by ``WorkCalendar.year_source``.
SOURCE_OFFICIAL = "official"  # the chinese_calendar package
SOURCE_ENTERED = "entered"  # the user entered or imported days of that year
SOURCE_MISSING = "missing"  # neither: Monday-Friday is assumed

# Years without a single working day (only possible when a user enters a whole year as
# holidays) skipped before giving up.
_MAX_EMPTY_YEARS = 3


@lru_cache(maxsize=64)
def library_knows_year(year: int) -> bool:
    """True when the installed chinese_calendar has the official schedule of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def missing_years_message(years: Iterable[int]) -> str:
    """The sentence the UI shows for years without an official schedule ("" when none)."""
    ordered = sorted(set(years))
    if not ordered:
        return ""
    names = "、".join(f"{y}年" for y in ordered)
    return (
        f"{names}的法定节假日安排尚未录入，暂按周一至周五计算工作日。"
        "国务院公布当年放假安排后，请录入或导入这一年的放假和调休上班日期。"
    )


class _YearTable:
    """One year's working days: a flag per day and the sorted ordinals of the working days."""

    __slots__ = ("first", "flags", "ordinals")

    def __init__(self, first: int, flags: bytes) -> None:
        self.first = first  # ordinal of 1 January
        self.flags = flags
        self.ordinals = [first + offset for offset, flag in enumerate(flags) if flag]


def _official_flags(year: int) -> bytes | None:
    """The official working-day flags of ``year`` from chinese_calendar's tables (None: unknown).

    The tables are read directly: ``chinese_calendar.is_workday`` validates each date with
    min()/max() over its whole holiday table, which made day-by-day counting slow.
    """
    if not library_knows_year(year):
        return None
    holidays = chinese_calendar.holidays
    workdays = chinese_calendar.workdays
    day = date(year, 1, 1)
    flags = bytearray()
    while day.year == year:
        flags.append(day in workdays or (day.weekday() < 5 and day not in holidays))
        day += timedelta(days=1)
    return bytes(flags)


@lru_cache(maxsize=128)
def _base_flags(year: int) -> bytes:
    """Working-day flags of ``year`` without any user-entered day: official, else Mon-Fri."""
    official = _official_flags(year)
    if official is not None:
        return official
    first = date(year, 1, 1)
    length = (date(year + 1, 1, 1) - first).days if year < 9999 else 365
    weekday = first.weekday()
    return bytes((weekday + offset) % 7 < 5 for offset in range(length))


class WorkCalendar:
    """Which days are working days: user-entered days, else the official schedule, else Mon-Fri.

    Each year becomes a table of working-day ordinals the first time it is needed, so adding
    and counting working days is arithmetic and binary search, whatever the distance.
    """

    def __init__(self, user_days: Mapping[date, str] | None = None) -> None:
        # Read-only: the year tables are built from these days once.
        self.user_days: Mapping[date, str] = MappingProxyType(dict(user_days or {}))
        self._entered_years = {day.year for day in self.user_days}
        self._tables: dict[int, _YearTable] = {}

    def year_source(self, year: int) -> str:
        """Where the year's schedule comes from: official, entered, or missing."""
        if year in self._entered_years:
            return SOURCE_ENTERED
        if library_knows_year(year):
            return SOURCE_OFFICIAL
        return SOURCE_MISSING

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            if not MINYEAR <= year <= MAXYEAR:
                raise ValueError(f"year {year} is outside the calendar")
            flags = _base_flags(year)
            if year in self._entered_years:
                edited = bytearray(flags)
                first = date(year, 1, 1)
                for day, kind in self.user_days.items():
                    if day.year == year:
                        edited[(day - first).days] = kind == WORKDAY
                flags = bytes(edited)
            table = _YearTable(date(year, 1, 1).toordinal(), flags)
            self._tables[year] = table
        return table

    def is_workday(self, day: date) -> bool:
        """True on a working day."""
        table = self._table(day.year)
        return bool(table.flags[day.toordinal() - table.first])

    def _rank(self, day: date, base_year: int) -> int:
        """Working days from 1 January of ``base_year`` up to and including ``day``."""
        count = 0
        for year in range(base_year, day.year):
            count += len(self._table(year).ordinals)
        return count + bisect_right(self._table(day.year).ordinals, day.toordinal())

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (n < 0: before it; n = 0: ``start`` itself).

        ``start`` does not count, so Friday + 1 is the next Monday on an ordinary week.
        """
        if n == 0:
            return start
        year = start.year
        ordinals = self._table(year).ordinals
        if n > 0:
            index = bisect_right(ordinals, start.toordinal()) + n - 1
            for _ in range(_MAX_EMPTY_YEARS + n):
                if index < len(ordinals):
                    return date.fromordinal(ordinals[index])
                index -= len(ordinals)
                year += 1
                ordinals = self._table(year).ordinals
        else:
            index = bisect_left(ordinals, start.toordinal()) + n
            for _ in range(_MAX_EMPTY_YEARS - n):
                if index >= 0:
                    return date.fromordinal(ordinals[index])
                year -= 1
                ordinals = self._table(year).ordinals
                index += len(ordinals)
        raise ValueError(f"no {n} working days found from {start}")

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start).

        So ``workdays_between(d, add_workdays(d, n)) == n``.
        """
        if end >= start:
            return self._rank(end, start.year) - self._rank(start, start.year)
        # Backwards the end day counts and the start does not: [end, start).
        one = timedelta(days=1)
        before_end, before_start = end - one, start - one
        base = before_end.year
        return self._rank(before_end, base) - self._rank(before_start, base)

    def next_workday(self, day: date) -> date:
        """``day`` itself when it is a working day, else the next one."""
        return day if self.is_workday(day) else self.add_workdays(day, 1)

    def missing_years(self, dates: Iterable[date]) -> set[int]:
        """The years among ``dates`` computed with the Monday-Friday fallback."""
        return {d.year for d in dates if self.year_source(d.year) == SOURCE_MISSING}

    def missing_message(self, dates: Iterable[date]) -> str:
        """The warning for ``dates`` ("" when every year has a schedule)."""
        return missing_years_message(self.missing_years(dates))


# --- importing a year's schedule ----------------------------------------------------------

_KIND_WORDS: dict[str, str] = {
    "holiday": HOLIDAY,
    "休": HOLIDAY,
    "假": HOLIDAY,
    "放假": HOLIDAY,
    "休息": HOLIDAY,
    "节假日": HOLIDAY,
    "假日": HOLIDAY,
    "workday": WORKDAY,
    "班": WORKDAY,
    "上班": WORKDAY,
    "补班": WORKDAY,
    "调休上班": WORKDAY,
    "工作日": WORKDAY,
}
_RANGE_SPLIT = re.compile(r"\s*(?:~|～|至|到|—|--)\s*")
_FIELD_SPLIT = re.compile(r"\s*[,，\t;；]\s*|\s+")
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
MAX_RANGE_DAYS = 31


@dataclass
class CalendarImport:
    """What a holiday list gave: the days by kind, their names, and the lines it could not read."""

    days: dict[date, str] = field(default_factory=dict)
    names: dict[date, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def years(self) -> set[int]:
        """The years the list covers."""
        return {day.year for day in self.days}

    @property
    def ok(self) -> bool:
        """True when every line could be read."""
        return not self.errors


def _parse_day(text: str) -> date:
    text = text.strip()
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not match:
        raise ValueError(f"“{text}”不是日期，请写成 2027-01-01 或 2027年1月1日")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"日期“{text}”不存在，请检查月份和日") from None


def parse_calendar_text(text: str) -> CalendarImport:
    """Read a year's schedule typed or pasted as lines ``日期,类型[,名称]``.

    A date may be a range (``2027-02-06~2027-02-12``, also 至/到). The type is 休/放假/holiday
    or 班/上班/补班/workday. Empty lines and lines starting with # are skipped. A line that
    cannot be read is reported (in Chinese, with its line number) and the others still count.
    """
    result = CalendarImport()
    seen_line: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        # Split a range first so "2027-02-06 至 2027-02-12" survives the field split.
        line = _RANGE_SPLIT.sub("~", line)
        parts = [p for p in _FIELD_SPLIT.split(line, maxsplit=2) if p]
        if len(parts) < 2:
            result.errors.append(f"第{number}行：缺少日期类型，应写成“2027-10-01,休,国庆节”。")
            continue
        when, kind_word = parts[0], parts[1]
        name = parts[2].strip() if len(parts) > 2 else ""
        kind = _KIND_WORDS.get(kind_word.lower())
        if kind is None:
            result.errors.append(
                f"第{number}行：类型“{kind_word}”看不懂，放假写“休”，调休上班写“班”。"
            )
            continue
        try:
            if "~" in when:
                first_text, last_text = when.split("~", 1)
                first, last = _parse_day(first_text), _parse_day(last_text)
            else:
                first = last = _parse_day(when)
        except ValueError as exc:
            result.errors.append(f"第{number}行：{exc}。")
            continue
        if last < first:
            result.errors.append(f"第{number}行：结束日期早于开始日期，请对调。")
            continue
        if (last - first).days >= MAX_RANGE_DAYS:
            result.errors.append(
                f"第{number}行：一段假期超过{MAX_RANGE_DAYS}天，请检查日期是否写错。"
            )
            continue
        day = first
        while day <= last:
            if day in seen_line and result.days[day] != kind:
                result.errors.append(
                    f"第{number}行：{day.isoformat()}在第{seen_line[day]}行已写成"
                    f"“{KIND_LABELS[result.days[day]]}”，同一天不能既放假又上班。"
                )
            else:
                result.days[day] = kind
                seen_line.setdefault(day, number)
                if name:
                    result.names[day] = name
            day += timedelta(days=1)
    if not result.days and not result.errors:
        result.errors.append(
            "没有读到任何日期。每行写一天或一段，例如“2027-10-01~2027-10-07,休,国庆节”。"
        )
    return result


def format_calendar_text(days: Mapping[date, str], names: Mapping[date, str] | None = None) -> str:
    """Entered days as lines ``parse_calendar_text`` reads back (consecutive days as ranges)."""
    names = names or {}
    lines: list[str] = []
    ordered = sorted(days)
    index = 0
    while index < len(ordered):
        first = last = ordered[index]
        kind, name = days[first], names.get(first, "")
        while (
            index + 1 < len(ordered)
            and ordered[index + 1] == last + timedelta(days=1)
            and days[ordered[index + 1]] == kind
            and names.get(ordered[index + 1], "") == name
        ):
            index += 1
            last = ordered[index]
        when = first.isoformat() if first == last else f"{first.isoformat()}~{last.isoformat()}"
        word = "休" if kind == HOLIDAY else "班"
        lines.append(f"{when},{word},{name}" if name else f"{when},{word}")
        index += 1
    return "\n".join(lines) + ("\n" if lines else "")
