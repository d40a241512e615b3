"""The attendee-mix rules of an event, checked on its list of invited people.

Pure functions over domain objects, so the live panel in the window, the command line
(``openday-cli check-event``) and the tests all see the same problems with the same words.
Everyone on the list counts except those rejected (未通过) or withdrawn (已退出).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .categories import CITIZEN_CATEGORY, citizen_label
from .dates import chinese_date
from .errors import ValidationError
from .models import Event, Invitation, Person
from .settings import defaults, parse_share
from .validation import age_on, parse_id_number

MIN_PER_SITE = "MIN_PER_SITE"
CITIZEN_SHARE = "CITIZEN_SHARE"
QUOTA = "QUOTA"
MINOR = "MINOR"
NO_SITES = "NO_SITES"
DUPLICATE_PERSON = "DUPLICATE_PERSON"

# In the order the panel lists them: the event's shape first, then numbers, then people.
PROBLEM_CODES: tuple[str, ...] = (
    NO_SITES,
    MIN_PER_SITE,
    CITIZEN_SHARE,
    QUOTA,
    MINOR,
    DUPLICATE_PERSON,
)

Entry = tuple[Invitation, Person]


@dataclass(frozen=True)
class Problem:
    """One broken rule: a stable code for programs and a Chinese message with the numbers."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The JSON shape of the command line: {"code": ..., "message": ...}."""
        return {"code": self.code, "message": self.message}


@dataclass
class CheckResult:
    """Every rule problem of an event, plus the counts the panel shows beside them."""

    problems: list[Problem] = field(default_factory=list)
    total: int = 0  # people counted (active invitations)
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no rule is broken."""
        return not self.problems

    def codes(self) -> list[str]:
        """The codes of the problems, in order (handy for tests and icons)."""
        return [problem.code for problem in self.problems]

    def to_dict(self) -> dict[str, Any]:
        """{"ok": bool, "problems": [{"code", "message"}]} as printed by ``check-event --json``."""
        return {"ok": self.ok, "problems": [problem.to_dict() for problem in self.problems]}


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
) -> CheckResult:
    """Check an event's list against the rules; ``settings`` as from ``store.settings.all()``.

    ``entries`` are (invitation, person) pairs as ``store.invitations.for_event`` returns them;
    rejected and withdrawn people are ignored. Missing settings take their declared defaults.
    ``citizen_categories``: the categories that count as citizens for the one-third rule, in
    display order (the categories marked 计入群众; 群众代表 alone when not given).
    """
    values = defaults()
    values.update(settings or {})
    min_per_site = int(values["min_per_site"])
    # Stored as text ("1/3"); old databases hold a float such as 0.3333 (parse_share snaps it).
    share = float(parse_share(values["citizen_share"]))
    minimum_age = int(values["minimum_age"])

    counted = active_entries(entries)
    total = len(counted)
    by_category = Counter(person.category for _, person in counted)
    result = CheckResult(total=total, by_category=dict(by_category))
    problems = result.problems

    sites = len(event.sites)
    if sites == 0:
        problems.append(
            Problem(NO_SITES, "活动还没有设置开放点，请在活动信息中至少添加一个开放点。")
        )
    else:
        needed = min_per_site * sites
        if total < needed:
            problems.append(
                Problem(
                    MIN_PER_SITE,
                    f"开放点{sites}个，至少需{needed}人（每个开放点{min_per_site}人），"
                    f"当前{total}人，还差{needed - total}人。",
                )
            )

    citizen_names = [CITIZEN_CATEGORY] if citizen_categories is None else list(citizen_categories)
    citizens = sum(by_category.get(name, 0) for name in citizen_names)
    needed_citizens = required_share(total, share)
    if total and citizens < needed_citizens:
        problems.append(
            Problem(
                CITIZEN_SHARE,
                f"{citizen_label(citizen_names)}应不少于总人数的{_share_text(share)}：共{total}人，"
                f"至少需{needed_citizens}人，当前{citizens}人，还差{needed_citizens - citizens}人。",
            )
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
    return result


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
