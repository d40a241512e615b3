"""Validation of what people type: ID numbers, phones, names, sex, birth dates and ages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.models import Person
from openday_desktop.domain.validation import (
    FIELD_LABELS,
    age_on,
    check_age,
    check_person,
    clean_name,
    normalize_phone,
    normalize_sex,
    parse_birth_date,
    parse_id_number,
    require_valid_person,
)

TODAY = date(2026, 6, 1)


def make_id(body: str) -> str:
    """A checksum-valid 18-digit number from its first 17 digits (GB 11643, MOD 11-2)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def test_make_id_matches_a_published_example() -> None:
    # The example number of GB 11643 itself.
    assert make_id("11010519491231002") == "11010519491231002X"


# --- ID numbers ----------------------------------------------------------------------------


def test_valid_18_digit_id_gives_birth_date_and_sex() -> None:
    info = parse_id_number(make_id("33068219800512001"), TODAY)
    assert info.birth_date == date(1980, 5, 12)
    assert info.sex == "男"  # 17th digit 1 is odd
    assert not info.legacy
    assert parse_id_number(make_id("33068219800512002"), TODAY).sex == "女"


def test_lower_case_x_full_width_digits_and_spaces_are_normalised() -> None:
    number = "11010519491231002X"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number[:-1]) + "ｘ"
    assert parse_id_number(full_width, TODAY).number == number
    assert parse_id_number(" 110105 19491231 002x ", TODAY).number == number


def test_person_born_before_their_county_got_its_code_is_accepted() -> None:
    # 330682 exists since 1992; people born in 1980 carry it on IDs issued later.
    # python-stdnum's ric.validate() rejects this real-world case; we must not.
    info = parse_id_number(make_id("33068219800512001"), TODAY)
    assert info.area_known


def test_unknown_area_code_is_only_a_warning() -> None:
    number = make_id("99999919800512001")
    info = parse_id_number(number, TODAY)
    assert not info.area_known
    result = check_person(Person(name="张三", id_number=number), today=TODAY)
    assert result.ok
    assert any("地区码" in w and "身份证号" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002", "18位"),  # 17 characters
        ("1101051949123100211", "18位"),
        ("11010519491231002A", "只能由数字组成"),
        ("11010519491331002X", "出生日期不存在"),  # month 13
        ("11010520990101002X", "出生日期不合理"),  # in the future
        ("110105194912310021", "校验位"),  # wrong check digit
        ("11010549123100A", "15位旧身份证号只能由数字组成"),
        ("110105491331002", "出生日期不存在"),  # 15 digits, month 13
    ],
)
def test_bad_id_numbers_say_what_is_wrong(raw: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_id_number(raw, TODAY)
    assert caught.value.field == "id_number"
    assert expected in caught.value.message
    assert "身份证号" in caught.value.message


def test_legacy_15_digit_id_is_accepted_and_flagged() -> None:
    info = parse_id_number("110105491231002", TODAY)
    assert info.legacy
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == "女"
    result = check_person(Person(name="张三", id_number="110105491231002"), today=TODAY)
    assert result.ok
    assert any("15位" in w for w in result.warnings)


# --- phones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("００８６１３８００１３８０００", "13800138000"),
        ("0475-1234567", "0475-1234567"),
        ("0475 12345678", "0475-12345678"),
        ("010-12345678", "010-12345678"),
        ("(021)12345678", "021-12345678"),
    ],
)
def test_phones_are_normalised(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["1380013800", "23800138000", "138001380001", "电话13800138000", "12345"]
)
def test_bad_phones_name_the_field(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(raw)
    assert caught.value.field == "phone"
    assert "联系电话" in caught.value.message or "手机号" in caught.value.message


# --- names, sex, birth dates ---------------------------------------------------------------


def test_names_lose_inner_ascii_and_full_width_spaces() -> None:
    assert clean_name(" 张 三 ") == "张三"
    assert clean_name("欧阳\u3000娜娜") == "欧阳娜娜"
    assert clean_name("买买提·艾力") == "买买提·艾力"  # the middle dot stays


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_empty_name_is_an_error_naming_the_field(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_name(raw)
    assert caught.value.field == "name" and "姓名" in caught.value.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("男", "男"), ("女性", "女"), (" M ", "男"), ("f", "女"), ("Ｆ", "女"), ("", "")],
)
def test_sex_words(raw: str, expected: str) -> None:
    assert normalize_sex(raw) == expected


