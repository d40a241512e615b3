"""Charts (with and without a Chinese font) and the ``openday-cli export`` command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from openday_desktop import cli
from openday_desktop.exports import charts
from openday_desktop.storage import Store, open_store
from openday_desktop.storage.demo import fill_demo


def test_bar_chart_png(tmp_path: Path) -> None:
    target = tmp_path / "c.png"
    data = charts.bar_chart_png(
        "实到代表构成", ["人大代表", "群众代表"], [3, 12], target, unit="人"
    )
    assert data.startswith(b"\x89PNG") and target.read_bytes() == data
    image = Image.open(io.BytesIO(data))
    assert image.width == charts.WIDTH
    # The bars are drawn: the bar colour covers a good part of the picture.
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
    bar = sum(count for count, colour in colours if colour == charts.BAR_COLOUR)
    assert bar > image.width * 40


def test_chart_without_a_chinese_font_still_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    charts.find_cjk_font.cache_clear()
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    buffer = io.BytesIO()
    data = charts.bar_chart_png("意见建议办理情况", ["已办结", "办理中"], [8, 0], buffer)
    assert buffer.getvalue() == data
    assert Image.open(io.BytesIO(data)).height > 200
    assert charts._Writer().text("已办结") == "yi ban jie"


def test_cjk_font_is_found_on_this_machine() -> None:
    charts.find_cjk_font.cache_clear()
    found = charts.find_cjk_font()
    if found is None:
        pytest.skip("no CJK font installed here")
    assert Path(found[0]).is_file()


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    store: Store = open_store(path)
    from datetime import date

    fill_demo(store, today=date(2026, 6, 1))
    store.close()
    return path


@pytest.mark.parametrize("kind", ["plan", "notice", "invitations", "summary"])
def test_cli_exports_word_documents(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    target = tmp_path / f"{kind}.docx"
    code = cli.main(
        [
            "--db",
            str(demo_db),
            "export",
            kind,
            "--event",
            "2" if kind == "invitations" else "1",
            "-o",
            str(target),
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert Document(str(target)).paragraphs


def test_cli_exports_excel_workbooks(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = tmp_path / "pool.xlsx"
    assert cli.main(["--db", str(demo_db), "export", "roster", "-o", str(pool)]) == 0
    store = open_store(demo_db)
    people = store.people.count()
    store.close()
    assert load_workbook(pool)["代表名册"].max_row == people + 3  # title, info, header
    signin = tmp_path / "s.xlsx"
    args = ["--db", str(demo_db), "export", "signin", "--event", "1", "--site", "2"]
    assert cli.main([*args, "-o", str(signin)]) == 0
    assert "镇社会治理综合指挥中心" in load_workbook(signin).active["A1"].value
    ledger = tmp_path / "l.xlsx"
    assert cli.main(["--db", str(demo_db), "export", "feedback", "-o", str(ledger)]) == 0
    assert load_workbook(ledger)["意见建议台账"].max_row == 23
    out = capsys.readouterr().out.split()
    assert out == [str(pool), str(signin), str(ledger)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "plan", "-o", "x.docx"], "--event"),
        (["export", "plan", "--event", "1", "-o", "x.xlsx"], ".docx"),
        (["export", "roster", "-o", "x.docx"], ".xlsx"),
        (["export", "plan", "--event", "99", "-o", "x.docx"], "99"),
        (["export", "signin", "--event", "1", "-o", "x.doc"], ".pdf"),
        (["export", "signin", "--event", "1", "--site", "0", "-o", "x.xlsx"], "从 1 开始"),
        (["export", "invitations", "--event", "3", "-o", "x.docx"], "审核通过"),
    ],
)
def test_cli_export_errors_are_chinese(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--db", str(demo_db), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and message in err
    assert not any(p.suffix in (".docx", ".xlsx", ".pdf") for p in tmp_path.iterdir())


def test_cli_pdf_hook_receives_the_sheet(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, str] = {}

    def fake_render(html: str, path: str) -> None:
        seen["html"], seen["path"] = html, path
        Path(path).write_bytes(b"%PDF-1.4")

    monkeypatch.setattr(cli, "_render_signin_pdf", fake_render)
    target = tmp_path / "s.pdf"
    assert (
        cli.main(["--db", str(demo_db), "export", "signin", "--event", "1", "-o", str(target)]) == 0
    )
    assert "<thead>" in seen["html"] and seen["path"] == str(target)
