"""Stage: pages. in: `PageInputs` (the package, its assessments and standings, the charts).
out: tuple[Page, ...], plain Markdown per language, written before the site engine runs.

A module per kind of page (home, resolutions, indicators, areas, places, methodology,
guide) picks what its pages show and in what order; the words live in
`locales/<language>/site.toml`, the layout in `templates/*.md.j2`, the helpers the
templates call in `helpers.py`, and `writer.py` renders them in the one template
environment, which escapes everything from the data.

A hand-written page with the same path as a generated one (docs/vi/index.md,
docs/vi/methodology.md) is the generated page's introduction: it is printed first,
as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from chitieu.pages import (
    areas,
    changes,
    data,
    developers,
    embeds,
    guide,
    home,
    indicators,
    methodology,
    places,
    quality,
    resolutions,
    series,
    sheets,
)
from chitieu.pages.inputs import DataInputs, PageInputs, ReportAddress, SiteData, edit_links
from chitieu.pages.writer import Writer
from chitieu.records import Page

__all__ = ["KINDS", "DataInputs", "PageInputs", "ReportAddress", "edit_links", "render"]

# Every kind of page, each as a module with `jobs(writer)`: the pages of one language.
KINDS = (
    home,
    resolutions,
    areas,
    methodology,
    guide,
    indicators,
    series,
    places,
    data,
    quality,
    changes,
    developers,
    embeds,
    sheets,
)


def render(
    inputs: PageInputs,
    languages: Iterable[str],
    docs: Path,
    tick: Callable[[int, int], None] | None = None,
) -> tuple[Page, ...]:
    """Every generated page in every language, sorted by language and path; `tick(done,
    total)` hears of each page as it is written (the jobs are listed first, so the total
    is exact)."""
    site = SiteData.of(inputs)
    jobs = [
        job for language in languages for kind in KINDS for job in kind.jobs(Writer(site, language, docs))
    ]
    written = []
    for done, job in enumerate(jobs, 1):
        written.append(job())
        if tick is not None:
            tick(done, len(jobs))
    return tuple(sorted(written, key=lambda p: (p.language, p.path)))
