"""Loading Qt Designer forms from ``forms/``."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from openday_desktop.resources import form_path
from openday_desktop.ui.common.date_fields import DateEdit, TimeEdit

T = TypeVar("T", bound=QObject)


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of ``forms/<name>.ui``; raise if the file is missing or broken."""
    path = form_path(name)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"界面文件缺失：{path}")
    try:
        loader = QUiLoader()
        # Forms name these in place of QDateEdit/QTimeEdit (see date_fields for why).
        loader.registerCustomWidget(DateEdit)
        loader.registerCustomWidget(TimeEdit)
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"界面文件无法加载：{path}")
    return widget


def load_form_into(widget: QWidget, name: str) -> QWidget:
    """Load ``forms/<name>.ui`` as the whole content of ``widget`` (no margins); the form."""
    form = load_form(name, widget)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form


def child(root: QWidget, kind: type[T], name: str) -> T:
    """The child called ``name`` of the given type; fail loudly when the form lacks it."""
    found = root.findChild(kind, name)
    if found is None:
        raise LookupError(
            f"forms: widget {name!r} ({kind.__name__}) missing in {root.objectName()!r}"
        )
    return found
