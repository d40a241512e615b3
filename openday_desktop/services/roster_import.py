"""Importing a roster (代表名册) into the pool and, optionally, onto an event's list.

``imports.read_roster`` turns the file into validated candidates and a report without the
database. Here the candidates are matched against the pool (``domain.matching``, the rule the
sign-in desk uses too), people under the minimum age on the event day are refused even when
the pool already knew them, and everything is written in one transaction: new people, updated
people, and the invitations through ``services.selection.invite_people``, the same function
the window's pool picker calls.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.matching import Match, PoolLookup, match_person
from openday_desktop.domain.models import Event, Person, saved_id
from openday_desktop.domain.search import name_search_keys
from openday_desktop.domain.validation import FIELD_LABELS
from openday_desktop.imports.columns import ColumnMapping
from openday_desktop.imports.reading import RosterFileError
from openday_desktop.imports.report import ImportReport, RowIssue
from openday_desktop.imports.roster import RosterCandidate, RosterReading, read_roster
from openday_desktop.storage.database import Store
from openday_desktop.storage.repositories import person_columns

from .record import require_open_record
from .selection import invite_people, sort_invitees


@dataclass
class ImportPlan:
    """What an import will write, decided before the write transaction opens."""

    new: list[RosterCandidate] = field(default_factory=list)
    merged: list[Person] = field(default_factory=list)
    # ("new", candidate) or ("old", person id) in file order: the report's person_ids.
    order: list[tuple[str, RosterCandidate | int]] = field(default_factory=list)
    rows: dict[int, int] = field(default_factory=dict)  # pool person id -> file row
    # Pool people whose row says nothing new (a roster imported again): nothing to write.
    unchanged: set[int] = field(default_factory=set)


def plan_import(
    reading: RosterReading,
    pool: PoolLookup,
    load: Callable[[list[int]], dict[int, Person]],
) -> ImportPlan:
    """Sort the candidates into new people and updates of pool people (no writes).

    ``load`` fetches the matched pool people by id (one query for the whole file).
    """
    report = reading.report
    plan = ImportPlan()
    matches: list[Match | None] = [match_person(c.person, pool) for c in reading.candidates]
    existing = load([match.person_id for match in matches if match is not None])
    for candidate, match in zip(reading.candidates, matches, strict=True):
        person = candidate.person
        if match is None:
            if not person.id_number and not person.phone and not reading.unverifiable:
                report.warnings.append(
                    RowIssue(
                        candidate.row,
                        "没有身份证号和联系电话，难以与同名的人区分，已作为新人员导入，建议补填。",
                    )
                )
            plan.new.append(candidate)
            plan.order.append(("new", candidate))
            continue
        target = match.person_id
        if match.by == "name_phone" and not person.id_number:
            report.warnings.append(
                RowIssue(
                    candidate.row,
                    f"没有身份证号，按姓名和联系电话认定为代表库中已有的{person.name}"
                    f"（编号{target}），已更新其信息。如不是同一人，请补填身份证号后重新导入。",
                )
            )
        elif match.by == "name_phone":
            report.warnings.append(
                RowIssue(
                    candidate.row,
                    f"代表库中已有同名同电话、未登记身份证号的{person.name}（编号{target}），"
                    "已认定为同一人并补上身份证号。",
                )
            )
        elif match.by == "name_village":
            report.warnings.append(
                RowIssue(
                    candidate.row,
                    f"没有身份证号和联系电话，按姓名和村（社区）认定为代表库中已有的{person.name}"
                    f"（编号{target}），已更新其信息。如不是同一人，请补填身份证号后重新导入。",
                )
            )
        if target in plan.rows:
            report.duplicates.append(
                RowIssue(
                    candidate.row, f"与第{plan.rows[target]}行是代表库中的同一个人，本行未再导入。"
                )
            )
            continue
        plan.rows[target] = candidate.row
        merged = _merged(existing[target], candidate)
        if merged == existing[target]:
            plan.unchanged.add(target)
        plan.merged.append(merged)
        plan.order.append(("old", target))
    if reading.unverifiable and reading.candidates:
        report.warnings.append(
            RowIssue(
                report.header_row,
                "表格中没有身份证号和联系电话列，只能按姓名和村（社区）核对是否与代表库中已有人员重复。",
            )
        )
    return plan


def _merged(old: Person, candidate: RosterCandidate) -> Person:
    """The pool person with the cells the row filled (empty cells keep what the pool has)."""
    person = replace(old)
    keep_identity = bool(old.id_number) and not candidate.person.id_number
    for field_name in candidate.provided:
        if keep_identity and field_name in ("sex", "birth_date"):
            continue
        setattr(person, field_name, getattr(candidate.person, field_name))
    return person


def refuse_too_young(
    plan: ImportPlan, report: ImportReport, event: Event, minimum_age: int
) -> None:
    """Pool people a row matched who are under age on the event day: the row is an error.

    New people were checked while reading; a matched person's age comes from the pool, so it
    is checked here, before anything is written. The refused row neither updates the person
    nor invites them.
    """
    people = {person.id: person for person in plan.merged if person.id is not None}
    decided = sort_invitees(event, list(people), people, set(), minimum_age)
    if not decided.refused:
        return
    for person_id, reason in decided.refused.items():
        report.errors.append(
            RowIssue(
                plan.rows[person_id],
                f"{reason}本行未导入，也未加入活动名单。",
                FIELD_LABELS["birth_date"],
            )
        )
    plan.merged = [person for person in plan.merged if person.id not in decided.refused]
    plan.order = [
        (kind, item)
        for kind, item in plan.order
        if not (isinstance(item, int) and item in decided.refused)
    ]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a roster is read and matched.

    Reading 10,000 rows makes hundreds of thousands of objects (cells, people, report lines)
    that hardly ever form cycles; the collector, woken by every few hundred new objects,
    walks the growing heap again and again: a tenth of a re-import's time. It collects as
    usual once the file has been read and matched (and if reading fails).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_roster(
    store: Store,
    path: str | Path,
    mapping: ColumnMapping | None = None,
    event_id: int | None = None,
    *,
    header_row: int | None = None,
    sheet_name: str | None = None,
    today: date | None = None,
    category_map: Mapping[str, str] | None = None,
) -> ImportReport:
    """Import a roster into the pool (and onto an event's list); returns the report.

    ``mapping`` and ``header_row`` come from a (corrected) ``RosterPreview``; when omitted they
    are detected. ``category_map``: category text in the file -> category name, the clerk's
    reading of texts the rules do not read. The file is read and every row checked first; the
    writes are one
    transaction. Raises RosterFileError when the file cannot be read or has no 姓名 column,
    NotFoundError for an unknown event and RecordFrozenError for an archived one.
    """
    event = require_open_record(store, event_id, "导入名单") if event_id is not None else None
    minimum_age = int(store.settings.get("minimum_age"))
    with _no_cycle_collection():
        reading = read_roster(
            path,
            mapping,
            categories=store.categories.list(),
            minimum_age=minimum_age,
            event_date=event.date if event is not None else None,
            header_row=header_row,
            sheet_name=sheet_name,
            today=today,
            category_map=category_map,
        )
        plan = plan_import(reading, store.people.match_index(), store.people.get_many)
    report = reading.report
    if event is not None:
        refuse_too_young(plan, report, event, minimum_age)

    # The new people's columns (pinyin keys included) before the write lock: other writers
    # (a second window, the CLI) wait only for the writes themselves.
    new_people = [candidate.person for candidate in plan.new]
    new_columns = [person_columns(p, name_search_keys(p.name)) for p in new_people]
    with store.transaction():
        store.people.add_many(new_people, new_columns)
        store.people.update_many([p for p in plan.merged if p.id not in plan.unchanged])
        report.imported = len(plan.new)
        report.updated = len(plan.merged)
        report.person_ids = [
            item if isinstance(item, int) else saved_id(item.person) for _, item in plan.order
        ]
        if event_id is not None and report.person_ids:
            outcome = invite_people(store, event_id, report.person_ids)
            if outcome.refused:
                # Checked above already; should the rule still refuse, nothing is kept.
                raise OpenDayError(
                    "导入时发现不能加入名单的人员（"
                    + "；".join(outcome.refused.values())
                    + "），本次没有导入任何人。请重新导入，如仍出现请联系维护人员。"
                )
            report.invited = len(outcome.added)
            report.already_invited = len(outcome.already)
    return reading.finish()


def roster_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files to import: each file named, and the roster files inside each folder named.

    A folder of e-mailed forms holds other things too (the call itself, Office's ~$ lock
    files): only .xlsx/.xlsm/.csv/.docx files are taken, in name order.
    """
    from openday_desktop.imports.reading import ROSTER_SUFFIXES

    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(
                child
                for child in path.iterdir()
                if child.is_file()
                and child.suffix.lower() in ROSTER_SUFFIXES
                and not child.name.startswith(("~$", "."))
            )
        else:
            found.append(path)
    return found


def import_rosters(
    store: Store,
    paths: Sequence[str | Path],
    event_id: int | None = None,
    *,
    today: date | None = None,
) -> ImportReport:
    """Import many files (rosters or one-person forms; folders are searched) into one report.

    Each file is read and written as ``import_roster`` does (one transaction per file, so a
    broken file never undoes a good one); every problem names its file. A file that cannot be
    read at all is one error line; the same person in two files is reported as a repeat.
    """
    files = roster_files(paths)
    if not files:
        raise OpenDayError("没有找到可以导入的文件（.xlsx、.csv 或 .docx），请检查文件或文件夹。")
    if event_id is not None:
        require_open_record(store, event_id, "导入名单")
    total = ImportReport(files=[path.name for path in files])
    first_file: dict[int, str] = {}
    for path in files:
        try:
            report = import_roster(store, path, event_id=event_id, today=today)
        except RosterFileError as exc:
            total.errors.append(RowIssue(0, exc.message, "", path.name))
            continue
        total.imported += report.imported
        total.updated += report.updated
        total.invited += report.invited
        total.already_invited += report.already_invited
        total.skipped += report.skipped
        for issue in report.errors:
            total.errors.append(replace(issue, file=path.name))
        for issue in report.duplicates:
            total.duplicates.append(replace(issue, file=path.name))
        for issue in report.warnings:
            total.warnings.append(replace(issue, file=path.name))
        for person_id in report.person_ids:
            if person_id in first_file:
                total.duplicates.append(
                    RowIssue(
                        0,
                        f"与“{first_file[person_id]}”中的是同一个人（编号{person_id}），"
                        "已按后一个文件更新其信息。",
                        "",
                        path.name,
                    )
                )
            else:
                first_file[person_id] = path.name
                total.person_ids.append(person_id)
    return total
