"""The installers' promises that can be read without building them.

Building and installing the .deb is packaging/test_deb.sh's job (run at the end of .ci/run);
these checks keep the promises that matter most to a clerk in the files themselves: an
uninstall never deletes the user's data, a Windows install needs no administrator, the menu
entry starts the installed program, and the README's commands are the ones CI runs.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
from pathlib import Path
from types import ModuleType

from openday_desktop import SETTINGS_APPLICATION

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("openday_packaging_build", PACKAGING / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_deb_scripts_never_remove_user_data() -> None:
    build = build_module()
    for script in (build.POSTINST, build.POSTRM):
        assert script.startswith("#!/bin/sh\nset -e\n")
        code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))
        assert not re.search(r"\brm\b|\.local|openday\.db|/home|\$HOME", code), code


def test_menu_entry_starts_the_installed_program() -> None:
    build = build_module()
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(build.DESKTOP_ENTRY)
    section = entry["Desktop Entry"]
    assert section["Exec"] == "/usr/bin/openday"
    assert section["Icon"] == "openday"
    assert section["Name[zh_CN]"] == "政府开放日助手"
    assert section["Type"] == "Application" and section["Terminal"] == "false"
    assert section["StartupWMClass"] == SETTINGS_APPLICATION  # Qt's WM_CLASS class part
    wrapper = build.WRAPPER.format(install_dir=build.INSTALL_DIR, program="openday")
    assert wrapper.splitlines()[-1] == 'exec /opt/openday/openday "$@"'
    assert "libxcb-cursor0" in build.DEB_DEPENDS and "libegl1" in build.DEB_DEPENDS


def test_windows_installer_is_per_user_and_keeps_data() -> None:
    script = (PACKAGING / "windows" / "openday.iss").read_text(encoding="utf-8-sig")
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith(";"))
    assert re.search(r"^PrivilegesRequired=lowest$", code, re.M)
    assert re.search(r"^DefaultDirName=\{autopf\}\\OpenDay$", code, re.M)
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}\\', code, re.M)
    assert '"{#Root}\\dist\\openday\\*"' in code
    # Nothing the uninstaller deletes beyond what it installed, and never the data folder.
    assert "[UninstallDelete]" not in code
    assert "userappdata" not in code.lower() and "OpenDay\\openday.db" not in code


def test_spec_bundles_both_programs_and_leaves_heavy_qt_out() -> None:
    spec = (PACKAGING / "openday.spec").read_text(encoding="utf-8")
    assert 'program(gui, "openday", console=False)' in spec
    assert 'program(cli, "openday-cli", console=True)' in spec
    for module in ("QtWebEngineCore", "Qt3DCore", "QtQuick", "QtMultimedia"):
        assert f'"PySide6.{module}"' in spec


def test_package_extra_brings_pyinstaller() -> None:
    # Read as text: tomllib is not in Python 3.10, which the project still supports.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    extras = text[text.index("[project.optional-dependencies]") : text.index("[project.scripts]")]
    assert re.search(r'^package = \[\s*(#.*\s*)*"pyinstaller>=', extras, re.M), extras


def test_readme_developer_commands_make_a_venv_and_match_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_code = readme[: readme.index("## 这是什么")]
    assert "python3 -m venv .venv && . .venv/bin/activate" in first_code
    assert "pip install . && openday" in first_code
    assert 'pip install ".[test]" && pytest' in first_code
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -q ".[test]"' in ci and "\npytest " in ci
