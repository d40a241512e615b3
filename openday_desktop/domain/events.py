"""Rules for events that hold whatever the event's state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from .errors import ValidationError
from .models import DEFAULT_EVENT_KIND, EVENT_KINDS, EVENT_STATUSES, Event

# The kinds the per-site minimum and the citizen share bind. The sources state these rules
# for 政府开放日 only; for the other kinds they are shown as advice (warnings).
SITE_RULE_KINDS: frozenset[str] = frozenset({DEFAULT_EVENT_KIND})


def site_rules_bind(kind: str) -> bool:
    """True when the per-site minimum and citizen share are rules for this kind of event."""
    return kind in SITE_RULE_KINDS


def quoted_title(title: str) -> str:
    """The title in 「“”」 for a message, unless it already holds them: titles such as
    “乡村振兴看变化”政府开放日活动 would otherwise read ““乡村振兴看变化”政府开放日活动”."""
    return title if "“" in title or "”" in title else f"“{title}”"


def check_event(event: Event) -> dict[str, str]:
    """Problems that prevent saving, by field name, in Chinese."""
    errors: dict[str, str] = {}
    if not event.title.strip():
        errors["title"] = "活动名称不能为空。"
    if event.start and event.end and event.end <= event.start:
        errors["end"] = "结束时间应晚于开始时间。"
    if event.status not in EVENT_STATUSES:
        errors["status"] = f"活动状态“{event.status}”无效。"
    if event.kind not in EVENT_KINDS:
        errors["kind"] = f"活动类型“{event.kind}”无效，应为{'、'.join(EVENT_KINDS)}之一。"
    names = [site.name.strip() for site in event.sites]
    if any(not name for name in names):
        errors["sites"] = "开放点名称不能为空。"
    elif len(set(names)) != len(names):
        errors["sites"] = "开放点名称有重复，请合并或改名。"
    elif len(names) > 8:
        errors["sites"] = "一次活动的开放点不宜超过8个（通常为2至4个）。"
    return errors


def require_valid_event(event: Event) -> Event:
    """Return a cleaned copy of the event, or raise ValidationError for its first problem."""
    cleaned = replace(
        event,
        title=event.title.strip(),
        theme=event.theme.strip(),
        sites=[replace(s, name=s.name.strip()) for s in event.sites],
        forms=[f.strip() for f in event.forms if f.strip()],
    )
    errors = check_event(cleaned)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise ValidationError(field_name, message)
    return cleaned


def default_event(events: Sequence[Event], today: date) -> Event | None:
    """The event the user most likely means when none is chosen: the latest one already held.

    New feedback, questionnaires and exports start from it; before any event has taken
    place, the first one listed. An archived event's record is sealed (nothing new can be
    entered for it), so the latest held event still open comes first.
    """
    held = [event for event in events if event.date <= today]
    still_open = [event for event in held if event.status != EVENT_STATUSES[-1]]
    if still_open or held:
        return max(still_open or held, key=lambda event: event.date)
    return events[0] if events else None
