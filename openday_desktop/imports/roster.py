"""Importing a roster (代表名册) that villages made in Excel, WPS or a WeChat form export.

Two steps, so the window can show what it understood before anything is stored:

1. ``detect(path) -> RosterPreview``: the sheet, the header row, which column is which field
   (the user may correct ``preview.mapping``) and the first rows;
2. ``read_roster(path, mapping, ...) -> RosterReading``: validate every row into candidates
   and a report, without the database. ``services.roster_import.import_roster`` then matches
   the candidates against the pool (``domain.matching``), stores them in one transaction and
   invites them through ``services.selection``. A bad row never stops a good one; every row
   that is not stored is in the report with the row number Excel shows and the reason.

Decisions worth knowing:

- Blank rows, total rows (合计, 小计 ...), footnotes (说明：, 填表人 ...) and repeated header rows
  are skipped silently; they are not people.
- Only ID numbers and phones are NFKC-normalised (full-width digits and Ｘ); names keep their
  characters (NFKC would change brackets and other punctuation people chose).
- An ID number the sheet holds as a number has lost its last digits: the row is an error,
  never a guess.
- The same ID number as someone in the pool updates that person (filled cells overwrite, empty
  cells keep what the pool has). Without an ID number, the same name and phone as someone in
  the pool is taken for that person, updated and flagged with a warning.
- The same ID number twice in the file (or the same name and phone, without ID number) is a
  duplicate row: the first valid occurrence is stored, later ones are reported.
- Categories are read by ``domain.categories.CategoryMatcher``: names, synonyms, and level
  qualifiers before or after the name in any brackets (人大代表（镇级）, 县人大代表). The preview
  lists every distinct category text with how it will be read; ``category_map`` carries the
  clerk's choices for texts it could not read. An unknown category is stored as 其他 with a
  warning (the person is valid; the category can be fixed in the pool, or added under
  设置 → 代表类别… and the file imported again). A blank category means 群众代表.
- With an event, a person under the minimum age (setting, 18) on the event day is an error row:
  neither stored nor invited (a minor's ID number has no business in the pool). That holds for
  a row that matches a pool person too, whose birth date the pool knows. Without an event,
  such a person is stored with a warning, since the age that matters is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openday_desktop.domain.categories import (
    OTHER_CATEGORY,
    Category,
    CategoryMatcher,
    default_category,
)
from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.models import PERSON_SOURCES, Person
from openday_desktop.domain.validation import (
    FIELD_LABELS,
    check_age,
    check_person,
    nfkc,
    normalize_sex,
    parse_birth_date,
)

from .columns import (
    ROSTER_FIELDS,
    ColumnMapping,
    cell_text,
    describe_mapping,
    find_header_row,
    header_score,
    header_texts,
    looks_like_header,
    map_headers,
    match_header,
)
from .forms import is_form_layout, is_label, read_form
from .reading import RawSheet, RosterFileError, column_letter, read_roster_file
from .report import ImportReport, RowIssue

NUMERIC_ID_MESSAGE = (
    "身份证号被存成了数字，后几位已经丢失，无法还原。"
    "请把这一列设为“文本”格式，重新填写完整的身份证号后再导入。"
)
_SCIENTIFIC_RE = re.compile(r"^\d+(\.\d*)?[eE]\+?\d+$")
_CATEGORY_SPLIT_RE = re.compile(r"[、,，/;；\s]+")

TOTAL_PREFIXES: tuple[str, ...] = ("合计", "总计", "小计", "共计", "累计", "总人数", "人数合计")
FOOTNOTE_PREFIXES: tuple[str, ...] = (
    "说明",
    "注:",
    "注1",
    "注一",
    "备注:",
    "附:",
    "填表人",
    "填报人",
    "审核人",
    "制表",
    "联系人:",
    "填表说明",
    "填报说明",
    "填表日期",
    "填报日期",
    "负责人:",
    "签字",
    "盖章",
    "(盖章)",
    "单位(盖章)",
    "以下空白",
    "以下无",
    "*",
    "※",
)

# A roster without a 来源 column comes from a village (community) or a unit that put its
# people forward: that is 组织推荐, not the unit's own 定向邀请.
IMPORT_DEFAULT_SOURCE = "组织推荐"

SOURCE_WORDS: tuple[tuple[str, str], ...] = (
    ("推荐", "组织推荐"),
    ("公开", "公开报名"),
    ("报名", "公开报名"),
    ("征集", "公开报名"),
    ("自荐", "公开报名"),
    ("定向", "定向邀请"),
    ("邀请", "定向邀请"),
)

PREVIEW_ROWS = 10
DISTINCT_LIMIT = 60

# --- preview -------------------------------------------------------------------------------


@dataclass
class RosterPreview:
    """What the importer understood of a file, for the preview dialog to show and correct.

    ``header_row`` is the row number Excel shows (1-based); ``mapping`` maps each field
    (see ``ROSTER_FIELDS`` and ``FIELD_LABELS``) to a 0-based column index.
    """

    path: Path
    header_row: int
    headers: list[str]
    mapping: ColumnMapping
    rows: list[tuple[int, list[str]]]  # the first data rows: (row number, cell texts)
    sheet_name: str = ""
    encoding: str = ""
    data_rows: int = 0  # rows below the header that are not blank
    # Per column, each distinct cell text and how often it occurs; a column with more than
    # DISTINCT_LIMIT different texts (names, phones) is dropped: it is no category column.
    distinct: dict[int, dict[str, int]] = field(default_factory=dict)
    form: bool = False  # a one-person 报名表: ``headers`` are its labels, one row of values

    def category_texts(self) -> dict[str, int] | None:
        """Distinct texts of the column mapped to 代表类别 with their counts (None: too many)."""
        column = self.mapping.get("category")
        if column is None:
            return {}
        return self.distinct.get(column)

    @property
    def column_count(self) -> int:
        """Number of columns the preview table needs."""
        return max([len(self.headers), *(len(cells) for _, cells in self.rows)])

    def field_of(self, column: int) -> str | None:
        """The field a column is mapped to, if any."""
        for field_name, mapped in self.mapping.items():
            if mapped == column:
                return field_name
        return None

    def set_field(self, column: int, field_name: str | None) -> None:
        """The user's correction: ``column`` now fills ``field_name`` (None: ignore the column).

        A field belongs to one column only, so it leaves any other column it was on.
        """
        for name, mapped in list(self.mapping.items()):
            if mapped == column or name == field_name:
                del self.mapping[name]
        if field_name is not None:
            if field_name not in ROSTER_FIELDS:
                raise ValueError(f"unknown field {field_name!r}")
            self.mapping[field_name] = column
        self.mapping = {f: self.mapping[f] for f in ROSTER_FIELDS if f in self.mapping}

    @property
    def missing_required(self) -> list[str]:
        """Labels of required fields without a column (only 姓名 is required)."""
        return [] if "name" in self.mapping else [FIELD_LABELS["name"]]

    def mapping_lines(self) -> list[str]:
        """One line per field, like: 姓名 ← B列“姓 名”."""
        return describe_mapping(self.headers, self.mapping)


def _read(path: str | Path, sheet_name: str | None) -> RawSheet:
    # "" is what a CSV preview carries as its sheet name: it means "no particular sheet".
    return read_roster_file(path, choose=looks_like_header, sheet_name=sheet_name or None)


def _locate_header(
    sheet: RawSheet, path: Path, header_row: int | None
) -> tuple[int, list[str], int]:
    """(header index, headers, first data index), all 0-based."""
    if header_row is not None:
        if not 1 <= header_row <= len(sheet.rows):
            raise RosterFileError(
                f"表头行号 {header_row} 超出了表格范围（共 {len(sheet.rows)} 行），请重新选择。"
            )
        index = header_row - 1
    else:
        found = find_header_row(sheet.rows)
        if found is None:
            raise RosterFileError(
                f"在“{path.name}”的前几十行中没有找到表头（写着“姓名”“身份证号”“联系电话”等"
                "列名的一行）。请确认名单在第一张工作表中并带有表头，或在预览中手动指定表头行。"
            )
        index = found
    headers, start = header_texts(sheet.rows, index)
    return index, headers, start


def detect(
    path: str | Path, *, header_row: int | None = None, sheet_name: str | None = None
) -> RosterPreview:
    """Read a roster and guess its header row and columns, without storing anything."""
    path = Path(path)
    sheet = _read(path, sheet_name)
    if is_form_layout(sheet.rows):
        return _form_preview(path, sheet)
    index, headers, start = _locate_header(sheet, path, header_row)
    preview_rows: list[tuple[int, list[str]]] = []
    data_rows = 0
    mapping = map_headers(headers)
    name_column = mapping.get("name", 0)
    distinct: dict[int, dict[str, int]] = {}
    crowded: set[int] = set()
    for offset, row in enumerate(sheet.rows[start:]):
        texts = [cell_text(value) for value in row]
        if not any(texts):
            continue
        data_rows += 1
        if len(preview_rows) < PREVIEW_ROWS:
            preview_rows.append((start + offset + 1, texts))
        if _is_not_a_person(row, texts[name_column] if name_column < len(texts) else ""):
            continue
        for column, text in enumerate(texts):
            if text and column not in crowded:
                counts = distinct.setdefault(column, {})
                counts[text] = counts.get(text, 0) + 1
                if len(counts) > DISTINCT_LIMIT:
                    crowded.add(column)
                    del distinct[column]
    return RosterPreview(
        path=path,
        header_row=index + 1,
        headers=headers,
        mapping=mapping,
        rows=preview_rows,
        sheet_name=sheet.sheet_name,
        encoding=sheet.encoding,
        data_rows=data_rows,
        distinct=distinct,
    )


def _form_preview(path: Path, sheet: RawSheet) -> RosterPreview:
    """A one-person form shown as one row under its labels (the import reads it by label)."""
    form = read_form(sheet.rows)
    headers = [found.label for found in form.fields.values()]
    values = [cell_text(found.value) for found in form.fields.values()]
    category = form.fields.get("category")
    distinct: dict[int, dict[str, int]] = {}
    if category is not None and cell_text(category.value):
        distinct[list(form.fields).index("category")] = {cell_text(category.value): 1}
    return RosterPreview(
        path=path,
        header_row=1,
        headers=headers,
        mapping={name: index for index, name in enumerate(form.fields)},
        rows=[(form.name_row, values)],
        sheet_name=sheet.sheet_name,
        data_rows=1,
        distinct=distinct,
        form=True,
    )


# --- reading one row -----------------------------------------------------------------------


@dataclass
class RosterCandidate:
    """A valid row: the cleaned person and which fields the row actually filled."""

    row: int
    person: Person
    provided: set[str] = field(default_factory=set)


def _skip_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lstrip("(")


# First characters a total or footnote cell can start with (raw and full-width forms): the
# NFKC key is only built for those, which keeps the check cheap on 10,000 rows.
_SKIP_STARTS: frozenset[str] = frozenset(
    {p[0] for p in TOTAL_PREFIXES + FOOTNOTE_PREFIXES} | {"（", "＊", "﹡"}
)


def _is_skip_text(text: str) -> bool:
    if not text or text[0] not in _SKIP_STARTS:
        return False
    key = _skip_key(text)
    return key.startswith(TOTAL_PREFIXES) or key.startswith(FOOTNOTE_PREFIXES)


def _is_not_a_person(row: Sequence[Any], name_text: str) -> bool:
    """Total rows, footnotes and repeated header rows: skipped without a report line."""
    first = ""
    for value in row:
        first = cell_text(value)
        if first:
            break
    if _is_skip_text(first) or _is_skip_text(name_text):
        return True
    # A header repeated on every printed page; scoring the whole row only when the name
    # cell itself reads like a column name keeps this cheap on 10,000 rows.
    named = match_header(name_text)
    if named is None or named[0] != "name":
        return False
    has_name, score = header_score(row)
    return has_name and score >= 2


def _id_text(value: Any) -> tuple[str, str | None]:
    """(ID number text, error message) from the ID cell as the file holds it."""
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, (int, float)):
        # Excel keeps numbers as 15-significant-digit floats: an 18-digit ID typed as a
        # number is already damaged. Up to 15 digits (old IDs) survive exactly.
        if isinstance(value, float) and not value.is_integer():
            return repr(value), NUMERIC_ID_MESSAGE
        if abs(value) >= 10**15:
            return cell_text(value), NUMERIC_ID_MESSAGE
        return str(int(value)), None
    text = nfkc(cell_text(value)).lstrip("'`")
    if _SCIENTIFIC_RE.match(text.replace(" ", "")):
        return text, NUMERIC_ID_MESSAGE
    return text, None


def _phone_text(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return cell_text(value)
    return nfkc(cell_text(value)).lstrip("'`")


def _birth_value(value: Any, today: date) -> tuple[date | None, bool]:
    """(birth date, month only) from a 出生日期/出生年月 cell; raises ValidationError."""
    if value is None or value == "":
        return None, False
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) or value.is_integer():
            number = int(value)
            if 1 <= number < 100000 and len(str(number)) not in (6, 8):
                # An Excel date serial in a cell formatted as a number.
                from openpyxl.utils.datetime import from_excel

                return from_excel(number).date(), False
    text = cell_text(value)
    birth = parse_birth_date(text, today)
    digits = [part for part in re.split(r"\D+", nfkc(text)) if part]
    month_only = (len(digits) == 1 and len(digits[0]) == 6) or len(digits) == 2
    return birth, month_only


def _source(text: str) -> str | None:
    key = "".join(text.split())
    if key in PERSON_SOURCES:
        return key
    for word, source in SOURCE_WORDS:
        if word in key:
            return source
    return None


class _RowReader:
    """Turns one sheet row into a valid person or row issues."""

    def __init__(
        self,
        headers: list[str],
        mapping: ColumnMapping,
        categories: list[Category],
        today: date,
        event_date: date | None,
        minimum_age: int,
        category_map: Mapping[str, str] | None = None,
        default_source: str = "",
    ) -> None:
        self.headers = headers
        self.default_source = default_source or IMPORT_DEFAULT_SOURCE
        self.mapping = mapping
        self.categories = categories
        self.category_names = {c.name for c in categories}
        self.matcher = CategoryMatcher(categories, category_map)
        # A blank category cell means 群众代表 (or what the clerk renamed it to).
        self.default_category = default_category(categories)
        self.today = today
        self.event_date = event_date
        self.minimum_age = minimum_age
        # A sheet repeats a handful of category words (and birth months) thousands of times.
        self._categories_seen: dict[str, str | None] = {}
        self._births_seen: dict[tuple[type, Any], tuple[date | None, bool] | str] = {}

    def birth_of(self, value: Any) -> tuple[date | None, bool]:
        """_birth_value with a cache; raises ValidationError like it."""
        try:
            key = (type(value), value)
            seen = self._births_seen.get(key)
        except TypeError:  # an unhashable cell value: no cache
            return _birth_value(value, self.today)
        if seen is None:
            try:
                seen = _birth_value(value, self.today)
            except ValidationError as exc:
                seen = exc.message
            self._births_seen[key] = seen
        if isinstance(seen, str):
            raise ValidationError("birth_date", seen)
        return seen

    def category_of(self, text: str) -> str | None:
        """The category a cell means ("人大、企业代表" -> the first part that matches)."""
        if text in self._categories_seen:
            return self._categories_seen[text]
        matched = self.matcher.match(text)
        if matched is None:
            for part in _CATEGORY_SPLIT_RE.split(text):
                matched = self.matcher.match(part)
                if matched:
                    break
        self._categories_seen[text] = matched
        return matched

    def column_name(self, field_name: str) -> str:
        """The header the user sees for a field (its label when the field has no column)."""
        column = self.mapping.get(field_name)
        if column is None:
            if field_name == "birth_date" and "id_number" in self.mapping:
                return self.column_name("id_number")
            return FIELD_LABELS.get(field_name, field_name)
        title = self.headers[column] if column < len(self.headers) else ""
        return title or f"{column_letter(column)}列"

    def read(
        self, number: int, values: dict[str, Any]
    ) -> tuple[RosterCandidate | None, list[RowIssue], list[RowIssue]]:
        """(candidate or None, errors, warnings) for row ``number``."""
        errors: list[RowIssue] = []
        warnings: list[RowIssue] = []

        def error(field_name: str, message: str) -> None:
            errors.append(RowIssue(number, message, self.column_name(field_name)))

        def warn(field_name: str, message: str) -> None:
            warnings.append(RowIssue(number, message, self.column_name(field_name)))

        texts = {f: cell_text(v) for f, v in values.items()}
        provided = {f for f, text in texts.items() if text}
        if is_label(texts.get("name", "")):
            # A form read as a table: its labels (家庭住址, 报名类别) are not people.
            error(
                "name",
                f"“{texts['name']}”是表格的栏目名称，不是人名，本行未导入。"
                "如这是一份个人报名表，请单独导入这个文件；如是名单，请检查表头和姓名列。",
            )
            return None, errors, warnings

        id_number, id_problem = _id_text(values.get("id_number"))
        if id_problem:
            error("id_number", id_problem)
            id_number = ""
        phone = _phone_text(values.get("phone"))

        sex_problem: str | None = None
        try:
            sex = normalize_sex(texts.get("sex", ""))
        except ValidationError as exc:
            sex, sex_problem = "", exc.message

        birth: date | None = None
        month_only = False
        birth_problem: str | None = None
        try:
            birth, month_only = self.birth_of(values.get("birth_date"))
        except ValidationError as exc:
            birth_problem = exc.message

        category = self.default_category
        category_text = texts.get("category", "")
        if category_text:
            matched = self.category_of(category_text)
            if matched is not None:
                category = matched
            elif OTHER_CATEGORY in self.category_names:
                category = OTHER_CATEGORY
                warn(
                    "category",
                    f"代表类别“{category_text}”不在类别列表中，已记为“{OTHER_CATEGORY}”。"
                    "如需单列，请在“设置 → 代表类别…”中添加这个类别"
                    "（或把它加为某类别的同义词）后重新导入。",
                )
            else:
                error(
                    "category",
                    f"代表类别“{category_text}”不在类别列表中。请改为已有类别，"
                    "或在“设置 → 代表类别…”中添加这个类别后重新导入。",
                )

        source = self.default_source
        source_text = texts.get("source", "")
        if source_text:
            known = _source(source_text)
            if known is None:
                provided.discard("source")
                warn(
                    "source",
                    f"来源“{source_text}”无法识别（可填{'、'.join(PERSON_SOURCES)}），"
                    f"已按“{source}”记录。",
                )
            else:
                source = known

        person = Person(
            name=texts.get("name", ""),
            category=category,
            sex=sex,
            id_number=id_number,
            birth_date=None if id_number else birth,
            phone=phone,
            unit=texts.get("unit", ""),
            village=texts.get("village", ""),
            source=source,
            notes=texts.get("notes", ""),
        )
        check = check_person(
            person, today=self.today, event_date=self.event_date, minimum_age=self.minimum_age
        )
        for field_name, message in check.errors.items():
            error(field_name, message)
        id_ok = bool(id_number) and "id_number" not in check.errors
        if sex_problem:
            if id_ok:
                warn("sex", f"{sex_problem}已按身份证号记为“{check.person.sex}”。")
            else:
                error("sex", sex_problem)
        if birth_problem:
            if id_ok:
                warn("birth_date", f"{birth_problem}已按身份证号记录出生日期。")
            else:
                error("birth_date", birth_problem)
        for message in check.warnings:
            warn("sex" if "性别" in message else "id_number", message)
        if id_ok and birth is not None and check.person.birth_date is not None:
            from_id = check.person.birth_date
            same = (
                (birth.year, birth.month) == (from_id.year, from_id.month)
                if month_only
                else birth == from_id
            )
            if not same:
                warn(
                    "birth_date",
                    f"出生日期与身份证号不一致（身份证号显示{chinese_date(from_id)}），"
                    "已按身份证号记录。",
                )
        if errors:
            return None, errors, warnings
        cleaned = check.person
        if self.event_date is None and cleaned.birth_date is not None:
            too_young = check_age(cleaned.birth_date, self.today, self.minimum_age)
            if too_young:
                warn(
                    "birth_date",
                    f"目前未满{self.minimum_age}周岁（{chinese_date(cleaned.birth_date)}出生），"
                    "已存入代表库，但在年满前不能被邀请参加活动。",
                )
        if cleaned.id_number:
            provided |= {"sex", "birth_date"}
        if not category_text:
            provided.discard("category")
        return RosterCandidate(number, cleaned, provided), errors, warnings


# --- the import ----------------------------------------------------------------------------


def _row_texts(row: Sequence[Any], width: int) -> list[str]:
    texts = [cell_text(value) for value in row]
    return texts + [""] * (width - len(texts))


@dataclass
class RosterReading:
    """A roster read and validated: the distinct valid rows and the report so far.

    Rows with errors and rows repeating an earlier row of the file are already in ``report``;
    what is left is for the service to match against the pool and store.
    """

    report: ImportReport
    candidates: list[RosterCandidate]
    mapping: ColumnMapping
    rows: list[list[Any]]  # the sheet, for the cells of problem rows in the report
    width: int
    form: bool = False  # a one-person 报名表 read by its labels

    @property
    def unverifiable_form(self) -> bool:
        """A form without ID number and phone: nothing tells two people of one name apart."""
        return self.form and not any(c.person.id_number or c.person.phone for c in self.candidates)

    @property
    def unverifiable(self) -> bool:
        """Neither an ID number nor a phone column: people are known by name and village only."""
        return ("id_number" not in self.mapping and "phone" not in self.mapping) and not self.form

    def finish(self) -> ImportReport:
        """The report in row order, with the cells of every row it mentions."""
        report = self.report
        report.errors.sort(key=lambda issue: issue.row)
        report.duplicates.sort(key=lambda issue: issue.row)
        # A duplicate row was not stored, so its warnings (say, an unknown category) are moot.
        duplicate_rows = {issue.row for issue in report.duplicates}
        report.warnings = sorted(
            (issue for issue in report.warnings if issue.row not in duplicate_rows),
            key=lambda issue: issue.row,
        )
        for issue in (*report.errors, *report.duplicates, *report.warnings):
            if self.form:
                continue  # a form's rows are label-value pairs: the field names the problem
            if issue.row not in report.row_values and 1 <= issue.row <= len(self.rows):
                report.row_values[issue.row] = _row_texts(self.rows[issue.row - 1], self.width)
        return report


def read_roster(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    categories: list[Category],
    minimum_age: int,
    event_date: date | None = None,
    header_row: int | None = None,
    sheet_name: str | None = None,
    today: date | None = None,
    category_map: Mapping[str, str] | None = None,
) -> RosterReading:
    """Read and validate a roster into candidates and a report; nothing is stored.

    ``mapping`` and ``header_row`` come from a (corrected) ``RosterPreview``; when omitted they
    are detected. ``category_map``: category text in the file -> category name, the clerk's
    reading of texts the rules do not read (or read otherwise). With ``event_date``, people
    under ``minimum_age`` on that day are error rows. Raises RosterFileError when the file
    cannot be read or has no 姓名 column.
    """
    path = Path(path)
    today = today or date.today()
    sheet = _read(path, sheet_name)
    if is_form_layout(sheet.rows):
        return _read_form_sheet(
            path, sheet, categories, minimum_age, event_date, today, category_map
        )
    index, headers, start = _locate_header(sheet, path, header_row)
    width = max(len(headers), max((len(r) for r in sheet.rows), default=0))
    headers = headers + [""] * (width - len(headers))
    mapping = dict(map_headers(headers) if mapping is None else mapping)
    mapping = {f: c for f, c in mapping.items() if f in ROSTER_FIELDS and 0 <= c < width}
    if "name" not in mapping:
        raise RosterFileError(
            f"在“{path.name}”中没有找到“姓名”列（表头在第{index + 1}行）。"
            "请在导入预览中指定哪一列是姓名。"
        )

    report = ImportReport(
        file_name=path.name, sheet_name=sheet.sheet_name, header_row=index + 1, headers=headers
    )
    name_column = mapping["name"]
    fields = list(mapping.items())
    reader = _RowReader(headers, mapping, categories, today, event_date, minimum_age, category_map)
    candidates: list[RosterCandidate] = []
    for offset, row in enumerate(sheet.rows[start:]):
        number = start + offset + 1
        values = {f: (row[c] if c < len(row) else None) for f, c in fields}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            report.skipped += 1
            continue
        name_value = row[name_column] if name_column < len(row) else None
        if _is_not_a_person(row, cell_text(name_value)):
            report.skipped += 1
            continue
        candidate, errors, warnings = reader.read(number, values)
        report.errors += errors
        report.warnings += warnings
        if candidate is not None:
            candidates.append(candidate)
    distinct = _drop_repeated_rows(candidates, report)
    return RosterReading(report, distinct, mapping, sheet.rows, width)


# A one-person form comes from the person: 公开报名, unless the form says otherwise.
FORM_DEFAULT_SOURCE = "公开报名"


def _read_form_sheet(
    path: Path,
    sheet: RawSheet,
    categories: list[Category],
    minimum_age: int,
    event_date: date | None,
    today: date,
    category_map: Mapping[str, str] | None,
) -> RosterReading:
    """A one-person 报名表: one candidate (or its errors), each problem naming the form's label."""
    form = read_form(sheet.rows)
    labels = [found.label for found in form.fields.values()]
    mapping = {name: index for index, name in enumerate(form.fields)}
    report = ImportReport(
        file_name=path.name, sheet_name=sheet.sheet_name, header_row=0, headers=labels
    )
    if "name" not in form.fields or not cell_text(form.fields["name"].value):
        report.errors.append(
            RowIssue(
                form.name_row,
                "报名表中没有填写姓名，未导入。请补填姓名后重新导入。",
                form.fields["name"].label if "name" in form.fields else FIELD_LABELS["name"],
            )
        )
        return RosterReading(report, [], mapping, sheet.rows, len(labels), form=True)
    reader = _RowReader(
        labels,
        mapping,
        categories,
        today,
        event_date,
        minimum_age,
        category_map,
        default_source=FORM_DEFAULT_SOURCE,
    )
    values = {name: found.value for name, found in form.fields.items()}
    candidate, errors, warnings = reader.read(form.name_row, values)
    # Each problem at the row of the label it is about, so "第3行“身份证号码”" finds it.
    rows_by_label = {found.label: found.row for found in form.fields.values()}
    report.errors += [_at_label(issue, rows_by_label) for issue in errors]
    report.warnings += [_at_label(issue, rows_by_label) for issue in warnings]
    candidates = [candidate] if candidate is not None else []
    return RosterReading(report, candidates, mapping, sheet.rows, len(labels), form=True)


