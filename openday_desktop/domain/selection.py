"""Selecting people for an event: the status steps of an invitation and the sign-in lookup.

Pure rules; ``services.selection`` and ``services.attendance`` apply them to the database.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import ValidationError
from .models import (
    INV_APPROVED,
    INV_CONFIRMED,
    INV_PUBLISHED,
    INV_REGISTERED,
    INV_REJECTED,
    INV_WITHDRAWN,
    INVITATION_STATUSES,
    Invitation,
    Person,
)
from .search import name_search_keys

# The selection path is 已报名 -> 审核通过 / 未通过 -> 已公示 -> 已确认. Clerks also need to undo a
# review, let a person withdraw at any stage, and take a withdrawn person back.
STATUS_CHANGES: dict[str, tuple[str, ...]] = {
    INV_REGISTERED: (INV_APPROVED, INV_REJECTED, INV_WITHDRAWN),
    INV_APPROVED: (INV_PUBLISHED, INV_REJECTED, INV_REGISTERED, INV_WITHDRAWN),
    INV_REJECTED: (INV_APPROVED, INV_REGISTERED),
    INV_PUBLISHED: (INV_CONFIRMED, INV_APPROVED, INV_WITHDRAWN),
    INV_CONFIRMED: (INV_PUBLISHED, INV_WITHDRAWN),
    INV_WITHDRAWN: (INV_REGISTERED,),
}


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses an invitation in ``status`` may move to (for the GUI's menu)."""
    return STATUS_CHANGES.get(status, ())


def check_status_change(old: str, new: str) -> None:
    """Raise ValidationError (field ``status``) when ``old`` may not become ``new``."""
    if new not in INVITATION_STATUSES:
        raise ValidationError(
            "status", f"状态“{new}”无效，可选：{'、'.join(INVITATION_STATUSES)}。"
        )
    if old == new or new in next_statuses(old):
        return
    allowed = "、".join(next_statuses(old)) or "无"
    raise ValidationError(
        "status",
        f"状态不能从“{old}”直接改为“{new}”（顺序是已报名→审核通过→已公示→已确认），"
        f"“{old}”现在可以改为：{allowed}。",
    )


def check_can_attend(invitation: Invitation, name: str = "") -> None:
    """Raise ValidationError when a person's invitation does not allow signing in."""
    if not invitation.is_active:
        who = f"{name}的" if name else ""
        raise ValidationError(
            "status",
            f"{who}报名状态是“{invitation.status}”，不在本次活动名单中；"
            "如确需参加，请先把状态改回“已报名”，或按现场报名添加。",
        )


Entry = tuple[Invitation, Person]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if "0" <= ch <= "9")


def find_for_signin(
    entries: Sequence[Entry], text: str, *, include_inactive: bool = False
) -> list[Entry]:
    """The people on an event's list that a sign-in desk entry ``text`` points to, best first.

    Digits (3 or more) match the end of the phone number, then the end of the ID number
    (``5678`` finds 138****5678). Letters and characters match the name, its full pinyin or its
    initials (``wf`` and ``wangf`` find 王芳). Exact name and initials matches come first.
    Rejected and withdrawn people are left out unless ``include_inactive``.
    """
    query = "".join(text.split()).lower()
    if not query:
        return []
    candidates = [entry for entry in entries if include_inactive or entry[0].is_active]
    ranked: list[tuple[int, int, Entry]] = []
    if query.isascii() and query.isdigit():
        if len(query) < 3:
            return []
        for order, entry in enumerate(candidates):
            person = entry[1]
            if _digits(person.phone).endswith(query):
                ranked.append((0, order, entry))
            elif person.id_number.lower().endswith(query):
                ranked.append((1, order, entry))
    else:
        for order, entry in enumerate(candidates):
            name = entry[1].name
            full, initials = name_search_keys(name)
            if query == name.lower() or query == initials:
                rank = 0
            elif name.lower().startswith(query) or initials.startswith(query):
                rank = 1
            elif full.startswith(query):
                rank = 2
            elif query in name.lower() or query in full:
                rank = 3
            else:
                continue
            ranked.append((rank, order, entry))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [entry for _, _, entry in ranked]
