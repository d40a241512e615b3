"""Settings: shares as people write them, placeholders, the service and the CLI."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from openday_desktop.cli import main
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.settings import coerce, format_share, missing_unit_settings, parse_share
from openday_desktop.services.settings import save_settings
from openday_desktop.storage import Store


@pytest.mark.parametrize("text", ["1/3", "33.3%", "33.33%", "0.3333", "三分之一", 0.3333, "１／３"])
def test_one_third_however_it_is_written(text: object) -> None:
    assert parse_share(text) == Fraction(1, 3)
    assert coerce("citizen_share", text) == "1/3"


def test_other_shares_stay_as_typed() -> None:
    assert parse_share("40%") == Fraction(2, 5)
    assert format_share("37%") == "37%"
    assert coerce("citizen_share", "1/2") == "1/2"


@pytest.mark.parametrize(("text", "words"), [("abc", "1/3 或 33.3%"), ("150%", "0 到 1")])
def test_bad_share_is_refused(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        coerce("citizen_share", text)
    assert words in caught.value.message and caught.value.field == "citizen_share"


def test_placeholder_and_bad_phone_are_refused() -> None:
    with pytest.raises(ValidationError, match="某某"):
        coerce("unit_name", "某某镇人民政府")
    with pytest.raises(ValidationError, match="11位"):
        coerce("contact_phone", "1390000")
    assert coerce("contact_phone", "0571 88886666") == "0571-88886666"
    assert coerce("mask_names_in_notice", "否") is False
    assert coerce("text_scale", "125%") == 125


def unit_info_missing(store: Store) -> list[str]:
    return [spec.label for spec in missing_unit_settings(store.settings.all())]


def test_a_fresh_database_misses_the_unit_information(store: Store) -> None:
    assert unit_info_missing(store) == ["单位名称", "牵头科室", "领导小组", "联系人", "联系电话"]
    save_settings(
        store,
        {
            "unit_name": "青山镇人民政府",
            "office_name": "青山镇党政办公室",
            "contact_person": "王晓明",
            "contact_phone": "13900001111",
            "leading_group": "组长：张三（镇长）\n成员：李四",
        },
    )
    assert unit_info_missing(store) == []
    assert missing_unit_settings({"leading_group": "组长：\n成员："})[0].key == "unit_name"


def test_save_settings_writes_nothing_when_one_value_is_bad(store: Store) -> None:
    with pytest.raises(ValidationError):
        save_settings(store, {"min_per_site": 30, "citizen_share": "很多"})
    assert store.settings.get("min_per_site") == 20
    assert save_settings(store, {"min_per_site": 20, "unit_name": "某某镇人民政府"}) == {}


def test_old_float_share_still_counts_as_one_third(store: Store) -> None:
    from openday_desktop.domain.checks import required_share

    store.db.execute("INSERT INTO settings (key, value) VALUES ('citizen_share', '0.3333')")
    assert float(parse_share(store.settings.get("citizen_share"))) == pytest.approx(1 / 3)
    assert required_share(30, float(parse_share("1/3"))) == 10


def test_cli_settings_list_and_set(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "settings", "set", "单位名称", "青山镇人民政府"]) == 0
    assert main(["--db", str(db_path), "settings", "set", "citizen_share", "33.3%"]) == 0
    assert main(["--db", str(db_path), "settings", "list", "--json"]) == 0
    out = capsys.readouterr().out
    rows = {row["key"]: row for row in json.loads(out[out.index("[") :])}
    assert rows["unit_name"]["value"] == "青山镇人民政府"
    assert rows["unit_name"]["needs_filling"] is False
    assert rows["office_name"]["needs_filling"] is True
    assert rows["citizen_share"]["value"] == "1/3"


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("contact_phone", "123", "设置项 contact_phone（联系电话）"),
        (
            "min_per_site",
            "多",
            "设置项 min_per_site（每个开放点最少人数）：“每个开放点最少人数”必须是数字",
        ),
        ("unit_name", "某某镇", "设置项 unit_name（单位名称）"),
        ("no_such", "1", "没有名为“no_such”的设置项"),
    ],
)
def test_cli_settings_set_refuses_in_chinese(
    db_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, words: str
) -> None:
    assert main(["--db", str(db_path), "settings", "set", key, value]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_the_office_follows_a_renamed_unit_only_when_it_named_the_old_place() -> None:
    from openday_desktop.domain.settings import office_after_unit_rename, place_of_unit

    assert place_of_unit("青石镇人民政府") == "青石镇"
    assert place_of_unit("东湖街道办事处") == "东湖街道"
    assert (
        office_after_unit_rename("青石镇人民政府", "白石镇人民政府", "青石镇党政办公室")
        == "白石镇党政办公室"
    )
    assert office_after_unit_rename("青石镇人民政府", "白石镇人民政府", "党政办") is None
    assert office_after_unit_rename("青石镇人民政府", "青石镇人民政府", "青石镇党政办公室") is None
    assert office_after_unit_rename("某某镇人民政府", "白石镇人民政府", "某某镇党政办") is None
