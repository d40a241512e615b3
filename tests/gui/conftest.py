"""GUI fixtures: window settings in the test's folder, message boxes replaced by a recorder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path) -> None:
    """QSettings caches its folder per process, so point it at this test's folder explicitly."""
    folder = str(tmp_path / "qsettings")
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, folder)


@dataclass
class MessageRecorder:
    """Stands in for ui.messages: records what would have been shown, answers questions."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    confirm_answer: bool = False
    open_answer: Path | None = None
    open_answers: list[Path] | None = None  # a multi-file choice (else open_answer alone)
    save_answer: Path | None = None
    year_answer: int | None = None

    def texts(self, kind: str | None = None) -> list[str]:
        """The texts shown, optionally of one kind (info, warning, error, confirm, ...)."""
        return [text for k, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def messages_shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[MessageRecorder]:
    """Replace every function of ui.messages so no modal dialog can block a test."""
    from openday_desktop.ui.common import messages as module

    recorder = MessageRecorder()

    def record(kind: str) -> Any:
        def show(_parent: Any, text: str, *args: Any, **kwargs: Any) -> None:
            recorder.shown.append((kind, text))

        return show

    def confirm(_parent: Any, text: str, *args: Any, **kwargs: Any) -> bool:
        recorder.shown.append(("confirm", text))
        return recorder.confirm_answer

    def about(_parent: Any, title: str, text: str) -> None:
        recorder.shown.append(("about", text))

    def open_path(*args: Any, **kwargs: Any) -> Path | None:
        return recorder.open_answer

    def open_paths(*args: Any, **kwargs: Any) -> list[Path]:
        if recorder.open_answers is not None:
            return list(recorder.open_answers)
        return [] if recorder.open_answer is None else [recorder.open_answer]

    def save_path(*args: Any, **kwargs: Any) -> Path | None:
        return recorder.save_answer

    def ask_year(_parent: Any, title: str, *args: Any, **kwargs: Any) -> int | None:
        recorder.shown.append(("ask_year", title))
        return recorder.year_answer

    monkeypatch.setattr(module, "ask_year", ask_year)
    for kind in ("info", "warning", "error", "crash", "saved"):
        monkeypatch.setattr(module, kind, record(kind))
    monkeypatch.setattr(module, "confirm", confirm)
    monkeypatch.setattr(module, "about", about)
    monkeypatch.setattr(module, "open_path", open_path)
    monkeypatch.setattr(module, "open_paths", open_paths)
    monkeypatch.setattr(module, "save_path", save_path)
    yield recorder


@pytest.fixture
def demo_window(demo_store: Any, db_path: Path, qtbot: Any) -> Any:
    """The real main window over the demo database, shown."""
    from openday_desktop.app import build_main_window

    window = build_main_window(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def empty_window(db_path: Path, qtbot: Any) -> Any:
    """The real main window over a new, empty database, shown."""
    from openday_desktop.app import build_main_window

    window = build_main_window(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def type_text(qtbot: Any) -> Any:
    """Type into a widget as a user would: keys for ASCII, an input-method commit for Chinese.

    QTest can only synthesise ASCII key presses; Chinese arrives from the IME as a committed
    string, which is what this sends.
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def type_into(widget: Any, text: str) -> None:
        widget.setFocus()
        for part in _runs(text):
            if part.isascii():
                qtbot.keyClicks(widget, part)
            else:
                event = QInputMethodEvent()
                event.setCommitString(part)
                QApplication.sendEvent(widget, event)

    return type_into


def _runs(text: str) -> list[str]:
    """Split text into runs of ASCII and non-ASCII characters."""
    runs: list[str] = []
    for char in text:
        if runs and runs[-1][-1].isascii() == char.isascii():
            runs[-1] += char
        else:
            runs.append(char)
    return runs
