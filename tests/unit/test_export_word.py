"""The Word documents read back: content, figures, privacy of the notice, editable texts."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from openday_desktop.domain.masking import mask_name
from openday_desktop.domain.models import INV_CONFIRMED, INV_REJECTED, Invitation, Person
from openday_desktop.exports.safety import ExportError
from openday_desktop.services.documents import (
    write_invitations,
    write_notice,
    write_plan,
    write_summary,
)
from openday_desktop.storage import Store

PAST, UPCOMING, PLANNING = 1, 2, 3


@pytest.fixture
def office(demo_store: Store) -> Store:
    demo_store.settings.set_many(
        {
            "contact_person": "周敏",
            "contact_phone": "0571-12345678",
            "leading_group": "组长：王志强（镇长）\n副组长：\n成员：各办（站、所）负责人",
        }
    )
    return demo_store


def all_text(path: Path) -> str:
    """Every piece of text in every XML part of a .docx (body, tables, footers, properties)."""
    chunks = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                chunks += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
                chunks.append(re.sub(r"<[^>]+>", " ", xml))
    return "\n".join(chunks)


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def table_cells(path: Path, index: int = 0) -> list[list[str]]:
    table = Document(str(path)).tables[index]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_plan_has_every_part_in_order(office: Store, tmp_path: Path) -> None:
    path = write_plan(office, UPCOMING, tmp_path / "plan.docx", on=date(2026, 5, 20))
    texts = paragraphs(path)
    headings = [t for t in texts if re.match(r"^[一二三四五六]、", t)]
    assert headings == [
        "一、总体目标",
        "二、活动主题",
        "三、活动时间和地点",
        "四、邀请对象",
        "五、活动内容和方式",
        "六、工作要求",
    ]
    body = "\n".join(texts)
    assert texts[0].endswith("的实施方案")
    assert "《县人民政府办公室关于开展政府开放日活动的通知》（某政办发〔2026〕12号）" in body
    assert "优化营商环境，服务百姓民生" in body
    # Every open site with its time slot.
    assert "1.镇便民服务中心（镇政府一楼大厅），8:40—9:30，讲解：党政办 周敏。" in texts
    assert any(t.startswith("2.镇综合文化站（文化路18号），9:40—10:20") for t in texts)
    # Numbers per category from the quotas.
    assert "人大代表5名；政协委员3名；群众代表16名" in body
    assert "拟邀请各界代表40名" in body
    # Each chosen form with what happens and where.
    for form in ("浏览介绍", "实地观摩", "座谈交流"):
        assert any(t.startswith("（") and f"{form}。" in t for t in texts)
    assert any("浏览介绍。在镇便民服务中心（镇政府一楼大厅）" in t for t in texts)
    # Work requirements: leading group (empty labels left out), publicity, deadlines, contact.
    assert "组长：王志强（镇长）" in texts
    assert "副组长：" not in texts
    assert "5个工作日内公开" in body
    assert "10个工作日内研究办理" in body
    assert "联系人：周敏，联系电话：0571-12345678。" in body
    assert texts[-2:] == ["青石镇人民政府", "2026年5月20日"]


def test_plan_opens_with_the_guiding_idea_which_can_be_edited(
    office: Store, tmp_path: Path
) -> None:
    texts = paragraphs(write_plan(office, UPCOMING, tmp_path / "plan.docx"))
    assert texts[1].startswith("坚持以人民为中心的发展思想")
    assert texts[2].startswith("为深入推进政务公开")
    edited = write_plan(
        office, UPCOMING, tmp_path / "p2.docx", texts={"guiding": "本单位的指导思想。"}
    )
    assert paragraphs(edited)[1] == "本单位的指导思想。"


def test_notice_asks_for_phone_objections_only_with_a_phone(office: Store, tmp_path: Path) -> None:
    with_phone = "\n".join(paragraphs(write_notice(office, UPCOMING, tmp_path / "a.docx")))
    assert "请以书面或电话方式向" in with_phone
    assert "联系电话：0571-12345678" in with_phone
    office.settings.set_many({"contact_phone": ""})
    without = "\n".join(paragraphs(write_notice(office, UPCOMING, tmp_path / "b.docx")))
    assert "电话" not in without
    assert "以书面形式或当面向" in without
    assert "（联系人：周敏）" in without


def test_plan_run_of_show_table(office: Store, tmp_path: Path) -> None:
    path = write_plan(office, UPCOMING, tmp_path / "plan.docx")
    rows = table_cells(path)
    assert rows[0] == ["时间", "活动内容", "地点", "负责人"]
    assert rows[1][0] == "8:30-8:40" and "签到" in rows[1][1]
    assert rows[2][:3] == ["8:40-9:30", "参观镇便民服务中心，听取情况介绍", "镇政府一楼大厅"]
    assert rows[-1][0] == "10:20-11:00" and rows[-1][1].startswith("座谈交流")
    header = Document(str(path)).tables[0].rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None


def test_plan_numbers_come_from_the_list_without_quotas(office: Store, tmp_path: Path) -> None:
    body = "\n".join(paragraphs(write_plan(office, PAST, tmp_path / "p.docx")))
    assert "拟邀请各界代表62名" in body


def _selected(store: Store, event_id: int) -> list[Person]:
    return [
        person
        for invitation, person in store.invitations.for_event(event_id)
        if invitation.status in ("审核通过", "已公示", "已确认")
    ]


def test_notice_has_no_id_number_and_no_phone_of_anyone(office: Store, tmp_path: Path) -> None:
    path = write_notice(office, UPCOMING, tmp_path / "notice.docx", start=date(2026, 6, 1))
    text = all_text(path)
    people = office.people.list()
    assert people
    for person in people:
        assert person.id_number and person.id_number not in text
        assert person.phone and person.phone not in text
    assert not re.search(r"\d{17}[\dX]", text)
    assert not re.search(r"1[3-9]\d{9}", text)


def test_notice_lists_the_selected_with_place_and_category(office: Store, tmp_path: Path) -> None:
    path = write_notice(office, UPCOMING, tmp_path / "notice.docx", start=date(2026, 6, 1))
    rows = table_cells(path)
    selected = _selected(office, UPCOMING)
    assert rows[0] == ["序号", "姓名", "村（社区）或单位", "代表类别"]
    assert len(rows) - 1 == len(selected)
    by_name = {p.name: p for p in selected}
    for _, name, place, category in rows[1:]:
        assert by_name[name].category == category
        assert place == by_name[name].village
    body = "\n".join(paragraphs(path))
    assert f"拟确定以下{len(selected)}名同志" in body
    # Five working days from Monday 1 June 2026.
    assert "公示时间：2026年6月1日至2026年6月5日（5个工作日）。" in body
    assert "青石镇党政办公室" in body and "0571-12345678" in body


def test_notice_masks_names_when_the_setting_says_so(office: Store, tmp_path: Path) -> None:
    office.settings.set("mask_names_in_notice", True)
    rows = table_cells(write_notice(office, UPCOMING, tmp_path / "n.docx"))
    names = {p.name for p in _selected(office, UPCOMING)}
    shown = [row[1] for row in rows[1:]]
    assert all("*" in name for name in shown)
    assert sorted(shown) == sorted(mask_name(n) for n in names)
    text = all_text(tmp_path / "n.docx")
    assert not any(name in text for name in names)


def test_invitations_one_page_per_confirmed_person(office: Store, tmp_path: Path) -> None:
    confirmed = [p for inv, p in office.invitations.for_event(PAST) if inv.status == INV_CONFIRMED]
    path = write_invitations(
        office, PAST, tmp_path / "inv.docx", on=date(2026, 3, 10), as_of_step=True
    )
    document = Document(str(path))
    titles = [p for p in document.paragraphs if p.text == "邀请函"]
    assert len(titles) == len(confirmed) == 62
    breaks = [p for p in titles if p.paragraph_format.page_break_before]
    assert len(breaks) == len(confirmed) - 1
    salutations = [p.text for p in document.paragraphs if p.text.startswith("尊敬的")]
    expected = {f"尊敬的{p.name}{'先生' if p.sex == '男' else '女士'}：" for p in confirmed}
    assert set(salutations) == expected
    body = "\n".join(p.text for p in document.paragraphs)
    assert "2026年3月23日（星期一）上午8:30—11:30" in body
    assert "集合地点：镇便民服务中心（镇政府一楼大厅）" in body
    assert not list(document.sections[0].footer._element.iter(qn("w:instrText")))


def test_invitations_refused_without_anyone_approved(office: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="审核通过"):
        write_invitations(office, PLANNING, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_invitations_go_to_everyone_on_the_notice(office: Store, tmp_path: Path) -> None:
    """After the 公示 and before anyone confirmed: the approved and published get letters, the
    unreviewed and the rejected do not; the letters name exactly the notice's people."""
    pairs = office.invitations.for_event(UPCOMING)
    invited = {p.name for inv, p in pairs if inv.status in ("审核通过", "已公示", "已确认")}
    left_out = {p.name for inv, p in pairs if inv.status in ("已报名", "未通过")}
    assert invited and left_out
    path = write_invitations(office, UPCOMING, tmp_path / "inv.docx", on=date(2026, 6, 12))
    salutations = [p for p in paragraphs(path) if p.startswith("尊敬的")]
    named = {re.sub(r"^尊敬的(.+?)(先生|女士|同志)：$", r"\1", s) for s in salutations}
    assert named == invited
    notice = write_notice(office, UPCOMING, tmp_path / "n.docx", start=date(2026, 6, 1))
    assert {row[1] for row in table_cells(notice)[1:]} == invited


