"""Documents: the one list of every document the program writes, and writing one.

``DOCUMENT_KINDS`` is the registry. The command line's ``export`` sub-command (its choices, its
help, its checks) and the window's 导出 menu (its entries, their tips, the suggested file names)
are both built from it, so adding a document is one ``DocumentKind`` here plus its writer in
``exports/``.

``export_document`` is the single way a document is written: it checks the request (an event
where one is needed, a file type the document has, an event status that allows it), refuses
while a unit setting the document would print still holds a placeholder (某某镇人民政府, an
empty contact), reads what the document needs from the store, has the writer in ``exports/``
build it, refuses it when its text still contains filler, and only then saves it (atomically,
checked, see exports/safety.py). The writers never see the store: they turn the data handed to
them into a document, so they are tested without a database.

Nothing is written to the database here; heavy libraries (python-docx, openpyxl) are imported
only when a document is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openday_desktop.domain.events import quoted_title
from openday_desktop.domain.models import (
    EVENT_STATUSES,
    Event,
    Feedback,
    Invitation,
    Person,
    saved_id,
)
from openday_desktop.domain.settings import (
    CONTACT_KEYS,
    PLACEHOLDER,
    SETTINGS,
    UNIT,
    SettingSpec,
    placeholder_message,
    unit_placeholders,
)
from openday_desktop.exports.safety import ExportError

if TYPE_CHECKING:
    from openday_desktop.exports.context import EventContext
    from openday_desktop.exports.print_table import PrintTable
    from openday_desktop.exports.word_plan import PlanGroup
    from openday_desktop.exports.word_results import PublishedItem
    from openday_desktop.exports.year_report import PublicationLine, YearReport
    from openday_desktop.storage import Store

WORD, EXCEL, PDF, ZIP = ".docx", ".xlsx", ".pdf", ".zip"
FILE_TYPES: dict[str, str] = {WORD: "Word", EXCEL: "Excel", PDF: "PDF", ZIP: "压缩包"}
HELD_STATUSES: tuple[str, ...] = EVENT_STATUSES[EVENT_STATUSES.index("已举办") :]
# Documents sent out before the day (the call, the invitations): once it is held they are late.
BEFORE_STATUSES: tuple[str, ...] = EVENT_STATUSES[: EVENT_STATUSES.index("已举办")]

# Renders HTML to a PDF file (ui/documents/printing.write_pdf: it needs Qt, so the caller
# hands it in).
PdfRenderer = Callable[[str, Path], Any]


class PlaceholderError(ExportError):
    """A document would print a unit setting that still holds a placeholder."""

    def __init__(self, specs: Sequence[SettingSpec], what: str) -> None:
        super().__init__(placeholder_message(specs, what))
        self.settings: list[SettingSpec] = list(specs)


@dataclass(frozen=True)
class ExportRequest:
    """What to write: for which event (and open site), as of which day.

    ``on`` is the signing date (the notice's first day, the ledger's "overdue on" day);
    ``site`` is the 0-based position of an open site; ``texts`` override the document's
    wording for this one file; ``feedback`` replaces the event's suggestions in the summary's
    appendix (benchmarks).
    """

    event_id: int | None = None
    site: int | None = None
    all_sites: bool = False
    on: date | None = None
    texts: Mapping[str, str] | None = None
    feedback: Sequence[Feedback] | None = None
    year: int | None = None  # the year a year report covers
    # Draws the sign-in PDF inside a package (archive); None: the package has no PDF.
    render_pdf: PdfRenderer | None = field(default=None, compare=False)


@dataclass
class Prepared:
    """A document built and ready to save; ``printed`` is the text filled in from templates."""

    save: Callable[[Path], Path]
    printed: Sequence[str] = ()


@dataclass(frozen=True)
class DocumentKind:
    """One document the program writes, as the command line and the window offer it."""

    name: str  # the command line's name: openday-cli export NAME
    title: str  # what messages and file names call it: 实施方案
    suffixes: tuple[str, ...]  # the file types it is written as; the first is the usual one
    tip: str  # what it is, for the menu's tip and the command's help
    prepare: Callable[[Store, ExportRequest], Prepared] = field(repr=False)
    # Unit settings it prints for this request (their values are checked for placeholders).
    unit_keys: Callable[[Store, ExportRequest], Iterable[str]] = field(repr=False)
    needs_event: bool = True
    # Without an event: what the document then covers (the menu's second entry, the help).
    without_event: str = ""
    # The menu entry for the chosen event when the document can also go without one.
    this_event: str = "本活动"
    # The suggested file name without an event ({unit_name}, {today} filled in).
    without_event_file: str = ""
    per_site: bool = False  # one open site or one sheet per site (--site, --all-sites)
    date_help: str = ""  # what --date means for it; "" when it has no date
    statuses: tuple[str, ...] = EVENT_STATUSES  # event statuses that allow it
    # Why the event's data cannot make this document yet ('' or None: it can), checked
    # after ``statuses``: a 公示 with nobody approved has nothing to publish.
    precondition: Callable[[Store, int], str | None] | None = field(default=None, repr=False)
    public: bool = True  # handed out or posted: never a full ID number or phone
    menu_title: str = ""  # the menu's name when it differs from ``title``
    needs_year: bool = False  # covers a year (--year), not an event

    @property
    def scope(self) -> str:
        """What the kind is made for: "event", "year", or "optional" (an event or none)."""
        if self.needs_year:
            return "year"
        return "event" if self.needs_event else "optional"

    @property
    def file_type(self) -> str:
        """Word / Excel: how the menu labels the usual file."""
        return FILE_TYPES[self.suffixes[0]]

    @property
    def menu_text(self) -> str:
        """实施方案（Word）"""
        return f"{self.menu_title or self.title}（{self.file_type}）"

    def event_help(self) -> str:
        """The command line's one-line description of the kind."""
        parts = [self.name, self.menu_title or self.title]
        extra = []
        if len(self.suffixes) > 1:
            extra.append(" 或 ".join(self.suffixes))
        if self.needs_year:
            extra.append("用 --year 指定年份")
        elif not self.needs_event and self.without_event:
            extra.append(f"不填 --event 为{self.without_event}")
        elif not self.needs_event:
            extra.append("--event 可选，写入活动名称")
        if not self.public:
            extra.append("内部使用")
        text = " ".join(parts)
        return f"{text}（{'；'.join(extra)}）" if extra else text


