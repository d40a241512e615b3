"""The GB/T 9704 figures, read back from written files with python-docx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from openday_desktop.exports.official_style import (
    STYLE_HEADING,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    OfficialDocument,
    balance_title,
    cn_number,
    condense_twentieths,
    heading_label,
    kai_font,
)
from openday_desktop.exports.wording import cn_date, fill, time_range

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    doc = OfficialDocument("仿宋_GB2312")
    doc.title("某某镇人民政府\n关于开展“走进镇政府 共话新发展”政府开放日活动的实施方案")
    doc.paragraph("正文第一段\x07，含控制字符。")
    doc.heading(1, 1, "总体目标")
    doc.heading(2, 1, "活动时间。", "2027年6月8日上午。")
    doc.heading(3, 1, "第三级")
    doc.heading(4, 1, "第四级")
    doc.table(["时间", "内容"], [40, 116], [("8:30-9:00", "签到"), ("9:00-9:40", "参观")])
    doc.signature("某某镇人民政府", date(2027, 6, 8))
    return doc.save(tmp_path / "style.docx")


def test_page_is_a4_with_standard_margins(sample: Path) -> None:
    section = Document(str(sample)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    for actual, mm in (
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(actual - Mm(mm)) < Mm(0.1)


def test_line_grid_is_22_lines_of_579_twips(sample: Path) -> None:
    grid = Document(str(sample)).sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    assert grid.get(qn("w:type")) == "lines"
    # 28 characters: 16 pt characters condensed so 28 fit the 156 mm line.
    assert condense_twentieths() == 5
    assert 28 * (16 - condense_twentieths() / 20) <= 156 / 25.4 * 72 < 29 * 15.75


def test_normal_style_body_font_size_spacing_and_indent(sample: Path) -> None:
    document = Document(str(sample))
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert fonts.get(qn("w:ascii")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(28.95)
    assert normal.element.pPr.find(qn("w:spacing")).get(qn("w:line")) == "579"
    assert fmt.space_after == Pt(0)
    assert fmt.space_before == Pt(0)
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert ind.get(qn("w:firstLine")) == "640"
    condensed = normal.element.rPr.find(qn("w:spacing"))
    assert condensed.get(qn("w:val")) == "-5"


def test_no_japanese_theme_fallback_and_template_spacing_reset(sample: Path) -> None:
    document = Document(str(sample))
    lang = document.settings.element.find(qn("w:themeFontLang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f".//{W}rFonts")
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    assert fonts.get(qn("w:asciiTheme")) is None
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    spacing = defaults.find(f".//{W}pPrDefault//{W}spacing")
    assert spacing.get(qn("w:after")) == "0"
    assert spacing.get(qn("w:line")) == "240"
    assert defaults.find(f".//{W}lang").get(qn("w:eastAsia")) == "zh-CN"


def test_every_style_and_run_naming_a_font_names_the_east_asian_font(sample: Path) -> None:
    document = Document(str(sample))
    parts = [document.styles.element, document.element]
    parts += [document.sections[0].footer._element, document.sections[0].even_page_footer._element]
    checked = 0
    for part in parts:
        for fonts in part.iter(qn("w:rFonts")):
            if fonts.get(qn("w:ascii")) is not None:
                checked += 1
                assert fonts.get(qn("w:eastAsia"))
                if part is not document.styles.element:
                    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii"))
    assert checked >= 6


def _east_asian(style: object) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))  # type: ignore[attr-defined]


def test_title_and_heading_fonts(sample: Path) -> None:
    document = Document(str(sample))
    title = document.styles[STYLE_TITLE]
    assert _east_asian(title) == "方正小标宋简体"
    assert title.font.size == Pt(22)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"
    assert _east_asian(document.styles[STYLE_HEADING[0]]) == "黑体"
    assert _east_asian(document.styles[STYLE_HEADING[1]]) == "楷体_GB2312"
    assert document.styles[STYLE_HEADING[2]].element.rPr is None  # body font, inherited
    outline = document.styles[STYLE_HEADING[0]].element.pPr.find(qn("w:outlineLvl"))
    assert outline.get(qn("w:val")) == "0"
    texts = [p.text for p in document.paragraphs]
    assert "一、总体目标" in texts
    assert "（一）活动时间。2027年6月8日上午。" in texts
    assert "1.第三级" in texts
    assert "（1）第四级" in texts
    # A run-in heading's body goes back to the body font.
    run_in = next(p for p in document.paragraphs if p.text.startswith("（一）"))
    body_fonts = run_in.runs[1]._r.rPr.find(qn("w:rFonts"))
    assert body_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_title_breaks_after_the_event_name(sample: Path) -> None:
    title = Document(str(sample)).paragraphs[0]
    assert title.text == (
        "某某镇人民政府\n关于开展“走进镇政府 共话新发展”\n政府开放日活动的实施方案"
    )


def test_control_characters_are_stripped(sample: Path) -> None:
    texts = [p.text for p in Document(str(sample)).paragraphs]
    assert "正文第一段，含控制字符。" in texts


def _footer_text(footer: object) -> str:
    return "".join(t.text or "" for t in footer._element.iter(qn("w:t")))  # type: ignore[attr-defined]


def test_page_numbers_odd_right_even_left_with_page_field(sample: Path) -> None:
    document = Document(str(sample))
    assert document.settings.odd_and_even_pages_header_footer is True
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        instructions = [t.text for t in footer._element.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        kinds = [f.get(qn("w:fldCharType")) for f in footer._element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        text = _footer_text(footer)
        assert text.startswith("— ") and text.endswith(" —")
        style = paragraph.style
        assert _east_asian(style) == "宋体"
        assert style.font.size == Pt(14)
    assert section.footer.paragraphs[0].paragraph_format.right_indent == Pt(14)
    assert section.even_page_footer.paragraphs[0].paragraph_format.left_indent == Pt(14)


def test_signature_unit_and_date_at_the_right(sample: Path) -> None:
    document = Document(str(sample))
    unit, day = document.paragraphs[-2], document.paragraphs[-1]
    assert unit.text == "某某镇人民政府"
    assert day.text == "2027年6月8日"
    assert unit.style.name == STYLE_SIGNATURE
    assert unit.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # The date starts two characters right of the unit's first character; when the date is
    # longer it keeps two characters from the edge and the unit moves left.
    assert day.paragraph_format.right_indent == Pt(32)
    assert unit.paragraph_format.right_indent == Pt(48)
    assert document.paragraphs[-3].text == ""


def test_table_header_repeats_and_rows_do_not_split(sample: Path) -> None:
    table = Document(str(sample)).tables[0]
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert [c.text for c in table.rows[1].cells] == ["8:30-9:00", "签到"]
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert abs(sum(widths) - Mm(156).twips) <= 2
    # Table text is off the line grid and not indented.
    style = Document(str(sample)).styles[table.rows[1].cells[0].paragraphs[0].style.name]
    assert style.element.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    assert style.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"


def test_body_font_setting_and_kai_fallback(tmp_path: Path) -> None:
    doc = OfficialDocument("仿宋")
    doc.heading(2, 1, "标题")
    path = doc.save(tmp_path / "f.docx")
    document = Document(str(path))
    assert _east_asian(document.styles["Normal"]) == "仿宋"
    assert _east_asian(document.styles[STYLE_HEADING[1]]) == "楷体"
    assert kai_font("仿宋_GB2312") == "楷体_GB2312"


def test_invitation_style_documents_can_omit_page_numbers(tmp_path: Path) -> None:
    doc = OfficialDocument(page_numbers=False)
    doc.paragraph("x")
    document = Document(str(doc.save(tmp_path / "n.docx")))
    assert not list(document.sections[0].footer._element.iter(qn("w:instrText")))


def test_small_helpers() -> None:
    assert cn_date(date(2027, 6, 8)) == "2027年6月8日"
    assert cn_date(date(2024, 10, 1)) == "2024年10月1日"
    assert [cn_number(n) for n in (1, 10, 12, 20, 35)] == ["一", "十", "十二", "二十", "三十五"]
    assert [heading_label(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]
    from datetime import time

    assert time_range(time(8, 30), time(11, 30)) == "上午8:30—11:30"
    assert time_range(time(14, 0), time(16, 0)) == "下午14:00—16:00"
    assert time_range(time(11, 30), time(11, 30)) == "上午11:30起"
    assert fill("{a}和{b}{未知}{", {"a": 1, "b": "二"}) == "1和二{未知}{"
    assert balance_title("邀请函") == "邀请函"
    assert balance_title("关于“优化营商环境 服务百姓民生”政府开放日活动代表人选的公示") == (
        "关于“优化营商环境 服务百姓民生”\n政府开放日活动代表人选的公示"
    )
    # Exactly 20 places: no margin left, so broken before 的 rather than leaving 案 alone.
    assert balance_title("关于开展2027年上半年政府开放日的实施方案") == (
        "关于开展2027年上半年政府开放日\n的实施方案"
    )
    assert (
        balance_title("关于开展2027年政府开放日的实施方案") == "关于开展2027年政府开放日的实施方案"
    )
