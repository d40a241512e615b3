"""The schema as ordered migrations. Migration N brings a database from version N to N+1.

Never edit a migration that has shipped; append a new one and the store runs it on open.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from openday_desktop.domain.categories import DEFAULT_CATEGORIES
from openday_desktop.storage.connection import Database


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
    for position, category in enumerate(DEFAULT_CATEGORIES):
        db.execute(
            "INSERT INTO categories (name, synonyms, position) VALUES (?, ?, ?)",
            [category.name, json.dumps(category.synonyms, ensure_ascii=False), position],
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


MIGRATIONS: tuple[Callable[[Database], None], ...] = (_v1_initial, _v2_document_texts)
SCHEMA_VERSION: int = len(MIGRATIONS)
