"""Printing lists on paper: print preview, the office printer and PDF, all from one renderer.

``render_html_to_printer`` lays an HTML table (exports/print_table.py: the sign-in sheet, the
roster) out on A4 with a QTextDocument and paints it page by page: the ``<thead>`` row repeats
at the top of every page and the footer says "第 N 页 共 M 页". The print preview
(``paintRequested``), the printout chosen in that preview and ``write_pdf`` (the window's
"存为PDF" and ``openday-cli export signin -o x.pdf``) all call it, so the pages are the same
wherever they come from.

The text is set in a Simplified Chinese font found among the installed families (宋体 like the
Excel sheets where the PC has it), so no character prints as an empty box; Qt embeds the
subset it uses into the PDF.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.exports.safety import ExportError, atomic_write
from openday_desktop.ui.common import messages

# Margins for an office laser printer (most cannot print the outer 4-5 mm): left, top, right,
# bottom in millimetres. The footer band sits inside the bottom margin's upper part.
PAGE_MARGINS_MM = (15.0, 12.0, 15.0, 10.0)
FOOTER_HEIGHT_MM = 9.0
BODY_FONT_PT = 11.0
FOOTER_FONT_PT = 9.0
CELL_PADDING_MM = 2.5  # a table cell's padding and borders (print_table: cellpadding 4)
MIN_SCALE = 0.6

# Song (宋体) first, as in the Excel sheets; then the sans families office PCs and Linux
# desktops have; anything else that covers Simplified Chinese after that.
PREFERRED_PRINT_FONTS: tuple[str, ...] = (
    "SimSun",
    "宋体",
    "NSimSun",
    "新宋体",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "思源宋体",
    "Microsoft YaHei",
    "微软雅黑",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "思源黑体",
    "WenQuanYi Micro Hei",
    "文泉驿微米黑",
    "SimHei",
    "黑体",
)

_cli_application: QGuiApplication | None = None  # kept alive for the process (command line)


def page_footer(number: int, total: int) -> str:
    """The footer of a printed page: 第 2 页 共 5 页."""
    return f"第 {number} 页 共 {total} 页"


def choose_print_font(families: list[str]) -> str | None:
    """The family to print Chinese in, among ``families`` that cover Simplified Chinese."""
    available = set(families)
    for name in PREFERRED_PRINT_FONTS:
        if name in available:
            return name
    for name in families:
        if name.endswith(" SC") and "Mono" not in name:
            return name
    return families[0] if families else None


def chinese_font_family() -> str | None:
    """The installed family the printed pages use (None: Qt's default font)."""
    return choose_print_font(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def _display_missing() -> bool:
    """True on Linux/BSD when no X11 or Wayland display is available (servers, cron, ssh)."""
    if sys.platform.startswith(("win", "darwin")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a windowless one for the command line.

    Fonts and the PDF printer need a QGuiApplication. Without a display it runs on Qt's
    "offscreen" platform, which renders the same pages.
    """
    global _cli_application
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if _display_missing() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _cli_application = QGuiApplication([sys.argv[0] if sys.argv else "openday-cli"])
    return _cli_application


def configure_printer(printer: QPrinter, *, landscape: bool = False) -> None:
    """A4, portrait (or landscape for wide lists), the office margins."""
    left, top, right, bottom = PAGE_MARGINS_MM
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        orientation,
        QMarginsF(left, top, right, bottom),
        QPageLayout.Unit.Millimeter,
    )
    printer.setPageLayout(layout)


def make_printer(*, landscape: bool = False, pdf_path: str | Path | None = None) -> QPrinter:
    """A high-resolution printer set up for A4; a PDF file printer when ``pdf_path`` is given."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    configure_printer(printer, landscape=landscape)
    return printer


def fit_width_scale(weights: Sequence[float], *, landscape: bool = False) -> float:
    """How much to shrink a list whose columns have these widths (Excel units, a wide
    character counts 2) so its longest values fit A4 without breaking, like "fit to width".

    1 when the list fits at the normal size; never below 0.6 (about 6.6 pt text).
    """
    left, _, right, _ = PAGE_MARGINS_MM
    paper = (297.0 if landscape else 210.0) - left - right
    unit_mm = BODY_FONT_PT * 25.4 / 72 / 2  # one Excel unit is half a Chinese character
    needed = sum(weights) * unit_mm + len(weights) * CELL_PADDING_MM
    return max(MIN_SCALE, min(1.0, paper / needed)) if needed else 1.0


def _device_mm(printer: QPrinter, millimetres: float) -> float:
    return millimetres / 25.4 * printer.logicalDpiY()


def build_document(
    html: str, printer: QPrinter, *, footer: bool = True, scale: float = 1.0
) -> QTextDocument:
    """The HTML laid out for this printer's page, paginated (header rows repeat per page).

    ``scale`` below 1 lays the text out on a page that much larger, to be painted shrunk:
    a wide list then fits the paper the way Excel's "fit to width" prints it.
    """
    document = QTextDocument()
    # Measure text at the printer's resolution: the layout then breaks lines and pages
    # exactly as they will print (Qt scales CSS pixels and margins to the device).
    document.documentLayout().setPaintDevice(printer)
    font = QFont()
    family = chinese_font_family()
    if family:
        font.setFamilies([family])
    font.setPointSizeF(BODY_FONT_PT)
    document.setDefaultFont(font)
    # Margin and page size before the HTML: each change after it would lay the whole table
    # out again (a 2,000-row sign-in sheet was laid out three times).
    document.setDocumentMargin(0)  # the printer's page margins are the only margins
    height = float(printer.height())
    if footer:
        height -= _device_mm(printer, FOOTER_HEIGHT_MM)
    document.setPageSize(QSizeF(float(printer.width()) / scale, height / scale))
    document.setHtml(html)
    return document


def _page_range(printer: QPrinter, total: int) -> range:
    """The pages the print dialog asked for (all when it asked for none)."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0:
        return range(total)
    last = total if last <= 0 else min(last, total)
    return range(first - 1, last)


def render_html_to_printer(
    html: str, printer: QPrinter, footer: bool = True, *, scale: float = 1.0
) -> int:
    """Lay out ``html`` on the printer's pages and paint them; returns the number of pages.

    The one renderer of the app's printed lists: it is the print preview's ``paintRequested``
    slot (which also prints), and ``write_pdf`` calls it for PDF files. ``scale`` shrinks
    the text of wide lists (see ``build_document``).
    """
    document = build_document(html, printer, footer=footer, scale=scale)
    page = document.pageSize()
    total = max(1, document.pageCount())
    layout = document.documentLayout()
    footer_font = QFont(document.defaultFont())
    footer_font.setPointSizeF(FOOTER_FONT_PT)
    body_height = page.height() * scale
    footer_rect = QRectF(
        0, body_height, float(printer.width()), float(printer.height()) - body_height
    )

    painter = QPainter()
    if not painter.begin(printer):
        raise ExportError(
            "无法开始打印：打印机没有响应，或 PDF 文件无法写入。"
            "请检查打印机是否已连接并开机，或换一个保存位置后重试。"
        )
    try:
        for count, index in enumerate(_page_range(printer, total)):
            if count:
                printer.newPage()
            painter.save()
            view = QRectF(0, index * page.height(), page.width(), page.height())
            painter.scale(scale, scale)
            painter.translate(0, -view.top())
            painter.setClipRect(view)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = view
            palette = QPalette(context.palette)
            # Black text whatever the desktop theme (a dark theme's white text on white paper).
            palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
            context.palette = palette
            layout.draw(painter, context)
            painter.restore()
            if footer:
                painter.save()
                painter.setFont(footer_font)
                painter.setPen(Qt.GlobalColor.black)
                painter.drawText(
                    footer_rect,
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                    page_footer(index + 1, total),
                )
                painter.restore()
    finally:
        painter.end()
    return total


def write_pdf(html: str, path: str | Path, *, landscape: bool = False, scale: float = 1.0) -> Path:
    """Write ``html`` as an A4 PDF (same pages as the preview), atomically; returns the path.

    The PDF goes to an owner-only temporary file beside the target, is checked (a PDF cut
    short by a full disk has no cross-reference and no end marker) and renamed into place, so
    a failure (or a target open in a PDF reader on Windows) leaves no half-written file.
    """
    ensure_gui_application()
    target = Path(path)
    with atomic_write(target, suffix=".pdf") as temp:
        printer = make_printer(landscape=landscape, pdf_path=temp)
        render_html_to_printer(html, printer, scale=scale)
        del printer  # the PDF is finished when the printer lets go of the file
    return target


class PrintPreview(QPrintPreviewDialog):
    """A print preview that keeps its printer and page HTML (the dialog does not own the
    printer: without this reference Python would delete it under the preview)."""

    def __init__(self, printer: QPrinter, html: str, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        self.printer_ = printer
        self.html_ = html


def print_preview_dialog(
    parent: QWidget | None,
    html: str,
    title: str,
    *,
    landscape: bool = False,
    scale: float = 1.0,
) -> PrintPreview:
    """A print preview of ``html`` (not shown yet: call ``open()``, never ``exec()`` in tests).

    Its print button prints the pages the preview shows, through the same renderer.
    """
    printer = make_printer(landscape=landscape)
    dialog = PrintPreview(printer, html, parent)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def paint(target: QPrinter) -> None:
        try:
            render_html_to_printer(html, target, scale=scale)
        except OpenDayError as exc:  # the printer is offline or refused the job
            messages.error(dialog, exc.message)

    dialog.paintRequested.connect(paint)
    if parent is not None:
        size = parent.window().size()
        dialog.resize(int(size.width() * 0.9), int(size.height() * 0.95))
    return dialog
