"""Finding the header row of a roster and mapping its columns onto the person's fields.

Villages name their columns in many ways (姓 名, 公民身份号码, 单位及职务, 所在村(社区) ...);
the synonyms below cover the usual ones and a keyword fallback catches the rest. The result
is a plain ``{field: column index}`` dict the import preview shows and the user may correct.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from openday_desktop.domain.validation import FIELD_LABELS

from .reading import column_letter

# The fields a roster column can fill: every field of a person that has a label, in the
# order the preview lists them.
ROSTER_FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)

ColumnMapping = dict[str, int]  # field -> 0-based column index

HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "代表姓名", "人员姓名", "姓名(签名)", "报名人姓名"),
    "sex": ("性别",),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "身份证",
        "身份证件号码",
        "证件号码",
        "证件号",
        "居民身份证号码",
        "身份号码",
    ),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "出生时间"),
    "phone": (
        "联系电话",
        "手机",
        "手机号",
        "手机号码",
        "联系方式",
        "电话",
        "电话号码",
        "联系手机",
        "移动电话",
        "座机",
        "固定电话",
    ),
    "unit": (
        "工作单位",
        "单位及职务",
        "工作单位及职务",
        "单位",
        "单位职务",
        "工作单位及职务(职称)",
        "工作单位和职务",
        "单位及职务(职称)",
        "职务",
        "所在单位",
    ),
    "village": (
        "村/社区",
        "村(社区)",
        "所在村(社区)",
        "所在村/社区",
        "所在村",
        "村社区",
        "村居",
        "所在村居",
        "社区",
        "村",
        "所属村(社区)",
        "居住村(社区)",
    ),
    "category": ("代表类别", "类别", "身份", "代表身份", "人员类别", "界别", "代表类型", "类型"),
    "source": ("来源", "报名方式", "产生方式", "推荐方式", "邀请方式", "报名渠道"),
    "notes": ("备注", "其他说明"),
}

# (keyword, field): a header that contains the keyword, when no synonym matched exactly.
HEADER_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("身份证", "id_number"),
    ("身份号码", "id_number"),
    ("姓名", "name"),
    ("性别", "sex"),
    ("出生", "birth_date"),
    ("手机", "phone"),
    ("电话", "phone"),
    ("单位", "unit"),
    ("职务", "unit"),
    ("社区", "village"),
    ("村", "village"),
    ("类别", "category"),
    ("备注", "notes"),
    ("来源", "source"),
)

EXACT, WITHOUT_NOTE, KEYWORD = 3, 2, 1
_MARKS_RE = re.compile(r"[*＊※:：]")
_NOTE_RE = re.compile(r"\([^)]*\)")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\ufeff]")
_INNER_COLON_RE = re.compile("[:：]")


def cell_text(value: Any) -> str:
    """What a cell shows, as text: numbers without a stray ``.0``, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value.isascii():  # IDs, phones, dates: no zero-width characters to remove
            return value.strip()
        return _INVISIBLE_RE.sub("", value).strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


# Every data row asks whether its name cell is really a label or a repeated header (up to
# four times, through the functions below): the answers for the same text are remembered.
@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """A header reduced for comparison: NFKC, no spaces, no * or colon marks, lower case."""
    text = unicodedata.normalize("NFKC", text)
    return _MARKS_RE.sub("", "".join(text.split())).lower()


_SYNONYM_KEYS: dict[str, str] = {
    header_key(synonym): field_name
    for field_name, synonyms in HEADER_SYNONYMS.items()
    for synonym in synonyms
}


