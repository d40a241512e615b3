"""The command line ``openday-cli``: the same data and rules as the window, without Qt.

Exit codes: 0 success, 1 a problem with the input or the data (Chinese message on stderr),
2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, time
from typing import Any

from . import APP_NAME, __version__
from .domain.errors import OpenDayError, ValidationError
from .domain.models import Event, Site
from .storage import Store, open_store, resolve_db_path

Handler = Callable[[argparse.Namespace, Store], int]


class _ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its fixed English section titles put into Chinese."""

    def format_help(self) -> str:
        text = super().format_help()
        return (
            text.replace("usage:", "用法：")
            .replace("positional arguments:", "位置参数：")
            .replace("options:", "选项：")
            .replace("show this help message and exit", "显示帮助并退出")
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 用法错误：{message}\n")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期“{text}”格式不对，应为 YYYY-MM-DD，例如 2026-06-12"
        ) from None


def _parse_time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"时间“{text}”格式不对，应为 HH:MM，例如 08:30") from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# --- commands ------------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace, store: Store) -> int:
    from .storage.demo import fill_demo

    summary = fill_demo(store)
    print(
        f"已生成示例数据：活动 {summary['events']} 个，代表 {summary['people']} 人，"
        f"邀请 {summary['invitations']} 条，意见建议 {summary['feedback']} 条。"
    )
    return 0


def _cmd_event_add(args: argparse.Namespace, store: Store) -> int:
    from .domain.events import require_valid_event

    event = Event(
        title=args.title,
        date=args.date,
        start=args.start,
        end=args.end,
        theme=args.theme or "",
        organizer=store.settings.get("unit_name"),
        sites=[Site(name) for name in args.site or []],
    )
    event = require_valid_event(event)
    with store.transaction():
        event_id = store.events.add(event)
    print(event_id)
    return 0


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
    parser = _ChineseArgumentParser(
        prog="openday-cli",
        description=f"{APP_NAME}命令行：管理活动、代表和意见建议，与窗口程序使用同一个数据库。",
        epilog="数据库位置：--db 指定 > 环境变量 OPENDAY_DB > 用户数据目录中的 openday.db",
    )
    parser.add_argument("--db", metavar="PATH", help="要打开的数据库文件（不存在则新建）")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="命令", parser_class=_ChineseArgumentParser
    )
    commands.required = True

    demo = commands.add_parser("demo", help="填入一套示例数据（3个活动、约80名代表）")
    demo.set_defaults(handler=_cmd_demo)

    event = commands.add_parser("event", help="活动相关操作")
    event_commands = event.add_subparsers(
        dest="event_command", metavar="操作", parser_class=_ChineseArgumentParser
    )
    event_commands.required = True
    event_add = event_commands.add_parser("add", help="新建活动，输出新活动的编号")
    event_add.add_argument("--title", required=True, help="活动名称")
    event_add.add_argument("--date", required=True, type=_parse_date, help="日期 YYYY-MM-DD")
    event_add.add_argument("--start", type=_parse_time, help="开始时间 HH:MM")
    event_add.add_argument("--end", type=_parse_time, help="结束时间 HH:MM")
    event_add.add_argument("--theme", help="活动主题")
    event_add.add_argument(
        "--site", action="append", metavar="NAME", help="开放点名称，按参观顺序可重复填写"
    )
    event_add.set_defaults(handler=_cmd_event_add)

    listing = commands.add_parser("list", help="列出活动、代表或意见建议")
    listing.add_argument("what", choices=["events", "reps", "feedback"], help="要列出的内容")
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        store = open_store(resolve_db_path(args.db))
    except OpenDayError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：无法打开数据库（{exc.strerror or exc}）。请检查路径和权限。", file=sys.stderr)
        return 1
    try:
        handler: Handler = args.handler
        return handler(args, store)
    except ValidationError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except OpenDayError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        target = f"“{exc.filename}”" if exc.filename else ""
        print(f"错误：文件{target}无法读写（{exc.strerror or exc}）。", file=sys.stderr)
        return 1
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
