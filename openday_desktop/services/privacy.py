"""Citizens' data: erasure on request, the retention review, and what the audit log may keep.

Erasing a person removes their record, their invitations and attendance, the link from their
suggestions, and their name, phone and ID number from suggestion texts and from the audit log;
then the database is vacuumed and its log truncated (``secure_delete`` is on, so freed pages
hold zeros) and every backup in the data folder gets the same treatment, so no copy the program
keeps still holds them. Copies outside the folder (exported rosters, a backup on a USB stick)
are beyond its reach: the report says so.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.masking import mask_id, mask_name, mask_phone
from openday_desktop.domain.models import Person
from openday_desktop.storage import Store
from openday_desktop.storage.backups import backup_dir, check_problems
from openday_desktop.storage.files import private_file

ERASED = "〔已抹去〕"
FEEDBACK_TEXT_COLUMNS = ("content", "reply", "rectification", "responsible_person")


@dataclass(frozen=True)
class ErasedPerson:
    """What identifies one person in the database and in its backups."""

    person_id: int
    name: str
    phone: str
    id_number: str

    @classmethod
    def of(cls, person: Person) -> ErasedPerson:
        assert person.id is not None
        return cls(person.id, person.name.strip(), person.phone.strip(), person.id_number.strip())

    def terms(self) -> list[str]:
        """Strings to cut out of free text: the values and their masked forms, longest first."""
        found = []
        if len(self.name) >= 2:  # a one-character "name" would wipe unrelated text
            found.append(self.name)
        if self.phone:
            found += [self.phone, mask_phone(self.phone)]
        if self.id_number:
            found += [self.id_number, mask_id(self.id_number)]
        return sorted(set(found), key=len, reverse=True)


@dataclass
class ErasureReport:
    """What an erasure did, for the clerk."""

    people: list[str] = field(default_factory=list)  # masked names
    texts_scrubbed: int = 0
    backups_rewritten: int = 0
    backups_removed: int = 0
    log_truncated: bool = True

    def summary(self) -> str:
        lines = [
            f"已删除并抹去 {len(self.people)} 人（{'、'.join(self.people[:10])}"
            f"{'等' if len(self.people) > 10 else ''}）：出席记录已删除，"
            f"意见建议和操作记录中的姓名、电话、身份证号已清除（{self.texts_scrubbed} 处文字）。",
            f"数据文件夹中的 {self.backups_rewritten} 份备份已同样处理。",
        ]
        if self.backups_removed:
            lines.append(f"{self.backups_removed} 份已损坏、无法处理的备份已删除。")
        if not self.log_truncated:
            lines.append(
                "数据库正被另一个窗口使用，日志文件暂未清空：请关闭所有窗口后再运行一次"
                "“openday-cli check”。"
            )
        lines.append(
            "程序无法处理数据文件夹以外的副本：导出的名册、签到表、拷到 U 盘或其他电脑上的备份，"
            "请手工删除其中与此人有关的文件。"
        )
        return "\n".join(lines)


def _scrub_terms(conn: sqlite3.Connection, people: list[ErasedPerson]) -> int:
    """Cut the people's identifying strings out of suggestion texts and the audit log."""
    changed = 0
    targets = [("feedback", column) for column in FEEDBACK_TEXT_COLUMNS]
    if _has_table(conn, "audit_log"):
        targets += [("audit_log", "old_value"), ("audit_log", "new_value")]
    for person in people:
        for term in person.terms():
            for table, column in targets:
                cursor = conn.execute(
                    f"UPDATE {table} SET {column} = replace({column}, ?, ?) "
                    f"WHERE instr({column}, ?) > 0",
                    [term, ERASED, term],
                )
                changed += max(cursor.rowcount, 0) if table == "feedback" else 0
    return changed


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
    ).fetchone()
    return row is not None


