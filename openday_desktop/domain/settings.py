"""Every setting, declared once with its default, its label and its kind.

The store keeps only values a user changed; everything else reads the default from here,
so adding a setting never needs a migration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import ValidationError
from .models import DEFAULT_FEEDBACK_CATEGORIES

if TYPE_CHECKING:
    from fractions import Fraction


@dataclass(frozen=True)
class SettingSpec:
    """A setting's key, default, Chinese label and group; ``kind`` drives the editor widget."""

    key: str
    default: Any
    label: str
    group: str
    kind: str = "text"  # text | multiline | int | float | bool | list | share | choice
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    required: bool = False  # text that documents cannot do without
    choices: tuple[Any, ...] = ()  # the values a "choice" setting may take


UNIT = "单位信息"
RULES = "规则与时限"
DOCUMENTS = "公文与输出"
DISPLAY = "显示"

# Written into a fresh database's unit settings so the documents show where the unit goes.
PLACEHOLDER = "某某"
TEXT_SCALES = (100, 125, 150)

SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "unit_name", "某某镇人民政府", "单位名称", UNIT, help="写在公文落款和标题中", required=True
    ),
    SettingSpec("office_name", "某某镇党政办公室", "牵头科室", UNIT),
    SettingSpec("contact_person", "", "联系人", UNIT),
    SettingSpec("contact_phone", "", "联系电话", UNIT),
    SettingSpec(
        "leading_group",
        "组长：\n副组长：\n成员：",
        "领导小组",
        UNIT,
        kind="multiline",
        help="每行一项，例如“组长：张某某（镇长）”",
    ),
    SettingSpec(
        "document_number_prefix",
        "",
        "默认发文字号前缀",
        UNIT,
        help="例如“×政办发”，公文的发文字号按“前缀〔年份〕序号号”填写",
    ),
    SettingSpec(
        "min_per_site", 20, "每个开放点最少人数", RULES, kind="int", minimum=1, maximum=500
    ),
    SettingSpec(
        "citizen_share",
        "1/3",
        "群众代表最低占比",
        RULES,
        kind="share",
        minimum=0.0,
        maximum=1.0,
        help="填分数或百分数，例如 1/3 或 33.3%（都按三分之一计算）",
    ),
    SettingSpec("minimum_age", 18, "代表最低年龄", RULES, kind="int", minimum=0, maximum=100),
    SettingSpec(
        "plan_filing_workdays",
        5,
        "方案提前报备（工作日）",
        RULES,
        kind="int",
        minimum=0,
        maximum=60,
    ),
    SettingSpec(
        "results_publish_workdays",
        5,
        "活动后公开结果（工作日）",
        RULES,
        kind="int",
        minimum=0,
        maximum=60,
    ),
    SettingSpec(
        "feedback_deadline_workdays",
        10,
        "意见建议办理时限（工作日）",
        RULES,
        kind="int",
        minimum=1,
        maximum=120,
    ),
    SettingSpec("notice_days", 5, "公示期（工作日）", RULES, kind="int", minimum=1, maximum=30),
    SettingSpec("events_per_year", 1, "每年应举办次数", RULES, kind="int", minimum=0, maximum=24),
    SettingSpec(
        "event_periods",
        "",
        "应举办的月份或半年",
        RULES,
        help="留空为全年任意时间；例如“6月、12月”表示6月和12月各至少举办一次，"
        "“上半年、下半年”表示每半年至少一次",
    ),
    SettingSpec("sites_min", 2, "每次开放点最少个数", RULES, kind="int", minimum=1, maximum=20),
    SettingSpec("sites_max", 4, "每次开放点最多个数", RULES, kind="int", minimum=1, maximum=20),
    SettingSpec(
        "retention_years",
        5,
        "个人信息保存年限",
        RULES,
        kind="int",
        minimum=1,
        maximum=30,
        help="超过这么多年未参加活动的人员，可在“文件 → 个人信息保存期限”中一并抹去",
    ),
    SettingSpec(
        "feedback_categories",
        list(DEFAULT_FEEDBACK_CATEGORIES),
        "意见建议分类",
        RULES,
        kind="list",
        help="每行一个分类",
    ),
    SettingSpec(
        "body_font",
        "仿宋_GB2312",
        "公文正文字体",
        DOCUMENTS,
        help="电脑上没有仿宋_GB2312 时可改为“仿宋”",
    ),
    SettingSpec("mask_names_in_notice", False, "公示名单中隐去姓名中间字", DOCUMENTS, kind="bool"),
    SettingSpec(
        "text_scale",
        100,
        "文字大小",
        DISPLAY,
        kind="choice",
        choices=TEXT_SCALES,
        help="125% 或 150% 让窗口里的字更大，适合签到台和看不清小字时使用",
    ),
)

