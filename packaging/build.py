"""Build the installable OpenDay Desktop: a one-folder bundle, and on Linux a .deb.

    pip install ".[package]"            # PyInstaller and the program's own libraries
    python packaging/build.py bundle    # dist/openday/ (openday, openday-cli, _internal/)
    python packaging/build.py deb       # the bundle, then dist/openday_<version>_<arch>.deb
    python packaging/build.py installer # Windows: the bundle, then dist/OpenDay-<v>-setup.exe

``deb --reuse-bundle`` packages an existing dist/openday/ without building it again; ``--fast``
compresses with gzip instead of xz (a bigger file, made several times quicker: for tests).
The bundle is checked after it is built (forms, resources, library data, Qt plugins and
translations present; unused Qt modules absent); a missing piece stops the build with the
reason. See packaging/README.md for why PyInstaller and for the Windows installer.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
ICONS = BUILD / "packaging" / "icons"
BUNDLE = DIST / "openday"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""

PACKAGE_NAME = "openday"
INSTALL_DIR = "/opt/openday"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

# The bundle carries Python, Qt and most libraries (xcb, xkbcommon, fontconfig, freetype, glib,
# dbus, cups) itself. What it takes from the system: glibc, the OpenGL/EGL dispatch libraries and
# libxcb (checked with ldd on a clean Debian by packaging/test_deb.sh), plus data files that
# the bundled libraries read: xkb-data (keyboard layouts), the X11 locale files, fontconfig's
# configuration. The X11/xcb libraries Qt's xcb plugin needs are listed too, so a build that
# leaves one out still runs, and they cost nothing on a desktop where they are all installed.
DEB_DEPENDS = (
    "libc6 (>= 2.28)",
    "xkb-data",
    "libegl1",
    "libgl1",
    "libopengl0",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libdbus-1-3",
    "libx11-6",
    "libx11-xcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
)
# Chinese glyphs for the window and the printed pages; any CJK font works, Noto is preferred.
DEB_RECOMMENDS = ("fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei", "libcups2")


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from openday_desktop import __version__

    return __version__


def step(message: str) -> None:
    print(f"== {message}", flush=True)


def fail(message: str) -> None:
    print(f"打包失败：{message}", file=sys.stderr)
    raise SystemExit(1)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


# -- icons ----------------------------------------------------------------------------------


def render_icons() -> None:
    """PNG icons at the usual sizes and a Windows .ico, drawn from resources/icons/app.svg."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    ICONS.mkdir(parents=True, exist_ok=True)
    source = ROOT / "resources" / "icons" / "app.svg"
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        fail(f"图标文件 {source} 无法读取。")
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"openday-{size}.png"))
    shutil.copyfile(source, ICONS / "openday.svg")
    largest = Image.open(ICONS / "openday-256.png")
    largest.save(ICONS / "openday.ico", sizes=[(s, s) for s in ICON_SIZES])
    del _app


