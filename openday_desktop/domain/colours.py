"""The one set of colours that mark outcomes and statuses, in the window and in the documents.

Plain hex, no Qt: ``ui/common/colours.py`` makes QColors and style sheets of the outcome
colours; ``exports/`` takes the feedback status table for the ledger's cell fills and the
summary's chart bars. A colour changes here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import FEEDBACK_STATUSES

# Outcomes, as text colours in the window.
ERROR = "#c62828"  # refused, overdue, a rule not met
OK = "#2e7d32"  # saved, present, a rule met
WARNING = "#b35c00"  # needs a look: absent, a duplicate, a problem that does not block
NOTICE = "#7a6400"  # a reminder that changes nothing
INFO = "#1565c0"  # neutral news
MUTED = "#9e9e9e"  # left out, not counted

# Attendance on an event's list.
PRESENT = OK
ABSENT = WARNING


@dataclass(frozen=True)
class StatusColour:
    """How one feedback status looks in the documents."""

    fill: str  # Excel cell fill, RRGGBB: pale, so the text stays readable when printed
    chart: tuple[int, int, int]  # the bar in the report charts (RGB)


# Open items in warm colours, answered and finished ones in green, on-the-spot answers in blue.
FEEDBACK_STATUS_COLOURS: dict[str, StatusColour] = {
    "现场答复": StatusColour("DDEBF7", (91, 155, 213)),
    "待交办": StatusColour("FCE4D6", (237, 125, 49)),
    "办理中": StatusColour("FFF2CC", (255, 192, 0)),
    "已答复": StatusColour("E2EFDA", (112, 173, 71)),
    "已办结": StatusColour("C6EFCE", (84, 130, 53)),
}
assert set(FEEDBACK_STATUS_COLOURS) == set(FEEDBACK_STATUSES), "a feedback status has no colour"

# An overdue item in the ledger (Excel's own "bad" style).
OVERDUE_FILL = "FFC7CE"
OVERDUE_TEXT = "9C0006"
