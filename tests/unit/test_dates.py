"""Dates and times as clerks type them."""

from __future__ import annotations

from datetime import date, time

import pytest

from openday_desktop.domain.dates import parse_date, parse_time
from openday_desktop.domain.errors import ValidationError


@pytest.mark.parametrize(
    "text",
    [
        "2027-06-10",
        "2027/6/10",
        "2027.6.10",
        "20270610",
        "2027年6月10日",
        "6月10日",
        "6/10",
        " ２０２７－０６－１０ ",
        "2027-6-10",
    ],
)
def test_common_forms_give_the_typed_date(text: str) -> None:
    assert parse_date(text, default_year=2027) == date(2027, 6, 10)


def test_month_and_day_take_the_given_year() -> None:
    assert parse_date("6月10日", default_year=2031) == date(2031, 6, 10)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2027-02-30", "2027年2月没有30日"),
        ("2027-13-01", "没有13月"),
        ("明天", "看不懂日期“明天”"),
        ("", "请填写日期"),
        ("2027-06", "看不懂"),
    ],
)
def test_impossible_or_unreadable_dates_are_refused_in_chinese(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, default_year=2027)
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9)),
        ("9:00", time(9)),
        ("0900", time(9)),
        ("900", time(9)),
        ("9点30", time(9, 30)),
        ("9点", time(9)),
        ("14：30", time(14, 30)),
        ("17", time(17)),
    ],
)
def test_common_time_forms(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:75", "上午", "12345"])
def test_impossible_times_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_time(text)
    assert "时间" in caught.value.message
