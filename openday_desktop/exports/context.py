"""What every document is made from: the event with the unit's settings and the placeholder
values its texts use, and the people of an event in the order documents list them (category
order, then pinyin). Built from data handed in (services/documents.py reads the store).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from openday_desktop.domain.models import Event, Person, Site

from .wording import cn_date, cn_weekday, fill, join_cn, site_place, time_range

Listed = TypeVar("Listed")

# Site names that mean an office or service place (as opposed to a project or facility).
_SERVICE_SITE_RE = re.compile("政府|中心|大厅|窗口|办公|机关|站|所|室|局|办")


@dataclass
class EventContext:
    """An event with the unit's settings and the values its document templates use."""

    event: Event
    settings: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    # Every text filled in, in order: what the document will print from its templates, so it
    # can be checked for filler (某某) before the file is written.
    printed: list[str] = field(default_factory=list)

    def fill(self, template: str, **extra: Any) -> str:
        """A template with this event's values (and ``extra``) filled in."""
        text = fill(template, {**self.values, **extra}) if extra else fill(template, self.values)
        self.printed.append(text)
        return text


def service_and_project_sites(sites: Sequence[Site]) -> tuple[list[str], list[str]]:
    """Split the sites into offices/service places and projects/facilities (by their names).

    Either list falls back to all sites when the split leaves it empty, so a sentence about
    "the service places" always names somewhere.
    """
    names = [site.name for site in sites]
    service = [name for name in names if _SERVICE_SITE_RE.search(name)]
    project = [name for name in names if name not in service]
    return service or names, project or names


def contact_clause(settings: dict[str, Any]) -> str:
    """联系人：某某，联系电话：…。 ("" when neither is set)."""
    person = str(settings.get("contact_person") or "").strip()
    phone = str(settings.get("contact_phone") or "").strip()
    if person and phone:
        return f"联系人：{person}，联系电话：{phone}。"
    if person:
        return f"联系人：{person}。"
    if phone:
        return f"联系电话：{phone}。"
    return ""


def objection_channel(settings: dict[str, Any]) -> str:
    """How the 公示 asks for objections: by phone only when the unit has a contact phone.

    Without one, in writing or in person at the office (a notice must not ask people to
    phone a number it does not give).
    """
    office = str(settings.get("office_name") or "").strip() or str(settings.get("unit_name", ""))
    person = str(settings.get("contact_person") or "").strip()
    phone = str(settings.get("contact_phone") or "").strip()
    if phone:
        who = f"联系人：{person}，" if person else ""
        return f"请以书面或电话方式向{office}反映（{who}联系电话：{phone}）"
    who = f"（联系人：{person}）" if person else ""
    return f"请在工作时间以书面形式或当面向{office}反映{who}"


def basis_clause(event: Event) -> str:
    """根据《…》（…号）要求，  ("" when the event names no basis document)."""
    document = event.basis_document.strip().strip("《》")
    number = event.basis_number.strip()
    if not document and not number:
        return ""
    cited = f"《{document}》" if document else ""
    if number:
        cited += f"（{number}）"
    return f"根据{cited}要求，"


def event_context(event: Event, settings: Mapping[str, Any]) -> EventContext:
    """The event with the unit's settings and the common placeholder values computed."""
    settings = dict(settings)
    site_names = [site.name for site in event.sites]
    service, project = service_and_project_sites(event.sites)
    when = time_range(event.start, event.end)
    date_text = cn_date(event.date)
    date_time = f"{date_text}（{cn_weekday(event.date)}）{when}"
    first_site = site_place(event.sites[0]) if event.sites else ""
    values: dict[str, Any] = {
        "unit_name": settings["unit_name"],
        "office_name": settings["office_name"],
        "contact_person": settings["contact_person"],
        "contact_phone": settings["contact_phone"],
        "contact_clause": contact_clause(settings),
        "objection_channel": objection_channel(settings),
        "event_title": event.title,
        "theme": event.theme or event.title,
        "date": date_text,
        "weekday": cn_weekday(event.date),
        "time": when,
        "date_time": date_time,
        "basis_clause": basis_clause(event),
        "site_names": join_cn(site_names) or "各开放点",
        "first_site": first_site or "活动集合地点",
        "site_count": len(site_names),
        "service_sites": join_cn(service) or "各开放点",
        "project_sites": join_cn(project) or "各开放点",
        "minimum_age": settings["minimum_age"],
        "notice_days": settings["notice_days"],
        "feedback_days": settings["feedback_deadline_workdays"],
        "filing_days": settings["plan_filing_workdays"],
        "publish_days": settings["results_publish_workdays"],
        "forms": join_cn(list(event.forms)) or "参观、座谈",
    }
    return EventContext(event, settings, values)


# Pinyin per character, kept for the process: a roster of thousands uses a few hundred
# distinct characters, and pypinyin costs about 20 microseconds a call.
_PINYIN_BY_CHAR: dict[str, str] = {}


def pinyin_key(name: str) -> str:
    """Tone-less pinyin of a name for sorting (王芳 -> "wangfang"), as the pool stores it."""
    parts = []
    for char in name:
        syllable = _PINYIN_BY_CHAR.get(char)
        if syllable is None:
            from pypinyin import Style, lazy_pinyin

            syllable = "".join(lazy_pinyin(char, style=Style.NORMAL)).lower()
            _PINYIN_BY_CHAR[char] = syllable
        parts.append(syllable)
    return "".join(parts)


def person_order_key(categories: Sequence[str]) -> Any:
    """A sort key for (category, name[, stored pinyin]): the configured category order, then
    the pinyin of the name. Categories not in the list go after the known ones, by name."""
    rank = {name: index for index, name in enumerate(categories)}
    last = len(rank)

    def key(category: str, name: str, pinyin: str = "") -> tuple[int, str, str, str]:
        return (rank.get(category, last), category, pinyin or pinyin_key(name), name)

    return key


def sort_people(
    pairs: Iterable[tuple[Listed, Person]], categories: Sequence[str]
) -> list[tuple[Listed, Person]]:
    """An event's list (or the pool) sorted by category order, then pinyin."""
    key = person_order_key(categories)
    return sorted(pairs, key=lambda pair: key(pair[1].category, pair[1].name))


def issue_date(day: date | None) -> date:
    """The date a document is signed: the given day, or today."""
    return day or date.today()
