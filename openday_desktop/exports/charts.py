"""Bar charts as PNG pictures for reports, drawn with Pillow (no Qt, no plotting library).

Chinese labels need a CJK font: the usual Windows fonts (微软雅黑, 黑体, 宋体), the macOS ones,
or on Linux whatever fontconfig offers for Chinese (Noto Sans CJK). Without any, the chart is
still drawn and readable, with labels written in pinyin.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from PIL import Image, ImageDraw, ImageFont

WIDTH = 1600
BAR_COLOUR = (47, 85, 151)
GRID_COLOUR = (217, 217, 217)
TEXT_COLOUR = (38, 38, 38)
BACKGROUND = (255, 255, 255)

_WINDOWS_FONTS = ("msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc", "simkai.ttf")
_OTHER_FONTS = (
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
)


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[str, int] | None:
    """Path and face index of a font with Chinese glyphs, or None when the system has none."""
    windows = os.environ.get("WINDIR")
    if windows:
        for name in _WINDOWS_FONTS:
            candidate = Path(windows) / "Fonts" / name
            if candidate.is_file():
                return str(candidate), 0
    for path in _OTHER_FONTS:
        if Path(path).is_file():
            return path, _simplified_chinese_index(path)
    if shutil.which("fc-match"):
        try:
            output = subprocess.run(
                ["fc-match", "-f", "%{file}|%{index}", "sans-serif:lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            output = ""
        file, _, index = output.partition("|")
        if file and Path(file).is_file() and _has_chinese(file, int(index or 0)):
            return file, int(index or 0)
    return None


def _simplified_chinese_index(path: str) -> int:
    """In a Noto CJK collection, the face named "... SC" (simplified Chinese shapes)."""
    if not path.endswith(".ttc"):
        return 0
    for index in range(10):
        try:
            font = ImageFont.truetype(path, 12, index=index)
        except OSError:
            break
        if (font.getname()[0] or "").endswith(" SC"):
            return index
    return 0


def _has_chinese(path: str, index: int) -> bool:
    try:
        font = ImageFont.truetype(path, 24, index=index)
    except OSError:
        return False
    # A font without the glyph draws its .notdef box for both, identical masks.
    return bytes(font.getmask("中")) != bytes(font.getmask("\uffff"))


class _Writer:
    """Fonts at a few sizes, and text that falls back to pinyin without a CJK font."""

    def __init__(self) -> None:
        self.cjk = find_cjk_font()
        self._fonts: dict[int, Any] = {}

    def font(self, size: int) -> Any:
        if size not in self._fonts:
            if self.cjk is not None:
                self._fonts[size] = ImageFont.truetype(self.cjk[0], size, index=self.cjk[1])
            else:
                self._fonts[size] = ImageFont.load_default(size=size)
        return self._fonts[size]

    def text(self, value: str) -> str:
        if self.cjk is not None or value.isascii():
            return value
        from pypinyin import lazy_pinyin

        return " ".join(lazy_pinyin(value)).replace("  ", " ")


def _text_size(draw: ImageDraw.ImageDraw, text: str, font: Any) -> tuple[int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    return int(right - left), int(bottom - top)


def bar_chart_png(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    target: str | Path | IO[bytes] | None = None,
    *,
    unit: str = "",
    colours: Sequence[tuple[int, int, int]] | None = None,
) -> bytes:
    """A horizontal bar chart with a value at the end of each bar; returns the PNG bytes.

    ``target`` (a path or a binary file) receives the same bytes. Horizontal bars leave room
    for Chinese category names, which read badly when tilted under vertical bars.
    """
    writer = _Writer()
    labels = [writer.text(str(label)) for label in labels]
    title = writer.text(title)
    rows = max(len(labels), 1)
    bar_height, gap = 48, 24
    top, bottom = 130, 60
    height = top + rows * (bar_height + gap) + bottom
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font, label_font, value_font = writer.font(52), writer.font(38), writer.font(36)

    title_width, _ = _text_size(draw, title, title_font)
    draw.text(((WIDTH - title_width) / 2, 36), title, font=title_font, fill=TEXT_COLOUR)

    label_width = max((_text_size(draw, label, label_font)[0] for label in labels), default=0)
    left = min(max(label_width + 60, 200), WIDTH // 2)
    right = WIDTH - 60
    value_room = max(
        (_text_size(draw, f"{value:g}{unit}", value_font)[0] for value in values), default=0
    )
    span = max(right - left - value_room - 20, 100)
    largest = max((float(v) for v in values), default=0.0) or 1.0

    # Light vertical grid lines at quarters of the largest value.
    for quarter in range(5):
        x = left + span * quarter / 4
        draw.line([(x, top - 10), (x, height - bottom + 10)], fill=GRID_COLOUR, width=2)
    draw.line([(left, top - 10), (left, height - bottom + 10)], fill=TEXT_COLOUR, width=3)

    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * (bar_height + gap)
        colour = colours[index % len(colours)] if colours else BAR_COLOUR
        length = span * float(value) / largest
        if length > 0:
            draw.rectangle([left, y, left + length, y + bar_height], fill=colour)
        text_w, text_h = _text_size(draw, label, label_font)
        draw.text(
            (left - 20 - text_w, y + (bar_height - text_h) / 2 - 6),
            label,
            font=label_font,
            fill=TEXT_COLOUR,
        )
        shown = f"{value:g}{unit}"
        _, value_h = _text_size(draw, shown, value_font)
        draw.text(
            (left + length + 14, y + (bar_height - value_h) / 2 - 6),
            shown,
            font=value_font,
            fill=TEXT_COLOUR,
        )

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(200, 200))
    data = buffer.getvalue()
    if target is not None:
        if isinstance(target, (str, Path)):
            Path(target).write_bytes(data)
        else:
            target.write(data)
    return data
