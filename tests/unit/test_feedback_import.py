"""Suggestions imported from a messy spreadsheet: header search, synonyms, categories, report."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from openday_desktop.cli import main
from openday_desktop.domain.models import Event, Person, Site
from openday_desktop.imports import RosterFileError
from openday_desktop.services.feedback_import import import_feedback
from openday_desktop.storage import Store

EVENT_DAY = date(2027, 6, 15)
TODAY = date(2027, 6, 20)


def _event(store: Store) -> int:
    with store.transaction():
        event_id = store.events.add(
            Event("开放日", EVENT_DAY, sites=[Site("镇便民服务中心"), Site("镇文化站")])
        )
        store.people.add(Person("张伟", phone="13800138000"))
        store.people.add(Person("李娜"))
        store.people.add(Person("李娜", phone="13900139000"))
    return event_id


def _messy_sheet(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    rows = [
        ["青石镇政府开放日意见建议汇总表"],
        ["填报单位：党政办", None, None, None, "日期：2027年6月16日"],
        [
            "序号",
            "提出人",
            "联系方式",
            "意见建议（问题）",
            "类别",
            "承办单位",
            "办理时限",
            "提出日期",
        ],
        [
            1,
            "张伟",
            "13800138000",
            "便民服务中心周六能否开放",
            "政务服务",
            None,
            None,
            datetime(2027, 6, 15),
        ],
        [2, "李娜", None, "村道路灯损坏", "基础设施类", "镇建设办", "2027.7.10", None],
        [3, "", None, "", "环境卫生", None, None, None],  # no content: error
        [4, "王五", None, "河道垃圾", "卫生", None, "看情况", None],  # bad deadline: error
        [5, "匿名", None, "希望增加公交班次", "交通出行", None, None, None],  # unknown category
        [None, None, None, None, None, None, None, None],
        ["合计", None, None, "5条", None, None, None, None],
        ["填表人：周敏"],
    ]
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_messy_sheet_keeps_good_rows_and_reports_bad_ones(store: Store, tmp_path: Path) -> None:
    event_id = _event(store)
    report = import_feedback(store, _messy_sheet(tmp_path / "yj.xlsx"), event_id, today=TODAY)
    assert report.header_row == 3
    assert report.imported == 3
    assert [(issue.row, issue.column) for issue in report.errors] == [
        (6, "意见建议（问题）"),
        (7, "办理时限"),
    ]
    warned = {(issue.row, issue.column) for issue in report.warnings}
    assert (8, "类别") in warned  # 交通出行 -> 其他
    assert (5, "提出人") in warned  # two 李娜 in the pool, no phone: anonymous
    items = {item.content: item for item in store.feedback.list(event_id)}
    assert items["便民服务中心周六能否开放"].person_id is not None
    assert items["便民服务中心周六能否开放"].category == "政务服务"
    assert items["便民服务中心周六能否开放"].status == "待交办"
    assert items["便民服务中心周六能否开放"].deadline is not None
    lamp = items["村道路灯损坏"]
    assert (lamp.category, lamp.status, lamp.responsible_unit) == ("基础设施", "办理中", "镇建设办")
    assert lamp.deadline == date(2027, 7, 10)
    assert items["希望增加公交班次"].category == "其他"
    assert items["希望增加公交班次"].person_id is None


def test_no_content_column_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    event_id = _event(store)
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "电话"])
    workbook.save(tmp_path / "x.xlsx")
    with pytest.raises(RosterFileError, match="没有找到表头"):
        import_feedback(store, tmp_path / "x.xlsx", event_id, today=TODAY)
    assert store.feedback.list(event_id) == []


def test_cli_import_feedback_with_report(
    store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = _event(store)
    store.close()
    sheet = _messy_sheet(tmp_path / "yj.xlsx")
    out = tmp_path / "r.json"
    args = ["--db", str(db_path), "import-feedback", str(sheet), "--event", str(event_id)]
    assert main([*args, "--report", str(out)]) == 0
    assert "导入意见建议3条" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["imported"] == 3 and [e["row"] for e in data["errors"]] == [6, 7]
