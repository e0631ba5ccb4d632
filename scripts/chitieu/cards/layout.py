"""Lines of text that fit a card: SVG has no text wrapping, so the words are set into
lines here, by the advance widths of Noto Sans (the card's font), rounded up."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Advance widths in em of Noto Sans (units per em / 1000), rounded up; a letter with a
# Vietnamese mark takes its base letter's width (the marks do not advance).
_WIDTHS = {
    **dict.fromkeys(" .,:;'!|·", 0.27),
    **dict.fromkeys("ijlI", 0.27),
    **dict.fromkeys("()[]/", 0.31),
    **dict.fromkeys("ftr", 0.41),
    **dict.fromkeys("sczJ", 0.49),
    **dict.fromkeys("vxyk-–", 0.54),
    **dict.fromkeys("aeL", 0.57),
    **dict.fromkeys("0123456789", 0.58),
    **dict.fromkeys("bdghnopqu?", 0.62),
    **dict.fromkeys("ETFSPZ", 0.60),
    **dict.fromkeys("w%", 0.84),
    **dict.fromkeys("m", 0.93),
    **dict.fromkeys("MW", 0.96),
    **dict.fromkeys("…", 0.80),
}
_CAPITAL = 0.76  # A, B, C, D, G, H, K, N, O, Q, R, U, V, X, Y
_OTHER = 0.80  # anything else: wider than most, so that a line never runs over
SAFETY = 1.04
_BREAKS = re.compile(r"[ \t\n]+")


@cache
def _em(character: str) -> float:
    base = unicodedata.normalize("NFD", character.replace("đ", "d").replace("Đ", "D"))[:1]
    if base in _WIDTHS:
        return _WIDTHS[base]
    return _CAPITAL if base.isupper() else _OTHER


def width(text: str, size: float) -> float:
    """The width in px of `text` set at `size` px, at most what Noto Sans takes.

    >>> round(width("Đạt", 40))
    72
    """
    return sum(_em(c) for c in text) * size * SAFETY


def wrap(text: str, size: float, room: float, most: int) -> tuple[str, ...]:
    """`text` in at most `most` lines of at most `room` px; what does not fit ends in "…".

    >>> wrap("Tổng giá trị sản xuất tăng bình quân", 40, 480, 2)
    ('Tổng giá trị sản xuất', 'tăng bình quân')
    >>> wrap("Tổng giá trị sản xuất tăng bình quân", 40, 480, 1)
    ('Tổng giá trị sản xuất …',)
    """
    lines: list[str] = []
    words = [w for w in _BREAKS.split(text) if w]  # never at a no-break space: "109,67 %" stays whole
    while words and len(lines) < most:
        line = words.pop(0)
        while words and width(f"{line} {words[0]}", size) <= room:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words or (lines and width(lines[-1], size) > room):
        last = lines[-1] if lines else ""
        while last and width(f"{last} …", size) > room:
            last = last[:-1].rstrip()
        lines[-1:] = [f"{last} …" if last else "…"]
    return tuple(lines) or ("",)