def test_invitation_invites_in_the_category_without_conferring_it(
    office: Store, tmp_path: Path
) -> None:
    path = write_invitations(
        office, PAST, tmp_path / "inv.docx", on=date(2026, 3, 10), as_of_step=True
    )
    body = "\n".join(paragraphs(path))
    assert "您被确定为" not in body
    assert "诚挚邀请您以人大代表身份参加本次活动" in body


def test_someone_outside_the_named_categories_is_invited_as_a_guest(
    office: Store, tmp_path: Path
) -> None:
    _, person = next(
        (inv, p) for inv, p in office.invitations.for_event(PAST) if inv.status == INV_CONFIRMED
    )
    person.category = "其他"
    office.people.update(person)
    path = write_invitations(
        office, PAST, tmp_path / "inv.docx", on=date(2026, 3, 10), as_of_step=True
    )
    body = "\n".join(paragraphs(path))
    assert "以其他身份" not in body
    assert "诚挚邀请您以特邀代表身份参加本次活动" in body


def test_summary_figures_charts_and_appendix(office: Store, tmp_path: Path) -> None:
    path = write_summary(office, PAST, tmp_path / "summary.docx", on=date(2026, 6, 1))
    document = Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    present = sum(1 for inv, _ in office.invitations.for_event(PAST) if inv.attendance == "已签到")
    assert f"实到{present}人" in body
    # Only items actually handed over count as 交有关单位办理; 待交办 ones are said apart.
    assert "活动共收集意见建议20条，其中当场答复2条，交有关单位办理16条，尚待交办2条" in body
    assert "办结率50%" in body
    assert "已办结8条" in body and "办结率50%" in body
    assert "四、存在的不足" in body and "五、下一步工作打算" in body
    assert "1.镇便民服务中心（镇政府一楼大厅）：9:00—9:40，由党政办 周敏讲解。" in body
    assert "附件：意见建议办理情况一览表" in body
    assert len(document.inline_shapes) == 2
    attendance = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert attendance[0] == ["代表类别", "报名人数", "入选人数", "实到人数", "到会率"]
    assert attendance[-1][0] == "合计" and attendance[-1][3] == str(present)
    # The list against who came, judged on attendance.
    rules = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert rules[0] == ["项目", "名单", "实到", "实到是否达到要求"]
    assert rules[1][2] == f"{present}人" and rules[-1][0].startswith("群众代表占比")
    assert "按规则对照，名单" in body
    appendix = document.tables[2]
    assert len(appendix.rows) == 21
    assert appendix.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_texts_per_event_and_unit_default(office: Store, tmp_path: Path) -> None:
    office.document_texts.set("plan", "goal", "单位自定的总体目标：{unit_name}。")
    office.document_texts.set("plan", "goal", "这次活动专门的目标。", event_id=UPCOMING)
    upcoming = "\n".join(paragraphs(write_plan(office, UPCOMING, tmp_path / "a.docx")))
    past = "\n".join(paragraphs(write_plan(office, PAST, tmp_path / "b.docx")))
    assert "这次活动专门的目标。" in upcoming and "单位自定" not in upcoming
    assert "单位自定的总体目标：青石镇人民政府。" in past
    passed = "\n".join(
        paragraphs(
            write_plan(office, PAST, tmp_path / "c.docx", texts={"goal": "临时文字\x00{unknown}"})
        )
    )
    assert "临时文字{unknown}" in passed


