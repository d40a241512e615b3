"""The yearly rule: how many open days a year, and in which months or half-years.

Settings ``events_per_year`` (default 1: at least once a year) and ``event_periods`` (default
empty: any time of the year). A unit that must hold one in June and one in December sets the
periods to "6月、12月"; "上半年、下半年" asks for one in each half. Each period needs at least
one event held in it; the year needs at least ``events_per_year`` held events and at least one
per period, whichever is more. Only events marked 已举办 or later count: a planned event is
listed as planned, never as held.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ValidationError
from .models import EVENT_STATUSES, Event

_HELD_FROM = EVENT_STATUSES.index("已举办")
_SPLIT = re.compile(r"[、，,；;/\s]+")
_MONTH = re.compile(r"^(\d{1,2})月?(?:份)?$")
_CHINESE_MONTHS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_HALVES = {
    "上半年": (1, 2, 3, 4, 5, 6),
    "下半年": (7, 8, 9, 10, 11, 12),
}


@dataclass(frozen=True)
class Period:
    """A part of the year that needs an event: one month or a half-year."""

    label: str  # 6月, 上半年
    months: tuple[int, ...]

    def contains(self, month: int) -> bool:
        """The month lies in this period."""
        return month in self.months


def parse_periods(text: str) -> list[Period]:
    """Periods from text such as "6月、12月" or "上半年，下半年"; ValidationError when unreadable."""
    periods: list[Period] = []
    for word in _SPLIT.split(str(text or "").strip()):
        if not word:
            continue
        word = word.replace("份", "")
        if word in _HALVES:
            period = Period(word, _HALVES[word])
        else:
            match = _MONTH.match(word)
            number = int(match.group(1)) if match else _CHINESE_MONTHS.get(word.rstrip("月"))
            if number is None or not 1 <= number <= 12:
                raise ValidationError(
                    "event_periods",
                    f"“{word}”不是月份或半年。请写成“6月、12月”或“上半年、下半年”，"
                    "全年任意时间则留空。",
                )
            period = Period(f"{number}月", (number,))
        if period not in periods:
            periods.append(period)
    return periods


def format_periods(periods: Sequence[Period]) -> str:
    """Periods as the setting stores them: 6月、12月."""
    return "、".join(period.label for period in periods)


def _month_list(months: Iterable[int]) -> str:
    return "、".join(f"{month}月" for month in sorted(set(months)))


@dataclass(frozen=True)
class YearCompliance:
    """Events held in a year against the yearly rule."""

    year: int
    required: int
    held: int
    planned: int  # events dated that year and not yet held
    periods: tuple[Period, ...] = ()
    held_months: tuple[int, ...] = ()  # the month of each held event, in date order
    missing_periods: tuple[str, ...] = field(default=())

    @property
    def missing(self) -> int:
        """How many more events must be held (at least one per missing period)."""
        return max(self.required - self.held, len(self.missing_periods))

    @property
    def met(self) -> bool:
        """Enough events were held, in every period the rule names."""
        return self.held >= self.required and not self.missing_periods

    def missing_items(self) -> list[str]:
        """What is still missing, for a list: the periods without a held event, else the count."""
        if self.missing_periods:
            return list(self.missing_periods)
        if self.held < self.required:
            return [f"还需举办{self.required - self.held}次"]
        return []

    def requirement(self) -> str:
        """e.g. "应举办2次（6月、12月各至少1次）"."""
        text = f"应举办{self.required}次"
        if self.periods:
            text += f"（{format_periods(self.periods)}各至少1次）"
        return text

    def describe(self) -> str:
        """e.g. "2026年应举办2次（6月、12月各至少1次），已举办2次（3月、4月），6月、12月还没有举办。"."""
        text = f"{self.year}年{self.requirement()}，已举办{self.held}次"
        if self.periods and self.held_months:
            text += f"（{_month_list(self.held_months)}）"
        if self.met:
            return text + "，已达到要求。"
        if self.missing_periods:
            text += f"，{'、'.join(self.missing_periods)}还没有举办"
            if self.held < self.required:
                text += f"，共还差{self.missing}次"
        else:
            text += f"，还差{self.missing}次"
        if self.planned:
            text += f"（已安排{self.planned}次）"
        return text + "。"

    def to_json(self) -> dict[str, Any]:
        """The ``compliance`` object of ``stats --year --json``."""
        return {
            "required": self.required,
            "held": self.held,
            "ok": self.met,
            "message": self.describe(),
            "missing": self.missing_items(),
            "periods": [period.label for period in self.periods],
            "planned": self.planned,
        }


def yearly_compliance(
    events: Iterable[Event], year: int, required: int, periods: Sequence[Period] = ()
) -> YearCompliance:
    """Check the year's events marked 已举办 or later against the rule."""
    held_months: list[int] = []
    planned = 0
    for event in sorted(events, key=lambda e: e.date):
        if event.date.year != year:
            continue
        if EVENT_STATUSES.index(event.status) >= _HELD_FROM:
            held_months.append(event.date.month)
        else:
            planned += 1
    missing = tuple(
        period.label
        for period in periods
        if not any(period.contains(month) for month in held_months)
    )
    return YearCompliance(
        year=year,
        required=max(int(required), len(periods)),
        held=len(held_months),
        planned=planned,
        periods=tuple(periods),
        held_months=tuple(held_months),
        missing_periods=missing,
    )
