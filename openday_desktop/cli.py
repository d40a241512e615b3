"""The command line ``openday-cli``: the same data and rules as the window, without Qt.

Exit codes: 0 success, 1 a problem with the input or the data (Chinese message on stderr),
2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

from . import APP_NAME, __version__
from .chinese_argparse import ChineseArgumentParser
from .domain.dates import parse_date, parse_time
from .domain.errors import OpenDayError, ValidationError
from .domain.events import quoted_title
from .domain.models import EVENT_KINDS, Event, Site
from .storage import Store, open_store, resolve_db_path

Handler = Callable[[argparse.Namespace, Store], int]


def _parse_date(text: str) -> date:
    # The same reading as the window's date fields: 2026-06-12, 2026/6/12, 20260612 ...
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _parse_time(text: str) -> time:
    try:
        return parse_time(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"“{text}”不是数量，请写一个不小于0的整数，例如 1000")
    return value


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# --- commands ------------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace, store: Store) -> int:
    if args.people is None and args.events is None and args.feedback is None:
        from .storage.demo import fill_demo

        summary = fill_demo(store)
    else:
        from .storage.demo_district import fill_district

        people = 1000 if args.people is None else args.people
        summary = fill_district(
            store,
            people=people,
            events=10 if args.events is None else args.events,
            feedback=people // 5 if args.feedback is None else args.feedback,
        )
    print(
        f"已生成示例数据：活动 {summary['events']} 个，代表 {summary['people']} 人，"
        f"邀请 {summary['invitations']} 条，意见建议 {summary['feedback']} 条，"
        f"问卷 {summary['questionnaires']} 份。"
    )
    return 0


def _cmd_event_add(args: argparse.Namespace, store: Store) -> int:
    from .services.events import create_event

    event = Event(
        title=args.title,
        date=args.date,
        start=args.start,
        end=args.end,
        theme=args.theme or "",
        kind=args.kind,
        organizer=store.settings.get("unit_name"),
        sites=[Site(name) for name in args.site or []],
    )
    print(create_event(store, event))
    return 0


def _cmd_event_status(args: argparse.Namespace, store: Store) -> int:
    from .services.events import change_status

    steps = change_status(store, args.event_id, args.status.strip(), args.date)
    event = store.events.get(args.event_id)
    recorded = "、".join(f"“{status}”" for status, _ in steps)
    print(
        f"活动{quoted_title(event.title)}（编号 {args.event_id}）已变更为“{event.status}”，"
        f"日期{steps[-1][1].isoformat()}（记录步骤：{recorded}）。"
    )
    if event.status == "已归档":
        _archive_package(store, args.event_id)
    return 0


def _archive_package(store: Store, event_id: int) -> None:
    """Archiving makes the event's package in the data folder (archives/)."""
    from .domain.errors import OpenDayError
    from .services.documents import create_event_archive

    try:
        path = create_event_archive(store, event_id, render_pdf=_pdf_renderer())
    except OpenDayError as exc:
        print(
            f"归档包没有生成：{exc.message}可稍后用 openday-cli export archive --event "
            f"{event_id} -o 文件.zip 重新生成。",
            file=sys.stderr,
        )
        return
    print(f"归档包已生成：{path}")


def _event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "theme": event.theme,
        "date": event.date.isoformat(),
        "start": event.start.strftime("%H:%M") if event.start else None,
        "end": event.end.strftime("%H:%M") if event.end else None,
        "status": event.status,
        "sites": [site.name for site in event.sites],
    }


def _cmd_list(args: argparse.Namespace, store: Store) -> int:
    if args.what == "events":
        rows: list[dict[str, Any]] = [_event_json(e) for e in store.events.list()]
    elif args.what == "reps":
        if args.event is not None:
            store.events.get(args.event)
            people = [person for _, person in store.invitations.for_event(args.event)]
        else:
            people = store.people.list()
        rows = [
            {
                "id": p.id,
                "name": p.name,
                "sex": p.sex,
                "id_number": p.id_number,
                "phone": p.phone,
                "unit": p.unit,
                "village": p.village,
                "category": p.category,
                "source": p.source,
            }
            for p in people
        ]
    else:
        if args.event is not None:
            store.events.get(args.event)
        rows = [
            {
                "id": f.id,
                "event_id": f.event_id,
                "content": f.content,
                "category": f.category,
                "status": f.status,
                "responsible": " ".join(x for x in (f.responsible_unit, f.responsible_person) if x),
                "deadline": f.deadline.isoformat() if f.deadline else None,
            }
            for f in store.feedback.list(args.event)
        ]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print("\t".join("" if v is None else str(v) for v in row.values()))
    return 0


def _cmd_check(args: argparse.Namespace, store: Store) -> int:
    problems = store.integrity_problems()
    if problems:
        for problem in problems:
            print(problem)
        print(f"发现 {len(problems)} 个问题。建议先备份数据库文件，再联系技术人员处理。")
        return 1
    print(
        f"数据库完好：活动 {store.events.count()} 个，代表 {store.people.count()} 人，"
        f"意见建议 {store.feedback.count()} 条。"
    )
    return 0


