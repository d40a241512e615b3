"""Surviving damage and mistakes: our files only, Chinese diagnoses, trusted backups, restore."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from openday_desktop import cli
from openday_desktop.domain.errors import (
    DatabaseDamagedError,
    DatabaseFileError,
    DatabaseInUseError,
)
from openday_desktop.domain.models import Person
from openday_desktop.storage import backups as backups_module
from openday_desktop.storage import open_store
from openday_desktop.storage.backups import (
    LowDiskSpaceError,
    backup_dir,
    generations_to_keep,
    inspect_backup,
    list_backups,
    prune,
    restore_backup,
    take_backup,
)
from openday_desktop.storage.diagnosis import diagnose
from openday_desktop.storage.files import APPLICATION_ID
from openday_desktop.storage.location import DB_FILENAME
from tests.faults import COMMANDS, kill_import, people_if_intact, write_roster
from tests.unit.helpers import run

ROOT = os.name == "posix" and os.geteuid() == 0
PAGE = 4096


def make_db(path: Path, people: int = 5) -> None:
    store = open_store(path)
    with store.transaction():
        for number in range(people):
            store.people.add(Person(f"代表{number}", phone=f"1380000{number:04d}"))
    store.close()


def damage(path: Path, pages: tuple[int, ...] = (2, 3, 4)) -> None:
    """Overwrite a few pages in the middle of the file with garbage."""
    with open(path, "r+b") as handle:
        for page in pages:
            handle.seek(page * PAGE)
            handle.write(bytes([0xA5]) * PAGE)


# --- our files only ------------------------------------------------------------------------


def test_new_database_carries_our_application_id_and_secure_delete(db_path: Path) -> None:
    store = open_store(db_path)
    assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert store.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    store.close()


@pytest.mark.parametrize("kind", ["foreign", "empty", "text"])
def test_files_not_ours_are_refused_unchanged(
    kind: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "foreign":
        conn = sqlite3.connect(db_path)
        conn.execute("CREATE TABLE notes (x)")
        conn.execute("PRAGMA user_version = 3")
        conn.commit()
        conn.close()
    elif kind == "empty":
        db_path.write_bytes(b"")
    else:
        db_path.write_bytes("会议纪要".encode() * 100)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseFileError) as caught:
        open_store(db_path)
    assert str(db_path) in caught.value.message
    for command in (["check"], ["list", "events"], ["backup"], ["demo"]):
        code, _, err = run(capsys, "--db", str(db_path), *command)
        assert code == 1 and str(db_path) in err and "Traceback" not in err
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_folder_as_database_is_diagnosed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path), "list", "events")
    assert code == 1 and "文件夹" in err and "Traceback" not in err


def test_new_files_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    monkeypatch.setattr(os, "umask", os.umask)  # cli.main narrows the umask: restore it after
    previous = os.umask(0o022)
    try:
        folder = tmp_path / "data" / "openday"
        db = folder / DB_FILENAME
        assert cli.main(["--db", str(db), "demo"]) == 0
        assert cli.main(["--db", str(db), "backup"]) == 0
    finally:
        os.umask(previous)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert backup_dir(db).stat().st_mode & 0o777 == 0o700
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o777 == 0o600 for p in files)


# --- diagnosis ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (sqlite3.OperationalError("database is locked"), "占用"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "只读"),
        (sqlite3.OperationalError("database or disk is full"), "磁盘空间不足"),
        (sqlite3.DatabaseError("file is not a database"), "不是可用的数据库"),
        (sqlite3.DatabaseError("database disk image is malformed"), "已损坏"),
        (sqlite3.OperationalError("unable to open database file"), "无法打开"),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "/x"), "文件夹"),
        (PermissionError(errno.EACCES, "Permission denied", "/x"), "权限"),
        (OSError(errno.ENOSPC, "No space left on device", "/x"), "磁盘空间不足"),
    ],
)
def test_every_failure_has_a_chinese_diagnosis(exc: BaseException, words: str) -> None:
    message = diagnose(exc, "/data/openday.db")
    assert words in message
    assert not any(english in message for english in ("Traceback", "Error:"))


@pytest.mark.skipif(ROOT or os.name != "posix", reason="root ignores file permissions")
def test_read_only_folder_and_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "openday.db"
    make_db(db)
    folder.chmod(0o500)
    db.chmod(0o400)
    try:
        code, _, err = run(
            capsys, "--db", str(db), "event", "add", "--title", "x", "--date", "2026-12-01"
        )
        assert code == 1 and ("只读" in err or "权限" in err) and "Traceback" not in err
    finally:
        folder.chmod(0o700)
        db.chmod(0o600)
    db.chmod(0o000)
    try:
        code, _, err = run(capsys, "--db", str(db), "list", "events")
        assert code == 1 and "权限" in err and "Traceback" not in err
    finally:
        db.chmod(0o600)


def test_locked_database_is_diagnosed(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_db(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = open_store(db_path)
        store.db.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(sqlite3.OperationalError) as caught:
            store.people.add(Person("张三"))
        assert "占用" in diagnose(caught.value)
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# --- damaged database ----------------------------------------------------------------------


def test_damaged_database_every_command_exits_1_in_chinese_and_backups_survive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "openday.db"
    assert cli.main(["--db", str(db), "demo"]) == 0
    assert cli.main(["--db", str(db), "backup"]) == 0
    capsys.readouterr()
    good = {p: p.read_bytes() for p in backup_dir(db).iterdir()}
    damage(db)
    for command in [*COMMANDS, ["demo"]]:  # demo too: it refuses to write into a damaged file
        code, _, err = run(capsys, "--db", str(db), *command)
        assert code == 1, command
        assert "Traceback" not in err and "错误：" in err, command
        assert "已损坏" in err or "不是可用的数据库" in err, (command, err)
    code, out, _ = run(capsys, "--db", str(db), "backups")
    assert code == 0 and "完好" in out
    assert {p: p.read_bytes() for p in backup_dir(db).iterdir()} == good
    assert not (tmp_path / "名册.xlsx").exists()


def test_a_damaged_database_is_never_backed_up(db_path: Path) -> None:
    make_db(db_path, people=300)
    take_backup(db_path, "daily", now=datetime(2026, 1, 1, 9))
    before = sorted(backup_dir(db_path).iterdir())
    damage(db_path)
    with pytest.raises(DatabaseDamagedError):
        take_backup(db_path, "daily", now=datetime(2026, 1, 2, 9))
    assert sorted(backup_dir(db_path).iterdir()) == before


def test_low_disk_space_skips_the_backup_with_a_warning(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_db(db_path)
    full = shutil._ntuple_diskusage(10**9, 10**9 - 1024, 1024)  # type: ignore[attr-defined]
    monkeypatch.setattr(backups_module.shutil, "disk_usage", lambda _path: full)
    with pytest.raises(LowDiskSpaceError) as caught:
        take_backup(db_path, "daily")
    assert "磁盘" in caught.value.message
    store = open_store(db_path, daily_backup=True)  # the store opens; the warning waits
    assert store.warnings and "磁盘" in store.warnings[0]
    store.close()


# --- generations -------------------------------------------------------------------------


def test_generations_keep_days_weeks_and_months() -> None:
    start = datetime(2026, 1, 1, 9)
    times = [start + timedelta(days=day) for day in range(400)]
    keep = generations_to_keep(times)
    newest = times[-1]
    assert newest in keep
    assert len(keep) <= 7 + 4 + 12
    days = sorted({t.date() for t in keep}, reverse=True)
    assert days[:7] == [(newest - timedelta(days=d)).date() for d in range(7)]
    assert len({(t.year, t.month) for t in keep}) == 12


def test_no_run_of_days_rotates_out_the_older_generations(db_path: Path) -> None:
    make_db(db_path)
    start = datetime(2026, 1, 1, 9)
    for day in range(60):
        take_backup(db_path, "daily", now=start + timedelta(days=day))
    names = sorted(p.name for p in backup_dir(db_path).glob("*.db"))
    assert len(names) <= 7 + 4 + 12
    assert any("-202601" in name for name in names)  # January survives sixty days later
    assert not prune(db_path)  # already pruned: nothing more to delete


# --- restore -----------------------------------------------------------------------------

STALE_WAL_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("BEGIN")
conn.executemany("INSERT INTO people (name) VALUES (?)", [(f"后来{i}",) for i in range(500)])
conn.execute("COMMIT")
os._exit(0)  # killed: the -wal stays beside the file, never checkpointed
"""


