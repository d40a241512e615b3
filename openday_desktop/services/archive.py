"""归档包: one zip holding every document of an event, its attachments, and a manifest.

Each document is regenerated from the record as it stands (an archived event's record is
frozen, so the package is what was archived), dated as the step it belongs to was: the plan
on the day it was filed, the 公示 and invitations on the day the list was published, the
summary on the day it was summarised, the ledger and the public account on the archive
date. A document the event cannot have (invitations with nobody confirmed, a summary before
the event) is left out and named in the manifest's ``skipped`` with the reason.

``manifest.json`` is the zip's first entry: ``files`` (path, sha256, title, public),
``event``, ``archived_on``, the publication records and the leaders and staff present
(``publications``, ``officials``), and ``skipped``. The zip is written through
``exports.safety.atomic_write`` and re-read before it replaces anything: every entry must
read back and match its manifest hash.

Made on demand (``openday-cli export archive``, 导出 → 归档包) and when the event is
archived (``create_event_archive``: into the data folder's ``archives/``, 0600).

Writes nothing to the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.lifecycle import ARCHIVED, FILED, LIST_PUBLISHED, SUMMARISED, step_dates
from openday_desktop.domain.models import Event, saved_id
from openday_desktop.exports.safety import ExportError

if TYPE_CHECKING:
    from openday_desktop.storage import Store

ARCHIVE_FOLDER = "archives"
MANIFEST = "manifest.json"
DOCUMENTS_DIR = "文书"
ATTACHMENTS_DIR = "附件"


@dataclass(frozen=True)
class Planned:
    """One document to put in the package."""

    kind: str
    file_name: str
    title: str
    on: date | None = None
    all_sites: bool = False


# Writes one planned document to the path and says whether it is public; OpenDayError when
# the event cannot have it. The registry (services.documents) hands it in: the registry lists
# the package as one of its kinds, so this module cannot import the registry back.
WriteDocument = Callable[[Planned, Path], bool]


def archive_date(store: Store, event_id: int, on: date | None = None) -> date:
    """The date the package is "as of": ``on``, else the day the event was archived, else today."""
    if on is not None:
        return on
    dates = step_dates(store.events.status_history(event_id))
    return dates.get(ARCHIVED) or date.today()


def planned_documents(store: Store, event: Event, day: date) -> list[Planned]:
    """The event's documents in the order a file is kept, each dated as its step was."""
    steps = step_dates(store.events.status_history(saved_id(event)))
    filed = steps.get(FILED)
    listed = steps.get(LIST_PUBLISHED)
    summarised = steps.get(SUMMARISED) or day
    planned = [
        Planned("plan", "01-实施方案.docx", "实施方案", filed),
        Planned("notice", "02-代表公示.docx", "代表公示", listed),
        Planned("invitations", "03-邀请函.docx", "邀请函", listed),
        Planned("roster", "04-代表名册.xlsx", "代表名册（内部）"),
        Planned("signin", "05-签到表.xlsx", "签到表", all_sites=len(event.sites) > 1),
        Planned("signin", "05-签到表.pdf", "签到表（PDF）"),
        Planned("questionnaire", "06-满意度调查问卷.docx", "满意度调查问卷"),
        Planned("feedback", "07-意见建议台账.xlsx", "意见建议台账（内部）", day),
        Planned("summary", "08-活动总结.docx", "活动总结", summarised),
        Planned("results", "09-活动情况公开.docx", "活动情况公开", day),
    ]
    return planned


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "date": event.date.isoformat(),
        "status": event.status,
        "theme": event.theme,
        "sites": [site.name for site in event.sites],
    }


def _attachments(store: Store, event_id: int) -> list[tuple[Path, str, str]]:
    """(file, name inside the package, title) of each attachment kept with the event."""
    from openday_desktop.services.attachments import attachment_path

    found: list[tuple[Path, str, str]] = []
    for number, item in enumerate(store.trail.attachments(event_id), start=1):
        source = attachment_path(store, item)
        original = item.original_name or item.file_name
        name = f"{ATTACHMENTS_DIR}/{number:03d}-{Path(original).name}"
        title = f"{item.kind}：{item.caption}" if item.caption else item.kind
        found.append((source, name, title))
    return found


