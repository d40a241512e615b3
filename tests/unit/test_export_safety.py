"""Safe writing: control characters, formula injection, atomic replace, locked targets; masking."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.masking import mask_id, mask_name, mask_phone
from openday_desktop.exports.safety import (
    ExportError,
    atomic_write,
    clean_text,
    needs_text_guard,
    set_cell_text,
)


def test_clean_text_strips_control_characters_but_keeps_tab_and_newline() -> None:
    assert clean_text("a\x00b\x07c\x0bd\x0ce\x1ff\ufffeg\uffff") == "abcdefg"
    assert clean_text("行一\n行二\t制表") == "行一\n行二\t制表"
    assert clean_text("Windows\r\nline") == "Windows\nline"
    assert clean_text(None) == ""
    assert clean_text(12) == "12"


@pytest.mark.parametrize("text", ["=1+1", "+86", "-5", "@SUM(A1)", "\tx", "=cmd|' /C calc'!A0"])
def test_formula_like_text_is_written_as_text(tmp_path: Path, text: str) -> None:
    workbook = Workbook()
    cell = workbook.active["A1"]
    set_cell_text(cell, text)
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    workbook.save(tmp_path / "x.xlsx")
    loaded = load_workbook(tmp_path / "x.xlsx").active["A1"]
    assert loaded.data_type == "s"
    assert loaded.value == text
    assert loaded.quotePrefix is True


def test_plain_text_is_not_marked() -> None:
    workbook = Workbook()
    cell = workbook.active["A1"]
    set_cell_text(cell, "张三\x01")
    assert cell.value == "张三"
    assert not cell.quotePrefix
    assert not needs_text_guard("张三=李四")


def test_atomic_write_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_text("old")
    with atomic_write(target) as temp:
        assert temp.parent == tmp_path
        assert temp != target
        temp.write_text("new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError), atomic_write(target) as temp:
        temp.write_text("half a file")
        raise RuntimeError("crash while writing")
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as temp:
        temp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_target_open_in_excel_gives_a_chinese_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "签到表.xlsx"
    target.write_text("old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as info, atomic_write(target) as temp:
        temp.write_text("new")
    assert isinstance(info.value, OpenDayError)
    assert "签到表.xlsx" in info.value.message
    assert "Excel" in info.value.message and "WPS" in info.value.message
    assert "关闭" in info.value.message
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["签到表.xlsx"]


def test_locked_target_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "名册.xlsx"
    target.write_text("old")
    real_open = open

    def windows_like_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if Path(str(file)) == target and "+" in mode:
            raise PermissionError(13, "locked")
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", windows_like_open)
    ran = False
    with pytest.raises(ExportError, match="正在 Excel 或 WPS 中打开"):
        with atomic_write(target):
            ran = True
    assert not ran
    assert target.read_text() == "old"


def test_unwritable_folder_and_missing_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ExportError, match="不存在"), atomic_write(tmp_path / "no" / "x.docx"):
        pass
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(ExportError, match="没有权限"), atomic_write(tmp_path / "x.docx"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_written_file_gets_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "plain.txt"
    with atomic_write(target) as temp:
        temp.write_text("x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0475-1234567") == "0475-***4567"
    assert mask_phone("") == ""
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_id("110101199003071234") == "110101********1234"
    assert "1990" not in mask_id("110101199003071234")
