"""The attendee-mix rules of an event, checked on its list and, once held, on who came.

Pure functions over domain objects, so the live panel in the window, the command line
(``openday-cli check-event``) and the tests all see the same problems with the same words.
Everyone on the list counts except those rejected (未通过) or withdrawn (已退出).

A site's visitors are the people whose route passes it (``domain.groups``): by default the
whole list walks every site, so the per-site minimum compares the list with the setting once,
not with setting x sites. Once the event is held (已举办 or later) the same numbers are checked
again on the people who signed in (``PRESENT_*`` codes): the yearly assessment counts them.

Each problem has a severity. ``error`` problems break a rule: ``ok`` is False and
``check-event`` exits 1. ``warning`` problems (a site count outside the unit's range, a notice
period that would end after the event, no time left for the round-table) are shown beside
them but do not make the check fail.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .categories import CITIZEN_CATEGORY, citizen_label
from .dates import chinese_date
from .errors import ValidationError
from .events import site_rules_bind
from .groups import (
    ROUNDTABLE_FORM,
    VisitGroup,
    has_roundtable,
    parse_slot,
    roundtable_slot,
    site_visitors,
)
from .models import ATTENDANCE_PRESENT, EVENT_STATUSES, Event, Invitation, Person, Site
from .settings import defaults, parse_share
from .validation import age_on, parse_id_number
from .workdays import WorkCalendar

MIN_PER_SITE = "MIN_PER_SITE"
CITIZEN_SHARE = "CITIZEN_SHARE"
QUOTA = "QUOTA"
MINOR = "MINOR"
NO_SITES = "NO_SITES"
DUPLICATE_PERSON = "DUPLICATE_PERSON"
PRESENT_MIN_PER_SITE = "PRESENT_MIN_PER_SITE"
PRESENT_CITIZEN_SHARE = "PRESENT_CITIZEN_SHARE"
SITE_COUNT = "SITE_COUNT"
NOTICE_PERIOD = "NOTICE_PERIOD"
ROUNDTABLE_TIME = "ROUNDTABLE_TIME"
NO_LEADER = "NO_LEADER"  # held, and no 主要负责人 or 分管负责人 recorded (domain.trail)

ERROR = "error"
WARNING = "warning"

# In the order the panel lists them: the event's shape first, then numbers, then people,
# then the attendance, then what is only a warning.
PROBLEM_CODES: tuple[str, ...] = (
    NO_SITES,
    MIN_PER_SITE,
    CITIZEN_SHARE,
    QUOTA,
    MINOR,
    DUPLICATE_PERSON,
    PRESENT_MIN_PER_SITE,
    PRESENT_CITIZEN_SHARE,
    SITE_COUNT,
    NOTICE_PERIOD,
    ROUNDTABLE_TIME,
    NO_LEADER,
)
HELD_STATUSES: frozenset[str] = frozenset(EVENT_STATUSES[EVENT_STATUSES.index("已举办") :])

Entry = tuple[Invitation, Person]


@dataclass(frozen=True)
class Problem:
    """One broken rule: a stable code for programs and a Chinese message with the numbers."""

    code: str
    message: str
    severity: str = ERROR  # error: the rule is broken; warning: worth a look, not blocking

    @property
    def blocking(self) -> bool:
        """An error (the check fails), not a warning."""
        return self.severity == ERROR

    def to_dict(self) -> dict[str, str]:
        """The JSON shape of the command line: {"code", "message", "severity"}."""
        return {"code": self.code, "message": self.message, "severity": self.severity}


@dataclass
class CheckResult:
    """Every rule problem of an event, plus the counts the panel shows beside them."""

    problems: list[Problem] = field(default_factory=list)
    total: int = 0  # people counted (active invitations)
    by_category: dict[str, int] = field(default_factory=dict)
    held: bool = False  # the event took place: who came was checked too
    present: int = 0  # people who signed in (when held)
    present_by_category: dict[str, int] = field(default_factory=dict)
    visitors: list[tuple[str, int, int]] = field(default_factory=list)  # site, listed, present
    citizens: int = 0  # listed people in the categories that count as citizens
    citizen_label: str = CITIZEN_CATEGORY
    share: float = 1 / 3  # the citizens' minimum share
    min_per_site: int = 0
    present_citizens: int = 0  # citizens who signed in

    def summary(self) -> str:
        """The figures behind the verdict: 共45人，群众代表15人（占33.3%，应不少于三分之一）…"""
        if not self.total:
            return "名单中还没有计入的人。"
        percent = f"{self.citizens * 100 / self.total:.1f}".rstrip("0").rstrip(".")
        text = (
            f"共{self.total}人，{self.citizen_label}{self.citizens}人"
            f"（占{percent}%，应不少于{_share_text(self.share)}）"
        )
        if self.visitors:
            counts = {listed for _, listed, _ in self.visitors}
            if len(counts) == 1:
                text += f"；开放点{len(self.visitors)}个，各开放点{counts.pop()}人"
            else:
                text += "；各开放点：" + "、".join(f"{n}{c}人" for n, c, _ in self.visitors)
            text += f"（每个开放点应不少于{self.min_per_site}人）"
        return text + "。"

    @property
    def ok(self) -> bool:
        """True when no rule is broken (warnings do not count)."""
        return not any(problem.blocking for problem in self.problems)

    @property
    def errors(self) -> list[Problem]:
        """The broken rules."""
        return [problem for problem in self.problems if problem.blocking]

    @property
    def warnings(self) -> list[Problem]:
        """What is worth a look but breaks no rule."""
        return [problem for problem in self.problems if not problem.blocking]

    def list_ok(self) -> bool:
        """The list keeps every rule (the PRESENT_* results aside)."""
        return not any(p.blocking and not p.code.startswith("PRESENT_") for p in self.problems)

    def present_ok(self) -> bool | None:
        """Who came keeps the rules; None before the event is held."""
        if not self.held:
            return None
        return not any(p.blocking and p.code.startswith("PRESENT_") for p in self.problems)

    def codes(self) -> list[str]:
        """The codes of the problems, in order (handy for tests and icons)."""
        return [problem.code for problem in self.problems]

    def to_dict(self) -> dict[str, Any]:
        """{"ok", "problems": [{"code", "message", "severity"}], ...} for ``check-event --json``.

        ``ok`` is False only for errors. Beside the two keys the command always had: the
        people counted on the list, and (null until the event is held) the people present.
        """
        return {
            "ok": self.ok,
            "problems": [problem.to_dict() for problem in self.problems],
            "listed": self.total,
            "present": self.present if self.held else None,
        }


def active_entries(entries: Sequence[Entry]) -> list[Entry]:
    """The entries that count for the event: not rejected, not withdrawn."""
    return [(inv, person) for inv, person in entries if inv.is_active]


def birth_date_of(person: Person) -> date | None:
    """The person's birth date, from the stored field or else from the ID number."""
    if person.birth_date is not None:
        return person.birth_date
    if person.id_number:
        try:
            return parse_id_number(person.id_number).birth_date
        except ValidationError:
            pass
        # A number that fails its checksum still most likely carries the right birth date;
        # the age rule would rather read it than wave a possible minor through.
        digits = person.id_number
        try:
            if len(digits) == 18:
                return date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
            if len(digits) == 15:
                return date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
        except ValueError:
            return None
    return None


