"""Imports: reading rosters people made (.xlsx, .csv) into validated people and a report.

The window and ``openday-cli import-roster`` call ``detect`` (a preview to show and correct)
and then ``services.roster_import.import_roster``, which reads the file with ``read_roster``
(validated candidates and a report, no database) and stores what it may; the report can be
saved with ``write_report_xlsx``.
"""

from .columns import ROSTER_FIELDS, ColumnMapping
from .reading import RosterFileError
from .report import ImportReport, RowIssue, write_report_json, write_report_xlsx
from .roster import (
    NUMERIC_ID_MESSAGE,
    RosterCandidate,
    RosterPreview,
    RosterReading,
    detect,
    read_roster,
)

__all__ = [
    "NUMERIC_ID_MESSAGE",
    "ROSTER_FIELDS",
    "ColumnMapping",
    "ImportReport",
    "RosterFileError",
    "RosterCandidate",
    "RosterPreview",
    "RosterReading",
    "RowIssue",
    "detect",
    "read_roster",
    "write_report_json",
    "write_report_xlsx",
]
