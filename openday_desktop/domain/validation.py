"""Checking and normalising what people type: names, ID numbers, phones, ages.

Every problem is a Chinese message that names the field, so the same text serves the dialog,
the import report and the command line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from .dates import chinese_date
from .errors import ValidationError
from .models import Person

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "sex": "性别",
    "id_number": "身份证号",
    "birth_date": "出生日期",
    "phone": "联系电话",
    "unit": "工作单位及职务",
    "village": "村/社区",
    "category": "代表类别",
    "source": "来源",
    "notes": "备注",
}

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area code 0xx or 0xxx, then a 7 or 8 digit number, optionally an extension.
_LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}$")
_NAME_SPACES_RE = re.compile(r"[ \u3000\t\u00a0]+")


@dataclass(frozen=True)
class IdInfo:
    """What an ID number tells: the normalised number, birth date, sex, and whether it is legacy."""

    number: str
    birth_date: date
    sex: str
    legacy: bool = False
    area_known: bool = True  # False: the first six digits name no county we know of


def _ascii_digits(text: str) -> bool:
    """0-9 only: str.isdigit() also accepts characters such as "𐩀" that int() refuses."""
    return text.isascii() and text.isdigit()


def nfkc(text: str) -> str:
    """NFKC-normalise and strip: full-width digits and Ｘ become ASCII. For IDs and phones only."""
    return unicodedata.normalize("NFKC", text).strip()


def clean_name(raw: str) -> str:
    """Trim a name and drop inner ASCII, full-width and non-breaking spaces (张 三 -> 张三)."""
    name = _NAME_SPACES_RE.sub("", raw.strip())
    if not name:
        raise ValidationError("name", "姓名不能为空。")
    if len(name) > 30:
        raise ValidationError("name", "姓名过长（超过30个字），请检查是否填错了列。")
    if any(map(str.isdigit, name)):
        # "12赵新来": a row number or a phone typed into the name cell reached the 公示 once.
        raise ValidationError(
            "name", f"姓名“{name}”中有数字，请只填姓名（数字可能是序号或电话，误填进了姓名列）。"
        )
    return name


def parse_id_number(raw: str, today: date | None = None) -> IdInfo:
    """Validate an 18-digit (or legacy 15-digit) resident ID number; raise ValidationError."""
    from stdnum.cn import ric

    number = nfkc(raw).upper().replace(" ", "")
    today = today or date.today()
    if len(number) == 15 and not _ascii_digits(number):
        raise ValidationError("id_number", "15位旧身份证号只能由数字组成，请核对。")
    if len(number) == 15:
        try:
            birth = date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            raise ValidationError(
                "id_number", "身份证号（15位）中的出生日期不存在，请核对。"
            ) from None
        sex = "男" if int(number[14]) % 2 else "女"
        return IdInfo(number, birth, sex, legacy=True, area_known=_area_known(number[:6]))
    if len(number) != 18:
        raise ValidationError(
            "id_number", f"身份证号应为18位（旧证15位），现在是{len(number)}位，请核对。"
        )
    if not (_ascii_digits(number[:17]) and (_ascii_digits(number[17]) or number[17] == "X")):
        raise ValidationError("id_number", "身份证号只能由数字组成，最后一位可以是X，请核对。")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            "id_number", "身份证号中的出生日期不存在，请核对第7至14位。"
        ) from None
    if birth > today or birth.year < 1900:
        raise ValidationError("id_number", "身份证号中的出生日期不合理，请核对第7至14位。")
    # The checksum alone: stdnum's ric.validate() also demands that the county code was in
    # use in the birth year, which rejects real IDs of people born before their county got
    # its current code (330682 since 1992 carried by people born in 1980). The area code is
    # only a warning, see IdInfo.area_known.
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError("id_number", "身份证号校验位不对，可能有数字填错，请逐位核对。")
    sex = "男" if int(number[16]) % 2 else "女"
    return IdInfo(number, birth, sex, area_known=_area_known(number[:6]))


@lru_cache(maxsize=4096)
def _area_known(code: str) -> bool:
    """True when a six-digit area code is (or was) a county in GB/T 2260 (stdnum's table)."""
    from stdnum import numdb

    try:
        results = numdb.get("cn/loc").info(code)
    except (OSError, ValueError):
        return True  # no table: do not accuse the number
    return any("county" in props for _, props in results)


def normalize_phone(raw: str) -> str:
    """Return a mobile (11 digits) or landline (0xxx-xxxxxxx) number; raise ValidationError."""
    text = nfkc(raw)
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not _ascii_digits(digits):
        raise ValidationError("phone", f"联系电话“{raw.strip()}”中有非数字字符，请只填号码。")
    if _MOBILE_RE.match(digits):
        return digits
    if _LANDLINE_RE.match(digits):
        area_length = 3 if digits[1] in "12" else 4  # 010, 02x are three digits; others four
        return f"{digits[:area_length]}-{digits[area_length:]}"
    if digits.startswith("1"):
        raise ValidationError(
            "phone", f"手机号应为1开头的11位数字，“{raw.strip()}”是{len(digits)}位，请核对。"
        )
    raise ValidationError(
        "phone", f"联系电话“{raw.strip()}”不是有效的手机号或座机号（座机请带区号）。"
    )


def age_on(birth: date, day: date) -> int:
    """Full years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_age(birth: date | None, on: date, minimum_age: int = 18) -> str | None:
    """Why a person born on ``birth`` is too young on ``on`` (the event date), or None.

    An unknown birth date is not a reason to refuse: there is nothing to check.
    """
    if birth is None or minimum_age <= 0:
        return None
    age = age_on(birth, on)
    if age >= minimum_age:
        return None
    return (
        f"出生日期为{chinese_date(birth)}，到活动当天（{chinese_date(on)}）"
        f"{'尚未出生' if age < 0 else f'只有{age}周岁'}，未满{minimum_age}周岁，不能作为代表。"
    )


_SEX_WORDS: dict[str, str] = {
    "男": "男",
    "男性": "男",
    "男士": "男",
    "m": "男",
    "male": "男",
    "女": "女",
    "女性": "女",
    "女士": "女",
    "f": "女",
    "female": "女",
}


def normalize_sex(raw: str) -> str:
    """Return 男, 女 or "" (not given) from what a sheet says (男性, F, ...); raise ValidationError."""
    text = "".join(nfkc(raw).split()).lower()
    if not text:
        return ""
    sex = _SEX_WORDS.get(text)
    if sex is None:
        raise ValidationError("sex", f"性别“{raw.strip()}”无法识别，只能填“男”或“女”。")
    return sex


_DATE_SEPARATORS_RE = re.compile(r"[年月日./\-]+")


def parse_birth_date(raw: str, today: date | None = None) -> date:
    """A birth date from what people write: 1980-05-12, 1980/5/12, 1980年5月12日, 19800512.

    A year and month only (出生年月: 1980.05, 1980年5月, 198005) gives the first of the month.
    Raises ValidationError naming the field when the text is not a possible birth date.
    """
    text = "".join(nfkc(raw).split())
    today = today or date.today()
    parts = [part for part in _DATE_SEPARATORS_RE.split(text) if part]
    if len(parts) == 1 and _ascii_digits(parts[0]) and len(parts[0]) in (6, 8):
        digits = parts[0]
        parts = [digits[:4], digits[4:6]] + ([digits[6:]] if len(digits) == 8 else [])
    problem = ValidationError(
        "birth_date",
        f"出生日期“{raw.strip()}”看不懂，请写成 1980-05-12 或 1980年5月 这样的格式。",
    )
    if not 2 <= len(parts) <= 3 or not all(_ascii_digits(part) for part in parts):
        raise problem
    year, month = int(parts[0]), int(parts[1])
    day = int(parts[2]) if len(parts) == 3 else 1
    if year < 100:
        raise problem
    try:
        birth = date(year, month, day)
    except ValueError:
        raise ValidationError(
            "birth_date", f"出生日期“{raw.strip()}”不存在（月份或日期不对），请核对。"
        ) from None
    if birth > today or birth.year < 1900:
        raise ValidationError("birth_date", f"出生日期“{raw.strip()}”不合理，请核对。")
    return birth


@dataclass
class PersonCheck:
    """The result of checking a person: the cleaned person, errors by field, and warnings."""

    person: Person
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing blocks saving."""
        return not self.errors


def check_person(
    person: Person,
    *,
    today: date | None = None,
    event_date: date | None = None,
    minimum_age: int = 18,
) -> PersonCheck:
    """Clean and check a person; ID-derived birth date and sex fill empty fields.

    With ``event_date``, a person younger than ``minimum_age`` on that day is an error on
    ``birth_date`` (eligibility is judged on the event day, not today).
    """
    cleaned = replace(person)
    result = PersonCheck(cleaned)
    try:
        cleaned.name = clean_name(person.name)
    except ValidationError as exc:
        result.errors[exc.field] = exc.message
    if person.id_number.strip():
        try:
            info = parse_id_number(person.id_number, today)
        except ValidationError as exc:
            result.errors[exc.field] = exc.message
        else:
            cleaned.id_number = info.number
            if info.legacy:
                result.warnings.append("身份证号是15位旧号码，建议核对后换成18位新号码。")
            if not info.area_known:
                result.warnings.append(
                    f"身份证号前6位地区码“{info.number[:6]}”查不到对应的县（市、区），请核对。"
                )
            if cleaned.sex and cleaned.sex != info.sex:
                result.warnings.append(
                    f"性别填的是“{cleaned.sex}”，但身份证号显示为“{info.sex}”，已按身份证号记录。"
                )
            cleaned.sex = info.sex
            if cleaned.birth_date and cleaned.birth_date != info.birth_date:
                result.warnings.append("出生日期与身份证号不一致，已按身份证号记录。")
            cleaned.birth_date = info.birth_date
    else:
        cleaned.id_number = ""
    if person.phone.strip():
        try:
            cleaned.phone = normalize_phone(person.phone)
        except ValidationError as exc:
            result.errors[exc.field] = exc.message
    else:
        cleaned.phone = ""
    if cleaned.sex not in ("", "男", "女"):
        result.errors["sex"] = "性别只能填“男”或“女”。"
    if event_date is not None and "id_number" not in result.errors:
        too_young = check_age(cleaned.birth_date, event_date, minimum_age)
        if too_young:
            result.errors["birth_date"] = too_young
    for name in ("unit", "village", "notes"):
        setattr(cleaned, name, getattr(person, name).strip())
    return result


def require_valid_person(
    person: Person,
    *,
    today: date | None = None,
    event_date: date | None = None,
    minimum_age: int = 18,
) -> Person:
    """Return the cleaned person or raise ValidationError for the first problem."""
    result = check_person(person, today=today, event_date=event_date, minimum_age=minimum_age)
    if result.errors:
        field_name, message = next(iter(result.errors.items()))
        raise ValidationError(field_name, message)
    return result.person