def required_share(total: int, share: float) -> int:
    """Smallest head count that is at least ``share`` of ``total`` (10 of 30 for one third).

    The tiny tolerance keeps 0.1 x 30 = 3.0000000000000004 from demanding 4 people.
    """
    return max(0, math.ceil(total * share - 1e-9))


def _share_text(share: float) -> str:
    if abs(share - 1 / 3) < 0.001:
        return "三分之一"
    if abs(share - 0.5) < 1e-9:
        return "一半"
    return f"{share * 100:.4g}%"


def check_event_rules(
    event: Event,
    entries: Sequence[Entry],
    quotas: Mapping[str, int],
    settings: Mapping[str, Any] | None = None,
    citizen_categories: Collection[str] | None = None,
    groups: Sequence[VisitGroup] = (),
) -> CheckResult:
    """Check an event's list against the rules; ``settings`` as from ``store.settings.all()``.

    ``entries`` are (invitation, person) pairs as ``store.invitations.for_event`` returns them;
    rejected and withdrawn people are ignored. Missing settings take their declared defaults.
    ``citizen_categories``: the categories that count as citizens for the one-third rule, in
    display order (the categories marked 计入群众; 群众代表 alone when not given).
    ``groups``: the visiting groups with their routes (none: everyone walks every site).
    Once the event's status is 已举办 or later, who signed in is checked too (PRESENT_*).
    """
    values = defaults()
    values.update(settings or {})
    min_per_site = int(values["min_per_site"])
    # Stored as text ("1/3"); old databases hold a float such as 0.3333 (parse_share snaps it).
    share = float(parse_share(values["citizen_share"]))
    minimum_age = int(values["minimum_age"])
    citizen_names = [CITIZEN_CATEGORY] if citizen_categories is None else list(citizen_categories)

    counted = active_entries(entries)
    total = len(counted)
    by_category = Counter(person.category for _, person in counted)
    held = event.status in HELD_STATUSES
    present = [(inv, person) for inv, person in entries if inv.attendance == ATTENDANCE_PRESENT]
    result = CheckResult(
        total=total,
        by_category=dict(by_category),
        held=held,
        present=len(present),
        present_by_category=dict(Counter(person.category for _, person in present)),
        min_per_site=min_per_site,
        share=share,
        citizen_label=citizen_label(citizen_names),
        citizens=sum(1 for _, person in counted if person.category in citizen_names),
        present_citizens=sum(1 for _, person in present if person.category in citizen_names),
    )
    problems = result.problems

    listed_sites = site_visitors(event, groups, counted)
    present_sites = site_visitors(event, groups, present)
    result.visitors = [
        (site.name, len(listed), len(came))
        for (site, listed), (_, came) in zip(listed_sites, present_sites, strict=True)
    ]
    if not event.sites:
        problems.append(
            Problem(NO_SITES, "活动还没有设置开放点，请在活动信息中至少添加一个开放点。")
        )
    else:
        problems.extend(_per_site(listed_sites, counted, min_per_site, MIN_PER_SITE, "名单"))
    problems.extend(
        _citizen_share(listed_sites, counted, share, citizen_names, CITIZEN_SHARE, "名单")
    )

    for category, quota in quotas.items():
        if quota <= 0:
            continue  # 0 means "no quota set" (EventRepository.set_quotas drops it)
        have = by_category.get(category, 0)
        if have < quota:
            problems.append(
                Problem(QUOTA, f"{category}名额{quota}人，当前{have}人，还差{quota - have}人。")
            )
        elif have > quota:
            problems.append(
                Problem(QUOTA, f"{category}名额{quota}人，当前{have}人，超出{have - quota}人。")
            )

    for _, person in counted:
        birth = birth_date_of(person)
        if birth is None:
            continue
        age = age_on(birth, event.date)
        if age < minimum_age:
            problems.append(
                Problem(
                    MINOR,
                    f"{person.name}（{chinese_date(birth)}出生）到活动当天"
                    f"（{chinese_date(event.date)}）只有{max(age, 0)}周岁，"
                    f"未满{minimum_age}周岁，不能作为代表，请移出名单。",
                )
            )

    problems.extend(_duplicates(counted))

    if held and event.sites:
        found = _per_site(present_sites, present, min_per_site, PRESENT_MIN_PER_SITE, "实到")
        if found and not present:
            found = [
                Problem(
                    PRESENT_MIN_PER_SITE,
                    f"活动已举办，但还没有登记任何人签到（实到0人，每个开放点至少需"
                    f"{min_per_site}人）。请在签到模式或名单中登记出勤后再检查。",
                )
            ]
        problems.extend(found)
        problems.extend(
            _citizen_share(
                present_sites, present, share, citizen_names, PRESENT_CITIZEN_SHARE, "实到"
            )
        )
    if not site_rules_bind(event.kind):
        problems[:] = [_as_advice(problem, event.kind) for problem in problems]
    return result


