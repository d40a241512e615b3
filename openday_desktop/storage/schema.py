"""The schema as ordered migrations. Migration N brings a database from version N to N+1.

Never edit a migration that has shipped; append a new one and the store runs it on open.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from openday_desktop.domain.categories import CITIZEN_CATEGORY, OTHER_CATEGORY, CategoryMatcher
from openday_desktop.domain.categories import Category as _Category
from openday_desktop.storage.connection import Database

# The categories a new database started with in version 1, frozen here so that the first
# migration does the same thing forever (the domain's list may grow).
_V1_CATEGORIES: tuple[tuple[str, list[str]], ...] = (
    ("人大代表", ["人大", "县人大代表", "镇人大代表"]),
    ("政协委员", ["政协", "县政协委员"]),
    ("群众代表", ["市民代表", "村民代表", "居民代表", "普通群众", "群众"]),
    ("媒体记者", ["记者", "媒体", "新闻媒体"]),
    ("企业代表", ["企业", "个体工商户", "个体户", "企业家"]),
    ("先进模范", ["劳动模范", "道德模范", "先进人物", "劳模"]),
    ("基层工作者", ["网格员", "社区工作者", "村干部"]),
    ("离退休干部", ["离退休老干部", "退休干部", "老干部"]),
    ("网民代表", ["网民"]),
    ("其他", []),
)

# Categories the source rules name that version 1 lacked (added by the third migration).
_V3_CATEGORIES: tuple[tuple[str, list[str]], ...] = (
    ("引进人才", ["人才", "高层次人才", "返乡人才"]),
    ("创业者", ["创业人员", "返乡创业者", "创业青年"]),
    ("专家学者", ["专家", "学者"]),
    ("职工代表", ["职工"]),
    ("政风行风监督员", ["行风监督员", "政风监督员", "监督员"]),
    ("重点服务对象", ["服务对象"]),
)


def run_script(db: Database, script: str) -> None:
    """Run ``;``-separated DDL inside the caller's transaction.

    sqlite3's executescript() commits first, which would make a failed migration half-applied.
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1_initial(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE categories (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            synonyms TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            theme TEXT NOT NULL DEFAULT '',
            organizer TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL,
            start_time TEXT,
            end_time TEXT,
            status TEXT NOT NULL DEFAULT '筹备中',
            basis_document TEXT NOT NULL DEFAULT '',
            basis_number TEXT NOT NULL DEFAULT '',
            forms TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE TABLE event_sites (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            time_slot TEXT NOT NULL DEFAULT '',
            guide TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX idx_event_sites_event ON event_sites(event_id, position);
        CREATE TABLE event_status_log (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            date TEXT NOT NULL
        );
        CREATE INDEX idx_event_status_log_event ON event_status_log(event_id);
        CREATE TABLE event_quotas (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            quota INTEGER NOT NULL CHECK (quota >= 0),
            PRIMARY KEY (event_id, category)
        );
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            sex TEXT NOT NULL DEFAULT '',
            id_number TEXT UNIQUE,
            birth_date TEXT,
            phone TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            village TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '群众代表',
            source TEXT NOT NULL DEFAULT '定向邀请',
            notes TEXT NOT NULL DEFAULT '',
            name_pinyin TEXT NOT NULL DEFAULT '',
            name_initials TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE INDEX idx_people_name ON people(name);
        CREATE INDEX idx_people_phone ON people(phone);
        CREATE TABLE invitations (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT '已报名',
            review_result TEXT NOT NULL DEFAULT '',
            attendance TEXT NOT NULL DEFAULT '',
            signed_in_at TEXT,
            walk_in INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            UNIQUE (event_id, person_id)
        );
        CREATE INDEX idx_invitations_person ON invitations(person_id);
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            content TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '其他',
            status TEXT NOT NULL DEFAULT '待交办',
            responsible_unit TEXT NOT NULL DEFAULT '',
            responsible_person TEXT NOT NULL DEFAULT '',
            deadline TEXT,
            reply TEXT NOT NULL DEFAULT '',
            adopted INTEGER,
            rectification TEXT NOT NULL DEFAULT '',
            follow_up_date TEXT,
            satisfaction TEXT NOT NULL DEFAULT '',
            published INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE INDEX idx_feedback_event ON feedback(event_id);
        CREATE TABLE questionnaire_questions (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('scale', 'choice', 'open')),
            options TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE questionnaire_responses (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE TABLE questionnaire_answers (
            response_id INTEGER NOT NULL
                REFERENCES questionnaire_responses(id) ON DELETE CASCADE,
            question_id INTEGER NOT NULL
                REFERENCES questionnaire_questions(id) ON DELETE CASCADE,
            value TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (response_id, question_id)
        );
        CREATE TABLE calendar_days (
            date TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
            name TEXT NOT NULL DEFAULT ''
        );
        """,
    )
    for position, (name, synonyms) in enumerate(_V1_CATEGORIES):
        db.execute(
            "INSERT INTO categories (name, synonyms, position) VALUES (?, ?, ?)",
            [name, json.dumps(synonyms, ensure_ascii=False), position],
        )


def _v2_document_texts(db: Database) -> None:
    # Wording of generated documents that the user edited: per event, or (event_id NULL) the
    # unit's own default that replaces the program's wording for every later event.
    run_script(
        db,
        """
        CREATE TABLE document_texts (
            id INTEGER PRIMARY KEY,
            doc TEXT NOT NULL,
            key TEXT NOT NULL,
            event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE UNIQUE INDEX idx_document_texts_key
            ON document_texts(doc, key, COALESCE(event_id, 0))
        """,
    )


def _v3_category_citizens(db: Database) -> None:
    # Which categories count as citizens (群众) for the one-third rule becomes data: 群众代表
    # as before. The rules' categories that version 1 lacked are added unless the unit already
    # has one of their words (as a category or a synonym), before 其他, which stays last.
    db.execute("ALTER TABLE categories ADD COLUMN citizen INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE categories SET citizen = 1 WHERE name = ?", [CITIZEN_CATEGORY])
    rows = db.execute("SELECT name, synonyms FROM categories").fetchall()
    matcher = CategoryMatcher([_Category(name, json.loads(synonyms)) for name, synonyms in rows])
    (position,) = db.execute(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM categories WHERE name <> ?",
        [OTHER_CATEGORY],
    ).fetchone()
    for name, synonyms in _V3_CATEGORIES:
        if any(matcher.match(text) is not None for text in (name, *synonyms)):
            continue  # the unit has this under its own name (专家 for 专家学者): keep theirs
        db.execute(
            "INSERT INTO categories (name, synonyms, position) VALUES (?, ?, ?)",
            [name, json.dumps(synonyms, ensure_ascii=False), position],
        )
        position += 1
    db.execute("UPDATE categories SET position = ? WHERE name = ?", [position, OTHER_CATEGORY])


def _v4_audit_log(db: Database) -> None:
    # Who changed what and when (storage/audit.py fills it through triggers).
    run_script(
        db,
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id INTEGER,
            field TEXT,
            old_value TEXT,
            new_value TEXT
        );
        CREATE INDEX idx_audit_log_at ON audit_log(at)
        """,
    )


def _v5_visit_groups(db: Database) -> None:
    # The list may be split into groups, each with its own route (site ids in visiting order,
    # as JSON) and leader. A person in no group (group_id NULL, every list before this
    # version) walks every site in order, which is what these events always meant.
    run_script(
        db,
        """
        CREATE TABLE event_groups (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            leader TEXT NOT NULL DEFAULT '',
            route TEXT NOT NULL DEFAULT '[]',
            UNIQUE (event_id, name)
        );
        CREATE INDEX idx_event_groups_event ON event_groups(event_id, position);
        ALTER TABLE invitations ADD COLUMN group_id INTEGER
            REFERENCES event_groups(id) ON DELETE SET NULL
        """,
    )


def _v6_record_holds_still(db: Database) -> None:
    # Questionnaire versions: each event keeps the questions its forms were entered against
    # (event_questionnaires pins the version); the current questions are what later events
    # get. Answers no longer hang on the current questions, so editing, removing or
    # restoring the default questions leaves entered forms as they were.
    run_script(
        db,
        """
        CREATE TABLE questionnaire_versions (
            id INTEGER PRIMARY KEY,
            questions TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE TABLE event_questionnaires (
            event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
            version_id INTEGER NOT NULL REFERENCES questionnaire_versions(id)
        );
        CREATE TABLE questionnaire_answers_v6 (
            response_id INTEGER NOT NULL
                REFERENCES questionnaire_responses(id) ON DELETE CASCADE,
            question_id INTEGER NOT NULL,
            value TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (response_id, question_id)
        );
        INSERT INTO questionnaire_answers_v6 (response_id, question_id, value)
            SELECT response_id, question_id, value FROM questionnaire_answers;
        DROP TABLE questionnaire_answers;
        ALTER TABLE questionnaire_answers_v6 RENAME TO questionnaire_answers;
        ALTER TABLE event_status_log ADD COLUMN note TEXT NOT NULL DEFAULT '';
        ALTER TABLE invitations ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE invitations ADD COLUMN recorded_at TEXT
        """,
    )
    # The forms entered so far were entered against today's questions: that is version 1,
    # and every event with forms keeps it.
    if not db.execute("SELECT 1 FROM questionnaire_responses LIMIT 1").fetchone():
        return
    snapshot = [
        {"id": qid, "text": text, "kind": kind, "options": json.loads(options), "position": pos}
        for qid, pos, text, kind, options in db.execute(
            "SELECT id, position, text, kind, options FROM questionnaire_questions "
            "ORDER BY position, id"
        ).fetchall()
    ]
    cursor = db.execute(
        "INSERT INTO questionnaire_versions (questions) VALUES (?)",
        [json.dumps(snapshot, ensure_ascii=False)],
    )
    db.execute(
        "INSERT INTO event_questionnaires (event_id, version_id) "
        "SELECT DISTINCT event_id, ? FROM questionnaire_responses",
        [cursor.lastrowid],
    )


def _v7_event_trail(db: Database) -> None:
    # The suggestion loop's dates and call-back, and the event's trail: what was published
    # where and when, files kept with the event (copied next to the database), the leaders
    # and staff present, and the round-table notes. Dates of steps taken before this version
    # are unknown and stay NULL: no figure pretends to know them.
    run_script(
        db,
        """
        ALTER TABLE feedback ADD COLUMN reply_date TEXT;
        ALTER TABLE feedback ADD COLUMN completed_date TEXT;
        ALTER TABLE feedback ADD COLUMN published_date TEXT;
        ALTER TABLE feedback ADD COLUMN follow_up_method TEXT NOT NULL DEFAULT '';
        ALTER TABLE feedback ADD COLUMN follow_up_notes TEXT NOT NULL DEFAULT '';
        ALTER TABLE events ADD COLUMN roundtable_notes TEXT NOT NULL DEFAULT '';
        CREATE TABLE event_publications (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            what TEXT NOT NULL,
            channel TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE INDEX idx_event_publications_event ON event_publications(event_id, date);
        CREATE TABLE event_attachments (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            caption TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL,
            file_name TEXT NOT NULL,
            original_name TEXT NOT NULL DEFAULT '',
            size INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        );
        CREATE INDEX idx_event_attachments_event ON event_attachments(event_id, date);
        CREATE TABLE event_officials (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            post TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX idx_event_officials_event ON event_officials(event_id, position)
        """,
    )


def _v8_event_kind(db: Database) -> None:
    # Events before this version were all government open days.
    run_script(
        db,
        "ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT '政府开放日'",
    )


MIGRATIONS: tuple[Callable[[Database], None], ...] = (
    _v1_initial,
    _v2_document_texts,
    _v3_category_citizens,
    _v4_audit_log,
    _v5_visit_groups,
    _v6_record_holds_still,
    _v7_event_trail,
    _v8_event_kind,
)
SCHEMA_VERSION: int = len(MIGRATIONS)
