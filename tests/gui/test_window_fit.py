"""Every window and dialog on a 1280x720 (150% of 1920x1080) and a 1024x768 screen.

Each size runs ``window_fit_probe`` in its own process: the offscreen platform takes the
screen size from a configuration file when Qt starts. The screen given is the available area:
the logical size minus a 40 px taskbar (the title bar is the window's own frame).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TASKBAR = 40
ALL_WINDOWS = {
    "主窗口", "新建活动", "修改活动", "推进状态", "节假日", "代表", "批量修改", "代表类别",
    "意见建议", "交办", "答复", "办结", "回访", "问卷录入", "问卷题目", "设置", "单位信息",
    "使用说明", "从代表库选择", "名单与遴选", "签到模式", "现场登记", "导入预览", "导入结果",
    "按配额推荐", "公文文字", "分组与路线", "活动记录", "活动记录·影像资料", "活动记录·领导和工作人员",
    "活动记录·座谈记录", "备份与恢复", "操作记录", "个人信息保存期限", "取消归档", "年份",
}  # fmt: skip


def probe(tmp_path: Path, width: int, height: int) -> list[dict[str, Any]]:
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height - TASKBAR}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    home = tmp_path / "home"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.window_fit_probe", str(width), str(tmp_path / "t.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return list(json.loads(done.stdout))


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1024, 768)])
def test_every_window_and_its_buttons_are_on_screen(
    tmp_path: Path, width: int, height: int
) -> None:
    reports = probe(tmp_path, width, height)
    assert {report["name"] for report in reports} == ALL_WINDOWS
    for report in reports:
        x, y, w, h = report["geometry"]
        assert report["inside"], f"{report['name']} ({w}x{h} at {x},{y}) leaves the screen"
        outside = [button["text"] for button in report["buttons"] if not button["inside"]]
        assert not outside, f"{report['name']}: {outside} off screen"
        assert report["buttons"] or report["name"] in {"主窗口", "使用说明"}, report["name"]
    walk_in = next(report for report in reports if report["name"] == "现场登记")
    assert "登记并签到" in [button["text"] for button in walk_in["buttons"]]