SETTINGS_BY_KEY: dict[str, SettingSpec] = {spec.key: spec for spec in SETTINGS}


def defaults() -> dict[str, Any]:
    """A fresh dict of every setting at its default value."""
    return {
        spec.key: (list(spec.default) if isinstance(spec.default, list) else spec.default)
        for spec in SETTINGS
    }


_TRUE_WORDS = {"1", "true", "yes", "on", "是", "对", "开", "y"}
_FALSE_WORDS = {"0", "false", "no", "off", "否", "不", "关", "n", ""}

# A share typed as 33.3% or 0.3333 means one third: snap to a fraction with a small
# denominator when it is that close (within 1/1000), so the rule is what the clerk meant.
_SNAP_DENOMINATOR = 1000


def parse_share(
    value: Any, field: str = "citizen_share", label: str = "群众代表最低占比"
) -> Fraction:
    """A share from 1/3, 33.3%, 33%, 0.3333 or 一 third as a Fraction between 0 and 1."""
    from fractions import Fraction  # with decimal and numbers: not needed to start the window

    if isinstance(value, Fraction):
        share = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        share = Fraction(str(value))
    else:
        text = str(value).strip().replace("％", "%").replace("／", "/").replace(" ", "")
        if text in ("三分之一", "1/3"):
            return Fraction(1, 3)
        try:
            if text.endswith("%"):
                share = Fraction(text[:-1]) / 100
            else:
                share = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValidationError(
                field, f"“{label}”请填分数或百分数，例如 1/3 或 33.3%，不是“{value}”。"
            ) from None
    if not 0 <= share <= 1:
        raise ValidationError(field, f"“{label}”要在 0 到 1（100%）之间。")
    simple = share.limit_denominator(12)
    return simple if abs(simple - share) <= Fraction(1, _SNAP_DENOMINATOR) else share


def format_share(value: Any) -> str:
    """A share as people read it: 1/3, 1/2, or 40% when it is no simple fraction."""
    share = parse_share(value)
    if share.denominator <= 12:
        return f"{share.numerator}/{share.denominator}" if share.denominator != 1 else str(share)
    return f"{float(share) * 100:.4g}%"


def format_value(spec: SettingSpec, value: Any) -> str:
    """A setting's value as text for the command line and messages."""
    if spec.kind == "share":
        return format_share(value)
    if spec.kind == "bool":
        return "是" if value else "否"
    if spec.kind == "choice" and spec.key == "text_scale":
        return f"{value}%"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


def find_spec(name: str) -> SettingSpec:
    """The setting called ``name`` by key (unit_name) or Chinese label (单位名称)."""
    spec = SETTINGS_BY_KEY.get(name.strip())
    if spec is None:
        spec = next((s for s in SETTINGS if s.label == name.strip()), None)
    if spec is None:
        raise ValidationError(
            name, f"没有名为“{name}”的设置项。可用 settings list 查看全部设置项的名称。"
        )
    return spec


UNIT_INFO_KEYS: tuple[str, ...] = (
    "unit_name",
    "office_name",
    "leading_group",
    "contact_person",
    "contact_phone",
    "document_number_prefix",
)
# Without these the plan, the notice and the signature cannot be written.
_UNIT_REQUIRED = ("unit_name", "office_name", "leading_group", "contact_person", "contact_phone")


def _leading_group_empty(text: str) -> bool:
    # The default is the three headings with nothing after them.
    return all(not line.split("：", 1)[-1].strip() for line in str(text).splitlines())


def missing_unit_settings(values: dict[str, Any]) -> list[SettingSpec]:
    """The unit settings still holding a placeholder (某某) or left empty, in form order."""
    missing: list[SettingSpec] = []
    for key in _UNIT_REQUIRED:
        value = str(values.get(key, SETTINGS_BY_KEY[key].default))
        empty = _leading_group_empty(value) if key == "leading_group" else not value.strip()
        if empty or PLACEHOLDER in value:
            missing.append(SETTINGS_BY_KEY[key])
    return missing


