"""The audit log: every write to the database, with when, which OS user and what changed.

One choke point: triggers on every table feed ``audit_log``, so writes through repositories,
bulk imports and raw SQL are all recorded alike. The triggers are TEMP (created on each of our
connections, not stored in the file): they call two functions this module registers, which
another program opening the file would not have. ID numbers and phones are masked before
they reach the log. An insert is one row (which record), a delete one row (the record as JSON,
masked), an update one row per changed field.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from openday_desktop.domain.masking import mask_id, mask_phone

from .connection import Database

AUDIT_TABLE = "audit_log"
# Bookkeeping columns whose change says nothing a reader of the log needs.
SKIPPED_COLUMNS = frozenset({"name_pinyin", "name_initials", "created_at", "updated_at"})
MASKED = {"id_number": mask_id, "phone": mask_phone, "contact_phone": mask_phone}
# Free text where people write ID numbers and phones (a suggestion "电话 139…"): masked inside.
FREE_TEXT = frozenset({"content", "reply", "rectification", "notes", "text", "value"})
_ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@cache
def os_user() -> str:
    """The logged-in OS user, as the audit log records it."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some services): still log the write
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


def mask_in_text(text: str) -> str:
    """ID numbers and mobile numbers inside free text, masked."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id(m.group()), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)


def _mask(column: str, value: Any) -> Any:
    if value is None:
        return None
    masker = MASKED.get(column)
    if masker is not None:
        return masker(str(value))
    if isinstance(value, str):
        return mask_in_text(value)
    return value


def _columns(db: Database, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA main.table_info({table})").fetchall()]


def _value(prefix: str, column: str) -> str:
    if column in MASKED or column in FREE_TEXT:
        return f"audit_mask('{column}', {prefix}.{column})"
    return f"{prefix}.{column}"


def _record_json(prefix: str, columns: list[str]) -> str:
    pairs = ", ".join(f"'{c}', {_value(prefix, c)}" for c in columns if c not in SKIPPED_COLUMNS)
    return f"json_object({pairs})"


def _insert(
    action: str, table: str, row: str, field: str, old: str, new: str, where: str = ""
) -> str:
    return (
        f"INSERT INTO {AUDIT_TABLE} (at, user, action, entity, entity_id, field, old_value, "
        f"new_value) SELECT strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime'), audit_user(), "
        f"'{action}', '{table}', {row}, {field}, {old}, {new}{where};"
    )


def install_audit(db: Database) -> None:
    """Register the functions and create the TEMP triggers on this connection."""
    conn = db.conn
    conn.create_function("audit_user", 0, os_user)
    conn.create_function("audit_mask", 2, _mask, deterministic=True)
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != ?",
            [AUDIT_TABLE],
        ).fetchall()
    ]
    if AUDIT_TABLE not in {
        name for (name,) in db.execute("SELECT name FROM main.sqlite_master").fetchall()
    }:
        return
    statements: list[str] = []
    for table in tables:
        columns = _columns(db, table)
        statements.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_insert AFTER INSERT ON main.{table} "
            f"BEGIN {_insert('insert', table, 'NEW.rowid', 'NULL', 'NULL', 'NULL')} END"
        )
        statements.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_delete AFTER DELETE ON main.{table} "
            f"BEGIN {_insert('delete', table, 'OLD.rowid', 'NULL', _record_json('OLD', columns), 'NULL')} END"
        )
        changes = [
            _insert(
                "update",
                table,
                "NEW.rowid",
                f"'{c}'",
                _value("OLD", c),
                _value("NEW", c),
                f" WHERE OLD.{c} IS NOT NEW.{c}",
            )
            for c in columns
            if c not in SKIPPED_COLUMNS
        ]
        if changes:
            statements.append(
                f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_update AFTER UPDATE ON main.{table} "
                f"BEGIN {' '.join(changes)} END"
            )
    for statement in statements:
        conn.execute(statement)


# What the log's rows are about, in the words the window uses: the viewer and the command line
# show these instead of table and column names.
ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除"}
ENTITY_LABELS = {
    "settings": "设置",
    "categories": "代表类别",
    "events": "活动",
    "event_sites": "开放点",
    "event_status_log": "活动状态记录",
    "event_quotas": "名额",
    "event_groups": "分组",
    "people": "代表",
    "invitations": "名单",
    "feedback": "意见建议",
    "questionnaire_questions": "问卷题目",
    "questionnaire_responses": "问卷",
    "questionnaire_versions": "问卷版本",
    "event_questionnaires": "活动问卷版本",
    "questionnaire_answers": "问卷回答",
    "calendar_days": "节假日",
    "document_texts": "公文文字",
    "event_publications": "公开记录",
    "event_attachments": "附件",
    "event_officials": "到场领导和工作人员",
}
FIELD_LABELS = {
    "address": "地址",
    "adopted": "是否采纳",
    "attendance": "出勤",
    "basis_document": "依据文件",
    "basis_number": "文号",
    "birth_date": "出生日期",
    "caption": "说明",
    "category": "类别",
    "channel": "公开渠道",
    "citizen": "计入群众",
    "completed_date": "办结日期",
    "content": "内容",
    "date": "日期",
    "deadline": "办理时限",
    "end_time": "结束时间",
    "event_id": "活动编号",
    "file_name": "文件名",
    "follow_up_date": "回访日期",
    "follow_up_method": "回访方式",
    "follow_up_notes": "回访情况",
    "forms": "活动方式",
    "group_id": "分组",
    "guide": "讲解人",
    "id_number": "身份证号",
    "kind": "类型",
    "leader": "带队人",
    "name": "名称",
    "note": "备注",
    "notes": "备注",
    "options": "选项",
    "organizer": "开放主体",
    "original_name": "原文件名",
    "person_id": "代表编号",
    "phone": "电话",
    "place": "地点",
    "position": "顺序",
    "post": "职务",
    "published": "是否公开",
    "published_date": "公开日期",
    "question_id": "题目编号",
    "questions": "题目",
    "quota": "名额",
    "recorded_at": "补录时间",
    "recorded_by": "补录人",
    "rectification": "整改情况",
    "reply": "答复",
    "reply_date": "答复日期",
    "response_id": "问卷编号",
    "responsible_person": "责任人",
    "responsible_unit": "责任单位",
    "review_result": "审核意见",
    "role": "身份",
    "roundtable_notes": "座谈记录",
    "route": "路线",
    "satisfaction": "满意度",
    "sex": "性别",
    "signed_in_at": "签到时间",
    "size": "大小",
    "source": "来源",
    "start_time": "开始时间",
    "status": "状态",
    "synonyms": "同义词",
    "text": "文字",
    "theme": "主题",
    "time_slot": "时段",
    "title": "名称",
    "unit": "单位",
    "value": "值",
    "version_id": "问卷版本",
    "village": "村/社区",
    "walk_in": "现场报名",
    "what": "公开内容",
}


def action_label(action: str) -> str:
    """新增, 修改 or 删除."""
    return ACTION_LABELS.get(action, action)


def entity_label(entity: str) -> str:
    """The kind of record in the window's words (a table without a label shows its name)."""
    return ENTITY_LABELS.get(entity, entity)


def field_label(field: str | None) -> str:
    """The changed field in the window's words; empty for inserts and deletes."""
    if not field:
        return ""
    return FIELD_LABELS.get(field, field)


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: int | None
    field: str | None
    old: str | None
    new: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(timespec="seconds"),
            "user": self.user,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


def audit_entries(
    db: Database, *, since: datetime | None = None, limit: int | None = None
) -> list[AuditEntry]:
    """The log, newest first; ``since`` keeps entries at or after that moment."""
    sql = f"SELECT id, at, user, action, entity, entity_id, field, old_value, new_value FROM {AUDIT_TABLE}"
    params: list[Any] = []
    if since is not None:
        sql += " WHERE at >= ?"
        params.append(since.strftime("%Y-%m-%d %H:%M:%S"))
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [
        AuditEntry(
            row[0],
            datetime.fromisoformat(row[1]),
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            None if row[7] is None else str(row[7]),
            None if row[8] is None else str(row[8]),
        )
        for row in db.execute(sql, params).fetchall()
    ]
