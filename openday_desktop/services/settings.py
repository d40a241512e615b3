"""The unit's settings and its own wording of the generated documents.

Settings are checked one by one (``domain.settings.coerce``) and stored together: one bad
value and nothing changes. Document texts are kept per event or as the unit's default; a
passage equal to what the level below says is not stored, so it keeps following that level.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.settings import coerce
from openday_desktop.storage import Store

MAX_TEXT = 20000


def save_settings(store: Store, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check every value, then store them all in one transaction; returns the stored values."""
    cleaned = {key: coerce(key, value) for key, value in values.items()}
    with store.transaction():
        store.settings.set_many(cleaned)
    return cleaned


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
    """Store a document's wording for one event only (what differs from the unit default)."""
    store.events.get(event_id)
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
        store.events.get(event_id)
    program = _program_texts(doc)
    _check_texts(texts)
    with store.transaction():
        store.document_texts.save_overrides(doc, dict(texts), program)
        if event_id is not None:
            store.document_texts.clear(doc, None, event_id)
