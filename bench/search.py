"""Search benchmark: 100,000 people, time from a keystroke to the updated list of visible rows.

Per keystroke the pool table does what ``RecordTableModel._compute_visible`` does without Qt:
``SearchIndex.filter(query)`` over the precomputed haystacks, the visible position list, and
(when the user sorted a column) a sort of the hits by that column's cached keys. Queries are
typed one character at a time: names, pinyin initials, full pinyin, phone/ID endings, villages,
two-term queries. The Qt side (model reset, repaint of the visible rows) is measured by the GUI
tests and is independent of the pool size.

Budget: median <= 50 ms per keystroke, measured in-process.

Usage: python bench/search.py [--people N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_big_db import make_big_db  # noqa: E402
from openday_desktop.domain.search import SearchIndex  # noqa: E402
from openday_desktop.storage import open_store  # noqa: E402

BUDGET_MS = 50.0
QUERIES = [
    "wangf",
    "wf",
    "王芳",
    "zhang jianguo",
    "5678",
    "1381",
    "青石村",
    "青石 人大",
    "lxm",
    "网格员",
]
NAME_FIELD = 1  # column of the compact row the sorted case orders by


def keystrokes(query: str) -> list[str]:
    """What the search box holds after each key press while typing ``query``."""
    return [query[:end] for end in range(1, len(query) + 1)]


def measure(rows: list[tuple], sort: bool) -> list[float]:
    """Milliseconds per keystroke over every prefix of every query."""
    index = SearchIndex([row[-1] for row in rows])
    sort_keys = [row[NAME_FIELD] for row in rows] if sort else None
    times = []
    for query in QUERIES:
        for text in keystrokes(query):
            start = time.perf_counter()
            hits = index.filter(text)
            positions = list(range(len(rows))) if hits is None else hits
            if sort_keys is not None:
                positions.sort(key=sort_keys.__getitem__)
            visible = [rows[p] for p in positions[:60]]  # the rows a screen shows first
            times.append((time.perf_counter() - start) * 1000)
            assert len(visible) <= 60
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = make_big_db(Path(folder) / "big.db", args.people)
        store = open_store(db)
        start = time.perf_counter()
        rows = store.people.table_rows()
        load_ms = (time.perf_counter() - start) * 1000
        store.close()
    ok = True
    print(f"pool of {len(rows):,} people loaded for the table in {load_ms:.0f} ms")
    for label, sort in (("unsorted", False), ("sorted by name", True)):
        measure(rows, sort)  # warm-up
        times = measure(rows, sort)
        median = statistics.median(times)
        passed = median <= BUDGET_MS
        ok &= passed
        print(
            f"search, {len(rows):,} people, {label}: median {median:.1f} ms per keystroke, "
            f"worst {max(times):.1f} ms over {len(times)} keystrokes "
            f"(budget {BUDGET_MS:.0f} ms median) -> {'PASS' if passed else 'FAIL'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