# --- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = ChineseArgumentParser(
        prog="openday-cli",
        description=f"{APP_NAME}命令行：管理活动、代表和意见建议，与窗口程序使用同一个数据库。",
        epilog="数据库位置：--db 指定 > 环境变量 OPENDAY_DB > 用户数据目录中的 openday.db",
    )
    parser.add_argument("--db", metavar="PATH", help="要打开的数据库文件（不存在则新建）")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="命令", parser_class=ChineseArgumentParser
    )
    commands.required = True

    demo = commands.add_parser(
        "demo",
        help="填入一套示例数据（3个活动、约80名代表、意见建议和问卷）",
        description="不带参数：填入约80名代表的小示例。带 --people/--events/--feedback："
        "生成指定规模的模拟数据（每人约2条邀请，已举办活动有签到，意见建议各种状态都有），"
        "同样的参数每次生成同样的数据，用于试用和性能测试。",
    )
    demo.add_argument("--people", type=_count, metavar="人数", help="代表人数（默认1000）")
    demo.add_argument("--events", type=_count, metavar="个数", help="活动个数（默认10）")
    demo.add_argument(
        "--feedback", type=_count, metavar="条数", help="意见建议条数（默认人数的五分之一）"
    )
    demo.set_defaults(handler=_cmd_demo)

    event = commands.add_parser("event", help="活动相关操作")
    event_commands = event.add_subparsers(
        dest="event_command", metavar="操作", parser_class=ChineseArgumentParser
    )
    event_commands.required = True
    _register_event_record(event_commands)
    event_add = event_commands.add_parser("add", help="新建活动，输出新活动的编号")
    event_add.add_argument("--title", required=True, help="活动名称")
    event_add.add_argument("--date", required=True, type=_parse_date, help="日期 YYYY-MM-DD")
    event_add.add_argument("--start", type=_parse_time, help="开始时间 HH:MM")
    event_add.add_argument("--end", type=_parse_time, help="结束时间 HH:MM")
    event_add.add_argument("--theme", help="活动主题")
    event_add.add_argument(
        "--kind",
        choices=list(EVENT_KINDS),
        default=EVENT_KINDS[0],
        help="活动类型（默认政府开放日）：政府开放日按规定检查每个开放点人数和群众代表占比，"
        "政务公开日（5·15）和政务公开活动这两项只作提醒；默认文书文字随类型不同",
    )
    event_add.add_argument(
        "--site", action="append", metavar="NAME", help="开放点名称，按参观顺序可重复填写"
    )
    event_add.set_defaults(handler=_cmd_event_add)
    event_status = event_commands.add_parser(
        "status",
        help="推进或退回活动状态（与窗口中“推进状态…”规则相同）",
        description="把活动推进到某个状态：筹备中、方案已报备、代表已公示、已举办、已总结、已归档。"
        "向前可跳过中间步骤（跳过的步骤记同一日期），退回只能退一步；日期不能晚于今天，"
        "“已举办”及以后不能早于活动日期。不允许时退出码为1并说明原因。"
        "已归档的活动不能用本命令退回，请用 event unarchive 并写明原因。",
    )
    event_status.add_argument("event_id", type=int, metavar="ID", help="活动编号")
    event_status.add_argument("status", metavar="STATUS", help="目标状态，例如 已举办")
    event_status.add_argument(
        "--date", type=_parse_date, help="这一步的日期 YYYY-MM-DD（默认今天）"
    )
    event_status.set_defaults(handler=_cmd_event_status)

    listing = commands.add_parser("list", help="列出活动、代表或意见建议")
    listing.add_argument(
        "what",
        metavar="内容",
        choices=["events", "reps", "feedback"],
        help="要列出的内容：events 活动、reps 代表、feedback 意见建议",
    )
    listing.add_argument("--event", type=int, metavar="ID", help="只列出某个活动的代表或意见建议")
    listing.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    listing.set_defaults(handler=_cmd_list)

    check = commands.add_parser("check", help="检查数据库是否完好")
    check.set_defaults(handler=_cmd_check)

    # Further issue-specific commands register themselves here.
    for register in _EXTRA_COMMANDS:
        register(commands)
    return parser


# Functions that add sub-parsers (each sets ``handler``); kept in a list so features stay in
# their own section of this file.
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


# --- follow-through: stats, feedback add -----------------------------------------------


def _cmd_stats(args: argparse.Namespace, store: Store) -> int:
    from .domain.statistics import summary_lines
    from .storage.statistics import event_stats, year_stats

    if args.event is not None:
        stats = event_stats(store, args.event)
        heading = f"活动“{store.events.get(args.event).title}”（编号 {args.event}）"
    else:
        stats = year_stats(store, args.year)
        heading = f"{args.year}年（共 {stats.events} 个活动）"
    if args.event is not None:
        if args.json:
            _print_json(stats.to_json())
            return 0
        print(f"{heading}统计：")
        for line in summary_lines(stats):
            print(f"  {line}")
        return 0
    from .storage.selection import year_rule_results, year_rules_json, year_rules_lines
    from .storage.statistics import compliance

    check = compliance(store, args.year)
    rules = year_rule_results(store, args.year)
    if args.json:
        _print_json(
            {**stats.to_json(), "compliance": check.to_json(), "rules": year_rules_json(rules)}
        )
        return 0
    print(f"{heading}统计：")
    for line in summary_lines(stats):
        print(f"  {line}")
    print(f"  年度要求：{check.describe()}")
    for line in year_rules_lines(rules):
        print(f"  {line}")
    return 0


def _cmd_feedback_add(args: argparse.Namespace, store: Store) -> int:
    from .domain.feedback import default_category
    from .domain.models import Feedback
    from .services.feedback import add_feedback

    category = args.category or default_category(store.settings.get("feedback_categories"))
    item = Feedback(
        event_id=args.event, content=args.content, category=category, person_id=args.person
    )
    print(add_feedback(store, item))
    return 0


