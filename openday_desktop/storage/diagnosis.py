"""Every failure of SQLite or the file system, said in Chinese with the right next step.

The window and the command line both call ``diagnose``; nobody shows an English traceback.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from openday_desktop.domain.errors import OpenDayError

RESTORE_HINT = (
    "请用“文件 → 备份与恢复”选择一份完好的备份恢复（命令行：openday-cli backups 查看，"
    "openday-cli restore 备份文件 恢复）。"
)


def _where(path: Path | str | None) -> str:
    return f"“{path}”" if path else "数据库文件"


# Below this much free space SQLite fails in odd ways (an I/O error on the -shm, say).
FULL_DISK_BYTES = 1024 * 1024


def _disk_full(path: Path | str | None) -> bool:
    if not path:
        return False
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder.is_file():
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < FULL_DISK_BYTES
    except OSError:
        return False


def is_damage(message: str) -> bool:
    """True when ``diagnose`` said the file itself is damaged (a restore is the way out)."""
    return RESTORE_HINT in message and "磁盘" not in message


def diagnose(exc: BaseException, path: Path | str | None = None) -> str:
    """A Chinese message for ``exc``: what is wrong with ``path`` and what to do next."""
    if isinstance(exc, OpenDayError):
        return exc.message
    where = _where(getattr(exc, "filename", None) or path)
    if isinstance(exc, (sqlite3.Error, OSError)) and _disk_full(
        getattr(exc, "filename", None) or path
    ):
        return (
            f"磁盘空间已满，{where}无法读写。请清理磁盘（删除不需要的大文件、清空回收站）"
            "后再试；刚才的操作没有保存，已保存的数据不受影响。"
        )
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        code = getattr(exc, "sqlite_errorcode", None)
        if "locked" in text or "busy" in text or code in (5, 6):
            return (
                f"{where}正被另一个操作占用（可能是正在导入名册的另一个窗口或命令）。"
                "请等它完成后再试一次；如果一直如此，请关闭其他打开这个数据库的窗口。"
            )
        if "readonly" in text or "read-only" in text or code == 8:
            return (
                f"{where}或它所在的文件夹是只读的，无法保存修改。请检查文件和文件夹的权限"
                "（Windows：右键 → 属性，取消“只读”），或把数据库复制到可写的位置再打开。"
            )
        if "full" in text or code == 13:
            return (
                f"磁盘空间不足，{where}无法写入。请清理磁盘（删除不需要的大文件、清空回收站）"
                "后再试；刚才的操作没有保存，已保存的数据不受影响。"
            )
        if "unable to open" in text or "cantopen" in text or code == 14:
            return (
                f"无法打开{where}。请检查路径是否存在、是否有读写权限，"
                "或文件是否在已拔出的 U 盘、断开的网络盘上。"
            )
        if "not a database" in text or code == 26:
            return (
                f"{where}不是可用的数据库文件（文件头已损坏，或不是本程序的文件）。{RESTORE_HINT}"
            )
        if "malformed" in text or "corrupt" in text or code == 11:
            return f"{where}已损坏（部分数据页无法读取）。{RESTORE_HINT}"
        if "disk i/o" in text or code == 10:
            return (
                f"读写{where}时磁盘出错。请检查磁盘或 U 盘是否连接正常、空间是否足够，"
                f"然后重新打开；如果仍然出错，{RESTORE_HINT}"
            )
        return f"数据库操作失败（{exc}）。请重新打开程序再试；如果反复出现，{RESTORE_HINT}"
    if isinstance(exc, OSError):
        number = exc.errno
        if isinstance(exc, IsADirectoryError) or number == errno.EISDIR:
            return f"{where}是一个文件夹，不是文件。请选择文件夹里的文件，或换一个文件名。"
        if isinstance(exc, PermissionError) or number in (errno.EACCES, errno.EPERM):
            return (
                f"没有权限读写{where}。请检查文件和所在文件夹的权限，"
                "或确认它不属于其他用户；也可以把数据放到自己的文件夹里再打开。"
            )
        if number == errno.ENOSPC:
            return f"磁盘空间不足，无法写入{where}。请清理磁盘后再试。"
        if number == errno.EROFS:
            return f"{where}所在的磁盘是只读的。请把数据复制到可写的位置再打开。"
        if isinstance(exc, FileNotFoundError):
            return f"找不到{where}。请检查路径是否正确，所在的文件夹是否存在。"
        return f"{where}无法读写（{exc.strerror or exc}）。请检查路径、权限和磁盘空间。"
    return f"程序遇到了意外错误（{type(exc).__name__}）。请重新打开程序再试。"
