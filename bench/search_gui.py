"""GUI search benchmark: the real 代表 tab over 100,000 people, keystroke to updated view.

Builds ``RepresentativesTab`` on a database made by ``make_big_db`` (demo + N people), shows
it at the window's default size (offscreen unless a display is set), then types queries into
its search box one key at a time. Per keystroke the clock runs from the key event (or, for
Chinese, the input-method commit) through ``textChanged``, the model reset and every event the
view then processes (layout, scroll bars, the repaint of the visible rows), until the event
queue is empty. Both the natural order and a table sorted by name are measured.

Budget: median <= 50 ms per keystroke, measured in-process.

Usage: python bench/search_gui.py [--people N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.make_big_db import make_big_db  # noqa: E402

# The same queries and budget as the domain-side benchmark, so the two figures compare.
from bench.search import BUDGET_MS, QUERIES  # noqa: E402


def type_query(app: object, edit: object, text: str) -> list[float]:
    """Type ``text`` into ``edit``; milliseconds per keystroke until the view settled."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    times = []
    for char in text:
        start = time.perf_counter()
        if char.isascii():
            QTest.keyClick(edit, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(edit, event)
        QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return times


def run(tab: object, app: object, repeats: int) -> list[float]:
    """Every query typed ``repeats`` times; the box is cleared (unmeasured) between queries."""
    from PySide6.QtWidgets import QApplication

    edit = tab.search_edit  # type: ignore[attr-defined]
    times: list[float] = []
    for _ in range(repeats):
        for query in QUERIES:
            times += type_query(app, edit, query)
            edit.clear()
            QApplication.processEvents()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    from openday_desktop.app import ensure_application
    from openday_desktop.storage import open_store
    from openday_desktop.ui.main_window import DEFAULT_SIZE
    from openday_desktop.ui.representatives.representatives_tab import RepresentativesTab

    app = ensure_application()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        db = make_big_db(Path(folder) / "big.db", args.people)
        store = open_store(db)
        tab = RepresentativesTab(store)
        tab.resize(*DEFAULT_SIZE)
        tab.show()
        start = time.perf_counter()
        tab.reload()  # on this thread: ensure_loaded would read a big pool in the background
        app.processEvents()
        load_ms = (time.perf_counter() - start) * 1000
        print(f"代表 tab: {tab.model.total_count:,} people loaded and shown in {load_ms:.0f} ms")
        run(tab, app, 1)  # warm-up: pinyin caches, font glyphs, first paints
        for label, sort_column in (("unsorted", -1), ("sorted by name", 0)):
            tab.view.sortByColumn(sort_column, tab.view.horizontalHeader().sortIndicatorOrder())
            app.processEvents()
            times = run(tab, app, args.repeats)
            median = statistics.median(times)
            passed = median <= BUDGET_MS
            ok &= passed
            print(
                f"GUI search, {tab.model.total_count:,} people, {label}: median {median:.1f} ms "
                f"per keystroke = {median / BUDGET_MS:.2f}x the {BUDGET_MS:.0f} ms budget, "
                f"p90 {statistics.quantiles(times, n=10)[-1]:.1f} ms, worst {max(times):.1f} ms "
                f"over {len(times)} keystrokes -> {'PASS' if passed else 'FAIL'}"
            )
        tab.close()
        tab.deleteLater()
        app.processEvents()
        del tab
        store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