def _register_follow_through(commands: Any) -> None:
    stats = commands.add_parser(
        "stats",
        help="统计某个活动或某一年的人数、满意率和办结率",
        description="--year 另外给出年度要求是否达到（只计已举办的活动；按设置中的每年应举办"
        "次数和月份/半年，JSON 中为 compliance：required、held、ok、message、missing）"
        "和已举办活动按名单、按实到人员的规则检查结果（JSON 中为 rules）。",
    )
    which = stats.add_mutually_exclusive_group(required=True)
    which.add_argument("--event", type=int, metavar="ID", help="统计一个活动")
    which.add_argument("--year", type=int, metavar="YYYY", help="统计这一年的全部活动")
    stats.add_argument("--json", action="store_true", help="以 JSON 对象输出")
    stats.set_defaults(handler=_cmd_stats)

    feedback = commands.add_parser("feedback", help="意见建议相关操作")
    feedback_commands = feedback.add_subparsers(
        dest="feedback_command", metavar="操作", parser_class=ChineseArgumentParser
    )
    feedback_commands.required = True
    add = feedback_commands.add_parser("add", help="登记一条意见建议，输出新编号")
    add.add_argument("--event", type=int, required=True, metavar="ID", help="所属活动的编号")
    add.add_argument("--content", required=True, help="意见建议内容")
    add.add_argument("--category", help="分类（须是设置中的意见建议分类之一，默认“其他”）")
    add.add_argument(
        "--person", type=int, metavar="ID", help="提出人在代表库中的编号（不填为匿名）"
    )
    add.set_defaults(handler=_cmd_feedback_add)


_EXTRA_COMMANDS.append(_register_follow_through)

# --- end of follow-through -----------------------------------------------------------------

# --- the event's trail: publication records, attachments ---------------------------------


def _cmd_publication_add(args: argparse.Namespace, store: Store) -> int:
    from .domain.trail import Publication
    from .services.trail import add_publication

    item = Publication(
        event_id=args.event,
        what=args.what,
        channel=args.channel,
        date=args.date or date.today(),
        place=args.link or "",
        notes=args.notes or "",
    )
    print(add_publication(store, item))
    return 0


def _cmd_publication_list(args: argparse.Namespace, store: Store) -> int:
    from .domain.dates import chinese_date
    from .services.trail import publication_rows
    from .storage.statistics import missing_publications_of

    store.events.get(args.event)
    rows = publication_rows(store, args.event)
    missing = missing_publications_of(store, args.event)
    if args.json:
        _print_json(
            {
                "publications": [row.to_json() for row in rows],
                "missing": [
                    {"what": d.task.removeprefix("公开"), "due": d.due.isoformat()} for d in missing
                ],
            }
        )
        return 0
    for row in rows:
        timing = {True: "按时", False: "逾期", None: ""}[row.on_time]
        place = f"（{row.item.place}）" if row.item.place else ""
        print(
            f"{row.item.id}\t{chinese_date(row.item.date)}\t{row.item.what}\t"
            f"{row.item.channel}{place}\t{timing}"
        )
    for deadline in missing:
        print(f"未登记：{deadline.describe()}")
    return 0


def _cmd_attachment_add(args: argparse.Namespace, store: Store) -> int:
    from .services.attachments import add_attachment

    print(
        add_attachment(
            store,
            args.event,
            args.file,
            caption=args.caption or "",
            kind=args.kind or "",
            on=args.date,
        )
    )
    return 0


def _cmd_attachment_list(args: argparse.Namespace, store: Store) -> int:
    from .services.attachments import attachment_path

    store.events.get(args.event)
    items = store.trail.attachments(args.event)
    if args.json:
        _print_json(
            [
                {
                    "id": item.id,
                    "event_id": item.event_id,
                    "kind": item.kind,
                    "caption": item.caption,
                    "date": item.date.isoformat(),
                    "original_name": item.original_name,
                    "size": item.size,
                    "path": str(attachment_path(store, item)),
                }
                for item in items
            ]
        )
        return 0
    for item in items:
        print(
            f"{item.id}\t{item.date.isoformat()}\t{item.kind}\t{item.caption}\t"
            f"{attachment_path(store, item)}"
        )
    return 0


def _cmd_attachment_remove(args: argparse.Namespace, store: Store) -> int:
    from .services.attachments import remove_attachments

    print(f"已删除 {remove_attachments(store, args.ids)} 个附件及其副本。")
    return 0


def _register_trail(commands: Any) -> None:
    from .domain.trail import ATTACHMENT_KINDS, PUBLICATION_CHANNELS, PUBLICATION_KINDS

    publication = commands.add_parser(
        "publication",
        help="活动的公开记录：实施方案、代表名单、活动情况、意见建议办理结果在何时何处公开",
    )
    actions = publication.add_subparsers(
        dest="publication_command", metavar="操作", parser_class=ChineseArgumentParser
    )
    actions.required = True
    add = actions.add_parser("add", help="登记一次公开，输出新记录的编号")
    add.add_argument("--event", type=int, required=True, metavar="ID", help="活动编号")
    add.add_argument("--what", required=True, choices=PUBLICATION_KINDS, help="公开的内容")
    add.add_argument("--channel", required=True, choices=PUBLICATION_CHANNELS, help="公开渠道")
    add.add_argument(
        "--link", metavar="网址或地点", help="网址，或公开栏等地点（渠道为“其他”时必填）"
    )
    add.add_argument("--date", type=_parse_date, metavar="日期", help="公开日期（默认今天）")
    add.add_argument("--notes", help="备注")
    add.set_defaults(handler=_cmd_publication_add)
    listing = actions.add_parser(
        "list",
        help="列出活动的公开记录（是否按时）和尚未登记的公开事项及期限",
        description="JSON 中 publications 为已登记的记录（due 为应公开日期，on_time 为是否按时），"
        "missing 为尚未登记的公开事项和应公开日期。",
    )
    listing.add_argument("--event", type=int, required=True, metavar="ID", help="活动编号")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=_cmd_publication_list)

    attachment = commands.add_parser(
        "attachment", help="活动的影像资料和附件：照片、视频、签到表扫描件等（复制到数据文件夹）"
    )
    actions = attachment.add_subparsers(
        dest="attachment_command", metavar="操作", parser_class=ChineseArgumentParser
    )
    actions.required = True
    add = actions.add_parser(
        "add",
        help="把文件复制到数据文件夹并登记为活动附件，输出新附件的编号",
        description="文件复制到数据库旁边的 attachments/<活动编号>/ 文件夹（仅本人可读），"
        "原文件不动。",
    )
    add.add_argument("--event", type=int, required=True, metavar="ID", help="活动编号")
    add.add_argument("file", metavar="FILE", help="要保存的文件")
    add.add_argument("--caption", help="说明，例如“座谈交流现场”")
    add.add_argument(
        "--kind",
        choices=ATTACHMENT_KINDS,
        help="类型（默认按文件类型：图片为照片，PDF为签到表扫描件）",
    )
    add.add_argument(
        "--date", type=_parse_date, metavar="日期", help="拍摄或形成日期（默认活动日期）"
    )
    add.set_defaults(handler=_cmd_attachment_add)
    listing = actions.add_parser("list", help="列出活动的附件（含保存位置）")
    listing.add_argument("--event", type=int, required=True, metavar="ID", help="活动编号")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=_cmd_attachment_list)
    remove = actions.add_parser("remove", help="删除附件（连同数据文件夹中的副本）")
    remove.add_argument("ids", type=int, nargs="+", metavar="ID", help="附件编号")
    remove.set_defaults(handler=_cmd_attachment_remove)