def test_user_text_with_control_characters_does_not_break_word(
    office: Store, tmp_path: Path
) -> None:
    person = Person(name="李\x0b四", category="群众代表", village="青石\x01村")
    person_id = office.people.add(person)
    office.invitations.invite(Invitation(UPCOMING, person_id, status="已公示"))
    path = write_notice(office, UPCOMING, tmp_path / "n.docx")
    names = [row[1] for row in table_cells(path)]
    assert "李四" in names


def test_rejected_people_are_not_in_the_notice(office: Store, tmp_path: Path) -> None:
    rejected = [
        p.name for inv, p in office.invitations.for_event(UPCOMING) if inv.status == INV_REJECTED
    ]
    assert rejected
    names = {row[1] for row in table_cells(write_notice(office, UPCOMING, tmp_path / "n.docx"))}
    assert not names & set(rejected)


def test_a_failed_save_leaves_no_file(
    office: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx.document import Document as DocxDocument

    def broken_save(self: object, path: str) -> None:
        Path(path).write_bytes(b"PK half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(DocxDocument, "save", broken_save)
    with pytest.raises(ExportError, match="磁盘空间不足"):
        write_plan(office, UPCOMING, tmp_path / "plan.docx")
    assert [p.name for p in tmp_path.iterdir() if ".docx" in p.name] == []


@pytest.mark.parametrize("name", ["plan", "notice", "invitations", "summary", "questionnaire"])
def test_word_files_carry_the_unit_and_no_template_leftovers(
    office: Store, tmp_path: Path, name: str
) -> None:
    from datetime import UTC, datetime, timedelta

    from openday_desktop.services.documents import ExportRequest, export_document

    event = {
        "plan": UPCOMING,
        "notice": UPCOMING,
        "invitations": UPCOMING,
        "questionnaire": None,
    }.get(name, PAST)
    path = export_document(office, name, ExportRequest(event), tmp_path / f"{name}.docx")
    props = Document(str(path)).core_properties
    assert props.author == props.last_modified_by == "青石镇人民政府"
    assert props.title and "python-docx" not in (props.comments or "")
    assert props.language == "zh-CN"
    now = datetime.now(UTC)
    created = props.created.replace(tzinfo=UTC)
    assert now - timedelta(minutes=5) < created <= now + timedelta(seconds=1)
    assert props.modified == props.created
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        rels = archive.read("_rels/.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
        settings = archive.read("word/settings.xml").decode()
        extended = archive.read("docProps/app.xml").decode()
    assert "<Application>政府开放日助手</Application>" in extended
    assert "<Company>青石镇人民政府</Company>" in extended and "Microsoft" not in extended
    assert "docProps/thumbnail.jpeg" not in names
    assert "thumbnail" not in rels and "jpeg" not in types
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)


def test_signature_keeps_with_the_text_above(office: Store, tmp_path: Path) -> None:
    for path in (
        write_summary(office, PAST, tmp_path / "s.docx", on=date(2026, 6, 1)),
        write_invitations(office, PAST, tmp_path / "i.docx", on=date(2026, 3, 10), as_of_step=True),
    ):
        document = Document(str(path))
        texts = [p.text for p in document.paragraphs]
        last = max(i for i, t in enumerate(texts) if t == "青石镇人民政府")

        def keeps(paragraph: Any) -> bool:
            own = paragraph.paragraph_format.keep_with_next
            return bool(own if own is not None else paragraph.style.paragraph_format.keep_with_next)

        unit, day = document.paragraphs[last], document.paragraphs[last + 1]
        assert keeps(unit) and day.text.endswith("日") and not keeps(day)
        assert unit.style.paragraph_format.keep_together
        # Back to the last paragraph of body text, everything keeps with the next.
        index = last - 1
        while not texts[index].strip() or texts[index].startswith("附件"):
            assert keeps(document.paragraphs[index])
            index -= 1
        body = document.paragraphs[index].paragraph_format
        assert body.keep_with_next and body.keep_together
