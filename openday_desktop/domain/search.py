"""Search keys for names: full pinyin and initials, so ``wf`` finds 王芳."""

from __future__ import annotations


def name_search_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin without tones, initials), both lower case, for a Chinese name."""
    if not name:
        return "", ""
    from pypinyin import Style, lazy_pinyin  # loaded on first write, not at start-up

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="default")
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials
