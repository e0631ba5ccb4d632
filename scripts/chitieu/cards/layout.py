"""Lines of text that fit a card: SVG has no text wrapping, so the words are set into
lines here, by the widths of the card font's own letters (cards/font.py)."""

from __future__ import annotations

import re

from chitieu.cards.font import card_font

# Where a line may break: never at a no-break space, so that "109,67 %" stays whole.
_BREAKS = re.compile(r"[ \t\n]+")


def width(text: str, size: float) -> float:
    """The width in px of `text` set at `size` px.

    >>> round(width("Đạt", 40))
    66
    """
    return card_font().width(text, size)


def wrap(text: str, size: float, room: float, most: int) -> tuple[str, ...]:
    """`text` in at most `most` lines of at most `room` px; what does not fit ends in "…".

    >>> wrap("Tổng giá trị sản xuất tăng bình quân", 40, 420, 2)
    ('Tổng giá trị sản xuất', 'tăng bình quân')
    >>> wrap("Tổng giá trị sản xuất tăng bình quân", 40, 420, 1)
    ('Tổng giá trị sản …',)
    """
    lines: list[str] = []
    words = [w for w in _BREAKS.split(text) if w]
    while words and len(lines) < most:
        line = words.pop(0)
        while words and width(f"{line} {words[0]}", size) <= room:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words or (lines and width(lines[-1], size) > room):
        last = lines[-1] if lines else ""
        while last and width(f"{last} …", size) > room:  # whole words first, a long one by letters
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1:] = [f"{last} …" if last else "…"]
    return tuple(lines) or ("",)
