"""Faults shared by the CI tests (tests/unit/test_safety.py) and the longer campaign
(bench/fault_campaign.py): the commands run on a damaged database, and a roster import killed
mid-way (the roster, the kill, and what the database holds)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Every family of commands that opens the database: on a damaged one each must exit 1 in Chinese.
COMMANDS = [
    ["check"],
    ["list", "events"],
    ["list", "reps", "--json"],
    ["list", "feedback"],
    ["stats", "--year", "2026"],
    ["event", "add", "--title", "开放日", "--date", "2026-12-01"],
    ["feedback", "add", "--event", "1", "--content", "路灯"],
    ["check-event", "1"],
    ["export", "roster", "-o", "名册.xlsx"],
    ["backup"],
    ["audit"],
    ["person", "erase", "1"],
    ["person", "retention"],
]


def write_roster(path: Path, rows: int, rng: random.Random) -> None:
    """A plain CSV roster of ``rows`` people with valid, distinct ID numbers."""
    from openday_desktop.storage.demo import demo_id_number

    lines = ["姓名,身份证号码,手机,代表类别"]
    for number in range(rows):
        birth = date(1960, 1, 1) + timedelta(days=number % 15000)
        # Names take no digits (refused as a typing slip): the number in Chinese numerals.
        name = "代表" + "".join("零一二三四五六七八九"[int(digit)] for digit in str(number))
        lines.append(
            f"{name},{demo_id_number(rng, birth, number % 2 == 0)},139{number:08d},群众代表"
        )
    path.write_text("\n".join(lines), encoding="utf-8")


def kill_import(db: Path, roster: Path, after: float) -> tuple[int, bytes]:
    """Start ``import-roster`` through the CLI, SIGKILL it ``after`` seconds later (unless it
    finished first); its return code and what it wrote to stderr."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "openday_desktop.cli",
            "--db",
            str(db),
            "import-roster",
            str(roster),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    _, err = process.communicate()
    return process.returncode, err


def people_if_intact(db: Path) -> int | None:
    """How many people the database holds, or None when it fails integrity_check."""
    conn = sqlite3.connect(db)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return None
        return int(conn.execute("SELECT COUNT(*) FROM people").fetchone()[0])
    finally:
        conn.close()