def test_restore_over_a_stale_wal_gives_exactly_the_backup(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_db(db_path, people=7)
    backup = take_backup(db_path, "manual")
    subprocess.run([sys.executable, "-c", STALE_WAL_WRITER, str(db_path)], check=True)
    wal = Path(f"{db_path}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    code, out, err = run(capsys, "--db", str(db_path), "restore", str(backup))
    assert code == 0, err
    assert "代表 7 人" in out
    assert not wal.exists()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    names = [n for (n,) in conn.execute("SELECT name FROM people ORDER BY id")]
    conn.close()
    assert names == [f"代表{n}" for n in range(7)]
    # The replaced file (with its log) was kept first, all 507 people in it.
    kept = [i for i in list_backups(db_path) if i.reason == "before-restore"]
    assert len(kept) == 1 and kept[0].ok and kept[0].people == 507


def test_restore_refuses_damaged_and_foreign_backups(db_path: Path, tmp_path: Path) -> None:
    make_db(db_path)
    before = db_path.read_bytes()
    broken = take_backup(db_path, "manual", target=tmp_path / "broken.db")
    damage(broken, pages=(1, 2))
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.commit()
    for bad in (broken, foreign, tmp_path / "missing.db"):
        with pytest.raises((DatabaseDamagedError, DatabaseFileError)):
            restore_backup(db_path, bad)
    assert db_path.read_bytes() == before
    assert not inspect_backup(broken).ok and not inspect_backup(foreign).ok


def test_restore_and_second_window_are_refused_while_a_window_has_the_database(
    db_path: Path,
) -> None:
    make_db(db_path)
    backup = take_backup(db_path, "manual")
    window = open_store(db_path, exclusive=True)
    try:
        with pytest.raises(DatabaseInUseError):
            open_store(db_path, exclusive=True)
        with pytest.raises(DatabaseInUseError):
            restore_backup(db_path, backup)
    finally:
        window.close()
    open_store(db_path, exclusive=True).close()  # released on close


def test_a_damaged_database_restores_from_the_newest_good_backup(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_db(db_path, people=300)
    take_backup(db_path, "daily")
    damage(db_path)
    code, _, err = run(capsys, "--db", str(db_path), "check")
    assert code == 1 and "restore" in err
    command = err.strip().splitlines()[-1]
    backup = command.split('restore "')[1].rstrip('"')
    code, out, _ = run(capsys, "--db", str(db_path), "restore", backup)
    assert code == 0 and "代表 300 人" in out
    code, out, _ = run(capsys, "--db", str(db_path), "check")
    assert code == 0 and "数据库完好" in out


# --- killed during an import ------------------------------------------------------------------


def test_killed_imports_leave_all_or_nothing(tmp_path: Path) -> None:
    import random
    import signal

    roster = tmp_path / "名册.csv"
    rows = 3000
    write_roster(roster, rows, random.Random(7))
    outcomes = []
    for attempt, delay in enumerate((0.4, 0.8, 1.2)):
        db = tmp_path / f"kill{attempt}.db"
        make_db(db, people=0)
        code, err = kill_import(db, roster, after=delay)
        assert code in (0, -signal.SIGKILL), err.decode()
        count = people_if_intact(db)
        assert count is not None, "integrity_check failed after the kill"
        assert count in (0, rows)
        outcomes.append((code, count))
    assert any(code == -signal.SIGKILL for code, _ in outcomes)  # killed mid-import at least once


def test_an_unreadable_schema_page_still_points_to_the_backups(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_db(db_path, people=50)
    take_backup(db_path, "daily")
    with open(db_path, "r+b") as handle:  # page 1 after the 100-byte header: the schema
        handle.seek(100)
        handle.write(bytes([0xA5]) * (PAGE - 100))
    code, _, err = run(capsys, "--db", str(db_path), "list", "events")
    assert code == 1 and "Traceback" not in err
    assert "restore" in err and "完好的备份" in err


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (root only, where mounting is allowed)."""
    if not ROOT or not shutil.which("mount"):
        pytest.skip("mounting a small disk needs root")
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mount not permitted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_diagnosed_and_the_data_survives(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = small_disk / "openday.db"
    assert (
        cli.main(["--db", str(db), "event", "add", "--title", "开放日", "--date", "2026-12-01"])
        == 0
    )
    filler = small_disk / "filler"
    add = ["event", "add", "--title", "x", "--date", "2026-12-02"]
    # Nearly full: the demo's big write fails midway, the backup is refused for lack of room;
    # then full: even a small write fails. Each time in Chinese, saying it is the disk.
    for leave, commands in ((64 * 1024, (["demo"], ["backup"])), (0, (["demo"], ["backup"], add))):
        filler.unlink(missing_ok=True)
        free = shutil.disk_usage(small_disk).free
        filler.write_bytes(b"\0" * max(free - leave, 0))
        capsys.readouterr()
        for command in commands:
            code, _, err = run(capsys, "--db", str(db), *command)
            assert code == 1 and "磁盘" in err and "Traceback" not in err, (command, err)
            assert "已损坏" not in err
    filler.unlink()
    code, out, _ = run(capsys, "--db", str(db), "check")
    assert code == 0 and "代表 0 人" in out  # the failed demo left nothing half-written
