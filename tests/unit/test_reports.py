"""Year report, results publication and archive package: their numbers equal the figures the
command line prints, the public account names nobody, and the package is whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from openday_desktop import cli
from openday_desktop.exports.safety import ExportError
from openday_desktop.exports.word_results import mask_personal
from openday_desktop.services import archive, documents
from openday_desktop.services.documents import ExportRequest, export_document
from openday_desktop.storage import Store

PAST, UPCOMING, PLANNING = 1, 2, 3


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def xml_text(data: bytes) -> str:
    """Every XML part of a .docx/.xlsx held in ``data``."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as inner:
        return "\n".join(
            inner.read(name).decode("utf-8") for name in inner.namelist() if name.endswith(".xml")
        )


def cli_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Any:
    capsys.readouterr()
    assert cli.main(["--db", str(db), *args]) == 0
    return json.loads(capsys.readouterr().out)


def sheet_rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in load_workbook(path)[name].iter_rows(values_only=True)]


# --- year report ---------------------------------------------------------------------------------


def test_year_report_numbers_equal_stats_year_json(
    demo_store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    year = demo_store.events.get(PAST).date.year
    expected = cli_json(capsys, db_path, "stats", "--year", str(year), "--json")
    report = documents.year_report_data(demo_store, year)
    for key, value in expected.items():
        if key != "rules":
            assert report.figures[key] == value, key

    target = tmp_path / "年度.xlsx"
    assert (
        cli.main(
            ["--db", str(db_path), "export", "year-report", "--year", str(year), "-o", str(target)]
        )
        == 0
    )
    # One sheet per table, each with a title row naming the report and the table.
    workbook = load_workbook(target)
    assert workbook.properties.creator == demo_store.settings.get("unit_name")
    assert {"年度要求", "各次活动", "代表参与", "意见建议", "办理与满意度"} <= set(
        workbook.sheetnames
    )
    for ws in workbook.worksheets:
        assert str(ws["A1"].value).endswith(ws.title) and str(year) in str(ws["A1"].value)
        assert ws.print_title_rows == "$1:$3" and ws.freeze_panes == "A4"
    people = sheet_rows(target, "代表参与")
    total = next(row for row in people if row[0] == "合计")
    assert total[1:4] == (expected["registered"], expected["selected"], expected["present"])
    present_by_category = {row[0]: row[3] for row in people[3:] if row[0] != "合计"}
    assert {k: v for k, v in present_by_category.items() if v} == expected["by_category"]
    figures = dict(row[:2] for row in sheet_rows(target, "办理与满意度")[3:])
    assert figures["意见建议总数"] == expected["feedback_total"]
    assert figures["已办结"] == expected["feedback_completed"]
    assert figures["逾期未办结"] == expected["overdue"]
    assert figures["有效问卷"] == expected["questionnaires_valid"]
    from openday_desktop.domain.statistics import format_rate

    assert figures["办结率"] == format_rate(expected["completion_rate"])
    assert figures["问卷满意率"] == format_rate(expected["satisfaction_rate"])
    for key, label in (("adopted", "采纳"), ("published", "已公开办理结果")):
        if key in expected:
            assert figures[label] == expected[key]
    feedback = sheet_rows(target, "意见建议")
    assert next(row for row in feedback if row[0] == "合计")[-1] == expected["feedback_total"]
    rule = dict(row[:2] for row in sheet_rows(target, "年度要求")[3:])
    assert rule["应举办次数"] == str(expected["compliance"]["required"])
    assert rule["已举办次数"] == str(expected["compliance"]["held"])
    assert rule["是否达到"] == ("是" if expected["compliance"]["ok"] else "否")
    # Real dates, not text: Excel sorts and filters them.
    events = sheet_rows(target, "各次活动")[3:]
    assert events and all(isinstance(row[1], dt.datetime) for row in events)
    assert sum(row[5] for row in events) == expected["selected"]
    assert sum(row[6] for row in events) == expected["present"]


def test_year_report_word_quotes_the_same_figures(
    demo_store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openday_desktop.domain.statistics import format_rate

    year = demo_store.events.get(PAST).date.year
    expected = cli_json(capsys, db_path, "stats", "--year", str(year), "--json")
    path = export_document(demo_store, "year-report", ExportRequest(year=year), tmp_path / "y.docx")
    text = docx_text(path)
    assert f"{year}年度政府开放日活动开展情况报告" in text
    assert expected["compliance"]["message"] in text
    assert f"实到{expected['present']}人，到会率{format_rate(expected['attendance_rate'])}" in text
    assert f"全年共收集意见建议{expected['feedback_total']}条" in text
    assert f"办结率{format_rate(expected['completion_rate'])}" in text
    assert f"有效满意度问卷{expected['questionnaires_valid']}份" in text
    assert len(Document(str(path)).inline_shapes) >= 2  # the charts
    properties = Document(str(path)).core_properties
    assert properties.author == demo_store.settings.get("unit_name")
    assert f"{year}年度" in properties.title


def test_year_report_needs_a_year(demo_store: Store, tmp_path: Path, db_path: Path) -> None:
    with pytest.raises(ExportError, match="需要指定年份"):
        export_document(demo_store, "year-report", ExportRequest(), tmp_path / "y.docx")
    assert (
        cli.main(["--db", str(db_path), "export", "year-report", "-o", str(tmp_path / "y.docx")])
        == 1
    )
    assert not (tmp_path / "y.docx").exists()


def test_a_year_without_events_still_reports(demo_store: Store, tmp_path: Path) -> None:
    path = export_document(demo_store, "year-report", ExportRequest(year=2001), tmp_path / "y.xlsx")
    assert "2001年应举办" in str(sheet_rows(path, "年度要求")[3][1])


# --- results publication --------------------------------------------------------------------------


def test_results_are_public_and_only_for_held_events(
    demo_store: Store, tmp_path: Path, db_path: Path
) -> None:
    with demo_store.transaction():
        items = demo_store.feedback.list(PAST)
        authored = next(item for item in items if item.person_id is not None)
        authored.content = "我的身份证号110101199003071234，电话13812345678，请回电。"
        authored.published = True
        authored.adopted = True
        demo_store.feedback.update(authored)
        unpublished = next(item for item in items if not item.published and item.id != authored.id)
    target = tmp_path / "公开.docx"
    assert (
        cli.main(
            ["--db", str(db_path), "export", "results", "--event", str(PAST), "-o", str(target)]
        )
        == 0
    )
    text = docx_text(target)
    everything = xml_text(target.read_bytes())
    assert "110101199003071234" not in everything and "13812345678" not in everything
    assert "110101********1234" in text and "138****5678" in text
    for _, person in demo_store.invitations.for_event(PAST):
        assert person.name not in everything
    people = demo_store.people.get_many(i.person_id for i in items if i.person_id is not None)
    for person in people.values():
        assert person.name not in everything
    assert unpublished.content not in text  # only what was marked for publication
    assert "采纳" in text
    stats = (
        documents.event_stats_for(demo_store, PAST)
        if hasattr(documents, "event_stats_for")
        else None
    )
    del stats
    with pytest.raises(ExportError, match="已举办"):
        export_document(demo_store, "results", ExportRequest(UPCOMING), tmp_path / "x.docx")


def test_mask_personal_leaves_other_numbers_alone() -> None:
    assert (
        mask_personal("2026年修路3000米，电话0571-12345678")
        == "2026年修路3000米，电话0571-****5678"
    )
    assert mask_personal("11010119900307123X") == "110101********123X"


# --- archive package -------------------------------------------------------------------------------


def _check_package(path: Path, store: Store) -> dict[str, Any]:
    ids = [p.id_number for p in store.people.list() if p.id_number]
    assert ids
    with zipfile.ZipFile(path) as package:
        assert package.namelist()[0] == "manifest.json"
        manifest = json.loads(package.read("manifest.json"))
        listed = {entry["path"] for entry in manifest["files"]}
        assert listed == set(package.namelist()) - {"manifest.json"}
        for entry in manifest["files"]:
            data = package.read(entry["path"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            assert entry["title"]
            if entry["public"] and entry["path"].endswith((".docx", ".xlsx")):
                text = xml_text(data)
                assert not any(number in text for number in ids), entry["path"]
    return manifest


@pytest.fixture(autouse=True)
def _no_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests run without Qt: the package's sign-in PDF is left to the GUI tests."""
    monkeypatch.setattr(cli, "_pdf_renderer", lambda: None)


def test_archive_package_holds_every_document_with_a_valid_manifest(
    demo_store: Store, tmp_path: Path, db_path: Path
) -> None:
    target = tmp_path / "归档.zip"
    assert (
        cli.main(
            ["--db", str(db_path), "export", "archive", "--event", str(PAST), "-o", str(target)]
        )
        == 0
    )
    manifest = _check_package(target, demo_store)
    titles = {entry["title"] for entry in manifest["files"]}
    assert {
        "实施方案",
        "代表公示",
        "邀请函",  # sent before the day: the held event's package still holds them
        "签到表",
        "意见建议台账（内部）",
        "活动总结",
        "活动情况公开",
    } <= titles
    assert {"满意度调查问卷", "代表名册（内部）"} <= titles
    assert manifest["event"]["id"] == PAST and manifest["archived_on"] == date.today().isoformat()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    # The internal roster is marked internal; it is the one holding full ID numbers.
    roster = next(e for e in manifest["files"] if e["title"] == "代表名册（内部）")
    assert roster["public"] is False


def test_archive_lists_what_the_event_cannot_have(demo_store: Store, tmp_path: Path) -> None:
    path = documents.write_archive(demo_store, UPCOMING, tmp_path / "a.zip", on=date(2026, 6, 1))
    manifest = _check_package(path, demo_store)
    skipped = {entry["title"]: entry["reason"] for entry in manifest["skipped"]}
    assert "已举办" in skipped["活动总结"] and "已举办" in skipped["活动情况公开"]
    assert "签到表（PDF）" in skipped  # no Qt renderer handed in
    assert manifest["archived_on"] == "2026-06-01"


def test_archiving_the_event_makes_its_package_in_the_data_folder(
    demo_store: Store, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openday_desktop.services.events import change_status

    event = demo_store.events.get(PAST)
    if event.status != "已总结":
        change_status(demo_store, PAST, "已总结", date.today())
    capsys.readouterr()
    assert cli.main(["--db", str(db_path), "event", "status", str(PAST), "已归档"]) == 0
    out = capsys.readouterr().out
    assert "归档包已生成" in out
    made = list((db_path.parent / "archives").glob("*.zip"))
    assert len(made) == 1 and str(made[0]) in out
    assert stat.S_IMODE(os.stat(made[0]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(made[0].parent).st_mode) == 0o700
    manifest = _check_package(made[0], demo_store)
    assert manifest["event"]["status"] == "已归档"


def test_a_package_that_does_not_verify_leaves_nothing(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path) -> dict[str, Any]:
        raise ExportError("归档包没有完整写入")

    monkeypatch.setattr(archive, "verify_archive", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportError, match="没有完整写入"):
        documents.write_archive(demo_store, PAST, folder / "a.zip")
    assert list(folder.iterdir()) == []  # neither the package nor a temporary


# --- with the trail: publication records, attachments, the dashboard ---------------------------------


def test_year_report_lists_publications_with_their_deadline(
    demo_store: Store, tmp_path: Path
) -> None:
    from openday_desktop.domain.trail import Publication
    from openday_desktop.services.trail import add_publication

    event = demo_store.events.get(PAST)
    on = date.today()
    add_publication(
        demo_store, Publication(PAST, "活动情况", "政府网站", on, "https://gov.example/1")
    )
    path = export_document(
        demo_store, "year-report", ExportRequest(year=event.date.year), tmp_path / "y.xlsx"
    )
    rows = sheet_rows(path, "公开情况")[3:]
    assert len(rows) == 1
    title, what, channel, day, place, timely = rows[0]
    assert (title, what, channel, place) == (
        event.title,
        "活动情况",
        "政府网站",
        "https://gov.example/1",
    )
    assert isinstance(day, dt.datetime) and day.date() == on
    assert timely.startswith("逾期") or timely == "按期"


def test_archive_holds_the_attachments(demo_store: Store, tmp_path: Path) -> None:
    from openday_desktop.services.attachments import add_attachment

    photo = tmp_path / "合影.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    add_attachment(demo_store, PAST, photo, caption="代表合影")
    path = documents.write_archive(demo_store, PAST, tmp_path / "out.zip")
    manifest = _check_package(path, demo_store)
    entry = next(e for e in manifest["files"] if e["path"].startswith("附件/"))
    assert entry["path"].endswith("合影.jpg") and "代表合影" in entry["title"]
    assert entry["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()


def test_results_stay_due_on_the_dashboard_until_their_publication_is_recorded(
    demo_store: Store, tmp_path: Path
) -> None:
    """Exporting the account is not publishing it: only a publication record of 活动情况
    takes it off the due list."""
    from openday_desktop.domain.trail import Publication
    from openday_desktop.services.trail import add_publication
    from openday_desktop.storage.statistics import dashboard_due_items

    def due_tasks() -> list[str]:
        items = dashboard_due_items(demo_store, horizon_days=3650)
        return [item.task for item in items if item.event_id == PAST]

    assert "公开活动情况" in due_tasks()
    export_document(demo_store, "results", ExportRequest(PAST), tmp_path / "r.docx")
    assert "公开活动情况" in due_tasks()
    add_publication(
        demo_store, Publication(PAST, "活动情况", "公开栏", date.today(), "镇政府公开栏")
    )
    assert "公开活动情况" not in due_tasks()