def write_windows_version_info() -> None:
    """The file properties Windows shows for openday.exe (PyInstaller's version resource)."""
    numbers = [int(part) for part in version().split(".")[:3] if part.isdigit()]
    numbers += [0] * (4 - len(numbers))
    tuple_text = ", ".join(str(n) for n in numbers)
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({tuple_text}), prodvers=({tuple_text})),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', 'OpenDay Desktop'),
      StringStruct('FileDescription', '政府开放日助手'),
      StringStruct('FileVersion', '{version()}'),
      StringStruct('ProductName', '政府开放日助手'),
      StringStruct('ProductVersion', '{version()}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""
    (BUILD / "packaging" / "version_info.txt").write_text(text, encoding="utf-8")


# -- the bundle -----------------------------------------------------------------------------


def qt_paths() -> dict[str, list[str]]:
    """Files the bundle must contain, relative to its _internal folder, per platform."""
    qt = "PySide6/Qt" if not WINDOWS else "PySide6"
    plugins = f"{qt}/plugins"
    if WINDOWS:
        platform_files = ["qwindows.dll", "qoffscreen.dll"]
        lib = "{}.dll"
        printsupport: list[str] = []  # built into Qt6PrintSupport.dll on Windows
    else:
        platform_files = ["libqxcb.so", "libqoffscreen.so"]
        lib = "lib{}.so"
        printsupport = [f"{plugins}/printsupport/libcupsprintersupport.so"]
    return {
        "platforms": [f"{plugins}/platforms/{name}" for name in platform_files],
        "printsupport": printsupport,
        "svg": [
            f"{plugins}/iconengines/{lib.format('qsvgicon')}",
            f"{plugins}/imageformats/{lib.format('qsvg')}",
        ],
        "translations": [f"{qt}/translations/qtbase_zh_CN.qm"],
    }


REQUIRED_DATA = (
    "openday_desktop/forms/event_dialog.ui",
    "openday_desktop/resources/help.html",
    "openday_desktop/resources/icons/app.svg",
    "docx/templates/default.docx",
    "docx/templates/default-footer.xml",
    "docx/parts/__init__.py",  # docx reads docx/parts/../templates/
    "pypinyin/pinyin_dict.json",
    "pypinyin/phrases_dict.json",
    "stdnum/cn/loc.dat",
)
REQUIRED_MODULES = (
    "openday_desktop.app",
    "openday_desktop.cli",
    "openday_desktop.ui.main_window",
    "chinese_calendar.constants",
    "pypinyin.pinyin_dict",
    "docx",
    "openpyxl",
    "stdnum.cn.ric",
    "sqlite_utils",
    "PIL.Image",
)
# Heavy Qt parts that must stay out (their libraries would add 20-200 MB each).
FORBIDDEN = ("WebEngine", "Quick", "Qml", "Qt63D", "Multimedia", "Designer", "Pdf")


def check_bundle(bundle: Path) -> None:
    internal = bundle / "_internal"
    missing = [
        name for name in (f"openday{EXE}", f"openday-cli{EXE}") if not (bundle / name).is_file()
    ]
    wanted = list(REQUIRED_DATA) + [p for group in qt_paths().values() for p in group]
    missing += [path for path in wanted if not (internal / path).is_file()]
    if missing:
        fail("程序文件夹缺少：" + "、".join(missing))
    found_modules = bundled_modules()
    absent = [name for name in REQUIRED_MODULES if name not in found_modules]
    if absent:
        fail("打包的 Python 模块缺少：" + "、".join(absent))
    heavy = sorted(
        str(p.relative_to(internal))
        for p in internal.rglob("*")
        if p.is_file() and any(word in p.name for word in FORBIDDEN)
    )
    if heavy:
        fail("不应打包的 Qt 模块：" + "、".join(heavy[:10]))
    dangling = [
        str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_symlink() and not p.exists()
    ]
    if dangling:
        fail("程序文件夹中有失效的链接：" + "、".join(dangling[:10]))


def bundled_modules() -> set[str]:
    """Module names in the bundle's Python archives (the programs' PYZ) and as loose files."""
    from PyInstaller.archive.readers import ZlibArchiveReader

    names: set[str] = set()
    for pyz in (BUILD / "pyinstaller" / "openday").glob("PYZ-*.pyz"):
        names.update(ZlibArchiveReader(str(pyz)).toc)
    return names


def bundle() -> Path:
    step("图标")
    render_icons()
    if WINDOWS:
        write_windows_version_info()
    step("PyInstaller（几分钟）")
    started = time.monotonic()
    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={BUILD / 'pyinstaller'}",
            str(PACKAGING / "openday.spec"),
        ],
        cwd=ROOT,
        check=True,
    )
    check_bundle(BUNDLE)
    elapsed = time.monotonic() - started
    print(
        f"程序文件夹：{BUNDLE}（{megabytes(folder_size(BUNDLE))}，用时 {elapsed:.0f} 秒）",
        flush=True,
    )
    return BUNDLE


# -- the .deb -------------------------------------------------------------------------------

# StartupWMClass: Qt's xcb windows carry WM_CLASS ("openday", applicationName()), and the
# application name is SETTINGS_APPLICATION; the taskbar matches the window to this entry by it.
DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Version=1.0
Name=OpenDay Desktop
Name[zh_CN]=政府开放日助手
GenericName=Government open day assistant
GenericName[zh_CN]=政府开放日活动管理
Comment=Plan government open days: events, representatives, sign-in, suggestions, documents
Comment[zh_CN]=筹备政府开放日：活动、代表遴选、签到、意见建议办理、公文和表格
Exec=/usr/bin/openday
Icon=openday
Terminal=false
Categories=Office;
Keywords=政府开放日;开放日;代表;签到;意见建议;OpenDay;
StartupNotify=true
StartupWMClass=OpenDayDesktop
"""

WRAPPER = """#!/bin/sh
# Installed by the openday package: starts the bundled program (Python and Qt are inside).
exec {install_dir}/{program} "$@"
"""

POSTINST = """#!/bin/sh
set -e
# Refresh the menus and the icon cache so 政府开放日助手 appears at once.
if [ "$1" = "configure" ]; then
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
    fi
fi
exit 0
"""

POSTRM = """#!/bin/sh
set -e
# Only the menu and icon caches are refreshed. The users' data (databases, backups, the log)
# lives in each user's ~/.local/share/openday and is NEVER removed, not even on purge:
# it is the office's record of its open days.
case "$1" in
    remove|purge)
        if command -v update-desktop-database >/dev/null 2>&1; then
            update-desktop-database -q /usr/share/applications || true
        fi
        if command -v gtk-update-icon-cache >/dev/null 2>&1; then
            gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
        fi
        ;;
esac
exit 0
"""

COPYRIGHT = """Upstream-Name: openday-desktop
Comment: Bundles Python, Qt for Python (PySide6, LGPLv3) and the Python libraries listed in
 pyproject.toml, each under its own licence (see /opt/openday/_internal).

