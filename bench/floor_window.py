"""The start-up floor: a bare PySide6 QMainWindow with three tabs of empty table views.

Started exactly like ``openday --smoke-test``: show, let it paint once, quit.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    tabs = QTabWidget()
    for title in ("活动", "代表", "意见建议"):
        tabs.addTab(QTableView(), title)
    window.setCentralWidget(tabs)
    window.resize(1200, 760)
    window.show()
    # Same as the app's --smoke-test: paint once, then leave the event loop.
    QTimer.singleShot(0, lambda: (window.repaint(), app.quit()))
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
