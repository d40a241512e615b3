"""导出 and 打印 in the main window: every document of the app, for the event the clerk chose.

``install_exports(window)`` is called once by MainWindow. It adds the 导出 menu, an 导出 button
(and context-menu entry) on the 活动 tab, and runs each export. The menu's document entries
are built from the registry (``services.documents.DOCUMENT_KINDS``): one entry per kind, a
submenu when it can also go without an event (本活动 / 整个代表库) or per open site. Each export:

* refuses at once, offering the settings, while a unit setting the document would print
  still holds a placeholder (某某镇人民政府, no contact);

* ask where to save (``messages.save_path``) with a Chinese file name made from the event,
  starting in the folder used last time;
* write the file in a worker thread with its own database connection, so a roster of
  100,000 people does not freeze the window (wait cursor and a status-bar note meanwhile);
* report the path with an 打开文件夹 button, or the ExportError's message. Documents are
  saved through ``exports.safety.atomic_write``, so a failure leaves no file behind.

Print preview and PDF go through ``ui.printing`` (one renderer for preview, printer and PDF).
The event is the one selected in the 活动 tab, else the latest one already held.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QThread, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QToolButton, QWidget

from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.models import Event
from openday_desktop.domain.settings import placeholder_message
from openday_desktop.storage import Store, open_store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.actions import make_action
from openday_desktop.ui.common.busy import wait_cursor
from openday_desktop.ui.common.icons import icon

if TYPE_CHECKING:
    from openday_desktop.services.documents import DocumentKind, ExportRequest
    from openday_desktop.ui.common.app_window import AppWindow

EXPORT_MENU_NAME = "exportMenu"
FOLDER_SETTING = "exports/folder"
WORD_FILTER = "Word 文档 (*.docx)"
EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"
ZIP_FILTER = "压缩包 (*.zip)"
# Keyed by file suffix, as the registry's kinds name their file types. The registry itself
# (services.documents) is imported when the menu is first opened, not to start the window.
FILTERS = {".docx": WORD_FILTER, ".xlsx": EXCEL_FILTER, ".pdf": PDF_FILTER, ".zip": ZIP_FILTER}
# A print preview lays out every row at once; beyond this the Excel roster is the way to print.
PREVIEW_ROW_LIMIT = 3000
STATUS_MESSAGE_MS = 15_000

FILE_TYPES_CN = {".docx": "Word 文档", ".xlsx": "Excel 工作簿"}
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_QUOTED_THEME = re.compile(r"“[^”]*”|\"[^\"]*\"")
_LEADING_YEAR = re.compile(r"^\d{4}年")


# --- file names ------------------------------------------------------------------------------


def safe_file_name(text: str, limit: int = 80) -> str:
    """``text`` usable as a file name on Windows: no \\/:*?"<>|, no control characters."""
    name = _UNSAFE_FILE_CHARS.sub("", text).strip().strip(".")
    return name[:limit].strip() or "导出文件"


def event_file_prefix(event: Event) -> str:
    """2026年6月12日政府开放日: the event's date and its name without the quoted theme."""
    short = _QUOTED_THEME.sub("", event.title).strip()
    if short.endswith("活动") and len(short) > 2:
        short = short[:-2]
    short = short or event.title.strip()
    if _LEADING_YEAR.match(short):
        return short  # the name already starts with its year: "2026年第一次政府开放日"
    return f"{chinese_date(event.date)}{short}"


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (added when the user typed a name without it)."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


# --- running an export --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportJob:
    """One file to write: what it is called in messages, its suggested name, how to write it.

    ``write`` runs in the worker thread with the worker's own store; it must not touch Qt.
    """

    label: str
    file_name: str
    filters: str
    write: Callable[[Store, Path], Path]

    @property
    def suffix(self) -> str:
        """The file extension the job writes (.docx, .xlsx)."""
        return Path(self.file_name).suffix.lower()