_EXTRA_COMMANDS.append(_register_trail)

# --- representatives: roster import, rule check -------------------------------------------


def _cmd_import_roster(args: argparse.Namespace, store: Store) -> int:
    from .imports import write_report_json, write_report_xlsx
    from .services.roster_import import import_roster, import_rosters

    if len(args.file) == 1 and not Path(args.file[0]).is_dir():
        report = import_roster(store, args.file[0], event_id=args.event)
        where = f"工作表“{report.sheet_name}”，" if report.sheet_name else ""
        where += f"表头在第{report.header_row}行" if report.header_row else "个人报名表"
        print(f"已导入“{report.file_name}”（{where}）：{report.summary()}")
    else:
        report = import_rosters(store, args.file, event_id=args.event)
        print(f"已导入{len(report.files)}个文件：{report.summary()}")
    for line in report.issue_lines(limit=50):
        print(f"  {line}")
    if args.report:
        if args.report.lower().endswith(".xlsx"):
            write_report_xlsx(report, args.report)
        else:
            write_report_json(report, args.report)
        print(f"导入报告已保存到：{args.report}")
    # Bad rows are reported, not a failure: the good rows are stored. Exit 1 is for files
    # that cannot be imported at all (raised as OpenDayError and printed by main()).
    return 0


def _cmd_check_event(args: argparse.Namespace, store: Store) -> int:
    from .storage.selection import check_event_in_store

    result = check_event_in_store(store, args.event_id)
    if args.json:
        _print_json(result.to_dict())
    else:
        title = f"{store.events.get(args.event_id).title}（编号 {args.event_id}）"
        counted = f"名单中计入 {result.total} 人"
        if result.held:
            counted += f"，实到 {result.present} 人"
        errors, warnings = result.errors, result.warnings
        if not errors:
            print(f"{title}符合全部规则，{counted}。")
        else:
            print(f"{title}有 {len(errors)} 个问题，{counted}：")
            for number, problem in enumerate(errors, start=1):
                print(f"  {number}. {problem.message}（{problem.code}）")
        if warnings:
            print("提醒（不影响检查结果）：")
            for problem in warnings:
                print(f"  - {problem.message}（{problem.code}）")
    return 0 if result.ok else 1


def _register_representatives(commands: Any) -> None:
    roster = commands.add_parser(
        "import-roster",
        help="从 Excel（.xlsx）、CSV 名册或个人报名表（.xlsx/.docx）导入代表，可一次导入多个文件",
        description="名册按表头读取；一人一表的个人报名表（姓名 | 张三 | 性别 | 男 …）按栏目读取"
        "一个人。可同时给出多个文件或文件夹（读取其中的 .xlsx、.csv、.docx），"
        "报告中每个问题都写明文件和栏目。",
    )
    roster.add_argument(
        "file",
        metavar="FILE",
        nargs="+",
        help="名册或报名表文件（.xlsx、.csv（UTF-8 或 GBK 编码）、.docx），或存放报名表的文件夹",
    )
    roster.add_argument(
        "--event",
        type=int,
        metavar="ID",
        help="把有效人员加入这个活动的名单（状态“已报名”）；活动当天未满最低年龄的行报错，不加入",
    )
    roster.add_argument(
        "--report",
        metavar="OUT.json",
        help="把导入报告保存为 JSON（文件名以 .xlsx 结尾则保存为含问题行的 Excel 表）",
    )
    roster.set_defaults(handler=_cmd_import_roster)

    check_event = commands.add_parser(
        "check-event",
        help="按规则检查活动名单（每个开放点人数、群众代表占比、配额、年龄、重复；"
        "已举办的活动另查实到人员）",
        description="每个开放点的参观人数是路线经过该点的人数：未分组时全体人员依次参观全部"
        "开放点。活动已举办后，另按实到（已签到）人员检查每个开放点人数和群众代表占比"
        "（PRESENT_MIN_PER_SITE、PRESENT_CITIZEN_SHARE）。开放点个数超出本单位范围、"
        "公示期晚于活动、座谈没有时间段只作提醒（severity 为 warning），不影响结果。"
        "有问题（error）时退出码为1。",
    )
    check_event.add_argument("event_id", type=int, metavar="ID", help="活动编号")
    check_event.add_argument(
        "--json",
        action="store_true",
        help='以 JSON 输出：{"ok", "problems": [{"code", "message", "severity"}], '
        '"listed", "present"}；ok 只在有 error 时为 false',
    )
    check_event.set_defaults(handler=_cmd_check_event)


