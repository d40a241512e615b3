"""The 单位信息 step: asked first on a new database, and a banner while it is not filled in.

A fresh database holds placeholders (某某镇人民政府, 某某镇党政办公室) that would go into the
title, text and signature of every document. ``install_unit_info(window)`` adds the banner to
the main window and keeps it current; ``start()`` opens the step when something is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
)

from openday_desktop.domain.settings import missing_unit_settings
from openday_desktop.storage import Store

if TYPE_CHECKING:
    from openday_desktop.ui.common.app_window import AppWindow
    from openday_desktop.ui.unit_info_dialog import UnitInfoDialog

_BASE_SIZE_PROPERTY = "openday_base_point_size"
BANNER_STYLE = "QToolBar#unitInfoBanner { background: #fff4d6; border-bottom: 1px solid #e0c070; }"


def apply_text_scale(app: QApplication, percent: int) -> None:
    """Make the application font ``percent`` % of its start-up size (100, 125 or 150)."""
    font = app.font()
    base = app.property(_BASE_SIZE_PROPERTY)
    if not isinstance(base, float) or base <= 0:
        base = font.pointSizeF()
        app.setProperty(_BASE_SIZE_PROPERTY, base)
    wanted = round(base * percent / 100, 1)
    if abs(font.pointSizeF() - wanted) < 0.05:
        return
    font.setPointSizeF(wanted)
    app.setFont(font)


def unit_info_missing(store: Store) -> list[str]:
    """Labels of the unit settings still holding placeholders or empty (read for display)."""
    return [spec.label for spec in missing_unit_settings(store.settings.all())]


class UnitInfo(QObject):
    """The banner over the main window and the first-run step."""

    def __init__(self, window: AppWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: UnitInfoDialog | None = None
        self.banner = QToolBar("单位信息提示", window)
        self.banner.setObjectName("unitInfoBanner")
        self.banner.setMovable(False)
        self.banner.setFloatable(False)
        self.banner.toggleViewAction().setVisible(False)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.label = QLabel(self.banner)
        self.label.setObjectName("unitInfoBannerText")
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.button = QPushButton("填写单位信息…", self.banner)
        self.button.setObjectName("unitInfoButton")
        self.banner.addWidget(self.label)
        self.banner.addWidget(self.button)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.button.clicked.connect(self.show_dialog)
        window.data_changed.connect(self._on_data_changed)
        window.store_changed.connect(self._on_store_changed)
        self.refresh()

    @property
    def store(self) -> Store:
        """The window's open store."""
        return self.window.store

    def refresh(self) -> None:
        """Show the banner, naming what is missing, or hide it when all is filled in."""
        missing = unit_info_missing(self.store)
        self.banner.setVisible(bool(missing))
        if missing:
            self.label.setText(
                f"  单位信息还没有填写完整（{'、'.join(missing)}），"
                "导出的公文会缺少这些内容或带有“某某”。"
            )

    def start(self) -> None:
        """Open the 单位信息 step when the unit information is missing (first run)."""
        if unit_info_missing(self.store):
            self.show_dialog()

    def show_dialog(self) -> None:
        """Open the 单位信息 step over the window (window-modal, does not block)."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        from openday_desktop.ui.unit_info_dialog import UnitInfoDialog

        dialog = UnitInfoDialog(self.store, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda: self.window.notify_changed("settings"))
        dialog.destroyed.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _on_data_changed(self, kind: str) -> None:
        if kind == "settings":
            self.refresh()
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_text_scale(app, int(self.store.settings.get("text_scale")))

    def _on_store_changed(self, _store: object) -> None:
        self.refresh()
        self.start()


def install_unit_info(window: AppWindow) -> UnitInfo:
    """Add the unit-information banner (and first-run step) to the main window."""
    return UnitInfo(window)
