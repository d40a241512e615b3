"""实施方案: the event's implementation plan, sent to the superior for review and filing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openday_desktop.domain.models import Person

from .context import EventContext, issue_date
from .official_style import OfficialDocument
from .wording import (
    FORM_TEXT_PREFIX,
    format_slot,
    parse_slot,
    site_place,
    time_range,
)

REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("加强组织领导", "req_organisation"),
    ("明确工作职责", "req_duties"),
    ("做好宣传报道", "req_publicity"),
    ("认真办理意见建议", "req_feedback"),
    ("严格时间节点", "req_deadlines"),
)
SCHEDULE_HEADERS = ("时间", "活动内容", "地点", "负责人")
SCHEDULE_WIDTHS_MM = (34, 52, 40, 30)
# Tables are narrow: a hyphen keeps "10:40-11:30" on one line.
_TABLE_DASH = "-"


def invitee_numbers(
    order: Sequence[str], quotas: Mapping[str, int], people: Iterable[Person]
) -> list[tuple[str, int]]:
    """People per category: the quotas when set, else ``people`` (the selection, else everyone
    listed) counted by category; in the configured category order."""
    if not quotas:
        quotas = dict(Counter(person.category for person in people))
    known = [(name, quotas[name]) for name in order if quotas.get(name)]
    extra = sorted((name, n) for name, n in quotas.items() if n and name not in order)
    return known + extra


def leading_group_lines(text: str) -> list[str]:
    """The leading group's lines from the setting, leaving out labels with nothing filled in."""
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.endswith(("：", ":"))]


def run_of_show(
    ctx: EventContext,
    texts: Mapping[str, str],
    groups: Sequence[PlanGroup] = (),
) -> list[tuple[str, str, str, str]]:
    """The timed programme: sign-in, one row per site in visiting order, then the round-table.

    With visiting groups, each site's row says which groups visit it.
    """
    event = ctx.event
    rows: list[tuple[str, str, str, str]] = []
    first_start = parse_slot(event.sites[0].time_slot)[0] if event.sites else None
    if event.start is not None:
        first = event.sites[0] if event.sites else None
        where = (first.address or first.name) if first else ctx.values["first_site"]
        rows.append(
            (
                time_range(event.start, first_start, half_day=False, dash=_TABLE_DASH),
                ctx.fill(texts["schedule_signin"]),
                where,
                ctx.values["office_name"],
            )
        )
    for site in event.sites:
        rows.append(
            (
                format_slot(site.time_slot, dash=_TABLE_DASH),
                ctx.fill(texts["schedule_visit"], site=site.name) + _visiting(site.name, groups),
                site.address or site.name,
                site.guide,
            )
        )
    if "座谈交流" in event.forms:
        last_end = parse_slot(event.sites[-1].time_slot)[1] if event.sites else None
        rows.append(
            (
                time_range(last_end or event.start, event.end, half_day=False, dash=_TABLE_DASH),
                ctx.fill(texts["schedule_meeting"]),
                ctx.fill(texts["meeting_place"]),
                ctx.values["unit_name"],
            )
        )
    return rows


@dataclass(frozen=True)
class PlanGroup:
    """A visiting group as the plan names it: its name, leader and sites in visiting order."""

    name: str
    leader: str
    sites: tuple[str, ...]

    def line(self) -> str:
        """第一组（带队：张某某）：便民服务中心→水利工程。"""
        leader = f"（带队：{self.leader}）" if self.leader else ""
        return f"{self.name}{leader}：{'→'.join(self.sites) or '未安排开放点'}。"


def _visiting(site: str, groups: Sequence[PlanGroup]) -> str:
    names = [group.name for group in groups if site in group.sites]
    if not groups:
        return ""
    return f"（{'、'.join(names)}）" if names else "（未安排分组参观）"


def plan_document(
    ctx: EventContext,
    texts: Mapping[str, str],
    numbers: Sequence[tuple[str, int]],
    on: date | None = None,
    planned_total: int = 0,
    groups: Sequence[PlanGroup] = (),
) -> OfficialDocument:
    """The plan of ``ctx.event``: ``numbers`` people per category, ``on`` the signing date.

    ``planned_total`` is the number of people to invite when there are neither quotas nor a
    list yet (the rules' minimum), so the plan never says "若干名". ``groups``: the visiting
    groups (none: everyone visits every site in order); the schedule names them per site and
    a paragraph gives each group's route.
    """
    event = ctx.event
    t = texts
    ctx.values["people_total"] = sum(n for _, n in numbers) or planned_total or "若干"

    doc = OfficialDocument(ctx.settings["body_font"])
    doc.title(ctx.fill(t["title"]))
    doc.paragraphs(ctx.fill(t.get("guiding", "")))
    doc.paragraphs(ctx.fill(t["preamble"]))

    doc.heading(1, 1, "总体目标")
    doc.paragraphs(ctx.fill(t["goal"]))

    doc.heading(1, 2, "活动主题")
    doc.paragraphs(ctx.fill(t["theme"]))

    doc.heading(1, 3, "活动时间和地点")
    doc.heading(2, 1, "活动时间。", ctx.fill(t["time"]))
    doc.heading(2, 2, "开放地点。", ctx.fill(t["places_intro"]) if event.sites else "另行通知。")
    for index, site in enumerate(event.sites, start=1):
        parts = [site_place(site)]
        if site.time_slot:
            parts.append(format_slot(site.time_slot))
        if site.guide:
            parts.append(f"讲解：{site.guide}")
        doc.heading(3, index, "", "，".join(parts) + "。")
    schedule = run_of_show(ctx, t, groups)
    if schedule:
        doc.heading(2, 3, "活动流程。", "具体安排如下表：")
        doc.table(SCHEDULE_HEADERS, SCHEDULE_WIDTHS_MM, schedule, centered_columns=(0,))
    if groups:
        doc.paragraph("代表分组参观，各组路线如下：")
        for group in groups:
            doc.paragraph(group.line())

    doc.heading(1, 4, "邀请对象")
    doc.paragraphs(ctx.fill(t["invitees_intro"]))
    if numbers:
        doc.paragraph("；".join(f"{name}{count}名" for name, count in numbers) + "。")
    doc.paragraphs(ctx.fill(t["invitees_how"]))

    doc.heading(1, 5, "活动内容和方式")
    for index, form in enumerate(event.forms or ["座谈交流"], start=1):
        template = t.get(FORM_TEXT_PREFIX + form, t[FORM_TEXT_PREFIX + "其他"])
        doc.heading(2, index, f"{form}。", ctx.fill(template, form=form))

    doc.heading(1, 6, "工作要求")
    for index, (heading, key) in enumerate(REQUIREMENTS, start=1):
        doc.heading(2, index, f"{heading}。", ctx.fill(t[key]))
        if key == "req_organisation":
            members = leading_group_lines(str(ctx.settings["leading_group"]))
            if members:
                doc.paragraphs(ctx.fill(t["leading_group_intro"]))
                for line in members:
                    doc.paragraph(line)

    doc.signature(ctx.values["unit_name"], issue_date(on))
    return doc


def write_plan(
    ctx: EventContext,
    texts: Mapping[str, str],
    numbers: Sequence[tuple[str, int]],
    path: str | Path,
    on: date | None = None,
    planned_total: int = 0,
) -> Path:
    """Write the plan to ``path`` (.docx)."""
    return plan_document(ctx, texts, numbers, on, planned_total).save(path)