# The rules the sources set for 政府开放日 only.
_SITE_RULE_CODES: frozenset[str] = frozenset(
    {MIN_PER_SITE, CITIZEN_SHARE, PRESENT_MIN_PER_SITE, PRESENT_CITIZEN_SHARE}
)


def _as_advice(problem: Problem, kind: str) -> Problem:
    """A per-site or citizen-share problem of another kind of event: a warning, said so."""
    if problem.code not in _SITE_RULE_CODES or problem.severity != ERROR:
        return problem
    note = f"（{kind}不强制此项，仅供参考）"
    return replace(problem, message=problem.message + note, severity=WARNING)


def _uniform(sites: Sequence[tuple[Site, Sequence[Entry]]], everyone: Sequence[Entry]) -> bool:
    """Every site is visited by everybody (one route through all sites)."""
    return all(len(visitors) == len(everyone) for _, visitors in sites)


def _per_site(
    sites: Sequence[tuple[Site, Sequence[Entry]]],
    everyone: Sequence[Entry],
    minimum: int,
    code: str,
    who: str,
) -> list[Problem]:
    """The per-site minimum: one problem for a single route, else one per site short of it."""
    counted = "当前" if who == "名单" else "实到"
    if _uniform(sites, everyone):
        count = len(everyone)
        if count >= minimum:
            return []
        route = "→".join(site.name for site, _ in sites)
        where = f"全部人员依次参观{len(sites)}个开放点（{route}），" if len(sites) > 1 else ""
        return [
            Problem(
                code,
                f"{where}每个开放点至少需{minimum}人，{counted}{count}人，"
                f"还差{minimum - count}人。",
            )
        ]
    problems = []
    for site, visitors in sites:
        count = len(visitors)
        if count < minimum:
            problems.append(
                Problem(
                    code,
                    f"开放点“{site.name}”{counted}参观{count}人，每个开放点至少需{minimum}人，"
                    f"还差{minimum - count}人。",
                )
            )
    return problems


