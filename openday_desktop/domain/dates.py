"""Dates as Chinese documents and messages write them."""

from __future__ import annotations

from datetime import date


def chinese_date(day: date) -> str:
    """2026年6月12日: Arabic numerals, full year, no leading zeros (GB/T 9704)."""
    return f"{day.year}年{day.month}月{day.day}日"
