"""Writing files safely: clean user text, never write formulas, never leave half a file.

Every file the program writes for the clerk (documents, PDFs, import reports) goes through
``atomic_write``: the file is saved to an owner-only temporary file in the target folder,
checked (not empty; a .docx/.xlsx opens as a zip with its main part; a PDF has its
cross-reference and end marker) and renamed into place, so a crash, a full disk or a target
held open by Excel/WPS leaves the old file (if any) exactly as it was and no half file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
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


def _usual_mode(target: Path) -> int:
    """The mode a normal save would give: the old file's, else 0666 less the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# --- temporary files ----------------------------------------------------------------------------

# Temporaries are named ".<stem>.openday-tmp-XXXXXXXX<suffix>" beside the target: hidden, ours
# by name (so a sweep never touches anything else), and with the target's extension, because
# Qt's PDF printer and some writers choose their format by it.
TEMP_MARKER = ".openday-tmp-"
# A temporary older than this belongs to a run that was killed; a younger one may be another
# export (the window and the command line) writing into the same folder right now.
STALE_TEMP_SECONDS = 120.0


def is_temp_name(name: str) -> bool:
    """True for a temporary file name this module makes."""
    return name.startswith(".") and TEMP_MARKER in name


def sweep_stale_temps(folder: str | Path, *, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Delete temporaries left in ``folder`` by a killed export; returns how many went.

    They can hold a whole roster with full ID numbers, so they must not stay behind. Only our
    own names are touched, and only files older than ``older_than`` seconds.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not is_temp_name(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < older_than:
                continue
            os.unlink(entry.path)
        except OSError:
            continue  # someone else's file or already gone: leave it
        removed += 1
    return removed


# --- checking what was written ------------------------------------------------------------------

# The part every file of its kind has: a .docx without its document or an .xlsx without its
# workbook opens as an error in Word/Excel/WPS.
_ZIP_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_PDF_TAIL_BYTES = 2048


def _incomplete(target: Path, why: str) -> ExportError:
    return ExportError(
        f"文件{_describe(target)}没有完整写入（{why}），已放弃保存。"
        "请检查磁盘空间，或换一个保存位置后重新导出。原文件没有被改动。"
    )


def verify_written(temp: Path, target: Path) -> None:
    """Refuse a written file that is empty or cut short; ExportError names ``target``.

    .docx/.xlsx must open as a zip holding their main part; .pdf must start with ``%PDF-``
    and end with a cross-reference (``startxref``) and ``%%EOF``, which a PDF cut off by a
    full disk lacks; .json must parse.
    """
    try:
        size = temp.stat().st_size
    except OSError:
        raise _incomplete(target, "文件不见了") from None
    if size == 0:
        raise _incomplete(target, "文件是空的")
    suffix = target.suffix.lower()
    if suffix in _ZIP_PARTS:
        import zipfile

        try:
            with zipfile.ZipFile(temp) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise _incomplete(target, "文件内容不完整") from None
        if "[Content_Types].xml" not in names or _ZIP_PARTS[suffix] not in names:
            raise _incomplete(target, "缺少文档内容")
    elif suffix == ".pdf":
        with open(temp, "rb") as handle:
            head = handle.read(5)
            handle.seek(max(0, size - _PDF_TAIL_BYTES))
            tail = handle.read()
        if head != b"%PDF-" or b"startxref" not in tail or b"%%EOF" not in tail[-32:]:
            raise _incomplete(target, "PDF 文件不完整")
    elif suffix == ".json":
        import json

        try:
            json.loads(temp.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            raise _incomplete(target, "内容不完整") from None


def _flush_to_disk(path: Path) -> None:
    """Make the temporary's bytes durable before it replaces the old file."""
    with contextlib.suppress(OSError), open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _write_failed(target: Path, exc: OSError) -> ExportError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return ExportError(
            f"磁盘空间不足，文件{_describe(target)}没有保存。"
            "请清理磁盘（或换一个有空间的位置，例如U盘）后重新导出。原文件没有被改动。"
        )
    if isinstance(exc, PermissionError):
        return ExportError(_locked_message(target))
    return ExportError(
        f"文件{_describe(target)}保存失败（{exc.strerror or exc}）。"
        "请检查磁盘空间和文件夹权限后重试。原文件没有被改动。"
    )


@contextlib.contextmanager
def atomic_write(path: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the body has written it, check it and
    rename it into place.

    The temporary is created 0600 (it may hold full ID numbers) and gets the usual mode only
    just before the rename. On any failure (an exception in the body, a file that is empty or
    cut short, a full disk, a target open in Excel/WPS) the temporary is removed, ``path`` is
    left exactly as it was, and an ExportError says what happened and what to do. Temporaries
    left in the folder by a killed run are swept first.
    """
    target = Path(path)
    check_target(target)
    folder = target.parent
    sweep_stale_temps(folder)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.stem}{TEMP_MARKER}",
            suffix=suffix or target.suffix or ".tmp",
            dir=folder,
        )
    except PermissionError:
        raise ExportError(_folder_message(folder)) from None
    except OSError as exc:
        raise _write_failed(target, exc) from None
    os.close(handle)
    temp = Path(name)
    try:
        try:
            yield temp
        except OSError as exc:
            raise _write_failed(target, exc) from None
        verify_written(temp, target)
        _flush_to_disk(temp)
        with contextlib.suppress(OSError):
            os.chmod(temp, _usual_mode(target))
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise _write_failed(target, exc) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
