"""Opening the database: version check, migrations, WAL, foreign keys and backups."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from openday_desktop.domain.errors import DatabaseVersionError, OpenDayError

from .connection import Database
from .repositories import (
    CalendarRepository,
    CategoryRepository,
    EventRepository,
    FeedbackRepository,
    InvitationRepository,
    PersonRepository,
    SettingsRepository,
)
from .schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from .document_texts import DocumentTextRepository
    from .questionnaires import QuestionnaireRepository

BACKUPS_KEPT = 10
BACKUP_DIRNAME = "backups"


def read_schema_version(path: Path) -> int:
    """The file's schema version, read without changing the file in any way."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise OpenDayError(f"“{path}”不是本程序的数据库文件，或文件已损坏（{exc}）。") from None
    finally:
        conn.close()


def backup_dir(db_path: Path) -> Path:
    """Backups sit in a ``backups`` folder next to the database."""
    return db_path.parent / BACKUP_DIRNAME


def take_backup(db_path: Path, reason: str) -> Path:
    """Copy the database with SQLite's backup API (safe while in use); keep the newest 10."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    source = sqlite3.connect(str(db_path))
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    backups = sorted(folder.glob(f"{db_path.stem}-*.db"))
    for old in backups[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def has_backup_today(db_path: Path) -> bool:
    """True when a backup of this database was already taken today."""
    today = datetime.now().strftime("%Y%m%d")
    return any(backup_dir(db_path).glob(f"{db_path.stem}-{today}-*.db"))


class Store:
    """The open database and the repositories over it. Use ``transaction()`` for user actions."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.settings = SettingsRepository(db)
        self.categories = CategoryRepository(db)
        self.events = EventRepository(db)
        self.people = PersonRepository(db)
        self.invitations = InvitationRepository(db)
        self.feedback = FeedbackRepository(db)
        self.calendar = CalendarRepository(db)

    # The two repositories below are built on first use: start-up needs neither.
    @cached_property
    def questionnaires(self) -> QuestionnaireRepository:
        """The satisfaction questionnaire: questions, returned forms, figures."""
        from . import questionnaires as module

        return module.QuestionnaireRepository(self.db)

    @cached_property
    def document_texts(self) -> DocumentTextRepository:
        """Wording of generated documents that the user changed."""
        from . import document_texts as module

        return module.DocumentTextRepository(self.db)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One user action: everything inside happens, or (on any exception) nothing does."""
        with self.db.atomic() as db:
            yield db

    def integrity_problems(self) -> list[str]:
        """Run SQLite's integrity and foreign-key checks; return problems in Chinese."""
        problems: list[str] = []
        expected = {"events", "event_sites", "people", "invitations", "feedback", "settings"}
        missing = expected - set(self.db.utils.table_names())
        problems += [
            f"缺少数据表 {name}，数据库文件可能被其他程序改动过" for name in sorted(missing)
        ]
        for (row,) in self.db.execute("PRAGMA integrity_check").fetchall():
            if row != "ok":
                problems.append(f"数据库结构问题：{row}")
        for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"表 {table} 第 {rowid} 行引用了不存在的 {parent} 记录")
        return problems

    def close(self) -> None:
        """Close the connection."""
        self.db.close()


def open_store(path: str | Path, *, daily_backup: bool = False) -> Store:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    A file written by a newer version is refused with DatabaseVersionError and left untouched.
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    version = read_schema_version(path) if existed else 0
    if version > SCHEMA_VERSION:
        raise DatabaseVersionError(
            f"数据库“{path}”由更新版本的政府开放日助手创建（数据版本 {version}，"
            f"本程序支持到 {SCHEMA_VERSION}）。为保护数据，本程序不会打开或修改它，"
            "请安装最新版本后再打开。"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if existed and version < SCHEMA_VERSION:
        take_backup(path, f"before-v{SCHEMA_VERSION}")
    elif existed and daily_backup and not has_backup_today(path):
        take_backup(path, "daily")

    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA busy_timeout = 5000")
    if version < SCHEMA_VERSION:
        with db.atomic():
            for migration in MIGRATIONS[version:]:
                migration(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return Store(db, path)
