"""Editable document texts: the storage API and how the layers combine."""

from __future__ import annotations

import re

import pytest

from openday_desktop.domain.errors import ValidationError
from openday_desktop.exports.wording import (
    DOC_LABELS,
    DOC_TEXTS,
    PLACEHOLDERS,
    default_texts,
    fill,
)
from openday_desktop.services.documents import resolve_texts
from openday_desktop.storage import Store


def test_get_set_and_clear_per_event_and_unit(demo_store: Store) -> None:
    texts = demo_store.document_texts
    assert texts.get("plan", "goal") is None
    texts.set("plan", "goal", "单位默认")
    texts.set("plan", "goal", "活动专用", event_id=2)
    texts.set("plan", "goal", "单位默认（改）")
    assert texts.get("plan", "goal") == "单位默认（改）"
    assert texts.get("plan", "goal", 2) == "活动专用"
    assert texts.texts("plan", 2) == {"goal": "活动专用"}
    assert texts.texts("plan", 1) == {"goal": "单位默认（改）"}
    texts.clear("plan", "goal", event_id=2)
    assert texts.texts("plan", 2) == {"goal": "单位默认（改）"}
    texts.clear("plan")
    assert texts.texts("plan", 2) == {}


def test_texts_go_with_their_event(demo_store: Store) -> None:
    demo_store.document_texts.set("summary", "shortcomings", "不足", event_id=3)
    demo_store.events.delete(3)
    assert demo_store.document_texts.get("summary", "shortcomings", 3) is None


def test_set_many_is_all_or_nothing(demo_store: Store) -> None:
    with pytest.raises(ValidationError):
        demo_store.document_texts.set_many("notice", {"intro": "好", "period": "长" * 20001})
    assert demo_store.document_texts.texts("notice", None) == {}


def test_resolve_layers_program_unit_event_and_call(demo_store: Store) -> None:
    demo_store.document_texts.set("notice", "intro", "单位")
    demo_store.document_texts.set("notice", "period", "活动", event_id=2)
    resolved = resolve_texts(demo_store, "notice", 2, {"objection": "调用"})
    assert resolved["intro"] == "单位"
    assert resolved["period"] == "活动"
    assert resolved["objection"] == "调用"
    assert resolved["title"] == default_texts("notice")["title"]


def test_every_document_has_labelled_texts_using_known_placeholders() -> None:
    assert set(DOC_TEXTS) == set(DOC_LABELS)
    summary_figures = {
        "registered",
        "selected",
        "present",
        "attendance_rate",
        "feedback_total",
        "on_spot",
        "assigned",
        "answered",
        "completed",
        "completion_rate",
        "overdue",
        "to_assign",
        "adopted",
        "published",
        "on_time_rate",
        "callbacks",
        "callback_satisfaction_rate",
        "questionnaires_valid",
        "satisfaction_rate",
        "today",
        "site",
        "forms",
    }
    for texts in DOC_TEXTS.values():
        keys = [text.key for text in texts]
        assert len(keys) == len(set(keys))
        for text in texts:
            assert text.label and text.default
            for name in re.findall(r"\{(\w+)\}", text.default):
                assert name in PLACEHOLDERS or name in summary_figures, name
    assert fill("{unit_name}", {"unit_name": "某镇"}) == "某镇"
