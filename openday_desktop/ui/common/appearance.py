"""How the whole application looks and speaks: Qt's own Chinese texts and the text size."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

# Qt's catalogues for the standard buttons, context menus, file and print dialogs.
QT_CATALOGUES = ("qtbase",)
_BASE_SIZE_PROPERTY = "openday_base_point_size"


def install_qt_translations(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load Qt's zh_CN translations shipped with PySide6 so 确定/取消/复制/粘贴 are Chinese.

    Returns the installed translators (kept on the application so they are not collected).
    A missing catalogue is skipped: the program then shows Qt's English, never fails.
    """
    locale = locale or QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed: list[QTranslator] = []
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(locale, catalogue, "_", folder) and app.installTranslator(translator):
            installed.append(translator)
    QLocale.setDefault(locale)
    return installed


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
