"""``openday-cli publication`` and ``openday-cli attachment``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from openday_desktop.domain.models import Event
from openday_desktop.storage import open_store
from tests.unit.helpers import run as _run


@pytest.fixture
def event_db(db_path: Path) -> Path:
    store = open_store(db_path)
    store.events.add(Event("开放日", date(2026, 6, 12), status="已举办"))
    store.close()
    return db_path


def test_publication_add_and_list(event_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", str(event_db))
    code, out, _ = _run(
        capsys,
        *db,
        "publication",
        "add",
        "--event",
        "1",
        "--what",
        "代表名单",
        "--channel",
        "公开栏",
        "--link",
        "镇政府公开栏",
        "--date",
        "2026/6/2",
    )
    assert (code, out.strip()) == (0, "1")
    code, out, _ = _run(capsys, *db, "publication", "list", "--event", "1", "--json")
    data = json.loads(out)
    assert data["publications"][0]["what"] == "代表名单"
    assert data["publications"][0]["date"] == "2026-06-02"
    assert data["publications"][0]["on_time"] is True
    assert [m["what"] for m in data["missing"]] == ["实施方案", "活动情况"]
    code, out, _ = _run(capsys, *db, "publication", "list", "--event", "1")
    assert "代表名单\t公开栏（镇政府公开栏）\t按时" in out and "未登记：公开实施方案" in out
    code, _, err = _run(
        capsys, *db, "publication", "add", "--event", "1", "--what", "活动情况", "--channel", "其他"
    )
    assert code == 1 and "请写明在哪里公开" in err and "Traceback" not in err
    code, _, err = _run(capsys, *db, "publication", "list", "--event", "9")
    assert code == 1 and "没有编号为 9 的活动" in err


def test_attachment_add_list_remove(
    event_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", str(event_db))
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"jpeg")
    code, out, _ = _run(
        capsys, *db, "attachment", "add", "--event", "1", str(photo), "--caption", "座谈现场"
    )
    assert (code, out.strip()) == (0, "1")
    code, out, _ = _run(capsys, *db, "attachment", "list", "--event", "1", "--json")
    (item,) = json.loads(out)
    assert (item["kind"], item["caption"], item["date"]) == ("照片", "座谈现场", "2026-06-12")
    copy = Path(item["path"])
    assert copy.read_bytes() == b"jpeg" and copy.parent == event_db.parent / "attachments" / "1"
    code, out, _ = _run(capsys, *db, "attachment", "remove", "1")
    assert code == 0 and not copy.exists() and photo.exists()
    code, _, err = _run(capsys, *db, "attachment", "add", "--event", "1", str(tmp_path / "无"))
    assert code == 1 and "找不到文件" in err