_EXTRA_COMMANDS.append(_register_representatives)


# --- suggestions from a spreadsheet ---------------------------------------------------------


def _cmd_import_feedback(args: argparse.Namespace, store: Store) -> int:
    from .imports import write_report_json, write_report_xlsx
    from .services.feedback_import import import_feedback

    report = import_feedback(store, args.file, args.event)
    where = f"工作表“{report.sheet_name}”，" if report.sheet_name else ""
    print(
        f"已从“{report.file_name}”（{where}表头在第{report.header_row}行）"
        f"导入意见建议{report.imported}条。"
    )
    for line in report.issue_lines(limit=50):
        print(f"  {line}")
    if args.report:
        if args.report.lower().endswith(".xlsx"):
            write_report_xlsx(report, args.report)
        else:
            write_report_json(report, args.report)
        print(f"导入报告已保存到：{args.report}")
    return 0


def _register_feedback_import(commands: Any) -> None:
    parser = commands.add_parser(
        "import-feedback",
        help="从 Excel（.xlsx）或 CSV 表格导入某次活动的意见建议",
        description="自动查找表头行，识别“内容/意见建议/建议内容”“提出人”“分类/类别”“联系电话”"
        "“责任单位”“责任人”“办理时限”“日期”等列；分类按本单位的意见建议分类读取，"
        "读不出的记为“其他”并提醒；有错误的行不导入，在报告中写明行号和列。"
        "填了责任单位的记为“办理中”，未填办理时限的按规定工作日数计算。",
    )
    parser.add_argument("file", metavar="FILE", help="意见建议表格（.xlsx 或 .csv）")
    parser.add_argument(
        "--event", type=int, metavar="ID", required=True, help="这些意见建议来自哪次活动"
    )
    parser.add_argument(
        "--report",
        metavar="OUT.json",
        help="把导入报告保存为 JSON（文件名以 .xlsx 结尾则保存为含问题行的 Excel 表）",
    )
    parser.set_defaults(handler=_cmd_import_feedback)


_EXTRA_COMMANDS.append(_register_feedback_import)

# --- end of representatives ----------------------------------------------------------------

# --- categories ----------------------------------------------------------------------------


def _cmd_category_list(args: argparse.Namespace, store: Store) -> int:
    categories = store.categories.list()
    counts = store.categories.people_counts()
    if args.json:
        _print_json(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "position": position,
                    "citizen": c.citizen,
                    "synonyms": c.synonyms,
                    "people": counts.get(c.name, 0),
                }
                for position, c in enumerate(categories, start=1)
            ]
        )
        return 0
    for position, c in enumerate(categories, start=1):
        mark = "（计入群众）" if c.citizen else ""
        synonyms = f"  同义词：{'、'.join(c.synonyms)}" if c.synonyms else ""
        print(f"{position}. {c.name}{mark}  {counts.get(c.name, 0)}人{synonyms}")
    return 0


def _cmd_category_add(args: argparse.Namespace, store: Store) -> int:
    from .services.categories import add_category

    category = add_category(store, args.name, args.synonym or [], citizen=args.citizen)
    print(f"已添加代表类别“{category.name}”（编号{category.id}）。")
    return 0


def _register_categories(commands: Any) -> None:
    category = commands.add_parser(
        "category", help="代表类别：列出、添加（窗口中：设置 → 代表类别…）"
    )
    actions = category.add_subparsers(
        dest="action", metavar="操作", required=True, parser_class=ChineseArgumentParser
    )
    listing = actions.add_parser("list", help="按显示顺序列出类别、同义词、是否计入群众和人数")
    listing.add_argument(
        "--json",
        action="store_true",
        help="以 JSON 输出：[{id, name, position, citizen, synonyms, people}, ...]",
    )
    listing.set_defaults(handler=_cmd_category_list)
    add = actions.add_parser("add", help="添加类别（排在“其他”之前）")
    add.add_argument("name", metavar="NAME", help="类别名称，例如 乡贤代表")
    add.add_argument(
        "--synonym",
        action="append",
        metavar="TEXT",
        help="同义词：名册中写成这个词也算这个类别（可重复，如 --synonym 乡贤）",
    )
    add.add_argument(
        "--citizen", action="store_true", help="这个类别的人计入群众代表（三分之一规则）"
    )
    add.set_defaults(handler=_cmd_category_add)


_EXTRA_COMMANDS.append(_register_categories)

# --- end of categories ---------------------------------------------------------------------

# --- documents: every kind from the registry in services/documents.py -----------------------


def _render_signin_pdf(html: str, path: str) -> None:
    """Print the sign-in sheet's HTML to a PDF through the app's print module (ui/printing.py).

    Design note: one renderer (``render_html_to_printer``) draws the window's print preview,
    the printout and this PDF, so the pages are identical wherever they come from. It needs
    Qt, so it is imported here, only for a .pdf target: every other command stays free of Qt
    (tests/unit/test_layers.py). ``write_pdf`` starts a windowless Qt application when none
    runs, on the "offscreen" platform when there is no display (QT_QPA_PLATFORM=offscreen).
    """
    from .ui.documents.printing import write_pdf

    write_pdf(html, path)


def _pdf_renderer() -> Callable[[str, Any], None] | None:
    """The sign-in PDF renderer for a package, or None where Qt cannot start (the package
    then says the PDF was left out)."""
    try:
        from .ui.documents.printing import write_pdf  # noqa: F401 - Qt importable here?
    except ImportError:
        return None
    return lambda html, path: _render_signin_pdf(html, str(path))


