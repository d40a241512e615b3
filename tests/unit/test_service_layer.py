"""The window and the CLI collect input and call ``openday_desktop.services``: they open no
transaction, and events, feedback, questionnaires, the calendar, settings and document texts
are never written through a repository from there."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "openday_desktop"

# Write methods of the repositories of these families (the reads are fine anywhere).
REPOSITORY_WRITE = re.compile(
    r"\.(events|feedback|settings|calendar|questionnaires|document_texts)\."
    r"(add|update|delete|set_status|set_quotas|set|set_many|set_days|clear_year|add_question|"
    r"update_question|remove_question|reorder|move_question|reset_to_default|add_response|"
    r"update_response|delete_response|save_overrides|clear)\("
)
TRANSACTION = re.compile(r"\.transaction\(\)|\.atomic\(")


def _callers() -> list[Path]:
    return [PACKAGE / "cli.py", PACKAGE / "app.py", *sorted((PACKAGE / "ui").rglob("*.py"))]


def test_window_and_cli_never_call_a_repository_write_method() -> None:
    offenders = []
    for path in _callers():
        relative = path.relative_to(PACKAGE).as_posix()
        for match in REPOSITORY_WRITE.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{relative}: {match.group(0)[1:]}")
    assert offenders == []


def test_window_and_cli_open_no_transaction() -> None:
    offenders = [
        path.relative_to(PACKAGE).as_posix()
        for path in _callers()
        if TRANSACTION.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_statistics_only_reads() -> None:
    text = (PACKAGE / "storage" / "statistics.py").read_text(encoding="utf-8")
    assert not TRANSACTION.search(text)
    assert not REPOSITORY_WRITE.search(text)
