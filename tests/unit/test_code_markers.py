"""No tracker references ("issue 3") in code, tests, benchmarks or help: they mean nothing to
a reader of the code; the commit history keeps that link."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("openday_desktop", "tests", "bench", "resources", "packaging", "forms")
SUFFIXES = {".py", ".md", ".html", ".ui", ".txt", ".sh", ".spec", ".iss", ".toml"}
MARKER = re.compile(r"\b" + "iss" + r"ues?\s+#?\d+", re.IGNORECASE)


def test_no_issue_number_markers() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in FOLDERS
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in SUFFIXES and path.is_file() and path != Path(__file__).resolve()
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        )
        if MARKER.search(line)
    ]
    assert found == []


def test_the_marker_pattern_matches_what_it_should() -> None:
    assert MARKER.search("deadlines (" + "issue 5)")
    assert MARKER.search("Budget (" + "Issues 3, 4)")
    assert not MARKER.search("for issue in report.errors")