def write_archive(
    store: Store,
    event_id: int,
    path: str | Path,
    write_document: WriteDocument,
    *,
    on: date | None = None,
    pdf: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write the event's package to ``path`` (.zip); returns the path written.

    ``write_document`` writes each document (``services.documents.write_archive`` hands in the
    registry's); ``pdf`` says whether it can draw PDFs (that needs Qt; without it the PDF is
    skipped and the manifest says so).
    """
    from zipfile import ZIP_DEFLATED, ZipFile

    from openday_desktop.exports.safety import atomic_write

    target = Path(path)
    event = store.events.get(event_id)
    day = archive_date(store, event_id, on)
    files: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    contents: list[tuple[Path, str]] = []
    with tempfile.TemporaryDirectory(prefix="openday-archive-") as work:
        folder = Path(work)  # 0700: the roster inside holds full ID numbers
        for item in planned_documents(store, event, day):
            if item.file_name.endswith(".pdf") and not pdf:
                skipped.append(
                    {"title": item.title, "reason": "没有可用的 PDF 绘制程序（需要图形界面组件）"}
                )
                continue
            if progress is not None:
                progress(item.title)
            written = folder / item.file_name
            try:
                public = write_document(item, written)
            except OpenDayError as exc:
                skipped.append({"title": item.title, "reason": exc.message})
                continue
            name = f"{DOCUMENTS_DIR}/{item.file_name}"
            contents.append((written, name))
            files.append(
                {
                    "path": name,
                    "sha256": _sha256(written),
                    "title": item.title,
                    "public": public,
                }
            )
        for source, name, title in _attachments(store, event_id):
            if not source.is_file():
                skipped.append({"title": title, "reason": f"附件文件“{source.name}”不见了"})
                continue
            contents.append((source, name))
            files.append({"path": name, "sha256": _sha256(source), "title": title, "public": False})
        manifest = {
            "files": files,
            "event": _event_json(event),
            "archived_on": day.isoformat(),
            "unit": str(store.settings.get("unit_name")),
            "publications": [
                {
                    "what": item.what,
                    "channel": item.channel,
                    "place": item.place,
                    "date": item.date.isoformat(),
                }
                for item in store.trail.publications(event_id)
            ],
            "officials": [
                {"name": o.name, "role": o.role, "post": o.post}
                for o in store.trail.officials(event_id)
            ],
            "skipped": skipped,
        }
        with atomic_write(target) as temp:
            with ZipFile(temp, "w", ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
                for source, name in contents:
                    archive.write(source, name)
            verify_archive(temp)
    # The internal roster inside holds full ID numbers: the package is the user's alone.
    os.chmod(target, 0o600)
    return target


def verify_archive(path: Path) -> dict[str, Any]:
    """Re-read a package: every entry intact and equal to its manifest hash; returns the
    manifest (ExportError when anything does not match)."""
    from zipfile import BadZipFile, ZipFile

    broken = ExportError(f"归档包“{path.name}”没有完整写入，已放弃保存。请检查磁盘空间后重新生成。")
    try:
        with ZipFile(path) as archive:
            if archive.testzip() is not None or archive.namelist()[:1] != [MANIFEST]:
                raise broken
            manifest = json.loads(archive.read(MANIFEST))
            for entry in manifest["files"]:
                if hashlib.sha256(archive.read(entry["path"])).hexdigest() != entry["sha256"]:
                    raise broken
    except (BadZipFile, KeyError, ValueError, OSError):
        raise broken from None
    return dict(manifest)


def archive_folder(store: Store) -> Path:
    """Where packages made at archiving go: ``archives/`` beside the database (0700)."""
    return Path(store.path).resolve().parent / ARCHIVE_FOLDER


def event_archive_path(store: Store, event_id: int, on: date | None = None) -> Path:
    """Where the package made when the event is archived goes: in ``archives/`` (0700: the
    package holds the internal roster with full ID numbers); the folder is made here."""
    from openday_desktop.exports.context import issue_date

    event = store.events.get(event_id)
    day = archive_date(store, event_id, on)
    folder = archive_folder(store)
    folder.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    name = f"{event.date.isoformat()}-{event_id}-归档包-{issue_date(day).isoformat()}.zip"
    return folder / name.replace("/", "-")
