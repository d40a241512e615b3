"""Satisfaction questionnaires: typing in returned paper forms, and editing the questions.

Entry is keyboard only: each paper form is one row, its ticked options typed as a string of
digits ("11232": option 1 for the first closed question, 1 for the second, …; 0 or a space
skips a question left blank) plus the open remark; Enter saves and clears for the next form.
The per-question distribution and the overall satisfaction rate update after every form,
and an open remark becomes a suggestion with one click (``services.feedback.open_answer_to_feedback``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import OpenDayError, ValidationError
from openday_desktop.domain.events import default_event
from openday_desktop.domain.lifecycle import frozen_message
from openday_desktop.domain.models import saved_id
from openday_desktop.domain.questionnaire import (
    KIND_LABELS,
    KIND_OPEN,
    KIND_SCALE,
    QUESTION_KINDS,
    Question,
    QuestionDistribution,
    Response,
    answers_from_keys,
    closed_questions,
    display_order,
    distribution,
    keys_of,
    open_answers,
    open_text_of,
    satisfaction,
    snapshot_json,
)
from openday_desktop.domain.statistics import format_rate
from openday_desktop.services import questionnaires as questionnaire_service
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.form_dialog import (
    ERROR_STYLE,
    WARNING_STYLE,
    message_label,
    save_cancel_buttons,
    shown_text,
)
from openday_desktop.ui.common.record_tab import compact_table, set_column_widths
from openday_desktop.ui.common.screen_fit import fit_on_first_show, scrolling
from openday_desktop.ui.common.table_models import (
    ALIGN_CENTER,
    ALIGN_RIGHT,
    Column,
    RecordTableModel,
    Row,
)

FORM_COLUMNS: tuple[Column, ...] = (
    Column("序号", 1, 3, ALIGN_RIGHT),
    Column("选择题答案", 2, 6, ALIGN_CENTER),
    Column("意见建议", 3, 20, tooltip=True, stretch=True),
)
OPEN_COLUMNS: tuple[Column, ...] = (
    Column("问卷", 1, 3, ALIGN_RIGHT),
    Column("意见建议", 2, 24, tooltip=True, stretch=True),
    Column("转为意见建议", 3, 7, ALIGN_CENTER),
)


def legend_html(questions: list[Question]) -> str:
    """Which digit is which question and option, for the clerk beside the paper form.

    Consecutive questions with the same options (the five-point items) share one line of
    options, so the legend stays short.
    """
    groups: list[tuple[list[str], list[tuple[int, str]]]] = []
    for number, question in enumerate(closed_questions(questions), start=1):
        choices = question.choices()
        if groups and groups[-1][0] == choices:
            groups[-1][1].append((number, question.text))
        else:
            groups.append((choices, [(number, question.text)]))
    rows = []
    for choices, items in groups:
        options = "　".join(f"<b>{i}</b>={o}" for i, o in enumerate(choices, start=1))
        first, last = items[0][0], items[-1][0]
        where = f"第{first}位" if first == last else f"第{first}–{last}位"
        texts = "；".join(f"{n}. {t if len(t) <= 20 else t[:19] + '…'}" for n, t in items)
        rows.append(
            f"<tr><td style='padding-right:10px' nowrap><b>{where}</b></td>"
            f"<td>{options}<br><span style='color:#666'>{texts}</span></td></tr>"
        )
    return "<table cellspacing='3'>" + "".join(rows) + "</table>"


def preview_text(questions: list[Question], answers: dict[int, str]) -> str:
    """What the digits mean, e.g. "1.满意 2.比较满意 3.（空）"."""
    parts = []
    for number, question in enumerate(closed_questions(questions), start=1):
        parts.append(f"{number}.{answers.get(saved_id(question), '（空）')}")
    return "  ".join(parts)


class QuestionnaireEntryDialog(QDialog):
    """Type in one event's returned forms and watch the figures; emits ``changed``."""

    changed = Signal()  # forms added, corrected or deleted
    feedback_created = Signal(int)  # an open remark became this suggestion

    def __init__(self, store: Store, event_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("满意度问卷录入")
        self.setObjectName("questionnaireEntryDialog")
        self.store = store
        self.questions: list[Question] = store.questionnaires.questions()
        self.responses: list[Response] = []
        self.editing_id: int | None = None
        self._open_rows: list[tuple[int, int, str]] = []
        self._build()
        self._connect_signals()
        events = [e for e in store.events.list() if e.id is not None]
        for event in events:
            self.event_combo.addItem(f"{event.date.isoformat()}  {event.title}", event.id)
        if event_id is None:
            first = default_event(events, date.today())
            event_id = first.id if first is not None else None
        self.event_combo.setCurrentIndex(max(0, self.event_combo.findData(event_id)))
        self._on_event_changed()
        self.keys_edit.setFocus()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        char = self.fontMetrics().horizontalAdvance("汉")
        self.event_combo = QComboBox(self)
        self.event_combo.setObjectName("eventCombo")
        self.event_combo.setMinimumWidth(char * 20)
        self.legend_label = QLabel(self)
        self.legend_label.setObjectName("legendLabel")
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        self.legend_label.setWordWrap(True)

        self.keys_edit = QLineEdit(self)
        self.keys_edit.setObjectName("keysEdit")
        self.keys_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression("[0-9０-９ -]*"), self.keys_edit)
        )
        self.keys_edit.setMinimumWidth(char * 8)
        font = self.keys_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setLetterSpacing(font.SpacingType.AbsoluteSpacing, 3)
        self.keys_edit.setFont(font)
        self.open_edit = QLineEdit(self)
        self.open_edit.setObjectName("openEdit")
        self.open_edit.setPlaceholderText("问卷上写的意见建议（没有就不填）")
        self.frozen_label = QLabel(self)
        self.frozen_label.setObjectName("frozenLabel")
        self.frozen_label.setWordWrap(True)
        self.frozen_label.setStyleSheet(WARNING_STYLE)
        self.frozen_label.setVisible(False)
        self.save_button = QPushButton("保存（Enter）", self)
        self.save_button.setObjectName("saveButton")
        self.cancel_edit_button = QPushButton("取消修改（Esc）", self)
        self.cancel_edit_button.setVisible(False)
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setWordWrap(True)
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("modeLabel")

        entry = QGroupBox("录入一份问卷", self)
        grid = QGridLayout(entry)
        keys_label = QLabel("选择题答案(&K)：", self)
        keys_label.setBuddy(self.keys_edit)
        open_label = QLabel("意见建议(&O)：", self)
        open_label.setBuddy(self.open_edit)
        grid.addWidget(keys_label, 0, 0)
        grid.addWidget(self.keys_edit, 0, 1)
        grid.addWidget(open_label, 0, 2)
        grid.addWidget(self.open_edit, 0, 3)
        grid.addWidget(self.save_button, 0, 4)
        grid.addWidget(self.cancel_edit_button, 0, 5)
        grid.addWidget(self.preview_label, 1, 1, 1, 4)
        grid.addWidget(self.mode_label, 2, 1, 1, 4)
        grid.addWidget(self.frozen_label, 3, 0, 1, 6)
        self.mode_label.setVisible(False)
        grid.setColumnStretch(3, 1)

        self.forms_model = RecordTableModel(FORM_COLUMNS, self)
        self.forms_view = self._table(self.forms_model, "formsView")
        self.edit_button = QPushButton("修改(&E)", self)
        self.delete_button = QPushButton("删除(&D)", self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        forms_box = QGroupBox("已录入的问卷", self)
        forms_layout = QVBoxLayout(forms_box)
        forms_layout.addWidget(self.forms_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        forms_layout.addLayout(row)

        self.rate_label = QLabel(self)
        self.rate_label.setObjectName("rateLabel")
        rate_font = self.rate_label.font()
        rate_font.setPointSizeF(rate_font.pointSizeF() * 1.5)
        rate_font.setBold(True)
        self.rate_label.setFont(rate_font)
        self.rate_detail = QLabel(self)
        self.rate_detail.setObjectName("rateDetail")
        self.distribution_model = RecordTableModel((), self)
        self.distribution_view = self._table(self.distribution_model, "distributionView")
        self.open_model = RecordTableModel(OPEN_COLUMNS, self)
        self.open_view = self._table(self.open_model, "openAnswersView")
        self.convert_button = QPushButton("转为意见建议(&F)", self)
        self.convert_button.setObjectName("convertButton")
        self.convert_button.setToolTip("把选中的问卷意见登记为一条“待交办”的意见建议（匿名）")
        figures_box = QGroupBox("统计", self)
        figures = QVBoxLayout(figures_box)
        figures.addWidget(self.rate_label)
        figures.addWidget(self.rate_detail)
        figures.addWidget(self.distribution_view, 2)
        open_title = QHBoxLayout()
        open_title.addWidget(QLabel("问卷中的意见建议：", self), 1)
        open_title.addWidget(self.convert_button)
        figures.addLayout(open_title)
        figures.addWidget(self.open_view, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(forms_box)
        splitter.addWidget(figures_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([char * 26, char * 44])
        self.distribution_view.setMinimumHeight((self.fontMetrics().height() + 8) * 7)

        self.error_label = message_label(self, "errorLabel")
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close_box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close_box.rejected.connect(self.reject)
        close_box.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        top = QHBoxLayout()
        event_label = QLabel("活动(&V)：", self)
        event_label.setBuddy(self.event_combo)
        top.addWidget(event_label)
        top.addWidget(self.event_combo, 1)
        legend_box = QGroupBox("按问卷顺序，每道选择题输入所选选项的序号（没填的题输入 0）", self)
        QVBoxLayout(legend_box).addWidget(self.legend_label)

        # Everything above 关闭 scrolls when the screen is short (1280x720 at 150%).
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(legend_box)
        layout.addWidget(entry)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        outer = QVBoxLayout(self)
        outer.addWidget(scrolling(body, self), 1)
        outer.addWidget(close_box)
        self.resize(char * 76, self.fontMetrics().height() * 44)
        fit_on_first_show(self)
        for button in (self.save_button, self.edit_button, self.delete_button, self.convert_button):
            button.setAutoDefault(False)

    def _table(self, model: RecordTableModel, name: str) -> QTableView:
        view = compact_table(self, model, name)
        view.setTabKeyNavigation(False)
        set_column_widths(view, model.columns, padding=16)
        return view

    def _connect_signals(self) -> None:
        self.event_combo.currentIndexChanged.connect(self._on_event_changed)
        self.keys_edit.textChanged.connect(self._update_preview)
        self.keys_edit.returnPressed.connect(self.save_form)
        self.open_edit.returnPressed.connect(self.save_form)
        self.save_button.clicked.connect(self.save_form)
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.forms_view.doubleClicked.connect(self.edit_selected)
        self.convert_button.clicked.connect(self.convert_selected)
        for edit in (self.keys_edit, self.open_edit):
            shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), edit)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._on_escape)

    # --- data -----------------------------------------------------------------------------

    def event_id(self) -> int | None:
        """The event whose forms are shown."""
        value = self.event_combo.currentData()
        return int(value) if value is not None else None

    def _apply_questions(self) -> None:
        """Type against the event's own questionnaire version (the current one if it has none).

        An archived event's forms are part of its record: the entry fields are disabled and
        the note says how to reopen it.
        """
        event_id = self.event_id()
        self.questions = self.store.questionnaires.questions_for(event_id)
        self.legend_label.setText(legend_html(self.questions))
        closed = len(closed_questions(self.questions))
        self.keys_edit.setMaxLength(max(1, closed))
        self.keys_edit.setPlaceholderText("例如 " + "12121234"[:closed])
        frozen = frozen_message(self.store.events.get(event_id)) if event_id else None
        note = frozen or ""
        if event_id and snapshot_json(self.questions) != snapshot_json(
            self.store.questionnaires.questions()
        ):
            # Said so that a clerk who just edited the questions is not surprised.
            note = (note + "\n" if note else "") + (
                "本活动的问卷按录入时的题目和选项录入、统计；问卷题目后来的修改只用于以后的活动。"
            )
        self.frozen_label.setText(note)
        self.frozen_label.setVisible(bool(note))
        self.keys_edit.setEnabled(frozen is None)
        self.open_edit.setEnabled(
            frozen is None and any(q.kind == KIND_OPEN for q in self.questions)
        )
        self.save_button.setEnabled(frozen is None)

    def refresh(self) -> None:
        """Reread the forms and recompute every figure."""
        event_id = self.event_id()
        self.responses = self.store.questionnaires.responses(event_id) if event_id else []
        self.forms_model.set_rows(
            [
                (
                    r.id,
                    number,
                    keys_of(self.questions, r),
                    open_text_of(self.questions, r),
                    "",
                )
                for number, r in enumerate(self.responses, start=1)
            ]
        )
        self.count_label.setText(f"共 {len(self.responses)} 份")
        if event_id is None:
            self.rate_label.setText("还没有活动")
            return
        # The figures follow the event's own version, as every report on it does.
        questions = self.questions
        figures = satisfaction(questions, self.responses)
        self.rate_label.setText(f"满意率 {format_rate(figures.rate)}")
        self.rate_detail.setText(
            f"有效问卷 {figures.valid} 份，其中“满意”“比较满意” {figures.satisfied} 份"
            f"（满意率 =（满意 + 比较满意）÷ 有效问卷）"
        )
        self._show_distribution(distribution(questions, self.responses))
        self._show_open_answers(event_id, questions)

    def _show_distribution(self, figures: list[QuestionDistribution]) -> None:
        closed = [d for d in figures if d.question.kind != KIND_OPEN]
        width = max((len(d.counts) for d in closed), default=5)
        columns = [Column("题目", 1, 16, tooltip=True, stretch=True)]
        columns += [Column(f"选项{i}", i + 1, 5, ALIGN_CENTER) for i in range(1, width + 1)]
        columns.append(Column("满意率", width + 2, 4, ALIGN_RIGHT))
        rows: list[Row] = []
        for number, item in enumerate(closed, start=1):
            cells = [f"{option} {count}" for option, count in item.counts.items()]
            cells += [""] * (width - len(cells))
            rate = format_rate(item.satisfied_rate) if item.question.kind == KIND_SCALE else ""
            rows.append((item.question.id, f"{number}. {item.question.text}", *cells, rate, ""))
        self.distribution_model.columns = tuple(columns)
        self.distribution_model.set_rows(rows)
        set_column_widths(self.distribution_view, self.distribution_model.columns, padding=16)

    def _show_open_answers(self, event_id: int, questions: list[Question]) -> None:
        self._open_rows = open_answers(questions, self.responses)
        done = {item.content.strip(): item.id for item in self.store.feedback.list(event_id)}
        number_of = {r.id: n for n, r in enumerate(self.responses, start=1)}
        rows: list[Row] = []
        for index, (response_id, _question_id, text) in enumerate(self._open_rows):
            converted = done.get(text.strip())
            mark = f"已转（第 {converted} 号）" if converted else ""
            rows.append((index, number_of.get(response_id, 0), text, mark, ""))
        self.open_model.set_rows(rows)

    def distribution_rows(self) -> list[list[str]]:
        """The distribution table as shown (tests)."""
        model = self.distribution_model
        return [
            [model.cell_text(r, c) for c in range(model.columnCount())]
            for r in range(model.rowCount())
        ]

    # --- entering -------------------------------------------------------------------------

    def answers(self) -> dict[int, str]:
        """The answers the fields give (ValidationError when the digits do not fit)."""
        return answers_from_keys(self.questions, self.keys_edit.text(), self.open_edit.text())

    def _update_preview(self) -> None:
        closed = len(closed_questions(self.questions))
        typed = len(self.keys_edit.text().rstrip())
        try:
            answers = self.answers()
        except ValidationError as exc:
            self.preview_label.setText(exc.message)
            self.preview_label.setStyleSheet(ERROR_STYLE)
            return
        if not self.keys_edit.text():
            self.preview_label.setText(f"共 {closed} 道选择题。")
            self.preview_label.setStyleSheet("color: palette(placeholder-text);")
            return
        self.preview_label.setText(
            f"已输入 {typed}/{closed} 题：{preview_text(self.questions, answers)}"
        )
        self.preview_label.setStyleSheet(WARNING_STYLE if typed < closed else "")

    def save_form(self) -> int | None:
        """Store the typed form (new or the one being corrected), clear for the next."""
        event_id = self.event_id()
        if event_id is None:
            self._show_error("还没有活动：请先在“活动”页新建活动，再录入问卷。")
            return None
        try:
            answers = self.answers()
            if self.editing_id is None:
                response_id = questionnaire_service.add_response(self.store, event_id, answers)
            else:
                response_id = self.editing_id
                questionnaire_service.update_response(self.store, response_id, answers)
        except OpenDayError as exc:
            self._show_error(exc.message)
            self.keys_edit.setFocus()
            return None
        self.error_label.setVisible(False)
        self.cancel_edit()
        self.refresh()
        self.changed.emit()
        return response_id

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def error_text(self) -> str:
        """The message shown now ('' when none)."""
        return shown_text(self.error_label)

    def _selected_form(self) -> Response | None:
        rows = self.forms_view.selectionModel().selectedRows()
        if not rows:
            return None
        response_id = self.forms_model.record_id(rows[0].row())
        return next((r for r in self.responses if r.id == response_id), None)

    def edit_selected(self) -> None:
        """Load the selected form into the fields; Enter then saves the correction."""
        response = self._selected_form()
        if response is None:
            return
        self.editing_id = response.id
        number = self.responses.index(response) + 1
        self.keys_edit.setText(keys_of(self.questions, response))
        self.open_edit.setText(open_text_of(self.questions, response))
        self.mode_label.setText(f"正在修改第 {number} 份问卷，按 Enter 保存，Esc 取消。")
        self.mode_label.setStyleSheet(WARNING_STYLE)
        self.mode_label.setVisible(True)
        self.cancel_edit_button.setVisible(True)
        self.save_button.setText("保存修改（Enter）")
        self.keys_edit.setFocus()
        self.keys_edit.selectAll()

    def cancel_edit(self) -> None:
        """Leave correction mode (or just clear the fields) and go back to new forms."""
        self.editing_id = None
        self.keys_edit.clear()
        self.open_edit.clear()
        self.mode_label.clear()
        self.mode_label.setVisible(False)
        self.cancel_edit_button.setVisible(False)
        self.save_button.setText("保存（Enter）")
        self.keys_edit.setFocus()

    def delete_selected(self) -> None:
        """Delete the selected form after the user confirms."""
        response = self._selected_form()
        if response is None:
            return
        number = self.responses.index(response) + 1
        if not messages.confirm(
            self, f"确定要删除第 {number} 份问卷吗？此操作不能撤销。", yes="删除"
        ):
            return
        if response.id is None:
            return
        try:
            questionnaire_service.delete_response(self.store, response.id)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            return
        if self.editing_id == response.id:
            self.cancel_edit()
        self.refresh()
        self.changed.emit()

    def convert_selected(self) -> int | None:
        """Turn the selected open remark into a suggestion (待交办, anonymous)."""
        rows = self.open_view.selectionModel().selectedRows()
        if not rows:
            messages.info(self, "请先在“问卷中的意见建议”里选中一条。")
            return None
        index = self.open_model.record_id(rows[0].row())
        response_id, question_id, _text = self._open_rows[index]
        from openday_desktop.services.feedback import open_answer_to_feedback

        try:
            feedback_id = open_answer_to_feedback(self.store, response_id, question_id)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            return None
        event_id = self.event_id()
        if event_id is not None:
            self._show_open_answers(event_id, self.questions)
        self.open_view.selectRow(rows[0].row())
        self.feedback_created.emit(feedback_id)
        return feedback_id

    # --- slots ----------------------------------------------------------------------------

    def _on_escape(self) -> None:
        # Esc leaves correction mode first; pressed again it closes the window as usual.
        if self.editing_id is not None:
            self.cancel_edit()
        else:
            self.reject()

    def _on_event_changed(self) -> None:
        self._apply_questions()
        self.cancel_edit()
        self.refresh()
        self._update_preview()


# --- the questions ------------------------------------------------------------------------


class QuestionDialog(QDialog):
    """Add or change one question: its text, kind and options (one per line)."""

    def __init__(
        self, store: Store, question: Question | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增题目" if question is None else "修改题目")
        self.store = store
        self.question = question
        self.text_edit = QLineEdit(question.text if question else "", self)
        self.text_edit.setObjectName("textEdit")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        for kind in QUESTION_KINDS:
            self.kind_combo.addItem(KIND_LABELS[kind], kind)
        self.kind_combo.setCurrentIndex(
            self.kind_combo.findData(question.kind if question else KIND_SCALE)
        )
        self.options_edit = QPlainTextEdit(self)
        self.options_edit.setObjectName("optionsEdit")
        self.options_edit.setTabChangesFocus(True)
        self.options_edit.setPlainText("\n".join(question.choices()) if question else "")
        self.options_edit.setPlaceholderText(
            "每行一个选项；五级评价留空即为 满意/比较满意/一般/不太满意/不满意"
        )
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(WARNING_STYLE)
        answered = store.questionnaires.answer_count(question.id) if question and question.id else 0
        if answered:
            self.note_label.setText(
                f"已有 {answered} 份问卷回答了这道题。改动选项后，旧答案若不在新选项中将不再计入统计。"
            )
        self.note_label.setVisible(bool(answered))
        self.error_label = message_label(self, "errorLabel")
        buttons = save_cancel_buttons(self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("题目(&T)：", self.text_edit)
        form.addRow("题型(&K)：", self.kind_combo)
        form.addRow("选项(&O)：", self.options_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 36, self.sizeHint().height())

    def _on_kind_changed(self) -> None:
        self.options_edit.setEnabled(self.kind_combo.currentData() != KIND_OPEN)

    def accept(self) -> None:
        """Save the question; a refusal is shown and the dialog stays open."""
        options = [line for line in self.options_edit.toPlainText().splitlines() if line.strip()]
        kind = self.kind_combo.currentData()
        question = Question(
            self.text_edit.text(),
            kind,
            [] if kind == KIND_OPEN else options,
            self.question.position if self.question else 0,
            self.question.id if self.question else None,
        )
        try:
            if question.id is None:
                questionnaire_service.add_question(self.store, question)
            else:
                questionnaire_service.update_question(self.store, question)
        except OpenDayError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        super().accept()


class QuestionEditorDialog(QDialog):
    """The unit's questionnaire: add, change, remove and reorder questions; emits ``changed``."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("编辑问卷题目")
        self.store = store
        self.question_dialog: QuestionDialog | None = None
        self.list_widget = QListWidget(self)
        self.list_widget.setObjectName("questionList")
        self.list_widget.setWordWrap(True)
        self.list_widget.setSpacing(3)
        self.add_button = QPushButton("新增(&N)…", self)
        self.edit_button = QPushButton("修改(&E)…", self)
        self.remove_button = QPushButton("删除(&D)", self)
        self.up_button = QPushButton("上移(&U)", self)
        self.down_button = QPushButton("下移(&W)", self)
        self.reset_button = QPushButton("恢复默认问卷…", self)
        note = QLabel(
            "第一道“五级评价”题是总体满意度题，满意率按它计算。录入问卷时，"
            "数字按这里的顺序对应各道选择题。这里的修改只用于以后的活动："
            "已录入问卷的活动保留当时的题目和选项，统计不会变。",
            self,
        )
        note.setWordWrap(True)
        buttons = QVBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        body = QHBoxLayout()
        body.addWidget(self.list_widget, 1)
        body.addLayout(buttons)
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close_box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(body, 1)
        layout.addWidget(close_box)
        self.add_button.clicked.connect(self.add_question)
        self.edit_button.clicked.connect(self.edit_question)
        self.list_widget.itemDoubleClicked.connect(self.edit_question)
        self.remove_button.clicked.connect(self.remove_question)
        self.up_button.clicked.connect(lambda: self.move_question(-1))
        self.down_button.clicked.connect(lambda: self.move_question(1))
        self.reset_button.clicked.connect(self.reset)
        self.questions: list[Question] = []
        self.refresh()
        self.resize(
            self.fontMetrics().horizontalAdvance("汉") * 48, self.fontMetrics().height() * 28
        )

    def refresh(self, select: int | None = None) -> None:
        """Reread the questions, keeping the row of ``select`` (a question id) selected."""
        current = select if select is not None else self.selected_id()
        self.questions = display_order(self.store.questionnaires.questions())
        self.list_widget.clear()
        closed_number = 0
        for number, question in enumerate(self.questions, start=1):
            key = ""
            if question.kind != KIND_OPEN:
                closed_number += 1
                key = f"（录入第{closed_number}位）"
            options = (
                "" if question.kind == KIND_OPEN else "\n　　选项：" + "/".join(question.choices())
            )
            self.list_widget.addItem(
                f"{number}. [{KIND_LABELS[question.kind]}] {question.text}{key}{options}"
            )
        ids = [q.id for q in self.questions]
        if current in ids:
            self.list_widget.setCurrentRow(ids.index(current))

    def selected_id(self) -> int | None:
        """The id of the selected question."""
        row = self.list_widget.currentRow()
        return self.questions[row].id if 0 <= row < len(self.questions) else None

    def _open_question(self, question: Question | None) -> None:
        dialog = QuestionDialog(self.store, question, self)
        self.question_dialog = dialog

        def done(result: int) -> None:
            self.question_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                self.refresh(question.id if question else None)
                if question is None:
                    self.list_widget.setCurrentRow(self.list_widget.count() - 1)
                self.changed.emit()

        dialog.finished.connect(done)
        dialog.open()

    def add_question(self) -> None:
        """Open the dialog for a new question (appended at the end)."""
        self._open_question(None)

    def edit_question(self) -> None:
        """Open the dialog for the selected question."""
        question_id = self.selected_id()
        if question_id is not None:
            self._open_question(next(q for q in self.questions if q.id == question_id))

    def remove_question(self) -> None:
        """Remove the selected question for later events after the user confirms."""
        question_id = self.selected_id()
        if question_id is None:
            return
        answered = self.store.questionnaires.answer_count(question_id)
        text = "确定要删除这道题吗？以后的活动不再问这道题。"
        if answered:
            text += f"\n已录入的 {answered} 份问卷保留原来的题目和回答，统计不变。"
        if not messages.confirm(self, text, yes="删除"):
            return
        try:
            questionnaire_service.remove_question(self.store, question_id)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            return
        self.refresh()
        self.changed.emit()

    def move_question(self, step: int) -> None:
        """Move the selected question up (-1) or down (+1)."""
        question_id = self.selected_id()
        if question_id is None:
            return
        row = self.list_widget.currentRow()
        target = row + step
        if not 0 <= target < len(self.questions):
            return
        try:
            questionnaire_service.move_question(self.store, question_id, target)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            return
        self.refresh(question_id)
        self.changed.emit()

    def reset(self) -> None:
        """Make the default questionnaire the one later events use (entered forms stay)."""
        if not messages.confirm(
            self,
            "恢复默认问卷会把现有题目换成默认题目，以后的活动使用默认问卷。"
            "已录入问卷的活动保留原来的题目和回答，统计不变。确定吗？",
            yes="恢复默认",
        ):
            return
        questionnaire_service.restore_default_questions(self.store)
        self.refresh()
        self.changed.emit()