def coerce(key: str, value: Any) -> Any:
    """Check and convert a value for ``key``; raise ValidationError with a Chinese message."""
    spec = SETTINGS_BY_KEY.get(key)
    if spec is None:
        raise ValidationError(key, f"没有名为“{key}”的设置项。")
    if spec.kind == "share":
        return format_share(parse_share(value, key, spec.label))
    if spec.kind == "choice":
        text = str(value).strip().rstrip("%％")
        match = next((choice for choice in spec.choices if str(choice) == text), None)
        if match is None:
            allowed = "、".join(format_value(spec, choice) for choice in spec.choices)
            raise ValidationError(key, f"“{spec.label}”只能是 {allowed} 之一，不是“{value}”。")
        return match
    if spec.kind in ("int", "float"):
        try:
            number = int(value) if spec.kind == "int" else float(value)
        except (TypeError, ValueError):
            raise ValidationError(key, f"“{spec.label}”必须是数字。") from None
        if spec.minimum is not None and number < spec.minimum:
            raise ValidationError(key, f"“{spec.label}”不能小于 {spec.minimum:g}。")
        if spec.maximum is not None and number > spec.maximum:
            raise ValidationError(key, f"“{spec.label}”不能大于 {spec.maximum:g}。")
        return number
    if spec.kind == "bool":
        if isinstance(value, str):
            word = value.strip().lower()
            if word not in _TRUE_WORDS | _FALSE_WORDS:
                raise ValidationError(key, f"“{spec.label}”请填“是”或“否”，不是“{value}”。")
            return word in _TRUE_WORDS
        return bool(value)
    if spec.kind == "list":
        items = value.splitlines() if isinstance(value, str) else list(value)
        cleaned = [str(item).strip() for item in items if str(item).strip()]
        if not cleaned:
            raise ValidationError(key, f"“{spec.label}”至少要有一项。")
        return cleaned
    text = str(value).strip() if spec.kind == "text" else str(value)
    if spec.required and not text.strip():
        raise ValidationError(key, f"“{spec.label}”不能为空：公文的标题和落款要用到它。")
    if key == "contact_phone" and text:
        from .validation import normalize_phone

        try:
            text = normalize_phone(text)
        except ValidationError as exc:
            raise ValidationError(key, exc.message) from None
    if key == "event_periods":
        from .yearly import format_periods, parse_periods

        return format_periods(parse_periods(text))
    if spec.group == UNIT and PLACEHOLDER in text and key != "leading_group":
        raise ValidationError(
            key, f"“{spec.label}”里还有占位的“{PLACEHOLDER}”，请填写本单位的实际名称。"
        )
    return text


# --- placeholders a document must not print ---------------------------------------------------

# The contact person and phone, printed through the texts' {contact_clause}.
CONTACT_KEYS: tuple[str, ...] = ("contact_person", "contact_phone")


def unit_placeholders(
    settings: Mapping[str, Any], keys: Iterable[str] | None = None
) -> list[SettingSpec]:
    """The unit settings among ``keys`` (default all) that still hold a placeholder or are left
    empty: the same rule as the first-run 单位信息 step (``missing_unit_settings``), narrowed
    to what one document prints. In the order the settings dialog shows them."""
    wanted = None if keys is None else set(keys)
    return [
        spec
        for spec in missing_unit_settings(dict(settings))
        if wanted is None or spec.key in wanted
    ]


def placeholder_message(specs: Iterable[SettingSpec], what: str) -> str:
    """The Chinese refusal for ``what`` (a document's name) naming each setting to fill."""
    named = "、".join(f"“{spec.label}”（{spec.key}）" for spec in specs)
    return (
        f"单位信息还没有填写完整，{what}会印出占位文字。请先在“设置 → {UNIT}”中填写{named}，"
        "再导出。"
    )


# What follows the place in a unit's name: 青石镇人民政府 -> 青石镇.
_UNIT_SUFFIXES = ("人民政府", "办事处", "政府")


def place_of_unit(unit: str) -> str:
    """The place part of a unit's name (青石镇人民政府 -> 青石镇); the name itself otherwise."""
    unit = unit.strip()
    for suffix in _UNIT_SUFFIXES:
        if unit.endswith(suffix) and len(unit) > len(suffix):
            return unit[: -len(suffix)]
    return unit


def office_after_unit_rename(old_unit: str, new_unit: str, office: str) -> str | None:
    """The office's name once the unit is renamed, when it starts with the old place.

    青石镇人民政府 -> 白石镇人民政府 turns 青石镇党政办公室 into 白石镇党政办公室. None when the
    office does not name the old place (or nothing changes): the clerk's own wording stays.
    """
    old_place, new_place = place_of_unit(old_unit), place_of_unit(new_unit)
    if not old_place or not new_place or old_place == new_place or PLACEHOLDER in old_place:
        return None
    if not office.strip().startswith(old_place):
        return None
    return new_place + office.strip()[len(old_place) :]
