"""Backing up and restoring the database file (the window's 备份与恢复, the CLI's backup/restore).

These work on the file, not through an open Store's transaction: a restore must work on a
database too damaged to open, and a backup copies the whole file at once.
"""

from __future__ import annotations

from pathlib import Path

from openday_desktop.domain.errors import DatabaseFileError
from openday_desktop.storage.backups import (
    BackupInfo,
    inspect_backup,
    list_backups,
    restore_backup,
    take_backup,
)
from openday_desktop.storage.files import check_ours


def back_up_now(db_path: Path, target: Path | None = None) -> Path:
    """A checked backup (into ``backups/`` with generations, or to ``target``)."""
    if not check_ours(db_path):
        raise DatabaseFileError(
            f"数据库“{db_path}”不存在，没有可备份的内容。请用 --db 指定数据库文件。"
        )
    return take_backup(db_path, "manual", target=target)


def good_backups(db_path: Path) -> list[BackupInfo]:
    """The backups a restore may use, newest first."""
    return [info for info in list_backups(db_path) if info.ok]


def restore(
    db_path: Path, backup: Path, *, own_lock: bool = False
) -> tuple[Path | None, BackupInfo]:
    """Restore ``backup`` over the database; returns the kept copy and the restored file's info."""
    kept = restore_backup(db_path, backup, own_lock=own_lock)
    return kept, inspect_backup(db_path)
