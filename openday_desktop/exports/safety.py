"""Writing files safely: clean user text, never write formulas, never leave half a file.

Every export goes through ``atomic_write``: the document is saved to a temporary file in the
target folder and renamed into place, so a crash, a full disk or a target held open by Excel/WPS
leaves the old file (if any) exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openday_desktop.domain.errors import OpenDayError

# What Word and Excel files cannot hold: C0 controls except \t \n \r, and the two non-characters.
# \r is dropped as well: a lone carriage return shows as a box in Word and breaks Excel cells.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f\ufffe\uffff]")

# A cell value starting with one of these may be taken for a formula by Excel, WPS or a CSV reader.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


class ExportError(OpenDayError):
    """A file could not be written; the message says why and what to do."""


def clean_text(value: Any) -> str:
    """User text made safe for Word and Excel: control characters removed, tab and newline kept."""
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():  # no control character at all: the common case, checked in C
        return text
    return _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def needs_text_guard(text: str) -> bool:
    """True when a spreadsheet might read ``text`` as a formula."""
    return text.startswith(FORMULA_PREFIXES)


def set_cell_text(cell: Any, value: Any) -> None:
    """Write user text into an openpyxl cell as text, never as a formula."""
    text = clean_text(value)
    cell.value = text
    if needs_text_guard(text):
        # openpyxl stores "=..." as a formula; force a plain string and tell Excel it is text.
        cell.data_type = "s"
        cell.quotePrefix = True


def _describe(path: Path) -> str:
    return f"“{path.name}”"


def _locked_message(path: Path) -> str:
    return (
        f"文件{_describe(path)}无法写入，可能正在 Excel 或 WPS 中打开。"
        "请先关闭该文件，或换一个文件名，再重新导出。原文件没有被改动。"
    )


def _folder_message(folder: Path) -> str:
    return f"没有权限在文件夹“{folder}”中保存文件。请换一个文件夹（例如“文档”或桌面）后重试。"


def check_target(path: Path) -> None:
    """Refuse early, before any work, a target that cannot be written."""
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"文件夹“{folder}”不存在。请先创建它，或选择其他保存位置。")
    if path.is_dir():
        raise ExportError(f"“{path}”是一个文件夹，请输入文件名。")
    if not os.access(folder, os.W_OK):
        raise ExportError(_folder_message(folder))
    if path.exists():
        if not os.access(path, os.W_OK):
            raise ExportError(
                f"文件{_describe(path)}是只读文件，无法覆盖。请换一个文件名，或去掉它的只读属性。"
            )
        try:
            # On Windows, a file open in Excel/WPS refuses to be opened for writing.
            with open(path, "r+b"):
                pass
        except PermissionError:
            raise ExportError(_locked_message(path)) from None
        except OSError:
            pass


def _give_usual_mode(temp: Path, target: Path) -> None:
    """mkstemp makes owner-only files; give the result the mode a normal save would."""
    if target.exists():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(temp, mode)


@contextlib.contextmanager
def atomic_write(path: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it into place.

    On any exception the temporary file is removed and ``path`` is left as it was. A target
    that cannot be replaced (open in Excel/WPS, read-only, no permission) raises ExportError.
    """
    target = Path(path)
    check_target(target)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=suffix or target.suffix or ".tmp", dir=target.parent
        )
    except PermissionError:
        raise ExportError(_folder_message(target.parent)) from None
    os.close(handle)
    temp = Path(name)
    _give_usual_mode(temp, target)
    try:
        yield temp
        try:
            os.replace(temp, target)
        except PermissionError:
            raise ExportError(_locked_message(target)) from None
        except OSError as exc:
            raise ExportError(
                f"文件{_describe(target)}保存失败（{exc.strerror or exc}）。"
                "请检查磁盘空间和文件夹权限后重试。原文件没有被改动。"
            ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
