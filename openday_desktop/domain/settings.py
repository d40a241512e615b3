"""Every setting, declared once with its default, its label and its kind.

The store keeps only values a user changed; everything else reads the default from here,
so adding a setting never needs a migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ValidationError
from .models import DEFAULT_FEEDBACK_CATEGORIES


@dataclass(frozen=True)
class SettingSpec:
    """A setting's key, default, Chinese label and group; ``kind`` drives the editor widget."""

    key: str
    default: Any
    label: str
    group: str
    kind: str = "text"  # text | multiline | int | float | bool | list
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    required: bool = False  # text that documents cannot do without


UNIT = "单位信息"
RULES = "规则与时限"
DOCUMENTS = "公文与输出"

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
        "min_per_site", 20, "每个开放点最少人数", RULES, kind="int", minimum=1, maximum=500
    ),
    SettingSpec(
        "citizen_share",
        1 / 3,
        "群众代表最低占比",
        RULES,
        kind="float",
        minimum=0.0,
        maximum=1.0,
        help="0 到 1 之间的小数，三分之一填 0.3333",
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
)

SETTINGS_BY_KEY: dict[str, SettingSpec] = {spec.key: spec for spec in SETTINGS}


def defaults() -> dict[str, Any]:
    """A fresh dict of every setting at its default value."""
    return {
        spec.key: (list(spec.default) if isinstance(spec.default, list) else spec.default)
        for spec in SETTINGS
    }


def coerce(key: str, value: Any) -> Any:
    """Check and convert a value for ``key``; raise ValidationError with a Chinese message."""
    spec = SETTINGS_BY_KEY.get(key)
    if spec is None:
        raise ValidationError(key, f"没有名为“{key}”的设置项。")
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
    return text
