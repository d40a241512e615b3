"""Official-document styling (GB/T 9704-2012) in one place, used by every Word export.

``OfficialDocument`` wraps a python-docx document set up as the standard asks: A4, margins
37/35/28/26 mm, a 22-line x 28-character grid (exact 28.95 pt line pitch), title in
方正小标宋简体 22 pt, body in the configured 仿宋 family at 16 pt with a two-character first-line
indent, headings 一、(黑体) （一）(楷体) 1. （1）(body font), page numbers "— 1 —" in 宋体 14 pt
(odd pages right, even pages left) and the signature block with an Arabic-numeral date.

python-docx only writes Latin font names and ships a template whose East Asian text falls back
to a Japanese theme font; every style and run that names a font here also gets ``w:eastAsia``,
and the theme language is switched to Chinese.

28 characters of 16 pt do not fit the 156 mm line (28 x 16 pt = 158 mm). Word squeezes them with
a ``linesAndChars`` grid and a negative ``w:charSpace``, but LibreOffice then gives every
character two grid cells (14 characters a line). So the grid here is a ``lines`` grid of 579
twips (22 lines) and the body text is condensed by 0.25 pt (``w:spacing w:val="-5"``), which
gives 28 characters a line in Word, WPS and LibreOffice alike.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from openday_desktop.domain.settings import PLACEHOLDER

from .safety import atomic_write, clean_text
from .wording import cn_date

# --- the figures of the standard ---------------------------------------------------------------

if TYPE_CHECKING:
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.text.run import CT_R


PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 22 lines fill the 225 mm text block: 579 twips (rounded down, so the 22nd line still fits).
LINE_PITCH_TWIPS = int(TEXT_HEIGHT_MM / 25.4 * 1440 / LINES_PER_PAGE)
LINE_SPACING_PT = LINE_PITCH_TWIPS / 20  # 28.95, written as lineRule="exact"

TITLE_SIZE_PT = 22  # 二号
BODY_SIZE_PT = 16  # 三号
PAGE_NUMBER_SIZE_PT = 14  # 四号
TABLE_SIZE_PT = 14  # 四号: tables in the body
SMALL_TABLE_SIZE_PT = 12  # 小四: long lists in an appendix

TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
DEFAULT_BODY_FONT = "仿宋_GB2312"

STYLE_TITLE = "公文标题"
STYLE_HEADING = ("公文一级标题", "公文二级标题", "公文三级标题", "公文四级标题")
STYLE_SIGNATURE = "公文落款"
STYLE_SIGNATURE_DATE = "公文落款日期"
STYLE_SIGNATURE_GAP = "公文落款前空行"
STYLE_PAGE_NUMBER = "公文页码"
STYLE_PICTURE = "公文图片"
STYLE_CAPTION = "公文图题"
STYLE_TABLE_HEADER = "公文表头"
STYLE_TABLE_TEXT = "公文表格文字"
STYLE_PLAIN = "公文无缩进"

_CN_DIGITS = "零一二三四五六七八九"


def kai_font(body_font: str) -> str:
    """楷体_GB2312 beside a _GB2312 body font; plain 楷体 on PCs that have only the new fonts."""
    return "楷体_GB2312" if body_font.endswith("_GB2312") else "楷体"


def cn_number(value: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (heading numbers up to 99)."""
    if value < 10:
        return _CN_DIGITS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def heading_label(level: int, number: int) -> str:
    """The numbering of a heading: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{cn_number(number)}、"
    if level == 2:
        return f"（{cn_number(number)}）"
    if level == 3:
        return f"{number}."
    return f"（{number}）"


def condense_twentieths() -> int:
    """Character spacing (in 1/20 pt, to subtract) that fits 28 body characters on a line."""
    text_width_pt = TEXT_WIDTH_MM / 25.4 * 72
    pitch = text_width_pt / CHARS_PER_LINE
    return math.ceil((BODY_SIZE_PT - pitch) * 20)


def text_width_units(text: str) -> float:
    """Width of a line in characters: CJK, full-width and Chinese quotes 1, Latin and digits 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


TITLE_CHARS_PER_LINE = 20  # 156 mm of 22 pt characters
# A line that fills all 20 places overflows by a hair in renderers whose digits and Latin
# letters are a little wider than half a character, leaving one character alone on a second
# line (“…实施方\n案”): such a line is broken where the meaning allows, as a longer one is.
TITLE_FIT_MARGIN = 0.5
_TITLE_BREAK_AFTER = "”》）"


