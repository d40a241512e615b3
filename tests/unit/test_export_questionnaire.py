"""The blank satisfaction questionnaire (Word): the unit's questions, boxes, lines, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from openday_desktop import cli
from openday_desktop.domain.models import SATISFACTION_LEVELS
from openday_desktop.domain.questionnaire import KIND_CHOICE, KIND_OPEN, Question
from openday_desktop.exports.official_style import STYLE_TITLE, text_width_units
from openday_desktop.exports.word_questionnaire import BOX, WRITING_LINES, option_lines
from openday_desktop.services.documents import write_blank_questionnaire
from openday_desktop.storage import Store

PAST = 1


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_option_lines_keep_each_option_whole() -> None:
    assert option_lines(list(SATISFACTION_LEVELS)) == [
        "□满意　□比较满意　□一般　□不太满意　□不满意"
    ]
    long = ["政府网站", "微信公众号", "村(社区)通知", "朋友介绍", "其他"]
    lines = option_lines(long)
    assert len(lines) == 2
    assert all(text_width_units(line) <= 26 for line in lines)
    # Every option stays on one line with its box, in order.
    items = [item for line in lines for item in line.split("　") if item]
    assert items == [f"{BOX}{option}" for option in long]
    assert option_lines(["", "  "]) == []


def test_blank_questionnaire_lists_every_question_with_boxes(
    demo_store: Store, tmp_path: Path
) -> None:
    questions = demo_store.questionnaires.questions()
    path = write_blank_questionnaire(demo_store, tmp_path / "q.docx", PAST)
    document = Document(str(path))
    paragraphs = document.paragraphs
    title = paragraphs[0]
    assert title.style.name == STYLE_TITLE
    event = demo_store.events.get(PAST)
    assert event.title in title.text and "满意度调查问卷" in title.text
    body = "\n".join(p.text for p in paragraphs)
    assert f"感谢您参加{event.title}" in body
    for number, question in enumerate(questions, start=1):
        assert f"{number}.{question.text}" in body
        for option in question.choices():
            assert f"{BOX}{option}" in body
    assert "再次感谢您的参与和支持！" in body
    options = [p for p in paragraphs if p.text.startswith(BOX)]
    assert len(options) == len([q for q in questions if q.kind != KIND_OPEN])
    # Never split between pages, never spread out by justification.
    assert all(p.paragraph_format.keep_together for p in options)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in options)
    assert paragraphs[-1].text == demo_store.settings.get("unit_name")
    # A4 in the official margins.
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 28


def test_open_question_gets_ruled_lines(demo_store: Store, tmp_path: Path) -> None:
    path = write_blank_questionnaire(demo_store, tmp_path / "q.docx")
    paragraphs = Document(str(path)).paragraphs
    open_question = next(q for q in demo_store.questionnaires.questions() if q.kind == KIND_OPEN)
    start = next(i for i, p in enumerate(paragraphs) if open_question.text in p.text)
    lines = paragraphs[start + 1 : start + 1 + WRITING_LINES]
    for paragraph in lines:
        run = paragraph.runs[0]
        assert run.text == "\t" and run.font.underline
        stops = paragraph.paragraph_format.tab_stops
        assert len(stops) == 1 and abs(stops[0].position - Mm(156)) < Mm(1)
    # Lines keep together with their question; the last one may end the page.
    assert [p.paragraph_format.keep_with_next for p in lines] == [True, True, True, False]
    # Without an event the title names the unit's open day.
    assert paragraphs[0].text.startswith(demo_store.settings.get("unit_name"))


def test_edited_questions_and_user_text_are_cleaned(store: Store, tmp_path: Path) -> None:
    store.settings.set("unit_name", "青石镇人民政府")
    store.questionnaires.reset_to_default()
    store.questionnaires.add_question(
        Question("停车\x07方便吗？", KIND_CHOICE, ["方便", "不方便"], position=99)
    )
    path = write_blank_questionnaire(store, tmp_path / "q.docx")
    body = "\n".join(texts(path))
    assert "停车方便吗？" in body and "□方便　　□不方便" in body
    # East Asian fonts are named on the body style (no Japanese theme fallback).
    normal = Document(str(path)).styles["Normal"].element
    assert normal.rPr.rFonts.get(qn("w:eastAsia")) == store.settings.get("body_font")


def test_cli_exports_the_questionnaire(
    demo_store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "问卷.docx"
    args = ["--db", str(db_path), "export", "questionnaire"]
    assert cli.main([*args, "--event", str(PAST), "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert demo_store.events.get(PAST).title in texts(target)[0]
    assert cli.main([*args, "-o", str(tmp_path / "q.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and ".docx" in err
    assert not (tmp_path / "q.xlsx").exists()
