"""One-person registration forms (个人报名表): label cells followed by value cells.

A public call asks each citizen to fill a 报名表 and e-mail it or hand it in. The form is not a
table: "姓名 | 张三 | 性别 | 男" on one row, "身份证号码 | … | 联系电话 | …" on the next. Read
as a table, its labels (家庭住址, 报名类别) would become people; here the layout is recognised
and read as the one person it describes.

Detection: several rows of the sheet carry a cell that names a person's field (exact or
without its note, never a mere keyword, so a village called 张村 is no label), with the 姓名
label among them. A roster names its fields in one header row (two for a two-row header).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .columns import EXACT, WITHOUT_NOTE, cell_text, header_key, match_header

# Labels only forms use, read as a person's field. An address is where the person lives: the
# pool's 村/社区 column is the place a list shows for them.
FORM_LABELS: dict[str, str] = {
    header_key(label): field_name
    for field_name, labels in {
        "village": ("家庭住址", "住址", "现住址", "居住地址", "家庭地址", "现居住地", "居住地"),
        "category": ("报名类别", "申报类别", "参加类别", "报名身份"),
        "unit": ("工作单位(学校)", "工作或学习单位", "工作学习单位"),
        "notes": ("个人简介", "意见建议", "关注的问题", "想了解的问题"),
    }.items()
    for label in labels
}

# Labels of things the pool does not keep: their value is not read, and a label standing in
# the value cell of an empty field is never taken for its value.
OTHER_LABELS: frozenset[str] = frozenset(
    header_key(label)
    for label in (
        "民族",
        "政治面貌",
        "文化程度",
        "学历",
        "照片",
        "近期免冠照片",
        "年龄",
        "职业",
        "邮箱",
        "电子邮箱",
        "籍贯",
        "本人签名",
        "签名",
        "日期",
        "填表日期",
        "报名日期",
        "序号",
        "编号",
    )
)

# At least this many rows must carry a label; a roster's header is one row, or two.
FORM_LABEL_ROWS = 3
# A form fits on a page: a sheet longer than this is a list, whatever its first rows say.
FORM_MAX_ROWS = 60
_LABEL_VALUE_RE = re.compile(r"^([^:：]{1,12})[:：]\s*(.+)$")


def form_label(text: str) -> str | None:
    """The field a form's label cell names (None: not a label of a person's field)."""
    if not text:
        return None
    key = header_key(text)
    if key in FORM_LABELS:
        return FORM_LABELS[key]
    found = match_header(text)
    if found is not None and found[1] in (EXACT, WITHOUT_NOTE):
        return found[0]
    return None


def is_label(text: str) -> bool:
    """True for a label cell (a person's field or something forms ask besides)."""
    return form_label(text) is not None or header_key(text) in OTHER_LABELS


def _filled_rows(rows: Sequence[Sequence[Any]]) -> int:
    return sum(1 for row in rows if any(cell_text(value) for value in row))


def is_form_layout(rows: Sequence[Sequence[Any]]) -> bool:
    """True when the sheet is a one-person form, not a list of people."""
    if _filled_rows(rows) > FORM_MAX_ROWS:
        return False
    label_rows = 0
    has_name = False
    for row in rows[:FORM_MAX_ROWS]:
        fields = {form_label(cell_text(value)) for value in row} - {None}
        if fields:
            label_rows += 1
            has_name = has_name or "name" in fields
    return has_name and label_rows >= FORM_LABEL_ROWS


@dataclass
class FormField:
    """One field read from a form: where its label is (1-based row, 0-based column) and the value."""

    field_name: str
    label: str
    row: int
    column: int
    value: Any


@dataclass
class FormReading:
    """The fields of one form, the first occurrence of each field."""

    fields: dict[str, FormField] = field(default_factory=dict)

    @property
    def name_row(self) -> int:
        """The row of the 姓名 label (the row a report names for the person)."""
        found = self.fields.get("name")
        return found.row if found is not None else 1


def read_form(rows: Sequence[Sequence[Any]]) -> FormReading:
    """Each labelled field's value: the next filled cell to the right of its label.

    A cell "姓名：张三" holds label and value together. A value cell that is itself a label
    (the field was left empty) gives an empty value.
    """
    reading = FormReading()
    for row_index, row in enumerate(rows):
        cells = list(row)
        column = 0
        while column < len(cells):
            text = cell_text(cells[column])
            combined = _LABEL_VALUE_RE.match(text) if text else None
            field_name = form_label(text)
            if field_name is None and combined is not None:
                field_name = form_label(combined.group(1))
                if field_name is not None:
                    _keep(
                        reading,
                        field_name,
                        combined.group(1),
                        row_index,
                        column,
                        combined.group(2).strip(),
                    )
                column += 1
                continue
            if field_name is None:
                column += 1
                continue
            value: Any = None
            next_column = column + 1
            while next_column < len(cells):
                candidate = cells[next_column]
                candidate_text = cell_text(candidate)
                if candidate_text == text:  # a merged label repeated: still the label
                    next_column += 1
                    continue
                if candidate_text:
                    if not is_label(candidate_text):
                        value = candidate
                        next_column += 1
                    break
                next_column += 1
            _keep(reading, field_name, text, row_index, column, value)
            column = next_column
    return reading


def _keep(
    reading: FormReading, field_name: str, label: str, row_index: int, column: int, value: Any
) -> None:
    if field_name in reading.fields and cell_text(reading.fields[field_name].value):
        return  # the first filled occurrence wins (a form repeats 联系电话 for a second phone)
    reading.fields[field_name] = FormField(field_name, label, row_index + 1, column, value)
