"""Re-import benchmark: the same 10,000-row roster imported a second time, against the floor.

The first import (not timed) fills the pool; the second finds every person already there and
updates them. Floor: the import floor of ``bench/import_roster.py`` (openpyxl read-only plus a
plain ``executemany`` into a fresh database), measured in the same run. Caches (pinyin, area
codes) are cleared before every timed import, as after a restart. Budget: <= 1.5x the floor.

Usage: python bench/reimport.py [--rows N] [--runs N]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.import_roster import (  # noqa: E402
    fresh_db,
    make_roster,
    roster_arguments,
    run_floor,
    timed_import,
)
from bench.ratio import verdict  # noqa: E402
from openday_desktop.services.roster_import import import_roster  # noqa: E402
from openday_desktop.storage import open_store  # noqa: E402

BUDGET = 1.5


def run_reimport(roster: Path, db: Path) -> float:
    elapsed, report = timed_import(roster, db)
    if report.errors:
        raise SystemExit(f"re-import went wrong: {report.summary()}")
    return elapsed


def main() -> int:
    args = roster_arguments(__doc__)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        roster = folder / "roster.xlsx"
        make_roster(roster, args.rows)
        imported = fresh_db(folder, "imported.db")
        store = open_store(imported)
        import_roster(store, roster)  # the first import, not timed
        store.close()
        run_floor(roster, fresh_db(folder, "warm.db"))
        app_times, floor_times = [], []
        for _ in range(args.runs):
            copy = folder / "again.db"
            shutil.copy(imported, copy)
            app_times.append(run_reimport(roster, copy))
            floor_times.append(run_floor(roster, fresh_db(folder, "floor.db")))
    label = f"roster re-import, {args.rows:,} unchanged rows"
    return verdict(label, app_times, floor_times, BUDGET)


if __name__ == "__main__":
    raise SystemExit(main())