# --- reading what documents need ----------------------------------------------------------------


def event_context(store: Store, event_id: int) -> EventContext:
    """The event with the unit's settings and the placeholder values its texts use."""
    from openday_desktop.exports.context import event_context as make_context

    return make_context(store.events.get(event_id), store.settings.all())


def resolve_texts(
    store: Store, doc: str, event_id: int | None, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """A document's templates: program default < unit default < the event's < ``overrides``."""
    from openday_desktop.exports.wording import resolve_texts as layer

    kind = store.events.get(event_id).kind if event_id is not None else ""
    return layer(doc, store.document_texts.texts(doc, event_id), overrides, kind)


def _listed(
    store: Store, event_id: int, keep: Callable[[Invitation], bool]
) -> list[tuple[Invitation, Person]]:
    from openday_desktop.exports.context import sort_people

    pairs = [pair for pair in store.invitations.for_event(event_id) if keep(pair[0])]
    return sort_people(pairs, store.categories.names())


def active_people(store: Store, event_id: int) -> list[tuple[Invitation, Person]]:
    """Everyone on the event's list except the rejected and withdrawn, in document order."""
    return _listed(store, event_id, lambda invitation: invitation.is_active)


def selected_people(store: Store, event_id: int) -> list[tuple[Invitation, Person]]:
    """The people chosen for the event (approved, published or confirmed), in document order."""
    from openday_desktop.domain.statistics import SELECTED_STATUSES

    return _listed(store, event_id, lambda invitation: invitation.status in SELECTED_STATUSES)


def invited_people(store: Store, event_id: int) -> list[tuple[Invitation, Person]]:
    """The people invitations go to: everyone the 公示 lists (审核通过, 已公示, 已确认).

    The plan sends the invitations once the 公示 has passed without objection, before anyone
    confirms: a letter only for the 已确认 would come after the answer it asks for.
    """
    return selected_people(store, event_id)


def _schedule_filled_in(store: Store, event_id: int) -> str | None:
    """The plan and the letters tell people where to go and when: they need sites and times.

    (The call for representatives goes out earlier and names only the day.)
    """
    event = store.events.get(event_id)
    missing = []
    if not event.sites:
        missing.append("开放点")
    if event.start is None or event.end is None:
        missing.append("开始和结束时间")
    if not missing:
        return None
    return (
        f"活动还没有填写{'、'.join(missing)}，文中的参观路线和时间会是空的。"
        "请在“活动”页选中这个活动，点“修改”补上后再导出。"
    )


def _schedule_and_someone_to_invite(store: Store, event_id: int) -> str | None:
    return _schedule_filled_in(store, event_id) or _someone_to_invite(store, event_id)


def _someone_to_invite(store: Store, event_id: int) -> str | None:
    if selected_people(store, event_id):
        return None
    return (
        "名单中还没有审核通过的代表，邀请函发给公示名单上的人。"
        "请先在“名单与遴选”中把入选的人改为“审核通过”（公示后改为“已公示”），再导出邀请函。"
    )


def _event_id(request: ExportRequest) -> int:
    if request.event_id is None:  # export_document checks this first
        raise ExportError("请先选择一个活动。")
    return request.event_id


# --- unit settings each document prints -----------------------------------------------------------

_UNIT_KEYS: tuple[str, ...] = tuple(spec.key for spec in SETTINGS if spec.group == UNIT)


def keys_in_texts(texts: Mapping[str, str]) -> set[str]:
    """The unit settings the templates print: {unit_name}, {office_name}, and the contact
    person and phone behind {contact_clause}."""
    joined = "\n".join(texts.values())
    keys = {key for key in _UNIT_KEYS if "{" + key + "}" in joined}
    if "{contact_clause}" in joined:
        keys.update(CONTACT_KEYS)
    return keys


def _text_keys(doc: str, *fixed: str) -> Callable[[Store, ExportRequest], set[str]]:
    """The settings a text document prints: ``fixed`` ones (signature, table) and its texts'."""

    def keys(store: Store, request: ExportRequest) -> set[str]:
        texts = resolve_texts(store, doc, request.event_id, request.texts)
        return {*fixed, *keys_in_texts(texts)}

    return keys


def _fixed_keys(*keys: str) -> Callable[[Store, ExportRequest], tuple[str, ...]]:
    return lambda _store, _request: keys


def missing_unit_settings(
    store: Store, kind: DocumentKind, request: ExportRequest
) -> list[SettingSpec]:
    """The unit settings ``kind`` would print for ``request`` that still hold a placeholder."""
    return unit_placeholders(store.settings.all(), kind.unit_keys(store, request))


def filler_lines(printed: Iterable[str]) -> list[str]:
    """The printed texts that still contain filler (某某), each once, in order."""
    found: list[str] = []
    for text in printed:
        for line in text.splitlines():
            if PLACEHOLDER in line and line not in found:
                found.append(line.strip())
    return found


# --- preparing each document ----------------------------------------------------------------------


def _word(ctx: EventContext, build: Callable[[], Any]) -> Prepared:
    document = build()
    document.author = document.author or str(ctx.values["unit_name"])
    return Prepared(document.save, ctx.printed)


def _workbook(store: Store, workbook: Any, title: str) -> Prepared:
    """A workbook to save, its properties naming the unit (not "openpyxl") and ``title``."""
    from openday_desktop.exports.excel_style import describe_workbook, save_workbook

    describe_workbook(workbook, str(store.settings.get("unit_name")), title)
    return Prepared(lambda path: save_workbook(workbook, path))


def plan_numbers(store: Store, event_id: int) -> list[tuple[str, int]]:
    """People per category for the plan: the quotas, else the selection, else the list."""
    from openday_desktop.exports.word_plan import invitee_numbers

    quotas = store.events.quotas(event_id)
    people: list[Person] = []
    if not quotas:
        pairs = selected_people(store, event_id) or active_people(store, event_id)
        people = [person for _, person in pairs]
    return invitee_numbers(store.categories.names(), quotas, people)


def _prepare_plan(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.word_plan import plan_document
    from openday_desktop.exports.wording import DOC_PLAN

    event_id = _event_id(request)
    ctx = event_context(store, event_id)
    texts = resolve_texts(store, DOC_PLAN, event_id, request.texts)
    numbers = plan_numbers(store, event_id)
    # Neither quotas nor a list yet: the plan invites the rules' minimum, not "若干名".
    # One route through every site needs the per-site minimum once, not once per site;
    # separate groups each need it.
    groups = plan_groups(store, ctx.event)
    planned = int(ctx.settings["min_per_site"]) * max(1, len(groups))
    return _word(ctx, lambda: plan_document(ctx, texts, numbers, request.on, planned, groups))


def plan_groups(store: Store, event: Event) -> list[PlanGroup]:
    """The event's visiting groups as the plan names them (none: one route for everyone)."""
    from openday_desktop.domain.groups import route_positions
    from openday_desktop.exports.word_plan import PlanGroup

    return [
        PlanGroup(
            group.name,
            group.leader,
            tuple(event.sites[p].name for p in route_positions(event, group.route)),
        )
        for group in store.groups.for_event(saved_id(event))
    ]


def notice_period(store: Store, start: date | None) -> tuple[date, date]:
    """The notice's first and last working day, from ``start`` (default today)."""
    from openday_desktop.exports.context import issue_date
    from openday_desktop.storage.statistics import work_calendar

    calendar = work_calendar(store)
    first_day = calendar.next_workday(issue_date(start))
    days = int(store.settings.get("notice_days"))
    return first_day, calendar.add_workdays(first_day, days - 1)


def _someone_to_publish(store: Store, event_id: int) -> str | None:
    """A 公示 lists the people the selection approved; with none it would publish nothing."""
    if selected_people(store, event_id):
        return None
    return (
        "名单中还没有审核通过的代表，公示会是空的。"
        "请先在“名单与遴选”中把入选的人改为“审核通过”，再导出公示。"
    )


def _prepare_notice(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.word_notice import notice_document
    from openday_desktop.exports.wording import DOC_NOTICE

    event_id = _event_id(request)
    ctx = event_context(store, event_id)
    texts = resolve_texts(store, DOC_NOTICE, event_id, request.texts)
    people = [person for _, person in selected_people(store, event_id)]
    first_day, last_day = notice_period(store, request.on)
    return _word(ctx, lambda: notice_document(ctx, texts, people, first_day, last_day))


def _prepare_invitations(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.word_invitations import invitations_document
    from openday_desktop.exports.wording import DOC_INVITATION

    event_id = _event_id(request)
    ctx = event_context(store, event_id)
    people = [person for _, person in invited_people(store, event_id)]
    texts = resolve_texts(store, DOC_INVITATION, event_id, request.texts)
    return _word(ctx, lambda: invitations_document(ctx, texts, people, request.on))


def _prepare_summary(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.context import issue_date
    from openday_desktop.exports.word_summary import summary_document
    from openday_desktop.exports.wording import DOC_SUMMARY
    from openday_desktop.storage.statistics import event_stats

    event_id = _event_id(request)
    day = issue_date(request.on)
    ctx = event_context(store, event_id)
    stats = event_stats(store, event_id, today=day)
    items = request.feedback if request.feedback is not None else store.feedback.list(event_id)
    texts = resolve_texts(store, DOC_SUMMARY, event_id, request.texts)
    rules = None
    if ctx.event.status in HELD_STATUSES:
        from openday_desktop.domain.checks import rule_comparison
        from openday_desktop.storage.selection import check_event_in_store

        rules = rule_comparison(check_event_in_store(store, event_id, today=day))
    return _word(ctx, lambda: summary_document(ctx, texts, stats, items, day, rules))


def _prepare_questionnaire(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.word_questionnaire import questionnaire_document

    settings = store.settings.all()
    # For an event: its own version (what its forms are typed against).
    questions = store.questionnaires.questions_for(request.event_id)
    title = None if request.event_id is None else store.events.get(request.event_id).title
    document = questionnaire_document(
        questions, str(settings["unit_name"]), settings["body_font"], title
    )
    return Prepared(document.save)


def roster_table(store: Store, event_id: int | None = None) -> PrintTable:
    """The roster's content (internal: full ID and phone): one event's list, or the pool."""
    from openday_desktop.exports.context import sort_people
    from openday_desktop.exports.excel_roster import event_roster_table, pool_roster_table

    categories = store.categories.names()
    if event_id is None:
        pool = sort_people(((None, person) for person in store.people.list()), categories)
        people = [person for _, person in pool]
        return pool_roster_table(people, str(store.settings.get("unit_name")), date.today())
    event = store.events.get(event_id)
    pairs = sort_people(store.invitations.for_event(event_id), categories)
    return event_roster_table(event, pairs, str(store.settings.get("unit_name")))


def roster_html(store: Store, event_id: int | None = None) -> str:
    """The roster as HTML for the print preview (internal use: full data)."""
    from openday_desktop.exports.print_table import to_html

    return to_html(roster_table(store, event_id))


def _prepare_roster(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.excel_roster import roster_workbook

    table = roster_table(store, request.event_id)
    return _workbook(store, roster_workbook(table, store.categories.names()), table.title)


def _signin_people(
    store: Store, event: Event, site: int | None
) -> list[tuple[str, str, str, str, str]]:
    """Everyone on the list, or (for one site) those whose group's route passes it."""
    from openday_desktop.storage.export_rows import signin_people

    return signin_people(store, saved_id(event), site)


def signin_sheet_rows(store: Store, event_id: int, site: int | None = None) -> PrintTable:
    """The sign-in sheet of the event (or of its open site ``site``, 0-based: the people
    whose route passes that site)."""
    from openday_desktop.exports.excel_signin import signin_sheet_rows as make_rows

    event = store.events.get(event_id)
    people = _signin_people(store, event, site)
    unit = str(store.settings.get("unit_name"))
    return make_rows(event, people, store.categories.names(), site, unit)


def signin_sheet_html(store: Store, event_id: int, site: int | None = None) -> str:
    """The sign-in sheet as HTML for the print preview and the PDF (header on every page)."""
    from openday_desktop.exports.print_table import to_html

    return to_html(signin_sheet_rows(store, event_id, site))


def _prepare_signin(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.excel_signin import signin_tables, signin_workbook

    event = store.events.get(_event_id(request))
    categories = store.categories.names()
    unit = str(store.settings.get("unit_name"))
    if request.all_sites and event.sites:
        sheets = [
            signin_tables(
                event, _signin_people(store, event, index), categories, index, unit_name=unit
            )[0]
            for index in range(len(event.sites))
        ]
    else:
        people = _signin_people(store, event, request.site)
        sheets = signin_tables(event, people, categories, request.site, unit_name=unit)
    return _workbook(store, signin_workbook(sheets), sheets[0][1].title if sheets else "签到表")


def ledger_rows(
    store: Store, event_id: int | None = None, today: date | None = None
) -> list[tuple[Feedback, dict[str, Any]]]:
    """Each suggestion with its ledger values by column name, oldest first."""
    from openday_desktop.exports.excel_feedback import ledger_rows as make_rows

    items = store.feedback.list(event_id)
    titles: dict[int | None, str] = {event.id: event.title for event in store.events.list()}
    people = store.people.get_many(item.person_id for item in items if item.person_id is not None)
    names: dict[int | None, str] = {pid: person.name for pid, person in people.items()}
    return make_rows(items, titles, names, today)


def _prepare_ledger(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.excel_feedback import ledger_workbook

    rows = ledger_rows(store, request.event_id, request.on)
    categories = list(store.settings.get("feedback_categories"))
    one_event = request.event_id is not None
    from openday_desktop.exports.context import issue_date
    from openday_desktop.exports.excel_feedback import ledger_title

    event_title = None if request.event_id is None else store.events.get(request.event_id).title
    unit = str(store.settings.get("unit_name"))
    title, info = ledger_title(unit, event_title, issue_date(request.on))
    workbook = ledger_workbook(rows, categories, one_event=one_event, title=title, info=info)
    return _workbook(store, workbook, title)


def year_report_data(store: Store, year: int, on: date | None = None) -> YearReport:
    """The year report's content: the figures of ``stats --year Y --json`` (same functions),
    each event's own figures, suggestions by category and outcome, publication records."""
    from openday_desktop.domain.models import FEEDBACK_STATUSES
    from openday_desktop.exports.context import issue_date
    from openday_desktop.exports.year_report import ADOPTED, EventFigures, YearReport
    from openday_desktop.storage.statistics import compliance, event_stats, year_stats

    day = issue_date(on)
    settings = store.settings.all()
    stats = year_stats(store, year)
    check = compliance(store, year)
    figures = {**stats.to_json(), "compliance": check.to_json()}
    events = sorted((e for e in store.events.list() if e.date.year == year), key=lambda e: e.date)
    rows: list[EventFigures] = []
    matrix: dict[str, dict[str, int]] = {
        name: {} for name in settings.get("feedback_categories") or ()
    }
    for event in events:
        event_id = saved_id(event)
        figures_of = event_stats(store, event_id)
        rows.append(
            EventFigures(
                event_id,
                event.title,
                event.date,
                event.status,
                event.status in HELD_STATUSES,
                tuple(site.name for site in event.sites),
                figures_of.selected,
                figures_of.present,
                figures_of.attendance_rate,
                tuple((r.category, r.selected, r.present) for r in figures_of.category_rows),
                figures_of.feedback_total,
                figures_of.satisfaction_rate,
            )
        )
        for item in store.feedback.list(event_id):
            counts = matrix.setdefault(item.category, {})
            counts[item.status] = counts.get(item.status, 0) + 1
            if item.adopted:
                counts[ADOPTED] = counts.get(ADOPTED, 0) + 1
    matrix = {name: counts for name, counts in matrix.items() if counts}
    publications = _publication_lines(store, events)
    return YearReport(
        year=year,
        unit_name=str(settings["unit_name"]),
        body_font=str(settings["body_font"]),
        figures=figures,
        compliance_text=check.describe(),
        events=rows,
        category_rows=[
            (r.category, r.registered, r.selected, r.present) for r in stats.category_rows
        ],
        feedback_matrix=matrix,
        feedback_by_status={s: stats.feedback_by_status.get(s, 0) for s in FEEDBACK_STATUSES},
        publications=publications,
        on=day,
    )


def _publication_lines(store: Store, events: Sequence[Event]) -> list[PublicationLine]:
    """The events' publication records, by date, each with the date it was owed."""
    from openday_desktop.domain.trail import publication_due_dates
    from openday_desktop.exports.year_report import PublicationLine
    from openday_desktop.storage.statistics import deadline_rules, work_calendar

    calendar, rules = work_calendar(store), deadline_rules(store)
    lines: list[PublicationLine] = []
    for event in events:
        event_id = saved_id(event)
        records = store.trail.publications(event_id)
        if not records:
            continue
        due = publication_due_dates(
            event, calendar, rules, has_feedback=bool(store.feedback.list(event_id))
        )
        lines += [
            PublicationLine(
                event.title, item.what, item.channel, item.date, item.place, due.get(item.what)
            )
            for item in records
        ]
    return sorted(lines, key=lambda line: line.day)


def _prepare_year_report(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.year_report import year_report_document, year_report_workbook

    if request.year is None:  # check_request refuses this first
        raise ExportError("请指定年份。")
    from openday_desktop.exports.excel_style import describe_workbook, save_workbook

    report = year_report_data(store, request.year, request.on)

    def save(path: Path) -> Path:
        # One kind, two files: the extension chooses (check_request allowed only these two).
        if path.suffix.lower() == EXCEL:
            workbook = year_report_workbook(report)
            describe_workbook(workbook, report.unit_name, report.title)
            return save_workbook(workbook, path)
        document = year_report_document(report)
        document.author = report.unit_name
        return document.save(path)

    return Prepared(save)


def published_items(store: Store, event_id: int) -> list[PublishedItem]:
    """The event's suggestions marked for publication, as the public account shows them."""
    from openday_desktop.exports.word_results import PublishedItem
    from openday_desktop.exports.word_summary import handling_result

    return [
        PublishedItem(item.content, item.category, handling_result(item), item.adopted)
        for item in store.feedback.list(event_id)
        if item.published
    ]


def _prepare_results(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.context import issue_date
    from openday_desktop.exports.word_results import results_document
    from openday_desktop.storage.statistics import event_stats

    event_id = _event_id(request)
    day = issue_date(request.on)
    ctx = event_context(store, event_id)
    stats = event_stats(store, event_id, today=day)
    items = published_items(store, event_id)
    return _word(ctx, lambda: results_document(ctx, stats, items, day))


def write_archive(
    store: Store,
    event_id: int,
    path: str | Path,
    *,
    on: date | None = None,
    render_pdf: PdfRenderer | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """The event's 归档包 at ``path``, each document in it written through this registry.

    ``render_pdf`` draws the sign-in PDF (it needs Qt; without it the PDF is left out and the
    manifest says so).
    """
    from openday_desktop.services import archive

    def write_document(item: archive.Planned, written: Path) -> bool:
        kind = document_kind(item.kind)
        request = ExportRequest(event_id, on=item.on, all_sites=item.all_sites)
        # As of its step's date: the invitations of an archived event were sent before it.
        export_document(store, kind.name, request, written, render_pdf=render_pdf, as_of_step=True)
        return kind.public

    return archive.write_archive(
        store,
        event_id,
        path,
        write_document,
        on=on,
        pdf=render_pdf is not None,
        progress=progress,
    )


def create_event_archive(
    store: Store,
    event_id: int,
    *,
    on: date | None = None,
    render_pdf: PdfRenderer | None = None,
) -> Path:
    """The package made when the event is archived, in the data folder's ``archives/``."""
    from openday_desktop.services.archive import event_archive_path

    target = event_archive_path(store, event_id, on)
    return write_archive(store, event_id, target, on=on, render_pdf=render_pdf)


def _prepare_archive(store: Store, request: ExportRequest) -> Prepared:
    event_id = _event_id(request)
    return Prepared(
        lambda path: write_archive(
            store, event_id, path, on=request.on, render_pdf=request.render_pdf
        )
    )


def registration_deadline(store: Store, event: Event) -> date:
    """The last day to register: before the review and the 公示 run their working days.

    Review (5 working days, as the rules give the selection group) and the 公示's days are
    counted back from the day before the event.
    """
    from openday_desktop.storage.statistics import work_calendar

    calendar = work_calendar(store)
    days = int(store.settings.get("notice_days")) + REVIEW_WORKDAYS
    return calendar.add_workdays(event.date, -(days + 1))


# Working days the selection group takes to review registrations (DOMAIN: "within 5").
REVIEW_WORKDAYS = 5


def _prepare_call(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.context import issue_date
    from openday_desktop.exports.word_call import call_document
    from openday_desktop.exports.wording import DOC_CALL

    event_id = _event_id(request)
    ctx = event_context(store, event_id)
    texts = resolve_texts(store, DOC_CALL, event_id, request.texts)
    numbers = plan_numbers(store, event_id)
    groups = plan_groups(store, ctx.event)
    planned = int(ctx.settings["min_per_site"]) * max(1, len(groups))
    deadline = registration_deadline(store, ctx.event)
    signed = issue_date(request.on)
    return _word(ctx, lambda: call_document(ctx, texts, numbers, planned, deadline, signed))


def _event_title(store: Store, request: ExportRequest) -> str | None:
    return None if request.event_id is None else store.events.get(request.event_id).title


def _prepare_registration_form(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.registration import registration_workbook

    title = _event_title(store, request)
    workbook = registration_workbook(
        str(store.settings.get("unit_name")), store.categories.names(), title
    )
    return _workbook(store, workbook, f"{title or ''}代表报名汇总表")


def _prepare_person_form(store: Store, request: ExportRequest) -> Prepared:
    from openday_desktop.exports.excel_style import describe_workbook, save_workbook
    from openday_desktop.exports.registration import person_form_document, person_form_workbook

    unit_name = str(store.settings.get("unit_name"))
    categories = store.categories.names()
    title = _event_title(store, request)
    deadline = None
    if request.event_id is not None:
        deadline = registration_deadline(store, store.events.get(request.event_id))
    body_font = str(store.settings.get("body_font"))

    def save(path: Path) -> Path:
        # One kind, two files: the extension chooses (check_request allowed only these two).
        if path.suffix.lower() == EXCEL:
            workbook = person_form_workbook(unit_name, categories, title)
            describe_workbook(workbook, unit_name, f"{title or ''}个人报名表")
            return save_workbook(workbook, path)
        document = person_form_document(unit_name, categories, body_font, title, deadline)
        document.author = document.author or unit_name
        return document.save(path)

    return Prepared(save)


# --- the registry ---------------------------------------------------------------------------------

DOCUMENT_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "call",
        "征集公告",
        (WORD,),
        "活动前面向社会公开征集代表的公告：条件、名额、报名方式和截止日期",
        _prepare_call,
        _text_keys("call", "unit_name", "office_name"),
        date_help="落款日期",
        statuses=BEFORE_STATUSES,
    ),
    DocumentKind(
        "plan",
        "实施方案",
        (WORD,),
        "按公文格式生成活动实施方案，报上级审查备案",
        _prepare_plan,
        _text_keys("plan", "unit_name", "office_name", "leading_group"),
        date_help="落款日期",
        precondition=_schedule_filled_in,
    ),
    DocumentKind(
        "notice",
        "代表公示",
        (WORD,),
        "入选代表名单公示（不含身份证号和电话）",
        _prepare_notice,
        _text_keys("notice", "unit_name", "office_name"),
        date_help="公示开始日",
        precondition=_someone_to_publish,
    ),
    DocumentKind(
        "invitations",
        "邀请函",
        (WORD,),
        "公示名单上每位代表（审核通过、已公示、已确认）一页邀请函",
        _prepare_invitations,
        _text_keys("invitation", "unit_name"),
        date_help="落款日期",
        statuses=BEFORE_STATUSES,
        precondition=_schedule_and_someone_to_invite,
    ),
    DocumentKind(
        "summary",
        "活动总结",
        (WORD,),
        "活动开展情况总结，含数据、图表和意见办理表",
        _prepare_summary,
        _text_keys("summary", "unit_name"),
        date_help="报告日期",
        statuses=HELD_STATUSES,
    ),
    DocumentKind(
        "results",
        "活动情况公开",
        (WORD,),
        "活动结束后向社会公开：开展情况、人数和每条公开的意见建议如何办理（不含个人信息）",
        _prepare_results,
        _fixed_keys("unit_name"),
        date_help="落款日期",
        statuses=HELD_STATUSES,
    ),
    DocumentKind(
        "questionnaire",
        "满意度调查问卷",
        (WORD,),
        "按本单位当前的问卷题目生成可打印的纸质问卷",
        _prepare_questionnaire,
        _fixed_keys("unit_name"),
        needs_event=False,
        without_event_file="满意度调查问卷",
        menu_title="空白满意度问卷",
    ),
    DocumentKind(
        "person-form",
        "个人报名表",
        (WORD, EXCEL),
        "一人一表的空白报名表，随征集公告发布，填好后可直接导入",
        _prepare_person_form,
        _fixed_keys("unit_name"),
        needs_event=False,
        without_event_file="{unit_name}个人报名表",
        menu_title="空白个人报名表",
    ),
    DocumentKind(
        "roster",
        "代表名册",
        (EXCEL,),
        "内部使用：含完整身份证号和电话",
        _prepare_roster,
        _fixed_keys("unit_name"),  # 单位： under the title, with or without an event
        needs_event=False,
        without_event="整个代表库",
        this_event="本活动名单",
        without_event_file="{unit_name}代表库名册（{today}）",
        public=False,
    ),
    DocumentKind(
        "registration-form",
        "代表报名汇总表",
        (EXCEL,),
        "空白报名汇总表，发给各村（社区）填写，填好后可直接导入",
        _prepare_registration_form,
        _fixed_keys("unit_name"),
        needs_event=False,
        without_event_file="{unit_name}代表报名汇总表",
        menu_title="空白报名汇总表",
        public=True,
    ),
    DocumentKind(
        "signin",
        "签到表",
        (EXCEL, PDF),
        "A4 打印，电话号码已隐去中间四位",
        _prepare_signin,
        _fixed_keys("unit_name"),  # 单位： on the line under the title
        per_site=True,
    ),
    DocumentKind(
        "feedback",
        "意见建议台账",
        (EXCEL,),
        "每条意见建议及其办理情况，按状态着色，逾期标红",
        _prepare_ledger,
        _fixed_keys("unit_name"),  # the title without an event, and 单位： under it
        needs_event=False,
        without_event="全部活动",
        without_event_file="意见建议台账（全部活动）",
        date_help="判断逾期的日期",
        public=False,
    ),
    DocumentKind(
        "year-report",
        "年度工作报告",
        (WORD, EXCEL),
        "某一年的活动是否达到年度要求、各次活动人数、意见建议办理和满意度、公开情况",
        _prepare_year_report,
        _fixed_keys("unit_name"),
        needs_event=False,
        needs_year=True,
        date_help="落款日期",
        without_event_file="{unit_name}{year}年度政府开放日工作报告",
    ),
    DocumentKind(
        "archive",
        "归档包",
        (ZIP,),
        "活动的全部文书（按归档日重新生成）、附件和清单 manifest.json，打成一个 zip",
        _prepare_archive,
        _fixed_keys("unit_name"),
        date_help="归档日期",
        public=False,
    ),
)

KINDS_BY_NAME: dict[str, DocumentKind] = {kind.name: kind for kind in DOCUMENT_KINDS}


def document_kind(name: str) -> DocumentKind:
    """The registered kind called ``name`` (ExportError naming the known ones otherwise)."""
    kind = KINDS_BY_NAME.get(name)
    if kind is None:
        known = "、".join(KINDS_BY_NAME)
        raise ExportError(f"没有名为“{name}”的文书类型。可以导出的有：{known}。")
    return kind


# --- writing ----------------------------------------------------------------------------------------


def check_request(
    store: Store,
    kind: DocumentKind,
    request: ExportRequest,
    path: Path,
    *,
    as_of_step: bool = False,
) -> None:
    """Refuse, before any work, a request the document cannot be written for.

    ``as_of_step`` lets a pre-event document (BEFORE_STATUSES) through for a held event: the
    archive package regenerates it as of the day its step was taken, when it was still due.
    """
    suffix = path.suffix.lower()
    if suffix not in kind.suffixes:
        if len(kind.suffixes) == 1:
            raise ExportError(
                f"{kind.title}是 {kind.file_type} 文件，输出文件名应以 {kind.suffixes[0]} 结尾，"
                f"例如 {kind.title}{kind.suffixes[0]}。"
            )
        raise ExportError(
            f"{kind.title}的输出文件名应以 {' 或 '.join(kind.suffixes)} 结尾，"
            f"例如 {kind.title}{kind.suffixes[0]}。"
        )
    if kind.needs_year:
        if request.year is None:
            raise ExportError(f"导出{kind.title}需要指定年份，例如 --year {date.today().year}。")
        if not 2000 <= request.year <= 2100:
            raise ExportError(f"年份“{request.year}”不对，请写四位数的年份，例如 2026。")
        return
    if request.event_id is None:
        if kind.needs_event:
            raise ExportError(f"导出{kind.title}需要先指定一个活动。")
        return
    event = store.events.get(request.event_id)  # NotFoundError with a Chinese message
    late_but_dated = as_of_step and kind.statuses == BEFORE_STATUSES
    if event.status not in kind.statuses and not late_but_dated:
        allowed = "、".join(f"“{status}”" for status in kind.statuses)
        why = {
            HELD_STATUSES: "写的是已经举办的活动，",
            BEFORE_STATUSES: "是活动举办前发出的文书，活动举办后再发已没有意义，",
        }.get(kind.statuses, "")
        fix = (
            "当时的版本可以在“归档包”中按当时的日期重新生成。"
            if kind.statuses == BEFORE_STATUSES
            else "请先在“活动”页更新活动状态。"
        )
        raise ExportError(
            f"活动{quoted_title(event.title)}目前是“{event.status}”。{kind.title}{why}要在活动状态为"
            f"{allowed}时才能导出。{fix}"
        )


def refuse_unmet_precondition(store: Store, kind: DocumentKind, request: ExportRequest) -> None:
    """ExportError when the event's data cannot make the document yet (``precondition``)."""
    if kind.precondition is None or request.event_id is None:
        return
    problem = kind.precondition(store, request.event_id)
    if problem:
        title = store.events.get(request.event_id).title
        raise ExportError(f"不能导出{title}的{kind.title}：{problem}")


def refuse_placeholders(store: Store, kind: DocumentKind, request: ExportRequest) -> None:
    """PlaceholderError naming each unit setting ``kind`` would print as a placeholder."""
    missing = missing_unit_settings(store, kind, request)
    if missing:
        raise PlaceholderError(missing, kind.title)


def refuse_filler(kind: DocumentKind, printed: Iterable[str]) -> None:
    """ExportError when the document's text still contains filler (某某) after filling in."""
    lines = filler_lines(printed)
    if lines:
        sample = lines[0] if len(lines[0]) <= 40 else lines[0][:40] + "…"
        raise ExportError(
            f"{kind.title}中还有占位文字“{PLACEHOLDER}”（例如：“{sample}”）。"
            "请在“导出 → 编辑文书内容”或活动信息中改成实际内容后再导出。"
        )


def export_document(
    store: Store,
    name: str,
    request: ExportRequest,
    path: str | Path,
    *,
    render_pdf: PdfRenderer | None = None,
    as_of_step: bool = False,
) -> Path:
    """Write the document ``name`` for ``request`` to ``path``; returns the path written.

    Refuses (ExportError, nothing written) a wrong file type, a missing or unsuitable event,
    unit settings still holding placeholders (PlaceholderError), and filler in the text. A
    ``.pdf`` (the sign-in sheet) is drawn by ``render_pdf``, which the caller hands in because
    it needs Qt.
    """
    kind = document_kind(name)
    target = Path(path)
    check_request(store, kind, request, target, as_of_step=as_of_step)
    refuse_placeholders(store, kind, request)
    refuse_unmet_precondition(store, kind, request)
    if target.suffix.lower() == PDF:
        return _export_pdf(store, kind, request, target, render_pdf)
    prepared = kind.prepare(store, request)
    refuse_filler(kind, prepared.printed)
    return prepared.save(target)


def _export_pdf(
    store: Store,
    kind: DocumentKind,
    request: ExportRequest,
    target: Path,
    render_pdf: PdfRenderer | None,
) -> Path:
    from openday_desktop.exports.safety import check_target

    if render_pdf is None or kind.name != "signin":
        raise ExportError(f"{kind.title}不能保存为 PDF，请改用 {kind.suffixes[0]} 文件。")
    check_target(target)
    render_pdf(signin_sheet_html(store, _event_id(request), request.site), target)
    return target


def suggested_file_stem(
    kind: DocumentKind,
    settings: Mapping[str, Any],
    today: date | None = None,
    year: int | None = None,
) -> str:
    """The file name (without extension) offered for ``kind`` without an event."""
    from openday_desktop.domain.dates import chinese_date

    day = today or date.today()
    template = kind.without_event_file or kind.title
    return template.format(
        unit_name=settings.get("unit_name", ""), today=chinese_date(day), year=year or day.year
    )


# --- the documents one by one, as the tests and benchmarks call them ------------------------------


def write_plan(
    store: Store,
    event_id: int,
    path: str | Path,
    texts: Mapping[str, str] | None = None,
    on: date | None = None,
) -> Path:
    """实施方案 of ``event_id``; ``on`` is the signing date."""
    return export_document(store, "plan", ExportRequest(event_id, on=on, texts=texts), path)


def write_notice(
    store: Store,
    event_id: int,
    path: str | Path,
    texts: Mapping[str, str] | None = None,
    start: date | None = None,
) -> Path:
    """代表公示 of ``event_id``; the notice period runs from ``start`` (default today)."""
    return export_document(store, "notice", ExportRequest(event_id, on=start, texts=texts), path)


def write_invitations(
    store: Store,
    event_id: int,
    path: str | Path,
    texts: Mapping[str, str] | None = None,
    on: date | None = None,
    as_of_step: bool = False,
) -> Path:
    """邀请函 for everyone on the 公示 list; ExportError when nobody passed review.

    ``as_of_step``: a held event's letters as they were sent on ``on`` (see check_request).
    """
    request = ExportRequest(event_id, on=on, texts=texts)
    return export_document(store, "invitations", request, path, as_of_step=as_of_step)


def write_summary(
    store: Store,
    event_id: int,
    path: str | Path,
    texts: Mapping[str, str] | None = None,
    on: date | None = None,
    feedback: Sequence[Feedback] | None = None,
) -> Path:
    """活动总结 of ``event_id``; ``feedback`` replaces its suggestions in the appendix."""
    request = ExportRequest(event_id, on=on, texts=texts, feedback=feedback)
    return export_document(store, "summary", request, path)


def write_blank_questionnaire(store: Store, path: str | Path, event_id: int | None = None) -> Path:
    """The blank questionnaire, titled with ``event_id`` or the unit's open day."""
    return export_document(store, "questionnaire", ExportRequest(event_id), path)


def write_roster(store: Store, path: str | Path, event_id: int | None = None) -> Path:
    """代表名册 of ``event_id``, or of the whole pool."""
    return export_document(store, "roster", ExportRequest(event_id), path)


def write_signin_sheet(
    store: Store,
    event_id: int,
    path: str | Path,
    site: int | None = None,
    *,
    all_sites: bool = False,
) -> Path:
    """签到表 (.xlsx) of the event, of one open site, or one sheet per site."""
    request = ExportRequest(event_id, site=site, all_sites=all_sites)
    return export_document(store, "signin", request, path)


def write_feedback_ledger(
    store: Store, path: str | Path, event_id: int | None = None, today: date | None = None
) -> Path:
    """意见建议台账 of ``event_id`` or of every event; ``today`` decides what is overdue."""
    return export_document(store, "feedback", ExportRequest(event_id, on=today), path)
