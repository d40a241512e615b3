"""Summary report benchmark: the 活动总结 with a 500-row appendix, against a floor.

The 500-row table is the appendix 意见建议办理情况一览表 (six columns: number, suggestion,
category, responsible unit, status, result). The app's export (statistics, official styles,
two chart pictures, attendance table, appendix with repeated header and unsplittable rows,
atomic save) is timed against the floor: python-docx's default document with one 6-column
table filled with the same 500 rows through ``add_row()`` and the cells it returns, then saved.
Runs alternate so machine noise hits both, each with the garbage collector held off. Budget: under 1.5x the floor.

Usage: python bench/summary_report.py [--runs N] [--rows N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ratio import timed  # noqa: E402
from openday_desktop.domain.models import Feedback  # noqa: E402
from openday_desktop.storage import open_store  # noqa: E402
from openday_desktop.storage.demo import FEEDBACK_TEXTS, fill_demo  # noqa: E402

BUDGET = 1.5
STATUSES = ("现场答复", "待交办", "办理中", "已答复", "已办结")


def suggestions(count: int, event_id: int) -> list[Feedback]:
    """``count`` varied suggestions with their handling."""
    rng = random.Random(5)
    items = []
    for index in range(count):
        text, category = FEEDBACK_TEXTS[index % len(FEEDBACK_TEXTS)]
        status = rng.choice(STATUSES)
        items.append(
            Feedback(
                event_id=event_id,
                content=f"{text}（第{index + 1}条）",
                category=category,
                status=status,
                responsible_unit=rng.choice(["党政办", "便民服务中心", "村镇建设办", "综治办"]),
                deadline=date(2026, 4, 1) + timedelta(days=rng.randint(0, 60)),
                reply="已研究并答复提出人。" if status in ("已答复", "已办结") else "",
                rectification="已完成整改。" if status == "已办结" else "",
            )
        )
    return items


def floor(rows: list[tuple[str, ...]], path: Path) -> None:
    """The same 500 rows added through add_row() to a plain python-docx table, then saved."""
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=len(rows[0]))
    for cell, text in zip(table.rows[0].cells, rows[0], strict=True):
        cell.text = text
    for values in rows[1:]:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.save(str(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    from openday_desktop.exports.word_summary import APPENDIX_HEADERS, appendix_rows
    from openday_desktop.services.documents import write_summary

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        fill_demo(store, today=date(2026, 6, 1))
        event_id = 1
        items = suggestions(args.rows, event_id)
        table = [APPENDIX_HEADERS, *appendix_rows(items)]
        app_path, floor_path = Path(folder) / "app.docx", Path(folder) / "floor.docx"
        on = date(2026, 6, 1)
        write_summary(store, event_id, app_path, on=on, feedback=items)  # warm both
        floor(table, floor_path)
        app_times, floor_times = [], []
        for _ in range(args.runs):
            app_times.append(
                timed(lambda: write_summary(store, event_id, app_path, on=on, feedback=items))
            )
            floor_times.append(timed(lambda: floor(table, floor_path)))
        store.close()
    app, base = statistics.median(app_times), statistics.median(floor_times)
    ratio = app / base
    passed = ratio < BUDGET
    print(
        f"summary report, {args.rows}-row appendix: app {app * 1000:.0f} ms / floor "
        f"{base * 1000:.0f} ms = {ratio:.2f}x (budget < {BUDGET}x) -> {'PASS' if passed else 'FAIL'}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
