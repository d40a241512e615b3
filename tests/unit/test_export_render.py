"""Render the exports with LibreOffice as a user would see them, and check the pages.

Skipped when LibreOffice (or poppler's pdftotext) is not installed. All documents go through
one LibreOffice run to keep this quick; deselect with ``-m "not libreoffice"``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from openday_desktop.domain.models import Site
from openday_desktop.services.documents import (
    write_blank_questionnaire,
    write_invitations,
    write_notice,
    write_plan,
    write_signin_sheet,
    write_summary,
)
from openday_desktop.storage import open_store
from openday_desktop.storage.demo import fill_demo

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(OFFICE is None or PDFTOTEXT is None, reason="LibreOffice not installed"),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("render")
    store = open_store(folder / "demo.db")
    fill_demo(store, today=date(2026, 6, 1))
    store.settings.set_many({"contact_person": "周敏", "contact_phone": "0571-12345678"})
    # The case that once made 62 letters 123 pages: four open sites and a contact line.
    event = store.events.get(1)
    fourth = Site("镇综合文化站和新时代文明实践所", "文化路18号", "11:30-11:50", "宣传办 李娜")
    store.events.update(replace(event, sites=[*event.sites, fourth]))
    files = [
        write_invitations(
            store, 1, folder / "invitations.docx", on=date(2026, 3, 10), as_of_step=True
        ),
        write_blank_questionnaire(store, folder / "questionnaire.docx"),
        write_plan(store, 2, folder / "plan.docx", on=date(2026, 5, 20)),
        write_notice(store, 2, folder / "notice.docx", start=date(2026, 6, 1)),
        write_summary(store, 1, folder / "summary.docx", on=date(2026, 6, 1)),
        write_signin_sheet(store, 1, folder / "signin.xlsx"),
    ]
    store.close()
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            str(OFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=110,
    )
    return {f.stem: f.with_suffix(".pdf") for f in files}


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def _units(line: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in line)


def test_body_lines_hold_28_characters(rendered: dict[str, Path]) -> None:
    lines = [
        line.strip().replace(" ", "")
        for page in pages(rendered["plan"])
        for line in page.splitlines()
    ]
    # Lines of pure Chinese text in the body (titles, tables and numbers excluded).
    chinese = [
        line
        for line in lines
        if line and all(unicodedata.east_asian_width(c) in "WFA" for c in line)
    ]
    # A closing punctuation mark may hang past the margin, as Chinese typesetting allows.
    widths = [_units(line.rstrip("。，、；：？！”）》")) for line in chinese]
    assert max(widths) == 28
    assert sum(1 for width in widths if width == 28) >= 5


def test_plan_pages_are_numbered_and_readable(rendered: dict[str, Path]) -> None:
    plan = pages(rendered["plan"])
    assert len(plan) >= 2
    assert "一、总体目标" in plan[0]
    for number, page in enumerate(plan, start=1):
        assert re.search(rf"—\s*{number}\s*—", page)
    assert "2026 年 5 月 20 日" in plan[-1] or "2026年5月20日" in plan[-1]


def test_notice_renders_without_phones(rendered: dict[str, Path]) -> None:
    text = "\n".join(pages(rendered["notice"]))
    assert "代表人选的公示" in text.replace(" ", "")
    assert not re.search(r"1[3-9]\d{9}", text.replace(" ", ""))


def test_summary_has_charts_and_appendix(rendered: dict[str, Path]) -> None:
    summary = pages(rendered["summary"])
    text = "\n".join(summary).replace(" ", "")
    assert "图1" in text and "图2" in text
    assert "意见建议办理情况一览表" in text
    assert len(summary) >= 4


def test_signin_sheet_repeats_its_header_on_every_page(rendered: dict[str, Path]) -> None:
    signin = pages(rendered["signin"])
    assert len(signin) >= 2
    for number, page in enumerate(signin, start=1):
        compact = page.replace(" ", "")
        assert "签到表" in compact and "序号" in compact and "签名" in compact
        assert f"第{number}页共{len(signin)}页" in compact
    assert "****" in signin[0]


SIGNATURE_LINES = ("青石镇人民政府", "附件", "—")


def _signed_pages(document: list[str], signed: str) -> list[str]:
    return [page for page in document if signed in page.replace(" ", "")]


def test_each_invitation_is_one_page_with_its_signature(rendered: dict[str, Path]) -> None:
    letters = pages(rendered["invitations"])
    assert len(letters) == 62
    for page in letters:
        compact = page.replace(" ", "")
        assert compact.count("邀请函") == 1 and "期待您的光临" in compact
        assert "青石镇人民政府\n" in compact or compact.rstrip().endswith("2026年3月10日")
        assert "2026年3月10日" in compact


def test_no_signature_stands_alone_on_a_page(rendered: dict[str, Path]) -> None:
    """The page with the signing date also carries text of the body above it."""
    for name, signed in (
        ("summary", "2026年6月1日"),
        ("plan", "2026年5月20日"),
        ("notice", "2026年6月1日"),
    ):
        [page] = _signed_pages(pages(rendered[name])[-3:], signed)[-1:]
        body = [
            line.strip()
            for line in page.replace(" ", "").splitlines()
            if line.strip()
            and signed not in line.replace(" ", "")
            and not line.strip().startswith(SIGNATURE_LINES)
        ]
        assert body, f"{name}: the signature is alone on its page"


def test_blank_questionnaire_fits_one_page(rendered: dict[str, Path]) -> None:
    [page] = pages(rendered["questionnaire"])
    compact = page.replace(" ", "")
    assert "7." in compact and "再次感谢您的参与和支持" in compact
