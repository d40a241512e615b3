"""Representative categories (代表类别) and the many ways village sheets write them.

A category has a name, a place in the display order, synonyms (other words that mean the same,
such as 村民代表 for 群众代表) and a flag saying whether its people count as citizens (群众) for
the one-third rule. The list lives in the database and the clerk edits it (设置 → 代表类别…).

Reading a cell (``CategoryMatcher.match``) tries, in order, and takes the first exact hit:

1. the text itself (spaces and full-width forms ignored): a name or a synonym;
2. the text without level qualifiers in brackets, before or after the name, in any kind of
   bracket: 人大代表（镇级）, [市级]政协委员, 人大代表(县、镇两级);
3. the text without a level word after it: 人大代表镇级;
4. the text without a level or place prefix: 县人大代表, 乡镇人大代表, 青石镇人大代表;
5. the text without any bracketed part at all: 群众代表（青石村）.

Each step must land exactly on a name or a synonym, so 市民代表 is never read as “民代表”.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

OTHER_CATEGORY = "其他"
CITIZEN_CATEGORY = "群众代表"


@dataclass
class Category:
    """A representative category; ``synonyms`` are other names that mean the same.

    ``citizen``: its people count as citizens (群众) in the one-third rule.
    """

    name: str
    synonyms: list[str] = field(default_factory=list)
    position: int = 0
    id: int | None = None
    citizen: bool = False


# Why 村民代表 and 居民代表 are synonyms of 群众代表 rather than categories of their own: the
# rules count 群众代表/市民代表/村民代表 as one group, quotas are set per category, and the
# reports count by category; separate categories would split one quota into three. A unit that
# wants them apart adds its own category and ticks 计入群众.
DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("人大代表", ["人大", "县人大代表", "镇人大代表"]),
    Category("政协委员", ["政协", "县政协委员"]),
    Category(
        CITIZEN_CATEGORY, ["市民代表", "村民代表", "居民代表", "普通群众", "群众"], citizen=True
    ),
    Category("媒体记者", ["记者", "媒体", "新闻媒体"]),
    Category("企业代表", ["企业", "个体工商户", "个体户", "企业家"]),
    Category("先进模范", ["劳动模范", "道德模范", "先进人物", "劳模"]),
    Category("基层工作者", ["网格员", "社区工作者", "村干部"]),
    Category("离退休干部", ["离退休老干部", "退休干部", "老干部"]),
    Category("网民代表", ["网民"]),
    Category("引进人才", ["人才", "高层次人才", "返乡人才"]),
    Category("创业者", ["创业人员", "返乡创业者", "创业青年"]),
    Category("专家学者", ["专家", "学者"]),
    Category("职工代表", ["职工"]),
    Category("政风行风监督员", ["行风监督员", "政风监督员", "监督员"]),
    Category("重点服务对象", ["服务对象"]),
    Category(OTHER_CATEGORY, []),
)

# Level words a qualifier is made of: 镇级, 县、镇两级, 乡镇, 全国, 省级 ...
_LEVEL_WORDS = (
    "全国",
    "国家",
    "自治区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
    "乡",
    "镇",
    "街道",
    "村",
    "社区",
)
_LEVEL = "|".join(_LEVEL_WORDS)
# Pattern texts, compiled on first use by re's own cache: the window does not compile them
# to start (they cost more than a millisecond together).
_QUALIFIER = rf"^(?:{_LEVEL}|[、,，和及与/两三四五各]|级)+$"
# Brackets after NFKC: （）［］ become () []; 【】〔〕〈〉《》「」 keep their forms.
_BRACKETED = r"[(\[【〔〈《「{]([^()\[\]【】〔〕〈〉《》「」{}]*)[)\]】〕〉》」}]"
_LEVEL_SUFFIX = rf"(?:{_LEVEL})+级$"
# A prefix: up to six characters of a place name, then the level word (县, 镇, 乡镇, 街道 ...).
_PREFIX = rf"^(.{{0,6}}?(?:{_LEVEL})+级?)"
_MAX_PREFIX = 10


def category_key(text: str) -> str:
    """The form compared: NFKC (full-width letters and brackets) without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _without_qualifiers(key: str) -> str:
    """The key with bracketed level qualifiers removed: 人大代表(镇级) -> 人大代表."""
    return re.sub(
        _BRACKETED, lambda m: "" if re.match(_QUALIFIER, m.group(1) or "级") else m.group(0), key
    )


def _prefix_cuts(key: str) -> list[str]:
    """What remains after each possible level/place prefix, shortest prefix first."""
    remains: list[str] = []
    for end in range(1, min(len(key), _MAX_PREFIX + 1)):
        head = key[:end]
        if re.fullmatch(_PREFIX, head) and end < len(key):
            remains.append(key[end:])
    return remains


class CategoryMatcher:
    """Reads what a sheet or a person typed as a category name; built once per list."""

    def __init__(
        self, categories: Iterable[Category], overrides: Mapping[str, str] | None = None
    ) -> None:
        """``overrides``: text -> category name chosen by the clerk, tried before any rule."""
        self._names: dict[str, str] = {}
        for category in categories:
            for text in (category.name, *category.synonyms):
                key = category_key(text)
                if key:
                    # A name beats someone else's synonym of the same text.
                    if text == category.name or key not in self._names:
                        self._names[key] = category.name
        self._overrides = {category_key(t): n for t, n in (overrides or {}).items()}
        self._seen: dict[str, str | None] = {}

    def _exact(self, key: str) -> str | None:
        return self._names.get(key)

    def match(self, text: str) -> str | None:
        """The category name ``text`` means, or None when no rule lands on one."""
        if text in self._seen:
            return self._seen[text]
        result = self._match(category_key(text))
        self._seen[text] = result
        return result

    def _match(self, key: str) -> str | None:
        if not key:
            return None
        found = self._overrides.get(key) or self._exact(key)
        if found:
            return found
        bare = _without_qualifiers(key)
        found = self._exact(bare)
        if found:
            return found
        for candidate in dict.fromkeys((bare, key)):
            trimmed = re.sub(_LEVEL_SUFFIX, "", candidate)
            if trimmed and trimmed != candidate:
                found = self._exact(trimmed)
                if found:
                    return found
            for remain in _prefix_cuts(candidate):
                found = self._exact(remain) or self._exact(re.sub(_LEVEL_SUFFIX, "", remain))
                if found:
                    return found
        stripped = re.sub(_BRACKETED, "", key)
        if stripped and stripped != key:
            return self._match(stripped)
        return None


def match_category(text: str, categories: Sequence[Category]) -> str | None:
    """Map what a sheet says (a name or a synonym, spaces ignored) to a category name, or None."""
    return CategoryMatcher(categories).match(text)


def default_category(categories: Sequence[Category]) -> str:
    """The category of a person nobody classified: 群众代表, or (renamed or merged away) the
    first category counted as citizens, or the first of the list."""
    if not categories or any(c.name == CITIZEN_CATEGORY for c in categories):
        return CITIZEN_CATEGORY
    citizens = citizen_names(categories)
    return citizens[0] if citizens else categories[0].name


def citizen_names(categories: Iterable[Category]) -> list[str]:
    """Names of the categories whose people count as citizens, in display order."""
    return [c.name for c in categories if c.citizen]


def citizen_label(names: Sequence[str]) -> str:
    """How the one-third rule names the citizens: 群众代表, or 群众代表、村民代表合计."""
    if not names:
        return CITIZEN_CATEGORY
    if len(names) == 1:
        return names[0]
    return "、".join(names) + "合计"
