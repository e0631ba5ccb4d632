"""The share cards: what a shared link's picture says, in each language, and that every
line stays on the card."""

from __future__ import annotations

import dataclasses
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chitieu import assess, cards
from chitieu.cards.layout import width, wrap
from chitieu.ingest import load
from chitieu.records import Assessment, Package

GRAIN = "kt-2020-2025-grain-output"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def package(snapshot_descriptor: Path) -> Package:
    return load(snapshot_descriptor)


@pytest.fixture(scope="module")
def assessments(package: Package) -> tuple[Assessment, ...]:
    return assess.assess(package)


def drawings(package: Package, assessments: tuple[Assessment, ...]) -> list[cards.Drawing]:
    return [
        *(cards.indicator_card(package, a, language) for language in ("vi", "en") for a in assessments),
        *(
            cards.resolution_card(package, r, language)
            for language in ("vi", "en")
            for r in package.resolutions
        ),
    ]


@given(st.text(alphabet="aAmMWiĐặướỹ .,\u00a0", min_size=1, max_size=300), st.integers(1, 4))
def test_wrapped_lines_fit_and_only_the_tail_is_cut(text: str, most: int) -> None:
    lines = wrap(text, 40, 600, most)
    assert 1 <= len(lines) <= most
    assert all(width(line, 40) <= 600 for line in lines)
    if not lines[-1].endswith("…"):
        assert " ".join(lines).split() == " ".join(text.split(" ")).split()


def test_every_line_of_every_card_stays_on_it_and_clear_of_the_next(
    package: Package, assessments: tuple[Assessment, ...]
) -> None:
    for drawing in drawings(package, assessments):
        lines = sorted(drawing.lines, key=lambda line: line.y)
        for line in lines:
            assert line.x + width(line.text, line.size) <= cards.WIDTH - cards.MARGIN, line
            assert line.size <= line.y <= cards.HEIGHT - 24, line
        for above, below in itertools.pairwise(lines):
            assert below.y - above.y >= below.size, (drawing.page, drawing.language, above, below)


def test_a_targets_card_says_its_status_figure_date_and_source_in_the_pages_language(
    package: Package, assessments: tuple[Assessment, ...]
) -> None:
    grain = next(a for a in assessments if a.indicator.id == GRAIN)
    vi, en = (cards.indicator_card(package, grain, language) for language in ("vi", "en"))
    assert vi.said == (
        "Đảng bộ thị xã Kiến Tường, 2020–2025",
        "Sản lượng lương thực bình quân hằng năm",
        "Vượt chỉ tiêu",
        "Số liệu mới nhất: trên 182.000 tấn (ước) (2020–2023; ngày 23/09/2023)",
        "đạt 109,67\u00a0% chỉ tiêu",
        "Chỉ tiêu suy ra từ tỷ lệ % được báo cáo: trên 165.952 tấn",
        "Nguồn: Báo Long An",
    )
    assert "Exceeded" in en.said and "Source: Báo Long An" in en.said
    assert vi.icon == "exceeded" and vi.page == f"indicators/{GRAIN}.md"


def test_a_resolutions_card_draws_its_latest_count_as_parts_of_its_targets(
    package: Package,
) -> None:
    term = next(r for r in package.resolutions if r.id == "kt-2020-2025")
    card = cards.resolution_card(package, term, "vi")
    assert "Đạt và vượt: 10 · Chưa rõ: 8" in card.said
    assert "Ngày 23/09/2023 · Nguồn: Báo Long An" in card.said
    assert [round(bar.width / cards.ROOM * 18) for bar in card.bars] == [10, 8]


def test_text_from_the_data_reaches_the_card_only_as_letter_outlines(
    package: Package, assessments: tuple[Assessment, ...]
) -> None:
    hostile = '<script>&amp; "Đặ" </text>'
    grain = next(a for a in assessments if a.indicator.id == GRAIN)
    named = dataclasses.replace(grain, indicator=dataclasses.replace(grain.indicator, name_vi=hostile))
    drawing = cards.indicator_card(package, named, "vi")
    svg = cards.svg_of(drawing)
    root = ET.fromstring(svg)  # well-formed, whatever the name holds
    assert "script" not in svg and not list(root.iter(f"{SVG}text"))
    title = next(line for line in drawing.lines if line.text == hostile.strip())
    drawn = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}use") is not None]
    assert len(drawn) == len(drawing.lines)
    letters = drawn[drawing.lines.index(title)].findall(f"{SVG}use")
    assert len(letters) == len(hostile.replace(" ", ""))  # "ặ" one letter of the font, not three


def test_cards_are_drawn_once_and_then_read_from_the_cache(
    package: Package, assessments: tuple[Assessment, ...], tmp_path: Path
) -> None:
    first = cards.draw(package, assessments[:2], ["vi"], tmp_path, workers=1)
    data = first[0].image.source.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 630)
    stamps = [card.image.source.stat().st_mtime_ns for card in first]
    again = cards.draw(package, assessments[:2], ["vi"], tmp_path, workers=1)
    assert [card.image.source.stat().st_mtime_ns for card in again] == stamps
    assert [card.image.path for card in again] == [
        f"cards/vi/indicators/{a.indicator.id}.png" for a in assessments[:2]
    ] + [f"cards/vi/resolutions/{r.id}.png" for r in package.resolutions]