Files: *
License: MIT
"""


def debian_architecture() -> str:
    try:
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


def write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def normalise_modes(root: Path) -> None:
    """Directories 0755, files 0644 or 0755 when executable: the installed tree is root's."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def deb(reuse_bundle: bool, fast: bool = False) -> Path:
    if WINDOWS:
        fail(".deb 只能在 Linux 上生成；Windows 安装程序见 packaging/README.md。")
    if not shutil.which("dpkg-deb"):
        fail("没有找到 dpkg-deb（Debian/Ubuntu/统信/麒麟自带；其他系统请安装 dpkg）。")
    if reuse_bundle and BUNDLE.is_dir():
        check_bundle(BUNDLE)
        if not (ICONS / "openday-256.png").is_file():
            render_icons()
    else:
        bundle()
    step(".deb")
    started = time.monotonic()
    arch = debian_architecture()
    stage = BUILD / "deb" / "root"
    if stage.parent.exists():
        shutil.rmtree(stage.parent)
    install_dir = stage / INSTALL_DIR.lstrip("/")
    shutil.copytree(BUNDLE, install_dir, symlinks=True)
    for program in ("openday", "openday-cli"):
        write(
            stage / "usr" / "bin" / program,
            WRAPPER.format(install_dir=INSTALL_DIR, program=program),
            0o755,
        )
    share = stage / "usr" / "share"
    write(share / "applications" / "openday.desktop", DESKTOP_ENTRY)
    hicolor = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / "openday.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ICONS / f"openday-{size}.png", target)
    (hicolor / "scalable" / "apps").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / "openday.svg", hicolor / "scalable" / "apps" / "openday.svg")
    write(share / "doc" / PACKAGE_NAME / "copyright", COPYRIGHT)
    normalise_modes(stage)

    debian = stage / "DEBIAN"
    installed_kb = (folder_size(stage) + 1023) // 1024
    control = f"""Package: {PACKAGE_NAME}
Version: {version()}
Architecture: {arch}
Maintainer: OpenDay Desktop <openday@localhost>
Installed-Size: {installed_kb}
Depends: {", ".join(DEB_DEPENDS)}
Recommends: {", ".join(DEB_RECOMMENDS)}
Section: misc
Priority: optional
Homepage: https://example.invalid/openday
Description: 政府开放日助手 (OpenDay Desktop)
 An offline desktop program for township clerks organising government open
 days: events and deadlines on the working-day calendar, a pool of
 representatives with Excel roster import, selection with rule checks,
 sign-in on the day, suggestion follow-up, and official Word/Excel documents.
 .
 Python and Qt are bundled in {INSTALL_DIR}; data stays in each user's
 ~/.local/share/openday and is kept when the package is removed.
"""
    write(debian / "control", control)
    write(debian / "postinst", POSTINST, 0o755)
    write(debian / "postrm", POSTRM, 0o755)
    output = DIST / f"{PACKAGE_NAME}_{version()}_{arch}.deb"
    output.unlink(missing_ok=True)
    subprocess.run(
        # xz: the smallest download (gzip -1 with --fast, for tests: several times quicker).
        ["dpkg-deb", "--root-owner-group", *(["-Zgzip", "-z1"] if fast else ["-Zxz"])]
        + ["--build", str(stage), str(output)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.monotonic() - started
    print(
        f"安装包：{output}（{megabytes(output.stat().st_size)}，"
        f"安装后 {megabytes(installed_kb * 1024)}，用时 {elapsed:.0f} 秒）",
        flush=True,
    )
    return output


# -- the Windows installer ------------------------------------------------------------------

INNO_SETUP_PLACES = (
    r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
    r"C:\Program Files\Inno Setup 6\ISCC.exe",
)


def installer() -> Path:
    """dist/OpenDay-<version>-setup.exe from the bundle, with Inno Setup 6 (Windows only)."""
    if not WINDOWS:
        fail("Windows 安装程序只能在 Windows 上生成（需要 Inno Setup 6）。")
    iscc = shutil.which("iscc") or next(
        (place for place in INNO_SETUP_PLACES if Path(place).is_file()), None
    )
    if not iscc:
        fail("没有找到 Inno Setup 6 的 ISCC.exe：请先安装 Inno Setup 6（见 packaging/README.md）。")
    bundle()
    step("Inno Setup")
    started = time.monotonic()
    subprocess.run(
        [iscc, "/Q", f"/DAppVersion={version()}", str(PACKAGING / "windows" / "openday.iss")],
        check=True,
    )
    output = DIST / f"OpenDay-{version()}-setup.exe"
    elapsed = time.monotonic() - started
    print(f"安装程序：{output}（{megabytes(output.stat().st_size)}，用时 {elapsed:.0f} 秒）")
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python packaging/build.py", description="生成不需要 Python 的安装版本。"
    )
    parser.add_argument(
        "target",
        choices=("bundle", "deb", "installer"),
        help="bundle：程序文件夹；deb：Linux 安装包；installer：Windows 安装程序",
    )
    parser.add_argument(
        "--reuse-bundle",
        action="store_true",
        help="deb：直接打包已有的 dist/openday，不重新生成",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help="deb：用 gzip 快速压缩（安装包较大，用于测试）",
    )
    args = parser.parse_args(argv)
    if args.target == "bundle":
        bundle()
    elif args.target == "installer":
        installer()
    else:
        deb(args.reuse_bundle, args.fast)
    return 0


if __name__ == "__main__":
    sys.exit(main())