def _at_label(issue: RowIssue, rows_by_label: Mapping[str, int]) -> RowIssue:
    row = rows_by_label.get(issue.column, issue.row)
    return RowIssue(row, issue.message, issue.column)


def _drop_repeated_rows(
    candidates: list[RosterCandidate], report: ImportReport
) -> list[RosterCandidate]:
    """The same person twice in the file: the first valid row counts, later ones are reported.

    The same ID number is the same person; without one, the same name and phone (or, without
    a phone, the same name and village) is taken for the same person.
    """
    rows_by_number: dict[str, int] = {}
    rows_by_weak_key: dict[tuple[str, str, str], int] = {}
    distinct: list[RosterCandidate] = []
    for candidate in candidates:
        person = candidate.person
        if person.phone:
            weak_key = ("phone", person.name, person.phone)
        else:
            weak_key = ("village", person.name, person.village)
        if person.id_number:
            first = rows_by_number.get(person.id_number)
            if first is not None:
                report.duplicates.append(
                    RowIssue(
                        candidate.row,
                        f"身份证号与第{first}行相同，是同一个人，本行未再导入。"
                        "请核对两行内容是否一致。",
                    )
                )
                continue
            rows_by_number[person.id_number] = candidate.row
        elif weak_key in rows_by_weak_key:
            what = "姓名和联系电话" if person.phone else "姓名和村（社区）"
            report.duplicates.append(
                RowIssue(
                    candidate.row,
                    f"{what}与第{rows_by_weak_key[weak_key]}行相同，且都没有身份证号，"
                    "视为同一个人，本行未再导入。如是两个人，请补填身份证号。",
                )
            )
            continue
        rows_by_weak_key.setdefault(weak_key, candidate.row)
        distinct.append(candidate)
    return distinct
