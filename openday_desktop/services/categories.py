"""Managing representative categories (代表类别) and relabelling people in bulk.

Names and synonyms share one space: a text may mean one category only, otherwise an import could
not tell which was meant. Renaming keeps the old name as a synonym (rosters made earlier still
say it) and moves people and event quotas along; merging moves people and quotas into the target,
which takes over the merged category's name and synonyms as its own synonyms. 其他 stays last
when a category is added.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openday_desktop.domain.categories import (
    OTHER_CATEGORY,
    Category,
    CategoryMatcher,
    category_key,
)
from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import PERSON_SOURCES
from openday_desktop.storage.database import Store

NAME_LIMIT = 20


def _clean(text: str) -> str:
    return " ".join(text.split())


def _owner(categories: Sequence[Category], text: str, *, skip: int | None = None) -> str | None:
    """The category (other than ``skip``) whose name or synonym is ``text``, if any."""
    key = category_key(text)
    for category in categories:
        if category.id == skip:
            continue
        if key in {category_key(t) for t in (category.name, *category.synonyms)}:
            return category.name
    return None


def _check_name(categories: Sequence[Category], name: str, *, skip: int | None = None) -> str:
    name = _clean(name)
    if not name:
        raise ValidationError("name", "类别名称不能为空，请输入名称。")
    if len(name) > NAME_LIMIT:
        raise ValidationError("name", f"类别名称最多{NAME_LIMIT}个字，请改短一些。")
    owner = _owner(categories, name, skip=skip)
    if owner == name:
        raise ValidationError("name", f"类别“{name}”已经存在，请换一个名称。")
    if owner is not None:
        raise ValidationError(
            "name",
            f"“{name}”已是类别“{owner}”的同义词。要单列它，请先在“{owner}”中删去这个同义词。",
        )
    return name


def _check_synonym(categories: Sequence[Category], category: Category, text: str) -> str | None:
    """The cleaned synonym, None when the category already has it; raises when another has."""
    text = _clean(text)
    if not text:
        raise ValidationError("synonym", "同义词不能为空，请输入文字。")
    if len(text) > NAME_LIMIT * 2:
        raise ValidationError("synonym", f"同义词最多{NAME_LIMIT * 2}个字，请改短一些。")
    key = category_key(text)
    if key in {category_key(t) for t in (category.name, *category.synonyms)}:
        return None
    owner = _owner(categories, text, skip=category.id)
    if owner is not None:
        raise ValidationError(
            "synonym",
            f"“{text}”已是类别“{owner}”的名称或同义词，一个词只能对应一个类别。",
        )
    return text


def _find(categories: Sequence[Category], category_id: int) -> Category:
    for category in categories:
        if category.id == category_id:
            return category
    raise NotFoundError(f"编号为{category_id}的代表类别不存在，可能已被合并，请刷新后重试。")


def _renumber(store: Store, ordered: Sequence[Category]) -> None:
    for position, category in enumerate(ordered):
        if category.position != position:
            category.position = position
            store.categories.update(category)


def add_category(
    store: Store, name: str, synonyms: Iterable[str] = (), *, citizen: bool = False
) -> Category:
    """Add a category (before 其他 when 其他 is last); returns it with its id."""
    categories = store.categories.list()
    name = _check_name(categories, name)
    probe = Category(name)
    cleaned: list[str] = []
    for text in synonyms:
        if not _clean(text):
            continue
        synonym = _check_synonym(categories, probe, text)
        if synonym is not None and category_key(synonym) not in map(category_key, cleaned):
            cleaned.append(synonym)
    with store.transaction():
        new_id = store.categories.add(name, cleaned, citizen=citizen)
        ordered = store.categories.list()
        others = [c for c in ordered if c.name == OTHER_CATEGORY]
        if others and len(ordered) > 1 and ordered[-2].name == OTHER_CATEGORY:
            # The new one went after 其他: put 其他 back at the end.
            ordered = [c for c in ordered if c.name != OTHER_CATEGORY] + others
            _renumber(store, ordered)
    return store.categories.get(new_id)


def rename_category(store: Store, category_id: int, new_name: str) -> int:
    """Rename a category; its people and quotas follow. Returns how many people changed."""
    categories = store.categories.list()
    category = _find(categories, category_id)
    new_name = _clean(new_name)
    if new_name == category.name:
        return 0
    if category_key(new_name) in map(category_key, category.synonyms):
        synonyms = [s for s in category.synonyms if category_key(s) != category_key(new_name)]
    else:
        new_name = _check_name(categories, new_name, skip=category_id)
        synonyms = list(category.synonyms)
    old_name = category.name
    with store.transaction():
        moved = store.categories.relabel_people(old_name, new_name)
        store.categories.move_quotas(old_name, new_name)
        category.name = new_name
        # Rosters made before the rename still say the old name.
        category.synonyms = [*synonyms, old_name]
        store.categories.update(category)
    return moved


def merge_category(store: Store, source_id: int, target_id: int) -> int:
    """Merge ``source`` into ``target``: people, quotas, name and synonyms. Returns people moved."""
    if source_id == target_id:
        raise ValidationError("target", "不能把类别合并到它自己，请选择另一个类别。")
    categories = store.categories.list()
    source = _find(categories, source_id)
    target = _find(categories, target_id)
    synonyms = list(target.synonyms)
    for text in (source.name, *source.synonyms):
        if category_key(text) not in {category_key(t) for t in (target.name, *synonyms)}:
            synonyms.append(text)
    with store.transaction():
        moved = store.categories.relabel_people(source.name, target.name)
        store.categories.move_quotas(source.name, target.name)
        store.categories.delete(source_id)
        target.synonyms = synonyms
        store.categories.update(target)
        _renumber(store, [c for c in categories if c.id != source_id])
    return moved


def move_category(store: Store, category_id: int, offset: int) -> int:
    """Move a category ``offset`` places up (negative) or down; returns its new position."""
    ordered = store.categories.list()
    category = _find(ordered, category_id)
    index = ordered.index(category)
    new_index = max(0, min(len(ordered) - 1, index + offset))
    if new_index == index:
        return index
    ordered.insert(new_index, ordered.pop(index))
    with store.transaction():
        _renumber(store, ordered)
    return new_index


def reorder_categories(store: Store, category_ids: Sequence[int]) -> None:
    """Put the categories in this order (every category exactly once)."""
    ordered = store.categories.list()
    by_id = {c.id: c for c in ordered}
    if sorted(category_ids) != sorted(i for i in by_id if i is not None):
        raise ValidationError("order", "类别顺序不完整或有重复，请刷新后重试。")
    with store.transaction():
        _renumber(store, [by_id[i] for i in category_ids])


def set_citizen(store: Store, category_id: int, citizen: bool) -> Category:
    """Mark whether a category's people count as citizens (群众) for the one-third rule."""
    category = _find(store.categories.list(), category_id)
    if category.citizen != citizen:
        category.citizen = citizen
        with store.transaction():
            store.categories.update(category)
    return category


