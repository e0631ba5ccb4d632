"""Stage: charts. Charts drawn at build time, so that they show with JavaScript off.

in: Package, tuple[Assessment, ...]. out: tuple[Chart, ...]: per language, one chart per
indicator ("indicator/<id>"), one per resolution ("resolution/<id>") and "home".

Each chart is an Altair (Vega-Lite) spec rendered to inline SVG by vl-convert, with a
text alternative that states its numbers. Labels on the marks are formatted by
`formatting.py`, so the chart says exactly what the page's text says; the axes use the
page's locale through `configure(locale=...)`. The rendered SVG is cached under the
sha256 of its spec, so a rebuild with unchanged data renders nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from altair.utils.schemapi import debug_mode

from chitieu import assess
from chitieu.charts.drafts import Draft, home_draft, indicator_draft, resolution_draft, scorecard_draft
from chitieu.charts.series import series_draft
from chitieu.charts.svg import render_svgs
from chitieu.drawing import Workers
from chitieu.records import Assessment, Chart, FileCopy, Package, Resolution
from chitieu.site import urls

__all__ = ["Draft", "draft_jobs", "files", "render"]


def render(
    package: Package,
    assessments: Sequence[Assessment],
    languages: Iterable[str] = ("vi", "en"),
    *,
    cache_dir: Path,
    workers: Workers | int | None = None,
    tick: Callable[[int, int], None] | None = None,
    home: Resolution | None = None,
) -> tuple[Chart, ...]:
    """Every chart of the site, in each language, its SVG a file in `cache_dir`: from there
    when it is already, else rendered. `tick(done, total)` hears of each chart as it is
    finished."""
    jobs = [job for language in languages for job in draft_jobs(package, assessments, home, language)]
    # Altair checks every piece against the schema as it is built (~10 ms a chart, more
    # than rendering it); the tests validate the finished specs instead.
    with debug_mode(False):
        return tuple(render_svgs((job() for job in jobs), len(jobs), cache_dir, workers, tick))


def draft_jobs(
    package: Package, assessments: Sequence[Assessment], home: Resolution | None, language: str
) -> list[Callable[[], Draft]]:
    """The charts of one language, each as the call that drafts it (home, then resolutions,
    then indicators, in package order): counted before any is drafted, and drafted one at
    a time, so that the first can render while the others are still drafted."""
    return [
        functools.partial(home_draft, home, assessments, language),
        *(functools.partial(resolution_draft, package, r, language) for r in package.resolutions),
        *(functools.partial(scorecard_draft, package, r, language) for r in package.resolutions),
        *(functools.partial(indicator_draft, a, language) for a in assessments),
        *(
            functools.partial(series_draft, key, members, language)
            for key, members in _series(package, assessments)
        ),
    ]


def _series(package: Package, assessments: Sequence[Assessment]) -> list[tuple[str, list[Assessment]]]:
    """The series with more than one member: only they get a chart of their own."""
    by_id = {a.indicator.id: a for a in assessments}
    return [
        (key, [by_id[i.id] for i in members])
        for key, members in assess.series_of(package).items()
        if len(members) > 1
    ]


def files(rendered: Iterable[Chart]) -> tuple[FileCopy, ...]:
    """Each chart as an SVG file of its own, for an article to use (linked from its page)."""
    return tuple(FileCopy(urls.chart_file(c.key, c.language), c.file, c.digest) for c in rendered)
