"""The document registry and the documents service: one list drives the CLI, writers work
without a database, and no document goes out with a unit placeholder (某某) in it."""

from __future__ import annotations

import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from openday_desktop import cli
from openday_desktop.domain.models import Event, Person, Site
from openday_desktop.domain.settings import SETTINGS_BY_KEY, defaults, unit_placeholders
from openday_desktop.exports.context import event_context
from openday_desktop.exports.excel_signin import signin_tables, write_signin_sheet
from openday_desktop.exports.safety import ExportError
from openday_desktop.exports.word_notice import write_notice
from openday_desktop.exports.word_plan import write_plan
from openday_desktop.exports.wording import default_texts
from openday_desktop.services import documents
from openday_desktop.services.documents import (
    DOCUMENT_KINDS,
    ExportRequest,
    PlaceholderError,
    export_document,
)
from openday_desktop.storage import Store, open_store

PAST, UPCOMING, PLANNING = 1, 2, 3
REAL_UNIT = {
    "unit_name": "青石镇人民政府",
    "office_name": "青石镇党政办公室",
    "leading_group": "组长：王志强（镇长）\n成员：各办负责人",
    "contact_person": "周敏",
    "contact_phone": "0571-12345678",
}


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def every_text(path: Path) -> str:
    """Every XML part of a .docx/.xlsx as text (shared strings, headers, footers included)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# --- the registry ------------------------------------------------------------------------------


def test_the_cli_offers_exactly_the_registered_kinds() -> None:
    parser = cli.build_parser()
    export = parser._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    kind = next(a for a in export._actions if a.dest == "kind")
    assert list(kind.choices) == [k.name for k in DOCUMENT_KINDS]
    help_text = export.format_help()
    for each in DOCUMENT_KINDS:
        assert each.name in help_text and (each.menu_title or each.title) in help_text


def test_registry_entries_are_complete() -> None:
    names = [kind.name for kind in DOCUMENT_KINDS]
    assert len(names) == len(set(names))
    for kind in DOCUMENT_KINDS:
        assert kind.suffixes and all(s in documents.FILE_TYPES for s in kind.suffixes)
        assert kind.tip and kind.title
        assert kind.needs_event or kind.without_event or kind.without_event_file
    internal = {kind.name for kind in DOCUMENT_KINDS if not kind.public}
    # Full ID numbers and names: never handed out (the archive package holds the roster).
    assert internal == {"roster", "feedback", "archive"}


def test_unknown_kind_and_wrong_file_type_are_refused(demo_store: Store, out: Path) -> None:
    with pytest.raises(ExportError, match="没有名为“letter”的文书类型"):
        export_document(demo_store, "letter", ExportRequest(PAST), out / "x.docx")
    with pytest.raises(ExportError, match=r"\.xlsx 或 \.pdf"):
        export_document(demo_store, "signin", ExportRequest(PAST), out / "x.docx")
    assert list(out.iterdir()) == []


def test_summary_waits_until_the_event_was_held(demo_store: Store, out: Path) -> None:
    assert demo_store.events.get(UPCOMING).status not in documents.HELD_STATUSES
    with pytest.raises(ExportError, match="已举办") as refused:
        export_document(demo_store, "summary", ExportRequest(UPCOMING), out / "s.docx")
    assert list(out.iterdir()) == []
    assert "。活动总结写的是已经举办的活动，要在活动状态为" in str(refused.value)


@pytest.mark.parametrize("name", ["invitations", "call"])
def test_pre_event_documents_are_refused_once_the_event_was_held(
    demo_store: Store, out: Path, name: str
) -> None:
    assert demo_store.events.get(PAST).status in documents.HELD_STATUSES
    with pytest.raises(ExportError, match="活动举办前发出的文书") as refused:
        export_document(demo_store, name, ExportRequest(PAST), out / "x.docx")
    assert list(out.iterdir()) == []
    assert "归档包" in str(refused.value)  # where the version of the day can still be had
    assert export_document(demo_store, name, ExportRequest(UPCOMING), out / "x.docx").exists()


@pytest.mark.parametrize("kind", [k for k in DOCUMENT_KINDS if k.public], ids=lambda k: k.name)
def test_public_documents_hold_no_full_id_number_or_phone(
    demo_store: Store, tmp_path: Path, kind: documents.DocumentKind
) -> None:
    event_id = PAST if PAST in _events_allowing(demo_store, kind) else UPCOMING
    year = demo_store.events.get(event_id).date.year  # the year report covers the event's year
    path = export_document(
        demo_store,
        kind.name,
        ExportRequest(event_id, year=year),
        tmp_path / f"x{kind.suffixes[0]}",
    )
    text = every_text(path)
    people = [person for _, person in demo_store.invitations.for_event(event_id)]
    assert people
    for person in people:
        if person.id_number:
            assert person.id_number not in text
        if len(person.phone) >= 11:
            assert person.phone not in text


def _events_allowing(store: Store, kind: documents.DocumentKind) -> set[int]:
    return {e.id for e in store.events.list() if e.id is not None and e.status in kind.statuses}


# --- writers without a database ----------------------------------------------------------------


def _event() -> Event:
    return Event(
        "“走进镇政府”政府开放日活动",
        date(2027, 6, 10),
        start=time(8, 30),
        end=time(11, 30),
        sites=[Site("镇便民服务中心", "镇政府一楼", "09:00-09:40", "周敏"), Site("镇文化站")],
        forms=["参观调研", "座谈交流"],
    )


def _settings() -> dict[str, object]:
    return {**defaults(), **REAL_UNIT}


def test_the_plan_is_written_from_plain_data(tmp_path: Path) -> None:
    ctx = event_context(_event(), _settings())
    numbers = [("人大代表", 3), ("群众代表", 9)]
    path = write_plan(ctx, default_texts("plan"), numbers, tmp_path / "p.docx", date(2027, 6, 1))
    text = docx_text(path)
    assert "拟邀请各界代表12名" in text and "人大代表3名；群众代表9名" in text
    assert "青石镇人民政府\n2027年6月1日" in text
    assert "某某" not in text


def test_the_notice_and_signin_sheet_are_written_from_plain_data(tmp_path: Path) -> None:
    ctx = event_context(_event(), {**_settings(), "mask_names_in_notice": True})
    people = [Person("王小明", unit="青石村", category="群众代表", phone="13812345678")]
    notice = write_notice(
        ctx,
        default_texts("notice"),
        people,
        date(2027, 6, 1),
        date(2027, 6, 7),
        tmp_path / "n.docx",
    )
    assert "王*明" in docx_text(notice) and "王小明" not in docx_text(notice)
    rows = [("王小明", "青石村", "群众代表", "13812345678", "wangxiaoming")]
    sheets = signin_tables(_event(), rows, ["群众代表"], all_sites=True)
    sheet = write_signin_sheet(sheets, tmp_path / "s.xlsx")
    workbook = load_workbook(sheet)
    assert workbook.sheetnames == ["镇便民服务中心", "镇文化站"]
    assert workbook.worksheets[0]["E4"].value == "138****5678"


# --- placeholders ---------------------------------------------------------------------------------


def test_unit_placeholders_lists_the_settings_to_fill() -> None:
    fresh = defaults()
    assert [spec.key for spec in unit_placeholders(fresh)] == [
        "unit_name",
        "office_name",
        "leading_group",
        "contact_person",
        "contact_phone",
    ]
    assert unit_placeholders({**fresh, **REAL_UNIT}) == []
    # Changing only the unit's name still leaves the office's placeholder.
    only_name = {**fresh, "unit_name": "青石镇人民政府"}
    assert [spec.key for spec in unit_placeholders(only_name)][0] == "office_name"
    assert unit_placeholders({**fresh, **REAL_UNIT, "leading_group": "组长：张某某"}) == [
        SETTINGS_BY_KEY["leading_group"]
    ]
    assert unit_placeholders(fresh, ["unit_name"]) == [SETTINGS_BY_KEY["unit_name"]]


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    """A database with an event but the unit never set (placeholders everywhere)."""
    path = tmp_path / "fresh.db"
    store = open_store(path)
    with store.transaction():
        store.events.add(_event())
    store.close()
    return path


def test_cli_refuses_every_document_with_placeholders_naming_the_settings(
    fresh_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for kind in ("plan", "notice", "invitations", "questionnaire"):
        args = ["--db", str(fresh_db), "export", kind, "--event", "1"]
        assert cli.main([*args, "-o", str(out / f"{kind}.docx")]) == 1
        err = capsys.readouterr().err
        assert err.startswith("错误：单位信息还没有填写完整") and "“单位名称”（unit_name）" in err
    assert cli.main(["--db", str(fresh_db), "export", "plan", "--event", "1", "-o", "x.docx"]) == 1
    err = capsys.readouterr().err
    for key in ("unit_name", "office_name", "leading_group", "contact_person", "contact_phone"):
        assert f"（{key}）" in err
    assert "openday-cli settings set unit_name" in err
    # Rosters, sign-in sheets and the ledger print 单位： under their title.
    assert cli.main(["--db", str(fresh_db), "export", "roster", "-o", str(out / "r.xlsx")]) == 1
    assert "unit_name" in capsys.readouterr().err
    for kind in ("roster", "signin", "feedback"):
        args = ["--db", str(fresh_db), "export", kind, "--event", "1", "-o", str(out / "e.xlsx")]
        assert cli.main(args) == 1
        assert "unit_name" in capsys.readouterr().err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("kind", DOCUMENT_KINDS, ids=lambda k: k.name)
def test_no_document_written_on_a_fresh_database_prints_a_placeholder(
    fresh_db: Path, tmp_path: Path, kind: documents.DocumentKind
) -> None:
    # Whatever is written before the unit is filled in must not say 某某镇人民政府.
    store = open_store(fresh_db)
    target = tmp_path / f"x{kind.suffixes[0]}"
    request = ExportRequest(1, year=2027) if kind.name == "year-report" else ExportRequest(1)
    try:
        export_document(store, kind.name, request, target)
    except ExportError:
        return
    finally:
        store.close()
    if target.suffix == ".xlsx":
        book = load_workbook(target)
        cells = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v]
        text = "\n".join([*cells, book.properties.creator or ""])
    elif target.suffix == ".docx":
        text = docx_text(target) + Document(str(target)).core_properties.author
    else:
        return
    assert "某某" not in text


def test_once_the_unit_is_set_the_plan_has_no_filler(fresh_db: Path, tmp_path: Path) -> None:
    store = open_store(fresh_db)
    store.settings.set_many(REAL_UNIT)
    path = documents.write_plan(store, 1, tmp_path / "p.docx", on=date(2027, 6, 1))
    text = docx_text(path)
    assert "某某" not in text and "若干" not in text
    # Nobody listed and no quotas yet: the rules' minimum, 20 people per site; everyone
    # walks both sites, so 20 people, not 20 x 2.
    assert "拟邀请各界代表20名" in text
    store.close()


def test_filler_in_the_printed_text_is_refused(demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "p.docx"
    with pytest.raises(ExportError, match="占位文字“某某”.*编辑文书内容"):
        documents.write_plan(demo_store, UPCOMING, target, texts={"goal": "由张某某负责。"})
    assert not target.exists()


def test_placeholder_error_carries_the_settings(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    with pytest.raises(PlaceholderError) as info:
        documents.write_blank_questionnaire(store, tmp_path / "q.docx")
    assert [spec.key for spec in info.value.settings] == ["unit_name"]
    assert "设置 → 单位信息" in info.value.message
    store.close()


def test_an_office_name_only_in_a_text_is_checked_only_when_printed(
    demo_store: Store, tmp_path: Path
) -> None:
    demo_store.settings.set("office_name", "")  # left empty
    with pytest.raises(PlaceholderError, match="office_name"):
        documents.write_notice(demo_store, UPCOMING, tmp_path / "n.docx")
    # The summary's texts never print the office: it goes out.
    assert documents.write_summary(demo_store, PAST, tmp_path / "s.docx").is_file()


def test_writers_never_open_the_store() -> None:
    """exports/ turns data into documents; services/documents.py reads the store for them."""
    import openday_desktop.exports as package

    folder = Path(package.__file__).parent
    for module in sorted(folder.glob("*.py")):
        source = module.read_text(encoding="utf-8")
        assert "openday_desktop.storage" not in source, module.name
        assert "from ..storage" not in source and "Store" not in source, module.name


@pytest.mark.parametrize("name", ["plan", "invitations"])
def test_documents_that_give_the_route_and_time_wait_for_them(
    demo_store: Store, tmp_path: Path, name: str
) -> None:
    event = demo_store.events.get(UPCOMING)
    event.sites, event.start = [], None
    demo_store.events.update(event)
    target = tmp_path / "x.docx"
    with pytest.raises(ExportError, match="还没有填写开放点、开始和结束时间.*点“修改”补上"):
        export_document(demo_store, name, ExportRequest(UPCOMING), target)
    assert not target.exists()