def _citizen_share(
    sites: Sequence[tuple[Site, Sequence[Entry]]],
    everyone: Sequence[Entry],
    share: float,
    citizen_names: Sequence[str],
    code: str,
    who: str,
) -> list[Problem]:
    """The citizens' share: of the whole list on one route, else of each site's visitors."""
    label = citizen_label(citizen_names)
    names = set(citizen_names)
    prefix = "" if who == "名单" else "实到人员中"
    counted = "当前" if who == "名单" else "实到"

    def short(people: Sequence[Entry], where: str) -> Problem | None:
        total = len(people)
        citizens = sum(1 for _, person in people if person.category in names)
        needed = required_share(total, share)
        if not total or citizens >= needed:
            return None
        return Problem(
            code,
            f"{prefix}{where}{label}应不少于总人数的{_share_text(share)}：共{total}人，"
            f"至少需{needed}人，{counted}{citizens}人，还差{needed - citizens}人。",
        )

    if not sites or _uniform(sites, everyone):
        found = short(everyone, "")
        return [found] if found else []
    problems = []
    for site, visitors in sites:
        found = short(visitors, f"开放点“{site.name}”的参观人员中")
        if found:
            problems.append(found)
    return problems


def _duplicates(counted: Sequence[Entry]) -> list[Problem]:
    problems: list[Problem] = []
    seen_ids: dict[int, Person] = {}
    seen_numbers: dict[str, Person] = {}
    for _, person in counted:
        if person.id is not None:
            if person.id in seen_ids:
                problems.append(
                    Problem(DUPLICATE_PERSON, f"{person.name}在名单中出现了两次，请删去一条。")
                )
                continue
            seen_ids[person.id] = person
        number = person.id_number.upper()
        if number:
            other = seen_numbers.get(number)
            if other is not None:
                problems.append(
                    Problem(
                        DUPLICATE_PERSON,
                        f"{other.name}和{person.name}的身份证号相同（尾号{number[-4:]}），"
                        "应是同一个人被登记了两次，请核对后合并。",
                    )
                )
            else:
                seen_numbers[number] = person
    return problems


