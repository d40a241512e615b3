"""空白满意度调查问卷: the printable paper form handed out at the round-table.

The questions are the unit's own (storage.questionnaires, editable in the app, handed in) in their order:
each five-point or single-choice item with its options behind boxes to tick, each open item
with ruled lines to write on. Set in the official-document style so it matches the plan and
the summary it goes out with.

The box is □ (U+25A1), not ☐ (U+2610): □ is in GB2312, so every Chinese font on an office PC
(仿宋_GB2312 included) draws it at the size of the text, where ☐ falls back to a symbol font.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from openday_desktop.domain.questionnaire import KIND_OPEN, Question

from .official_style import (
    CHARS_PER_LINE,
    STYLE_SIGNATURE,
    TEXT_WIDTH_MM,
    OfficialDocument,
    text_width_units,
)
from .safety import clean_text

BOX = "□"
OPTION_GAP = "\u3000"  # an ideographic space between options
OPTION_INDENT_CHARS = 2  # options stand two characters in, under the question's number
WRITING_LINES = 4  # ruled lines under an open question
FORM_SIZE_PT = 14  # 四号
FORM_LINE_PT = 21
WRITING_LINE_PT = 28

SALUTATION = "尊敬的代表："
INTRO = (
    "感谢您参加{what}。为了解您对这次活动的感受、改进我们的工作，请在与您想法相符的选项前"
    "的“□”内画“√”（每题选一项），并在横线上写下您的意见和建议。问卷不用署名，"
    "填好后请交给现场工作人员。"
)
THANKS = "再次感谢您的参与和支持！"


def option_lines(
    options: list[str], width: float = CHARS_PER_LINE - OPTION_INDENT_CHARS
) -> list[str]:
    """The options with their boxes, as few lines as fit ``width`` characters.

    One line when they fit (two ideographic spaces apart, else one); otherwise filled line
    by line so that no option is split between two lines.
    """
    boxed = [f"{BOX}{clean_text(option).strip()}" for option in options if option.strip()]
    if not boxed:
        return []
    for gap in (OPTION_GAP * 2, OPTION_GAP):
        line = gap.join(boxed)
        if text_width_units(line) <= width:
            return [line]
    gap = OPTION_GAP * 2
    lines: list[str] = []
    current = ""
    for item in boxed:
        candidate = f"{current}{gap}{item}" if current else item
        if current and text_width_units(candidate) > width:
            lines.append(current)
            current = item
        else:
            current = candidate
    lines.append(current)
    return lines


def questionnaire_title(event_title: str | None, unit_name: str) -> str:
    """The form's title: the event's name (or the unit's open day) and 满意度调查问卷."""
    if event_title is not None:
        return f"{event_title}\n满意度调查问卷"
    # 青石镇人民政府 + 政府开放日 would say 政府 twice.
    open_day = "开放日活动" if unit_name.endswith("政府") else "政府开放日活动"
    return f"{unit_name}{open_day}\n满意度调查问卷"


def _writing_line(doc: OfficialDocument, *, keep_with_next: bool) -> None:
    """A ruled line across the text block: an underlined tab up to a right-hand tab stop."""
    paragraph = doc.paragraph(indent=False)
    paragraph.paragraph_format.keep_with_next = keep_with_next  # the lines stay together
    paragraph.paragraph_format.line_spacing = Pt(WRITING_LINE_PT)  # room to write by hand
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run("\t").font.underline = True


def _question(doc: OfficialDocument, number: int, question: Question) -> None:
    doc.heading(3, number, clean_text(question.text).strip())
    if question.kind == KIND_OPEN:
        for index in range(WRITING_LINES):
            _writing_line(doc, keep_with_next=index < WRITING_LINES - 1)
        return
    lines = option_lines(question.choices())
    if not lines:
        return
    paragraph = doc.paragraph(indent=False)
    paragraph.paragraph_format.left_indent = Pt(FORM_SIZE_PT * OPTION_INDENT_CHARS)
    # Left, not justified: a justified line that ends in a line break is spread out.
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.keep_together = True  # a question's options on one page
    paragraph.add_run("\n".join(lines))


def questionnaire_document(
    questions: Sequence[Question],
    unit_name: str,
    body_font: str,
    event_title: str | None = None,
) -> OfficialDocument:
    """The blank satisfaction questionnaire with the unit's ``questions`` in their order.

    With ``event_title`` the title and the opening name that event; without, the unit's open day.
    """
    what = event_title if event_title is not None else "本次政府开放日活动"
    doc = OfficialDocument(body_font, author=unit_name)
    # A form handed out on one sheet: 四号 text on 21 pt lines (not the 22-line letter grid)
    # fits the title, the opening and the default seven questions on one A4 page.
    doc.compact(FORM_SIZE_PT, FORM_LINE_PT)
    doc.title(questionnaire_title(event_title, unit_name))
    doc.salutation(SALUTATION)
    doc.paragraph(INTRO.format(what=clean_text(what).strip()))
    for number, question in enumerate(questions, start=1):
        _question(doc, number, question)
    doc.paragraph(THANKS)
    unit = doc.document.add_paragraph(style=STYLE_SIGNATURE)
    unit.add_run(clean_text(unit_name).strip())
    unit.paragraph_format.right_indent = Pt(FORM_SIZE_PT * 2)
    return doc


def write_blank_questionnaire(
    questions: Sequence[Question],
    unit_name: str,
    body_font: str,
    path: str | Path,
    event_title: str | None = None,
) -> Path:
    """Write the blank questionnaire to ``path`` (.docx)."""
    return questionnaire_document(questions, unit_name, body_font, event_title).save(path)