def balance_title(text: str, max_units: float = TITLE_CHARS_PER_LINE) -> str:
    """Break an over-long title line where the meaning allows, not wherever the line fills.

    A line too long for one row is split after a closing quote or bracket (the event name),
    else before 的; only when both halves then fit. Lines the user broke stay as they are.
    """
    lines: list[str] = []
    for line in text.split("\n"):
        if text_width_units(line) <= max_units - TITLE_FIT_MARGIN:
            lines.append(line)
            continue
        best: tuple[int, float, int] | None = None
        for index in range(1, len(line)):
            head, tail = line[:index], line[index:]
            if text_width_units(head) > max_units or text_width_units(tail) > max_units:
                continue
            if head[-1] in _TITLE_BREAK_AFTER:
                score = 2
            elif tail[0] == "的":
                score = 1
            else:
                continue
            balance = -abs(text_width_units(head) - text_width_units(tail))
            if best is None or (score, balance) > best[:2]:
                best = (score, balance, index)
        if best is None:
            lines.append(line)
        else:
            lines += [line[: best[2]], line[best[2] :]]
    return "\n".join(lines)


# --- low-level XML helpers ---------------------------------------------------------------------


def set_east_asian_font(rpr_parent: Any, name: str) -> None:
    """Name a font for Latin and East Asian text of a style's or run's rPr (w:eastAsia too)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _set_indent(ppr: Any, first_chars: int, size_pt: float) -> None:
    """First-line indent in hundredths of a character, in both the Chars and the twips form."""
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(first_chars))
    ind.set(qn("w:firstLine"), str(round(first_chars / 100 * size_pt * 20)))


def _no_snap_to_grid(ppr: Any) -> None:
    """Keep tables, pictures and footers off the 28.95 pt line grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.append(snap)


def _sort_ppr(ppr: Any) -> None:
    """Put pPr children in schema order (Word refuses files with them out of order)."""
    order = [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "widowControl",
        "snapToGrid",
        "spacing",
        "ind",
        "jc",
        "outlineLvl",
    ]
    rank = {qn(f"w:{name}"): i for i, name in enumerate(order)}
    children = list(ppr)
    children.sort(key=lambda el: rank.get(el.tag, len(order)))
    for child in children:
        ppr.remove(child)
        ppr.append(child)


def _sort_rpr(rpr: Any) -> None:
    """Put rPr children in schema order."""
    order = (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ).split()
    rank = {qn(f"w:{name}"): i for i, name in enumerate(order)}
    children = sorted(rpr, key=lambda el: rank.get(el.tag, len(order)))
    for child in children:
        rpr.remove(child)
        rpr.append(child)


def _cell_ppr(style_id: str, *, center: bool) -> Any:
    """The pPr of a table cell's paragraph: its style, centred or not."""
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), style_id)
    ppr.append(style)
    if center:
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), "center")
        ppr.append(jc)
    return ppr


_T = qn("w:t")
_R = qn("w:r")
_P = qn("w:p")
_PPR = qn("w:pPr")
_SECT_PR = qn("w:sectPr")
# Copied for each run of text (see OfficialDocument._text_run).
_EMPTY_RUN = cast("CT_R", parse_xml(f"<w:r {nsdecls('w')}><w:t/></w:r>"))
_KEEP_NEXT = qn("w:keepNext")
_KEEP_LINES = qn("w:keepLines")
_SPACE = qn("xml:space")


def _fill_cell(tc: Any, value: Any, ppr: Any) -> None:
    """Give a new cell's empty paragraph a copy of ``ppr`` and the cleaned text."""
    p = tc.p_lst[0]
    p.insert(0, deepcopy(ppr))
    text = clean_text(value)
    if not text:
        return
    if "\n" in text or "\t" in text:
        p.add_r().text = text  # python-docx turns these into w:br and w:tab
        return
    run = etree.SubElement(p, _R)
    node = etree.SubElement(run, _T)
    node.text = text
    if text[0] == " " or text[-1] == " ":
        node.set(_SPACE, "preserve")