def event_warnings(
    event: Event,
    settings: Mapping[str, Any] | None = None,
    *,
    calendar: WorkCalendar | None = None,
    published_on: date | None = None,
    today: date | None = None,
) -> list[Problem]:
    """What is worth a look but blocks nothing: site count, notice period, round-table time.

    ``published_on``: the day the list was published (代表已公示), None while it is not; the
    notice is then assumed to start ``today``. The notice needs ``notice_days`` working days
    before the event (as its deadline on the dashboard says); once the event is held, only the
    site count is still worth saying.
    """
    values = defaults()
    values.update(settings or {})
    warnings: list[Problem] = []
    low, high = sorted((int(values["sites_min"]), int(values["sites_max"])))
    count = len(event.sites)
    if count and not low <= count <= high:
        wanted = f"{low}至{high}个" if low < high else f"{low}个"
        advice = "请增加开放点" if count < low else "请考虑精简开放点"
        warnings.append(
            Problem(
                SITE_COUNT,
                f"活动有{count}个开放点，本单位每次活动一般安排{wanted}，{advice}"
                "（可在“设置 → 规则与时限”中调整范围）。",
                WARNING,
            )
        )
    if event.status in HELD_STATUSES:
        return warnings

    notice_days = int(values["notice_days"])
    calendar = calendar or WorkCalendar()
    today = today or date.today()
    start = published_on or today
    latest = calendar.add_workdays(event.date, -notice_days)
    # As the notice document counts it: from the first working day, notice_days working days.
    first_day = calendar.next_workday(start)
    ends = calendar.add_workdays(first_day, notice_days - 1)
    if ends >= event.date and event.date >= today:
        began = "已于" if published_on else "今天"
        warnings.append(
            Problem(
                NOTICE_PERIOD,
                f"公示期为{notice_days}个工作日：{began}{chinese_date(start)}开始公示，"
                f"要到{chinese_date(ends)}才结束，不早于活动日期{chinese_date(event.date)}。"
                + (
                    "请缩短公示期或推迟活动日期。"
                    if published_on
                    else f"应在{chinese_date(latest)}前公示，请尽快公示或推迟活动日期。"
                ),
                WARNING,
            )
        )

    if has_roundtable(event) and roundtable_slot(event) is None:
        slot_ends = [parse_slot(site.time_slot)[1] for site in event.sites]
        last = max((end for end in slot_ends if end is not None), default=None)
        if event.end is None:
            why = "活动没有填写结束时间"
        elif last is not None:
            why = (
                f"开放点的时间段排到{last.strftime('%H:%M')}，"
                f"活动{event.end.strftime('%H:%M')}就结束了"
            )
        else:
            why = "活动没有填写开始时间，开放点也没有时间段"
        warnings.append(
            Problem(
                ROUNDTABLE_TIME,
                f"活动方式有{ROUNDTABLE_FORM}，但{why}，座谈没有时间段。座谈安排在最后一个"
                "开放点之后到活动结束之间，请填写活动的结束时间或缩短开放点的时间段。",
                WARNING,
            )
        )
    return warnings


def _met(ok: bool) -> str:
    return "达到" if ok else "未达到"


def rule_comparison(result: CheckResult) -> tuple[str, list[tuple[str, str, str, str]]]:
    """The list against who came, for the summary: a sentence and rows (项目, 名单, 实到, 结果).

    The result column judges who came (the yearly assessment counts attendance).
    """
    rows: list[tuple[str, str, str, str]] = []
    for name, listed, came in result.visitors:
        rows.append(
            (
                f"{name}参观人数（不少于{result.min_per_site}人）",
                f"{listed}人",
                f"{came}人",
                _met(came >= result.min_per_site),
            )
        )
    share = _share_text(result.share)
    needed = required_share(result.present, result.share)
    rows.append(
        (
            f"{result.citizen_label}占比（不少于{share}）",
            f"{result.citizens}/{result.total}人",
            f"{result.present_citizens}/{result.present}人",
            _met(result.present > 0 and result.present_citizens >= needed),
        )
    )
    list_text = "名单符合人数和构成要求" if result.list_ok() else "名单未完全符合人数和构成要求"
    if result.present_ok():
        present_text = "实到人员同样符合要求"
    else:
        broken = [p.message for p in result.errors if p.code.startswith("PRESENT_")]
        present_text = "实到人员未达到要求：" + "".join(broken).rstrip("。")
    sentence = f"按规则对照，{list_text}；{present_text}。"
    return sentence, rows
