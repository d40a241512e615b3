"""Files kept with an event (photos, video, scanned sign-in sheets, other): copied into the
data folder next to the database (``attachments/<event id>/``), private like the database
(files 0600 in 0700 folders), with a caption and a date.

The copy is made first (to a temporary name, renamed when complete), then the row is written;
if the row cannot be written the copy is removed, so a file and its row come and go together.
Removing an attachment deletes the copy. An archived event's attachments hold still.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.trail import Attachment, attachment_kind_for, require_valid_attachment
from openday_desktop.services.trail import require_open_event
from openday_desktop.storage import Store
from openday_desktop.storage.files import private_dir, private_file
from openday_desktop.storage.trail import attachment_dir

# Characters Windows or a shell would trip over in a file name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def attachment_path(store: Store, item: Attachment) -> Path:
    """Where the copy of ``item`` is on disk."""
    return attachment_dir(store.path, item.event_id) / item.file_name


def _safe_name(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "附件"
    return cleaned[-120:]


def add_attachment(
    store: Store,
    event_id: int,
    source: str | os.PathLike[str],
    *,
    caption: str = "",
    kind: str = "",
    on: date | None = None,
    today: date | None = None,
) -> int:
    """Copy ``source`` into the event's attachment folder and record it; returns its id.

    ``kind`` defaults from the file name (照片, 视频, 签到表扫描件 for a PDF, else 其他);
    ``on`` (the day it was taken or made) defaults to the event's date, or today for an
    event still ahead.
    """
    today = today or date.today()
    event = require_open_event(store, event_id, "添加附件")
    path = Path(source)
    if not path.is_file():
        raise ValidationError("file", f"找不到文件“{path}”，请确认路径是否正确。")
    size = path.stat().st_size
    if size == 0:
        raise ValidationError("file", f"文件“{path.name}”是空的（0 字节），请选择原始文件。")
    item = require_valid_attachment(
        Attachment(
            event_id=event_id,
            kind=kind or attachment_kind_for(path.name),
            caption=caption,
            date=on or min(event.date, today),
            original_name=path.name,
            size=size,
        ),
        today,
    )
    folder = attachment_dir(store.path, event_id)
    private_dir(folder.parent)
    private_dir(folder)
    # A random prefix: two photos both named IMG_0001.jpg (two phones) keep both.
    target = folder / f"{secrets.token_hex(4)}-{_safe_name(path.name)}"
    while target.exists():
        target = folder / f"{secrets.token_hex(4)}-{_safe_name(path.name)}"
    temporary = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(path, temporary)
        private_file(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ValidationError(
            "file",
            f"无法把“{path.name}”复制到数据文件夹（{exc.strerror or exc}），请检查磁盘空间。",
        ) from None
    item = replace(item, file_name=target.name)
    try:
        with store.transaction():
            new_id = store.trail.add_attachment(item)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return new_id


def update_attachment(store: Store, item: Attachment, *, today: date | None = None) -> None:
    """Save a changed caption, kind or date."""
    if item.id is None:
        raise ValueError("update_attachment() needs an attachment with an id")
    old = store.trail.attachment(item.id)
    require_open_event(store, old.event_id)
    cleaned = require_valid_attachment(item, today or date.today())
    with store.transaction():
        store.trail.update_attachment(cleaned)


def remove_attachments(store: Store, attachment_ids: Iterable[int]) -> int:
    """Delete attachments and their copies, all or none; returns how many."""
    items = [store.trail.attachment(i) for i in dict.fromkeys(attachment_ids)]
    for item in items:
        require_open_event(store, item.event_id, "删除附件")
    with store.transaction():
        for item in items:
            store.trail.delete_attachment(item.id or 0)
    for item in items:
        # After the rows are gone: a copy that cannot be deleted now is only a stray file.
        attachment_path(store, item).unlink(missing_ok=True)
    return len(items)


def remove_event_files(store: Store, event_id: int) -> None:
    """Delete the attachment folder of a deleted event (its rows went with the event)."""
    shutil.rmtree(attachment_dir(store.path, event_id), ignore_errors=True)
