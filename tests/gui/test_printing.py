"""ui/printing: the one renderer behind print preview, printer and PDF (window and CLI)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from openday_desktop.domain.masking import mask_phone
from openday_desktop.domain.models import INV_CONFIRMED, Event, Invitation, Person, Site
from openday_desktop.exports.safety import ExportError
from openday_desktop.services.documents import roster_table, signin_sheet_html
from openday_desktop.storage import Store
from openday_desktop.ui.documents import printing

ROOT = Path(__file__).resolve().parents[2]
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture
def eighty(demo_store: Store) -> tuple[Store, int]:
    """An event with every one of the demo's 80 people on its list (confirmed)."""
    event_id = demo_store.events.add(
        Event(
            "“百人走进镇政府”政府开放日活动",
            date(2026, 9, 15),
            sites=[Site("镇便民服务中心", "镇政府一楼", "09:00-09:40")],
        )
    )
    for person in demo_store.people.list():
        demo_store.invitations.invite(Invitation(event_id, person.id or 0, status=INV_CONFIRMED))
    return demo_store, event_id


def pdf_page_count(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def page_text(path: Path, page: int | None = None) -> str:
    """The text of one page (or all), NFKC-normalised: CJK fonts map some glyphs to radicals."""
    args = [PDFTOTEXT or "pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    output = subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    return unicodedata.normalize("NFKC", output)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_footer_and_font_choice() -> None:
    assert printing.page_footer(2, 5) == "第 2 页 共 5 页"
    assert printing.choose_print_font(["Noto Sans CJK SC", "SimSun"]) == "SimSun"
    assert printing.choose_print_font(["Foo SC", "Bar Mono SC"]) == "Foo SC"
    assert printing.choose_print_font(["Noto Sans Mono CJK SC"]) == "Noto Sans Mono CJK SC"
    assert printing.choose_print_font([]) is None


def test_fit_width_scale(demo_store: Store) -> None:
    assert printing.fit_width_scale((6, 10, 30, 10, 14)) == 1.0
    pool = roster_table(demo_store).width_weights
    event = roster_table(demo_store, 1).width_weights
    pool_scale = printing.fit_width_scale(pool, landscape=True)
    event_scale = printing.fit_width_scale(event, landscape=True)
    assert printing.MIN_SCALE <= event_scale < pool_scale < 1.0
    assert printing.fit_width_scale((40,) * 30) == printing.MIN_SCALE


def test_signin_pdf_repeats_the_header_and_masks_phones(
    qapp: Any, eighty: tuple[Store, int], tmp_path: Path
) -> None:
    store, event_id = eighty
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "签到表.pdf"
    assert printing.write_pdf(signin_sheet_html(store, event_id), target) == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    pages = pdf_page_count(target)
    assert pages > 1
    # No temporary file is left beside it.
    assert [p.name for p in folder.iterdir()] == [target.name]
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: text checks skipped")
    second = squeeze(page_text(target, 2))
    for header in ("序号", "姓名", "单位及职务", "代表类别", "联系电话", "签名"):
        assert header in second
    # The title and the date line on every page, not only the column header.
    assert "百人走进镇政府”政府开放日活动签到表" in second
    assert "日期" in second and "2026年9月15日" in second
    # "页" may come back as the radical ⻚ (same glyph in Noto CJK; NFKC does not map it).
    assert re.search(f"第2.共{pages}.", second)
    everything = page_text(target)
    for person in store.people.list():
        assert person.phone and person.phone not in everything
        assert mask_phone(person.phone) in everything
    assert "百人走进镇政府" in squeeze(everything)


def test_renderer_paints_the_pages_asked_for(
    qapp: Any, eighty: tuple[Store, int], tmp_path: Path
) -> None:
    store, event_id = eighty
    html = signin_sheet_html(store, event_id)
    whole = tmp_path / "whole.pdf"
    printer = printing.make_printer(pdf_path=whole)
    total = printing.render_html_to_printer(html, printer)
    del printer
    assert total == pdf_page_count(whole) > 1

    second = tmp_path / "second.pdf"
    printer = printing.make_printer(pdf_path=second)
    printer.setFromTo(2, 2)  # what the print dialog sets for "pages 2 to 2"
    assert printing.render_html_to_printer(html, printer, footer=False) == total
    del printer
    assert pdf_page_count(second) == 1


def test_landscape_and_scale_fit_more_on_a_page(qapp: Any, demo_store: Store) -> None:
    html = signin_sheet_html(demo_store, 1)
    portrait = printing.make_printer()
    landscape = printing.make_printer(landscape=True)
    assert landscape.width() > portrait.width()
    normal = printing.build_document(html, portrait).pageCount()
    shrunk = printing.build_document(html, portrait, scale=0.7).pageCount()
    assert shrunk < normal


def test_write_pdf_failure_leaves_nothing(
    qapp: Any, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "s.pdf"
    target.write_bytes(b"old")

    def locked(*_args: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="无法写入"):
        printing.write_pdf(signin_sheet_html(demo_store, 1), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["s.pdf"]


def test_a_truncated_pdf_is_refused_and_the_old_one_kept(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk cuts the PDF short: no xref, no %%EOF. It must not replace the good one."""
    target = tmp_path / "签到表.pdf"
    target.write_bytes(b"old")

    class CutShort:
        def __init__(self, path: Path) -> None:
            self.path = path

    monkeypatch.setattr(
        printing, "make_printer", lambda landscape=False, pdf_path=None: CutShort(pdf_path)
    )
    monkeypatch.setattr(
        printing,
        "render_html_to_printer",
        lambda html, printer, scale=1.0: printer.path.write_bytes(b"%PDF-1.4\n" + b"x" * 5000),
    )
    with pytest.raises(ExportError, match="没有完整写入"):
        printing.write_pdf("<p>签到表</p>", target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["签到表.pdf"]


def test_ensure_gui_application_reuses_the_running_one(qapp: Any) -> None:
    assert printing.ensure_gui_application() is qapp


def test_cli_writes_the_signin_pdf_in_a_subprocess(
    demo_store: Store, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cli.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openday_desktop.cli",
            "--db",
            str(db_path),
            "export",
            "signin",
            "--event",
            "1",
            "--site",
            "2",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert target.read_bytes().startswith(b"%PDF")
    if PDFTOTEXT is not None:
        site = demo_store.events.get(1).sites[1].name
        assert site in squeeze(page_text(target, 1))


def test_preview_reports_a_printer_that_refuses(
    qapp: Any, monkeypatch: pytest.MonkeyPatch, messages_shown: Any
) -> None:
    dialog = printing.print_preview_dialog(None, "<p>签到表</p>", "打印预览")

    def refuse(*_args: Any, **_kwargs: Any) -> int:
        raise ExportError("无法开始打印：打印机没有响应。")

    monkeypatch.setattr(printing, "render_html_to_printer", refuse)
    dialog.paintRequested.emit(dialog.printer_)
    assert messages_shown.texts("error") == ["无法开始打印：打印机没有响应。"]
    dialog.deleteLater()


def test_signin_pdf_rows_grow_for_long_names(qapp: Any, eighty: tuple[Store, int]) -> None:
    store, event_id = eighty
    name = "买买提·艾力·阿不都热合曼"
    person_id = store.people.add(Person(name=name, unit="青石村", category="群众代表"))
    store.invitations.invite(Invitation(event_id, person_id, status=INV_CONFIRMED))
    document = printing.build_document(signin_sheet_html(store, event_id), printing.make_printer())
    layout = document.documentLayout()
    heights = {}
    block = document.begin()
    while block.isValid():
        heights[block.text()] = (
            block.layout().lineCount(),
            layout.blockBoundingRect(block).height(),
        )
        block = block.next()
    short = store.invitations.for_event(event_id)[0][1].name
    lines, height = heights[name]
    # The whole name is laid out on two or more lines: its row grows instead of cutting it.
    assert lines >= 2 and heights[short][0] == 1
    assert height > heights[short][1]
