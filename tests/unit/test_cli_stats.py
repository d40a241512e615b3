"""``openday-cli stats`` and ``openday-cli feedback add``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from openday_desktop import cli
from openday_desktop.domain.models import Event
from openday_desktop.domain.statistics import JSON_KEYS
from openday_desktop.storage import open_store
from openday_desktop.storage.demo import fill_demo
from openday_desktop.storage.statistics import event_stats, year_stats
from tests.unit.helpers import run as _run


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    store = open_store(db_path)
    fill_demo(store, today=date(2026, 6, 1))
    store.close()
    return db_path


def test_stats_event_json_matches_the_domain(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--db", str(demo_db), "stats", "--event", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert tuple(data) == JSON_KEYS
    store = open_store(demo_db)
    try:
        expected = event_stats(store, 1).to_json()
    finally:
        store.close()
    assert data == expected
    assert data["registered"] == 62
    assert data["feedback_total"] == 20
    assert 0 <= data["attendance_rate"] <= 1
    # The demo hands in one questionnaire per person present, mostly satisfied.
    assert data["questionnaires_valid"] == data["present"]
    assert 0.5 < data["satisfaction_rate"] < 1


def test_stats_year_json(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(demo_db)
    try:
        year = store.events.get(1).date.year
        expected = year_stats(store, year).to_json()
    finally:
        store.close()
    code, out, _ = _run(capsys, "--db", str(demo_db), "stats", "--year", str(year), "--json")
    assert code == 0
    data = json.loads(out)
    assert {k: v for k, v in data.items() if k not in ("compliance", "rules")} == expected
    assert set(data["compliance"]) >= {"required", "held", "ok", "message", "missing"}
    code, out, _ = _run(capsys, "--db", str(demo_db), "stats", "--year", "1999", "--json")
    data = json.loads(out)
    assert data["registered"] == 0
    assert data["attendance_rate"] is None
    assert data["completion_rate"] is None
    assert data["by_category"] == {}


def test_stats_readable_summary(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--db", str(demo_db), "stats", "--event", "1")
    assert code == 0
    assert "统计：" in out
    assert "报名 62 人" in out
    assert "意见建议 20 条" in out
    _, as_json, _ = _run(capsys, "--db", str(demo_db), "stats", "--event", "1", "--json")
    # The demo hands in one questionnaire per person present.
    assert f"有效问卷 {json.loads(as_json)['present']} 份" in out
    # The upcoming event has no questionnaires yet: the rate is a dash, not 0%.
    code, out, _ = _run(capsys, "--db", str(demo_db), "stats", "--event", "2")
    assert code == 0
    assert "满意率 —" in out


def test_stats_errors(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--db", str(demo_db), "stats", "--event", "99")
    assert code == 1
    assert "没有编号为 99 的活动" in err
    with pytest.raises(SystemExit) as info:
        cli.main(["--db", str(demo_db), "stats"])
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        cli.main(["--db", str(demo_db), "stats", "--event", "1", "--year", "2026"])


def test_feedback_add_prints_the_new_id(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db_path)
    event_id = store.events.add(Event("开放日", date(2025, 9, 26)))
    store.close()
    code, out, _ = _run(
        capsys, "--db", str(db_path), "feedback", "add", "--event", str(event_id),
        "--content", "建议增加公交班次", "--category", "基础设施",
    )  # fmt: skip
    assert code == 0
    new_id = int(out.strip())
    code, out, _ = _run(
        capsys, "--db", str(db_path), "feedback", "add", "--event", str(event_id),
        "--content", "其他意见",
    )  # fmt: skip
    assert int(out.strip()) == new_id + 1
    store = open_store(db_path)
    try:
        item = store.feedback.get(new_id)
        assert (item.content, item.category, item.status) == (
            "建议增加公交班次",
            "基础设施",
            "待交办",
        )
        assert item.deadline is not None and item.deadline > date(2025, 9, 26)
        assert store.feedback.get(new_id + 1).category == "其他"
    finally:
        store.close()


def test_feedback_add_rejects_bad_input(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db_path)
    event_id = store.events.add(Event("开放日", date(2026, 6, 12)))
    store.close()
    code, out, err = _run(
        capsys, "--db", str(db_path), "feedback", "add", "--event", str(event_id),
        "--content", "x", "--category", "不存在的分类",
    )  # fmt: skip
    assert code == 1
    assert out == ""
    assert "分类“不存在的分类”不在分类列表中" in err
    code, _, err = _run(
        capsys, "--db", str(db_path), "feedback", "add", "--event", "42", "--content", "x"
    )
    assert code == 1
    assert "没有编号为 42 的活动" in err
    code, _, err = _run(
        capsys, "--db", str(db_path), "feedback", "add", "--event", str(event_id), "--content", " "
    )
    assert code == 1
    assert "内容不能为空" in err
