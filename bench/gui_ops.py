"""GUI operations at district scale: the longest time each one blocks the window's event loop.

On ``openday-cli demo --people 100000 --events 50 --feedback 20000`` (about 200,000 invitations)
the real main window is shown (offscreen) and driven like a user: 概览 open and refresh, first
switch to each tab, Ctrl+A in 代表 and a click after it, sorting, typing a filter, opening the
名单与遴选 window, setting 审核通过 for everyone on a 4,000-person list, the pool picker and
按配额推荐. For each, a 5 ms heartbeat timer runs during the action and until the window has
settled; the longest gap between two beats (the action itself included) is how long the user
could not do anything. Budget: 200 ms per operation.

Usage: python bench/gui_ops.py [--db EXISTING.db] [--people N --events M --feedback K]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.make_big_db import DISTRICT, make_big_db  # noqa: E402

BUDGET_MS = 200.0


class Heartbeat:
    """Longest gap between timer beats while running an action and letting the loop settle."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.longest = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def measure(
        self,
        action: Callable[[], object],
        settled: Callable[[], bool] = lambda: True,
        settle_ms: int = 150,
        timeout_s: float = 60.0,
    ) -> float:
        """Milliseconds of the longest event-loop block during ``action`` and after it."""
        from PySide6.QtTest import QTest

        self.timer.start()
        QTest.qWait(20)
        self.longest = 0.0
        self.last = time.perf_counter()
        action()
        self._beat()
        deadline = time.perf_counter() + timeout_s
        while not settled() and time.perf_counter() < deadline:
            QTest.qWait(10)
        QTest.qWait(settle_ms)  # later paints and deferred work still count
        self.timer.stop()
        return self.longest * 1000


def _silence_messages() -> None:
    """Message boxes answer themselves: a benchmark must never wait for a click."""
    from openday_desktop.ui.common import messages

    for name in ("info", "warning", "error", "saved", "about", "crash"):
        setattr(messages, name, lambda *args, **kwargs: None)
    messages.confirm = lambda *args, **kwargs: True  # type: ignore[assignment]


def _row_point(view: Any, row: int) -> Any:
    return view.visualRect(view.model().index(row, 1)).center()


def run(db: Path) -> list[tuple[str, float]]:
    """Every operation once on a window over ``db``; (label, longest block ms)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from openday_desktop.app import build_main_window, ensure_application
    from openday_desktop.domain.models import INV_APPROVED, INV_REGISTERED
    from openday_desktop.storage import open_store

    # A 4,000-person list all still 已报名, so 审核通过 applies to everyone.
    store = open_store(db)
    upcoming = store.db.conn.execute(
        "SELECT e.id FROM events e JOIN invitations i ON i.event_id = e.id"
        " WHERE e.date >= date('now') GROUP BY e.id ORDER BY e.date LIMIT 1"
    ).fetchone()[0]
    with store.transaction():
        store.db.conn.execute(
            "UPDATE invitations SET status = ?, review_result = '' WHERE event_id = ?",
            (INV_REGISTERED, upcoming),
        )
    store.close()

    ensure_application()
    _silence_messages()
    window = build_main_window(db)
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(600)  # the deferred start-up work (deadline column) is done
    beat = Heartbeat()
    results: list[tuple[str, float]] = []

    def record(
        label: str, action: Callable[[], object], settled: Callable[[], bool] = lambda: True
    ) -> None:
        ms = beat.measure(action, settled)
        results.append((label, ms))
        print(f"  {label}: {ms:.0f} ms", flush=True)

    tabs = window.tabs
    reps = window.representatives_tab
    feedback = window.feedback_tab
    dashboard = window.followup.dashboard
    record("first switch to 代表", lambda: tabs.setCurrentWidget(reps), lambda: reps.loaded)
    record(
        "first switch to 意见建议", lambda: tabs.setCurrentWidget(feedback), lambda: feedback.loaded
    )
    record(
        "概览 open (first switch)",
        lambda: tabs.setCurrentWidget(dashboard),
        lambda: dashboard.view is not None and dashboard.view.charts_ready,
    )
    record("概览 refresh", dashboard.refresh)
    record("switch back to 活动", lambda: tabs.setCurrentWidget(window.events_tab))
    tabs.setCurrentWidget(reps)
    QTest.qWait(100)
    view = reps.view
    record(
        "代表 Ctrl+A",
        lambda: QTest.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier),
    )
    record(
        "代表 click after Ctrl+A",
        lambda: QTest.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=_row_point(view, 3)
        ),
    )
    header = view.horizontalHeader()
    name_x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    from PySide6.QtCore import QPoint

    record(
        "代表 sort by name (header click)",
        lambda: QTest.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(name_x, header.height() // 2)
        ),
    )

    def type_filter() -> None:
        QTest.keyClicks(reps.search_edit, "wang")

    record("代表 filter (type 'wang')", type_filter)
    record("代表 clear filter", reps.search_edit.clear)

    tools = window.selection_tools
    holder: dict[str, Any] = {}
    record(
        "open 名单与遴选 (4,000 listed)",
        lambda: holder.__setitem__("sw", tools.open_selection(upcoming)),
        lambda: (
            "sw" in holder
            and holder["sw"] is not None
            and holder["sw"].isVisible()
            and not getattr(holder["sw"], "loading", False)  # the list read off-thread has come
        ),
    )
    selection = holder["sw"]
    record(
        "名单 Ctrl+A",
        lambda: QTest.keyClick(selection.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier),
    )
    record(
        "审核通过 for all 4,000",
        lambda: selection.set_status(INV_APPROVED),
        lambda: not getattr(selection, "loading", False),  # the rule check off-thread has come
    )
    record(
        "open pool picker",
        selection.open_pool_picker,
        lambda: selection.picker is not None and selection.picker.isVisible(),
    )
    if selection.picker is not None:
        selection.picker.close()
        QTest.qWait(50)
    record("按配额推荐", selection.recommend)
    window.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="an existing district database (copied first)")
    parser.add_argument("--people", type=int, default=DISTRICT[0])
    parser.add_argument("--events", type=int, default=DISTRICT[1])
    parser.add_argument("--feedback", type=int, default=DISTRICT[2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "district.db"
        if args.db:
            import shutil

            shutil.copy(args.db, db)
        else:
            make_big_db(db, args.people, args.events, args.feedback)
        os.environ["HOME"] = folder  # window settings and backups stay in the temp folder
        os.environ["XDG_CONFIG_HOME"] = folder
        os.environ["XDG_DATA_HOME"] = folder
        print(
            f"GUI operations, {args.people:,} people / {args.events} events / {args.feedback:,} feedback:"
        )
        results = run(db)
    ok = True
    for label, ms in results:
        passed = ms <= BUDGET_MS
        ok &= passed
        print(
            f"gui, {label}: {ms:.0f} ms (budget {BUDGET_MS:.0f} ms) -> {'PASS' if passed else 'FAIL'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
