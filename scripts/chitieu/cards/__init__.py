"""Stage: cards. The picture a shared link shows on Zalo or Facebook (Open Graph,
Twitter): one 1200×630 PNG per target and per resolution, in each language.

in: Package, tuple[Assessment, ...]. out: tuple[ShareCard, ...], one per page it pictures.

A card says in words what the page's head says: whose resolution, the target's name, its
status with an icon, the latest figure with its period and date, the target, and the
source. It is an SVG written from templates/card.svg.j2, its words drawn as the outlines of
Noto Sans, the font the project installs (cards/font.py), so that the Vietnamese letters
are the same on every machine, and the status icons as shapes; vl-convert renders it to
PNG. Each PNG is cached under the hash of what it shows, so a rebuild draws only the
cards whose words changed.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2

from chitieu import assess, naming
from chitieu.cards.font import card_font, letters
from chitieu.cards.layout import wrap
from chitieu.charts.specs import GREY, INK, STATUS_COLOURS, colour_of
from chitieu.charts.words import (
    SCORECARD_PARTS,
    figure_text,
    localised,
    percent_text,
    scorecard_words,
    target_text,
)
from chitieu.drawing import Workers, workers_of
from chitieu.formatting import format_date, format_number, format_period
from chitieu.messages import translate
from chitieu.records import Assessment, FileCopy, Package, Resolution, ShareCard, Status
from chitieu.site import urls

WIDTH, HEIGHT, MARGIN = 1200, 630, 64
ROOM = WIDTH - 2 * MARGIN
MUTED = "#555555"  # 7.4:1 on white
# Below this many cards to draw, starting worker processes (drawing.py) costs more than it saves.
CARDS_PER_WORKER = 40


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text on a card, placed at its baseline."""

    x: int
    y: int
    size: int
    colour: str
    text: str


@dataclass(frozen=True, slots=True)
class Bar:
    """One part of a resolution's scorecard bar."""

    x: float
    width: float
    colour: str


@dataclass(frozen=True, slots=True)
class Drawing:
    """What one card shows, placed: the template only prints it."""

    page: str
    language: str
    band: str  # the colour of the strip along the top
    lines: tuple[Text, ...]
    said: tuple[str, ...]  # the same words whole, not cut into lines: the text alternative
    icon: str | None = None  # a records.Status value: which shape to draw before the status
    icon_colour: str = INK
    icon_at: tuple[int, int] = (0, 0)  # its centre
    bars: tuple[Bar, ...] = ()
    bar_top: int = 0

    @property
    def alt(self) -> str:
        return ". ".join(self.said)


def draw(
    package: Package,
    assessments: Sequence[Assessment],
    languages: Iterable[str],
    cache_dir: Path,
    workers: Workers | int | None = None,
    tick: Callable[[int, int], None] | None = None,
) -> tuple[ShareCard, ...]:
    """Every card in every language, drawn unless the cache holds it."""
    drawings = [
        *(indicator_card(package, a, language) for language in languages for a in assessments),
        *(resolution_card(package, r, language) for language in languages for r in package.resolutions),
    ]
    files = _render(drawings, cache_dir, workers, tick)
    return tuple(
        ShareCard(
            page=d.page,
            language=d.language,
            alt=d.alt,
            image=FileCopy(urls.share_card(d.page, d.language), file, file.stem),
        )
        for d, file in zip(drawings, files, strict=True)
    )


def _say(language: str, key: str, /, **params: object) -> str:
    return translate(language, f"cards.{key}", **params)


def _title(text: str, top: int) -> tuple[list[Text], int]:
    """The page's name in up to three lines; the next free baseline."""
    lines = [Text(MARGIN, top + i * 58, 48, INK, line) for i, line in enumerate(wrap(text, 48, ROOM, 3))]
    return lines, lines[-1].y + 24


def indicator_card(package: Package, assessment: Assessment, language: str) -> Drawing:
    indicator, resolution, latest = assessment.indicator, assessment.resolution, assessment.latest
    name, _ = localised(assessment, language)
    context = naming.resolution_short_name(resolution, language)
    lines = [Text(MARGIN, 96, 28, MUTED, wrap(context, 28, ROOM, 1)[0])]
    title, y = _title(name, 160)
    lines += title
    status = translate(language, f"status.label.{assessment.status.value}")
    lines.append(Text(MARGIN + 60, y + 56, 40, INK, wrap(status, 40, ROOM - 60, 1)[0]))
    icon_at = (MARGIN + 22, y + 42)
    y += 56 + 64
    if latest is not None and latest.value is not None:
        figure = _say(
            language,
            "indicator.latest",
            figure=figure_text(assessment, latest, language),
            period=format_period(latest.period, language),
            date=format_date(latest.as_of, language),
        )
    else:
        figure = _say(language, "indicator.no_figure")
    said = [context, name, status, figure]
    for line in wrap(figure, 30, ROOM, 2):
        lines.append(Text(MARGIN, y, 30, INK, line))
        y += 42
    percent = percent_text(assessment, latest, language) if latest is not None else None
    if percent:
        lines.append(Text(MARGIN, y, 30, INK, wrap(percent, 30, ROOM, 1)[0]))
        said.append(percent)
        y += 42
    if assessment.status is not Status.TARGET_NOT_PUBLISHED:  # else the status said it
        target = target_text(assessment, language)
        lines.append(Text(MARGIN, y, 28, INK, wrap(target, 28, ROOM, 1)[0]))
        said.append(target)
    if latest is not None:
        source = _say(language, "source", source=package.source(latest.source_id).publisher)
        lines.append(Text(MARGIN, HEIGHT - 40, 26, MUTED, wrap(source, 26, ROOM, 1)[0]))
        said.append(source)
    colour = STATUS_COLOURS[assessment.status]
    return Drawing(
        urls.indicator_page(indicator.id),
        language,
        colour,
        tuple(lines),
        tuple(said),
        icon=assessment.status.value,
        icon_colour=colour,
        icon_at=icon_at,
    )


