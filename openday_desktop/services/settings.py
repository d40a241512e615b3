"""The unit's settings and its own wording of the generated documents.

Settings are checked one by one (``domain.settings.coerce``) and stored together: one bad
value and nothing changes. Document texts are kept per event or as the unit's default; a
passage equal to what the level below says is not stored, so it keeps following that level.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.settings import coerce, find_spec
from openday_desktop.services.record import require_open_record
from openday_desktop.storage import Store

MAX_TEXT = 20000


def save_settings(store: Store, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check every value, then store those that differ in one transaction; returns what changed.

    Values equal to what is stored are left alone: a dialog that shows every setting saves
    only what the clerk edited, so an untouched placeholder (某某) does not block other changes.
    Raises ValidationError (its ``field`` is the key) before anything is written.
    """
    current = store.settings.all()
    cleaned = {
        key: coerce(key, value) for key, value in values.items() if current.get(key) != value
    }
    changed = {key: value for key, value in cleaned.items() if current.get(key) != value}
    low = int(changed.get("sites_min", current["sites_min"]))
    high = int(changed.get("sites_max", current["sites_max"]))
    if low > high:
        field_name = "sites_min" if "sites_min" in changed else "sites_max"
        raise ValidationError(
            field_name,
            f"开放点最少个数（{low}）不能大于最多个数（{high}），请一并调整。",
        )
    if changed:
        with store.transaction():
            store.settings.set_many(changed)
    return changed


def set_setting(store: Store, name: str, value: Any) -> tuple[str, Any]:
    """Set one setting named by key or Chinese label; returns (key, stored value)."""
    spec = find_spec(name)
    save_settings(store, {spec.key: value})
    return spec.key, store.settings.get(spec.key)


def _program_texts(doc: str) -> dict[str, str]:
    from openday_desktop.exports import wording  # python-docx stays unloaded: wording is plain

    if doc not in wording.DOC_TEXTS:
        raise ValidationError("doc", f"没有名为“{doc}”的文书。")
    return wording.default_texts(doc)


def _check_texts(texts: Mapping[str, str]) -> None:
    for text in texts.values():
        if len(text) > MAX_TEXT:
            raise ValidationError("text", f"文字太长（超过 {MAX_TEXT} 字），请精简后再保存。")


def save_event_texts(store: Store, doc: str, texts: Mapping[str, str], event_id: int) -> None:
    """Store a document's wording for one event only (what differs from the unit default).

    Refused for an archived event: its documents say what was reported.
    """
    require_open_record(store, event_id, "修改文书内容")
    inherited = _program_texts(doc)
    inherited.update(store.document_texts.texts(doc, None))
    _check_texts(texts)
    with store.transaction():
        store.document_texts.save_overrides(doc, dict(texts), inherited, event_id)


def save_default_texts(
    store: Store, doc: str, texts: Mapping[str, str], *, event_id: int | None = None
) -> None:
    """Make a document's wording the unit's default (what differs from the program's).

    When it was edited from an event (``event_id``), that event's own texts are forgotten:
    they are now the default, and the event follows the default again.
    """
    if event_id is not None:
        require_open_record(store, event_id, "修改文书内容")
    program = _program_texts(doc)
    _check_texts(texts)
    with store.transaction():
        store.document_texts.save_overrides(doc, dict(texts), program)
        if event_id is not None:
            store.document_texts.clear(doc, None, event_id)
