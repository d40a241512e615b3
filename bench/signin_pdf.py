"""Sign-in sheet PDF benchmark: 2,000 rows, against a plain QTextDocument print of the same HTML.

App: ``ui.documents.printing.write_pdf`` (layout at the printer's resolution, repeated header
row, page footers, atomic save and check) of ``services.documents.signin_sheet_html``. Floor:
``QTextDocument.setHtml`` of the same HTML and ``print_()`` to a PDF QPrinter. Runs alternate;
medians. Budget: app <= 1.5x floor.

Usage: python bench/signin_pdf.py [--people N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.invitations import prepare  # noqa: E402
from bench.ratio import timed, verdict  # noqa: E402

BUDGET = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from openday_desktop.app import ensure_application

    ensure_application()
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    from openday_desktop.services.documents import signin_sheet_html
    from openday_desktop.ui.documents.printing import write_pdf

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store, event_id = prepare(folder, args.people)
        html = signin_sheet_html(store, event_id)
        store.close()

        def app() -> None:
            write_pdf(html, folder / "app.pdf")

        def floor() -> None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(folder / "floor.pdf"))
            document = QTextDocument()
            document.setHtml(html)
            document.print_(printer)

        app()
        floor()
        apps, floors = [], []
        for _ in range(args.runs):
            apps.append(timed(app))
            floors.append(timed(floor))
    return verdict(f"sign-in PDF, {args.people:,} rows", apps, floors, BUDGET)


if __name__ == "__main__":
    raise SystemExit(main())