def resolution_card(package: Package, resolution: Resolution, language: str) -> Drawing:
    card = assess.scorecard(package, resolution)
    context = _say(
        language,
        "resolution.context",
        years=naming.years(resolution, language),
        total=format_number(card.total, language),
    )
    lines = [Text(MARGIN, 96, 28, MUTED, wrap(context, 28, ROOM, 1)[0])]
    name = naming.resolution_title(resolution, language)
    title, y = _title(name, 160)
    lines += title
    bars: list[Bar] = []
    if card.statements and card.total:
        x = float(MARGIN)
        for part in SCORECARD_PARTS:
            share = ROOM * getattr(card, part) / card.total
            if share:
                bars.append(Bar(x, share, colour_of(f"part:{part}")))
            x += share
        words = " · ".join(scorecard_words(card, language).values())
        assert card.as_of is not None
        footer = _say(
            language,
            "resolution.latest",
            date=format_date(card.as_of, language),
            source=package.source(card.statements[0].source_id).publisher,
        )
    else:
        words, footer = _say(language, "resolution.no_report"), ""
    bar_top = y
    y += 110 if bars else 30
    for line in wrap(words, 34, ROOM, 2):
        lines.append(Text(MARGIN, y, 34, INK, line))
        y += 46
    said = [context, name, words]
    if footer:
        lines.append(Text(MARGIN, HEIGHT - 40, 26, MUTED, wrap(footer, 26, ROOM, 1)[0]))
        said.append(footer)
    return Drawing(
        urls.resolution_page(resolution.id),
        language,
        colour_of("part:met"),
        tuple(lines),
        tuple(said),
        bars=tuple(bars),
        bar_top=bar_top,
    )


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("chitieu", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("card.svg.j2")


@dataclass(frozen=True, slots=True)
class _Run:
    """One line as the font's outlines: each letter's key and where it starts."""

    y: int
    colour: str
    scale: str  # px per font unit
    letters: tuple[tuple[str, float], ...]


def svg_of(drawing: Drawing) -> str:
    """The card as SVG: its words as the font's letter outlines, each defined once."""
    font = card_font()
    outlines: dict[str, str] = {}
    runs = []
    for line in drawing.lines:
        x, placed = float(line.x), []
        for character in letters(line.text):
            glyph = font.glyph(character)
            if glyph.outline:
                outlines.setdefault(glyph.key, glyph.outline)
                placed.append((glyph.key, round(x, 1)))
            x += glyph.advance * line.size
        runs.append(_Run(line.y, line.colour, f"{line.size / font.units:.6f}", tuple(placed)))
    return _template().render(
        card=drawing,
        width=WIDTH,
        height=HEIGHT,
        margin=MARGIN,
        room=ROOM,
        grey=GREY,
        outlines=outlines,
        runs=runs,
    )


# --- rendering -------------------------------------------------------------------------


@cache
def _renderer() -> Any:
    import vl_convert

    return vl_convert


# Bump when svg_of changes how a drawing becomes SVG, so that no cached card is reused.
SVG_VERSION = "1"
# Cards being drawn by each worker at once: enough to keep it busy, few enough that only
# they, not all of a big site's cards, are in memory as SVG.
IN_FLIGHT_PER_WORKER = 16


@cache
def _made_with() -> str:
    """What else than its drawing a card's pixels depend on: the template, the font, the renderer."""
    template = _template().filename
    assert template is not None
    parts = [f"{name} {version(name)}" for name in ("vl-convert-python", "fontpkg-noto-sans", "fonttools")]
    return "\0".join([SVG_VERSION, *parts, Path(template).read_text(encoding="utf-8")])


def _digest(drawing: Drawing) -> str:
    """The card's cache key: what it shows (its placed lines, icon, bars) and how it is made,
    known without writing its SVG."""
    return hashlib.sha256(f"{_made_with()}\0{drawing!r}".encode()).hexdigest()


def _render(
    drawings: Sequence[Drawing],
    cache_dir: Path,
    workers: Workers | int | None,
    tick: Callable[[int, int], None] | None,
) -> list[Path]:
    """The PNG file of each drawing, in order: from the cache when there, else drawn and
    stored (written whole, then renamed: never half a file). Each SVG is written when its
    card is drawn and dropped when it is done."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    files = [cache_dir / f"{_digest(d)}.png" for d in drawings]
    missing = {file: d for file, d in zip(files, drawings, strict=True) if not file.is_file()}
    done = len(files) - len(missing)

    def store(file: Path, png: bytes) -> None:
        nonlocal done
        temporary = file.with_suffix(".png.tmp")
        temporary.write_bytes(png)
        temporary.replace(file)
        done += 1
        if tick is not None:
            tick(done, len(files))

    renderer = _renderer()
    pool, ours = workers_of(workers)
    if not pool.worth_it(len(missing), CARDS_PER_WORKER):
        for file, drawing in missing.items():
            store(file, renderer.svg_to_png(svg_of(drawing)))
        return files
    try:
        pending: deque[tuple[Path, Future[bytes]]] = deque()
        for file, drawing in missing.items():
            pending.append((file, pool.submit(renderer.svg_to_png, svg_of(drawing))))
            if len(pending) >= IN_FLIGHT_PER_WORKER * pool.count:
                first, future = pending.popleft()
                store(first, future.result())
        for file, future in pending:
            store(file, future.result())
    finally:
        if ours:
            pool.close()
    return files