def _cmd_export(args: argparse.Namespace, store: Store) -> int:
    from pathlib import Path

    from .exports.safety import ExportError
    from .services import documents

    kind = documents.document_kind(args.kind)
    if kind.needs_year and args.year is None:
        raise ExportError(
            f"导出{kind.title}需要用 --year 指定年份，例如 --year {date.today().year}。"
        )
    if kind.needs_event and args.event is None:
        raise ExportError(f"导出{kind.title}需要用 --event 指定活动编号。")
    site = None if args.site is None else args.site - 1
    if site is not None and site < 0:
        raise ExportError("--site 从 1 开始编号（第1个开放点写 --site 1）。")
    request = documents.ExportRequest(
        args.event,
        site=site,
        all_sites=args.all_sites,
        on=args.date,
        year=args.year,
        render_pdf=_pdf_renderer() if kind.name == "archive" else None,
    )
    try:
        written = documents.export_document(
            store,
            kind.name,
            request,
            Path(args.output),
            render_pdf=lambda html, path: _render_signin_pdf(html, str(path)),
        )
    except documents.PlaceholderError as exc:
        first = exc.settings[0].key
        raise ExportError(
            f"{exc.message}命令行中可用 openday-cli settings set 设置项 值 填写，"
            f"例如 openday-cli settings set {first} …"
        ) from None
    print(written)
    return 0


def _register_documents(commands: Any) -> None:
    from .services.documents import DOCUMENT_KINDS

    titles = "、".join(kind.menu_title or kind.title for kind in DOCUMENT_KINDS)
    export = commands.add_parser("export", help=f"导出公文和表格：{titles}")
    export.add_argument(
        "kind",
        choices=[kind.name for kind in DOCUMENT_KINDS],
        metavar="类型",
        help=" | ".join(kind.event_help() for kind in DOCUMENT_KINDS),
    )
    export.add_argument("--event", type=int, metavar="ID", help="活动编号")
    yearly = "、".join(kind.title for kind in DOCUMENT_KINDS if kind.needs_year)
    export.add_argument("--year", type=int, metavar="YYYY", help=f"{yearly}的年份")
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="输出文件（扩展名决定格式："
        + "；".join(f"{kind.name} {' '.join(kind.suffixes)}" for kind in DOCUMENT_KINDS)
        + "）",
    )
    site_kinds = "、".join(kind.title for kind in DOCUMENT_KINDS if kind.per_site)
    export.add_argument(
        "--site", type=int, metavar="N", help=f"{site_kinds}只针对第 N 个开放点（从 1 开始）"
    )
    export.add_argument(
        "--all-sites", action="store_true", help=f"{site_kinds}为每个开放点各生成一个工作表"
    )
    dated = "，".join(
        f"{kind.menu_title or kind.title}为{kind.date_help}"
        for kind in DOCUMENT_KINDS
        if kind.date_help
    )
    export.add_argument(
        "--date", type=_parse_date, metavar="YYYY-MM-DD", help=f"日期，默认今天（{dated}）"
    )
    export.set_defaults(handler=_cmd_export)


_EXTRA_COMMANDS.append(_register_documents)

# --- end of documents ----------------------------------------------------------------------


# --- the record: attendance (sign-in, 补录), un-archiving -----------------------------------


def _cmd_signin(args: argparse.Namespace, store: Store) -> int:
    from .domain.models import ATTENDANCE_ABSENT, ATTENDANCE_PRESENT
    from .services.attendance import record_for_people
    from .storage.audit import os_user

    attendance = "" if args.undo else ATTENDANCE_ABSENT if args.absent else ATTENDANCE_PRESENT
    # The command line is the 补录 action too: on a past event the entries are stamped with
    # who and when (on the day itself this changes nothing).
    result = record_for_people(store, args.event, args.person_ids, attendance, backfill=True)
    event = store.events.get(args.event)
    verb = "撤销出勤记录" if args.undo else "记为缺席" if args.absent else "签到"
    heading = f"{event.title}（编号 {args.event}）"
    if result.backfill:
        heading += f"补录（补录人 {os_user()}）"
    print(
        f"{heading}：{verb} {len(result.changed)} 人"
        + (f"：{'、'.join(result.changed)}" if result.changed else "")
        + "。"
    )
    if result.unchanged:
        print(f"  原已是这个状态，未改动：{'、'.join(result.unchanged)}")
    if result.skipped:
        print(f"  审核未通过或已退出，未处理：{'、'.join(result.skipped)}")
    return 0


def _cmd_event_unarchive(args: argparse.Namespace, store: Store) -> int:
    from .services.events import unarchive_event

    status, day = unarchive_event(store, args.event_id, args.reason, args.date)
    event = store.events.get(args.event_id)
    print(
        f"{event.title}（编号 {args.event_id}）已取消归档，回到“{status}”，"
        f"日期{day.isoformat()}，原因：{' '.join(args.reason.split())}。"
    )
    return 0


def _register_record(commands: Any) -> None:
    signin = commands.add_parser(
        "signin",
        help="登记活动的签到或缺席（活动已过则为补录，记下补录人和时间）",
        description="按代表库编号登记签到（默认）、缺席（--absent）或撤销（--undo）。"
        "只能登记名单中的人；活动当天为现场签到，活动日期已过则为补录：记下补录人和补录时间，"
        "签到不记具体时刻；活动还没到或已归档时拒绝，退出码为1。",
    )
    signin.add_argument("--event", type=int, required=True, metavar="ID", help="活动编号")
    signin.add_argument(
        "person_ids", type=int, nargs="+", metavar="PERSON_ID", help="代表库编号，可写多个"
    )
    what = signin.add_mutually_exclusive_group()
    what.add_argument("--absent", action="store_true", help="记为缺席")
    what.add_argument("--undo", action="store_true", help="撤销签到或缺席（点错时更正）")
    signin.set_defaults(handler=_cmd_signin)


