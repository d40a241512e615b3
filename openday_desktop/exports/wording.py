"""The project's own default wording of every generated document, and how it is filled in.

Each editable passage is a ``DocText``: a key, a Chinese label for the editor, and a template
with ``{placeholders}``. A user may override any passage for one event, or save it as the
unit's default (storage/document_texts.py); ``resolve_texts`` layers program default < unit
default < event text < texts passed in. Unknown placeholders stay as typed, so a user's braces
never break an export.

Dates follow official style: Arabic numerals, no leading zeros (2027年6月8日).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.models import Site

DOC_PLAN = "plan"
DOC_NOTICE = "notice"
DOC_INVITATION = "invitation"
DOC_SUMMARY = "summary"
DOC_CALL = "call"
DOC_LABELS: dict[str, str] = {
    DOC_PLAN: "实施方案",
    DOC_NOTICE: "代表公示",
    DOC_INVITATION: "邀请函",
    DOC_SUMMARY: "活动总结",
    DOC_CALL: "征集公告",
}

_WEEKDAYS = "一二三四五六日"


# --- dates and times -----------------------------------------------------------------------------

# 2027年6月8日 (domain.dates), under the name that sits beside cn_weekday and cn_time.
cn_date = chinese_date


def cn_weekday(day: date) -> str:
    """星期一 ... 星期日."""
    return f"星期{_WEEKDAYS[day.weekday()]}"


def cn_time(value: time) -> str:
    """8:30 (no leading zero on the hour)."""
    return f"{value.hour}:{value.minute:02d}"


def parse_slot(slot: str) -> tuple[time | None, time | None]:
    """Start and end of a site's time slot such as "09:00-09:40" (None where unreadable)."""
    found = re.findall(r"(\d{1,2})[:：](\d{2})", slot or "")
    times: list[time | None] = []
    for hour, minute in found[:2]:
        try:
            times.append(time(int(hour), int(minute)))
        except ValueError:
            times.append(None)
    times += [None] * (2 - len(times))
    return times[0], times[1]


def time_range(
    start: time | None, end: time | None, *, half_day: bool = True, dash: str = "—"
) -> str:
    """上午8:30—11:30; the 上午/下午 word only when the whole range lies in one half-day.

    A range that ends where it starts (or earlier) is written as its start ("11:30起").
    """
    if start is None and end is None:
        return ""
    if end is None or (start is not None and end <= start):
        text = f"{cn_time(start)}起" if start else ""
        end = None
    elif start is None:
        text = f"{cn_time(end)}前"
    else:
        text = f"{cn_time(start)}{dash}{cn_time(end)}"
    if half_day and start is not None:
        if start.hour >= 12:
            text = "下午" + text
        elif end is None or (end.hour, end.minute) <= (12, 0):
            text = "上午" + text
    return text


def format_slot(slot: str, dash: str = "—") -> str:
    """A site's slot "09:00-09:40" written as "9:00—9:40"; free text is kept."""
    start, end = parse_slot(slot)
    if start is None and end is None:
        return slot.strip()
    return time_range(start, end, half_day=False, dash=dash)


def site_place(site: Site) -> str:
    """A site as documents name it: the name, then the address in brackets when known."""
    return site.name + (f"（{site.address}）" if site.address else "")


