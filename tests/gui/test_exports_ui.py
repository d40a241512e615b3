"""The 导出 menu driven like a user: each export, its file name, failures, previews, texts."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QToolButton

from openday_desktop.exports.wording import default_texts
from openday_desktop.ui.common import messages
from openday_desktop.ui.documents import export_actions
from openday_desktop.ui.documents.document_texts_dialog import (
    SOURCE_EVENT,
    DocumentTextsDialog,
    placeholders_for,
)
from openday_desktop.ui.documents.export_actions import (
    ExportActions,
    event_file_prefix,
    safe_file_name,
    with_suffix,
)
from openday_desktop.ui.main_window import MainWindow, app_settings

PAST, UPCOMING, PLANNING = 1, 2, 3
WAIT_MS = 30_000


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "导出"
    folder.mkdir()
    return folder


@pytest.fixture
def suggested(monkeypatch: pytest.MonkeyPatch, messages_shown: Any) -> list[tuple[str, str]]:
    """Record the title and suggested path of every save dialog (and answer as the recorder)."""
    asked: list[tuple[str, str]] = []

    def save_path(_parent: Any, title: str, suggestion: str, _filters: str) -> Path | None:
        asked.append((title, suggestion))
        return messages_shown.save_answer

    monkeypatch.setattr(messages, "save_path", save_path)
    return asked


def exports_of(window: MainWindow, event_id: int | None = PAST) -> ExportActions:
    if event_id is not None:
        window.events_tab.select_ids([event_id])
    return window.exports


def run_export(qtbot: Any, exports: ExportActions, start: Callable[[], bool]) -> bool:
    """Start an export and wait for its worker; returns whether the file was written."""
    with qtbot.waitSignal(exports.finished, timeout=WAIT_MS) as blocker:
        assert start() is True
    qtbot.waitUntil(lambda: not exports.busy, timeout=WAIT_MS)
    return bool(blocker.args[0])


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- the menu ----------------------------------------------------------------------------------


def test_export_menu_and_event_tab_entries(demo_window: MainWindow) -> None:
    exports = exports_of(demo_window)
    titles = [a.text() for a in demo_window.menuBar().actions()]
    assert "导出(&X)" in titles and titles[-1] == "帮助(&H)"
    exports.menu.aboutToShow.emit()
    items = [a.text() for a in exports.menu.actions() if a.text()]
    event = demo_window.store.events.get(PAST)
    assert items[0] == f"当前活动：2026年3月23日 {event.title}"
    assert items[1:] == [
        "征集公告（Word）…",
        "实施方案（Word）…",
        "代表公示（Word）…",
        "邀请函（Word）…",
        "活动总结（Word）…",
        "活动情况公开（Word）…",
        "空白满意度问卷（Word）…",
        "空白个人报名表（Word）…",
        "代表名册（Excel）",
        "空白报名汇总表（Excel）…",
        "签到表（Excel）",
        "意见建议台账（Excel）",
        "年度工作报告",
        "归档包（压缩包）…",
        "打印预览签到表",
        "签到表存为PDF",
        "打印预览代表名册",
        "编辑文书内容(&T)…",
    ]
    # The 活动 tab: a toolbar button opening the same menu, and the right-click menu.
    tab = demo_window.events_tab
    button = tab.toolbar.widgetForAction(exports.toolbar_action)
    assert isinstance(button, QToolButton)
    assert button.defaultAction().menu() is exports.menu
    assert button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup
    assert exports.menu.menuAction() in tab.view.actions()
    # The site entries follow the chosen event's open sites.
    exports.menus["signin"].aboutToShow.emit()
    site_items = [a.text() for a in exports.menus["signin"].actions() if a.text()]
    assert site_items[:2] == ["整个活动…", "每个开放点一张工作表…"]
    assert site_items[2:] == [f"仅“{site.name}”…" for site in event.sites]
    exports.menus["signin"].aboutToShow.emit()  # rebuilt, not appended
    assert len([a for a in exports.menus["signin"].actions() if a.text()]) == len(site_items)


def test_file_names() -> None:
    from datetime import date

    from openday_desktop.domain.models import Event

    assert (
        event_file_prefix(Event("“走进镇政府 共话新发展”政府开放日活动", date(2026, 6, 12)))
        == "2026年6月12日政府开放日"
    )
    assert event_file_prefix(Event("2026年第二次政府开放日", date(2026, 12, 3))) == (
        "2026年第二次政府开放日"
    )
    assert safe_file_name('a/b:c*?"<>|\x07d.') == "abcd"
    assert safe_file_name("///") == "导出文件"
    assert with_suffix(Path("x"), ".docx") == Path("x.docx")
    assert with_suffix(Path("x.DOCX"), ".docx") == Path("x.DOCX")


# --- every export ------------------------------------------------------------------------------


def _word(*needles: str) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        text = docx_text(path)
        for needle in needles:
            assert needle in text

    return check


def _sheets(count: int, first_cell: str) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        workbook = load_workbook(path)
        assert len(workbook.worksheets) == count
        assert first_cell in str(workbook.worksheets[0]["A1"].value)

    return check


def _ledger(*, all_events: bool) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        sheet = load_workbook(path)["意见建议台账"]
        assert "意见建议台账" in sheet["A1"].value  # the title row, then the header
        headers = [cell.value for cell in sheet[3]]
        assert headers[0] == "编号" and sheet.max_row > 3
        assert ("活动" in headers) == all_events  # the 活动 column only across events

    return check


EXPORTS: list[tuple[str, dict[str, Any], str, Callable[[Path], None]]] = [
    ("plan", {}, "2026年3月23日政府开放日实施方案.docx", _word("实施方案", "总体目标")),
    ("notice", {}, "2026年3月23日政府开放日代表公示.docx", _word("公示")),
    ("summary", {}, "2026年3月23日政府开放日活动总结.docx", _word("总结")),
    (
        "questionnaire",
        {},
        "2026年3月23日政府开放日满意度调查问卷.docx",
        _word("满意度调查问卷", "□满意"),
    ),
    (
        "roster",
        {},
        "2026年3月23日政府开放日代表名册.xlsx",
        _sheets(2, "代表名册"),
    ),
    ("signin", {}, "2026年3月23日政府开放日签到表.xlsx", _sheets(1, "签到表")),
    (
        "signin",
        {"all_sites": True},
        "2026年3月23日政府开放日签到表（各开放点）.xlsx",
        _sheets(3, "签到表"),
    ),
    (
        "feedback",
        {},
        "2026年3月23日政府开放日意见建议台账.xlsx",
        _ledger(all_events=False),
    ),
    (
        "feedback",
        {"whole": True},
        "意见建议台账（全部活动）.xlsx",
        _ledger(all_events=True),
    ),
]


@pytest.mark.parametrize(
    ("method", "kwargs", "name", "check"), EXPORTS, ids=[f"{e[0]}{e[1]}" for e in EXPORTS]
)
def test_each_export_writes_a_file_that_opens(
    demo_window: MainWindow,
    qtbot: Any,
    messages_shown: Any,
    suggested: list[tuple[str, str]],
    out: Path,
    method: str,
    kwargs: dict[str, Any],
    name: str,
    check: Callable[[Path], None],
) -> None:
    exports = exports_of(demo_window)
    target = out / "文件"  # typed without the extension: it is added
    messages_shown.save_answer = target
    assert run_export(qtbot, exports, lambda: exports.export(method, **kwargs))
    written = with_suffix(target, Path(name).suffix)
    assert written.is_file()
    check(written)
    assert Path(suggested[0][1]).name == name
    assert messages_shown.texts("saved") == [f"{exports.running_label}已保存：\n{written}"]
    assert exports.last_path == written
    assert str(written) in demo_window.statusBar().currentMessage()
    # The folder is remembered for the next export.
    assert app_settings().value(export_actions.FOLDER_SETTING) == str(out)
    assert exports.start_folder() == out
    assert sorted(p.name for p in out.iterdir()) == [written.name]


def test_whole_pool_roster(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, suggested: Any, out: Path
) -> None:
    exports = exports_of(demo_window, None)
    messages_shown.save_answer = out / "pool.xlsx"
    assert run_export(qtbot, exports, lambda: exports.export("roster", whole=True))
    sheet = load_workbook(out / "pool.xlsx")["代表名册"]
    assert sheet.max_row == 83  # title, whose-and-when line, header + the demo's 80 people
    assert Path(suggested[0][1]).name.startswith("青石镇人民政府代表库名册（")


def test_menu_entries_ask_where_to_save_and_cancel_writes_nothing(
    demo_window: MainWindow, messages_shown: Any, suggested: Any, out: Path
) -> None:
    exports = exports_of(demo_window)
    messages_shown.save_answer = None
    exports.actions["plan"].trigger()
    exports.menus["signin"].aboutToShow.emit()
    site_action = exports.menus["signin"].actions()[-1]
    site_action.trigger()
    exports.whole_actions["roster"].trigger()
    site = demo_window.store.events.get(PAST).sites[-1].name
    assert [title for title, _ in suggested] == ["导出实施方案", "导出签到表", "导出代表名册"]
    assert Path(suggested[1][1]).name == f"2026年3月23日政府开放日签到表（{site}）.xlsx"
    assert not exports.busy and list(out.iterdir()) == []


def test_locked_target_shows_the_reason_and_keeps_the_old_file(
    demo_window: MainWindow,
    qtbot: Any,
    messages_shown: Any,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = out / "方案.docx"
    target.write_bytes(b"the old plan")
    messages_shown.save_answer = target

    def locked(*_args: Any) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    exports = exports_of(demo_window)
    assert run_export(qtbot, exports, lambda: exports.export("plan")) is False
    [message] = messages_shown.texts("error")
    assert "“方案.docx”无法写入" in message and "Excel 或 WPS" in message
    assert target.read_bytes() == b"the old plan"
    assert [p.name for p in out.iterdir()] == ["方案.docx"]  # no temporary file left
    assert messages_shown.texts("saved") == []


def test_invitations_without_approved_people_explain_why(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, out: Path
) -> None:
    exports = exports_of(demo_window, PLANNING)
    messages_shown.save_answer = out / "邀请函.docx"
    # Said before the file dialog, as for a 公示 with nobody approved.
    assert exports.export("invitations") is False
    [message] = messages_shown.texts("error")
    assert "审核通过" in message
    assert list(out.iterdir()) == []


def test_invitations_of_the_upcoming_event_open_and_a_held_one_explains_why(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, out: Path
) -> None:
    exports = exports_of(demo_window)  # the held demo event: its letters went out before it
    messages_shown.save_answer = out / "邀请函.docx"
    assert exports.export("invitations") is False
    [message] = messages_shown.texts("error")
    assert "活动举办前发出的文书" in message and "归档包" in message
    assert list(out.iterdir()) == []
    exports = exports_of(demo_window, UPCOMING)
    assert run_export(qtbot, exports, lambda: exports.export("invitations"))
    written = out / "邀请函.docx"
    _word("邀请函", "尊敬的")(written)


def test_one_export_at_a_time(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, out: Path
) -> None:
    exports = exports_of(demo_window)
    messages_shown.save_answer = out / "a.docx"
    with qtbot.waitSignal(exports.finished, timeout=WAIT_MS):
        assert exports.export("summary") is True
        assert exports.export("plan") is False
        assert messages_shown.texts("info") == ["上一个文件还在导出，请稍候再试。"]
        assert not exports.toolbar_action.isEnabled()
    qtbot.waitUntil(lambda: not exports.busy, timeout=WAIT_MS)
    assert exports.toolbar_action.isEnabled()


def test_a_bug_in_an_export_reaches_the_excepthook(
    demo_window: MainWindow,
    qtbot: Any,
    messages_shown: Any,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Path:
        raise RuntimeError("bug in a writer")

    from openday_desktop.services import documents

    monkeypatch.setattr(documents, "export_document", broken)
    exports = exports_of(demo_window)
    messages_shown.save_answer = out / "x.docx"
    with qtbot.captureExceptions() as caught:
        assert run_export(qtbot, exports, lambda: exports.export("plan")) is False
    assert [str(exc) for _, exc, _ in caught] == ["bug in a writer"]
    assert not exports.busy and exports.toolbar_action.isEnabled()


def test_without_events(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any, out: Path
) -> None:
    exports = empty_window.exports
    assert exports.export("plan") is False
    assert "还没有活动" in messages_shown.texts("info")[0]
    # The blank questionnaire needs no event, but it prints the unit's name: a fresh
    # database still says 某某镇人民政府, so it is refused before asking where to save, and
    # the message offers the settings.
    messages_shown.save_answer = out / "问卷.docx"
    assert exports.export("questionnaire") is False
    [offer] = messages_shown.texts("confirm")
    assert "“单位名称”（unit_name）" in offer and "设置" in offer
    assert not exports.busy and list(out.iterdir()) == []
    messages_shown.confirm_answer = True  # 打开设置
    assert exports.export("questionnaire") is False
    assert empty_window.settings_dialog.isVisible()
    empty_window.settings_dialog.close()
    empty_window.store.settings.set("unit_name", "青石镇人民政府")
    assert run_export(qtbot, exports, lambda: exports.export("questionnaire"))
    assert "政府开放日活动\n满意度调查问卷" in Document(str(out / "问卷.docx")).paragraphs[0].text


# --- printing ----------------------------------------------------------------------------------


def test_signin_pdf_from_the_menu(
    demo_window: MainWindow, messages_shown: Any, suggested: Any, out: Path
) -> None:
    exports = exports_of(demo_window)
    messages_shown.save_answer = out / "签到"
    assert exports.save_signin_pdf(site=0) is True
    written = out / "签到.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    site = demo_window.store.events.get(PAST).sites[0].name
    assert Path(suggested[0][1]).name == f"2026年3月23日政府开放日签到表（{site}）.pdf"
    assert messages_shown.texts("saved") == [f"签到表PDF已保存：\n{written}"]


def test_print_previews_open_without_blocking(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = exports_of(demo_window)
    assert exports.preview_signin(site=1) is True
    dialog = exports.preview_dialog
    assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
    assert "签到表" in dialog.windowTitle()
    assert "<thead>" in dialog.html_  # type: ignore[attr-defined]
    dialog.close()
    qtbot.waitUntil(lambda: exports.preview_dialog is None)

    assert exports.preview_roster(whole_pool=False) is True
    roster = exports.preview_dialog
    assert isinstance(roster, QPrintPreviewDialog) and "代表名册" in roster.windowTitle()
    roster.close()

    monkeypatch.setattr(export_actions, "PREVIEW_ROW_LIMIT", 10)
    assert exports.preview_roster(whole_pool=True) is False
    assert "最多显示 10 人" in messages_shown.texts("info")[0]


# --- document texts ----------------------------------------------------------------------------


def open_texts(window: MainWindow, event_id: int | None = PAST) -> DocumentTextsDialog:
    exports = exports_of(window, event_id)
    exports.edit_texts()
    dialog = exports.texts_dialog
    assert isinstance(dialog, DocumentTextsDialog)
    return dialog


def test_texts_saved_for_the_event_reach_the_export(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any, out: Path
) -> None:
    dialog = open_texts(demo_window)
    store = demo_window.store
    dialog.select_doc("plan")
    dialog.set_text("preamble", "为方便群众了解{unit_name}的工作，特制定本方案。")
    assert dialog.preview_label.text() == "为方便群众了解青石镇人民政府的工作，特制定本方案。"
    assert dialog.is_dirty() and "未保存" in dialog.source_label.text()
    assert dialog.save_for_event() is True
    assert store.document_texts.get("plan", "preamble", PAST) == dialog.text("preamble")
    assert store.document_texts.get("plan", "preamble", None) is None
    assert store.document_texts.get("plan", "goal", PAST) is None  # unchanged passages
    assert dialog.source_label.text() == f"当前：{SOURCE_EVENT}"
    assert not dialog.is_dirty()

    messages_shown.save_answer = out / "方案.docx"
    exports = demo_window.exports
    assert run_export(qtbot, exports, lambda: exports.export("plan"))
    assert "为方便群众了解青石镇人民政府的工作，特制定本方案。" in docx_text(out / "方案.docx")


def test_unit_default_and_program_default(demo_window: MainWindow, messages_shown: Any) -> None:
    store = demo_window.store
    store.document_texts.set("notice", "intro", "活动自己的开头", PAST)
    dialog = open_texts(demo_window)
    dialog.select_doc("notice")
    assert dialog.text("intro") == "活动自己的开头"
    dialog.set_text("period", "公示期：{notice_start}起五个工作日。")

    messages_shown.confirm_answer = False
    assert dialog.save_as_unit_default() is False
    assert store.document_texts.get("notice", "period", None) is None

    messages_shown.confirm_answer = True
    assert dialog.save_as_unit_default() is True
    assert (
        store.document_texts.get("notice", "period", None) == "公示期：{notice_start}起五个工作日。"
    )
    assert store.document_texts.get("notice", "intro", None) == "活动自己的开头"
    assert store.document_texts.texts("notice", PAST) == store.document_texts.texts("notice", None)
    assert store.document_texts.get("notice", "intro", PAST) is None  # inherits now

    dialog.restore_program_defaults()
    assert dialog.text("intro") == default_texts("notice")["intro"]
    assert dialog.is_dirty()
    assert dialog.save_as_unit_default() is True
    assert store.document_texts.texts("notice", None) == {}


def test_texts_dialog_asks_before_losing_edits(
    demo_window: MainWindow, qtbot: Any, messages_shown: Any
) -> None:
    dialog = open_texts(demo_window)
    dialog.select_doc("invitation")
    dialog.set_text("closing", "盼您光临！")
    messages_shown.confirm_answer = False
    dialog.close_button.click()
    assert dialog.isVisible() and messages_shown.texts("confirm")
    messages_shown.confirm_answer = True
    dialog.close_button.click()
    qtbot.waitUntil(lambda: demo_window.exports.texts_dialog is None)
    assert demo_window.store.document_texts.get("invitation", "closing", PAST) is None


def test_texts_dialog_lists_placeholders_per_document(demo_window: MainWindow, qtbot: Any) -> None:
    assert "name" in placeholders_for("invitation") and "name" not in placeholders_for("plan")
    assert list(placeholders_for("summary"))[0] == "registered"
    dialog = open_texts(demo_window)
    dialog.select_doc("summary")
    dialog.select_passage("attendance")
    assert (
        "报名" in dialog.preview_label.text() and "{registered}" not in dialog.preview_label.text()
    )
    # Double-clicking a placeholder inserts it at the cursor.
    item = dialog.placeholder_list.item(0)
    dialog.editor.moveCursor(dialog.editor.textCursor().MoveOperation.End)
    dialog.placeholder_list.itemDoubleClicked.emit(item)
    assert dialog.text("attendance").endswith("{registered}")
    dialog.pending.clear()  # let the window close without the unsaved-changes question


def test_texts_dialog_without_event_edits_the_unit_default(empty_window: MainWindow) -> None:
    dialog = open_texts(empty_window, None)
    assert not dialog.save_button.isEnabled()
    assert "只能修改本单位默认" in dialog.event_label.text()
    assert dialog.save_for_event() is False


@pytest.fixture
def stale_temp(tmp_path: Path) -> Path:
    """A temporary left by an export that was killed, in the folder exported to last."""
    folder = tmp_path / "上次导出"
    folder.mkdir()
    stale = folder / ".名册.openday-tmp-abc123.xlsx"
    stale.write_text("110101199003071234")
    os.utime(stale, (1_000_000, 1_000_000))
    app_settings().setValue(export_actions.FOLDER_SETTING, str(folder))
    return stale


def test_a_killed_exports_temporary_is_swept_when_the_window_starts(
    stale_temp: Path, demo_window: MainWindow, qtbot: Any
) -> None:
    qtbot.waitUntil(lambda: not stale_temp.exists(), timeout=5000)
    assert list(stale_temp.parent.iterdir()) == []


def test_summary_entry_waits_for_the_event_to_be_held(
    demo_window: MainWindow, messages_shown: Any, suggested: Any
) -> None:
    exports = exports_of(demo_window, UPCOMING)
    exports.menu.aboutToShow.emit()
    assert not exports.actions["summary"].isEnabled()
    assert exports.actions["plan"].isEnabled()
    # Called anyway (a shortcut, a stale menu): refused before asking where to save.
    assert exports.export("summary") is False
    assert "已举办" in messages_shown.texts("error")[0]
    assert suggested == []
    exports_of(demo_window, PAST)
    exports.menu.aboutToShow.emit()
    assert exports.actions["summary"].isEnabled()


def test_every_file_type_of_the_registry_has_a_save_filter() -> None:
    from openday_desktop.services.documents import DOCUMENT_KINDS

    suffixes = {suffix for kind in DOCUMENT_KINDS for suffix in kind.suffixes}
    assert suffixes <= set(export_actions.FILTERS)
    year_suffixes = {s for kind in DOCUMENT_KINDS if kind.needs_year for s in kind.suffixes}
    assert year_suffixes <= set(export_actions.FILE_TYPES_CN)


def test_a_menu_that_failed_to_fill_is_filled_whole_next_time(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = demo_window.exports
    assert exports.menu.actions() == [exports.event_label_action]  # shown, not yet filled
    real = export_actions.ExportActions._add_kind
    calls: list[int] = []

    def failing_once(self: Any, menu: Any, kind: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("registry entry broken")
        real(self, menu, kind)

    monkeypatch.setattr(export_actions.ExportActions, "_add_kind", failing_once)
    with pytest.raises(RuntimeError):
        exports.actions  # noqa: B018
    assert exports.menu.actions() == [exports.event_label_action]
    monkeypatch.setattr(export_actions.ExportActions, "_add_kind", real)
    from openday_desktop.services.documents import DOCUMENT_KINDS

    assert set(exports.actions) == {kind.name for kind in DOCUMENT_KINDS}
    texts = [a.text() for a in exports.menu.actions() if a.text()]
    assert len(texts) == len(set(texts))  # nothing twice
