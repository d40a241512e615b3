"""Search keys for names: full pinyin and initials, so ``wf`` finds 王芳."""

from __future__ import annotations

from functools import lru_cache


# Names repeat a lot in a township (王芳, 李建国 ...): a cache makes a 10,000-row import pay
# for pypinyin's phrase segmentation once per distinct name.
@lru_cache(maxsize=65536)
def name_search_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin without tones, initials), both lower case, for a Chinese name."""
    if not name:
        return "", ""
    from pypinyin import Style, lazy_pinyin  # loaded on first write, not at start-up

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="default")
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials


def search_text(*fields: str) -> str:
    """One lower-case haystack for a record: fields joined by a separator no query contains."""
    return "\x1f".join(field.lower() for field in fields if field)


class SearchIndex:
    """Instant filtering over precomputed haystacks (100,000 people in a few milliseconds).

    A query is split on spaces; a record matches when every term occurs in its haystack, so
    ``wf`` finds 王芳 through her initials, ``5678`` the last digits of a phone or ID number,
    and ``青石 人大`` a deputy from 青石村.
    """

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts

    def __len__(self) -> int:
        return len(self._texts)

    def filter(self, query: str) -> list[int] | None:
        """Positions of matching records in order, or None when the query is empty (all match)."""
        terms = query.lower().split()
        if not terms:
            return None
        texts = self._texts
        first, *rest = terms
        hits = [i for i, text in enumerate(texts) if first in text]
        for term in rest:
            hits = [i for i in hits if term in texts[i]]
        return hits
