"""The card's font, Noto Sans (fontpkg-noto-sans, pinned in the lock): each letter's
outline and advance, read from the font file itself.

A card's words are drawn as these outlines, not as SVG text: the renderer then needs no
font of its own (nothing depends on the machine's fonts), the lines are set by the
letters' true widths, and no text from the data ever reaches the SVG as text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

# The upright face; its default instance (weight 400, width 100) is the regular letter.
FONT_FILE = "NotoSans[wdth,wght].ttf"


@dataclass(frozen=True, slots=True)
class Glyph:
    key: str  # unique within the font: names the outline where the SVG defines it once
    outline: str  # SVG path data in font units, y up; "" for a space
    advance: float  # in em


class Font:
    def __init__(self, path: Path) -> None:
        font = TTFont(path, lazy=True)
        self.units = font["head"].unitsPerEm
        self._cmap = font.getBestCmap()
        self._glyphs = font.getGlyphSet()
        self._advances = font["hmtx"]

    @cache  # noqa: B019 - one font for the life of the process (card_font)
    def glyph(self, character: str) -> Glyph:
        """A letter's glyph; a letter the font lacks is drawn as the font's missing-letter box."""
        name = self._cmap.get(ord(character), ".notdef")
        pen = SVGPathPen(self._glyphs)
        self._glyphs[name].draw(pen)
        return Glyph(f"g{ord(character):x}", pen.getCommands(), self._advances[name][0] / self.units)

    def width(self, text: str, size: float) -> float:
        """The width in px of `text` set at `size` px.

        >>> round(card_font().width("Đạt", 40))
        66
        """
        return sum(self.glyph(c).advance for c in letters(text)) * size


def letters(text: str) -> str:
    """The text in composed form: "ặ" is one letter of the font, not "a" and two marks."""
    return unicodedata.normalize("NFC", text)


@cache
def card_font() -> Font:
    return Font(Path(str(resources.files("fontpkg_noto_sans") / "files" / FONT_FILE)))