def _page_field_runs(paragraph: Any) -> None:
    """Append "— PAGE —" as runs with a PAGE field (python-docx has no field API)."""
    paragraph.add_run("— ")
    begin = paragraph.add_run()._r
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "begin")
    begin.append(fld)
    instr_run = paragraph.add_run()._r
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run.append(instr)
    separate = paragraph.add_run()._r
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "separate")
    separate.append(fld)
    paragraph.add_run("1")
    end = paragraph.add_run()._r
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end.append(fld)
    paragraph.add_run(" —")


# --- the document ------------------------------------------------------------------------------


class OfficialDocument:
    """A Word document in official-document format; build it with the methods, then ``save``."""

    def __init__(
        self, body_font: str = DEFAULT_BODY_FONT, *, page_numbers: bool = True, author: str = ""
    ) -> None:
        """``page_numbers`` False for one-page letters (an invitation numbered "— 7 —" reads
        as part of a bundle). ``author`` (the unit) goes into the file's properties; without
        it the unit of the first signature does."""
        self.body_font = clean_text(body_font).strip() or DEFAULT_BODY_FONT
        self.author = clean_text(author).strip()
        self.doc_title = ""  # the first title, for the file's properties
        self.document = Document()
        self._table_styles: dict[tuple[float, bool], Any] = {}
        self._empty_paragraphs: dict[tuple[str | None, str], CT_P] = {}  # (style, variant)
        self._section_properties: Any = None  # the body's w:sectPr, found once
        self._fix_defaults()
        self._setup_page(self.document.sections[0])
        self._add_styles()
        if page_numbers:
            self._add_page_numbers(self.document.sections[0])

    # --- set-up ---------------------------------------------------------------------------

    def _fix_package(self) -> None:
        """Drop what the library's template carries that is not ours.

        The template is a 2013 Word-for-Mac file: its thumbnail is a Letter-size blank page
        (Explorer shows it as the file's preview) and its settings ask for Word 2010
        compatibility mode. Properties are set at saving (``_set_properties``).
        """
        doc = self.document
        package = doc.part.package
        for r_id, rel in list(package.rels.items()):
            if rel.reltype.endswith("/metadata/thumbnail"):
                package.rels.pop(r_id)
        settings = doc.settings.element
        compat = settings.find(qn("w:compat"))
        if compat is None:
            compat = OxmlElement("w:compat")
            settings.append(compat)
        mode = None
        for setting in compat.findall(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                mode = setting
        if mode is None:
            mode = OxmlElement("w:compatSetting")
            mode.set(qn("w:name"), "compatibilityMode")
            mode.set(qn("w:uri"), "http://schemas.microsoft.com/office/word")
            compat.append(mode)
        mode.set(qn("w:val"), "15")  # Word 2013 and later: no "兼容模式" in the title bar

    def _set_properties(self) -> None:
        """Author (the unit), title, created and modified now, Chinese: not the template's
        "python-docx" of 2013."""
        from datetime import datetime, timezone  # not datetime.UTC: that is 3.11+, we run on 3.10

        now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
        props = self.document.core_properties
        author = "" if PLACEHOLDER in self.author else self.author  # unit not filled in yet
        props.author = author
        props.last_modified_by = author
        props.title = self.doc_title
        props.subject = ""
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.language = "zh-CN"
        props.revision = 1
        props.created = now
        props.modified = now
        self._set_extended_properties(author)

    def _set_extended_properties(self, company: str) -> None:
        """docProps/app.xml: this program and the unit, not the template's "Microsoft Macintosh
        Word" (Word shows both in the file's properties; the counts Word fills in itself)."""
        from xml.sax.saxutils import escape

        from openday_desktop import APP_NAME

        for part in self.document.part.package.iter_parts():
            if str(part.partname) == "/docProps/app.xml" and hasattr(part, "_blob"):
                part._blob = (
                    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'extended-properties">'
                    f"<Application>{escape(APP_NAME)}</Application>"
                    f"<Company>{escape(company)}</Company>"
                    "</Properties>"
                ).encode()

    def _fix_defaults(self) -> None:
        self._fix_package()
        doc = self.document
        # The default template declares Japanese as the East Asian theme language.
        settings = doc.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is None:
            lang = OxmlElement("w:themeFontLang")
            settings.append(lang)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        doc.settings.odd_and_even_pages_header_footer = True

        styles = doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), self.body_font)
        rpr.find(qn("w:sz")).set(qn("w:val"), str(BODY_SIZE_PT * 2))
        rpr.find(qn("w:szCs")).set(qn("w:val"), str(BODY_SIZE_PT * 2))
        language = rpr.find(qn("w:lang"))
        language.set(qn("w:eastAsia"), "zh-CN")
        # The template's space-after 200 and 1.15 line spacing: reset to none and single.
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")

        # The template's own styles (Macro Text in Courier and the like) name Latin fonts
        # only; give them the body font for Chinese so no style falls back to the theme.
        for fonts in styles.iter(qn("w:rFonts")):
            if fonts.get(qn("w:ascii")) and not fonts.get(qn("w:eastAsia")):
                fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
                fonts.set(qn("w:eastAsia"), self.body_font)

        normal = doc.styles["Normal"]
        normal.font.size = Pt(BODY_SIZE_PT)
        set_east_asian_font(normal.element, self.body_font)
        condense = OxmlElement("w:spacing")
        condense.set(qn("w:val"), str(-condense_twentieths()))
        normal.element.get_or_add_rPr().append(condense)
        _sort_rpr(normal.element.get_or_add_rPr())
        fmt = normal.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(LINE_SPACING_PT)
        fmt.widow_control = False  # widow control moves lines and breaks the 22-line grid
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        ppr = normal.element.get_or_add_pPr()
        _set_indent(ppr, 200, BODY_SIZE_PT)
        _sort_ppr(ppr)

    def _setup_page(self, section: Any) -> None:
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(MARGIN_TOP_MM)
        section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
        section.left_margin = Mm(MARGIN_LEFT_MM)
        section.right_margin = Mm(MARGIN_RIGHT_MM)
        section.header_distance = Mm(15)
        # The page number sits about 7 mm below the text block.
        section.footer_distance = Mm(MARGIN_BOTTOM_MM - 7 - 5)
        section.gutter = Mm(0)
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.attrib.pop(qn("w:charSpace"), None)

    def _paragraph_style(
        self,
        name: str,
        *,
        font: str | None = None,
        size: float | None = None,
        align: WD_ALIGN_PARAGRAPH | None = None,
        indent_chars: int | None = None,
        line_spacing: float | None = LINE_SPACING_PT,
        outline_level: int | None = None,
        on_grid: bool = True,
        keep_with_next: bool = False,
    ) -> Any:
        styles = self.document.styles
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.quick_style = True
        if font:
            set_east_asian_font(style.element, font)
        if size:
            style.font.size = Pt(size)
        fmt = style.paragraph_format
        if align is not None:
            fmt.alignment = align
        if line_spacing is None:
            fmt.line_spacing = 1.0
        else:
            fmt.line_spacing = Pt(line_spacing)
        if keep_with_next:
            fmt.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        if indent_chars is not None:
            _set_indent(ppr, indent_chars, size or BODY_SIZE_PT)
        if not on_grid:
            _no_snap_to_grid(ppr)
        if outline_level is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline_level))
            ppr.append(level)
        _sort_ppr(ppr)
        return style

    def _add_styles(self) -> None:
        center = WD_ALIGN_PARAGRAPH.CENTER
        self._paragraph_style(
            STYLE_TITLE,
            font=TITLE_FONT,
            size=TITLE_SIZE_PT,
            align=center,
            indent_chars=0,
            line_spacing=35,  # a 22 pt title needs more than the body's 28.95 pt
            outline_level=None,
            keep_with_next=True,
        )
        fonts = (HEADING1_FONT, kai_font(self.body_font), None, None)
        for level, (name, font) in enumerate(zip(STYLE_HEADING, fonts, strict=True)):
            self._paragraph_style(name, font=font, outline_level=level, keep_with_next=True)
        # The signature block holds together by its styles (no per-letter formatting: 2,000
        # letters): the gap line and the unit keep with the next line, the date does not.
        signature = self._paragraph_style(
            STYLE_SIGNATURE, align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0, keep_with_next=True
        )
        signature.paragraph_format.keep_together = True
        signature_date = self._paragraph_style(
            STYLE_SIGNATURE_DATE, align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0
        )
        signature_date.paragraph_format.keep_together = True
        self._paragraph_style(STYLE_SIGNATURE_GAP, indent_chars=0, keep_with_next=True)
        self._paragraph_style(STYLE_PLAIN, indent_chars=0)
        self._paragraph_style(
            STYLE_PAGE_NUMBER,
            font=PAGE_NUMBER_FONT,
            size=PAGE_NUMBER_SIZE_PT,
            indent_chars=0,
            line_spacing=None,
            on_grid=False,
        )
        self._paragraph_style(
            STYLE_PICTURE, align=center, indent_chars=0, line_spacing=None, on_grid=False
        )
        self._paragraph_style(
            STYLE_CAPTION,
            size=TABLE_SIZE_PT,
            align=center,
            indent_chars=0,
            line_spacing=None,
            on_grid=False,
        )

    def _add_page_numbers(self, section: Any) -> None:
        style = self.document.styles[STYLE_PAGE_NUMBER]
        one_char = Pt(PAGE_NUMBER_SIZE_PT)
        odd = section.footer.paragraphs[0]
        odd.style = style
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = one_char
        _page_field_runs(odd)
        even = section.even_page_footer.paragraphs[0]
        even.style = style
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = one_char
        _page_field_runs(even)

    # --- content --------------------------------------------------------------------------

    def _add_paragraph(
        self,
        style: str | None,
        variant: str = "",
        configure: Callable[[Paragraph], object] | None = None,
    ) -> Any:
        """A new paragraph at the end of the body, with the named style (None: Normal).

        ``variant`` names a kind of paragraph of that style whose formatting ``configure``
        sets (a title that starts a new page, a signature line indented from the right).

        Three things python-docx does per paragraph that cost seconds for 2,000 letters are
        done once here: finding a style by name (a search over every style of the document),
        finding the end of the body (``add_paragraph`` looks for the section properties among
        all the paragraphs so far: twice the letters, four times the work) and placing each
        formatting element where the schema wants it (a search per element). Each kind of
        empty paragraph is made once and copied.
        """
        if self._section_properties is None:
            body = self.document.element.body
            self._section_properties = body.sectPr
            if self._section_properties is None:  # python-docx's template always has one
                self._section_properties = body.get_or_add_sectPr()
        key = (style, variant)
        template = self._empty_paragraphs.get(key)
        if template is None:
            template = cast("CT_P", OxmlElement("w:p"))
            if style is not None:
                style_id = self.document.styles[style].style_id
                template.get_or_add_pPr().style = style_id
            if configure is not None:
                configure(Paragraph(template, self.document._body))
            self._empty_paragraphs[key] = template
        element = deepcopy(template)
        self._section_properties.addprevious(element)
        return Paragraph(element, self.document._body)

    @staticmethod
    def _text_run(paragraph: Paragraph, text: str) -> Run:
        """A run holding ``text``, added at the end of ``paragraph``.

        python-docx's ``add_run(text)`` first empties the new run (an XPath query) and then
        adds the text a character at a time, to turn tabs and line breaks into their own
        elements. Text without them goes in as it is, in a copy of an empty run.
        """
        if "\t" in text or "\n" in text or "\r" in text:
            return paragraph.add_run(text)
        run = deepcopy(_EMPTY_RUN)
        run[0].text = text
        if len(text.strip()) < len(text):  # as python-docx does: keep the spaces at the ends
            run[0].set(qn("xml:space"), "preserve")
        cast(Any, paragraph._p).append(run)  # lxml's stubs type children as the parent's class
        return Run(run, paragraph)

    def title(self, text: str, *, new_page: bool = False) -> Any:
        """The document title, centred; a ``\\n`` in the text breaks the title line there.

        ``new_page``: the title starts a new page (the next letter in a file of letters).
        """

        def spaced(paragraph: Paragraph) -> None:
            # One empty body line between the title and what follows.
            paragraph.paragraph_format.space_after = Pt(LINE_SPACING_PT)
            if new_page:
                paragraph.paragraph_format.page_break_before = True

        paragraph = self._add_paragraph(STYLE_TITLE, "new page" if new_page else "", spaced)
        self._text_run(paragraph, balance_title(clean_text(text).strip()))
        if not self.doc_title:
            self.doc_title = "".join(clean_text(text).split())
        return paragraph

    def paragraph(self, text: str = "", *, indent: bool = True) -> Any:
        """A body paragraph (two-character first-line indent unless ``indent`` is False)."""
        paragraph = self._add_paragraph(None if indent else STYLE_PLAIN)
        if text:
            self._text_run(paragraph, clean_text(text))
        return paragraph

    def paragraphs(self, text: str) -> None:
        """Several body paragraphs, one per non-empty line of ``text``."""
        for line in clean_text(text).split("\n"):
            if line.strip():
                self.paragraph(line.strip())

    def heading(self, level: int, number: int, text: str, body: str = "") -> Any:
        """A numbered heading (一、 （一） 1. （1）); ``body`` continues in the same paragraph.

        Levels 1 and 2 stand in their own font (黑体, 楷体); a run-in body goes back to the
        body font, as official documents write "（一）活动时间。2027年6月8日上午。".
        """
        paragraph = self._add_paragraph(STYLE_HEADING[level - 1])
        self._text_run(paragraph, heading_label(level, number) + clean_text(text))
        if body:
            run = self._text_run(paragraph, clean_text(body))
            set_east_asian_font(run._r, self.body_font)
            # A heading with its text is a normal paragraph: it need not stick to the next.
            paragraph.paragraph_format.keep_with_next = False
        return paragraph

    def salutation(self, text: str) -> Any:
        """A flush-left line such as "尊敬的某某先生：" or a 主送 line."""
        return self.paragraph(text, indent=False)

    def signature(self, unit: str, day: date, *, blank_line: bool = True) -> None:
        """Issuing unit and date at the right, as the standard places them for unsealed papers.

        The unit stands two characters in from the right; the date starts two characters to
        the right of the unit's first character. When the date is the longer line, the date
        keeps two characters from the right edge and the unit moves left instead.
        """
        unit = clean_text(unit).strip()
        self.author = self.author or unit
        date_text = cn_date(day)
        unit_width = text_width_units(unit)
        date_width = text_width_units(date_text)
        unit_right = 2.0
        date_right = unit_width - date_width
        if date_right < 2:
            date_right = 2.0
            unit_right = date_width + 4 - unit_width
        self.keep_with_signature()
        if blank_line:
            self._add_paragraph(STYLE_SIGNATURE_GAP)
        char = BODY_SIZE_PT * 20
        for text, right, style in (
            (unit, unit_right, STYLE_SIGNATURE),
            (date_text, date_right, STYLE_SIGNATURE_DATE),
        ):
            indent = Twips(round(right * char))

            def indented(paragraph: Paragraph, indent: Twips = indent) -> None:
                paragraph.paragraph_format.right_indent = indent

            paragraph = self._add_paragraph(style, f"right {int(indent)}", indented)
            self._text_run(paragraph, text)

    def keep_with_signature(self) -> None:
        """Tie the last body paragraph (and the empty lines and 附件 note after it) to the
        signature that follows.

        A signature (unit and date) alone at the top of a page reads as a page of its own;
        the standard wants it on the page of the text it signs. Each tied paragraph moves
        whole (keep lines together) and keeps with the next, so a page break falls before
        the last paragraph of the text rather than between the text and the signature.
        """
        # Walked back from the last child: reversed() would index from the front each step,
        # quadratic in a file of 2,000 letters.
        try:
            element = self.document.element.body[-1]  # lxml finds the last child directly
        except IndexError:
            return
        while element is not None:
            if element.tag == _SECT_PR:
                element = element.getprevious()
                continue
            if element.tag != _P:
                break  # a table: it ends the text, nothing to tie to
            ppr = element.find(_PPR)
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                element.insert(0, ppr)
            added = False
            for tag in (_KEEP_NEXT, _KEEP_LINES):
                if ppr.find(tag) is None:
                    etree.SubElement(ppr, tag)
                    added = True
            if added:
                _sort_ppr(ppr)
            text = "".join(node.text or "" for node in element.iter(_T)).strip()
            if text and not text.startswith("附件"):
                break
            element = element.getprevious()

    def compact(self, size_pt: float, line_pt: float) -> None:
        """Body text at ``size_pt`` on ``line_pt`` lines, off the 22-line grid: for forms
        (the questionnaire) that must fit a page rather than follow the letter grid."""
        grid = self.document.sections[0]._sectPr.find(qn("w:docGrid"))
        if grid is not None:
            grid.set(qn("w:type"), "default")
        for style in self.document.styles:
            if style.type != WD_STYLE_TYPE.PARAGRAPH:
                continue
            fmt = style.paragraph_format
            if style.name == "Normal":
                style.font.size = Pt(size_pt)
                _set_indent(style.element.get_or_add_pPr(), 200, size_pt)
            if fmt.line_spacing == Pt(LINE_SPACING_PT) or style.name == "Normal":
                fmt.line_spacing = Pt(line_pt)

    def new_page(self) -> Any:
        """Start a new page with a paragraph that carries the break (avoids an empty line)."""
        paragraph = self._add_paragraph(STYLE_PLAIN)
        paragraph.paragraph_format.page_break_before = True
        return paragraph

    def picture(self, image: str | Path | IO[bytes], width_mm: float, caption: str = "") -> None:
        """A centred picture (off the line grid so it is not clipped) with an optional caption."""
        paragraph = self._add_paragraph(STYLE_PICTURE)
        # python-docx opens a path given as text, not as a Path.
        source = str(image) if isinstance(image, Path) else image
        paragraph.add_run().add_picture(source, width=Mm(width_mm))
        if caption:
            self._add_paragraph(STYLE_CAPTION).add_run(clean_text(caption))

    def _table_text_style(self, size: float, header: bool) -> Any:
        key = (size, header)
        style = self._table_styles.get(key)
        if style is None:
            name = f"{STYLE_TABLE_HEADER if header else STYLE_TABLE_TEXT}{size:g}磅"
            style = self._paragraph_style(
                name,
                font=HEADING1_FONT if header else None,
                size=size,
                align=WD_ALIGN_PARAGRAPH.CENTER if header else None,
                indent_chars=0,
                line_spacing=None,
                on_grid=False,
            )
            style.paragraph_format.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER if header else WD_ALIGN_PARAGRAPH.LEFT
            )
            self._table_styles[key] = style
        return style

    def table(
        self,
        headers: Sequence[str],
        widths_mm: Sequence[float],
        rows: Iterable[Sequence[Any]],
        *,
        size: float = TABLE_SIZE_PT,
        centered_columns: Iterable[int] = (),
    ) -> Any:
        """A full-width grid table whose header row repeats on every page.

        Rows go in through ``add_row()`` and the cells it returns, written at the XML level:
        ``Table.cell()`` rebuilds the whole grid on each call and takes minutes for long tables.
        """
        scale = TEXT_WIDTH_MM / sum(widths_mm)
        widths = [Mm(w * scale) for w in widths_mm]
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl = table._tbl
        tbl_pr = tbl.tblPr
        tbl_w = tbl_pr.find(qn("w:tblW"))
        if tbl_w is None:
            tbl_w = OxmlElement("w:tblW")
            tbl_pr.append(tbl_w)
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(sum(int(w.twips) for w in widths)))
        for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = width

        header_style = self._table_text_style(size, True).style_id
        text_style = self._table_text_style(size, False).style_id
        centered = set(centered_columns)

        header_row = table.rows[0]
        tr_pr = header_row._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", "w:tblHeader"):
            element = OxmlElement(tag)
            tr_pr.append(element)
        header_ppr = _cell_ppr(header_style, center=False)
        for tc, text, width in zip(header_row._tr.tc_lst, headers, widths, strict=True):
            tc.width = width
            v_align = OxmlElement("w:vAlign")
            v_align.set(qn("w:val"), "center")
            tc.get_or_add_tcPr().append(v_align)
            _fill_cell(tc, text, header_ppr)

        # Paragraph properties and the row's "do not split" mark are built once and copied
        # into each new row: lxml copies in C, python-docx's setters look up schema order
        # with XPath on every call.
        cell_pprs = [_cell_ppr(text_style, center=i in centered) for i in range(len(headers))]
        row_pr = OxmlElement("w:trPr")
        row_pr.append(OxmlElement("w:cantSplit"))  # half a row on each page reads badly
        for values in rows:
            tr = table.add_row()._tr
            tr.insert(0, deepcopy(row_pr))
            for tc, value, ppr in zip(tr.tc_lst, values, cell_pprs, strict=False):
                _fill_cell(tc, value, ppr)
        return table

    # --- output ---------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the file atomically; returns the path written."""
        target = Path(path)
        self._set_properties()
        with atomic_write(target) as temp:
            self.document.save(str(temp))
        return target
