"""Roster import benchmark: a 10,000-row .xlsx against the floor of reading it and inserting it.

Floor: openpyxl read-only (the importer's reading mode) over the same file, plus the same rows
inserted into a fresh database of the same schema with plain ``sqlite3.executemany`` in one
transaction. App: ``import_roster(store, path)`` into a fresh database (header detection,
column mapping, validation, pinyin keys, duplicate checks, one transaction). Runs alternate
app and floor; caches (pinyin, area codes) are cleared before every app run.

Budget: app <= 2.0x floor.

Usage: python bench/import_roster.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ratio import verdict  # noqa: E402
from openday_desktop.domain import search, validation  # noqa: E402
from openday_desktop.services.roster_import import ImportReport, import_roster  # noqa: E402
from openday_desktop.storage import open_store  # noqa: E402
from openday_desktop.storage.demo import GIVEN, SURNAMES, VILLAGES  # noqa: E402

BUDGET = 2.0
HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "出生年月",
    "联系电话",
    "工作单位及职务",
    "所在村(社区)",
    "代表类别",
    "来源",
    "备注",
]
CATEGORIES = ["群众代表", "村民代表", "人大代表", "政协委员", "企业代表", "网格员", "媒体记者"]
AREA_CODES = ["330682", "330604", "110101", "320106", "440305"]


def _id_number(rng: random.Random, birth: date, male: bool) -> str:
    from stdnum.cn import ric

    sequence = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    body = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # calc_check_digit ignores the last char


def make_roster(path: Path, rows: int, seed: int = 3) -> None:
    """A village-style roster: merged title, 填报单位 line, header, ``rows`` people, footnote."""
    import openpyxl

    rng = random.Random(seed)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["某某镇政府开放日代表报名汇总表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(
        ["填报单位：某某镇党政办公室", None, None, None, None, None, None, "填报日期：2026年5月"]
    )
    sheet.append(HEADERS)
    used: set[str] = set()
    for number in range(1, rows + 1):
        male = rng.random() < 0.5
        birth = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
        id_number = _id_number(rng, birth, male)
        while id_number in used:
            id_number = _id_number(rng, birth, male)
        used.add(id_number)
        village = rng.choice(VILLAGES)
        sheet.append(
            [
                number,
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", "", "明", "华"]),
                "男" if male else "女",
                id_number,
                f"{birth.year}.{birth.month:02d}",
                f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                f"{village}村民",
                village,
                rng.choice(CATEGORIES),
                rng.choice(["定向邀请", "公开报名", "组织推荐"]),
                "",
            ]
        )
    sheet.append(["合计", f"{rows}人"])
    sheet.append(["说明：身份证号码请以文本格式填写。"])
    workbook.save(path)


def roster_arguments(description: str | None) -> argparse.Namespace:
    """``--rows`` (roster size) and ``--runs`` (timed runs), as both roster benchmarks take them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args()


def fresh_db(folder: Path, name: str) -> Path:
    """A new database file with the app's schema (created outside the timed part)."""
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_store(path).close()
    return path


def run_floor(roster: Path, db: Path) -> float:
    import openpyxl

    start = time.perf_counter()
    workbook = openpyxl.load_workbook(roster, read_only=True, data_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    workbook.close()
    data = [
        (row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10] or "")
        for row in rows[3:-2]
    ]
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO people (name, sex, id_number, birth_date, phone, unit, village, category, "
        "source, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        data,
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def timed_import(roster: Path, db: Path) -> tuple[float, ImportReport]:
    """Seconds ``import_roster`` takes into ``db`` after a restart's empty caches, and its report."""
    search.name_search_keys.cache_clear()
    validation._area_known.cache_clear()
    store = open_store(db)
    start = time.perf_counter()
    report = import_roster(store, roster)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, report


def run_app(roster: Path, db: Path, expected: int) -> float:
    elapsed, report = timed_import(roster, db)
    if report.imported != expected or report.errors:
        raise SystemExit(f"import went wrong: {report.summary()} {report.issue_lines(5)}")
    return elapsed


def main() -> int:
    args = roster_arguments(__doc__)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        roster = folder / "roster.xlsx"
        make_roster(roster, args.rows)
        run_floor(roster, fresh_db(folder, "warm.db"))  # warm the file cache and imports
        app_times, floor_times = [], []
        for _ in range(args.runs):
            app_times.append(run_app(roster, fresh_db(folder, "app.db"), args.rows))
            floor_times.append(run_floor(roster, fresh_db(folder, "floor.db")))
    return verdict(f"roster import, {args.rows:,} rows", app_times, floor_times, BUDGET)


if __name__ == "__main__":
    raise SystemExit(main())
