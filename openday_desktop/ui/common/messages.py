"""Every message box and file dialog of the app goes through here.

One place keeps the wording and buttons consistent, and lets GUI tests patch these functions
instead of Qt's static helpers, which would block a test forever.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openday_desktop import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog, QWidget

# The Qt classes are imported where they are used: QMessageBox alone costs a few milliseconds
# to set up, and start-up shows no message.


def info(parent: QWidget | None, text: str, title: str = APP_NAME) -> None:
    """Tell the user something went as planned."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def warning(parent: QWidget | None, text: str, title: str = APP_NAME) -> None:
    """Tell the user about a problem they can fix."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def error(parent: QWidget | None, text: str, title: str = APP_NAME) -> None:
    """Tell the user an action failed and nothing was changed."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def saved(parent: QWidget | None, text: str, folder: Path, title: str = APP_NAME) -> None:
    """Tell the user a file was written, with a button that opens the folder it is in."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    open_button = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
    ok_button = box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok_button)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def confirm(parent: QWidget | None, text: str, title: str = "请确认", yes: str = "确定") -> bool:
    """Ask before doing something that cannot be undone; the safe answer is the default."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel_button = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel_button)
    box.exec()
    return box.clickedButton() is yes_button


def save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    """Ask where to save a file; None when the user cancels."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(path) if path else None


def year_dialog(parent: QWidget | None, title: str, default: int) -> QInputDialog:
    """The dialog ``ask_year`` shows: a spin box of years with ``default`` preselected."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText("年份：")
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(2000, 2100)
    dialog.setIntStep(1)
    dialog.setIntValue(default)
    return dialog


def ask_year(parent: QWidget | None, title: str, default: int) -> int | None:
    """Ask for a year (a small spin box, ``default`` preselected); None when cancelled."""
    from PySide6.QtWidgets import QDialog

    dialog = year_dialog(parent, title, default)
    try:
        return dialog.intValue() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def open_path(parent: QWidget | None, title: str, filters: str, start: str = "") -> Path | None:
    """Ask which file to open; None when the user cancels."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, start, filters)
    return Path(path) if path else None


def open_paths(parent: QWidget | None, title: str, filters: str, start: str = "") -> list[Path]:
    """Ask which files to open (several may be chosen); [] when the user cancels."""
    from PySide6.QtWidgets import QFileDialog

    paths, _ = QFileDialog.getOpenFileNames(parent, title, start, filters)
    return [Path(path) for path in paths]


def about(parent: QWidget | None, title: str, text: str) -> None:
    """The 关于 box (rich text allowed)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(parent, title, text)


def crash(parent: QWidget | None, text: str, details: str = "") -> None:
    """Report an unexpected program error; ``details`` (the traceback) sits behind a button."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical, APP_NAME, text, QMessageBox.StandardButton.Ok, parent
    )
    if details:
        box.setDetailedText(details)
    box.exec()