def _register_event_record(event_commands: Any) -> None:
    unarchive = event_commands.add_parser(
        "unarchive",
        help="取消归档：已归档的活动回到“已总结”，须写明原因（连同日期记入状态记录）",
        description="已归档活动的名单、签到、意见建议、问卷和文书内容都已封存。确需更正时用本命令"
        "取消归档，原因和日期记入活动的状态记录；改完后可再用 event status 归档。",
    )
    unarchive.add_argument("event_id", type=int, metavar="ID", help="活动编号")
    unarchive.add_argument("--reason", required=True, help="取消归档的原因，例如：更正签到记录")
    unarchive.add_argument(
        "--date", type=_parse_date, metavar="YYYY-MM-DD", help="取消归档的日期（默认今天）"
    )
    unarchive.set_defaults(handler=_cmd_event_unarchive)


_EXTRA_COMMANDS.append(_register_record)

# --- end of the record -----------------------------------------------------------------------


# --- settings ------------------------------------------------------------------------------


def _cmd_settings_list(args: argparse.Namespace, store: Store) -> int:
    from .domain.settings import SETTINGS, format_value, missing_unit_settings

    values = store.settings.all()
    missing = {spec.key for spec in missing_unit_settings(values)}
    if args.json:
        _print_json(
            [
                {
                    "key": spec.key,
                    "label": spec.label,
                    "group": spec.group,
                    "value": values[spec.key],
                    "default": spec.default,
                    "needs_filling": spec.key in missing,
                }
                for spec in SETTINGS
            ]
        )
        return 0
    for spec in SETTINGS:
        mark = "  （待填写）" if spec.key in missing else ""
        text = format_value(spec, values[spec.key]).replace("\n", " / ")
        print(f"{spec.key}\t{spec.label}：{text}{mark}")
    return 0


def _cmd_settings_set(args: argparse.Namespace, store: Store) -> int:
    from .domain.settings import find_spec, format_value
    from .services.settings import set_setting

    spec = find_spec(args.key)
    value: Any = args.value
    if spec.kind == "list" and value.lstrip().startswith("["):
        try:
            value = json.loads(value)  # a list setting given as a JSON array
        except ValueError:
            pass
    if isinstance(value, str) and spec.kind in ("list", "multiline"):
        value = value.replace("\\n", "\n")  # one line on the shell: 组长：…\n副组长：…
    try:
        key, stored = set_setting(store, spec.key, value)
    except ValidationError as exc:
        raise ValidationError(
            spec.key, f"设置项 {spec.key}（{spec.label}）：{exc.message}"
        ) from None
    print(f"已设置 {key}（{spec.label}）= {format_value(spec, stored)}")
    return 0


def _register_settings(commands: Any) -> None:
    settings = commands.add_parser("settings", help="查看或修改设置（单位信息、规则与时限等）")
    settings_commands = settings.add_subparsers(
        dest="settings_command", metavar="操作", parser_class=ChineseArgumentParser
    )
    settings_commands.required = True
    listing = settings_commands.add_parser("list", help="列出全部设置项及当前值")
    listing.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    listing.set_defaults(handler=_cmd_settings_list)
    setting = settings_commands.add_parser(
        "set",
        help="修改一项设置（检查与窗口中的设置相同）",
        description="例如：settings set unit_name 青山镇人民政府；"
        "settings set citizen_share 1/3；settings set text_scale 125",
    )
    setting.add_argument(
        "key", metavar="KEY", help="设置项名称（如 unit_name）或中文名（如 单位名称）"
    )
    setting.add_argument("value", metavar="VALUE", help="新的值；多行内容用 \\n 分行")
    setting.set_defaults(handler=_cmd_settings_set)


_EXTRA_COMMANDS.append(_register_settings)

# --- end of settings -----------------------------------------------------------------------


# --- safety: backups, restore, erasure, retention, audit -----------------------------------
# These commands set ``without_store``: they run on the database file itself (a damaged one
# included) instead of an opened Store.


def _format_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _cmd_backup(args: argparse.Namespace, db_path: Path) -> int:
    from .services.maintenance import back_up_now

    target = back_up_now(db_path, Path(args.output) if args.output else None)
    print(f"已备份并检查完好：{target}")
    return 0


def _cmd_backups(args: argparse.Namespace, db_path: Path) -> int:
    from .storage.backups import list_backups

    infos = list_backups(db_path)
    if args.json:
        _print_json([info.to_json() for info in infos])
        return 0
    if not infos:
        print(f"“{db_path}”还没有备份（备份保存在数据库旁边的 backups 文件夹）。")
        return 0
    for info in infos:
        when = info.time.strftime("%Y-%m-%d %H:%M") if info.time else "时间不明"
        if info.ok:
            state = f"完好  代表 {info.people} 人，活动 {info.events} 个"
        else:
            state = f"不可用：{info.problem}"
        print(f"{when}  {_format_size(info.size):>9}  {state}  {info.path}")
    return 0


def _cmd_restore(args: argparse.Namespace, db_path: Path) -> int:
    from .services.maintenance import restore

    kept, info = restore(db_path, Path(args.file))
    if kept is not None:
        print(f"原来的数据库已另存为：{kept}")
    print(f"已从“{args.file}”恢复：代表 {info.people} 人，活动 {info.events} 个。")
    return 0


def _cmd_person_erase(args: argparse.Namespace, store: Store) -> int:
    from .services.privacy import erase_people

    report = erase_people(store, args.person_ids)
    print(report.summary())
    return 0


def _cmd_person_retention(args: argparse.Namespace, store: Store) -> int:
    from .services.privacy import erase_people, retention_candidates

    candidates = retention_candidates(store, years=args.years)
    if args.json and not args.erase:
        _print_json([candidate.to_json() for candidate in candidates])
        return 0
    years = args.years or store.settings.get("retention_years")
    if not candidates:
        print(f"没有超过 {years} 年未参加活动的人员。")
        return 0
    if not args.erase:
        print(f"超过 {years} 年未参加活动的人员 {len(candidates)} 人（加 --erase 一并抹去）：")
        for candidate in candidates:
            print(f"  {candidate.person_id}\t{candidate.masked_name}\t最近：{candidate.last_label}")
        return 0
    report = erase_people(store, [c.person_id for c in candidates])
    print(report.summary())
    return 0