def _erase_rows(conn: sqlite3.Connection, people: list[ErasedPerson], *, by_identity: bool) -> int:
    """Delete the people (and what hangs on them), then scrub texts. Inside a transaction.

    ``by_identity``: also match on ID number or name + phone (a backup from before an id was
    reused must not keep the person under another number).
    """
    conn.execute("PRAGMA foreign_keys = ON")
    changed = _scrub_terms(conn, people)
    for person in people:
        ids = {person.person_id}
        if by_identity:
            if person.id_number:
                ids |= {
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM people WHERE id_number = ?", [person.id_number]
                    )
                }
            if person.phone:
                ids |= {
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM people WHERE name = ? AND phone = ?",
                        [person.name, person.phone],
                    )
                }
        for person_id in ids:
            # Foreign keys: invitations (attendance) go, suggestions become anonymous.
            conn.execute("UPDATE feedback SET person_id = NULL WHERE person_id = ?", [person_id])
            conn.execute("DELETE FROM invitations WHERE person_id = ?", [person_id])
            conn.execute("DELETE FROM people WHERE id = ?", [person_id])
            if _has_table(conn, "audit_log"):
                conn.execute(
                    "UPDATE audit_log SET old_value = CASE WHEN old_value IS NULL THEN NULL "
                    "ELSE ? END, new_value = CASE WHEN new_value IS NULL THEN NULL ELSE ? END "
                    "WHERE entity = 'people' AND entity_id = ?",
                    [ERASED, ERASED, person_id],
                )
    # The deletions above were logged with the people's values: scrub those entries too.
    _scrub_terms(conn, people)
    return changed


def _compact(conn: sqlite3.Connection) -> bool:
    """Rewrite the file without free pages and empty its -wal; False when the log is in use."""
    conn.execute("VACUUM")
    busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy or busy[0] == 0


def _rewrite_backup(path: Path, people: list[ErasedPerson]) -> bool:
    """Erase the people from one backup; False when it is damaged and was deleted instead."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        if check_problems(conn):
            ok = False
        else:
            conn.execute("BEGIN IMMEDIATE")
            try:
                _erase_rows(conn, people, by_identity=True)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = DELETE")
            _compact(conn)
            ok = True
    finally:
        conn.close()
    if not ok:
        # A damaged copy cannot be cleaned and cannot be restored either: it goes.
        path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    private_file(path)
    return ok


def erase_people(
    store: Store, person_ids: list[int], *, rewrite_backups: bool = True
) -> ErasureReport:
    """Delete and erase these people everywhere the program keeps data (see the module doc)."""
    if not person_ids:
        raise ValidationError("person_ids", "请至少指定一名要抹去的人员。")
    found = store.people.get_many(person_ids)
    missing = [pid for pid in person_ids if pid not in found]
    if missing:
        raise NotFoundError(f"代表库中没有编号为 {missing[0]} 的人员，没有抹去任何人。")
    people = [ErasedPerson.of(found[pid]) for pid in dict.fromkeys(person_ids)]
    report = ErasureReport(people=[mask_name(p.name) for p in people])
    with store.transaction() as db:
        report.texts_scrubbed = _erase_rows(db.conn, people, by_identity=False)
    report.log_truncated = _compact(store.db.conn)
    if rewrite_backups:
        folder = backup_dir(Path(store.path))
        for path in sorted(folder.glob("*.db")) if folder.is_dir() else []:
            if _rewrite_backup(path, people):
                report.backups_rewritten += 1
            else:
                report.backups_removed += 1
    return report


def erase_person(store: Store, person_id: int) -> ErasureReport:
    """Delete and erase one person (the window's 删除并抹去, ``openday-cli person erase``)."""
    return erase_people(store, [person_id])


@dataclass(frozen=True)
class RetentionCandidate:
    """Someone who has not taken part in any event for longer than the retention period."""

    person_id: int
    masked_name: str
    last_date: date | None

    @property
    def last_label(self) -> str:
        return self.last_date.isoformat() if self.last_date else "从未参加"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.person_id,
            "name": self.masked_name,
            "last_event_date": self.last_date.isoformat() if self.last_date else None,
        }


def retention_candidates(
    store: Store, *, years: int | None = None, today: date | None = None
) -> list[RetentionCandidate]:
    """People whose last event (or, never invited, their entry) is older than ``years``."""
    years = int(years or store.settings.get("retention_years"))
    if years < 1:
        raise ValidationError("retention_years", "保存年限至少为 1 年。")
    today = today or date.today()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28) + timedelta(days=1)
    rows = store.db.execute(
        "SELECT p.id, p.name, MAX(e.date), substr(p.created_at, 1, 10) FROM people p "
        "LEFT JOIN invitations i ON i.person_id = p.id "
        "LEFT JOIN events e ON e.id = i.event_id GROUP BY p.id ORDER BY p.id"
    ).fetchall()
    found = []
    for person_id, name, last_event, created in rows:
        last = date.fromisoformat(last_event) if last_event else None
        reference = last or (date.fromisoformat(created) if created else today)
        if reference < cutoff:
            found.append(RetentionCandidate(person_id, mask_name(name), last))
    return found
