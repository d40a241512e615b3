"""Small rules a clerk meets: names without digits, the source of imported people, the figures."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from openday_desktop.domain.checks import check_event_rules
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.models import Event, Invitation, Person, Site
from openday_desktop.domain.validation import clean_name
from openday_desktop.services.roster_import import import_roster
from openday_desktop.storage import Store
from tests.unit.test_roster_import import make_id, write_xlsx

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize("raw", ["12赵新来", "赵新来1", "赵１新来"])
def test_a_name_with_digits_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_name(raw)
    assert "中有数字" in caught.value.message and caught.value.field == "name"


def test_import_reports_the_row_of_a_name_with_digits(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "名册.xlsx",
        [
            ["姓名", "身份证号", "联系电话"],
            ["12赵新来", make_id("33068219800512001"), "13800130001"],
            ["钱多多", make_id("33068219800512002"), "13800130002"],
        ],
    )
    report = import_roster(store, path, today=TODAY)
    assert report.imported == 1
    assert [(issue.row, "中有数字" in issue.message) for issue in report.errors] == [(2, True)]
    assert [person.name for person in store.people.list()] == ["钱多多"]


def test_imported_people_take_the_sheets_source_or_organised_nomination(
    store: Store, tmp_path: Path
) -> None:
    with_source = write_xlsx(
        tmp_path / "a.xlsx",
        [["姓名", "联系电话", "来源"], ["钱多多", "13800130002", "公开报名"]],
    )
    without = write_xlsx(tmp_path / "b.xlsx", [["姓名", "联系电话"], ["孙小美", "13800130003"]])
    import_roster(store, with_source, today=TODAY)
    import_roster(store, without, today=TODAY)
    sources = {person.name: person.source for person in store.people.list()}
    assert sources == {"钱多多": "公开报名", "孙小美": "组织推荐"}


def test_a_list_that_keeps_every_rule_says_its_figures() -> None:
    event = Event(
        title="开放日",
        date=date(2026, 9, 1),
        start=time(9),
        end=time(11),
        sites=[Site("便民服务中心"), Site("文化站")],
    )
    people = [
        Person(name=f"代表{i}", category="群众代表" if i < 15 else "人大代表") for i in range(45)
    ]
    entries = [(Invitation(event_id=1, person_id=i), person) for i, person in enumerate(people)]
    result = check_event_rules(event, entries, {})
    assert result.ok
    assert result.summary() == (
        "共45人，群众代表15人（占33.3%，应不少于三分之一）；"
        "开放点2个，各开放点45人（每个开放点应不少于20人）。"
    )
