"""Checking and normalising what people type: names, ID numbers, phones, ages.

Every problem is a Chinese message that names the field, so the same text serves the dialog,
the import report and the command line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

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
    return name


def parse_id_number(raw: str, today: date | None = None) -> IdInfo:
    """Validate an 18-digit (or legacy 15-digit) resident ID number; raise ValidationError."""
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError as StdnumError

    number = nfkc(raw).upper().replace(" ", "")
    today = today or date.today()
    if len(number) == 15 and number.isdigit():
        try:
            birth = date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            raise ValidationError(
                "id_number", "身份证号（15位）中的出生日期不存在，请核对。"
            ) from None
        sex = "男" if int(number[14]) % 2 else "女"
        return IdInfo(number, birth, sex, legacy=True)
    if len(number) != 18:
        raise ValidationError(
            "id_number", f"身份证号应为18位（旧证15位），现在是{len(number)}位，请核对。"
        )
    if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        raise ValidationError("id_number", "身份证号只能由数字组成，最后一位可以是X，请核对。")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            "id_number", "身份证号中的出生日期不存在，请核对第7至14位。"
        ) from None
    if birth > today or birth.year < 1900:
        raise ValidationError("id_number", "身份证号中的出生日期不合理，请核对第7至14位。")
    try:
        ric.validate(number)
    except StdnumError:
        raise ValidationError(
            "id_number", "身份证号校验位不对，可能有数字填错，请逐位核对。"
        ) from None
    sex = "男" if int(number[16]) % 2 else "女"
    return IdInfo(number, birth, sex)


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
    if not digits.isdigit():
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


def check_person(person: Person, *, today: date | None = None) -> PersonCheck:
    """Clean and check a person; ID-derived birth date and sex fill empty fields."""
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
    for name in ("unit", "village", "notes"):
        setattr(cleaned, name, getattr(person, name).strip())
    return result


def require_valid_person(person: Person, *, today: date | None = None) -> Person:
    """Return the cleaned person or raise ValidationError for the first problem."""
    result = check_person(person, today=today)
    if result.errors:
        field_name, message = next(iter(result.errors.items()))
        raise ValidationError(field_name, message)
    return result.person
