"""The 使用说明 window: the Chinese help text shipped in ``resources/help.html``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from openday_desktop import APP_NAME
from openday_desktop.resources import resource_path


def help_html() -> str:
    """The help text; a short apology when the file is missing from the installation."""
    path = resource_path("help.html")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return f"<p>找不到使用说明文件（{path}）。安装可能不完整，请重新安装{APP_NAME}。</p>"


class HelpDialog(QDialog):
    """A non-modal window with the help text, so it can stay open beside the main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(help_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.browser.document().setDocumentMargin(12)
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        # Wide enough for the tables, tall enough to read a section without scrolling,
        # and never larger than the screen of a small office laptop.
        char = self.fontMetrics().horizontalAdvance("汉")
        width, height = char * 64, char * 50
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.85))
        self.resize(width, height)

    def show_section(self, anchor: str) -> None:
        """Scroll to one section (the ``<a name>`` in help.html), e.g. ``keys``."""
        self.browser.scrollToAnchor(anchor)
