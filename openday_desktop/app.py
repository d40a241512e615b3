"""Start the window: QApplication set-up, Chinese font, crash handling, the main window.

``openday [--db PATH] [--smoke-test]`` (also ``python -m openday_desktop.app``).
Start-up stays lean: heavy libraries (openpyxl, python-docx, pypinyin, stdnum) are imported by
the features that use them, never here.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

# The Qt-free layers first: PySide6 reads the source of every module imported after it (see
# spare_pyside_source_scan), so loading storage and the standard library before Qt is cheaper.
from openday_desktop import APP_NAME, SETTINGS_APPLICATION, SETTINGS_ORGANIZATION, __version__
from openday_desktop.chinese_argparse import ChineseArgumentParser
from openday_desktop.domain.errors import DatabaseDamagedError, OpenDayError
from openday_desktop.storage import open_store, resolve_db_path
from openday_desktop.storage.backups import file_problems
from openday_desktop.storage.diagnosis import RESTORE_HINT, diagnose
from openday_desktop.storage.files import private_dir, restrict_umask
from openday_desktop.storage.location import log_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from openday_desktop.ui.main_window import MainWindow

log = logging.getLogger("openday")
# Qt's own catalogues for the standard buttons, context menus, file and print dialogs.
QT_CATALOGUES = ("qtbase",)

# Office PCs have 微软雅黑; Linux desktops have Noto or Source Han; then anything Chinese.
PREFERRED_FONTS: tuple[str, ...] = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "微软雅黑",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "思源黑体",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "文泉驿微米黑",
    "SimHei",
)


def choose_chinese_font(families: Sequence[str]) -> str | None:
    """The best UI font among the installed families that cover Simplified Chinese."""
    available = set(families)
    for name in PREFERRED_FONTS:
        if name in available:
            return name
    for name in families:
        if name.endswith(" SC") or "Hei" in name or "黑" in name:
            return name
    return families[0] if families else None


def setup_application(app: QApplication) -> None:
    """Names (for QSettings and window titles) and a font that renders Chinese well."""
    from PySide6.QtGui import QFont, QFontDatabase

    app.setOrganizationName(SETTINGS_ORGANIZATION)
    app.setApplicationName(SETTINGS_APPLICATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    family = choose_chinese_font(
        QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    )
    if family:
        font = QFont(app.font())
        font.setFamilies([family])
        if font.pointSizeF() < 9:
            font.setPointSizeF(9)
        app.setFont(font)
    install_qt_translations(app)


def install_qt_translations(app: QApplication) -> int:
    """Load Qt's zh_CN catalogue shipped with PySide6: 确定/取消, 复制/粘贴, file and print dialogs.

    Returns how many catalogues were installed (the translators are children of ``app``, so
    they live as long as it). A missing catalogue leaves Qt's English; it never fails.
    Kept here rather than in ui/: modules imported after PySide6 cost more to load.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(locale)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = 0
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(locale, catalogue, "_", folder) and app.installTranslator(translator):
            installed += 1
    return installed


# Package prefixes whose modules use Qt; nothing else in the process does.
QT_MODULE_PREFIXES = ("openday_desktop.ui", "PySide6", "shiboken6", "pytestqt")


