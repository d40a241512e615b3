"""Start-up: the real ``openday`` entry in a subprocess, refusals, lean imports, crash hook."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from openday_desktop.app import CrashHandler, build_main_window, choose_chinese_font
from openday_desktop.domain.errors import DatabaseVersionError
from openday_desktop.storage.files import APPLICATION_ID

REPO = Path(__file__).resolve().parents[2]


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m openday_desktop.app ARGS`` with this test's user folders and no screen."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "openday_desktop.app", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """``python -c CODE`` in a fresh process with no screen; it must succeed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=90
    )
    assert result.returncode == 0, result.stderr
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_smoke_test_opens_the_window_and_exits_0(demo_store: Any, db_path: Path) -> None:
    demo_store.close()
    result = run_app("--db", str(db_path), "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_smoke_test_on_a_new_database_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "new" / "fresh.db"
    result = run_app("--db", str(path), "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert path.is_file()


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE something (x)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = digest(path)
    result = run_app("--db", str(path), "--smoke-test")
    assert result.returncode == 1
    assert "更新版本" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_build_main_window_refuses_newer_database(tmp_path: Path, qtbot: Any) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(DatabaseVersionError):
        build_main_window(path)


# Libraries and modules the window must not load before the user needs them.
LOADED_ON_FIRST_USE = (
    "openpyxl",
    "docx",
    "PIL",
    "pypinyin",
    "stdnum",
    "sqlite_utils",
    "chinese_calendar",
    "PySide6.QtCharts",
    "openday_desktop.ui.dashboard.dashboard",
    # the document registry (the 导出 menu fills on first opening), the statistics, the
    # audit triggers (made after the first paint) and fractions (shares typed in settings)
    "openday_desktop.services.documents",
    "openday_desktop.domain.statistics",
    "openday_desktop.storage.audit",
    "fractions",
)


def test_start_up_does_not_import_heavy_libraries(demo_store: Any, db_path: Path) -> None:
    demo_store.close()
    code = (
        "import sys\n"
        "from openday_desktop.app import build_main_window\n"
        f"window = build_main_window({str(db_path)!r})\n"
        "window.show()\n"
        f"heavy = [m for m in {LOADED_ON_FIRST_USE!r} if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
        "print('ROWS', window.events_tab.model.rowCount())\n"
        "print('TABS', window.tabs.count())\n"
        "window.close()\n"
    )
    result = run_python(code)
    assert "HEAVY []" in result.stdout
    assert "ROWS 3" in result.stdout
    assert "TABS 4" in result.stdout


def test_db_option_and_environment_variable_pick_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("OPENDAY_DB", str(path))
    window = build_main_window(None)
    qtbot.addWidget(window)
    assert Path(window.store.path) == path


def test_choose_chinese_font_prefers_yahei_then_noto() -> None:
    assert choose_chinese_font(["SimSun", "Microsoft YaHei", "Noto Sans CJK SC"]) == (
        "Microsoft YaHei"
    )
    assert choose_chinese_font(["Noto Serif CJK SC", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    assert choose_chinese_font(["AR PL UMing CN"]) == "AR PL UMing CN"
    assert choose_chinese_font([]) is None


def test_crash_handler_logs_and_shows_a_chinese_message(
    qapp: Any, messages_shown: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import openday_desktop.app as app_module

    log_file = tmp_path / "logs" / "openday.log"
    monkeypatch.setattr(app_module, "log_path", lambda: log_file)
    for handler in list(app_module.log.handlers):
        app_module.log.removeHandler(handler)
    hook = CrashHandler()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    for handler in list(app_module.log.handlers):
        handler.close()
        app_module.log.removeHandler(handler)
    assert hook.crashed
    (text,) = messages_shown.texts("crash")
    assert "意外错误" in text and str(log_file) in text
    assert "boom in a slot" in log_file.read_text(encoding="utf-8")


def test_smoke_test_reports_the_moment_of_its_first_paint(
    demo_store: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    demo_store.close()
    stamp = tmp_path / "painted.txt"
    monkeypatch.setenv("OPENDAY_FIRST_PAINT_FILE", str(stamp))
    before = time.time()
    result = run_app("--db", str(db_path), "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert before < float(stamp.read_text(encoding="utf-8")) < time.time()


def test_no_module_selects_a_pyside_feature() -> None:
    # spare_pyside_source_scan answers PySide's "does this module use PySide?" from the name,
    # which is only safe while no module switches a feature on (snake_case, true_property).
    package = REPO / "openday_desktop"
    selecting = [
        str(path.relative_to(REPO))
        for path in package.rglob("*.py")
        if "from __feature__ import" in path.read_text(encoding="utf-8")
    ]
    assert selecting == []


def test_pyside_no_longer_reads_the_source_of_each_imported_module() -> None:
    code = (
        "import sys, inspect\n"
        "from openday_desktop.app import ensure_application\n"
        "ensure_application()\n"
        "read = []\n"
        "original = inspect.getsource\n"
        "inspect.getsource = lambda obj: read.append(obj.__name__) or original(obj)\n"
        "import openday_desktop.ui.main_window, openpyxl\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "flags = feature.pyside_feature_dict\n"
        "print('READ', read)\n"
        "print('UI', flags['openday_desktop.ui.common.actions'], 'XLSX', flags['openpyxl.compat'])\n"
    )
    result = run_python(code)
    assert "READ []" in result.stdout
    # The window's modules still count as PySide users (feature selection 0), others are ignored.
    assert "UI 0 XLSX -1" in result.stdout


def test_the_window_creates_the_audit_triggers_right_after_its_first_paint(
    demo_store: Any, db_path: Path, qtbot: Any
) -> None:
    demo_store.close()
    window = build_main_window(db_path)
    qtbot.addWidget(window)

    def triggers() -> int:
        return int(window.store.db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0])

    assert triggers() == 0
    window.show()
    qtbot.waitUntil(lambda: triggers() > 0, timeout=5000)
