"""Rendering drafts to SVG with vl-convert: in worker processes when there are many, each SVG
cached under the hash of its spec, and tidied so that two charts on a page never share an
id."""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from html import escape
from pathlib import Path
from typing import Any

from chitieu.charts.drafts import Draft
from chitieu.charts.specs import VEGA_LITE
from chitieu.drawing import Workers, workers_of
from chitieu.records import Chart

log = logging.getLogger(__name__)
# Below this many charts to draw, starting worker processes (~1 s each) costs more than it saves.
CHARTS_PER_WORKER = 40
# Charts handed to each worker and not yet stored: enough to keep it busy while this
# process drafts the next ones, few enough that their specs and SVGs are not all in memory.
IN_FLIGHT_PER_WORKER = 16


# --- rendering -------------------------------------------------------------------------


def render_svgs(
    drafts: Iterable[Draft],
    count: int,
    cache_dir: Path,
    workers: Workers | int | None,
    tick: Callable[[int, int], None] | None = None,
) -> list[Chart]:
    """The chart of each of the `count` drafts, in order, its SVG from the cache when
    there, else rendered once per distinct spec and stored. Only the cache's files hold
    the SVGs and the specs are let go once rendered: at 14,000 targets they would take
    over 400 MB of memory.

    With many to render, worker processes (drawing.py) render each spec as soon as it is
    drafted, while this process drafts the next. The workers run vl-convert's own function
    (pickled by reference, so they import neither Altair nor chitieu). Which charts are
    not in the cache is only known as they are drafted: the first ones are rendered here,
    and the workers start only once there were `CHARTS_PER_WORKER` of them, so that a
    rebuild with a few charts to redraw (one figure edited) or none starts no worker.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    pool, ours = workers_of(workers)
    ordered: list[Chart] = []
    seen: set[str] = set()
    pending: deque[tuple[Chart, Future[str]]] = deque()  # rendering in a worker, oldest first
    rendered = 0
    finished = 0
    lock = threading.Lock()  # the workers' results arrive on the pool's own thread

    def one_more(future: Future[str] | None = None) -> None:
        nonlocal finished
        if future is not None and future.cancelled():
            return
        with lock:
            finished += 1
            if tick is not None:
                tick(finished, count)

    def store_oldest() -> None:
        chart, future = pending.popleft()
        _store(finish_svg(future.result(), chart.alt, chart.digest[:8]), chart.file)

    try:
        convert = functools.partial(_vl_convert().vegalite_to_svg, vl_version=VEGA_LITE)
        for position, draft in enumerate(drafts):
            digest = draft.digest
            chart = Chart(
                key=draft.key,
                language=draft.language,
                alt=draft.alt,
                digest=digest,
                file=cache_dir / f"{digest}.svg",
            )
            ordered.append(chart)
            if digest in seen:
                one_more()
                continue
            seen.add(digest)
            if chart.file.is_file():
                one_more()
            elif not pool.worth_it(count - position, CHARTS_PER_WORKER, drawn_here=rendered):
                _store(_render_one(draft.spec, draft.alt, digest), chart.file)
                rendered += 1
                one_more()
            else:
                future = pool.submit(convert, draft.spec)
                future.add_done_callback(one_more)
                pending.append((chart, future))
                rendered += 1
                while pending and (pending[0][1].done() or len(pending) >= IN_FLIGHT_PER_WORKER * pool.count):
                    store_oldest()
        while pending:
            store_oldest()
    finally:
        if ours:
            pool.close()
    log.info("charts: %d rendered, %d from the cache", rendered, len(ordered) - rendered)
    return ordered


def _store(svg: str, file: Path) -> None:
    """Keep a finished SVG in the cache (written whole, then renamed: never half a file)."""
    temporary = file.with_suffix(".svg.tmp")
    temporary.write_text(svg, encoding="utf-8")
    temporary.replace(file)


def _vl_convert() -> Any:
    import vl_convert

    return vl_convert


def _render_one(spec: str, alt_text: str, digest: str) -> str:
    svg = _vl_convert().vegalite_to_svg(spec, vl_version=VEGA_LITE)
    return finish_svg(svg, alt_text, digest[:8])


_ID = re.compile(r'\bid="([^"]+)"')
# Attributes and elements that only matter to an interactive Vega view or repeat a default.
_NOISE = (
    re.compile(r' (?:class|role|pointer-events|aria-[a-z]+)="[^"]*"'),
    re.compile(r' opacity="1"'),
    re.compile(r' transform="translate\(0,0\)"'),
    re.compile(r'<path d="M0,0h0v0h0Z"/>'),
    re.compile(r'<path d="" display="none"/>'),
)


def finish_svg(svg: str, alt_text: str, prefix: str) -> str:
    """Make vl-convert's SVG an accessible, self-contained, compact inline image.

    One role="img" with the text alternative as aria-label and <title> (the marks inside
    are not announced one by one); ids made unique per chart, since several charts can
    share a page; no xlink namespace; Vega's interaction hooks removed.
    """
    for old in sorted(set(_ID.findall(svg))):
        svg = svg.replace(f'id="{old}"', f'id="c{prefix}-{old}"').replace(
            f"url(#{old})", f"url(#c{prefix}-{old})"
        )
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    for pattern in _NOISE:
        svg = pattern.sub("", svg)
    label = escape(alt_text, quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" style="max-width:100%;height:auto" ', 1)
    head_end = svg.index(">") + 1
    return f"{svg[:head_end]}<title>{escape(alt_text, quote=False)}</title>{svg[head_end:]}"
