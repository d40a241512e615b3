"""Sign-in sheet benchmark: 2,000 people, against a floor measured in the same run.

The app's export (read the list, sort by category and pinyin, mask phones, styles, merged
title, print set-up, atomic save) is timed against the floor: the same cells written with
openpyxl and no styling, then saved. Runs alternate so machine noise hits both, each with the garbage collector held off.
Budget: at most 1.5x the floor.

Usage: python bench/signin_sheet.py [--runs N] [--people N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ratio import timed, verdict  # noqa: E402
from openday_desktop.domain.models import Event, Invitation, Site  # noqa: E402
from openday_desktop.storage import Store, open_store  # noqa: E402
from openday_desktop.storage.demo import (  # noqa: E402
    GIVEN,
    PEOPLE_PLAN,
    SURNAMES,
    VILLAGES,
    demo_unit_settings,
)
from openday_desktop.storage.repositories import person_columns  # noqa: E402

BUDGET = 1.5


def make_store(path: Path, people: int) -> tuple[Store, int]:
    """A store with one event and ``people`` people on its list."""
    from openday_desktop.domain.models import Person

    store = open_store(path)
    # The demo unit's name and office: a sheet refuses to print placeholders (某某镇).
    store.settings.set_many(demo_unit_settings(store.settings.all()))
    rng = random.Random(3)
    categories = [plan[0] for plan in PEOPLE_PLAN]
    with store.transaction():
        event_id = store.events.add(
            Event(
                "“走进镇政府 共话新发展”政府开放日活动",
                date(2027, 6, 8),
                start=clock(8, 30),
                end=clock(11, 30),
                sites=[Site("镇便民服务中心", "镇政府一楼大厅", "09:00-09:40")],
            )
        )
        rows = []
        for index in range(people):
            village = rng.choice(VILLAGES)
            person = Person(
                name=rng.choice(SURNAMES) + rng.choice(GIVEN) + ("" if index % 3 else "华"),
                phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                unit=f"{village}村民",
                village=village,
                category=rng.choice(categories),
            )
            rows.append(person_columns(person))
        columns = list(rows[0])
        store.db.executemany(
            f"INSERT INTO people ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [list(row.values()) for row in rows],
        )
        for person_id in range(1, people + 1):
            store.invitations.invite(Invitation(event_id, person_id, status="已确认"))
    return store, event_id


def floor(rows: list[tuple[str, ...]], path: Path) -> None:
    """The same cells (title, info, header, people, blank rows), no styling, plain save."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    for row in rows:
        ws.append(row)
    workbook.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--people", type=int, default=2000)
    args = parser.parse_args()
    from openday_desktop.services.documents import signin_sheet_rows, write_signin_sheet

    with tempfile.TemporaryDirectory() as folder:
        store, event_id = make_store(Path(folder) / "bench.db", args.people)
        table = signin_sheet_rows(store, event_id)
        cells = [
            (table.title,),
            tuple(table.info_lines),
            table.headers,
            *table.rows,
            *table.numbered_blank_rows(),
        ]
        app_path = Path(folder) / "app.xlsx"
        floor_path = Path(folder) / "floor.xlsx"
        write_signin_sheet(store, event_id, app_path)  # warm imports and caches for both
        floor(cells, floor_path)
        app_times, floor_times = [], []
        for _ in range(args.runs):
            app_times.append(timed(lambda: write_signin_sheet(store, event_id, app_path)))
            floor_times.append(timed(lambda: floor(cells, floor_path)))
        store.close()
    return verdict(f"sign-in sheet, {args.people} people", app_times, floor_times, BUDGET)


if __name__ == "__main__":
    raise SystemExit(main())