def spare_pyside_source_scan() -> bool:
    """Stop PySide6 reading the whole source file of every module imported after it.

    PySide6's support for its ``__feature__`` switches (snake_case names) asks, once per
    module, whether the module uses PySide, by reading its source (``inspect.getsource``) and
    looking for the word. That costs 15-30 ms at start-up (the window's modules) and as much
    again when the first export loads openpyxl and python-docx. The answer only matters to a module that
    selects a feature; none in this application does (tests/gui/test_app_startup.py checks),
    so it is given from the module's name. Returns False when this PySide6 has no such hook.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False

    def uses_pyside(module: object) -> bool:
        name = str(getattr(module, "__name__", ""))
        return name.startswith(QT_MODULE_PREFIXES)

    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]  # PySide6 internals
    return True


def ensure_application(argv: Sequence[str] | None = None) -> QApplication:
    """The running QApplication, created and set up when there is none yet."""
    from PySide6.QtWidgets import QApplication

    spare_pyside_source_scan()
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    setup_application(app)
    return app


def _setup_logging() -> None:
    if log.handlers:
        return
    # delay=True: the folder and file appear only when something is actually logged.
    try:
        private_dir(log_path().parent)
        handler: logging.Handler = logging.FileHandler(log_path(), encoding="utf-8", delay=True)
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


class CrashHandler:
    """sys.excepthook: log the traceback, then tell the user in Chinese (or stderr when quiet)."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self.crashed = False
        self._showing = False

    def __call__(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        from PySide6.QtWidgets import QApplication

        self.crashed = True
        details = "".join(traceback.format_exception(kind, value, tb))
        _setup_logging()
        log.error("未处理的程序错误：\n%s", details)
        if self.quiet or self._showing or QApplication.instance() is None:
            print(details, file=sys.stderr)
            return
        from openday_desktop.ui.common import messages

        self._showing = True  # an error inside the message box must not open another one
        if isinstance(value, (sqlite3.Error, OSError, OpenDayError)):
            try:
                messages.error(None, diagnose(value))
            finally:
                self._showing = False
            return
        try:
            messages.crash(
                None,
                "程序遇到了意外错误，刚才的操作可能没有完成（已保存的数据不受影响）。\n"
                f"错误详情已记录在：{log_path()}\n"
                "如果问题反复出现，请把这个文件发给技术支持人员。",
                details,
            )
        finally:
            self._showing = False


def build_main_window(db_path: str | Path | None = None) -> MainWindow:
    """Open the store (taking the one-window lock) and build the window; no event loop is run.

    Raises OpenDayError (e.g. DatabaseVersionError) with a Chinese message when the database
    cannot be used; the file is then left untouched.
    """
    ensure_application()
    from openday_desktop.ui.main_window import MainWindow

    # The lock keeps a second window off this database; the integrity check and the daily
    # backup run after the first paint (MaintenanceActions.check_after_start), and so does
    # the creation of the audit triggers (the window calls finish_setup after that paint).
    store = open_store(resolve_db_path(db_path), exclusive=True, audit_before_first_write=True)
    try:
        from PySide6.QtWidgets import QApplication

        from openday_desktop.ui.unit_info import apply_text_scale

        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Before the window is built, so it is laid out once at the clerk's text size.
            apply_text_scale(app, int(store.settings.get("text_scale")))
        return MainWindow(store)
    except BaseException:
        store.close()
        raise


def _parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = ChineseArgumentParser(
        prog="openday", description=f"{APP_NAME}：政府开放日活动的筹备、组织与意见办理。"
    )
    parser.add_argument("--db", metavar="PATH", help="要打开的数据库文件（不存在则新建）")
    parser.add_argument(
        "--smoke-test", action="store_true", help="打开窗口、完成绘制后立即退出（用于检查安装）"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the application; returns the exit code (0 fine, 1 the database cannot be used)."""
    args, qt_args = _parse_args(list(sys.argv[1:] if argv is None else argv))
    restrict_umask()
    # Start-up creates tens of thousands of long-lived objects (modules, Qt wrappers, enum
    # members); cyclic collections while they are being made only scan them again and again.
    # Collect nothing until the window is up, then freeze those objects out of later passes.
    gc.disable()
    try:
        app = ensure_application([sys.argv[0], *qt_args])
    except BaseException:
        gc.enable()
        raise
    hook = CrashHandler(quiet=args.smoke_test)
    previous_hook = sys.excepthook
    sys.excepthook = hook
    try:
        window = _open_window(args.db, args.smoke_test)
        if window is None:
            return 1
        window.show()
        if not args.smoke_test:
            window.unit_info.start()  # a new database asks for the unit first
        gc.freeze()
        gc.enable()
        if args.smoke_test:
            _quit_after_first_paint(window, app)
        else:
            # In a thread of its own, but it reads the whole file: not before the first paint.
            window.after_start_up(window.maintenance.check_after_start)
        code = app.exec()
        if args.smoke_test and file_problems(Path(window.store.path)):
            print(f"错误：数据库“{window.store.path}”已损坏。{RESTORE_HINT}", file=sys.stderr)
            code = 1
        window.close()
        # Everything is saved and the store is closed: a final cyclic collection over the
        # Qt wrappers would only delay the end of the process.
        gc.freeze()
        if hook.crashed:
            return 1
        return code
    finally:
        gc.enable()
        sys.excepthook = previous_hook


def _quit_after_first_paint(window: MainWindow, app: QApplication) -> None:
    """Leave the event loop once the first tab's content has really been painted.

    For a table tab that is a Paint of the table's viewport after its rows were loaded; for
    the 概览 tab a Paint of the dashboard once it is built. Gives up (exit code 1) after a
    minute without such a paint.
    """
    import os
    import time

    from PySide6.QtCore import QTimer

    from openday_desktop.ui.common.first_paint import after_first_paint

    # bench/startup.py times start-up to this paint (the smoke test then checks the file,
    # which is not start-up): the moment is written where it asks.
    stamp_file = os.environ.get("OPENDAY_FIRST_PAINT_FILE")

    done: list[bool] = []

    def painted() -> None:
        if stamp_file:
            Path(stamp_file).write_text(f"{time.time():.6f}", encoding="utf-8")
        done.append(True)
        app.quit()

    tab = window.current_record_tab()
    if tab is not None:
        after_first_paint(tab.view.viewport(), painted, ready=lambda: tab.loaded)
    else:
        page = window.tabs.currentWidget()

        def content_painted() -> None:
            build = getattr(page, "ensure_built", None)
            after_first_paint(build() if build else page, painted)

        after_first_paint(page, content_painted)

    def give_up() -> None:
        if done:  # painted in time (the timer outlives the loop only in tests)
            return
        sys.stderr.write("冒烟测试失败：窗口在一分钟内没有完成绘制。\n")
        app.exit(1)

    QTimer.singleShot(60_000, give_up)


def _open_window(db: str | None, quiet: bool) -> MainWindow | None:
    """The main window, or None after telling the user (in Chinese) why it cannot open.

    A damaged database offers the restore dialog first and, once restored, opens.
    """
    path = resolve_db_path(db)
    for _attempt in range(2):
        try:
            return build_main_window(path)
        except Exception as exc:  # every reason is said in Chinese, never as a traceback
            message = diagnose(exc, path)
            damaged = isinstance(exc, DatabaseDamagedError) or (
                isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc)
            )
            if quiet or not damaged:
                _refuse(message, quiet)
                return None
            from openday_desktop.ui.maintenance import recover_at_start

            if not recover_at_start(path, message):
                return None
    return None


def _refuse(message: str, quiet: bool) -> int:
    """Report a database that cannot be opened; exit code 1."""
    if quiet:
        print(f"错误：{message}", file=sys.stderr)
    else:
        from openday_desktop.ui.common import messages

        messages.error(None, message)
    return 1


if __name__ == "__main__":
    sys.exit(main())
