"""The command line: demo, event add, list, check, and its error handling."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from openday_desktop.cli import main
from openday_desktop.storage.files import APPLICATION_ID
from tests.unit.helpers import run


def test_demo_fills_all_three_lists(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "demo")
    assert code == 0 and "示例数据" in out
    _, out, _ = run(capsys, "--db", str(db_path), "list", "events", "--json")
    events = json.loads(out)
    assert len(events) == 3
    assert {"id", "title", "theme", "date", "start", "end", "status", "sites"} <= events[0].keys()
    _, out, _ = run(capsys, "--db", str(db_path), "list", "reps", "--json")
    reps = json.loads(out)
    assert 70 <= len(reps) <= 90
    assert len({r["category"] for r in reps}) == 10
    assert list(reps[0]) == [
        "id",
        "name",
        "sex",
        "id_number",
        "phone",
        "unit",
        "village",
        "category",
        "source",
    ]
    _, out, _ = run(capsys, "--db", str(db_path), "list", "feedback", "--json")
    feedback = json.loads(out)
    assert len(feedback) == 20
    assert list(feedback[0]) == [
        "id",
        "event_id",
        "content",
        "category",
        "status",
        "responsible",
        "deadline",
    ]


def test_event_add_prints_the_new_id(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "--db",
        str(db_path),
        "event",
        "add",
        "--title",
        "春季开放日",
        "--date",
        "2026-06-12",
        "--start",
        "08:30",
        "--end",
        "11:30",
        "--theme",
        "走进镇政府",
        "--site",
        "便民服务中心",
        "--site",
        "文化站",
    )
    assert code == 0
    event_id = int(out.strip())
    _, out, _ = run(capsys, "--db", str(db_path), "list", "events", "--json")
    (event,) = json.loads(out)
    assert event == {
        "id": event_id,
        "title": "春季开放日",
        "theme": "走进镇政府",
        "date": "2026-06-12",
        "start": "08:30",
        "end": "11:30",
        "status": "筹备中",
        "sites": ["便民服务中心", "文化站"],
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["event", "add", "--title", "  ", "--date", "2026-06-12"], "活动名称不能为空"),
        (
            [
                "event",
                "add",
                "--title",
                "x",
                "--date",
                "2026-06-12",
                "--start",
                "11:00",
                "--end",
                "09:00",
            ],
            "结束时间",
        ),
        (["list", "reps", "--event", "99"], "没有编号为 99 的活动"),
    ],
)
def test_bad_input_exits_1_with_chinese_message(
    db_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, _, err = run(capsys, "--db", str(db_path), *args)
    assert code == 1
    assert expected in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db_path), "event", "add", "--title", "x", "--date", "12/06/2026"])
    assert caught.value.code == 2
    assert "看不懂日期“12/06/2026”" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["settings", "get"], "参数 操作：“get”不是可选的值，可选：list, set"),
        (["list", "foo"], "参数 内容：“foo”不是可选的值，可选：events, reps, feedback"),
        (["export", "plan"], "缺少必填的参数：-o/--output"),
        (["stats", "--event", "abc"], "参数 --event：“abc”不是整数"),
        (["list", "events", "--bogus"], "不认识的参数：--bogus"),
        (["stats", "--event", "1", "--year", "2026"], "不能与 --event 同时使用"),
        (["stats"], "请在 --event --year 中写一个"),
        (["category"], "缺少必填的参数：操作"),
    ],
)
def test_usage_errors_are_in_chinese(
    db_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db_path), *args])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert expected in err
    assert err.startswith("用法：")
    for english in ("usage:", "invalid", "required", "unrecognized", "argument", "choose"):
        assert english not in err, english


def test_newer_database_is_refused(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--db", str(db_path), "list", "events")
    assert code == 1 and "更新版本" in err


def test_check_reports_a_healthy_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, out, _ = run(capsys, "--db", str(db_path), "check")
    assert code == 0 and "数据库完好" in out


def test_environment_variable_selects_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENDAY_DB", str(tmp_path / "from-env.db"))
    assert main(["event", "add", "--title", "x", "--date", "2026-06-12"]) == 0
    assert (tmp_path / "from-env.db").exists()


def test_module_entry_point_and_help_in_chinese(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "openday_desktop.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "用法" in result.stdout and "demo" in result.stdout


def test_a_title_in_quotes_is_not_quoted_twice() -> None:
    from openday_desktop.domain.events import quoted_title

    assert quoted_title("“乡村振兴看变化”政府开放日活动") == "“乡村振兴看变化”政府开放日活动"
    assert quoted_title("2027年上半年政府开放日") == "“2027年上半年政府开放日”"


def test_event_status_message_keeps_a_quoted_title_readable(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "“走进镇政府”政府开放日活动"
    code, out, _ = run(
        capsys, "--db", str(db_path), "event", "add", "--title", title, "--date", "2026-01-10"
    )
    assert code == 0
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "event",
        "status",
        out.strip(),
        "方案已报备",
        "--date",
        "2026-01-05",
    )
    assert code == 0, err
    assert f"活动{title}（编号" in out and "““" not in out
