"""A table meant for paper, independent of how it is printed.

The Excel writers and the app's print preview share it: the preview renders ``to_html`` in a
QTextDocument, whose ``<thead>`` repeats on every printed page.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from html import escape

from .safety import clean_text


@dataclass
class PrintTable:
    """Title lines, one header row and the body rows of a printed list."""

    title: str
    info_lines: list[str]
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    width_weights: tuple[float, ...]  # relative column widths
    blank_rows: int = 0  # empty numbered rows at the end (walk-ins sign here)
    row_height_mm: float = 0  # 0: as tall as the text needs
    landscape: bool = False
    center_columns: frozenset[int] = field(default_factory=frozenset)

    def numbered_blank_rows(self) -> list[tuple[str, ...]]:
        """The blank rows, numbered on from the last person."""
        start = len(self.rows) + 1
        empty = ("",) * (len(self.headers) - 1)
        return [(str(start + i), *empty) for i in range(self.blank_rows)]


_LINE_PX = 21.0  # one line of 11 pt text with its leading, in CSS pixels (1/96 inch)
TITLE_PT = 18.0
INFO_PT = 11.0
# The printed width of A4 inside the print margins (ui/documents/printing: 15 mm each side).
PRINT_WIDTH_MM = {False: 180.0, True: 267.0}
# Where a title may break: before an open site's bracket or the document's own name, after a
# closing quote or bracket, at a space. Never inside a word ("…签 / 到表").
_TITLE_SUFFIXES = ("签到表", "代表库名册", "代表名册", "名册", "意见建议台账")
_BREAK_AFTER = "”》）」 "


def _units(text: str) -> float:
    """Width in characters: wide (CJK) characters 1, narrow ones 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def _break_points(text: str) -> list[int]:
    points = set()
    for index in range(1, len(text)):
        if text[index - 1] in _BREAK_AFTER or text[index] == "（":
            points.add(index)
    for suffix in _TITLE_SUFFIXES:
        at = text.rfind(suffix)
        if at > 0:
            points.add(at)
    return sorted(points)


def title_lines(text: str, max_units: float) -> list[str]:
    """The title in lines of at most ``max_units`` characters, broken only between words.

    Each line ends at the last natural break that keeps it within the width; a stretch with
    no break in it is left whole (the renderer then wraps it as it must).
    """
    text = text.strip()
    lines: list[str] = []
    while _units(text) > max_units:
        fitting = [i for i in _break_points(text) if _units(text[:i]) <= max_units]
        if not fitting:
            break
        cut = fitting[-1]
        lines.append(text[:cut].strip())
        text = text[cut:].strip()
    lines.append(text)
    return [line for line in lines if line]


def title_capacity(landscape: bool, size_pt: float = TITLE_PT) -> float:
    """How many title characters one printed line holds (one kept spare)."""
    return int(PRINT_WIDTH_MM[landscape] / (size_pt * 25.4 / 72)) - 1


def _cell(text: str, tag: str, style: str = "", width: str = "") -> str:
    lines = [escape(line) for line in clean_text(text).split("\n")]
    attribute = f' style="{style}"' if style else ""
    # Qt's rich text reads column widths from the width attribute only, not from CSS.
    attribute += f" width='{width}'" if width else ""
    return f"<{tag}{attribute}>{'<br/>'.join(lines)}</{tag}>"


def _info_html(line: str, landscape: bool) -> str:
    """The date line in lines that break between its parts (单位：…, 日期：…, 地点：…),
    never inside a place name; Qt's rich text has no no-wrap for part of a line."""
    room = title_capacity(landscape, INFO_PT)
    lines: list[str] = []
    for part in (part for part in clean_text(line).split("    ") if part):
        if lines and _units(lines[-1] + "    " + part) <= room:
            lines[-1] += "    " + part
        else:
            lines.append(part)
    return "<br/>".join(escape(text) for text in lines)


def to_html(table: PrintTable) -> str:
    """The table as HTML for Qt's rich text engine (QTextDocument), header in <thead>."""
    total = sum(table.width_weights) or 1
    widths = [f"{100 * w / total:.1f}%" for w in table.width_weights]
    height = ""
    if table.row_height_mm:
        # Qt ignores a cell's height and reads padding in px only; padding around one line
        # of text makes the same row.
        pad = max(0, round((table.row_height_mm * 96 / 25.4 - _LINE_PX) / 2))
        height = f"height:{table.row_height_mm:g}mm;padding-top:{pad}px;padding-bottom:{pad}px;"
    span = len(table.headers)
    lines = title_lines(clean_text(table.title), title_capacity(table.landscape))
    # Each line fits the page, so the break falls only where title_lines put it.
    title = "<br/>".join(escape(line) for line in lines)
    parts = [
        "<html><head><meta charset='utf-8'/>",
        "<style>",
        "body { font-size: 11pt; }",
        "table { border-collapse: collapse; }",
        "th { background-color: #d9d9d9; font-weight: bold; }",
        "th, td { border: 1px solid #000000; padding: 3px; }",
        # The title and the date line sit in the table's head, which Qt repeats on every
        # page; they have no frame or shading of their own.
        "th.title { font-size: 18pt; font-weight: normal; text-align: center;"
        " background-color: #ffffff; border-style: none; padding: 0 0 4pt 0; }",
        # pre-wrap keeps the spaces between 日期, 时间 and 地点 (HTML would fold them into one).
        "th.info { font-size: 11pt; font-weight: normal; text-align: left;"
        " background-color: #ffffff; border-style: none; white-space: pre-wrap;"
        " padding: 0 0 2pt 0; }",
        "</style></head><body>",
    ]
    head = [f"<tr><th class='title' colspan='{span}'>{title}</th></tr>"]
    head += [
        f"<tr><th class='info' colspan='{span}'>{_info_html(line, table.landscape)}</th></tr>"
        for line in table.info_lines
    ]
    parts.append(
        "<table width='100%' border='1' cellspacing='0' cellpadding='4'><thead>"
        + "".join(head)
        + "<tr>"
        + "".join(
            _cell(h, "th", f"width:{w}", w) for h, w in zip(table.headers, widths, strict=True)
        )
        + "</tr></thead><tbody>"
    )
    for row in [*table.rows, *table.numbered_blank_rows()]:
        cells = []
        for index, value in enumerate(row):
            align = "text-align:center;" if index in table.center_columns else ""
            cells.append(_cell(value, "td", f"{align}{height}"))
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></body></html>")
    return "".join(parts)
