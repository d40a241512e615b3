"""Representative categories (代表类别) and the synonyms villages write for them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

OTHER_CATEGORY = "其他"
CITIZEN_CATEGORY = "群众代表"


@dataclass
class Category:
    """A representative category; ``synonyms`` are other names that mean the same."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    position: int = 0
    id: int | None = None


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("人大代表", ["人大", "县人大代表", "镇人大代表"]),
    Category("政协委员", ["政协", "县政协委员"]),
    Category(CITIZEN_CATEGORY, ["市民代表", "村民代表", "居民代表", "普通群众", "群众"]),
    Category("媒体记者", ["记者", "媒体", "新闻媒体"]),
    Category("企业代表", ["企业", "个体工商户", "个体户", "企业家"]),
    Category("先进模范", ["劳动模范", "道德模范", "先进人物", "劳模"]),
    Category("基层工作者", ["网格员", "社区工作者", "村干部"]),
    Category("离退休干部", ["离退休老干部", "退休干部", "老干部"]),
    Category("网民代表", ["网民"]),
    Category(OTHER_CATEGORY, []),
)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def match_category(text: str, categories: list[Category]) -> str | None:
    """Map what a sheet says (a name or a synonym, spaces ignored) to a category name, or None."""
    wanted = _key(text)
    if not wanted:
        return None
    for category in categories:
        if wanted == _key(category.name) or any(wanted == _key(s) for s in category.synonyms):
            return category.name
    return None