def _cmd_audit(args: argparse.Namespace, store: Store) -> int:
    from datetime import datetime

    from .storage.audit import action_label, audit_entries, entity_label, field_label

    since = datetime.combine(args.since, time()) if args.since else None
    entries = audit_entries(store.db, since=since, limit=args.limit)
    if args.json:
        _print_json([entry.to_json() for entry in entries])
        return 0
    for entry in entries:
        change = (
            f"{entry.old or ''} → {entry.new or ''}"
            if entry.action == "update"
            else (entry.new or entry.old or "")
        )
        number = "" if entry.entity_id is None else f"（编号{entry.entity_id}）"
        print(
            f"{entry.at:%Y-%m-%d %H:%M:%S}\t{entry.user}\t{action_label(entry.action)}\t"
            f"{entity_label(entry.entity)}{number}\t{field_label(entry.field)}\t{change}"
        )
    return 0


def _register_safety(commands: Any) -> None:
    backup = commands.add_parser("backup", help="立即备份数据库（备份后检查完好才算数）")
    backup.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="备份到这个文件（默认保存在数据库旁的 backups 文件夹）",
    )
    backup.set_defaults(without_store=_cmd_backup)

    backups = commands.add_parser("backups", help="列出备份：时间、大小、是否完好、人数")
    backups.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    backups.set_defaults(without_store=_cmd_backups)

    restore = commands.add_parser(
        "restore", help="用一份完好的备份替换数据库（先另存当前文件，拒绝损坏的备份）"
    )
    restore.add_argument("file", metavar="FILE", help="备份文件（openday-cli backups 列出的路径）")
    restore.set_defaults(without_store=_cmd_restore)

    person = commands.add_parser("person", help="代表个人信息：抹去、保存期限审查")
    person_commands = person.add_subparsers(
        dest="person_command", metavar="操作", parser_class=ChineseArgumentParser
    )
    person_commands.required = True
    erase = person_commands.add_parser(
        "erase",
        help="删除并抹去某人：出席记录、意见建议中的姓名电话身份证号、所有备份中的记录",
    )
    erase.add_argument("person_ids", type=int, nargs="+", metavar="ID", help="代表编号")
    erase.set_defaults(handler=_cmd_person_erase)
    retention = person_commands.add_parser(
        "retention", help="列出超过保存期限（设置“个人信息保存年限”）未参加活动的人员"
    )
    retention.add_argument("--years", type=int, metavar="N", help="年限（默认按设置，5 年）")
    retention.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    retention.add_argument("--erase", action="store_true", help="把列出的人员全部抹去")
    retention.set_defaults(handler=_cmd_person_retention)

    audit = commands.add_parser("audit", help="操作记录：谁在何时改了什么（身份证号和电话已隐去）")
    audit.add_argument("--since", type=_parse_date, metavar="YYYY-MM-DD", help="只列出这天及以后")
    audit.add_argument("--limit", type=int, metavar="N", help="最多列出 N 条（最新的在前）")
    audit.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    audit.set_defaults(handler=_cmd_audit)


_EXTRA_COMMANDS.append(_register_safety)


def _damaged_advice(db_path: Path) -> str:
    """The good backups and the command that restores the newest."""
    from .storage.backups import list_backups

    good = [info for info in list_backups(db_path) if info.ok]
    if not good:
        return "没有找到完好的备份。请不要删除这个文件，联系技术支持人员。"
    lines = ["完好的备份（最新的在前）："]
    for info in good[:5]:
        when = info.time.strftime("%Y-%m-%d %H:%M") if info.time else ""
        lines.append(f"  {when}  代表 {info.people} 人，活动 {info.events} 个  {info.path}")
    lines.append(f'恢复最新的一份：openday-cli --db "{db_path}" restore "{good[0].path}"')
    return "\n".join(lines)


def _run(args: argparse.Namespace, db_path: Path) -> int:
    without_store = getattr(args, "without_store", None)
    if without_store is not None:
        return int(without_store(args, db_path))
    store = open_store(db_path)
    try:
        # A damaged file must stop every command before it reads half a table.
        store.require_sound()
        handler: Handler = args.handler
        return handler(args, store)
    finally:
        store.close()


def _log_unexpected(exc: BaseException) -> None:
    import logging
    import traceback

    from .storage.files import private_dir
    from .storage.location import log_path

    try:
        private_dir(log_path().parent)
        with open(log_path(), "a", encoding="utf-8") as log:
            log.write("".join(traceback.format_exception(exc)))
    except OSError:
        logging.getLogger("openday").debug("log not writable", exc_info=True)


# --- end of safety -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from .domain.errors import DatabaseDamagedError
    from .storage.diagnosis import diagnose, is_damage
    from .storage.files import restrict_umask

    parser = build_parser()
    args = parser.parse_args(argv)
    restrict_umask()
    db_path = resolve_db_path(args.db)
    try:
        return _run(args, db_path)
    except DatabaseDamagedError as exc:
        print(f"错误：{exc.message}\n{_damaged_advice(db_path)}", file=sys.stderr)
        return 1
    except Exception as exc:  # every failure is said in Chinese: never a traceback
        if not isinstance(exc, (OpenDayError, sqlite3.Error, OSError)):
            _log_unexpected(exc)
        message = diagnose(exc, db_path)
        if is_damage(message):  # the file itself is unreadable: show the way back
            message += "\n" + _damaged_advice(db_path)
        print(f"错误：{message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
