"""使用说明: every shortcut the windows define is in the help's table; the contents links work."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from openday_desktop.domain.models import Event
from openday_desktop.ui.help_dialog import HelpDialog, help_html
from openday_desktop.ui.main_window import MainWindow

# How the help writes keys that Qt spells differently.
_SPELLING = {"Del": "Delete", "Return": "Enter"}


def key_texts(widget: QWidget) -> set[str]:
    """Every key sequence of the actions and shortcuts under ``widget``, as the help writes it."""
    sequences: list[QKeySequence] = []
    for action in widget.findChildren(QAction):
        sequences += action.shortcuts()
    for shortcut in widget.findChildren(QShortcut):
        sequences.append(shortcut.key())
    texts = set()
    for sequence in sequences:
        text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        if text:
            texts.add("+".join(_SPELLING.get(part, part) for part in text.split("+")))
    return texts


def keys_table(html: str) -> str:
    """The text of the 快捷键一览 section."""
    section = html[html.index('<a name="keys">') :]
    return re.sub(r"<[^>]+>", " ", section)


def test_every_defined_shortcut_is_listed(empty_window: MainWindow) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event("今天的开放日", date.today()))
    selection = empty_window.selection_tools.open_selection(event_id)
    signin = empty_window.selection_tools.open_signin(event_id)
    empty_window.feedback_tab.entry  # noqa: B018 - built on first use; it owns Ctrl+Enter
    assert selection is not None and signin is not None
    defined = key_texts(empty_window) | key_texts(selection) | key_texts(signin)
    # The windows do define the keys the help promises (the test sees them).
    assert {"F1", "Ctrl+I", "Ctrl+L", "Ctrl+Enter", "Ctrl+1", "Ctrl+D", "F9", "F2"} <= defined
    table = keys_table(help_html())
    missing = sorted(key for key in defined if key not in table)
    assert not missing, f"快捷键没有写进使用说明：{missing}"


def test_contents_links_lead_to_sections_and_the_dialog_opens_on_f1(
    empty_window: MainWindow,
) -> None:
    html = help_html()
    targets = re.findall(r'<a href="#([a-z]+)">', html)
    names = set(re.findall(r'<a name="([a-z]+)">', html))
    assert len(targets) >= 14 and set(targets) <= names
    for word in (
        "活动",
        "代表",
        "意见建议",
        "概览",
        "签到模式",
        "按配额推荐",
        "推进状态",
        "backups",
    ):
        assert word in html

    empty_window.help_action.trigger()
    dialog = empty_window._help_dialog
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    assert "使用说明" in dialog.browser.toPlainText()
    bar = dialog.browser.verticalScrollBar()
    dialog.show_section("keys")
    assert bar.value() > 0  # the table of keys is far down: the view moved there
    assert dialog.width() >= dialog.fontMetrics().horizontalAdvance("汉") * 40
