"""The start-up floor: a bare PySide6 QMainWindow with three tabs of table views.

Started exactly like ``openday --smoke-test``: show, wait until the first tab's table (with a
screenful of rows) has really been painted (a Paint event reached its viewport), quit.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget


def _painted() -> None:
    stamp_file = os.environ.get("OPENDAY_FIRST_PAINT_FILE")
    if stamp_file:
        with open(stamp_file, "w", encoding="utf-8") as handle:
            handle.write(f"{time.time():.6f}")
    QApplication.quit()


class _QuitAfterPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, _painted)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    tabs = QTabWidget()
    views = []
    for title in ("活动", "代表", "意见建议"):
        view = QTableView()
        views.append(view)
        tabs.addTab(view, title)
    model = QStandardItemModel(40, 8)
    for row in range(40):
        for column in range(8):
            model.setItem(row, column, QStandardItem(f"第{row + 1}行 {column + 1}"))
    views[0].setModel(model)
    window.setCentralWidget(tabs)
    window.resize(1200, 760)
    watcher = _QuitAfterPaint()
    views[0].viewport().installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
