"""A realistic sample: three events, about 80 people, invitations and 20 suggestions.

Every name, village and unit is invented. Dates are placed around today, so the sample shows
a past event with attendance and feedback, an upcoming one and one still being planned.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_APPROVED,
    INV_CONFIRMED,
    INV_PUBLISHED,
    INV_REGISTERED,
    INV_REJECTED,
    Event,
    Feedback,
    Invitation,
    Person,
    Site,
)

from .database import Store

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN_MALE = [
    "建国",
    "志强",
    "国华",
    "永明",
    "德胜",
    "晓东",
    "文斌",
    "振华",
    "立新",
    "长青",
    "宏伟",
    "家豪",
    "明远",
    "守仁",
    "兴旺",
]
GIVEN_FEMALE = [
    "秀英",
    "桂兰",
    "海燕",
    "丽娟",
    "春梅",
    "玉珍",
    "红霞",
    "淑芬",
    "美玲",
    "雪梅",
    "翠花",
    "静怡",
    "小燕",
    "巧云",
    "慧敏",
]
GIVEN = GIVEN_MALE + GIVEN_FEMALE
# Places per category of an upcoming event (the district sample uses the same).
QUOTAS = {
    "人大代表": 5,
    "政协委员": 3,
    "群众代表": 16,
    "媒体记者": 2,
    "企业代表": 6,
    "基层工作者": 4,
    "先进模范": 2,
    "离退休干部": 2,
}
VILLAGES = ["青石村", "柳塘村", "东岗社区", "南河村", "杏花村", "新桥社区", "白沙村", "枫林村"]
AREA_CODE = "330682"  # a county-level area code; the rest of each number is invented

# (category, how many, typical unit/position, source)
PEOPLE_PLAN: list[tuple[str, int, list[str], str]] = [
    ("人大代表", 8, ["镇人大代表、{v}党支部书记", "县人大代表、种植合作社理事长"], "定向邀请"),
    ("政协委员", 5, ["县政协委员、镇中心小学教师", "县政协委员、卫生院医生"], "定向邀请"),
    ("群众代表", 34, ["{v}村民", "{v}居民", "{v}村民小组长", "个体户"], "公开报名"),
    ("媒体记者", 4, ["县融媒体中心记者", "市日报社驻县记者站记者"], "定向邀请"),
    ("企业代表", 8, ["绿源茶业有限公司经理", "宏达机械厂厂长", "{v}农家乐经营户"], "组织推荐"),
    ("先进模范", 4, ["县级劳动模范", "市级道德模范"], "组织推荐"),
    ("基层工作者", 8, ["{v}网格员", "{v}社区工作者"], "组织推荐"),
    ("离退休干部", 5, ["镇退休干部", "县农业局退休干部"], "定向邀请"),
    ("网民代表", 3, ["热心网民"], "公开报名"),
    ("其他", 1, ["驻镇单位职工"], "定向邀请"),
]

FEEDBACK_TEXTS: list[tuple[str, str]] = [
    ("便民服务中心周末能否安排值班窗口，方便外出务工人员办事。", "政务服务"),
    ("社保卡补办流程希望能在村里代办点完成。", "政务服务"),
    ("建议在服务大厅增设老年人专用座椅和老花镜。", "政务服务"),
    ("不动产登记预约电话经常占线，希望增加线路。", "政务服务"),
    ("青石村到镇上的道路有几处坑洼，雨天积水严重。", "基础设施"),
    ("南河村路灯损坏较多，晚上出行不安全。", "基础设施"),
    ("新桥社区停车位紧张，建议规划公共停车场。", "基础设施"),
    ("杏花村饮用水水压偏低，高处农户用水困难。", "基础设施"),
    ("集镇农贸市场周边垃圾清运不及时。", "环境卫生"),
    ("柳塘村河道有生活垃圾漂浮，建议定期清理。", "环境卫生"),
    ("建议增加公共厕所的保洁频次。", "环境卫生"),
    ("学校门口上下学时段交通秩序较乱，建议安排人员疏导。", "社会治理"),
    ("电动车充电进楼道的现象仍然存在，存在安全隐患。", "社会治理"),
    ("希望多组织针对老年人的防诈骗宣传。", "社会治理"),
    ("茶叶合作社希望得到品牌推广方面的支持。", "产业发展"),
    ("建议镇里搭建农产品线上销售平台。", "产业发展"),
    ("乡村旅游的指示牌不够清楚，游客容易走错。", "产业发展"),
    ("希望开放日活动能更多地在周末举办。", "其他"),
    ("建议把开放日的照片和办理结果发在公众号上。", "其他"),
    ("村务公开栏内容更新不及时。", "其他"),
]


def demo_id_number(rng: random.Random, birth: date, male: bool) -> str:
    """A checksum-valid ID number with the given birth date and sex (invented sequence)."""
    from stdnum.cn import ric

    sequence = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    body = f"{AREA_CODE}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # it ignores the last character


def _unique_id(rng: random.Random, birth: date, male: bool, used: set[str]) -> str:
    while True:  # two invented people may draw the same birthday and sequence number
        number = demo_id_number(rng, birth, male)
        if number not in used:
            used.add(number)
            return number


def _weekday_near(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _people(rng: random.Random, today: date) -> list[Person]:
    people: list[Person] = []
    used_names: set[str] = set()
    used_ids: set[str] = set()
    for category, count, units, source in PEOPLE_PLAN:
        for _ in range(count):
            male = rng.random() < 0.55
            while True:  # given names that read as the person's sex
                name = rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
                if name not in used_names:
                    used_names.add(name)
                    break
            birth = date(today.year - rng.randint(22, 72), rng.randint(1, 12), rng.randint(1, 28))
            village = rng.choice(VILLAGES)
            mobile = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            people.append(
                Person(
                    name=name,
                    sex="男" if male else "女",
                    id_number=_unique_id(rng, birth, male, used_ids),
                    birth_date=birth,
                    phone=mobile,
                    unit=rng.choice(units).format(v=village),
                    village=village,
                    category=category,
                    source=source,
                )
            )
    return people


# A unit that looks real, so the sample's documents come out as a clerk's would (documents
# refuse to print the placeholders of a fresh database).
DEMO_UNIT: dict[str, str] = {
    "unit_name": "青石镇人民政府",
    "office_name": "青石镇党政办公室",
    "leading_group": "组长：王志强（镇党委副书记、镇长）\n副组长：李红（副镇长）\n"
    "成员：党政办、便民服务中心、综治办、农业农村办负责人",
    "contact_person": "周敏",
    "contact_phone": "0571-12345678",
}


def demo_unit_settings(settings: dict[str, Any]) -> dict[str, str]:
    """The demo unit's values for the unit settings that still hold a placeholder (a unit the
    clerk already entered is kept)."""
    from openday_desktop.domain.settings import unit_placeholders

    return {spec.key: DEMO_UNIT[spec.key] for spec in unit_placeholders(settings, DEMO_UNIT)}


def fill_demo(store: Store, today: date | None = None) -> dict[str, int]:
    """Add the sample to the store in one transaction; returns how many of each were added."""
    today = today or date.today()
    rng = random.Random(20260612)
    unit_values = demo_unit_settings(store.settings.all())
    unit = unit_values.get("unit_name", store.settings.get("unit_name"))
    sites_a = [
        Site("镇便民服务中心", "镇政府一楼大厅", "09:00-09:40", "党政办 周敏"),
        Site("镇社会治理综合指挥中心", "镇政府三楼", "09:50-10:20", "综治办 林涛"),
        Site("青石村高标准农田灌溉工程", "青石村东片", "10:40-11:30", "农业农村办 许峰"),
    ]
    sites_b = [
        Site("镇便民服务中心", "镇政府一楼大厅", "08:40-09:30", "党政办 周敏"),
        Site("镇综合文化站", "文化路18号", "09:40-10:20", "文化站 郑丽"),
    ]
    events = [
        Event(
            title="“走进镇政府 共话新发展”政府开放日活动",
            theme="走进镇政府，共话新发展",
            organizer=unit,
            date=_weekday_near(today - timedelta(days=70)),
            start=time(8, 30),
            end=time(11, 30),
            status="已总结",
            basis_document="县人民政府办公室关于开展政府开放日活动的通知",
            basis_number="某政办发〔2026〕12号",
            sites=sites_a,
            forms=["浏览介绍", "观摩体验", "参观调研", "座谈交流"],
        ),
        Event(
            title="“优化营商环境 服务百姓民生”政府开放日活动",
            theme="优化营商环境，服务百姓民生",
            organizer=unit,
            date=_weekday_near(today + timedelta(days=21)),
            start=time(8, 30),
            end=time(11, 0),
            status="方案已报备",
            basis_document="县人民政府办公室关于开展政府开放日活动的通知",
            basis_number="某政办发〔2026〕12号",
            sites=sites_b,
            forms=["浏览介绍", "实地观摩", "座谈交流"],
        ),
        Event(
            title="“乡村振兴看变化”政府开放日活动",
            theme="乡村振兴看变化",
            organizer=unit,
            date=_weekday_near(today + timedelta(days=80)),
            start=time(9, 0),
            end=time(11, 30),
            sites=[Site("杏花村乡村旅游示范点", "杏花村"), Site("绿源茶业加工基地", "白沙村")],
            forms=["参观调研", "座谈交流"],
        ),
    ]
    people = _people(rng, today)
    counts = {"events": 0, "people": 0, "invitations": 0, "feedback": 0, "questionnaires": 0}
    with store.transaction():
        if unit_values:
            store.settings.set_many(unit_values)
        for event in events:
            store.events.add(event)
            counts["events"] += 1
        for person in people:
            store.people.add(person)
            counts["people"] += 1
        past, upcoming, planning = events
        store.events.set_quotas(upcoming.id or 0, QUOTAS)
        # The past event: 62 invited, most came.
        for person in rng.sample(people, 62):
            came = rng.random() < 0.88
            store.invitations.invite(
                Invitation(
                    event_id=past.id or 0,
                    person_id=person.id or 0,
                    status=INV_CONFIRMED,
                    review_result="符合条件",
                    attendance=ATTENDANCE_PRESENT if came else ATTENDANCE_ABSENT,
                    signed_in_at=datetime.combine(past.date, time(8, rng.randint(5, 29)))
                    if came
                    else None,
                )
            )
            counts["invitations"] += 1
        # The upcoming event: registrations at various stages of selection.
        for person in rng.sample(people, 44):
            status = rng.choices(
                [INV_REGISTERED, INV_APPROVED, INV_PUBLISHED, INV_REJECTED], [3, 4, 6, 1]
            )[0]
            store.invitations.invite(
                Invitation(
                    event_id=upcoming.id or 0,
                    person_id=person.id or 0,
                    status=status,
                    review_result="不符合条件：非本镇常住" if status == INV_REJECTED else "",
                )
            )
            counts["invitations"] += 1
        for person in rng.sample(people, 6):
            store.invitations.invite(
                Invitation(event_id=planning.id or 0, person_id=person.id or 0)
            )
            counts["invitations"] += 1
        present = [
            inv.person_id
            for inv, _ in store.invitations.for_event(past.id or 0)
            if inv.attendance == ATTENDANCE_PRESENT
        ]
        statuses = (
            ["已办结"] * 8 + ["已答复"] * 4 + ["办理中"] * 4 + ["现场答复"] * 2 + ["待交办"] * 2
        )
        for index, (text, category) in enumerate(FEEDBACK_TEXTS):
            status = statuses[index % len(statuses)]
            done = status in ("已办结", "已答复")
            item = Feedback(
                event_id=past.id or 0,
                content=text,
                person_id=rng.choice(present) if index % 5 else None,
                category=category,
                status=status,
                responsible_unit=""
                if status in ("现场答复", "待交办")
                else rng.choice(["党政办", "便民服务中心", "村镇建设办", "综治办", "农业农村办"]),
                responsible_person=""
                if status in ("现场答复", "待交办")
                else rng.choice(["周敏", "林涛", "许峰", "郑丽"]),
                deadline=past.date + timedelta(days=21 if index % 7 else 45),
                reply="已研究并答复提出人。" if done or status == "现场答复" else "",
                adopted=True if done and index % 3 else (False if done else None),
                rectification="已完成整改。" if status == "已办结" else "",
                follow_up_date=past.date + timedelta(days=30) if status == "已办结" else None,
                satisfaction=rng.choice(["满意", "满意", "比较满意", "一般"])
                if status == "已办结"
                else "",
                published=status == "已办结",
                reply_date=past.date + timedelta(days=10) if done else None,
                # Every fourth closed item took 25 days: late where its deadline was 21.
                completed_date=past.date + timedelta(days=25 if index % 4 == 0 else 18)
                if status == "已办结"
                else None,
                published_date=past.date + timedelta(days=32) if status == "已办结" else None,
                follow_up_method=("电话" if index % 2 else "上门") if status == "已办结" else "",
                follow_up_notes="提出人对办理结果表示认可。" if status == "已办结" else "",
            )
            store.feedback.add(item)
            counts["feedback"] += 1
        counts["questionnaires"] = fill_questionnaires(store, past.id or 0, len(present), rng)
    return counts


def fill_questionnaires(store: Store, event_id: int, returned: int, rng: random.Random) -> int:
    """Paper questionnaires handed in at the past event, mostly satisfied, a few open remarks."""
    from openday_desktop.domain.questionnaire import KIND_OPEN

    questions = store.questionnaires.questions_for(event_id)
    remarks = ["希望每年多办几次。", "讲解很细致。", "座谈时间可以再长一些。"]
    for index in range(returned):
        answers: dict[int, str] = {}
        for question in questions:
            if question.kind == KIND_OPEN:
                if index % 12 == 0:
                    answers[question.id or 0] = remarks[(index // 12) % len(remarks)]
                continue
            choices = question.choices()
            weights = [6, 3, 1, 0.3, 0.1][: len(choices)] if len(choices) == 5 else None
            answers[question.id or 0] = rng.choices(choices, weights)[0]
        store.questionnaires.add_response(event_id, answers)
    return returned
