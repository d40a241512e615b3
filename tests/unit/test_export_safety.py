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
    is_temp_name,
    needs_text_guard,
    set_cell_text,
    sweep_stale_temps,
)


def _small_workbook(folder: Path) -> bytes:
    """The bytes of a real (tiny) .xlsx, made outside the folder under test."""
    workbook = Workbook()
    workbook.active["A1"] = "x"
    scratch = folder.parent / f"{folder.name}-scratch.xlsx"
    workbook.save(scratch)
    data = scratch.read_bytes()
    scratch.unlink()
    return data


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
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_write(target) as temp:
        assert temp.parent == tmp_path
        assert temp != target
        temp.write_text("new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


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
    new = _small_workbook(tmp_path)

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as info, atomic_write(target) as temp:
        temp.write_bytes(new)
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


def test_temporary_is_owner_only_while_written(tmp_path: Path) -> None:
    target = tmp_path / "名册.txt"
    with atomic_write(target) as temp:
        assert is_temp_name(temp.name)
        assert temp.suffix == ".txt"
        if os.name == "posix":
            assert temp.stat().st_mode & 0o777 == 0o600
        temp.write_text("x")
    assert [p.name for p in tmp_path.iterdir()] == ["名册.txt"]


def test_disk_full_mid_write_leaves_no_temp_and_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that fails half-way (ENOSPC) gives a Chinese message, no temp, the old file."""
    import errno

    target = tmp_path / "签到表.xlsx"
    old = _small_workbook(tmp_path)
    target.write_bytes(old)
    workbook = Workbook()
    real_save = Workbook.save

    def save_then_fill_the_disk(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", save_then_fill_the_disk)
    with pytest.raises(ExportError, match="磁盘空间不足") as info, atomic_write(target) as temp:
        workbook.save(str(temp))
    monkeypatch.setattr(Workbook, "save", real_save)
    assert "签到表.xlsx" in info.value.message and "原文件没有被改动" in info.value.message
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["签到表.xlsx"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("方案.docx", b""),
        ("方案.docx", b"PK\x03\x04 cut short"),
        ("名册.xlsx", b"not a zip at all"),
        ("签到表.pdf", b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n"),  # cut before the xref
        ("签到表.pdf", b"%PDF-1.4\nxref\n0 1\nstartxref\n9\n"),  # no %%EOF
        ("报告.json", b'{"imported": 3, "errors": ['),
    ],
)
def test_incomplete_files_are_refused(tmp_path: Path, name: str, content: bytes) -> None:
    target = tmp_path / name
    target.write_bytes(b"old")
    with pytest.raises(ExportError, match="没有完整写入|没有保存"), atomic_write(target) as temp:
        temp.write_bytes(content)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_zip_without_the_document_part_is_refused(tmp_path: Path) -> None:
    """An .xlsx renamed to .docx opens as a zip but is not a Word document."""
    with pytest.raises(ExportError, match="缺少文档内容"):
        with atomic_write(tmp_path / "方案.docx") as temp:
            temp.write_bytes(_small_workbook(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_complete_pdf_is_accepted(tmp_path: Path) -> None:
    body = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\nxref\n0 1\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n"
    with atomic_write(tmp_path / "签到表.pdf") as temp:
        temp.write_bytes(body)
    assert (tmp_path / "签到表.pdf").read_bytes() == body


def test_stale_temporaries_are_swept_before_the_next_export(tmp_path: Path) -> None:
    """A killed run's temporary (full ID numbers inside) goes at the next export there."""
    stale = tmp_path / ".名册.openday-tmp-abc123.xlsx"
    stale.write_text("110101199003071234")
    os.utime(stale, (1_000_000, 1_000_000))
    fresh = tmp_path / ".名册.openday-tmp-def456.xlsx"  # another export writing right now
    fresh.write_text("x")
    someone_elses = tmp_path / ".名册.XXXX.xlsx"
    someone_elses.write_text("y")
    os.utime(someone_elses, (1_000_000, 1_000_000))
    with atomic_write(tmp_path / "out.txt") as temp:
        temp.write_text("new")
    assert not stale.exists()
    assert fresh.exists() and someone_elses.exists()
    assert sweep_stale_temps(tmp_path, older_than=0) == 1
    assert not fresh.exists()
