"""The share cards as a reader sees them: decoded and read pixel by pixel in Chromium.

A card's lines are set by its font's letter widths (cards/layout.py); this holds the layout
to the rendered pixels: no ink in the margins, even for the widest names, and words on
every card."""

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from chitieu import assess, cards
from chitieu.ingest import load
from chitieu.records import Assessment

# Capitals and wide letters with Vietnamese marks: the widest text a name can hold.
WIDEST = "ĐƯỜNG MỞ RỘNG WƯỚM MẪU HỮU ĐỒNG " * 6

# The card's pixels, read in the page: how many dark pixels lie in the margins and inside.
COUNT_INK = """async (source) => {
  const image = new Image();
  image.src = source;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let margin = 0, inside = 0;
  for (let y = 16; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if (data[i] + data[i + 1] + data[i + 2] > 600) continue;
      if (x < 40 || x >= image.width - 40 || y >= image.height - 12) margin++;
      else inside++;
    }
  }
  return { width: image.width, height: image.height, margin, inside };
}"""


@pytest.fixture(scope="module")
def card_files(snapshot_descriptor: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    package = load(snapshot_descriptor)
    assessments = list(assess.assess(package))

    def widest(a: Assessment) -> Assessment:
        wide = dataclasses.replace(a.indicator, name_vi=WIDEST, name_en=WIDEST, unit_vi="MW", unit_en="MW")
        return dataclasses.replace(a, indicator=wide)

    assessments += [widest(a) for a in assessments[:3]]
    drawn = cards.draw(package, assessments, ("vi", "en"), tmp_path_factory.mktemp("cards"))
    return sorted({card.image.source for card in drawn})


def test_every_card_keeps_its_words_off_the_margins(browser: Browser, card_files: list[Path]) -> None:
    page = browser.new_page()
    try:
        for file in card_files:
            source = "data:image/png;base64," + base64.b64encode(file.read_bytes()).decode()
            seen = page.evaluate(COUNT_INK, source)
            assert (seen["width"], seen["height"]) == (1200, 630), file
            assert seen["margin"] == 0, file
            assert seen["inside"] > 5000, file  # the words were drawn
    finally:
        page.close()