def join_cn(items: list[str]) -> str:
    """甲、乙和丙: the Chinese way of listing."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


# --- templates -----------------------------------------------------------------------------------

_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace ``{name}`` by its value; unknown names and stray braces stay as typed."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return _PLACEHOLDER_RE.sub(replace, template)


@dataclass(frozen=True)
class DocText:
    """One editable passage of a document."""

    key: str
    label: str
    default: str


PLACEHOLDERS: dict[str, str] = {
    "unit_name": "单位名称",
    "office_name": "牵头科室",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "event_title": "活动名称",
    "theme": "活动主题",
    "date": "活动日期（2027年6月8日）",
    "weekday": "星期几",
    "time": "活动时间段（上午8:30—11:30）",
    "date_time": "日期、星期和时间",
    "basis_clause": "依据文件短语（根据《…》（…号）要求，）",
    "site_names": "全部开放点名称",
    "first_site": "第一个开放点（集合地点）",
    "site_count": "开放点个数",
    "people_total": "邀请代表总人数",
    "minimum_age": "代表最低年龄",
    "notice_days": "公示期（工作日）",
    "feedback_days": "意见建议办理时限（工作日）",
    "filing_days": "方案提前报备（工作日）",
    "publish_days": "活动后公开结果（工作日）",
    "contact_clause": "联系人和电话一句话",
    "objection_channel": "公示异议的反映方式（设了联系电话才写电话）",
    "name": "代表姓名（邀请函）",
    "honorific": "称呼：先生/女士/同志（邀请函）",
    "category": "代表类别（邀请函；类别为“其他”的写作“特邀代表”）",
    "count": "公示人数（公示）",
    "notice_start": "公示开始日期（公示）",
    "notice_end": "公示结束日期（公示）",
    "form": "活动方式名称（活动方式说明）",
    "service_sites": "机关和服务场所类开放点",
    "deadline": "报名截止日期（征集公告）",
    "seats_clause": "名额和各类别人数一句话（征集公告）",
    "register_ways": "报名方式一句话（征集公告）",
    "project_sites": "项目和设施类开放点",
}

FORM_TEXT_PREFIX = "form."

PLAN_TEXTS: tuple[DocText, ...] = (
    DocText("title", "标题", "{unit_name}\n关于开展{event_title}的实施方案"),
    DocText(
        "guiding",
        "开头：指导思想",
        "坚持以人民为中心的发展思想，认真落实全面推进政务公开的各项要求，把开放政府作为"
        "倾听民意、汇集民智、解决民忧的重要渠道，以公开促落实、促规范、促服务，"
        "让群众看得见、听得懂、能监督。",
    ),
    DocText(
        "preamble",
        "开头",
        "为深入推进政务公开，拓宽群众了解政府工作、参与公共事务的渠道，{basis_clause}"
        "结合工作实际，定于{date}举办{event_title}。为确保活动有序开展、取得实效，"
        "特制定本方案。",
    ),
    DocText(
        "goal",
        "一、总体目标",
        "通过开放机关办公场所、便民服务窗口和重点项目现场，请群众代表走进政府、了解政府、"
        "监督政府，面对面听取群众对政府工作的意见和建议，增进政府与群众之间的理解和信任，"
        "推动解决群众反映集中的实际问题，持续提升服务水平和政府公信力。",
    ),
    DocText("theme", "二、活动主题", "本次活动以“{theme}”为主题。"),
    DocText("time", "三、（一）活动时间", "{date_time}。"),
    DocText(
        "places_intro",
        "三、（二）开放地点",
        "本次活动共设{site_count}个开放点，按以下顺序参观：",
    ),
    DocText(
        "invitees_intro",
        "四、邀请对象",
        "本次活动拟邀请各界代表{people_total}名。代表应在本镇居住、工作或学习，"
        "年满{minimum_age}周岁，具有完全民事行为能力。名额分配如下：",
    ),
    DocText(
        "invitees_how",
        "四、代表产生方式",
        "代表人选采取定向邀请、公开报名和组织推荐相结合的方式产生，经审核确定后"
        "公示{notice_days}个工作日，公示无异议的正式发出邀请。",
    ),
    DocText(
        f"{FORM_TEXT_PREFIX}浏览介绍",
        "五、活动方式：浏览介绍",
        "在{first_site}，由工作人员向代表介绍本单位的机构设置、主要职责、办事流程、"
        "重点工作和联系方式，发放政务公开宣传资料。",
    ),
    DocText(
        f"{FORM_TEXT_PREFIX}观摩体验",
        "五、活动方式：观摩体验",
        "代表们在{service_sites}观摩窗口工作人员办理业务，亲身体验办事流程，"
        "对服务质量和办事效率现场提出意见。",
    ),
    DocText(
        f"{FORM_TEXT_PREFIX}实地观摩",
        "五、活动方式：实地观摩",
        "代表们深入{service_sites}实地察看日常工作运行情况，了解各项工作的具体做法和成效。",
    ),
    DocText(
        f"{FORM_TEXT_PREFIX}参观调研",
        "五、活动方式：参观调研",
        "组织代表实地参观{project_sites}，听取项目建设和运行情况介绍，了解惠民政策落实成效。",
    ),
    DocText(
        f"{FORM_TEXT_PREFIX}座谈交流",
        "五、活动方式：座谈交流",
        "召开座谈会，由单位主要负责同志通报近期重点工作，就群众关心的热点问题现场解答，"
        "发放满意度调查问卷，认真听取代表的意见和建议。",
    ),
    DocText(
        f"{FORM_TEXT_PREFIX}其他",
        "五、活动方式：其他方式",
        "按照活动安排，在{site_names}组织开展{form}。",
    ),
    DocText(
        "req_organisation",
        "六、（一）加强组织领导",
        "成立活动工作领导小组，统筹协调活动各项工作。领导小组下设办公室，"
        "办公室设在{office_name}，具体负责活动的组织实施。",
    ),
    DocText("leading_group_intro", "领导小组名单引导语", "领导小组组成如下："),
    DocText(
        "req_duties",
        "六、（二）明确工作职责",
        "各开放点所在单位要明确专人负责讲解和接待，提前准备介绍材料，保持良好的办公秩序"
        "和整洁的环境。{office_name}负责代表邀请、签到、后勤保障和资料汇总。",
    ),
    DocText(
        "req_publicity",
        "六、（三）做好宣传报道",
        "活动前通过政府网站、微信公众号等渠道发布活动公告；活动中做好图片和视频记录；"
        "活动结束后{publish_days}个工作日内公开活动开展情况。",
    ),
    DocText(
        "req_feedback",
        "六、（四）认真办理意见建议",
        "对代表提出的意见建议，能够当场答复的当场答复；不能当场答复的，"
        "交有关单位在{feedback_days}个工作日内研究办理，办理结果及时反馈提出人并向社会公开，"
        "做好回访和满意度记录。",
    ),
    DocText(
        "req_deadlines",
        "六、（五）严格时间节点",
        "本方案于活动举办{filing_days}个工作日前报上级政务公开主管部门审查备案。"
        "各责任单位要按照时间节点完成各项准备工作，确保活动顺利开展。{contact_clause}",
    ),
    DocText(
        "schedule_signin",
        "活动流程：签到",
        "代表签到，领取活动资料",
    ),
    DocText("schedule_visit", "活动流程：参观开放点", "参观{site}，听取情况介绍"),
    DocText(
        "schedule_meeting",
        "活动流程：座谈交流",
        "座谈交流：通报工作情况，解答代表提问，填写满意度调查问卷",
    ),
    DocText("meeting_place", "座谈地点", "机关会议室"),
)

NOTICE_TEXTS: tuple[DocText, ...] = (
    DocText("title", "标题", "关于{event_title}代表人选的公示"),
    DocText(
        "intro",
        "开头",
        "根据{event_title}工作安排，经个人报名、组织推荐和资格审核，拟确定以下{count}名同志"
        "为本次活动代表，现予以公示。",
    ),
    DocText(
        "period",
        "公示期",
        "公示时间：{notice_start}至{notice_end}（{notice_days}个工作日）。",
    ),
    DocText(
        "objection",
        "异议受理",
        "公示期间，对上述人选如有异议，{objection_channel}。"
        "反映情况应当实事求是，并提供具体事实和联系方式，以便核实。",
    ),
)

INVITATION_TEXTS: tuple[DocText, ...] = (
    DocText("title", "标题", "邀请函"),
    DocText("salutation", "称呼", "尊敬的{name}{honorific}："),
    DocText(
        "body",
        "正文",
        "{unit_name}定于{date_time}举办{event_title}，以“{theme}”为主题，"
        "邀请社会各界代表走进政府机关和服务场所，了解政府工作，提出意见建议。"
        "经推荐、审核和公示，现诚挚邀请您以{category}身份参加本次活动，欢迎您拨冗出席。",
    ),
    DocText("when", "活动时间", "活动时间：{date_time}"),
    DocText("where", "集合地点", "集合地点：{first_site}"),
    DocText("route", "参观地点", "参观地点：{site_names}"),
    DocText(
        "tips",
        "温馨提示",
        "温馨提示：请于活动开始前15分钟到达集合地点签到，并携带本人身份证件。",
    ),
    DocText("contact", "联系方式", "{contact_clause}"),
    DocText("closing", "结束语", "期待您的光临！"),
)

SUMMARY_TEXTS: tuple[DocText, ...] = (
    DocText("title", "标题", "{unit_name}\n关于{event_title}开展情况的总结"),
    DocText(
        "intro",
        "开头",
        "{date}，{unit_name}{basis_clause}举办了{event_title}。活动以“{theme}”为主题，"
        "邀请群众代表走进{site_names}，面对面了解政府工作、参与监督。"
        "现将活动开展情况总结如下。",
    ),
    DocText(
        "preparation",
        "一、（一）组织筹备",
        "活动前，我们制定实施方案并按规定报备，通过定向邀请、公开报名和组织推荐等方式"
        "征集代表{registered}名，经审核确定{selected}名，名单公示后正式发出邀请。",
    ),
    DocText(
        "process",
        "一、（二）活动过程",
        "活动当天，代表们先后走进{site_names}，通过{forms}等方式，近距离了解政府工作"
        "的运行情况和服务群众的具体做法。",
    ),
    DocText("sites_intro", "一、（二）开放点列表引导语", "各开放点参观安排如下："),
    DocText(
        "attendance",
        "二、代表参与情况",
        "本次活动报名{registered}人，入选{selected}人，实到{present}人，到会率{attendance_rate}。"
        "各类代表参与情况如下：",
    ),
    DocText(
        "feedback",
        "三、意见建议收集和办理情况",
        "活动共收集意见建议{feedback_total}条，其中当场答复{on_spot}条，交有关单位办理"
        "{assigned}条，尚待交办{to_assign}条。截至{today}，已答复{answered}条，已办结{completed}条，"
        "办结率{completion_rate}，按时办结率{on_time_rate}，逾期未办结{overdue}条；"
        "采纳{adopted}条，已向社会公开办理结果{published}条；已回访{callbacks}条，"
        "回访满意率{callback_satisfaction_rate}。",
    ),
    DocText(
        "satisfaction",
        "三、满意度",
        "活动现场发放满意度调查问卷，收回有效问卷{questionnaires_valid}份，"
        "满意率{satisfaction_rate}。",
    ),
    DocText(
        "shortcomings",
        "四、存在的不足",
        "一是代表覆盖面还不够广，年轻群体和外出务工人员参与较少；"
        "二是部分开放点的讲解偏重情况介绍，与群众的互动交流不够充分；"
        "三是少数意见建议办理周期较长，反馈还不够及时。",
    ),
    DocText(
        "next_steps",
        "五、下一步工作打算",
        "一是丰富代表产生方式，扩大邀请范围，提高群众代表比例；"
        "二是改进活动形式，增加体验和互动环节，探索线上线下相结合的开放方式；"
        "三是建立意见建议办理台账，逐项跟踪督办，按时反馈办理结果并向社会公开。",
    ),
    DocText("appendix_title", "附件标题", "意见建议办理情况一览表"),
)

CALL_TEXTS: tuple[DocText, ...] = (
    DocText("title", "标题", "{unit_name}\n关于公开征集{event_title}代表的公告"),
    DocText(
        "intro",
        "开头",
        "为深入推进政务公开，畅通群众了解和监督政府工作的渠道，{unit_name}定于{date_time}"
        "举办{event_title}，以“{theme}”为主题。现面向社会公开征集活动代表，有关事项公告如下。",
    ),
    DocText(
        "time_place",
        "一、活动时间和地点",
        "活动时间：{date_time}。集合地点：{first_site}。参观地点：{site_names}。",
    ),
    DocText(
        "eligibility",
        "二、报名条件",
        "在本地居住或工作，年满{minimum_age}周岁，具有完全民事行为能力，关心本地发展、"
        "愿意对政府工作提出意见建议的群众均可报名。",
    ),
    DocText(
        "seats",
        "三、邀请名额",
        "{seats_clause}报名人数超过名额时，按报名先后顺序并兼顾各方面代表性确定人选。",
    ),
    DocText(
        "how",
        "四、报名方式",
        "请如实填写《代表报名表》（见附件），于{deadline}前{register_ways}"
        "报名时请提供本人身份证号码和联系电话，以便资格审核和活动联络。",
    ),
    DocText(
        "selection",
        "五、人选确定",
        "报名结束后，由{office_name}对报名人员进行资格审核，拟确定的代表名单公示"
        "{notice_days}个工作日，公示无异议的，发出邀请函并通知本人。",
    ),
    DocText(
        "privacy",
        "六、个人信息保护",
        "报名人员的个人信息仅用于本次活动的审核和联络，公示时不公开身份证号码和联系电话。",
    ),
    DocText("contact", "七、联系方式", "{contact_clause}"),
)

DOC_TEXTS: dict[str, tuple[DocText, ...]] = {
    DOC_PLAN: PLAN_TEXTS,
    DOC_NOTICE: NOTICE_TEXTS,
    DOC_INVITATION: INVITATION_TEXTS,
    DOC_SUMMARY: SUMMARY_TEXTS,
    DOC_CALL: CALL_TEXTS,
}


# The passages that differ by kind of event (models.EVENT_KINDS); the rest is shared. The
# 5.15 政务公开日 centres on the regulations on open government information and on explaining
# policies; a general open-government activity is not an "open day" of offices.
KIND_TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "政务公开日": {
        DOC_PLAN: {
            "preamble": "为深入贯彻《中华人民共和国政府信息公开条例》，围绕“5·15政务公开日”"
            "集中开展政务公开宣传和体验活动，{basis_clause}结合工作实际，定于{date}举办"
            "{event_title}。为确保活动有序开展、取得实效，特制定本方案。",
            "goal": "以“政务公开日”为契机，集中宣传政府信息公开条例和本单位政务公开工作成效，"
            "请群众走进政府、体验政务服务，现场解读群众关心的政策，面对面听取意见建议，"
            "提高政务公开的知晓度和群众满意度。",
        },
        DOC_SUMMARY: {
            "intro": "{date}，{unit_name}围绕“5·15政务公开日”，{basis_clause}举办了"
            "{event_title}。活动以“{theme}”为主题，邀请群众代表走进{site_names}，"
            "了解政务公开工作、体验政务服务。现将活动开展情况总结如下。",
        },
        DOC_CALL: {
            "intro": "为做好“5·15政务公开日”活动，{unit_name}定于{date_time}举办"
            "{event_title}，以“{theme}”为主题，集中宣传政务公开工作、解读惠民政策。"
            "现面向社会公开征集活动代表，有关事项公告如下。",
        },
    },
    "政务公开活动": {
        DOC_PLAN: {
            "preamble": "为深入推进政务公开，增进群众对政府工作的了解和支持，{basis_clause}"
            "结合工作实际，定于{date}开展{event_title}。为确保活动有序开展、取得实效，"
            "特制定本方案。",
            "goal": "通过情况介绍、政策解读和座谈交流等方式，向群众公开政府工作情况，"
            "回应群众关切，听取意见建议，推动政务公开工作走深走实。",
        },
        DOC_SUMMARY: {
            "intro": "{date}，{unit_name}{basis_clause}开展了{event_title}。活动以“{theme}”"
            "为主题，邀请群众代表参加，面对面了解政府工作、参与监督。"
            "现将活动开展情况总结如下。",
        },
        DOC_CALL: {
            "intro": "为深入推进政务公开，{unit_name}定于{date_time}开展{event_title}，"
            "以“{theme}”为主题。现面向社会公开征集活动代表，有关事项公告如下。",
        },
    },
}


def default_texts(doc: str, kind: str = "") -> dict[str, str]:
    """The program's wording of one document for a kind of event, key -> template."""
    texts = {text.key: text.default for text in DOC_TEXTS[doc]}
    texts.update(KIND_TEXTS.get(kind, {}).get(doc, {}))
    return texts


def resolve_texts(
    doc: str,
    stored: Mapping[str, str],
    overrides: Mapping[str, str] | None = None,
    kind: str = "",
) -> dict[str, str]:
    """Templates to use: program default (for the event's ``kind``) < ``stored`` (the unit's
    default with the event's texts over it) < ``overrides``."""
    texts = default_texts(doc, kind)
    texts.update(stored)
    if overrides:
        texts.update({key: value for key, value in overrides.items() if value is not None})
    return texts
