"""The Windows-only and bundle-only code paths, exercised here by pretending to be there.

The installed program runs on Windows (per-user data in %APPDATA%) and frozen by PyInstaller
(files under sys._MEIPASS); neither happens on the Linux test machine, so the platform, the
environment and the frozen markers are patched.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from openday_desktop import resources
from openday_desktop.app import choose_chinese_font
from openday_desktop.exports import charts
from openday_desktop.storage import location


def test_windows_data_lives_in_appdata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert location.user_data_dir() == tmp_path / "Roaming" / "OpenDay"
    assert location.default_db_path() == tmp_path / "Roaming" / "OpenDay" / "openday.db"
    assert location.resolve_db_path() == location.default_db_path()


def test_windows_without_appdata_uses_the_roaming_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "clerk"))
    assert location.user_data_dir() == tmp_path / "clerk" / "AppData" / "Roaming" / "OpenDay"


def test_windows_ignores_xdg_and_linux_ignores_appdata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(sys, "platform", "win32")
    assert location.user_data_dir() == tmp_path / "Roaming" / "OpenDay"
    monkeypatch.setattr(sys, "platform", "linux")
    assert location.user_data_dir() == tmp_path / "xdg" / "openday"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "clerk"))
    assert location.user_data_dir() == tmp_path / "clerk" / ".local" / "share" / "openday"


def test_db_option_and_variable_win_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("OPENDAY_DB", str(tmp_path / "env.db"))
    assert location.resolve_db_path() == tmp_path / "env.db"
    assert location.resolve_db_path(tmp_path / "given.db") == tmp_path / "given.db"


def test_windows_ui_font_is_yahei() -> None:
    # QFontDatabase's Chinese families on an office PC with Office installed.
    families = ["SimSun", "NSimSun", "SimHei", "Microsoft YaHei", "Microsoft YaHei UI", "DengXian"]
    assert choose_chinese_font(families) == "Microsoft YaHei UI"
    assert choose_chinese_font(["SimSun", "SimHei"]) == "SimHei"


def test_windows_chart_font_comes_from_windir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = tmp_path / "Windows" / "Fonts"
    fonts.mkdir(parents=True)
    (fonts / "simhei.ttf").write_bytes(b"")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    charts.find_cjk_font.cache_clear()
    try:
        assert charts.find_cjk_font() == (str(fonts / "simhei.ttf"), 0)
        (fonts / "msyh.ttc").write_bytes(b"")
        charts.find_cjk_font.cache_clear()
        assert charts.find_cjk_font() == (str(fonts / "msyh.ttc"), 0)
    finally:
        charts.find_cjk_font.cache_clear()


def _fake_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PyInstaller folder with the data laid out as packaging/openday.spec puts it."""
    bundle = tmp_path / "_internal"
    for name in ("forms", "resources"):
        (bundle / "openday_desktop" / name).mkdir(parents=True)
    (bundle / "openday_desktop" / "forms" / "event_dialog.ui").write_text("<ui/>")
    # The module's own folder has no data (as when __file__ points elsewhere).
    monkeypatch.setattr(resources, "_PACKAGE_DIR", tmp_path / "code" / "openday_desktop")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    return bundle


def test_frozen_bundle_finds_forms_and_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = _fake_bundle(tmp_path, monkeypatch)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert resources.form_path("event_dialog") == (
        bundle / "openday_desktop" / "forms" / "event_dialog.ui"
    )
    assert resources.resource_path("icons", "app.svg") == (
        bundle / "openday_desktop" / "resources" / "icons" / "app.svg"
    )


def test_not_frozen_ignores_a_stray_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_bundle(tmp_path, monkeypatch)
    monkeypatch.delattr(sys, "frozen", raising=False)
    with pytest.raises(FileNotFoundError, match="找不到程序文件夹“forms”.*请重新安装"):
        resources.data_dir("forms")


def test_checkout_layout_is_found() -> None:
    assert resources.form_path("event_dialog").is_file()
    assert resources.resource_path("icons", "app.svg").is_file()
