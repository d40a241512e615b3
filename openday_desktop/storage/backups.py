"""Backups that can be trusted, and a restore that cannot corrupt.

- A backup is made with SQLite's backup API into a temporary name, checked (``quick_check``),
  switched to a plain rollback-journal file (one self-contained file) and only then renamed
  into ``backups/``. A damaged database is never backed up: its copy fails the check and is
  deleted, and the good backups stay.
- Generations: the newest backup of each of the last 7 days, 4 weeks and 12 months is kept,
  so no run of bad days can rotate out every good copy.
- A restore first keeps a copy of the current file, removes the stale ``-wal``/``-shm`` (SQLite
  would otherwise replay the old log onto the restored pages) and swaps the file in by rename.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openday_desktop.domain.errors import (
    DatabaseDamagedError,
    DatabaseFileError,
    DatabaseInUseError,
    OpenDayError,
)

from .diagnosis import diagnose
from .files import DatabaseLock, check_ours, private_dir, private_file
from .schema import SCHEMA_VERSION

BACKUP_DIRNAME = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
# Copies taken before a migration or a restore are kept apart from the generations.
KEEP_SPECIAL = 10
ROTATED_REASONS = ("daily", "manual")
# Free space below this many times the database size gets a warning instead of a backup.
SPACE_FACTOR = 2
SPACE_MARGIN = 20 * 1024 * 1024

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.db$")


class LowDiskSpaceError(OpenDayError):
    """Not enough free space for a backup; the database itself is fine."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the restore dialog and ``openday-cli backups`` show it."""

    path: Path
    time: datetime | None
    size: int
    ok: bool
    reason: str = ""
    people: int | None = None
    events: int | None = None
    problem: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "time": self.time.isoformat(timespec="seconds") if self.time else None,
            "size": self.size,
            "ok": self.ok,
            "reason": self.reason,
            "people": self.people,
            "events": self.events,
            "problem": self.problem,
        }


def backup_dir(db_path: Path) -> Path:
    """Backups sit in a ``backups`` folder next to the database."""
    return db_path.parent / BACKUP_DIRNAME


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S-%f")


def _parse_name(path: Path) -> tuple[str, datetime, str] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        when = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None
    return match["stem"], when, match["reason"]


def check_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check as a list of problems (empty when the file is sound)."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [row for (row,) in rows if row != "ok"]


