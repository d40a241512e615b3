"""Dates and times as Chinese documents write them and as clerks type them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time

from .errors import ValidationError

DATE_HINT = "可填 2027-06-10、2027/6/10、20270610 或 6月10日"
TIME_HINT = "可填 09:00、9:00、0900 或 9点30"

# Compiled on first use by re's own cache, not when the window starts.
_FULL_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
_COMPACT_DATE = r"(\d{4})(\d{2})(\d{2})"
_MONTH_DAY = r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
_TIME = r"(\d{1,2})\s*[:：点时.]\s*(\d{1,2})?\s*分?"
_COMPACT_TIME = r"(\d{1,2})(\d{2})"


def chinese_date(day: date) -> str:
    """2026年6月12日: Arabic numerals, full year, no leading zeros (GB/T 9704)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _normalise(text: str) -> str:
    # Full-width digits and punctuation (２０２７－０６－１０) come from Chinese input methods.
    return unicodedata.normalize("NFKC", text).strip()


def parse_date(text: str, *, default_year: int | None = None, field: str = "date") -> date:
    """The date a person typed: 2027-06-10, 2027/6/10, 2027.6.10, 20270610, 2027年6月10日, 6月10日.

    A date without a year takes ``default_year`` (this year when not given). Raises
    ValidationError with a Chinese message for text that is no date or a day that does not exist.
    """
    cleaned = _normalise(text)
    if not cleaned:
        raise ValidationError(field, f"请填写日期，{DATE_HINT}。")
    match = re.fullmatch(_FULL_DATE, cleaned) or re.fullmatch(_COMPACT_DATE, cleaned)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        short = re.fullmatch(_MONTH_DAY, cleaned)
        if short is None:
            raise ValidationError(field, f"看不懂日期“{text.strip()}”，{DATE_HINT}。")
        year = default_year if default_year is not None else date.today().year
        month, day = (int(part) for part in short.groups())
    if not 1 <= month <= 12:
        raise ValidationError(field, f"没有{month}月，请检查日期“{text.strip()}”。")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            field, f"{year}年{month}月没有{day}日，请检查日期“{text.strip()}”。"
        ) from None


def parse_time(text: str, *, field: str = "time") -> time:
    """The time a person typed: 09:00, 9:00, 0900, 900, 9点30, 9点 (minutes precision)."""
    cleaned = _normalise(text)
    if not cleaned:
        raise ValidationError(field, f"请填写时间，{TIME_HINT}。")
    match = re.fullmatch(_TIME, cleaned) or re.fullmatch(_COMPACT_TIME, cleaned)
    if match is None and cleaned.isdigit() and len(cleaned) <= 2:
        hour, minute = int(cleaned), 0
    elif match is None:
        raise ValidationError(field, f"看不懂时间“{text.strip()}”，{TIME_HINT}。")
    else:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValidationError(field, f"没有“{text.strip()}”这个时间，小时是 0–23，分钟是 0–59。")
    return time(hour, minute)
