"""The fault campaign, longer than CI runs it: kills, damaged pages, stale logs, foreign files.

Prints counts (the CI versions are in tests/unit/test_safety.py and test_privacy.py):
- kills: SIGKILL at random moments of a roster import through the CLI; every database must
  pass integrity_check and hold all or none of the rows;
- damaged pages: random pages of a copy overwritten, then every CLI command: each must exit 1
  with a Chinese message and no traceback, and the backups must stay byte-identical;
- stale -wal: a writer killed after committing into the log, then ``restore``: the result must
  be exactly the backup's rows;
- foreign and empty files: refused by every command, byte-identical afterwards;
- erasure: after ``person erase`` the ID number occurs in no file under the data folder.

Usage: python bench/fault_campaign.py [--kills N] [--damage N] [--rows N] [--seed N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openday_desktop import cli  # noqa: E402
from tests.faults import COMMANDS, kill_import, people_if_intact, write_roster  # noqa: E402


def run_cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def kills(folder: Path, count: int, rows: int, rng: random.Random) -> dict[str, int]:
    source = folder / "名册.csv"
    write_roster(source, rows, rng)
    result = {"runs": 0, "killed": 0, "completed": 0, "partial": 0, "corrupt": 0}
    for attempt in range(count):
        db = folder / f"kill{attempt}.db"
        run_cli("--db", str(db), "list", "events")
        code, _ = kill_import(db, source, after=rng.uniform(0.3, 3.0))
        result["runs"] += 1
        result["killed" if code == -signal.SIGKILL else "completed"] += 1
        people = people_if_intact(db)
        if people is None:
            result["corrupt"] += 1
        elif people not in (0, rows):
            result["partial"] += 1
    return result


def damaged(folder: Path, count: int, rng: random.Random) -> dict[str, int]:
    base = folder / "base" / "openday.db"
    run_cli("--db", str(base), "demo")
    size = base.stat().st_size
    result = {"cases": 0, "exit1_chinese": 0, "traceback": 0, "wrong": 0, "backups_changed": 0}
    for case in range(count):
        db = folder / f"damaged{case}" / "openday.db"
        db.parent.mkdir()
        db.write_bytes(base.read_bytes())
        run_cli("--db", str(db), "backup")
        backups = {p: p.read_bytes() for p in (db.parent / "backups").iterdir()}
        pages = rng.sample(range(1, size // 4096), k=min(3, size // 4096 - 1))
        with open(db, "r+b") as handle:
            for page in pages:
                handle.seek(page * 4096)
                handle.write(rng.randbytes(4096))
        for command in COMMANDS:
            result["cases"] += 1
            cwd = os.getcwd()
            os.chdir(db.parent)
            try:
                code, err = run_cli("--db", str(db), *command)
            finally:
                os.chdir(cwd)
            if "Traceback" in err:
                result["traceback"] += 1
            elif code == 1 and err.startswith("错误："):
                result["exit1_chinese"] += 1
            else:
                result["wrong"] += 1  # the damage missed what this command reads
        if {p: p.read_bytes() for p in (db.parent / "backups").iterdir()} != backups:
            result["backups_changed"] += 1
    return result


STALE_WAL_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("BEGIN")
conn.executemany("INSERT INTO people (name) VALUES (?)", [(f"后来{i}",) for i in range(300)])
conn.execute("COMMIT")
os._exit(0)
"""


def stale_wal(folder: Path, count: int) -> dict[str, int]:
    result = {"rounds": 0, "exact": 0, "wrong": 0}
    for case in range(count):
        db = folder / f"wal{case}" / "openday.db"
        run_cli("--db", str(db), "demo")
        backup = db.parent / "good.db"
        run_cli("--db", str(db), "backup", "-o", str(backup))
        expected = sqlite3.connect(backup).execute("SELECT * FROM people ORDER BY id").fetchall()
        subprocess.run([sys.executable, "-c", STALE_WAL_WRITER, str(db)], check=True)
        code, _ = run_cli("--db", str(db), "restore", str(backup))
        conn = sqlite3.connect(db)
        got = conn.execute("SELECT * FROM people ORDER BY id").fetchall()
        ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        conn.close()
        result["rounds"] += 1
        result["exact" if code == 0 and ok and got == expected else "wrong"] += 1
    return result


def foreign(folder: Path) -> dict[str, int]:
    result = {"files": 0, "refused_unchanged": 0}
    cases: dict[str, bytes | None] = {"empty": b"", "text": "会议纪要".encode() * 50}
    for name, content in [*cases.items(), ("sqlite", None)]:
        path = folder / f"foreign-{name}.db"
        if content is None:
            conn = sqlite3.connect(path)
            conn.execute("CREATE TABLE notes (x)")
            conn.commit()
            conn.close()
        else:
            path.write_bytes(content)
        before = path.read_bytes()
        result["files"] += 1
        codes = [run_cli("--db", str(path), *command)[0] for command in (["check"], ["demo"])]
        if all(code == 1 for code in codes) and path.read_bytes() == before:
            result["refused_unchanged"] += 1
    return result


def erasure(folder: Path) -> dict[str, int]:
    db = folder / "erase" / "openday.db"
    run_cli("--db", str(db), "demo")
    conn = sqlite3.connect(db)
    person_id, id_number = conn.execute(
        "SELECT id, id_number FROM people WHERE id_number IS NOT NULL LIMIT 1"
    ).fetchone()
    conn.close()
    run_cli("--db", str(db), "backup")
    run_cli("--db", str(db), "person", "erase", str(person_id))
    files = [p for p in db.parent.rglob("*") if p.is_file()]
    holding = [p for p in files if id_number.encode() in p.read_bytes()]
    return {"files_checked": len(files), "files_holding_id": len(holding)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--damage", type=int, default=20)
    parser.add_argument("--rows", type=int, default=8000)
    parser.add_argument("--wal", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, counts in (
            ("kill during import", kills(folder, args.kills, args.rows, rng)),
            ("damaged pages x every command", damaged(folder, args.damage, rng)),
            ("restore over a stale -wal", stale_wal(folder, args.wal)),
            ("foreign and empty files", foreign(folder)),
            ("erasure", erasure(folder)),
        ):
            print(f"{name}: " + ", ".join(f"{key} {value}" for key, value in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