class ExportWorker(QThread):
    """Writes one export with its own connection to the database (SQLite reads in parallel)."""

    succeeded = Signal(str)  # the path written
    failed = Signal(str)  # a message for the user
    crashed = Signal(object)  # an unexpected exception: re-raised in the GUI thread

    def __init__(self, db_path: Path, job: ExportJob, target: Path, parent: QObject) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.job = job
        self.target = target

    def run(self) -> None:
        """Open the database, write the file, report (never raises)."""
        try:
            store = open_store(self.db_path)
        except OpenDayError as exc:
            self.failed.emit(exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread's excepthook
            self.crashed.emit(exc)
            return
        try:
            written = self.job.write(store, self.target)
        except OpenDayError as exc:
            self.failed.emit(exc.message)
        except OSError as exc:
            self.failed.emit(
                f"文件“{self.target.name}”无法写入（{exc.strerror or exc}）。"
                "请检查保存位置和磁盘空间后重试。"
            )
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread's excepthook
            self.crashed.emit(exc)
        else:
            self.succeeded.emit(str(written))
        finally:
            store.close()


def document_job(kind: DocumentKind, request: ExportRequest) -> Callable[[Store, Path], Path]:
    """How the worker writes ``kind`` for ``request`` (with the worker's own store)."""

    def write(store: Store, path: Path) -> Path:
        from openday_desktop.services import documents

        return documents.export_document(store, kind.name, request, path)

    return write


# --- the window's part -------------------------------------------------------------------------


class ExportActions(QObject):
    """The 导出 menu of one main window and the exports, previews and dialogs it starts."""

    finished = Signal(bool)  # an export ended: True when the file was written

    def __init__(self, window: AppWindow) -> None:
        super().__init__(window)
        self.window = window
        self.worker: ExportWorker | None = None
        self.running_label = ""
        self.last_path: Path | None = None
        self.preview_dialog: QWidget | None = None
        self.texts_dialog: QWidget | None = None
        self._build_menu()
        self._place_on_events_tab()
        window.installEventFilter(self)
        # After the first paint: a killed export may have left a temporary (full ID numbers
        # inside) in the folder last exported to.
        window.after_start_up(self._sweep_last_folder)

    # --- building ---------------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], Any], tip: str = "", parent: QObject | None = None
    ) -> QAction:
        return make_action(parent or self.window, text, slot, tip=tip)

    def _submenu(self, title: str, tip: str = "") -> QMenu:
        menu = QMenu(title, self.window)
        menu.setToolTipsVisible(True)
        if tip:
            menu.menuAction().setStatusTip(tip)
        return menu

    def _build_menu(self) -> None:
        """The 导出 menu itself; its entries are made when it is first opened."""
        menu = self.window.add_menu("导出(&X)")
        menu.setObjectName(EXPORT_MENU_NAME)
        menu.setToolTipsVisible(True)
        self.menu = menu
        self.event_label_action = QAction("当前活动", self.window)
        self.event_label_action.setEnabled(False)
        # Never empty, even before it is filled: some menu bars (macOS) hide an empty menu,
        # which then could not be opened to fill it.
        menu.addAction(self.event_label_action)
        self._actions: dict[str, QAction] = {}  # kind -> its entry (a submenu's own action)
        self._whole_actions: dict[str, QAction] = {}  # kind -> its entry without an event
        self._menus: dict[str, QMenu] = {}  # kind -> its submenu, when it has one
        self._filled = False
        menu.aboutToShow.connect(self._update_event_label)

    @property
    def actions(self) -> dict[str, QAction]:
        """Each document kind's entry in the menu (a submenu's own action), by kind name."""
        self._fill_menu()
        return self._actions

    @property
    def whole_actions(self) -> dict[str, QAction]:
        """The entry without an event, for the kinds that have one."""
        self._fill_menu()
        return self._whole_actions

    @property
    def menus(self) -> dict[str, QMenu]:
        """The submenu of each kind that has one (per site, per year, with or without event)."""
        self._fill_menu()
        return self._menus

    def _fill_menu(self) -> None:
        """The entries, once: the registry (services.documents) loads on the first opening,
        so starting the window does not wait for it."""
        if self._filled:
            return
        try:
            self._fill_entries()
        except BaseException:
            # Nothing half-built stays behind: the next opening tries again from the start.
            for action in self.menu.actions():
                if action is not self.event_label_action:
                    self.menu.removeAction(action)
            self._actions, self._whole_actions, self._menus = {}, {}, {}
            raise
        self._filled = True

    def _fill_entries(self) -> None:
        from openday_desktop.services import documents

        menu = self.menu
        menu.addSeparator()
        # The documents, from the registry; a separator between the Word and Excel groups.
        previous = ""
        for kind in documents.DOCUMENT_KINDS:
            if previous and kind.file_type != previous:
                menu.addSeparator()
            previous = kind.file_type
            self._add_kind(menu, kind)
        menu.addSeparator()

        self.preview_signin_menu = self._submenu("打印预览签到表")
        self.preview_signin_menu.setIcon(icon("print"))
        self.preview_signin_menu.aboutToShow.connect(
            lambda: self._fill_site_menu(
                self.preview_signin_menu, lambda site: self.preview_signin(site=site)
            )
        )
        menu.addMenu(self.preview_signin_menu)
        self.pdf_signin_menu = self._submenu("签到表存为PDF")
        self.pdf_signin_menu.aboutToShow.connect(
            lambda: self._fill_site_menu(
                self.pdf_signin_menu, lambda site: self.save_signin_pdf(site=site)
            )
        )
        menu.addMenu(self.pdf_signin_menu)
        self.preview_roster_menu = self._submenu("打印预览代表名册")
        self.preview_roster_menu.addAction(
            self._action("本活动名单…", lambda: self.preview_roster(whole_pool=False))
        )
        self.preview_roster_menu.addAction(
            self._action("整个代表库…", lambda: self.preview_roster(whole_pool=True))
        )
        menu.addMenu(self.preview_roster_menu)
        menu.addSeparator()

        self.texts_action = self._action(
            "编辑文书内容(&T)…",
            self.edit_texts,
            "修改实施方案、公示、邀请函、总结中的文字，可只用于本活动或设为本单位默认",
        )
        menu.addAction(self.texts_action)

    def _add_kind(self, menu: QMenu, kind: DocumentKind) -> None:
        name = kind.name
        if kind.needs_year:
            # Word or Excel: one entry per file type; the year is asked when chosen.
            years = self._submenu(kind.menu_title or kind.title, kind.tip)
            for suffix in kind.suffixes:
                years.addAction(
                    self._action(
                        f"{FILE_TYPES_CN.get(suffix, suffix)}…",
                        partial(self.export_year, name, suffix),
                        kind.tip,
                        years,
                    )
                )
            self._menus[name] = years
            self._actions[name] = menu.addMenu(years)
        elif kind.per_site:
            sites = self._submenu(kind.menu_text, kind.tip)
            sites.aboutToShow.connect(
                lambda: self._fill_site_menu(
                    sites,
                    lambda site: self.export(name, site=site),
                    extra=[("每个开放点一张工作表…", lambda: self.export(name, all_sites=True))],
                )
            )
            self._menus[name] = sites
            self._actions[name] = menu.addMenu(sites)
        elif kind.without_event:
            scopes = self._submenu(kind.menu_text, kind.tip)
            scopes.addAction(self._action(f"{kind.this_event}…", lambda: self.export(name)))
            whole = self._action(f"{kind.without_event}…", lambda: self.export(name, whole=True))
            scopes.addAction(whole)
            self._whole_actions[name] = whole
            self._menus[name] = scopes
            self._actions[name] = menu.addMenu(scopes)
        else:
            action = self._action(f"{kind.menu_text}…", lambda: self.export(name), kind.tip)
            menu.addAction(action)
            self._actions[name] = action

    def _place_on_events_tab(self) -> None:
        tab = self.window.events_tab
        self.toolbar_action = QAction(icon("export"), "导出", self.window)
        self.toolbar_action.setToolTip("为选中的活动导出方案、公示、邀请函、签到表等，或打印")
        self.toolbar_action.setMenu(self.menu)
        tab.toolbar.addAction(self.toolbar_action)
        button = tab.toolbar.widgetForAction(self.toolbar_action)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # Right-click on an event offers the same menu (other features add theirs beside it).
        tab.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tab.view.addAction(self.menu.menuAction())

    def _fill_site_menu(
        self,
        menu: QMenu,
        per_site: Callable[[int | None], object],
        extra: list[tuple[str, Callable[[], object]]] | None = None,
    ) -> None:
        """整个活动, the optional extra entries, then one entry per open site of the event."""
        for action in menu.actions():
            menu.removeAction(action)
            action.deleteLater()  # rebuilt each time the menu opens
        menu.addAction(self._action("整个活动…", lambda: per_site(None), menu.title(), menu))
        for text, slot in extra or []:
            menu.addAction(self._action(text, slot, parent=menu))
        event = self._event_or_none()
        if event is not None and event.sites:
            menu.addSeparator()
            for index, site in enumerate(event.sites):
                menu.addAction(
                    self._action(f"仅“{site.name}”…", partial(per_site, index), site.address, menu)
                )

    def _update_event_label(self) -> None:
        from openday_desktop.services import documents

        self._fill_menu()
        event = self._event_or_none()
        if event is None:
            self.event_label_action.setText("还没有活动")
        else:
            self.event_label_action.setText(f"当前活动：{chinese_date(event.date)} {event.title}")
        busy = self.worker is not None
        for action in self.menu.actions():
            if action is not self.event_label_action:
                action.setEnabled(not busy)
        if event is not None:
            # A document the event's status does not allow yet (活动总结 before the event).
            for kind in documents.DOCUMENT_KINDS:
                if kind.needs_event and event.status not in kind.statuses:
                    self.actions[kind.name].setEnabled(False)

    # --- the event ------------------------------------------------------------------------------

    def chosen_event_id(self) -> int | None:
        """The event selected in the 活动 tab, else the latest one already held (or the first)."""
        return self.window.events_tab.chosen_event_id()

    def _event_or_none(self) -> Event | None:
        event_id = self.chosen_event_id()
        if event_id is None:
            return None
        try:
            return self.window.store.events.get(event_id)
        except OpenDayError:
            return None

    def _require_event(self, what: str) -> Event | None:
        event = self._event_or_none()
        if event is None:
            messages.info(
                self.window, f"还没有活动，无法导出{what}。请先在“活动”页新建活动，再导出。"
            )
        return event

    # --- where to save ------------------------------------------------------------------------

    def start_folder(self) -> Path:
        """The folder of the last export, else the user's 文档 folder."""
        from openday_desktop.ui.common.app_window import app_settings

        saved = app_settings().value(FOLDER_SETTING, "")
        if isinstance(saved, str) and saved and Path(saved).is_dir():
            return Path(saved)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _sweep_last_folder(self) -> None:
        from openday_desktop.exports.safety import sweep_stale_temps
        from openday_desktop.ui.common.app_window import app_settings

        saved = app_settings().value(FOLDER_SETTING, "")
        if isinstance(saved, str) and saved:
            sweep_stale_temps(saved)

    def _remember_folder(self, folder: Path) -> None:
        from openday_desktop.ui.common.app_window import app_settings

        app_settings().setValue(FOLDER_SETTING, str(folder))

    def ask_target(self, label: str, file_name: str, filters: str) -> Path | None:
        """Ask where to save; None when the user cancels."""
        suggested = str(self.start_folder() / safe_file_name(file_name))
        path = messages.save_path(self.window, f"导出{label}", suggested, filters)
        if path is None:
            return None
        path = with_suffix(path, Path(file_name).suffix.lower())
        self._remember_folder(path.parent)
        return path

    # --- running ------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while an export is being written."""
        return self.worker is not None

    def run(self, job: ExportJob) -> bool:
        """Ask for the target and start writing it; False when cancelled or already busy."""
        if self.busy:
            messages.info(self.window, "上一个文件还在导出，请稍候再试。")
            return False
        target = self.ask_target(job.label, job.file_name, job.filters)
        if target is None:
            return False
        worker = ExportWorker(Path(self.window.store.path), job, target, self)
        self.running_label = job.label
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        worker.crashed.connect(self._on_crashed)
        worker.finished.connect(self._on_worker_finished)
        self.worker = worker
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.window.statusBar().showMessage(f"正在导出{job.label}到“{target.name}”…")
        self.toolbar_action.setEnabled(False)
        worker.start()
        return True

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until the running export ends (window closing, tests); True when none runs."""
        worker = self.worker
        return worker is None or worker.wait(timeout_ms)

    def _on_succeeded(self, path: str) -> None:
        label = self.running_label
        written = Path(path)
        self.last_path = written
        self._end()
        self.window.statusBar().showMessage(f"已导出{label}：{written}", STATUS_MESSAGE_MS)
        messages.saved(self.window, f"{label}已保存：\n{written}", written.parent)
        self.finished.emit(True)

    def _on_failed(self, message: str) -> None:
        self._end()
        self.window.statusBar().clearMessage()
        messages.error(self.window, message)
        self.finished.emit(False)

    def _on_crashed(self, exc: BaseException) -> None:
        self._end()
        self.window.statusBar().clearMessage()
        self.finished.emit(False)
        raise exc  # a bug: sys.excepthook logs it and shows the crash dialog

    def _end(self) -> None:
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
        self.toolbar_action.setEnabled(True)

    def _on_worker_finished(self) -> None:
        worker = self.worker
        self.worker = None
        if worker is not None:
            worker.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            # A thread must not be destroyed while it writes: let the export finish first.
            self.wait()
        return super().eventFilter(watched, event)

    # --- the exports ----------------------------------------------------------------------------

    def export(
        self,
        name: str,
        *,
        whole: bool = False,
        site: int | None = None,
        all_sites: bool = False,
    ) -> bool:
        """Export the document ``name`` (a registry kind) for the chosen event.

        ``whole``: without an event (整个代表库, 全部活动); ``site``: one open site (0-based);
        ``all_sites``: one sheet per site. A document that can go without an event (the blank
        questionnaire) uses the chosen event when there is one. False when nothing was started.
        """
        from openday_desktop.services import documents

        kind = documents.document_kind(name)
        label = kind.title
        settings = self.window.store.settings.all()
        event_id: int | None = None
        if whole:
            stem = documents.suggested_file_stem(kind, settings)
        else:
            optional = not kind.needs_event and not kind.without_event
            event = self._event_or_none() if optional else self._require_event(label)
            if event is None or event.id is None:
                if not optional:
                    return False
                stem = documents.suggested_file_stem(kind, settings)
            else:
                event_id = event.id
                stem = f"{event_file_prefix(event)}{label}"
                if all_sites:
                    stem += "（各开放点）"
                elif site is not None and 0 <= site < len(event.sites):
                    stem += f"（{event.sites[site].name}）"
        request = documents.ExportRequest(event_id, site=site, all_sites=all_sites)
        suffix = kind.suffixes[0]
        if not self._ready(kind, request, suffix):
            return False
        if name == "archive":
            return self._export_archive(request, stem + suffix)
        return self.run(
            ExportJob(label, stem + suffix, FILTERS[suffix], document_job(kind, request))
        )

    def export_year(self, name: str, suffix: str, year: int | None = None) -> bool:
        """A document that covers a year (年度工作报告): ask the year (this year offered),
        then where to save. False when nothing was started."""
        from datetime import date

        from openday_desktop.services import documents

        kind = documents.document_kind(name)
        if year is None:
            year = messages.ask_year(self.window, f"导出{kind.title}", date.today().year)
            if year is None:
                return False
        settings = self.window.store.settings.all()
        stem = documents.suggested_file_stem(kind, settings, year=year)
        request = documents.ExportRequest(year=year)
        if not self._ready(kind, request, suffix):
            return False
        return self.run(
            ExportJob(kind.title, stem + suffix, FILTERS[suffix], document_job(kind, request))
        )

    def _ready(self, kind: DocumentKind, request: ExportRequest, suffix: str) -> bool:
        """Check the request before asking where to save; offer the settings for placeholders."""
        from openday_desktop.services import documents

        store = self.window.store
        try:
            documents.check_request(store, kind, request, Path(f"{kind.title}{suffix}"))
            missing = documents.missing_unit_settings(store, kind, request)
        except OpenDayError as exc:
            messages.error(self.window, exc.message)
            return False
        if missing:
            text = placeholder_message(missing, kind.title)
            if messages.confirm(self.window, text, title="请先填写单位信息", yes="打开设置"):
                self.window.show_settings()
            return False
        try:
            # Said before the file dialog: e.g. a 公示 with nobody approved has nothing to show.
            documents.refuse_unmet_precondition(store, kind, request)
        except OpenDayError as exc:
            messages.error(self.window, exc.message)
            return False
        return True

    def _export_archive(self, request: ExportRequest, file_name: str) -> bool:
        """The package in the window's thread: its sign-in PDF is drawn by Qt, which paints
        only there."""
        from openday_desktop.services import documents
        from openday_desktop.ui.documents.printing import write_pdf

        target = self.ask_target("归档包", file_name, ZIP_FILTER)
        if target is None:
            return False
        try:
            with wait_cursor():
                written = documents.export_document(
                    self.window.store,
                    "archive",
                    documents.ExportRequest(request.event_id, render_pdf=write_pdf),
                    target,
                )
        except OpenDayError as exc:
            messages.error(self.window, exc.message)
            return False
        self.last_path = written
        self.window.statusBar().showMessage(f"已导出归档包：{written}", STATUS_MESSAGE_MS)
        messages.saved(self.window, f"归档包已保存：\n{written}", written.parent)
        self.finished.emit(True)
        return True

    # --- printing -------------------------------------------------------------------------------

    def _signin_html(self, event: Event, site: int | None) -> str | None:
        from openday_desktop.services import documents

        try:
            return documents.signin_sheet_html(self.window.store, event.id or 0, site)
        except OpenDayError as exc:
            messages.error(self.window, exc.message)
            return None

    def _open_preview(self, html: str, title: str, *, landscape: bool, scale: float) -> None:

        from openday_desktop.ui.documents.printing import print_preview_dialog

        if self.preview_dialog is not None:
            self.preview_dialog.close()
        dialog = print_preview_dialog(self.window, html, title, landscape=landscape, scale=scale)
        dialog.finished.connect(lambda _result: setattr(self, "preview_dialog", None))
        self.preview_dialog = dialog
        dialog.open()  # window-modal without a nested event loop

    def preview_signin(self, site: int | None = None) -> bool:
        """Print preview of the sign-in sheet (the whole event or one site)."""
        event = self._require_event("签到表")
        if event is None:
            return False
        with wait_cursor():
            html = self._signin_html(event, site)
            if html is None:
                return False
            self._open_preview(html, f"打印预览 - {event.title}签到表", landscape=False, scale=1)
        return True

    def preview_roster(self, *, whole_pool: bool) -> bool:
        """Print preview of the roster (landscape, shrunk to fit the page width)."""
        from openday_desktop.exports.print_table import to_html
        from openday_desktop.services import documents
        from openday_desktop.ui.documents.printing import fit_width_scale

        store = self.window.store
        event_id: int | None = None
        if not whole_pool:
            event = self._require_event("代表名册")
            if event is None:
                return False
            event_id = event.id
        count = (
            store.people.count() if event_id is None else len(store.invitations.for_event(event_id))
        )
        if count > PREVIEW_ROW_LIMIT:
            messages.info(
                self.window,
                f"代表库共有 {count} 人，打印预览最多显示 {PREVIEW_ROW_LIMIT} 人。"
                "请用“导出 → 代表名册（Excel）→ 整个代表库”生成 Excel 名册，在 Excel 或 WPS 中打印。",
            )
            return False
        with wait_cursor():
            table = documents.roster_table(store, event_id)
            scale = fit_width_scale(table.width_weights, landscape=True)
            self._open_preview(
                to_html(table), f"打印预览 - {table.title}", landscape=True, scale=scale
            )
        return True

    def save_signin_pdf(self, site: int | None = None) -> bool:
        """The sign-in sheet as a PDF: the same pages as the print preview."""
        from openday_desktop.services import documents
        from openday_desktop.ui.documents.printing import write_pdf

        event = self._require_event("签到表")
        if event is None or self.busy:
            return False
        name = f"{event_file_prefix(event)}签到表"
        if site is not None and 0 <= site < len(event.sites):
            name += f"（{event.sites[site].name}）"
        target = self.ask_target("签到表PDF", f"{name}.pdf", PDF_FILTER)
        if target is None:
            return False
        request = documents.ExportRequest(event.id, site=site)
        try:
            with wait_cursor():
                written = documents.export_document(
                    self.window.store, "signin", request, target, render_pdf=write_pdf
                )
        except OpenDayError as exc:
            messages.error(self.window, exc.message)
            return False
        self.last_path = written
        self.window.statusBar().showMessage(f"已保存签到表PDF：{written}", STATUS_MESSAGE_MS)
        messages.saved(self.window, f"签到表PDF已保存：\n{written}", written.parent)
        return True

    # --- document texts -------------------------------------------------------------------------

    def edit_texts(self) -> None:
        """编辑文书内容 for the chosen event (or the unit's defaults when there is none)."""

        if self.texts_dialog is not None:
            self.texts_dialog.raise_()
            self.texts_dialog.activateWindow()
            return
        from openday_desktop.ui.documents.document_texts_dialog import DocumentTextsDialog

        dialog = DocumentTextsDialog(self.window.store, self.chosen_event_id(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "texts_dialog", None))
        self.texts_dialog = dialog
        dialog.open()


def install_exports(window: AppWindow) -> ExportActions:
    """Add the 导出 menu and the 活动 tab's 导出 button to ``window``."""
    return ExportActions(window)
