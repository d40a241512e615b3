"""Opening the database: version check, migrations, WAL, foreign keys and backups."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from openday_desktop.domain.errors import DatabaseDamagedError, DatabaseVersionError, OpenDayError

from .backups import (
    BACKUP_DIRNAME,
    LowDiskSpaceError,
    backup_dir,
    check_problems,
    has_backup_today,
    sweep_temporaries,
    take_backup,
)
from .connection import Database
from .diagnosis import RESTORE_HINT, diagnose, is_damage
from .files import (
    APPLICATION_ID,
    DatabaseLock,
    check_ours,
    private_database_files,
    private_dir,
)
from .groups import GroupRepository
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
    from .trail import TrailRepository


def read_schema_version(path: Path) -> int:
    """The file's schema version, read without changing the file in any way."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        message = diagnose(exc, path)
        raise (DatabaseDamagedError if is_damage(message) else OpenDayError)(message) from None
    finally:
        conn.close()


class Store:
    """The open database and the repositories over it. Use ``transaction()`` for user actions."""

    def __init__(self, db: Database, path: Path, lock: DatabaseLock | None = None) -> None:
        self.db = db
        self.path = path
        self.lock = lock
        # Things the user should hear about at start (a skipped backup), in Chinese.
        self.warnings: list[str] = []
        self.settings = SettingsRepository(db)
        self.categories = CategoryRepository(db)
        self.events = EventRepository(db)
        self.people = PersonRepository(db)
        self.invitations = InvitationRepository(db)
        self.feedback = FeedbackRepository(db)
        self.calendar = CalendarRepository(db)
        self.groups = GroupRepository(db)

    # The repositories below are built on first use: start-up needs none of them.
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

    @cached_property
    def trail(self) -> TrailRepository:
        """The events' trail: publication records, attachments, officials, round-table notes."""
        from . import trail as module

        return module.TrailRepository(self.db)

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

    def quick_problems(self) -> list[str]:
        """SQLite's quick_check of the open database: empty when sound (about a second per GB)."""
        return check_problems(self.db.conn)

    def require_sound(self) -> None:
        """Raise DatabaseDamagedError when the quick check finds damage."""
        if self.quick_problems():
            raise DatabaseDamagedError(
                f"数据库“{self.path}”已损坏（部分数据页无法读取）。{RESTORE_HINT}"
            )

    def daily_backup(self) -> Path | None:
        """Today's backup when there is none yet. A damaged database raises; low space warns."""
        if has_backup_today(self.path):
            return None
        try:
            return take_backup(self.path, "daily")
        except LowDiskSpaceError as exc:
            self.warnings.append(exc.message)
            return None

    def close(self) -> None:
        """Close the connection (and let other windows open the database)."""
        self.db.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_store(
    path: str | Path,
    *,
    daily_backup: bool = False,
    exclusive: bool = False,
    audit_before_first_write: bool = False,
) -> Store:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Refused, with the file left untouched: a file that is not ours (DatabaseFileError: another
    program's SQLite file, an empty file, a folder), a file from a newer version
    (DatabaseVersionError). ``exclusive``: take the one-window lock (DatabaseInUseError when
    another window holds it). ``daily_backup``: back up first when there is no backup today.
    ``audit_before_first_write``: create the audit triggers when the first transaction begins
    (or at ``store.db.finish_setup()``) instead of now: the window's first paint does not wait
    for them; it calls ``finish_setup`` right after that paint.
    """
    path = Path(path)
    existed = check_ours(path)
    version = read_schema_version(path) if existed else 0
    if version > SCHEMA_VERSION:
        raise DatabaseVersionError(
            f"数据库“{path}”由更新版本的政府开放日助手创建（数据版本 {version}，"
            f"本程序支持到 {SCHEMA_VERSION}）。为保护数据，本程序不会打开或修改它，"
            "请安装最新版本后再打开。"
        )
    private_dir(path.parent)
    lock = DatabaseLock(path) if exclusive else None
    if lock is not None:
        lock.acquire()
    try:
        sweep_temporaries(path)
        if existed and version < SCHEMA_VERSION:
            take_backup(path, f"before-v{SCHEMA_VERSION}")
        db = _connect(path, version, audit_now=not audit_before_first_write)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    store = Store(db, path, lock)
    if existed and daily_backup:
        try:
            store.daily_backup()
        except BaseException:
            store.close()
            raise
    return store


def _install_audit(db: Database) -> None:
    from .audit import install_audit  # imported when the triggers are made: after the paint

    install_audit(db)


def _connect(path: Path, version: int, *, audit_now: bool = True) -> Database:
    db = Database(path)
    try:
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA foreign_keys = ON")
        # Deleted records are overwritten, not just unlinked (not every SQLite build does so).
        db.execute("PRAGMA secure_delete = ON")
        db.execute("PRAGMA journal_mode = WAL")
        private_database_files(path)
        if version < SCHEMA_VERSION:
            with db.atomic():
                for migration in MIGRATIONS[version:]:
                    migration(db)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if audit_now:
            _install_audit(db)
        else:
            db.defer_until_write(_install_audit)
        private_database_files(path)
    except BaseException:
        db.close()
        raise
    return db


__all__ = [
    "BACKUP_DIRNAME",
    "Store",
    "backup_dir",
    "has_backup_today",
    "open_store",
    "read_schema_version",
    "take_backup",
]


def open_worker_store(path: Path, *, writable: bool = False) -> Store:
    """A Store on ``path`` for one worker thread; the schema is already current.

    Read-only unless ``writable``. A writable one gets the same safeguards as the window's own
    connection (foreign keys, secure delete) and the audit triggers, so a write made in a worker
    is recorded like any other.
    """
    db = Database(path)
    try:
        db.execute("PRAGMA busy_timeout = 5000")
        if writable:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA secure_delete = ON")
            _install_audit(db)
        else:
            db.execute("PRAGMA query_only = ON")
    except BaseException:
        db.close()
        raise
    return Store(db, path)
