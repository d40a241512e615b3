"""The event's record after archiving: the one guard every service write on it goes through.

An archived event (已归档) is what the unit reported upward, so its list, attendance,
suggestions, questionnaire forms and document texts hold still. Every service function that
writes any of these calls ``require_open_record`` before it writes; the window and the CLI
show the message it raises. Leaving 已归档 is ``services.events.unarchive_event`` (with a
reason, recorded with its date).

Suggestions are the one exception, and only for their handling: see
``domain.feedback.RECORD_FIELDS`` and ``services.feedback``.
"""

from __future__ import annotations

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.lifecycle import frozen_message
from openday_desktop.domain.models import Event
from openday_desktop.storage import Store


class RecordFrozenError(ValidationError):
    """A write on an archived event's record was refused; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__("event", message)


def require_open_record(store: Store, event_id: int, action: str = "修改") -> Event:
    """The event, or RecordFrozenError saying why ``action`` cannot touch its record.

    NotFoundError for an unknown event.
    """
    event = store.events.get(event_id)
    message = frozen_message(event, action)
    if message is not None:
        raise RecordFrozenError(message)
    return event
