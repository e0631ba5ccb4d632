"""Rendering drafts to SVG with vl-convert: in worker processes when there are many, each SVG
cached under the hash of its spec, and tidied so that two charts on a page never share an
id."""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from html import escape
from pathlib import Path
from typing import Any

from chitieu.charts.drafts import Draft
from chitieu.charts.specs import VEGA_LITE
from chitieu.drawing import Workers, workers_of

log = logging.getLogger(__name__)
# Below this many charts to draw, starting worker processes (~1 s each) costs more than it saves.
CHARTS_PER_WORKER = 40


# --- rendering -------------------------------------------------------------------------


def render_svgs(
    drafts: Iterable[Draft],
    count: int,
    cache_dir: Path | None,
    workers: Workers | int | None,
    tick: Callable[[int, int], None] | None = None,
) -> list[tuple[Draft, str]]:
    """Each of the `count` drafts with its finished SVG, in order: from the cache when
    there, else rendered once per distinct spec and stored.

    With many to render, worker processes (drawing.py) render each spec as soon as it is
    drafted, while this process drafts the next. The workers run vl-convert's own function
    (pickled by reference, so they import neither Altair nor chitieu). Which charts are
    not in the cache is only known as they are drafted: the first ones are rendered here,
    and the workers start only once there were `CHARTS_PER_WORKER` of them, so that a
    rebuild with a few charts to redraw (one figure edited) or none starts no worker.
    """
    pool, ours = workers_of(workers)
    ordered: list[Draft] = []
    svgs: dict[str, str] = {}  # digest -> finished SVG
    pending: dict[str, tuple[Draft, Future[str]]] = {}  # digest -> rendering in a worker
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

    try:
        convert = functools.partial(_vl_convert().vegalite_to_svg, vl_version=VEGA_LITE)
        for position, draft in enumerate(drafts):
            ordered.append(draft)
            digest = draft.digest
            if digest in svgs or digest in pending:
                one_more()
                continue
            cached = cache_dir / f"{digest}.svg" if cache_dir else None
            if cached is not None and cached.is_file():
                svgs[digest] = cached.read_text(encoding="utf-8")
                one_more()
            elif not pool.worth_it(count - position, CHARTS_PER_WORKER, drawn_here=rendered):
                svgs[digest] = _store(_render_one(draft.spec, draft.alt, digest), digest, cache_dir)
                rendered += 1
                one_more()
            else:
                future = pool.submit(convert, draft.spec)
                future.add_done_callback(one_more)
                pending[digest] = (draft, future)
                rendered += 1
        for digest, (draft, future) in pending.items():
            svgs[digest] = _store(finish_svg(future.result(), draft.alt, digest[:8]), digest, cache_dir)
    finally:
        if ours:
            pool.close()
    log.info("charts: %d rendered, %d from the cache", rendered, len(ordered) - rendered)
    return [(draft, svgs[draft.digest]) for draft in ordered]


def _store(svg: str, digest: str, cache_dir: Path | None) -> str:
    """Keep a finished SVG in the cache (written whole, then renamed: never half a file)."""
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache_dir / f"{digest}.svg.tmp"
        temporary.write_text(svg, encoding="utf-8")
        temporary.replace(cache_dir / f"{digest}.svg")
    return svg


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
