"""Our files on disk: recognising them, keeping them private, and one window per database.

A file is ours when SQLite's header carries our ``application_id``. Files from before the id
existed are recognised by their schema (a user_version and our core tables) and get the id on
their next write. Anything else, an empty file included, is refused without being touched:
opening it with SQLite would add tables to another program's file or make an empty file a
new database whose backups then replace the good ones.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import IO

from openday_desktop.domain.errors import DatabaseFileError, DatabaseInUseError

# "ODAY" in the header's application_id field (offset 68).
APPLICATION_ID = 0x4F444159
SQLITE_MAGIC = b"SQLite format 3\x00"
CORE_TABLES = frozenset({"events", "people", "invitations", "settings"})
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX = os.name == "posix"


def read_header(path: Path) -> bytes:
    """The first 100 bytes of the file (fewer when it is shorter)."""
    with open(path, "rb") as handle:
        return handle.read(100)


def header_application_id(header: bytes) -> int:
    return int.from_bytes(header[68:72], "big") if len(header) >= 72 else 0


def header_user_version(header: bytes) -> int:
    return int.from_bytes(header[60:64], "big") if len(header) >= 64 else 0


def _probe_read_only(path: Path) -> tuple[int, int, set[str]]:
    """application_id, user_version and table names as SQLite sees them (the -wal included)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return app_id, version, {name for (name,) in rows}
    finally:
        conn.close()


def _has_log(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.is_file() and wal.stat().st_size > 0


def _not_ours(path: Path, why: str) -> DatabaseFileError:
    return DatabaseFileError(
        f"“{path}”{why}，不是政府开放日助手的数据库。为保护这个文件，程序没有打开或改动它。"
        "请确认路径是否选对；要新建数据库，请换一个不存在的文件名。"
    )


def check_ours(path: Path) -> bool:
    """Raise DatabaseFileError unless ``path`` is missing or one of our databases.

    Returns True when the file exists (and is ours), False when it does not exist yet.
    Reads only: the file is never changed here.
    """
    if not path.exists():
        return False
    if path.is_dir():
        raise DatabaseFileError(
            f"“{path}”是一个文件夹，不是数据库文件。请在这个文件夹里选择或新建一个 .db 文件，"
            f"例如“{path / 'openday.db'}”。"
        )
    header = read_header(path)
    if not header and not _has_log(path):
        raise DatabaseFileError(
            f"“{path}”是一个空文件（0 字节），可能是复制或保存到一半中断留下的。"
            "程序没有改动它。请用“备份与恢复”（命令行 openday-cli backups / restore）"
            "从备份恢复；确认不需要它时，可删除这个空文件后再打开以新建数据库。"
        )
    if header and not header.startswith(SQLITE_MAGIC):
        raise _not_ours(path, "不是 SQLite 数据库文件")
    app_id = header_application_id(header)
    if app_id == APPLICATION_ID:
        return True
    if app_id != 0:
        raise _not_ours(path, "属于其他程序")
    # The header on disk may lag behind changes still in the -wal, and files written before
    # the application id existed are recognised by their schema: ask SQLite (read-only).
    app_id, version, tables = _probe_read_only(path)
    if app_id == APPLICATION_ID:
        return True
    if app_id == 0 and version > 0 and CORE_TABLES <= tables:
        return True
    raise _not_ours(path, "是其他程序的 SQLite 数据库")


# --- privacy on disk ---------------------------------------------------------------------


def private_dir(path: Path) -> None:
    """Create ``path`` (and parents) as a folder only this user can enter (POSIX)."""
    if path.is_dir():
        return
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if POSIX:
        try:
            os.chmod(path, PRIVATE_DIR)  # mkdir's mode is filtered by the umask
        except OSError:
            pass


def private_file(path: Path) -> None:
    """Make an existing file readable by this user only (POSIX; ignored when not ours)."""
    if not POSIX:
        return
    try:
        if path.exists() and (path.stat().st_mode & 0o777) != PRIVATE_FILE:
            os.chmod(path, PRIVATE_FILE)
    except OSError:
        pass


def private_database_files(path: Path) -> None:
    """The database and its -wal/-shm companions: 0600."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        private_file(Path(f"{path}{suffix}"))


def restrict_umask() -> None:
    """Files and folders the process creates from now on are private to the user."""
    if POSIX:
        os.umask(0o077)


# --- one window per database ------------------------------------------------------------


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


class DatabaseLock:
    """An OS lock on ``<database>.lock``, held while a window has the database open.

    The OS drops it when the process ends, so a crash never leaves the database locked.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        """Take the lock; DatabaseInUseError when another window holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        handle = os.fdopen(fd, "r+b")
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise DatabaseInUseError(
                f"数据库“{self.path.with_suffix('')}”已经在另一个窗口中打开。"
                "两个窗口同时修改会互相覆盖，请切换到已打开的那个窗口；"
                "如果确定没有打开，请等几秒后再试或重新启动电脑。"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()
        self._handle = handle

    def held_elsewhere(self) -> bool:
        """True when another process holds the lock (checked without keeping it)."""
        if self._handle is not None or not self.path.exists():
            return False
        try:
            self.acquire()
        except (DatabaseInUseError, OSError):
            return True
        self.release()
        return False

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