def test_unknown_sex_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_sex("未知")
    assert caught.value.field == "sex" and "性别" in caught.value.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1980-05-12", date(1980, 5, 12)),
        ("1980/5/12", date(1980, 5, 12)),
        ("1980.05.12", date(1980, 5, 12)),
        ("1980年5月12日", date(1980, 5, 12)),
        ("19800512", date(1980, 5, 12)),
        ("1980.05", date(1980, 5, 1)),
        ("1980年5月", date(1980, 5, 1)),
        ("198005", date(1980, 5, 1)),
        ("１９８０．０５", date(1980, 5, 1)),
    ],
)
def test_birth_dates_as_people_write_them(raw: str, expected: date) -> None:
    assert parse_birth_date(raw, TODAY) == expected


@pytest.mark.parametrize(
    "raw", ["八十年代", "1980", "1980-13-01", "1980-02-30", "2030-01-01", "80.5"]
)
def test_bad_birth_dates_name_the_field(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_birth_date(raw, TODAY)
    assert caught.value.field == "birth_date" and "出生日期" in caught.value.message


# --- age at the event date -----------------------------------------------------------------


def test_age_is_counted_in_full_years() -> None:
    assert age_on(date(2008, 6, 12), date(2026, 6, 11)) == 17
    assert age_on(date(2008, 6, 12), date(2026, 6, 12)) == 18


def test_check_age_uses_the_event_date_not_today() -> None:
    birth = date(2008, 6, 12)
    assert check_age(birth, date(2026, 6, 12)) is None  # 18th birthday on the event day
    message = check_age(birth, date(2026, 6, 11))
    assert message is not None and "17周岁" in message and "未满18周岁" in message
    assert "出生日期" in message
    assert check_age(None, date(2026, 6, 11)) is None  # nothing to check
    assert check_age(birth, date(2026, 6, 11), minimum_age=16) is None


def test_check_person_refuses_a_minor_on_the_event_date() -> None:
    person = Person(name="小明", id_number=make_id("33068220080612001"))
    assert check_person(person, today=TODAY).ok  # no event: no age rule
    on_the_day = check_person(person, today=TODAY, event_date=date(2026, 6, 11))
    assert "birth_date" in on_the_day.errors
    assert check_person(person, today=TODAY, event_date=date(2026, 6, 12)).ok
    with pytest.raises(ValidationError):
        require_valid_person(person, today=TODAY, event_date=date(2026, 6, 11))


# --- a whole person ------------------------------------------------------------------------


def test_check_person_derives_sex_and_birth_date_and_warns_on_contradiction() -> None:
    person = Person(
        name=" 王 芳 ",
        sex="男",
        id_number=make_id("33068219920304002").lower(),
        phone="+86 137-0013-7000",
    )
    result = check_person(person, today=TODAY)
    assert result.ok
    assert result.person.name == "王芳"
    assert result.person.sex == "女"  # the ID number wins
    assert result.person.birth_date == date(1992, 3, 4)
    assert result.person.phone == "13700137000"
    assert any("性别" in w for w in result.warnings)


def test_every_error_message_names_its_field() -> None:
    person = Person(name="", sex="不详", id_number="123", phone="abc")
    result = check_person(person, today=TODAY)
    assert set(result.errors) == {"name", "id_number", "phone", "sex"}
    for field_name, message in result.errors.items():
        label = FIELD_LABELS[field_name]
        assert label in message or (field_name == "phone" and "手机号" in message), message


# --- property: any text gives a result or a ValidationError, never a crash ------------------


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=25))
def test_parsers_never_crash_on_any_text(raw: str) -> None:
    for parse in (parse_id_number, normalize_phone, parse_birth_date, normalize_sex, clean_name):
        try:
            parse(raw)
        except ValidationError as exc:
            assert exc.message and exc.field in FIELD_LABELS


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="0123456789Xx０１２３４５６７８９ｘＸ -", min_size=14, max_size=20))
def test_id_like_text_never_crashes(raw: str) -> None:
    try:
        info = parse_id_number(raw, TODAY)
    except ValidationError:
        return
    assert len(info.number) in (15, 18) and info.number[:-1].isdigit()
