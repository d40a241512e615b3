"""Reading the cells of a roster file (.xlsx or .csv) exactly as the user's spreadsheet has them.

Row ``i`` of a :class:`RawSheet` is the row Excel shows as number ``i + 1``, so every message can
point at the row the user sees. Cells keep their types (str, int, float, datetime, None): a
float in the ID column is evidence that Excel already destroyed the number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openday_desktop.domain.errors import OpenDayError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
WORD_SUFFIXES = (".docx",)
# Every file kind the importer reads (a folder import takes these and skips the rest).
ROSTER_SUFFIXES = EXCEL_SUFFIXES + CSV_SUFFIXES + WORD_SUFFIXES
# How many rows at the top of a sheet are searched for the header row.
HEADER_SEARCH_ROWS = 30


class RosterFileError(OpenDayError):
    """The roster file cannot be read at all; the message says why and what to do."""


@dataclass
class RawSheet:
    """The cells of one sheet; ``rows[i]`` is Excel row ``i + 1`` (rows may differ in length)."""

    rows: list[list[Any]]
    sheet_name: str = ""
    encoding: str = ""  # for CSV files: the text encoding that was detected
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based r1,c1,r2,c2


# "A1:K1" -> (1, 1, 1, 11)
_CELL_RE = re.compile(r"([A-Z]+)(\d+)")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def column_index(letters: str) -> int:
    """1-based column number of Excel column letters (A -> 1, AA -> 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letter(index: int) -> str:
    """Excel column letters of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _parse_range(ref: str) -> tuple[int, int, int, int] | None:
    cells = _CELL_RE.findall(ref)
    if not cells:
        return None
    (c1, r1), (c2, r2) = cells[0], cells[-1]
    return int(r1), column_index(c1), int(r2), column_index(c2)


def fill_merged(rows: list[list[Any]], merged: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell.

    Villages merge the 村/社区 or 类别 cell over all their people; the file keeps the value
    only in the first row, yet every row of the range means it.
    """
    for r1, c1, r2, c2 in merged:
        if r1 > len(rows):
            continue
        top = rows[r1 - 1]
        value = top[c1 - 1] if c1 - 1 < len(top) else None
        if value is None:
            continue
        for r in range(r1, min(r2, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < c2:
                row.extend([None] * (c2 - len(row)))
            for c in range(c1, c2 + 1):
                if row[c - 1] is None or row[c - 1] == "":
                    row[c - 1] = value


def read_roster_file(
    path: str | Path,
    choose: Callable[[list[list[Any]]], bool] | None = None,
    sheet_name: str | None = None,
) -> RawSheet:
    """Read the sheet to import: the named one, else the first whose top rows ``choose`` likes.

    Raises RosterFileError (in Chinese) when the file is missing, of the wrong kind or broken.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterFileError(f"找不到文件“{path}”，请确认文件位置。")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_xlsx(path, choose, sheet_name)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    if suffix in WORD_SUFFIXES:
        return _read_docx(path)
    if suffix in (".xls", ".et", ".wps", ".ods", ".doc"):
        raise RosterFileError(
            f"暂不支持“{suffix}”格式的表格。请在 Excel 或 WPS 中打开“{path.name}”，"
            "选择“另存为”→“Excel 工作簿（*.xlsx）”（Word 文件另存为 .docx），再导入新文件。"
        )
    raise RosterFileError(
        f"“{path.name}”不是表格文件。请选择 .xlsx（Excel 工作簿）、.csv 或 .docx（Word 报名表）文件。"
    )


# --- xlsx ----------------------------------------------------------------------------------


def _broken_xlsx(path: Path) -> RosterFileError:
    return RosterFileError(
        f"文件“{path.name}”无法作为 Excel 表格打开：可能已损坏、设置了打开密码，"
        "或扩展名与实际格式不符。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后再导入。"
    )


def _merged_ranges(workbook: Any, worksheet: Any) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a read-only sheet, read from its XML (read-only mode does not keep them).

    The <mergeCells> element sits after the cell data; a bytes regex finds it in milliseconds.
    Any surprise in openpyxl's internals just means "no merged cells".
    """
    try:
        data = workbook._archive.read(worksheet._worksheet_path)
    except (AttributeError, KeyError, OSError):
        return []
    ranges = []
    for match in _MERGE_RE.finditer(data):
        parsed = _parse_range(match.group(1).decode("ascii"))
        if parsed is not None:
            ranges.append(parsed)
    return ranges


def _read_xlsx(
    path: Path,
    choose: Callable[[list[list[Any]]], bool] | None,
    sheet_name: str | None,
) -> RawSheet:
    import warnings
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about data validation, conditional formats and unknown
            # extensions it cannot keep; a roster reader does not need them.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, EOFError):
        raise _broken_xlsx(path) from None
    try:
        sheets = workbook.worksheets
        if sheet_name is not None:
            sheets = [ws for ws in sheets if ws.title == sheet_name]
            if not sheets:
                raise RosterFileError(f"文件“{path.name}”中没有名为“{sheet_name}”的工作表。")
        chosen: tuple[Any, list[list[Any]], Iterator[Any]] | None = None
        for worksheet in sheets:
            if not hasattr(worksheet, "iter_rows"):
                continue  # a chart sheet
            # Some programs write a wrong <dimension>; without this openpyxl would stop early.
            worksheet.reset_dimensions()
            iterator: Iterator[Any] = worksheet.iter_rows(values_only=True)
            head = [list(row) for _, row in zip(range(HEADER_SEARCH_ROWS), iterator, strict=False)]
            if choose is None or sheet_name is not None or choose(head):
                chosen = (worksheet, head, iterator)
                break
            if chosen is None:
                chosen = (worksheet, head, iterator)  # fall back to the first sheet
        if chosen is None:
            raise RosterFileError(f"文件“{path.name}”中没有可以读取的工作表。")
        worksheet, rows, iterator = chosen
        if iterator is not None:
            rows.extend(list(row) for row in iterator)
        merged = _merged_ranges(workbook, worksheet)
        fill_merged(rows, merged)
        return RawSheet(rows, sheet_name=worksheet.title, merged=merged)
    except RosterFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        raise _broken_xlsx(path) from None
    finally:
        workbook.close()


def sheet_names(path: str | Path) -> list[str]:
    """The worksheet names of an Excel file, chart sheets left out.

    [] for a CSV file or a workbook that cannot be opened: reading it reports why, in Chinese.
    """
    path = Path(path)
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return []
    import warnings
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # as in _read_xlsx: features a reader does not need
            workbook = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, EOFError):
        return []
    try:
        return [ws.title for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
    finally:
        workbook.close()


# --- csv -----------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the name of its encoding: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK.

    GB18030 is used for the GBK case: it reads every GBK file and a few more characters.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        raise RosterFileError(
            "无法识别这个 CSV 文件的文字编码。请在 Excel 或 WPS 中打开它，"
            "另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。"
        ) from None


def _delimiter(text: str) -> str:
    sample = text[:20000]
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> RawSheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterFileError(
            f"文件“{path.name}”无法读取（{exc.strerror or exc}），可能正被其他程序占用。"
        ) from None
    text, encoding = decode_text(data)
    if not text.strip():
        raise RosterFileError(f"文件“{path.name}”是空的，没有可导入的内容。")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        rows: list[list[Any]] = [[cell if cell != "" else None for cell in row] for row in reader]
    except csv.Error as exc:
        raise RosterFileError(
            f"文件“{path.name}”的 CSV 格式有误（{exc}），请用 Excel 另存后再试。"
        ) from None
    return RawSheet(rows, encoding=encoding)


# --- docx ----------------------------------------------------------------------------------


def _read_docx(path: Path) -> RawSheet:
    """The rows of every table of a Word file, one after another (a 报名表 is one table).

    A merged cell appears once per grid column it spans in python-docx; repeats of the same
    cell object are dropped, so "工作单位 | 某某公司" stays two cells however wide the merge.
    """
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise RosterFileError(
            "缺少读取 Word 文件的组件，请把报名表另存为 .xlsx 后再导入。"
        ) from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise RosterFileError(
            f"文件“{path.name}”无法作为 Word 文档打开：可能已损坏或设置了密码。"
            "请在 Word 或 WPS 中打开它，另存为 .docx 后再导入。"
        ) from None
    rows: list[list[Any]] = []
    for table in document.tables:
        for row in table.rows:
            cells: list[Any] = []
            seen: set[int] = set()
            for cell in row.cells:
                key = id(cell._tc)
                if key in seen:
                    continue
                seen.add(key)
                text = "\n".join(p.text for p in cell.paragraphs).strip()
                cells.append(text or None)
            rows.append(cells)
    if not rows:
        raise RosterFileError(
            f"Word 文件“{path.name}”中没有表格。报名表请使用表格填写（姓名、性别、身份证号等各占一格）。"
        )
    return RawSheet(rows, sheet_name="")
