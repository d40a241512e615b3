"""签到模式: the sign-in desk on the day, in large text, usable with the keyboard alone.

Type a few letters of the name (汉字, full pinyin or initials such as ``wf``) or the last
digits of the phone, press Enter:

* one match: signed in with the time, and a big green confirmation;
* several: a list; arrow keys and Enter pick the person;
* none: press Enter again (or F2) to register a walk-in (现场登记: name, phone, optional ID
  number, category, village), who is put on the list and signed in at once. With an ID
  number the walk-in is checked like any representative (valid number, old enough on the
  event day) and a pool person with that number is reused instead of added twice.

Esc closes the list or the walk-in form, and then the window. The counter shows 已签到 X / 应到 Y
(everyone on the list except the rejected and withdrawn).

The desk opens on the event's day. For a past event it opens only as 补录 (``backfill``),
after the clerk confirmed it (``selection_tools.open_signin``): each entry is stamped with
who entered it and when, and carries no time of day. A future or archived event is refused
before the window opens (``services.attendance.attendance_mode``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.categories import CITIZEN_CATEGORY
from openday_desktop.domain.errors import OpenDayError, ValidationError
from openday_desktop.domain.models import ATTENDANCE_PRESENT, Invitation, Person, saved_id
from openday_desktop.domain.selection import check_can_attend, find_for_signin
from openday_desktop.domain.validation import clean_name
from openday_desktop.services import attendance
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.colours import ERROR_STYLE, INFO_STYLE, OK_STYLE, WARNING_STYLE
from openday_desktop.ui.common.screen_fit import fit_on_first_show, scrolling

Entry = tuple[Invitation, Person]

BASE_POINTS = 20
BIG_POINTS = 28
MAX_MATCHES = 12
PROBLEM_STYLE = WARNING_STYLE
WALK_IN_SOURCE = "公开报名"


def _sized(widget: QWidget, points: int, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(points)
    font.setBold(bold)
    widget.setFont(font)


def _phone_tail(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"尾号{digits[-4:]}" if len(digits) >= 4 else ""


def match_text(entry: Entry) -> str:
    """One line of the match list: who it is, enough to tell two 王芳 apart."""
    invitation, person = entry
    parts = [person.name, person.category]
    if person.village:
        parts.append(person.village)
    tail = _phone_tail(person.phone)
    if tail:
        parts.append(tail)
    text = "　".join(parts)
    if invitation.attendance == ATTENDANCE_PRESENT and invitation.signed_in_at is not None:
        text += f"　（{invitation.signed_in_at:%H:%M} 已签到）"
    return text


class MatchList(QListWidget):
    """The people a query matched; Enter picks one."""

    chosen = Signal(int)  # invitation id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(self._on_activated)

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))


class WalkInForm(QGroupBox):
    """现场登记: the few facts needed to put a walk-in on the list."""

    submitted = Signal()

    def __init__(self, categories: list[str], parent: QWidget | None = None) -> None:
        super().__init__("现场登记（不在名单中的来访者）", parent)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(30)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText("手机或座机")
        self.id_edit = QLineEdit(self)
        self.id_edit.setObjectName("walkInIdEdit")
        self.id_edit.setMaxLength(24)
        self.id_edit.setPlaceholderText("可不填；填写后核对年龄，已在代表库的不重复登记")
        self.category_combo = QComboBox(self)
        self.category_combo.addItems(categories)
        index = self.category_combo.findText(CITIZEN_CATEGORY)
        self.category_combo.setCurrentIndex(max(0, index))
        self.village_edit = QLineEdit(self)
        self.village_edit.setPlaceholderText("所在村或社区")
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setVisible(False)
        self.submit_button = QPushButton("登记并签到", self)
        self.cancel_button = QPushButton("取消（Esc）", self)
        form = QFormLayout()
        form.addRow("姓名：", self.name_edit)
        form.addRow("电话：", self.phone_edit)
        form.addRow("身份证号：", self.id_edit)
        form.addRow("类别：", self.category_combo)
        form.addRow("村/社区：", self.village_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        for edit in (self.name_edit, self.phone_edit, self.id_edit, self.village_edit):
            edit.returnPressed.connect(self.submitted)
        self.submit_button.clicked.connect(self.submitted)

    def start(self, query: str) -> None:
        """Open the form, filling in what the failed query already says."""
        self.error_label.setVisible(False)
        digits = "".join(query.split())
        # 15 or 18 characters of digits (the last may be X) is an ID number, not a phone.
        looks_like_id = len(digits) in (15, 18) and digits[:-1].isdigit()
        looks_like_id = looks_like_id and (digits[-1].isdigit() or digits[-1] in "xX")
        self.name_edit.setText("" if query.isascii() else query.strip())
        self.phone_edit.setText(
            digits if digits.isdigit() and len(digits) >= 7 and not looks_like_id else ""
        )
        self.id_edit.setText(digits if looks_like_id else "")
        self.village_edit.clear()
        self.setVisible(True)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def person(self) -> Person:
        """The walk-in as typed (validated by ``add_walk_in``)."""
        return Person(
            name=self.name_edit.text(),
            phone=self.phone_edit.text(),
            id_number=self.id_edit.text().strip(),
            category=self.category_combo.currentText(),
            village=self.village_edit.text().strip(),
            source=WALK_IN_SOURCE,
            notes="现场报名",
        )

    def show_error(self, message: str, focus: QLineEdit | None = None) -> None:
        """Show why the walk-in could not be registered, with the cursor in the field to fix."""
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        if focus is not None:
            focus.setFocus()
            focus.selectAll()

    def edit_for(self, field: str) -> QLineEdit:
        """The input that holds ``field`` (ValidationError.field); the name when none fits."""
        return {
            "phone": self.phone_edit,
            "id_number": self.id_edit,
            "birth_date": self.id_edit,
            "village": self.village_edit,
        }.get(field, self.name_edit)


class SignInWindow(QWidget):
    """The large-text sign-in desk for one event."""

    changed = Signal(str)  # "invitations" after a sign-in, "people" after a new walk-in

    def __init__(
        self,
        store: Store,
        event_id: int,
        parent: QWidget | None = None,
        *,
        backfill: bool = False,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("signInWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store = store
        self.event_id = event_id
        self.backfill = backfill
        self.open_day = store.events.get(event_id)
        self.entries: list[Entry] = []
        self.recent: list[str] = []
        self.walk_in_query = ""  # the query that found nobody: Enter again offers 现场登记
        _sized(self, BASE_POINTS)
        self._build()
        self._connect_signals()
        self.refresh()
        self.show_message("请输入姓名、拼音首字母或手机号后4位，按回车签到。", INFO_STYLE)
        char = self.fontMetrics().horizontalAdvance("汉")
        self.resize(char * 40, char * 30)
        fit_on_first_show(self)

    def _build(self) -> None:
        what = "补录签到" if self.backfill else "签到"
        self.setWindowTitle(f"{what} - {self.open_day.title}")
        self.title_label = QLabel(self.open_day.title, self)
        self.title_label.setWordWrap(True)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _sized(self.title_label, 24, bold=True)
        self.date_label = QLabel(self)
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.date_label.setStyleSheet("color: #555;")
        self.counter_label = QLabel(self)
        self.counter_label.setObjectName("signInCounter")
        self.counter_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _sized(self.counter_label, BIG_POINTS, bold=True)
        self.input = QLineEdit(self)
        self.input.setObjectName("signInInput")
        self.input.setPlaceholderText("姓名 / 拼音首字母 / 手机号后4位")
        self.input.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _sized(self.input, BIG_POINTS)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("signInResult")
        self.result_label.setWordWrap(True)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_label.setMinimumHeight(self.fontMetrics().height() * 3)
        _sized(self.result_label, BIG_POINTS, bold=True)
        self.match_list = MatchList(self)
        self.match_list.setObjectName("signInMatches")
        self.match_list.setVisible(False)
        self.walk_in_form = WalkInForm(self.store.categories.names(), self)
        self.walk_in_form.setVisible(False)
        self.walk_in_button = QPushButton("现场登记（F2）", self)
        self.walk_in_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recent_label = QLabel(self)
        self.recent_label.setWordWrap(True)
        self.recent_label.setStyleSheet("color: #555;")
        _sized(self.recent_label, 14)
        hint = QLabel("Enter 签到 · ↑↓ 选人 · F2 现场登记 · Esc 返回/关闭", self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color: #777;")
        _sized(hint, 12)
        bottom = QHBoxLayout()
        bottom.addWidget(self.recent_label, 1)
        bottom.addWidget(self.walk_in_button)

        # The middle scrolls (the walk-in form is tall in large type); the title, the input
        # and the bottom row stay put, so a 1280x720 screen still shows every button.
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(10)
        middle_layout.addWidget(self.result_label)
        middle_layout.addWidget(self.match_list, 1)
        middle_layout.addWidget(self.walk_in_form)
        middle_layout.addStretch(0)
        self.middle_scroll = scrolling(middle, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.date_label)
        layout.addWidget(self.counter_label)
        layout.addWidget(self.input)
        layout.addWidget(self.middle_scroll, 1)
        layout.addLayout(bottom)
        layout.addWidget(hint)

    def _connect_signals(self) -> None:
        self.input.returnPressed.connect(self.submit)
        self.input.textEdited.connect(self._on_text_edited)
        self.match_list.chosen.connect(self._on_chosen)
        self.walk_in_form.submitted.connect(self.register_walk_in)
        self.walk_in_form.cancel_button.clicked.connect(self.back_to_input)
        self.walk_in_button.clicked.connect(self.open_walk_in)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_F2), self)
        shortcut.activated.connect(self.open_walk_in)

    # --- state ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list (someone may have changed it in the selection window)."""
        try:
            self.open_day = self.store.events.get(self.event_id)
        except OpenDayError:
            self.close()
            return
        self.entries = self.store.invitations.for_event(self.event_id)
        mode = "补录（记下补录人和补录时间）" if self.backfill else "签到模式"
        self.date_label.setText(
            f"{self.open_day.date.isoformat()}　{mode}"
            + ("" if self.entries else "　（名单还是空的，来访者可现场登记）")
        )
        self._update_counter()

    def counts(self) -> tuple[int, int]:
        """(signed in, expected) among the active people on the list."""
        active = [inv for inv, _ in self.entries if inv.is_active]
        present = sum(1 for inv in active if inv.attendance == ATTENDANCE_PRESENT)
        return present, len(active)

    def _update_counter(self) -> None:
        present, expected = self.counts()
        self.counter_label.setText(f"已签到 {present} / 应到 {expected}")

    def show_message(self, text: str, style: str) -> None:
        """The big line under the input box."""
        self.result_label.setText(text)
        self.result_label.setStyleSheet(style)

    def back_to_input(self) -> None:
        """Close the list and the walk-in form; the cursor returns to the input box."""
        self.match_list.setVisible(False)
        self.walk_in_form.setVisible(False)
        self.input.setFocus()
        self.input.selectAll()

    # --- signing in -----------------------------------------------------------------------

    def submit(self) -> None:
        """Enter in the input box: sign in, offer a choice, or offer 现场登记."""
        text = self.input.text().strip()
        self.match_list.setVisible(False)
        self.walk_in_form.setVisible(False)
        if not text:
            return
        if text == self.walk_in_query:
            self.open_walk_in()
            return
        compact = "".join(text.split())
        if compact.isdigit() and len(compact) < 3:
            self.show_message("请至少输入手机号的后3位（建议后4位）。", PROBLEM_STYLE)
            return
        matches = find_for_signin(self.entries, text)
        if len(matches) == 1:
            self.sign(matches[0])
        elif matches:
            self._offer_choice(matches)
        else:
            self._nobody(text)

    def _offer_choice(self, matches: list[Entry]) -> None:
        self.match_list.clear()
        for entry in matches[:MAX_MATCHES]:
            item = QListWidgetItem(match_text(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry[0].id)
            self.match_list.addItem(item)
        more = f"（只显示前{MAX_MATCHES}位，可多输入几个字）" if len(matches) > MAX_MATCHES else ""
        self.show_message(f"找到 {len(matches)} 位，请用 ↑↓ 选择后按回车{more}", INFO_STYLE)
        self.match_list.setVisible(True)
        self.match_list.setCurrentRow(0)
        self.match_list.setFocus()

    def _nobody(self, text: str) -> None:
        inactive = find_for_signin(self.entries, text, include_inactive=True)
        if inactive:
            invitation, person = inactive[0]
            try:
                check_can_attend(invitation, person.name)
            except ValidationError as exc:
                self.show_message(exc.message, PROBLEM_STYLE)
                self.input.selectAll()
                return
        self.walk_in_query = text
        self.show_message(
            f"名单中没有找到“{text}”。\n再按一次回车（或 F2）为其现场登记。", PROBLEM_STYLE
        )
        self.input.selectAll()

    def _on_chosen(self, invitation_id: int) -> None:
        for entry in self.entries:
            if entry[0].id == invitation_id:
                self.sign(entry)
                return

    def _on_text_edited(self, _text: str) -> None:
        self.walk_in_query = ""

    def sign(self, entry: Entry) -> Invitation | None:
        """Sign one person in (or say when they already were) and get ready for the next."""
        invitation, person = entry
        if invitation.attendance == ATTENDANCE_PRESENT and (
            invitation.signed_in_at is not None or self.backfill
        ):
            when = f"已于 {invitation.signed_in_at:%H:%M} " if invitation.signed_in_at else "已"
            self.show_message(f"{person.name} {when}签到，无需重复签到。", INFO_STYLE)
            self._ready_for_next()
            return invitation
        try:
            signed = attendance.sign_in(self.store, saved_id(invitation), backfill=self.backfill)
        except OpenDayError as exc:
            self.show_message(exc.message, ERROR_STYLE)
            self._ready_for_next()
            return None
        self._after_sign_in(person.name, signed, "签到成功")
        self.changed.emit("invitations")
        return signed

    def _after_sign_in(self, name: str, invitation: Invitation, what: str) -> None:
        when = f"{invitation.signed_in_at:%H:%M}" if invitation.signed_in_at else ""
        if self.backfill:
            what = what.replace("签到成功", "补录签到成功")
        self.show_message(f"✔ {name}　{what}　{when}", OK_STYLE)
        self.recent.insert(0, f"{name} {when}")
        self.recent_label.setText("最近签到：" + "、".join(self.recent[:6]))
        self.refresh()
        self._ready_for_next()

    def _ready_for_next(self) -> None:
        self.walk_in_query = ""
        self.match_list.setVisible(False)
        self.walk_in_form.setVisible(False)
        self.input.clear()
        self.input.setFocus()

    # --- walk-ins -------------------------------------------------------------------------

    def open_walk_in(self) -> None:
        """Show the 现场登记 form, filled from what was typed."""
        self.match_list.setVisible(False)
        self.walk_in_form.start(self.walk_in_query or self.input.text().strip())
        self.show_message("现场登记：填写后按回车。", INFO_STYLE)
        # On a short screen the form's buttons may be below the fold: bring them into view.
        # After the layout has made room for the form (queued), not before.
        QTimer.singleShot(
            0, lambda: self.middle_scroll.ensureWidgetVisible(self.walk_in_form.submit_button)
        )

    def register_walk_in(self) -> Invitation | None:
        """Put the walk-in on the list (a new or known pool person) and sign them in."""
        form = self.walk_in_form
        person = form.person()
        try:
            name = clean_name(person.name)
        except ValidationError as exc:
            form.show_error("请填写姓名。" if not person.name.strip() else exc.message)
            form.name_edit.setFocus()
            return None
        try:
            walk_in = attendance.register_walk_in(
                self.store, self.event_id, person, backfill=self.backfill
            )
        except ValidationError as exc:
            form.show_error(exc.message, form.edit_for(exc.field))
            return None
        except OpenDayError as exc:
            form.show_error(exc.message)
            return None
        self._after_sign_in(name, walk_in.invitation, "现场登记并签到成功")
        # Only a new or completed pool person reloads the pool table (100,000 rows).
        self.changed.emit("people" if walk_in.pool_changed else "invitations")
        return walk_in.invitation

    # --- keys -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.match_list.isVisible() or self.walk_in_form.isVisible():
                self.back_to_input()
                self.show_message("请输入姓名、拼音首字母或手机号后4位，按回车签到。", INFO_STYLE)
            elif messages.confirm(
                self,
                "退出签到模式吗？已签到的人都已保存，随时可以再打开签到模式继续签到。",
                "退出签到模式",
                yes="退出",
            ):
                # Esc is pressed by reflex at a busy desk: ask before closing the window.
                self.close()
            event.accept()
            return
        super().keyPressEvent(event)

    def entry_names(self) -> list[str]:
        """Names in the match list as shown (tests)."""
        return [self.match_list.item(i).text() for i in range(self.match_list.count())]

    def matches_shown(self) -> bool:
        """Whether the choice list is open."""
        return self.match_list.isVisible()
