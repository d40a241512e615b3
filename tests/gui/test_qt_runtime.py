"""The Qt binding the app runs on must not corrupt Python's reference counts."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal()
    toggled = Signal(bool)


def test_emitting_signals_keeps_the_reference_count_of_true(qapp: object) -> None:
    # PySide6 6.12.0 lost one reference to True per emit(); after a few thousand emits in a
    # working day the interpreter aborts. pyproject.toml keeps that release out.
    emitter = _Emitter()
    emitter.changed.connect(lambda: None)
    emitter.toggled.connect(lambda _on: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.changed.emit()
        emitter.toggled.emit(True)
    assert sys.getrefcount(True) >= before
