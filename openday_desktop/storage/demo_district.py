"""A district-sized sample for trying the program at scale and for the benchmarks.

``fill_district(store, people=N, events=M, feedback=K)`` writes N people, M events (the older
ones held, with attendance; the later ones at every planning stage), about two invitations per
person across the events and K suggestions in every state, some overdue. The same arguments
always give the same data (a fixed seed; dates are placed around ``today``).

This is a maintenance tool: for speed it writes rows in bulk (``executemany``) in one
transaction instead of going through the per-record repository calls.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    FEEDBACK_STATUSES,
    INV_APPROVED,
    INV_CONFIRMED,
    INV_PUBLISHED,
    INV_REGISTERED,
    INV_REJECTED,
    INV_WITHDRAWN,
)

from .database import Store
from .demo import (
    AREA_CODE,
    FEEDBACK_TEXTS,
    GIVEN_FEMALE,
    GIVEN_MALE,
    PEOPLE_PLAN,
    QUOTAS,
    SURNAMES,
    VILLAGES,
    fill_questionnaires,
)

SEED = 20261126
THEMES = [
    "走进镇政府 共话新发展",
    "优化营商环境 服务百姓民生",
    "乡村振兴看变化",
    "平安建设进万家",
    "政务服务零距离",
    "美丽乡村共建设",
]
SITES = [
    ("镇便民服务中心", "镇政府一楼大厅"),
    ("镇社会治理综合指挥中心", "镇政府三楼"),
    ("镇综合文化站", "文化路18号"),
    ("青石村高标准农田灌溉工程", "青石村东片"),
    ("杏花村乡村旅游示范点", "杏花村"),
    ("绿源茶业加工基地", "白沙村"),
]
RESPONSIBLE_UNITS = ["党政办", "便民服务中心", "村镇建设办", "综治办", "农业农村办"]
RESPONSIBLE_PEOPLE = ["周敏", "林涛", "许峰", "郑丽"]
# Planning stages of the events still ahead, in date order.
UPCOMING_STATUSES = ("代表已公示", "方案已报备", "筹备中")
_WEIGHTED_CATEGORIES = [plan[0] for plan in PEOPLE_PLAN]
_CATEGORY_WEIGHTS = [plan[1] for plan in PEOPLE_PLAN]


def _check_digit(body: str) -> str:
    # GB 11643 ISO 7064 MOD 11-2, inlined: stdnum per number costs seconds at 100k people.
    total = sum(int(digit) * (2 ** (17 - index) % 11) for index, digit in enumerate(body))
    return "10X98765432"[total % 11]


def _weekday_near(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _event_dates(count: int, today: date) -> list[date]:
    """Dates two years back to about four months ahead, one every few weeks; four ahead at most."""
    ahead = min(max(count // 10, 1), 4) if count > 1 else 0
    past = count - ahead
    dates = [
        _weekday_near(today - timedelta(days=730 * (past - i) // max(past, 1))) for i in range(past)
    ]
    dates += [_weekday_near(today + timedelta(days=21 + 30 * i)) for i in range(ahead)]
    return dates


def _people_rows(rng: random.Random, count: int, today: date) -> Iterator[tuple[object, ...]]:
    from openday_desktop.domain.search import name_search_keys

    keys: dict[str, tuple[str, str]] = {}  # names repeat a lot: pinyin once per name
    used: set[str] = set()
    for _ in range(count):
        male = rng.random() < 0.55
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
        if name not in keys:
            keys[name] = name_search_keys(name)
        pinyin, initials = keys[name]
        birth = date(today.year - rng.randint(22, 72), rng.randint(1, 12), rng.randint(1, 28))
        while True:  # two invented people may draw the same birthday and sequence number
            sequence = rng.randrange(0, 100) * 10 + rng.choice(
                (1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8)
            )
            body = f"{AREA_CODE}{birth:%Y%m%d}{sequence:03d}"
            if body not in used:
                used.add(body)
                break
        category = rng.choices(_WEIGHTED_CATEGORIES, _CATEGORY_WEIGHTS)[0]
        plan = PEOPLE_PLAN[_WEIGHTED_CATEGORIES.index(category)]
        village = rng.choice(VILLAGES)
        yield (
            name,
            "男" if male else "女",
            body + _check_digit(body),
            birth.isoformat(),
            f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            rng.choice(plan[2]).format(v=village),
            village,
            category,
            plan[3],
            pinyin,
            initials,
        )


def fill_district(
    store: Store,
    *,
    people: int,
    events: int,
    feedback: int,
    today: date | None = None,
    seed: int = SEED,
) -> dict[str, int]:
    """Add a district-sized sample in one transaction; returns how many of each were added."""
    today = today or date.today()
    rng = random.Random(seed)
    unit = store.settings.get("unit_name")
    dates = _event_dates(events, today)
    counts = {"events": 0, "people": 0, "invitations": 0, "feedback": 0, "questionnaires": 0}
    with store.transaction():
        conn = store.db.conn
        event_ids: list[int] = []
        held: list[tuple[int, date]] = []
        upcoming_seen = 0
        for index, day in enumerate(dates):
            if day < today:
                status = "已归档" if index < len(dates) // 2 else "已总结"
            else:
                status = UPCOMING_STATUSES[min(upcoming_seen, len(UPCOMING_STATUSES) - 1)]
                upcoming_seen += 1
            theme = THEMES[index % len(THEMES)]
            cursor = conn.execute(
                "INSERT INTO events (title, theme, organizer, date, start_time, end_time, status,"
                " basis_document, basis_number, forms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    f"“{theme}”政府开放日活动（第{index + 1}期）",
                    theme.replace(" ", "，"),
                    unit,
                    day.isoformat(),
                    "08:30",
                    "11:30",
                    status,
                    "县人民政府办公室关于开展政府开放日活动的通知",
                    f"某政办发〔{day.year}〕12号",
                    json.dumps(["浏览介绍", "参观调研", "座谈交流"], ensure_ascii=False),
                ),
            )
            event_id = int(cursor.lastrowid or 0)
            event_ids.append(event_id)
            for position, (site, address) in enumerate(rng.sample(SITES, 2)):
                conn.execute(
                    "INSERT INTO event_sites (event_id, position, name, address, time_slot)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (event_id, position, site, address, ("09:00-09:50", "10:00-11:00")[position]),
                )
            conn.execute(
                "INSERT INTO event_status_log (event_id, status, date) VALUES (?, ?, ?)",
                (event_id, status, min(day, today).isoformat()),
            )
            if day < today:
                held.append((event_id, day))
            else:  # planned events have their quotas, so 按配额推荐 has work to do
                conn.executemany(
                    "INSERT INTO event_quotas (event_id, category, quota) VALUES (?, ?, ?)",
                    [(event_id, category, quota) for category, quota in QUOTAS.items()],
                )
            counts["events"] += 1

        first_person = int(
            conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM people").fetchone()[0]
        )
        conn.executemany(
            "INSERT INTO people (name, sex, id_number, birth_date, phone, unit, village, category,"
            " source, name_pinyin, name_initials) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _people_rows(rng, people, today),
        )
        counts["people"] = people
        person_ids = range(first_person, first_person + people)

        # About two invitations per person, spread evenly over the events.
        per_event = min(people, (2 * people) // max(events, 1)) if events else 0
        present: dict[int, list[int]] = {}
        for event_id, day in zip(event_ids, dates, strict=True):
            chosen = rng.sample(person_ids, per_event)
            rows: list[tuple[object, ...]] = []
            if day < today:
                came: list[int] = []
                for person_id in chosen:
                    here = rng.random() < 0.88
                    signed = (
                        datetime.combine(day, time(8, rng.randint(5, 29))).isoformat(
                            timespec="seconds"
                        )
                        if here
                        else None
                    )
                    if here:
                        came.append(person_id)
                    rows.append(
                        (
                            event_id,
                            person_id,
                            INV_CONFIRMED,
                            "符合条件",
                            ATTENDANCE_PRESENT if here else ATTENDANCE_ABSENT,
                            signed,
                        )
                    )
                present[event_id] = came
            else:
                for person_id in chosen:
                    status = rng.choices(
                        [INV_REGISTERED, INV_APPROVED, INV_PUBLISHED, INV_REJECTED, INV_WITHDRAWN],
                        [3, 4, 6, 1, 0.3],
                    )[0]
                    review = "不符合条件：非本镇常住" if status == INV_REJECTED else ""
                    rows.append((event_id, person_id, status, review, "", None))
            conn.executemany(
                "INSERT INTO invitations (event_id, person_id, status, review_result, attendance,"
                " signed_in_at) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            counts["invitations"] += len(rows)

        if held and feedback:
            conn.executemany(
                "INSERT INTO feedback (event_id, person_id, content, category, status,"
                " responsible_unit, responsible_person, deadline, reply, adopted, rectification,"
                " follow_up_date, satisfaction, published) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _feedback_rows(rng, feedback, held, present, today),
            )
            counts["feedback"] = feedback
        if held:
            # Paper questionnaires: only the latest held event's, as a clerk types them in.
            latest = held[-1][0]
            counts["questionnaires"] = fill_questionnaires(
                store, latest, min(60, len(present[latest])), rng
            )
    return counts


def _feedback_rows(
    rng: random.Random,
    count: int,
    held: list[tuple[int, date]],
    present: dict[int, list[int]],
    today: date,
) -> Iterator[tuple[object, ...]]:
    # Recent events keep more open items; older ones are mostly closed, with a few overdue.
    for index in range(count):
        event_id, day = held[index % len(held)]
        recent = (today - day).days < 60
        weights = [1, 3, 5, 3, 4] if recent else [1, 0.3, 0.6, 2, 10]
        status = rng.choices(FEEDBACK_STATUSES, weights)[0]
        text, category = FEEDBACK_TEXTS[index % len(FEEDBACK_TEXTS)]
        done = status in ("已办结", "已答复")
        assigned = status not in ("现场答复", "待交办")
        came = present.get(event_id)
        yield (
            event_id,
            rng.choice(came) if came and index % 5 else None,
            text,
            category,
            status,
            rng.choice(RESPONSIBLE_UNITS) if assigned else "",
            rng.choice(RESPONSIBLE_PEOPLE) if assigned else "",
            (day + timedelta(days=14 if index % 7 else 45)).isoformat(),
            "已研究并答复提出人。" if done or status == "现场答复" else "",
            (1 if index % 3 else 0) if done else None,
            "已完成整改。" if status == "已办结" else "",
            (day + timedelta(days=30)).isoformat() if status == "已办结" else None,
            rng.choice(["满意", "满意", "比较满意", "一般"]) if status == "已办结" else "",
            1 if status == "已办结" else 0,
        )