def file_problems(path: Path) -> list[str]:
    """quick_check of a database file through its own read-only connection."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        return check_problems(conn)
    finally:
        conn.close()


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable: a backup is opened by nobody else; no -shm, no lock, nothing written.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def inspect_backup(path: Path) -> BackupInfo:
    """Check one backup: ours, sound, not from a newer version; with its counts."""
    parsed = _parse_name(path)
    when = parsed[1] if parsed else None
    reason = parsed[2] if parsed else ""
    try:
        size = path.stat().st_size
        if when is None:
            when = datetime.fromtimestamp(path.stat().st_mtime)
        check_ours(path)
        conn = _read_only(path)
        try:
            problems = check_problems(conn)
            if problems:
                return BackupInfo(path, when, size, False, reason, problem="文件已损坏")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                return BackupInfo(path, when, size, False, reason, problem="由更新版本的程序创建")
            people = int(conn.execute("SELECT COUNT(*) FROM people").fetchone()[0])
            events = int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
        finally:
            conn.close()
    except (OpenDayError, sqlite3.Error, OSError) as exc:
        size = path.stat().st_size if path.is_file() else 0
        return BackupInfo(path, when, size, False, reason, problem=diagnose(exc, path))
    return BackupInfo(path, when, size, True, reason, people, events)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup of this database in its backups folder, newest first, each checked."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob(f"{db_path.stem}-*.db") if _parse_name(p)]
    infos = [inspect_backup(p) for p in files]
    return sorted(infos, key=lambda info: info.time or datetime.min, reverse=True)


def free_space_problem(db_path: Path, folder: Path | None = None) -> str | None:
    """A Chinese warning when ``folder`` (the database's) lacks room for a backup, else None."""
    folder = folder or db_path.parent
    try:
        size = db_path.stat().st_size if db_path.exists() else 0
        free = shutil.disk_usage(folder if folder.exists() else db_path.parent).free
    except OSError:
        return None
    if free >= size * SPACE_FACTOR + SPACE_MARGIN:
        return None
    return (
        f"磁盘剩余空间只有 {free / 1024 / 1024:.0f} MB，不够保存数据库的备份"
        f"（数据库 {size / 1024 / 1024:.1f} MB）。今天没有备份，请尽快清理磁盘"
        "（删除不需要的大文件、清空回收站）；程序可以继续使用。"
    )


def _copy_verified(source: sqlite3.Connection, target: Path) -> None:
    """Backup-API copy of ``source`` into ``target`` (a temporary name), checked.

    Raises DatabaseDamagedError (and deletes ``target``) when the copy is not sound.
    """
    target.unlink(missing_ok=True)
    dest = sqlite3.connect(str(target))
    try:
        private_file(target)
        source.backup(dest)
        # One self-contained file: no -wal is needed to read it and none is ever replayed.
        dest.execute("PRAGMA journal_mode = DELETE")
        problems = check_problems(dest)
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    finally:
        dest.close()
    if problems:
        target.unlink(missing_ok=True)
        Path(f"{target}-journal").unlink(missing_ok=True)
        raise DatabaseDamagedError(
            "数据库文件已损坏，没有为它做备份（损坏的副本会挤掉完好的旧备份）。"
            "请用“文件 → 备份与恢复”从完好的备份恢复（命令行：openday-cli backups 查看，"
            "openday-cli restore 备份文件 恢复）。"
        )
    private_file(target)


def take_backup(
    db_path: Path,
    reason: str = "manual",
    *,
    target: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Back up the database (safe while it is in use); returns the checked backup file.

    Without ``target`` the backup goes into ``backups/`` and the generations are pruned.
    Raises DatabaseDamagedError for a damaged database, LowDiskSpaceError when the disk is
    nearly full; in both cases every existing backup is left as it was.
    """
    now = now or datetime.now()
    check_ours(db_path)
    if target is None:
        final = backup_dir(db_path) / f"{db_path.stem}-{_stamp(now)}-{reason}.db"
    else:
        final = Path(target)
        if final.is_dir():
            final = final / f"{db_path.stem}-{_stamp(now)}-{reason}.db"
        if final.resolve() == db_path.resolve():
            raise DatabaseFileError("备份文件不能是数据库文件本身，请换一个文件名。")
    warning = free_space_problem(db_path, final.parent)
    if warning:
        raise LowDiskSpaceError(warning)
    private_dir(final.parent)
    temporary = final.with_name(f".{final.name}.tmp")
    source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _copy_verified(source, temporary)
    finally:
        source.close()
    os.replace(temporary, final)
    if target is None:
        prune(db_path, now=now)
    return final


def has_backup_today(db_path: Path, today: date | None = None) -> bool:
    """True when a backup of this database was already taken today."""
    stamp = (today or date.today()).strftime("%Y%m%d")
    return any(backup_dir(db_path).glob(f"{db_path.stem}-{stamp}-*.db"))


def generations_to_keep(times: list[datetime]) -> set[datetime]:
    """The newest backup of each of the last 7 days, 4 ISO weeks and 12 months."""
    keep: set[datetime] = set()
    for width, key in (
        (KEEP_DAILY, lambda t: t.date()),
        (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    ):
        newest: dict[object, datetime] = {}
        for when in sorted(times, reverse=True):
            newest.setdefault(key(when), when)
        keep.update(sorted(newest.values(), reverse=True)[:width])
    return keep


def prune(db_path: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete backups outside the generations; returns what was deleted."""
    folder = backup_dir(db_path)
    rotated: dict[datetime, Path] = {}
    special: list[tuple[datetime, Path]] = []
    for path in folder.glob(f"{db_path.stem}-*.db"):
        parsed = _parse_name(path)
        if parsed is None or parsed[0] != db_path.stem:
            continue
        _, when, reason = parsed
        if reason in ROTATED_REASONS:
            rotated[when] = path
        else:
            special.append((when, path))
    keep = generations_to_keep(list(rotated))
    doomed = [path for when, path in rotated.items() if when not in keep]
    doomed += [path for _, path in sorted(special, reverse=True)[KEEP_SPECIAL:]]
    for path in doomed:
        path.unlink(missing_ok=True)
        Path(f"{path}-wal").unlink(missing_ok=True)
    return doomed


def _keep_current(db_path: Path, now: datetime) -> Path | None:
    """Copy the current database into backups/ before a restore replaces it."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    folder = backup_dir(db_path)
    private_dir(folder)
    copy = folder / f"{db_path.stem}-{_stamp(now)}-before-restore.db"
    try:
        source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _copy_verified(source, copy)
        finally:
            source.close()
        return copy
    except (OpenDayError, sqlite3.Error):
        pass
    # Damaged or foreign: keep the bytes as they are, with the log that belongs to them.
    shutil.copyfile(db_path, copy)
    private_file(copy)
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{copy}-wal"))
        private_file(Path(f"{copy}-wal"))
    return copy


def restore_backup(
    db_path: Path,
    backup: Path,
    *,
    now: datetime | None = None,
    own_lock: bool = False,
) -> Path | None:
    """Replace the database with ``backup``; returns the copy kept of the replaced file.

    Refuses (DatabaseFileError / DatabaseDamagedError) a backup that is not ours, damaged or
    from a newer version, and (DatabaseInUseError) while another window has the database
    open; the database is then unchanged. ``own_lock``: the caller holds the window lock.
    """
    now = now or datetime.now()
    backup = Path(backup)
    if not backup.is_file():
        raise DatabaseFileError(f"找不到备份文件“{backup}”。请检查文件名，或用 backups 命令查看。")
    info = inspect_backup(backup)
    if not info.ok:
        raise DatabaseDamagedError(
            f"备份“{backup}”不能用于恢复：{info.problem}。请换一份完好的备份。"
        )
    if not own_lock and DatabaseLock(db_path).held_elsewhere():
        raise DatabaseInUseError(
            f"数据库“{db_path}”正在窗口中打开。请在那个窗口里用“文件 → 备份与恢复”，"
            "或先关闭窗口再恢复。"
        )
    kept = _keep_current(db_path, now)
    private_dir(db_path.parent)
    temporary = db_path.with_name(f".{db_path.name}.restore.tmp")
    source = _read_only(backup)
    try:
        _copy_verified(source, temporary)
    finally:
        source.close()
    # The stale log first: were it left, SQLite would replay it onto the restored pages.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, db_path)
    private_file(db_path)
    return kept


def sweep_temporaries(db_path: Path) -> None:
    """Remove half-written backup or restore files left by a killed run."""
    for folder in (db_path.parent, backup_dir(db_path)):
        if folder.is_dir():
            for path in folder.glob(".*.tmp"):
                if path.name.startswith(f".{db_path.stem}") or path.name.startswith(
                    f".{db_path.name}"
                ):
                    path.unlink(missing_ok=True)