@lru_cache(maxsize=4096)
def match_header(text: str) -> tuple[str, int] | None:
    """(field, strength) for a header cell, or None. Strength: exact 3, without note 2, keyword 1.

    Long cells and cells with a colon are titles or "填报单位：…" lines, never column names.
    """
    if not text or len(text) > 24 or _INNER_COLON_RE.search(text.strip()[1:-1]):
        return None
    key = header_key(text)
    if not key:
        return None
    if key in _SYNONYM_KEYS:
        return _SYNONYM_KEYS[key], EXACT
    bare = _NOTE_RE.sub("", key)
    if bare in _SYNONYM_KEYS:
        return _SYNONYM_KEYS[bare], WITHOUT_NOTE
    if len(bare) <= 10:
        for keyword, field_name in HEADER_KEYWORDS:
            if keyword in bare:
                return field_name, KEYWORD
    return None


def map_headers(headers: Sequence[str]) -> ColumnMapping:
    """Each field to the column that names it best (the leftmost among equals)."""
    best: dict[str, tuple[int, int]] = {}  # field -> (strength, -column)
    for column, text in enumerate(headers):
        found = match_header(text)
        if found is None:
            continue
        field_name, strength = found
        if field_name not in best or (strength, -column) > best[field_name]:
            best[field_name] = (strength, -column)
    return {field_name: -best[field_name][1] for field_name in ROSTER_FIELDS if field_name in best}


def _row_texts(row: Sequence[Any]) -> list[str]:
    return [cell_text(value) for value in row]


def header_score(row: Sequence[Any]) -> tuple[bool, int]:
    """(names a 姓名 column, number of distinct fields named) for a candidate header row."""
    mapping = map_headers(_row_texts(row))
    return "name" in mapping, len(mapping)


def looks_like_header(rows: Sequence[Sequence[Any]]) -> bool:
    """True when one of ``rows`` would be taken as a header row."""
    return find_header_row(rows) is not None


def find_header_row(rows: Sequence[Sequence[Any]], limit: int = 30) -> int | None:
    """0-based index of the header row among the first ``limit`` rows, or None.

    The header is the row naming the most fields, a row with a 姓名 column preferred; at least
    two fields must be named, so a title or a "填报单位：…" line is never taken for it.
    """
    best: tuple[bool, int, int] | None = None
    for index, row in enumerate(rows[:limit]):
        has_name, score = header_score(row)
        if score < 2:
            continue
        candidate = (has_name, score, -index)
        if best is None or candidate > best:
            best = candidate
    return None if best is None else -best[2]


def _is_sub_header(headers: Sequence[str], below: Sequence[str]) -> bool:
    """True when ``below`` is the second row of a two-row header.

    Every filled cell must name a field, and none may name another field than the header
    above it: a person's category "身份" in the first row under 姓名 is data, not a header.
    """
    filled = [(column, text) for column, text in enumerate(below) if text]
    if not filled:
        return False
    for column, text in filled:
        found = match_header(text)
        if found is None:
            return False
        above = match_header(headers[column]) if column < len(headers) else None
        if above is not None and above[0] != found[0]:
            return False
    return True


def header_texts(rows: Sequence[Sequence[Any]], header_index: int) -> tuple[list[str], int]:
    """The column names and the index of the first data row.

    A two-row header (联系方式 merged over 手机 / 座机 in the row below) is read as one: where
    the second row names a field, its text wins, and data start one row later.
    """
    headers = _row_texts(rows[header_index])
    start = header_index + 1
    if start < len(rows):
        below = _row_texts(rows[start])
        if _is_sub_header(headers, below):
            width = max(len(headers), len(below))
            headers += [""] * (width - len(headers))
            for column, text in enumerate(below):
                if text and text != headers[column]:
                    headers[column] = text
            start += 1
    return headers, start


def describe_mapping(headers: Sequence[str], mapping: ColumnMapping) -> list[str]:
    """Lines like "姓名 ← B列“姓 名”" for the preview and the command line."""
    lines = []
    for field_name in ROSTER_FIELDS:
        column = mapping.get(field_name)
        label = FIELD_LABELS[field_name]
        if column is None:
            lines.append(f"{label} ← （未找到）")
        else:
            title = headers[column] if column < len(headers) else ""
            lines.append(f"{label} ← {column_letter(column)}列“{title}”")
    return lines
