"""A table meant for paper, independent of how it is printed.

The Excel writers and the app's print preview share it: the preview renders ``to_html`` in a
QTextDocument, whose ``<thead>`` repeats on every printed page.
"""

from __future__ import annotations

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


def _cell(text: str, tag: str, style: str = "", width: str = "") -> str:
    lines = [escape(line) for line in clean_text(text).split("\n")]
    attribute = f' style="{style}"' if style else ""
    # Qt's rich text reads column widths from the width attribute only, not from CSS.
    attribute += f" width='{width}'" if width else ""
    return f"<{tag}{attribute}>{'<br/>'.join(lines)}</{tag}>"


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
    parts = [
        "<html><head><meta charset='utf-8'/>",
        "<style>",
        "body { font-size: 11pt; }",
        "h1 { font-size: 18pt; text-align: center; font-weight: normal; margin: 0 0 4pt 0; }",
        # pre-wrap keeps the spaces between 日期, 时间 and 地点 (HTML would fold them into one).
        "p.info { font-size: 11pt; margin: 0 0 2pt 0; white-space: pre-wrap; }",
        "table { border-collapse: collapse; }",
        "th { background-color: #d9d9d9; font-weight: bold; }",
        "th, td { border: 1px solid #000000; padding: 3px; }",
        "</style></head><body>",
        f"<h1>{escape(clean_text(table.title))}</h1>",
    ]
    parts += [f"<p class='info'>{escape(clean_text(line))}</p>" for line in table.info_lines]
    parts.append(
        "<table width='100%' border='1' cellspacing='0' cellpadding='4'><thead><tr>"
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
