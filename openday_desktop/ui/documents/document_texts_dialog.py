"""编辑文书内容: edit the wording of the generated documents, for one event or as the unit's default.

Every document (实施方案, 代表公示, 邀请函, 活动总结) is made of editable passages
(exports/wording.py ``DOC_TEXTS``). The dialog lists them, shows the text in use — the event's
own, else the unit's default, else the program's — with a preview filled in for the event,
and the placeholders that can be typed (double-click inserts one). Buttons:

* 保存（本活动）: the texts apply to this event only; a passage equal to what the event would
  get anyway stores nothing, so a later change of the unit's default still reaches it;
* 设为本单位默认: the texts become the default of every event without texts of its own;
* 恢复程序默认: put the program's wording back in the editor (saved with one of the above).

Nothing is written until one of the two save buttons is pressed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.exports.wording import (
    DOC_INVITATION,
    DOC_LABELS,
    DOC_NOTICE,
    DOC_PLAN,
    DOC_SUMMARY,
    DOC_TEXTS,
    FORM_TEXT_PREFIX,
    PLACEHOLDERS,
    cn_date,
    default_texts,
    fill,
)
from openday_desktop.services import settings as settings_service
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.screen_fit import fit_on_first_show

SOURCE_EVENT = "本活动专用"
SOURCE_UNIT = "本单位默认"
SOURCE_PROGRAM = "程序默认"

# Placeholders that only one document fills in.
DOC_ONLY_PLACEHOLDERS: dict[str, str] = {
    "name": DOC_INVITATION,
    "honorific": DOC_INVITATION,
    "category": DOC_INVITATION,
    "count": DOC_NOTICE,
    "notice_start": DOC_NOTICE,
    "notice_end": DOC_NOTICE,
    "form": DOC_PLAN,
}
# Values the documents supply beyond exports.wording.PLACEHOLDERS.
EXTRA_PLACEHOLDERS: dict[str, dict[str, str]] = {
    DOC_PLAN: {"site": "开放点名称（活动流程中参观一行）"},
    DOC_SUMMARY: {
        "registered": "报名人数",
        "selected": "入选人数",
        "present": "实到人数",
        "attendance_rate": "到会率",
        "feedback_total": "收集意见建议条数",
        "on_spot": "当场答复条数",
        "assigned": "交有关单位办理条数",
        "answered": "已答复条数",
        "completed": "已办结条数",
        "completion_rate": "办结率",
        "overdue": "逾期未办结条数",
        "to_assign": "尚待交办条数",
        "adopted": "采纳条数",
        "published": "已公开办理结果条数",
        "on_time_rate": "按时办结率",
        "callbacks": "已回访条数",
        "callback_satisfaction_rate": "回访满意率（满意和比较满意）",
        "questionnaires_valid": "有效问卷份数",
        "satisfaction_rate": "满意率",
        "today": "统计截止日期（导出当天）",
    },
}
COMMON_EXTRA: dict[str, str] = {"forms": "活动方式（全部，用顿号连接）"}


def placeholders_for(doc: str) -> dict[str, str]:
    """Placeholder name -> what it stands for, as far as ``doc`` fills it in.

    The document's own placeholders come first (the figures of the summary, the person of
    an invitation), then those every document has.
    """
    names = dict(EXTRA_PLACEHOLDERS.get(doc, {}))
    names.update(
        {key: PLACEHOLDERS[key] for key, only in DOC_ONLY_PLACEHOLDERS.items() if only == doc}
    )
    names.update(
        {key: label for key, label in PLACEHOLDERS.items() if key not in DOC_ONLY_PLACEHOLDERS}
    )
    names.update(COMMON_EXTRA)
    return names


class DocumentTextsDialog(QDialog):
    """Edit the passages of one document at a time; remembers edits across documents."""

    saved = Signal(str)  # the document whose texts were stored

    def __init__(self, store: Store, event_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentTextsDialog")
        self.store = store
        self.event_id = event_id
        # Not ``self.event``: that would shadow QObject.event(), which Qt calls for every event.
        self.open_day = store.events.get(event_id) if event_id is not None else None
        self.pending: dict[str, dict[str, str]] = {}  # doc -> key -> text in the editor
        self.baseline: dict[str, dict[str, str]] = {}  # doc -> key -> text when loaded
        self._values_cache: dict[str, dict[str, Any]] = {}
        self._current_key: str | None = None
        self._loading = False
        self.setWindowTitle("编辑文书内容")
        self._build()
        self._connect_signals()
        self.resize(960, 640)
        fit_on_first_show(self)  # 640 px is more than a 1280x720 laptop leaves
        self._show_doc(self.current_doc())

    # --- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.doc_combo = QComboBox(self)
        self.doc_combo.setObjectName("docCombo")
        for doc in DOC_TEXTS:
            self.doc_combo.addItem(DOC_LABELS[doc], doc)
        if self.open_day is not None:
            about = f"活动：{cn_date(self.open_day.date)} {self.open_day.title}"
        else:
            about = "还没有选中活动：只能修改本单位默认文字"
        self.event_label = QLabel(about, self)
        self.event_label.setObjectName("eventLabel")
        top = QHBoxLayout()
        top.addWidget(QLabel("文书：", self))
        top.addWidget(self.doc_combo)
        top.addSpacing(16)
        top.addWidget(self.event_label, 1)

        self.passage_list = QListWidget(self)
        self.passage_list.setObjectName("passageList")
        self.passage_list.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 14)

        right = QWidget(self)
        self.passage_title = QLabel(right)
        title_font = QFont(self.passage_title.font())
        title_font.setBold(True)
        self.passage_title.setFont(title_font)
        self.source_label = QLabel(right)
        self.source_label.setObjectName("sourceLabel")
        self.editor = QPlainTextEdit(right)
        self.editor.setObjectName("textEditor")
        self.editor.setTabChangesFocus(True)
        self.preview_label = QLabel(right)
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setWordWrap(True)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_label.setStyleSheet(
            "QLabel { background: palette(base); border: 1px solid palette(mid); padding: 6px; }"
        )
        self.placeholder_list = QListWidget(right)
        self.placeholder_list.setObjectName("placeholderList")
        self.placeholder_list.setToolTip("双击把占位符插入到光标处；导出时换成本活动的实际内容")

        heading = QHBoxLayout()
        heading.addWidget(self.passage_title, 1)
        heading.addWidget(self.source_label)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(heading)
        column.addWidget(self.editor, 3)
        column.addWidget(QLabel("预览（按本活动填入占位符）：", right))
        column.addWidget(self.preview_label, 1)
        column.addWidget(QLabel("可用的占位符（用 { } 括起来写在文字中，双击插入）：", right))
        column.addWidget(self.placeholder_list, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.passage_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)

        self.buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton("恢复程序默认", self)
        self.restore_button.setToolTip("把这份文书的全部段落换回程序自带的文字（保存后才生效）")
        self.unit_button = QPushButton("设为本单位默认", self)
        self.unit_button.setToolTip("以后所有没有单独修改过的活动都使用这些文字")
        self.save_button = QPushButton("保存（本活动）", self)
        self.save_button.setToolTip("这些文字只用于当前活动")
        self.save_button.setEnabled(self.open_day is not None)
        self.save_button.setDefault(True)
        self.close_button = QPushButton("关闭", self)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(self.unit_button, QDialogButtonBox.ButtonRole.ApplyRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.doc_combo.currentIndexChanged.connect(lambda _i: self._show_doc(self.current_doc()))
        self.passage_list.currentRowChanged.connect(self._on_passage_changed)
        self.editor.textChanged.connect(self._on_text_changed)
        self.placeholder_list.itemDoubleClicked.connect(self._on_placeholder_activated)
        self.restore_button.clicked.connect(self.restore_program_defaults)
        self.unit_button.clicked.connect(self.save_as_unit_default)
        self.save_button.clicked.connect(self.save_for_event)
        self.close_button.clicked.connect(self.reject)

    # --- state ------------------------------------------------------------------------------

    def current_doc(self) -> str:
        """The document being edited (plan, notice, invitation, summary)."""
        return str(self.doc_combo.currentData())

    def select_doc(self, doc: str) -> None:
        """Switch to another document (edits of the previous one are kept)."""
        self.doc_combo.setCurrentIndex(self.doc_combo.findData(doc))

    def keys(self, doc: str | None = None) -> list[str]:
        """The passage keys of a document, in document order."""
        return [text.key for text in DOC_TEXTS[doc or self.current_doc()]]

    def source_of(self, doc: str, key: str) -> str:
        """Where the stored text in use comes from: the event, the unit default or the program."""
        texts = self.store.document_texts
        if self.event_id is not None and texts.get(doc, key, self.event_id) is not None:
            return SOURCE_EVENT
        if texts.get(doc, key, None) is not None:
            return SOURCE_UNIT
        return SOURCE_PROGRAM

    def _kind(self) -> str:
        """The event's kind, whose program wording the editor starts from."""
        if self.event_id is None:
            return ""
        try:
            return self.store.events.get(self.event_id).kind
        except OpenDayError:
            return ""

    def _stored_texts(self, doc: str) -> dict[str, str]:
        texts = default_texts(doc, self._kind())
        texts.update(self.store.document_texts.texts(doc, self.event_id))
        return texts

    def _ensure_loaded(self, doc: str) -> None:
        if doc not in self.pending:
            stored = self._stored_texts(doc)
            self.pending[doc] = dict(stored)
            self.baseline[doc] = dict(stored)

    def is_dirty(self, doc: str | None = None) -> bool:
        """True when the editor holds changes not stored yet (of ``doc`` or of any document)."""
        docs = [doc] if doc else list(self.pending)
        return any(self.pending[d] != self.baseline[d] for d in docs if d in self.pending)

    def text(self, key: str, doc: str | None = None) -> str:
        """The text of a passage as it stands in the editor."""
        doc = doc or self.current_doc()
        self._ensure_loaded(doc)
        return self.pending[doc][key]

    def set_text(self, key: str, text: str) -> None:
        """Put text into a passage of the current document (as typing would)."""
        self.select_passage(key)
        self.editor.setPlainText(text)

    def select_passage(self, key: str) -> None:
        """Show one passage of the current document in the editor."""
        self.passage_list.setCurrentRow(self.keys().index(key))

    # --- showing ----------------------------------------------------------------------------

    def _show_doc(self, doc: str) -> None:
        self._ensure_loaded(doc)
        self._current_key = None
        self._loading = True
        self.passage_list.clear()
        for text in DOC_TEXTS[doc]:
            item = QListWidgetItem(text.label, self.passage_list)
            item.setData(Qt.ItemDataRole.UserRole, text.key)
        self.placeholder_list.clear()
        for name, meaning in placeholders_for(doc).items():
            item = QListWidgetItem(f"{{{name}}}　{meaning}", self.placeholder_list)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self._loading = False
        self._refresh_markers()
        self.passage_list.setCurrentRow(0)

    def _on_passage_changed(self, row: int) -> None:
        keys = self.keys()
        if not 0 <= row < len(keys):
            return
        key = keys[row]
        self._current_key = key
        doc = self.current_doc()
        label = next(text.label for text in DOC_TEXTS[doc] if text.key == key)
        self.passage_title.setText(label)
        self._loading = True
        self.editor.setPlainText(self.pending[doc][key])
        self._loading = False
        self._update_source(doc, key)
        self._update_preview()

    def _update_source(self, doc: str, key: str) -> None:
        source = self.source_of(doc, key)
        if self.pending[doc][key] != self.baseline[doc][key]:
            source += "（已修改，未保存）"
        self.source_label.setText(f"当前：{source}")

    def _refresh_markers(self) -> None:
        """Mark passages that differ from the program's wording (●) or are unsaved (✎)."""
        doc = self.current_doc()
        program = default_texts(doc, self._kind())
        for row, key in enumerate(self.keys(doc)):
            item = self.passage_list.item(row)
            if item is None:
                continue
            label = next(text.label for text in DOC_TEXTS[doc] if text.key == key)
            mark = ""
            if self.pending[doc][key] != self.baseline[doc][key]:
                mark = "✎ "
            elif self.pending[doc][key] != program[key]:
                mark = "● "
            item.setText(mark + label)
        self.passage_list.setToolTip("● 与程序默认文字不同　✎ 已修改，尚未保存")

    def _on_text_changed(self) -> None:
        if self._loading or self._current_key is None:
            return
        doc = self.current_doc()
        self.pending[doc][self._current_key] = self.editor.toPlainText()
        self._update_source(doc, self._current_key)
        self._refresh_markers()
        self._update_preview()

    def _on_placeholder_activated(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        self.editor.insertPlainText(f"{{{name}}}")
        self.editor.setFocus()

    # --- preview ----------------------------------------------------------------------------

    def preview_values(self, doc: str) -> dict[str, Any]:
        """What the placeholders become for this event (sample values where per person)."""
        if doc in self._values_cache:
            return self._values_cache[doc]
        values: dict[str, Any] = {}
        if self.event_id is not None:
            try:
                values = self._event_values(doc)
            except OpenDayError:
                values = {}
        else:
            settings = self.store.settings.all()
            for key in ("unit_name", "office_name", "contact_person", "contact_phone"):
                values[key] = settings.get(key, "")
        self._values_cache[doc] = values
        return values

    def _event_values(self, doc: str) -> dict[str, Any]:
        from openday_desktop.services.documents import event_context

        assert self.event_id is not None
        ctx = event_context(self.store, self.event_id)
        values = dict(ctx.values)
        event = ctx.event
        if doc == DOC_INVITATION:
            values.update(name="张某某", honorific="同志", category="群众代表")
        elif doc == DOC_PLAN:
            values["site"] = event.sites[0].name if event.sites else "开放点"
        elif doc == DOC_NOTICE:
            from openday_desktop.services.documents import selected_people

            values["count"] = len(selected_people(self.store, self.event_id))
        elif doc == DOC_SUMMARY:
            from openday_desktop.exports.word_summary import summary_figures
            from openday_desktop.storage.statistics import event_stats

            values.update(summary_figures(event_stats(self.store, self.event_id)))
            values["today"] = cn_date(date.today())
        return values

    def _update_preview(self) -> None:
        key = self._current_key
        if key is None:
            return
        doc = self.current_doc()
        values = dict(self.preview_values(doc))
        if key.startswith(FORM_TEXT_PREFIX):
            values["form"] = key[len(FORM_TEXT_PREFIX) :]
        text = fill(self.pending[doc][key], values)
        self.preview_label.setText(text if text.strip() else "（空：导出时这一段不出现）")

    # --- saving -----------------------------------------------------------------------------

    def restore_program_defaults(self) -> None:
        """Put the program's wording of the current document back into the editor."""
        doc = self.current_doc()
        self._ensure_loaded(doc)
        self.pending[doc] = default_texts(doc, self._kind())
        row = max(0, self.passage_list.currentRow())
        self._on_passage_changed(row)
        self._refresh_markers()

    def save_for_event(self) -> bool:
        """Store the current document's texts for this event only."""
        if self.event_id is None:
            return False
        doc = self.current_doc()
        self._ensure_loaded(doc)
        try:
            settings_service.save_event_texts(self.store, doc, self.pending[doc], self.event_id)
        except OpenDayError as exc:
            messages.error(self, exc.message)
            return False
        self._after_save(doc, f"已保存“{DOC_LABELS[doc]}”的文字，只用于本活动。")
        return True

    def save_as_unit_default(self) -> bool:
        """Store the current document's texts as the unit's default (after the user agrees)."""
        doc = self.current_doc()
        self._ensure_loaded(doc)
        if not messages.confirm(
            self,
            f"把这些文字设为本单位“{DOC_LABELS[doc]}”的默认文字吗？\n"
            "以后所有没有单独修改过文字的活动都会使用它们。",
            yes="设为默认",
        ):
            return False
        try:
            # The event's own texts become the default: the event then follows it again.
            settings_service.save_default_texts(
                self.store, doc, self.pending[doc], event_id=self.event_id
            )
        except OpenDayError as exc:
            messages.error(self, exc.message)
            return False
        self._after_save(doc, f"已把“{DOC_LABELS[doc]}”的文字设为本单位默认。")
        return True

    def _after_save(self, doc: str, note: str) -> None:
        self.baseline[doc] = dict(self.pending[doc])
        if self._current_key is not None:
            self._update_source(doc, self._current_key)
        self._refresh_markers()
        self.source_label.setToolTip(note)
        parent = self.parentWidget()
        if parent is not None and hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(note, 10_000)
        self.saved.emit(doc)

    def reject(self) -> None:
        """Close; ask first when edits would be lost."""
        if self.is_dirty() and not messages.confirm(
            self, "有修改还没有保存，关闭后这些修改会丢失。确定要关闭吗？", yes="不保存，关闭"
        ):
            return
        super().reject()