def add_synonym(store: Store, category_id: int, text: str) -> Category:
    """Let ``text`` mean this category from now on (imports and typing)."""
    categories = store.categories.list()
    category = _find(categories, category_id)
    synonym = _check_synonym(categories, category, text)
    if synonym is not None:
        category.synonyms = [*category.synonyms, synonym]
        with store.transaction():
            store.categories.update(category)
    return category


def remove_synonym(store: Store, category_id: int, text: str) -> Category:
    """Forget a synonym (people already stored keep their category)."""
    category = _find(store.categories.list(), category_id)
    key = category_key(text)
    kept = [s for s in category.synonyms if category_key(s) != key]
    if len(kept) == len(category.synonyms):
        raise ValidationError("synonym", f"“{text}”不是类别“{category.name}”的同义词。")
    category.synonyms = kept
    with store.transaction():
        store.categories.update(category)
    return category


def set_synonyms(store: Store, category_id: int, texts: Iterable[str]) -> Category:
    """Replace a category's synonyms with ``texts`` (blank lines and repeats dropped)."""
    categories = store.categories.list()
    category = _find(categories, category_id)
    probe = Category(category.name, [], id=category.id)
    for text in texts:
        if not _clean(text):
            continue
        synonym = _check_synonym(categories, probe, text)
        if synonym is not None:
            probe.synonyms.append(synonym)
    category.synonyms = probe.synonyms
    with store.transaction():
        store.categories.update(category)
    return category


def bulk_edit_people(
    store: Store,
    person_ids: Iterable[int],
    *,
    category: str | None = None,
    source: str | None = None,
) -> int:
    """Give all these people this category and/or source in one step; returns how many."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise ValidationError("people", "没有选中任何代表，请先在列表中选中要修改的人。")
    if category is None and source is None:
        raise ValidationError("category", "请选择要改成的代表类别或来源。")
    if category is not None:
        categories = store.categories.list()
        matched = CategoryMatcher(categories).match(category)
        if matched is None:
            raise ValidationError(
                "category",
                f"代表类别“{category}”不在类别列表中，请先在“设置 → 代表类别…”中添加。",
            )
        category = matched
    if source is not None and source not in PERSON_SOURCES:
        raise ValidationError(
            "source", f"来源“{source}”无法识别，可选：{'、'.join(PERSON_SOURCES)}。"
        )
    known = set(store.people.get_many(ids))
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFoundError(
            f"编号为{'、'.join(map(str, missing[:5]))}的代表不存在，可能已被删除，请刷新后重试。"
        )
    with store.transaction():
        return store.categories.set_people_fields(ids, category=category, source=source)
