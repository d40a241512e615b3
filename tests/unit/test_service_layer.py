"""Events, feedback, questionnaires, the calendar, settings and document texts are written
only through ``openday_desktop.services``: the window and the CLI collect input and call them."""

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
# Selection (quotas on the selection window) moves to its own service with the rest of it.
NOT_YET_MOVED = {("ui/representatives/selection_window.py", "events.set_quotas(")}
# Where the window and the CLI of these families live; representatives has its own service.
OWN_CALLERS = ("ui/events", "ui/feedback", "ui/documents", "ui/dashboard", "ui/common")
OWN_FILES = ("cli.py", "app.py", "ui/main_window.py", "ui/settings_dialog.py")


def _callers() -> list[Path]:
    return [PACKAGE / "cli.py", PACKAGE / "app.py", *sorted((PACKAGE / "ui").rglob("*.py"))]


def test_window_and_cli_never_call_a_repository_write_method() -> None:
    offenders = []
    for path in _callers():
        relative = path.relative_to(PACKAGE).as_posix()
        for match in REPOSITORY_WRITE.finditer(path.read_text(encoding="utf-8")):
            found = match.group(0)[1:]
            if (relative, found) not in NOT_YET_MOVED:
                offenders.append(f"{relative}: {found}")
    assert offenders == []


def test_window_and_cli_of_these_families_open_no_transaction() -> None:
    offenders = [
        path.relative_to(PACKAGE).as_posix()
        for path in _callers()
        if (
            path.relative_to(PACKAGE).as_posix().startswith(OWN_CALLERS)
            or path.relative_to(PACKAGE).as_posix() in OWN_FILES
        )
        and TRANSACTION.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_statistics_only_reads() -> None:
    text = (PACKAGE / "storage" / "statistics.py").read_text(encoding="utf-8")
    assert not TRANSACTION.search(text)
    assert not REPOSITORY_WRITE.search(text)
